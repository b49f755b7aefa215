import sys
from pathlib import Path

# let tests import book_layout.py, which sits next to them
sys.path.insert(0, str(Path(__file__).resolve().parent))

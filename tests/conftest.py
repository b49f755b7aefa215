import sys
from pathlib import Path

# let tests import book_layout.py, which sits next to them
sys.path.insert(0, str(Path(__file__).resolve().parent))

import os  # noqa: E402

# `make unit` sets MIXTURE_BOOK_OFFLINE=1: the unit tests run with the network blocked too
if os.environ.get("MIXTURE_BOOK_OFFLINE") == "1":
    import mixture_tools

    mixture_tools.block_network()

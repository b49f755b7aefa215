"""Convert the MyST notebooks listed in _toc.yml to .ipynb with jupytext.

    python -m tools.build.convert_notebooks OUTDIR [notebooks/NAME.md ...]

The .md files stay the only source; OUTDIR (``ipynb/``, git-ignored) holds
plain notebooks for tests/test_notebooks.py and for readers without jupytext. OUTDIR must not
be under a dot, ``build`` or ``_build`` folder, which pytest does not collect.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext

from tools.build.book_layout import ROOT, toc_notebooks


def convert(outdir: Path, sources: list[Path]) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sources:
        if not src.exists():
            raise SystemExit(f"{src} does not exist")
        target = outdir / f"{src.stem}.ipynb"
        notebook = jupytext.read(src)
        jupytext.write(notebook, target, fmt="ipynb")
        written.append(target)
    return written


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    outdir = (ROOT / argv[0]).resolve()
    sources = [(ROOT / a).resolve() for a in argv[1:]] or toc_notebooks()
    if not argv[1:]:
        # drop copies of pages that are no longer in the table of contents
        for stale in outdir.glob("*.ipynb"):
            if stale.stem not in {s.stem for s in sources}:
                stale.unlink()
    for path in convert(outdir, sources):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Where the book's pages are: read from _toc.yml, shared by the build tools, the benchmarks and the tests."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TOC = ROOT / "_toc.yml"
NOTEBOOK_DIR = ROOT / "notebooks"


def toc_files() -> list[str]:
    """Every ``file:`` entry of _toc.yml (root first), without suffix."""
    toc = yaml.safe_load(TOC.read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def toc_notebooks() -> list[Path]:
    """The MyST notebooks listed in _toc.yml, in reading order."""
    return [ROOT / f"{f}.md" for f in toc_files() if f.startswith("notebooks/")]

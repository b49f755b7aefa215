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


def figure_cells(notebook) -> list[int]:
    """Indexes of the code cells that the website shows as numbered figures: those with
    ``mystnb: figure`` metadata. Each must display exactly one image in a notebook."""
    return [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and cell.metadata.get("mystnb", {}).get("figure")
    ]


def displayed_images(cell) -> int:
    """How many images an executed code cell displays."""
    return sum(
        1
        for out in cell.get("outputs", [])
        if out.get("output_type") in ("display_data", "execute_result")
        and any(mime.startswith("image/") for mime in out.get("data", {}))
    )


def stderr_text(cell) -> str | None:
    """What an executed code cell wrote to stderr (a warning, a log message), or None."""
    texts = [out.get("text", "") for out in cell.get("outputs", [])
             if out.get("output_type") == "stream" and out.get("name") == "stderr"]
    return "".join(texts) if texts else None

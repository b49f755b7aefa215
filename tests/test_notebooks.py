"""Every chapter runs as a plain notebook, the way a student runs it.

`make ipynb` writes a plain copy of each chapter into ipynb/; this test executes each copy with
`jupyter nbconvert --execute` (no myst-nb, no website) into ipynb/executed/ and fails on an
error, on any stderr output, and on a figure the notebook does not show: a code cell with
figure metadata (``mystnb: figure``, which the website numbers and captions) must display
exactly one image, and no other cell may display one. No output may be a myst-nb glue record,
which a notebook front end does not display. `make test-notebooks` runs it; the website's side
(one numbered figure per such cell) is checked in tests/test_site.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.build.book_layout import ROOT, displayed_images, figure_cells, stderr_text, toc_notebooks

pytestmark = pytest.mark.notebook
COPIES = ROOT / "ipynb"
EXECUTED = COPIES / "executed"
TIMEOUT = int(os.environ.get("NB_TIMEOUT", "900"))
CHAPTERS = toc_notebooks()
GLUE_RECORD = "application/papermill.record"


def check_executed(notebook) -> list[str]:
    """What is wrong with an executed notebook, as sentences (empty when nothing is)."""
    problems = []
    figures = set(figure_cells(notebook))
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            if any(mime.startswith(GLUE_RECORD) for mime in out.get("data", {})):
                problems.append(f"cell {i} glues an output that a notebook does not show")
        if (text := stderr_text(cell)) is not None:
            problems.append(f"cell {i} writes to stderr: {text[:300]!r}")
        images = displayed_images(cell)
        if i in figures and images != 1:
            problems.append(f"cell {i} is a figure of the website but displays {images} images")
        if i not in figures and images:
            problems.append(f"cell {i} displays {images} images without figure metadata")
    return problems


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_runs_as_a_notebook_and_shows_its_figures(chapter: Path):
    copy = COPIES / f"{chapter.stem}.ipynb"
    if not copy.exists():
        pytest.fail(f"no {copy.relative_to(ROOT)}: run make ipynb (make test-notebooks does)")
    EXECUTED.mkdir(exist_ok=True)
    jupyter = Path(sys.executable).parent / "jupyter"
    run = subprocess.run(
        [str(jupyter), "nbconvert", "--to", "notebook", "--execute",
         f"--ExecutePreprocessor.timeout={TIMEOUT}", "--output-dir", str(EXECUTED), str(copy)],
        cwd=COPIES, capture_output=True, text=True,
    )
    assert run.returncode == 0, f"nbconvert failed on {copy.name}:\n{run.stderr[-3000:]}"
    executed = nbformat.read(EXECUTED / copy.name, as_version=4)
    problems = check_executed(executed)
    assert not problems, f"{chapter.name}:\n" + "\n".join(problems)
    assert figure_cells(executed), f"{chapter.name} has no figure"

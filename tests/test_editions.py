"""The student and instructor's editions (tools/build/editions.py, `make student`, `make instructor`).

The first tests need only the chapters' sources. The tests marked `site` read the built
editions in _build/student and _build/instructor; they are skipped when an edition is not
built, unless REQUIRE_SITE=1 (as in `make test-site`, which builds both).
"""

from __future__ import annotations

import html
import re

import jupytext
import nbformat
import pytest

from tests.test_book_structure import _code, _names
from tests.test_browser import _require
from tools.build.book_layout import ROOT, toc_notebooks
from tools.build.editions import open_solutions, solution_blocks, strip_solutions, with_outputs

CHAPTERS = toc_notebooks()

EXAMPLE = """\
:::{exercise} Two
:label: ex-two

**(Warm-up, conceptual.)** Why?
:::

:::{solution-start} ex-two
:class: dropdown
:::

Because of the *answer text*.

```{code-cell} ipython3
answer = 42


def spaced():
    return answer
```

:::{solution-end}
:::

## References
"""


def test_strip_solutions_keeps_the_statement_and_drops_the_whole_solution():
    student = strip_solutions(EXAMPLE)
    assert "**(Warm-up, conceptual.)** Why?" in student
    assert "answer" not in student and "solution" not in student
    assert student.endswith(":::\n\n## References\n")


def test_open_solutions_removes_only_the_collapse():
    key = open_solutions(EXAMPLE)
    assert ":class: dropdown" not in key
    assert key == EXAMPLE.replace(":class: dropdown\n", "")


def test_with_outputs_takes_each_cells_outputs_from_the_executed_chapter():
    executed = jupytext.reads(EXAMPLE.replace("ex-two", "ex-one"), fmt="md:myst")
    executed.cells.insert(0, nbformat.v4.new_code_cell("first = 1"))
    for number, cell in enumerate(c for c in executed.cells if c.cell_type == "code"):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"cell {number}\n")]
    notebook = with_outputs(EXAMPLE, executed)
    [code] = [c for c in notebook.cells if c.cell_type == "code"]
    assert code.outputs[0]["text"] == "cell 1\n"  # spaced lines of code are kept as they are


def test_with_outputs_refuses_a_cell_the_executed_chapter_does_not_have():
    with pytest.raises(ValueError, match="no executed cell"):
        with_outputs(EXAMPLE, nbformat.v4.new_notebook())


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_a_student_notebook_runs_without_the_solutions(chapter):
    # Names that only a solution defines must not be read by the cells a student keeps.
    text = chapter.read_text(encoding="utf-8")
    solution_code = set()
    for block in solution_blocks(text):
        for cell in jupytext.reads(block, fmt="md:myst").cells:
            if cell.cell_type == "code":
                solution_code |= _names(_code(cell))[0]
    student = strip_solutions(text)
    kept_defined, kept_read = set(), set()
    for cell in jupytext.reads(student, fmt="md:myst").cells:
        if cell.cell_type == "code":
            defined, read = _names(_code(cell))
            kept_read |= read - kept_defined
            kept_defined |= defined
    assert "{solution-" not in student
    assert not (solution_code - kept_defined) & kept_read


# --- the built editions ---------------------------------------------------------------------

def _edition(name):
    folder = ROOT / "_build" / name / "html"
    _require((folder / "index.html").exists(), f"no {name} edition in {folder}: run make {name}")
    return folder


def _page_text(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _solution_lines(chapter):
    """Lines of a chapter's solutions long enough to be their own (code and prose), and not
    also in the chapter outside its solutions."""
    text = chapter.read_text(encoding="utf-8")
    elsewhere = " ".join(strip_solutions(text).split())
    lines = set()
    for block in solution_blocks(text):
        lines |= {line.strip() for line in block.splitlines()
                  if len(line.strip()) > 40 and not line.startswith((":::", "```", "#", "%"))}
    return {line for line in lines if " ".join(line.split()) not in elsewhere}


@pytest.mark.site
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_student_edition_has_no_solution_text(chapter):
    student = _edition("student")
    page = student / "notebooks" / f"{chapter.stem}.html"
    assert 'class="solution' not in page.read_text(encoding="utf-8")
    text = " ".join(_page_text(page).split())
    leaked = [line for line in _solution_lines(chapter) if " ".join(_strip_markup(line).split()) in text]
    assert not leaked, f"solution text on the student page: {leaked[:3]}"
    # what students download and what they open in JupyterLab: the same cells, no solution
    download = student / "_sources" / "notebooks" / f"{chapter.stem}.ipynb"
    opened = student.parent / "notebooks" / chapter.name
    assert "{solution-" not in download.read_text() and "{solution-" not in opened.read_text()
    assert [c.source for c in nbformat.read(download, as_version=4).cells if c.cell_type == "code"] == \
        [c.source for c in jupytext.read(opened).cells if c.cell_type == "code"]


def _strip_markup(line):
    """A source line as the page shows it, roughly: without MyST roles, math and emphasis."""
    line = re.sub(r"\{[a-z:]+\}`([^`<]*)(<[^>]*>)?`", r"\1", line)
    return re.sub(r"[*`$]", "", line)


@pytest.mark.site
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_instructors_edition_shows_every_solution_open(chapter):
    page = (_edition("instructor") / "notebooks" / f"{chapter.stem}.html").read_text(encoding="utf-8")
    assert page.count('class="solution admonition"') == len(solution_blocks(chapter.read_text()))
    assert 'class="solution dropdown' not in page

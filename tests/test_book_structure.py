"""The book's structure: table of contents, page shape, citations."""

from __future__ import annotations

import ast
import builtins
import re

import jupytext
import pytest

from tools.build.book_layout import NOTEBOOK_DIR, ROOT, toc_files, toc_notebooks

CHAPTERS = sorted(NOTEBOOK_DIR.glob("*.md"))


def test_toc_and_notebooks_folder_agree():
    listed = {p.resolve() for p in toc_notebooks()}
    present = {p.resolve() for p in CHAPTERS}
    assert present - listed == set(), f"notebooks not in _toc.yml: {sorted(present - listed)}"
    assert listed - present == set(), f"_toc.yml lists missing notebooks: {sorted(listed - present)}"


def test_every_toc_entry_exists():
    missing = [f for f in toc_files() if not (ROOT / f"{f}.md").exists()]
    assert missing == [], f"_toc.yml lists files that do not exist: {missing}"


def test_no_committed_ipynb_in_notebooks():
    assert list(NOTEBOOK_DIR.glob("*.ipynb")) == [], "the .md files are the only source"


def _cells(path):
    return jupytext.read(path)["cells"]


def _hidden(cell):
    """A cell the website does not show: the page's hidden checks and glue."""
    return "remove-cell" in cell["metadata"].get("tags", [])


@pytest.fixture(params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request):
    return request.param


def test_chapter_is_a_myst_notebook_with_label_and_one_title(chapter):
    text = chapter.read_text()
    assert text.startswith("---\njupytext:"), "front matter must be jupytext MyST"
    assert "kernelspec:" in text.split("---")[1]
    assert re.search(r"^\([a-z0-9-]+\)=\n# ", text, re.M), "needs a (label)= target right before the # title"
    markdown = "\n".join(c["source"] for c in _cells(chapter) if c["cell_type"] == "markdown")
    assert len(re.findall(r"^# ", markdown, re.M)) == 1, "exactly one # title"


def test_chapter_opens_with_learning_goals_and_shared_import(chapter):
    cells = _cells(chapter)
    assert "What you will learn" in "".join(c["source"] for c in cells[:3])
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert first_code["source"].startswith("import mixture_tools as mt"), (
        "the first code line of every page imports the helper package (it configures the libraries)"
    )
    assert "mt.book_seed()" in first_code["source"]


def test_chapter_has_hidden_checks(chapter):
    hidden = [c for c in _cells(chapter) if _hidden(c)]
    assert any("assert" in c["source"] for c in hidden), "every page asserts its claims in remove-cell cells"
    # mt.glue_md glues a sentence built from the results (the helper package's wrapper of glue)
    silent = [c["source"][:60] for c in hidden
              if not any(word in c["source"] for word in ("assert", "glue(", "glue_md("))]
    assert not silent, f"a hidden cell must check a claim or glue a number or sentence: {silent}"


# The longest code line a reader sees (PEP 8): at 13 px (book/_static/book.css) it fits the
# code box of a 1280-px-wide window; tests/test_browser.py checks the rendered boxes themselves.
MAX_CODE_LINE = 79


def test_shown_code_fits_the_code_box(chapter):
    too_long = [
        f"{len(line)} characters: {line.strip()[:50]}"
        for cell in _cells(chapter)
        if cell["cell_type"] == "code" and not _hidden(cell)
        for line in cell["source"].splitlines()
        if len(line) > MAX_CODE_LINE
    ]
    assert not too_long, f"shown code lines over {MAX_CODE_LINE} characters: {too_long}"


def _code(cell):
    """A code cell's Python, without IPython magics (``%watermark``)."""
    lines = cell["source"].splitlines()
    return ast.parse("\n".join(line for line in lines if not line.lstrip().startswith(("%", "!"))))


def _is_figure(node):
    """`fig`, `fig_trace`, `axes[0].figure`: what a figure glue passes."""
    return (isinstance(node, ast.Name) and node.id.startswith("fig")) or (
        isinstance(node, ast.Attribute) and node.attr == "figure"
    )


def _called_name(call):
    """`glue` for ``glue(...)`` and ``mt.glue_md(...)`` alike: the name of what is called."""
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def test_shown_code_leaves_glue_to_hidden_cells(chapter):
    # Gluing numbers and sentences for the prose is bookkeeping, not method: it goes in a
    # remove-cell cell right after the result. A figure is glued where it is drawn, because
    # the plotting cell must also close it (else the page would show it twice).
    shown_glue = [
        f"line {node.lineno}: {ast.unparse(node)[:60]}"
        for cell in _cells(chapter)
        if cell["cell_type"] == "code" and not _hidden(cell)
        for node in ast.walk(_code(cell))
        if isinstance(node, ast.Call) and _called_name(node) in ("glue", "glue_md")
        and not (_called_name(node) == "glue" and len(node.args) > 1 and _is_figure(node.args[1]))
    ]
    assert not shown_glue, f"glue of a number or sentence in a shown cell: {shown_glue}"


def _names(tree):
    """Names a cell defines, and names it reads."""
    defined, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else defined).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return defined, read


def test_shown_code_uses_no_name_from_a_hidden_cell(chapter):
    # A website reader sees only the shown cells: they must make sense without the hidden ones.
    shown, hidden_only, problems = set(dir(builtins)), set(), []
    for cell in _cells(chapter):
        if cell["cell_type"] != "code":
            continue
        defined, read = _names(_code(cell))
        if _hidden(cell):
            hidden_only |= defined - shown
            continue
        if missing := sorted((read - defined) & hidden_only - shown):
            problems.append(f"{cell['source'][:40]!r} uses {missing}")
        shown |= defined
    assert not problems, f"shown cells use names that only hidden cells define: {problems}"


def test_chapter_has_graded_exercises_with_gated_solutions(chapter):
    text = chapter.read_text()
    labels = re.findall(r":::\{exercise\}[^\n]*\n:label: (\S+)", text)
    assert len(labels) >= 3, f"{chapter.name} has {len(labels)} exercises, needs at least 3"
    for label in labels:
        assert f"{{solution-start}} {label}" in text, f"exercise {label} has no gated solution"
    statements = re.findall(r":::\{exercise\}[^\n]*\n(?::[a-z]+:[^\n]*\n)*", text)
    assert not any(":class: dropdown" in st for st in statements), "exercise statements stay visible; only solutions collapse"
    levels = re.findall(r"\*\*\((Warm-up|Core|Stretch)\.\)\*\*", text)
    assert len(levels) >= len(labels), "every exercise starts with its difficulty: (Warm-up.), (Core.) or (Stretch.)"


def test_chapter_ends_with_summary_references_and_watermark(chapter):
    text = chapter.read_text()
    assert "## Summary" in text
    assert "```{footbibliography}" in text
    last_code = [c for c in _cells(chapter) if c["cell_type"] == "code"][-1]
    assert "%watermark" in last_code["source"], "the watermark is the last code cell"


@pytest.mark.parametrize("page", sorted(ROOT.glob("book/*.md")) + CHAPTERS, ids=lambda p: p.stem)
def test_pages_that_cite_list_their_sources(page):
    # _config.yml silences MyST's footnote check because of {footcite}; this test replaces it.
    text = page.read_text()
    if "{footcite" in text:
        assert "```{footbibliography}" in text, f"{page.name} cites but has no footbibliography"
    assert "{cite:" not in text, "chapters cite with {footcite:t}/{footcite:p} (one bibliography per page)"


def test_cited_keys_exist_in_bibliography():
    bib = (ROOT / "book" / "references.bib").read_text()
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    assert len(keys) == len(re.findall(r"^@\w+\{", bib, re.M)), "duplicate keys in references.bib"
    for page in [*ROOT.glob("book/*.md"), *CHAPTERS]:
        for group in re.findall(r"\{footcite:?[tp]?\}`([^`]+)`", page.read_text()):
            for key in group.split(","):
                assert key.strip() in keys, f"{page.name} cites unknown key {key.strip()!r}"


@pytest.mark.parametrize("page", sorted(ROOT.glob("book/*.md")) + CHAPTERS, ids=lambda p: p.stem)
def test_cross_references_use_labels_not_paths(page):
    links = re.findall(r"\]\(([^)]+)\)", page.read_text())
    internal = [link for link in links if not link.startswith(("http://", "https://", "mailto:"))]
    assert internal == [], f"{page.name} links by path; use {{ref}}/{{doc}} labels: {internal}"

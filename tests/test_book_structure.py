"""The book's structure: table of contents, page shape, citations."""

from __future__ import annotations

import ast
import builtins
import re

import jupytext
import pytest

from tools.build.book_layout import NOTEBOOK_DIR, ROOT, toc_files, toc_notebooks

MARKER = "% the website lists this page's sources here"  # book/_ext/chapter_sources.py

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
    """A cell the website does not show: the page's hidden checks."""
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
    for cell in hidden:
        first = cell["source"].lstrip().splitlines()[0]
        assert "assert" in cell["source"], f"a hidden cell checks a claim: {first[:60]!r}"
        # JupyterLab collapses the cell; its first line says what it checks
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, (
            f"hidden cell {first[:60]!r} lacks `jupyter: {{source_hidden: true}}`")
        assert first.startswith("#"), f"a hidden cell starts with a comment saying what it checks: {first[:60]!r}"


# Hidden checks are bookkeeping a student scrolls past in JupyterLab: they stay a small part
# of the code (issue 39).
MAX_HIDDEN_SHARE = 0.20


def _code_lines(cell):
    return sum(1 for line in cell["source"].splitlines() if line.strip())


def test_hidden_checks_are_a_small_share_of_the_code(chapter):
    code = [c for c in _cells(chapter) if c["cell_type"] == "code"]
    hidden = sum(_code_lines(c) for c in code if _hidden(c))
    share = hidden / sum(_code_lines(c) for c in code)
    assert share < MAX_HIDDEN_SHARE, f"hidden checks are {share:.0%} of the code lines"


def test_chapter_uses_no_glue(chapter):
    # Glued numbers show as their keys in JupyterLab, and glued outputs not at all: the number a
    # reader needs is in a visible output, and the sentence says what it shows in words that
    # hold under every seed (CONTRIBUTING.md, "Adding a chapter").
    text = chapter.read_text()
    for pattern in (r"\{glue(:\w+)?\}", r"\bglue(_md)?\(", r"from myst_nb import glue"):
        found = re.findall(pattern, text)
        assert not found, f"{chapter.name} uses glue ({pattern}): {len(found)} times"


def _figure_metadata(cell):
    return cell["metadata"].get("mystnb", {})


def test_every_figure_is_shown_by_the_cell_that_draws_it(chapter):
    # myst-nb numbers and captions a code cell's output from the cell's metadata; the same cell
    # shows the figure in any notebook front end (tests/test_notebooks.py counts the images).
    problems = []
    for cell in _cells(chapter):
        if cell["cell_type"] != "code" or _hidden(cell):
            continue
        meta = _figure_metadata(cell)
        draws = "plt.show()" in cell["source"]
        figure = meta.get("figure", {})
        if draws and not (figure.get("caption") and figure.get("name")):
            problems.append(f"{cell['source'][:40]!r} shows a figure without a caption and a name")
        if figure and not draws:
            problems.append(f"figure {figure.get('name')} is not shown by its cell (plt.show())")
        if draws and not meta.get("image", {}).get("alt"):
            problems.append(f"figure {figure.get('name')} has no alt text")
        if figure.get("name") and not figure["name"].startswith("fig-"):
            problems.append(f"figure name {figure['name']!r} does not start with fig-")
    assert not problems, "; ".join(problems)


def test_helper_code_is_shown_by_a_cell_not_a_directive(chapter):
    # JupyterLab renders nothing for {literalinclude}; mt.show_source displays the code in both
    assert "{literalinclude}" not in chapter.read_text(), "show helper code with mt.show_source"


def test_cross_references_carry_their_own_text(chapter):
    # JupyterLab cannot resolve a label to the title of another page: {ref}`label` shows the bare
    # label there, {ref}`words <label>` shows the words.
    bare = re.findall(r"\{ref\}`([^`<]+)`", chapter.read_text())
    assert not bare, f"{{ref}} without its own text: {bare}"


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


# An exercise statement opens with its level (what it needs) and its kind (what it trains).
EXERCISE_TAG = r"\*\*\((Warm-up|Core|Stretch), (conceptual|derivation|from scratch|applied)\.\)\*\*"


def test_chapter_has_graded_exercises_with_gated_solutions(chapter):
    text = chapter.read_text()
    labels = re.findall(r":::\{exercise\}[^\n]*\n:label: (\S+)", text)
    untitled = re.findall(r":::\{exercise\}\s*\n:label: (\S+)", text)
    assert not untitled, f"exercises without a title (links to them need one): {untitled}"
    assert len(labels) >= 3, f"{chapter.name} has {len(labels)} exercises, needs at least 3"
    for label in labels:
        assert f"{{solution-start}} {label}" in text, f"exercise {label} has no gated solution"
    statements = re.findall(r":::\{exercise\}[^\n]*\n(?::[a-z]+:[^\n]*\n)*", text)
    assert not any(":class: dropdown" in st for st in statements), "exercise statements stay visible; only solutions collapse"
    tags = re.findall(EXERCISE_TAG, text)
    assert len(tags) >= len(labels), \
        "every exercise starts with its level and kind, e.g. **(Warm-up, conceptual.)**"
    kinds = {kind for _, kind in tags}
    assert {"conceptual", "derivation", "from scratch"} <= kinds, \
        f"{chapter.name} needs a conceptual, a derivation and a from-scratch exercise; has {sorted(kinds)}"


def test_chapter_ends_with_summary_references_and_watermark(chapter):
    text = chapter.read_text()
    assert "## Summary" in text
    assert "## References" in text
    last_code = [c for c in _cells(chapter) if c["cell_type"] == "code"][-1]
    assert "%watermark" in last_code["source"], "the watermark is the last code cell"


@pytest.mark.parametrize("page", sorted(ROOT.glob("book/*.md")) + CHAPTERS, ids=lambda p: p.stem)
def test_pages_that_cite_list_their_sources(page):
    # _config.yml silences MyST's footnote check because of {footcite}; this test replaces it.
    # A chapter holds the marker comment that book/_ext/chapter_sources.py turns into the list
    # on the website ({footbibliography} would show as an error box in JupyterLab).
    text = page.read_text()
    if "{footcite" in text:
        if page in CHAPTERS:
            assert f"\n{MARKER}\n" in text, f"{page.name} cites but lacks the line {MARKER!r}"
            assert "{footbibliography}" not in text, "a chapter lists its sources through the marker"
        else:
            assert "```{footbibliography}" in text, f"{page.name} cites but has no footbibliography"
    assert "{cite:" not in text, "pages cite with {footcite:t}/{footcite:p} (one bibliography per page)"


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

"""Checks of the built website in _build/html (run by `make test-site` after `make book`).

Without a built site these tests are skipped, unless REQUIRE_SITE=1 (as in CI),
where a missing site is a failure.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest

from tools.build.book_layout import ROOT, displayed_images, figure_cells, toc_files, toc_notebooks

pytestmark = pytest.mark.site
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (HTML / "index.html").exists():
        if os.environ.get("REQUIRE_SITE") == "1":
            pytest.fail("_build/html is missing: run make book first")
        pytest.skip("no built site; run make book, then make test-site")


class _OutputText(HTMLParser):
    """Collect the text inside executed cell outputs (div.cell_output)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # >0 while inside a cell_output div
        self.chunks: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "div":
            if self.depth:
                self.depth += 1
            elif "cell_output" in cls.split():
                self.depth = 1
        if self.depth:
            self.classes.append(cls)

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chunks.append(data)


def _outputs(page):
    parser = _OutputText()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.chunks), " ".join(parser.classes)


PAGES = [HTML / f"{f}.html" for f in toc_files()]
CHAPTER_PAGES = [HTML / f"notebooks/{p.stem}.html" for p in toc_notebooks()]
ids = lambda p: p.stem  # noqa: E731

DEBRIS = {
    "traceback": re.compile(r"Traceback \(most recent call last\)|\w+Error: "),
    "warning": re.compile(r"\b\w*Warning\b|WARNING"),
    "progress bar": re.compile(r"\d+%\|[^\n]*\||it/s\]|█|━━|Sampling \d+ chains|Progress *\|"),
    "log line": re.compile(r"\[IPKernelApp\]|^INFO|Auto-assigning NUTS", re.M),
}


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_page_was_built(page):
    assert page.exists(), f"{page.relative_to(ROOT)} is missing"


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_no_tracebacks_warnings_or_progress_bars_in_outputs(page):
    text, classes = _outputs(page)
    assert "stderr" not in classes, f"{page.name} shows stderr output"
    assert "traceback" not in classes, f"{page.name} shows an error output"
    for what, pattern in DEBRIS.items():
        match = pattern.search(text)
        assert match is None, f"{page.name} shows {what} in an output: {match.group(0)!r}"


@pytest.mark.parametrize("page", CHAPTER_PAGES, ids=ids)
def test_chapter_page_has_the_reader_features(page):
    html = page.read_text(encoding="utf-8")
    assert "What you will learn" in html
    assert re.search(r'<span class="caption-number">Fig\. \d+\.\d+', html), "no numbered figure"
    assert "mybinder.org" in html, "no Binder launch button"
    assert re.search(r'class="[^"]*btn-download', html), "no download button"
    assert 'class="footnote-list"' in html or "footnote" in html, "no bibliography"
    assert "Watermark:" in html, "no watermark"
    assert "solution" in html and "exercise" in html


class _ProseText(HTMLParser):
    """Collect the visible text outside code, scripts and typeset math."""

    SKIP = {"pre", "code", "script", "style"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}  # elements without an end tag

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: does it (or an ancestor) hide its text?
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        hidden = bool(self.stack and self.stack[-1]) or tag in self.SKIP or "math" in cls
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag):
        if self.stack and tag not in self.VOID:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


RAW_TEX = re.compile(r"\$[^$\s][^$\n]{0,80}?\$")


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_no_raw_tex_in_prose(page):
    """Math that was not typeset (for example $k$ inside a glued Markdown string, or in a
    bibliography title) shows up as literal dollar signs in the text."""
    parser = _ProseText()
    parser.feed(page.read_text(encoding="utf-8"))
    match = RAW_TEX.search(" ".join(parser.chunks))
    assert match is None, f"{page.name} shows untypeset TeX: {match.group(0)!r}"


class _Images(HTMLParser):
    """The alt text of every <img> on a page."""

    def __init__(self):
        super().__init__()
        self.alts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            a = dict(attrs)
            self.alts.append((a.get("src") or "", (a.get("alt") or "").strip()))


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_every_image_says_what_it_shows(page):
    """A screen reader reads an image's alt text. myst-nb's default for a plotted output is
    the image's file name; a figure glued with {glue:figure} takes :alt:, and a figure drawn
    in a solution takes the cell metadata ``mystnb: image: alt:``."""
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    # at least a short sentence (the theme's "Binder logo" is the one short alt that says enough),
    # and never the image's own file name
    unsaid = [src for src, alt in parser.alts
              if (len(alt) < 20 and alt != "Binder logo") or alt.endswith((".png", ".svg")) or alt == src]
    assert not unsaid, f"{page.name}: images without a description in their alt text: {unsaid}"


def _figure_cells(chapter_source):
    import jupytext

    notebook = jupytext.read(chapter_source)
    return [notebook.cells[i] for i in figure_cells(notebook)]


@pytest.mark.parametrize("source", toc_notebooks(), ids=ids)
def test_the_website_numbers_every_figure_the_notebook_shows(source):
    # tests/test_notebooks.py checks that each of these cells shows its figure in a notebook
    html = (HTML / f"notebooks/{source.stem}.html").read_text(encoding="utf-8")
    numbered = re.findall(r'<span class="caption-number">Fig\. [\d.]+ </span>', html)
    cells = _figure_cells(source)
    assert len(numbered) == len(cells), f"{len(numbered)} numbered figures, {len(cells)} figure cells"
    for cell in cells:
        name = cell.metadata["mystnb"]["figure"]["name"]
        assert f'id="{name}"' in html, f"figure {name} has no anchor on the page"


@pytest.mark.parametrize("source", toc_notebooks(), ids=ids)
def test_the_download_is_the_executed_notebook_with_its_figures(source):
    import nbformat

    download = HTML / "_sources" / "notebooks" / f"{source.stem}.ipynb"
    assert download.exists(), "the page offers no .ipynb download"
    notebook = nbformat.read(download, as_version=4)
    shown = sum(displayed_images(c) for c in notebook.cells if c.cell_type == "code")
    assert shown == len(_figure_cells(source)), f"the download shows {shown} images"

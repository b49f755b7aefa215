"""The book's local Sphinx extensions (book/_ext), tested without a Sphinx build."""

import os
import shutil
from types import SimpleNamespace

import importlib.util

from tools.build.book_layout import ROOT


def load_extension(name: str):
    """Import book/_ext/<name>.py (not a package: Sphinx loads it from its folder)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "book" / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _static_app(tmp_path):
    """A stand-in for the Sphinx app: the book's static folder, an extension's, an output."""
    (tmp_path / "book" / "_static").mkdir(parents=True)
    (tmp_path / "book" / "_static" / "book.css").write_text("pre { font-size: 13px }")
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "button.js_t").write_text("templated, copied under another name")
    config = SimpleNamespace(
        html_static_path=["book/_static", str(tmp_path / "ext")], root_doc="book/intro"
    )
    return SimpleNamespace(confdir=str(tmp_path), outdir=str(tmp_path / "html"), config=config)


def test_a_changed_style_sheet_rebuilds_the_root_page(tmp_path):
    module = load_extension("static_changes")
    app = _static_app(tmp_path)
    css = tmp_path / "book" / "_static" / "book.css"
    copy = tmp_path / "html" / "_static" / "book.css"

    # not yet copied: the root page is outdated, so the build goes on and copies the file
    assert module.changed_static_files(app) == [css]
    assert module._outdated(app, None, set(), set(), set()) == ["book/intro"]

    # copied as Sphinx does (content and modification time): nothing to do; the
    # extension's own folder (an absolute path) is not looked at
    copy.parent.mkdir(parents=True)
    shutil.copyfile(css, copy)
    shutil.copystat(css, copy)
    assert module._outdated(app, None, set(), set(), set()) == []

    # edited after the copy: outdated again
    css.write_text("pre { font-size: 14px }")
    os.utime(css, (copy.stat().st_atime, copy.stat().st_mtime + 5))
    assert module.changed_static_files(app) == [css]


def test_the_sources_marker_becomes_a_footbibliography():
    chapter_sources = load_extension("chapter_sources")
    page = f"## References\n\n{chapter_sources.MARKER}\n\n```{{code-cell}} ipython3\n%watermark\n```\n"
    built = chapter_sources.insert_bibliography(page)
    assert "```{footbibliography}\n```" in built and chapter_sources.MARKER not in built
    # only a line that is exactly the marker: a sentence quoting it stays as it is
    quoted = f"Write `{chapter_sources.MARKER}` to list the sources.\n"
    assert chapter_sources.insert_bibliography(quoted) == quoted


def test_the_sources_marker_becomes_a_footbibliography_in_a_notebook():
    # the editions (tools/build/editions.py) build the chapters from .ipynb files
    import nbformat

    chapter_sources = load_extension("chapter_sources")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"## References\n\n{chapter_sources.MARKER}"),
        nbformat.v4.new_markdown_cell(f"Write `{chapter_sources.MARKER}` to list the sources.")])
    built = nbformat.reads(chapter_sources.insert_bibliography_in_notebook(nbformat.writes(notebook)), 4)
    assert built.cells[0].source == "## References\n\n```{footbibliography}\n```"
    assert built.cells[1].source == notebook.cells[1].source


def test_the_download_is_the_executed_notebook(tmp_path):
    import jupytext
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    executed_downloads = load_extension("executed_downloads")
    source = tmp_path / "page.md"
    source.write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n"
        "# A page\n\n```{code-cell} ipython3\nprint('hello')\n```\n"
    )
    cache_path = tmp_path / "cache"
    assert executed_downloads.executed_notebook(source, cache_path) is None  # nothing cached yet
    run = jupytext.read(source)
    run.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    run.cells[1].execution_count = 1
    get_cache(str(cache_path)).cache_notebook_bundle(
        CacheBundleIn(run, uri=str(source)), check_validity=False
    )
    download = executed_downloads.executed_notebook(source, cache_path)
    assert download.cells[1].outputs[0]["text"] == "hello\n"
    assert "jupytext" not in download.metadata and download.cells[0].cell_type == "markdown"

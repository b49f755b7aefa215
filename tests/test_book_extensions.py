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

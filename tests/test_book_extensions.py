"""The book's local Sphinx extensions (book/_ext), tested without a Sphinx build."""

import os
import shutil
from importlib.metadata import entry_points
from types import SimpleNamespace

import pybtex.plugin
import pytest

from book_layout import load_script


@pytest.fixture
def plugin_cache(monkeypatch):
    monkeypatch.setattr(pybtex.plugin, "entry_points", pybtex.plugin.entry_points)  # undone after the test
    module = load_script("pybtex_plugin_cache", folder="book/_ext")
    assert module.setup(app=None)["parallel_read_safe"]
    return module


def test_pybtex_plugins_are_looked_up_once(plugin_cache):
    first = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    misses = plugin_cache._entry_points.cache_info().misses
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is first
    assert plugin_cache._entry_points.cache_info().misses == misses  # the second lookup read no metadata
    cached = plugin_cache._entry_points(group="pybtex.backends")
    assert [ep.value for ep in cached] == [ep.value for ep in entry_points(group="pybtex.backends")]


def test_runtime_plugins_still_win(plugin_cache, monkeypatch):
    class Mine(pybtex.plugin.Plugin):
        pass

    pybtex.plugin.find_plugin("pybtex.style.labels", "alpha")  # cached before the registration
    monkeypatch.setitem(pybtex.plugin._RUNTIME_PLUGINS, "pybtex.style.labels", {"alpha": Mine})
    assert pybtex.plugin.find_plugin("pybtex.style.labels", "alpha") is Mine


def test_unknown_plugin_is_still_an_error(plugin_cache):
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.style.formatting", "no-such-style")


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
    module = load_script("static_changes", folder="book/_ext")
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

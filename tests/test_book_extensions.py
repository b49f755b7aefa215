"""The book's local Sphinx extensions (book/_ext), tested without a Sphinx build."""

from importlib.metadata import entry_points

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

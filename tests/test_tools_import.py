"""Every module of the build and bench tools imports: a function moved from one module to
another must not leave a stale import behind (only `make bench`, long after, would find it)."""

from __future__ import annotations

import importlib

import pytest

from tools.build.book_layout import ROOT

MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in (ROOT / "tools").rglob("*.py")
    if path.name != "__init__.py"
)


@pytest.mark.parametrize("name", MODULES)
def test_tool_imports(name):
    module = importlib.import_module(name)
    assert module.__name__ == name


def test_tools_are_in_their_folders():
    assert {name.split(".")[1] for name in MODULES} == {"build", "bench"}

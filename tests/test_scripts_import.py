"""Every script in scripts/ imports: a helper moved from one script to another must not leave
a stale import behind (bench_compile.py once imported run_timed from where it no longer was,
which only `make bench`, long after, would have found)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "scripts").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_script_imports(script, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    module = importlib.import_module(script.stem)
    assert module.__file__ == str(script)
    sys.modules.pop(script.stem, None)


def test_there_are_scripts():
    assert len(SCRIPTS) >= 5

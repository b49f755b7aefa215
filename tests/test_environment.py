"""The pip lock, requirements.in and environment.yml name the same packages,
and the installed environment is exactly the lock."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
import yaml

from tools.build.book_layout import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ;\[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _requirements_in() -> dict[str, str]:
    lines = (ROOT / "requirements.in").read_text().splitlines()
    return {_name(l): l.strip() for l in lines if l.strip() and not l.startswith("#")}


def _conda() -> dict[str, str]:
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    return {_name(d): d for d in deps if isinstance(d, str) and _name(d) not in {"python", "pip"}}


def _lock() -> dict[str, str]:
    """Every pin of the lock whose environment marker applies here (the lock serves Python
    3.12 and newer, on Linux, macOS and Windows: appnope is for macOS only, for example)."""
    from packaging.markers import Marker

    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*(.+))?$", line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def test_conda_and_pip_name_the_same_packages():
    pip_names, conda_names = set(_requirements_in()), set(_conda())
    assert pip_names - conda_names == set(), f"missing from environment.yml: {sorted(pip_names - conda_names)}"
    assert conda_names - pip_names == set(), f"missing from requirements.in: {sorted(conda_names - pip_names)}"


def test_version_bounds_agree():
    conda = _conda()
    for name, spec in _requirements_in().items():
        bounds = spec[len(name):].replace(" ", "")
        assert bounds in conda[name].replace(" ", ""), f"{name}: requirements.in says {spec!r}, environment.yml {conda[name]!r}"


def test_every_direct_dependency_is_pinned_in_the_lock():
    lock = _lock()
    missing = sorted(set(_requirements_in()) - set(lock))
    assert missing == [], f"not pinned in requirements-lock.txt: {missing} (run make lock)"


def test_lock_is_the_current_pymc_stack():
    lock = _lock()
    assert lock["pymc"].split(".")[0] == "6"
    assert lock["arviz"].split(".")[0] == "1"
    assert lock["pytensor"].split(".")[0] == "3"
    assert lock["jupyter-book"].split(".")[0] == "1"
    assert tuple(int(p) for p in lock["pymc-extras"].split(".")[:2]) >= (0, 15)
    assert "nutpie" in lock


def test_python_is_new_enough():
    import sys

    assert sys.version_info >= (3, 12), "the book's lock is for Python 3.12 and newer"


@pytest.mark.parametrize("name", sorted(_lock()))
def test_installed_version_is_the_locked_one(name):
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        pytest.fail(f"{name} is in the lock but not installed (run make venv)")
    assert installed == _lock()[name], f"{name}: installed {installed}, lock says {_lock()[name]}"

"""scripts/build_pch.py precompiles the headers of PyTensor's C modules for a faster cold run.

The header only helps when g++ accepts it, which needs the very options of PyTensor's own
compiles; a refused or missing header must leave the book correct (g++ then reads the headers
as usual). These tests check the command it derives, and that the header `make` built is the
one g++ uses for a real PyTensor compile.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from book_layout import ROOT

SCRIPT = ROOT / "scripts" / "build_pch.py"
PCH_DIR = ROOT / ".venv" / "pytensor-pch"


def load_script():
    spec = importlib.util.spec_from_file_location("build_pch", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pch_command_keeps_the_compile_options_and_drops_the_link_ones():
    build_pch = load_script()
    compile_cmd = ["/usr/bin/g++", "-shared", "-g", "-O3", "-fno-exceptions", "-march=znver3",
                   "-DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION", "-fPIC", "-I/inc/python3.11",
                   "-L/lib", "-fvisibility=hidden", "-o", "/c/tmp1/m123.so", "/c/tmp1/mod.cpp", "-lpython3.11"]
    cmd = build_pch.pch_command(compile_cmd, Path("/p/h.hpp"), Path("/p/include/Python.h.gch"))
    assert cmd == ["/usr/bin/g++", "-g", "-O3", "-fno-exceptions", "-march=znver3",
                   "-DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION", "-fPIC", "-I/inc/python3.11",
                   "-fvisibility=hidden", "-x", "c++-header", "/p/h.hpp", "-o", "/p/include/Python.h.gch"]


@pytest.mark.parametrize("compile_cmd", [[], ["/usr/bin/g++", "-E", "-v", "-"]])
def test_pch_command_rejects_what_is_not_a_module_compile(compile_cmd):
    build_pch = load_script()
    with pytest.raises(ValueError, match="not a PyTensor module compile"):
        build_pch.pch_command(compile_cmd, Path("h.hpp"), Path("Python.h.gch"))


def test_main_without_an_output_directory_prints_usage(capsys):
    assert load_script().main([]) == 2
    assert "build_pch.py" in capsys.readouterr().out


@pytest.mark.skipif(not (PCH_DIR / "cxxflags").exists(), reason="no .venv/pytensor-pch (run make venv)")
def test_the_header_make_built_is_accepted_by_g_plus_plus():
    """What `make` passes to every page: -g0, and the include directory with Python.h.gch,
    which g++ must accept for a real PyTensor compile (-Winvalid-pch says when it does not)."""
    flags = (PCH_DIR / "cxxflags").read_text().strip()
    if "-I" not in flags:
        pytest.skip(f"no precompiled header on this machine (cxxflags: {flags!r})")
    assert (PCH_DIR / "include" / "Python.h.gch").exists()
    _, stderr = load_script().record_module_compile(flags, extra=("-Winvalid-pch",))
    assert "pch" not in stderr.lower(), stderr
    # and make passes exactly these flags to the pages it runs
    if "PYTENSOR_FLAGS" in os.environ and "gcc__cxxflags" in os.environ["PYTENSOR_FLAGS"]:
        assert f"gcc__cxxflags={flags}" in os.environ["PYTENSOR_FLAGS"]

"""scripts/build_pch.py precompiles the headers of PyTensor's C modules for a faster cold run.

The header only helps when g++ accepts it, which needs the very options of PyTensor's own
compiles; a refused or missing header must leave the book correct (g++ then reads the headers
as usual). These tests check the command it derives, and that the header `make` built is the
one g++ uses for a real PyTensor compile.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from book_layout import load_script

_BUILD_PCH = load_script("build_pch")
PCH_DIR, PCH_FLAGS = _BUILD_PCH.PCH_DIR, _BUILD_PCH.PCH_FLAGS


def test_pch_command_keeps_the_compile_options_and_drops_the_link_ones():
    build_pch = load_script("build_pch")
    compile_cmd = ["/usr/bin/g++", "-shared", "-g", "-O3", "-fno-exceptions", "-march=znver3",
                   "-DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION", "-fPIC", "-I/inc/python3.11",
                   "-L/lib", "-fvisibility=hidden", "-o", "/c/tmp1/m123.so", "/c/tmp1/mod.cpp", "-lpython3.11"]
    cmd = build_pch.pch_command(compile_cmd, Path("/p/h.hpp"), Path("/p/include/Python.h.gch"))
    assert cmd == ["/usr/bin/g++", "-g", "-O3", "-fno-exceptions", "-march=znver3",
                   "-DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION", "-fPIC", "-I/inc/python3.11",
                   "-fvisibility=hidden", "-x", "c++-header", "/p/h.hpp", "-o", "/p/include/Python.h.gch"]


@pytest.mark.parametrize("compile_cmd", [[], ["/usr/bin/g++", "-E", "-v", "-"]])
def test_pch_command_rejects_what_is_not_a_module_compile(compile_cmd):
    build_pch = load_script("build_pch")
    with pytest.raises(ValueError, match="not a PyTensor module compile"):
        build_pch.pch_command(compile_cmd, Path("h.hpp"), Path("Python.h.gch"))


def test_main_without_an_output_directory_prints_usage(capsys):
    assert load_script("build_pch").main([]) == 2
    assert "build_pch.py" in capsys.readouterr().out


def test_pch_used_reads_what_g_plus_plus_minus_h_prints():
    build_pch = load_script("build_pch")
    pch = Path("/p/include/Python.h.gch")
    assert build_pch.pch_used(f"! {pch}\n. /usr/include/c++/12/cmath\n", pch)
    assert not build_pch.pch_used(f"x {pch}\n. /usr/include/python3.11/Python.h\n", pch)  # refused
    assert not build_pch.pch_used(". /usr/include/python3.11/Python.h\n", pch)  # never looked at


def test_without_a_cxx_compiler_only_debug_information_is_switched_off(tmp_path, monkeypatch, capsys):
    """PyTensor without a C++ compiler (cxx empty) runs everything in Python: no header to build,
    and the flags that make passes are only -g0."""
    monkeypatch.setenv("PYTENSOR_FLAGS", "cxx=")
    build_pch = load_script("build_pch")
    assert build_pch.main([str(tmp_path)]) == 0
    assert (tmp_path / build_pch.FLAGS_FILE).read_text().strip() == "-g0"
    assert not (tmp_path / "include").exists()
    assert "no precompiled header" in capsys.readouterr().out


@pytest.mark.skipif(not PCH_FLAGS.exists(), reason="no .venv/pytensor-pch (run make venv)")
def test_g_plus_plus_uses_the_header_make_built():
    """What `make` passes to every page: -g0, and the include directory with Python.h.gch,
    which g++ must load for a real PyTensor compile (g++ -H lists it with "!" when it does)."""
    flags = PCH_FLAGS.read_text().strip()
    if "-I" not in flags:
        pytest.skip(f"no precompiled header on this machine (cxxflags: {flags!r})")
    build_pch = load_script("build_pch")
    _, stderr = build_pch.record_module_compile(flags, extra=("-H",))
    assert build_pch.pch_used(stderr, PCH_DIR.resolve() / "include" / "Python.h.gch"), stderr
    # and make passes exactly these flags to the pages it runs
    if "PYTENSOR_FLAGS" in os.environ and "gcc__cxxflags" in os.environ["PYTENSOR_FLAGS"]:
        assert f"gcc__cxxflags={flags}" in os.environ["PYTENSOR_FLAGS"]


def test_a_linker_that_does_not_work_leaves_the_flags_unchanged(monkeypatch, capsys):
    build_pch = load_script("build_pch")
    monkeypatch.setattr(build_pch, "FAST_LINKER", "-fuse-ld=no-such-linker")
    reports = set(Path(tempfile.gettempdir()).glob("pytensor_compilation_error_*"))
    assert build_pch.with_fast_linker("-g0") == "-g0"
    assert "keeping the default linker" in capsys.readouterr().out
    # the failed probe's compile report went away with the probe's own directory
    assert set(Path(tempfile.gettempdir()).glob("pytensor_compilation_error_*")) == reports


@pytest.mark.skipif(not PCH_FLAGS.exists(), reason="no .venv/pytensor-pch (run make venv)")
def test_make_links_with_gold_where_it_works():
    """Where GNU gold is installed, the flags that make passes select it (it halves the link
    time of each module); a real module compiles and links with them."""
    build_pch = load_script("build_pch")
    flags = PCH_FLAGS.read_text().strip()
    if shutil.which("ld.gold") is None:
        pytest.skip("no ld.gold on this machine")
    assert flags.endswith(build_pch.FAST_LINKER), flags
    cmd, _ = build_pch.record_module_compile(flags)
    assert build_pch.FAST_LINKER in cmd

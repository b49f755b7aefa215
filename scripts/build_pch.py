"""Precompile the headers of PyTensor's generated C modules, and say which g++ flags use them.

    python scripts/build_pch.py .venv/pytensor-pch      (the Makefile runs this once per .venv)

Why: a cold run of the book compiles about 300 small C++ modules (one per new PyTensor
operation), and about half of each compile is g++ parsing the same headers again (Python.h,
NumPy's headers, <vector>, <algorithm>). GCC can load those from a precompiled header instead.
Every generated module starts with ``#include <Python.h>``, and GCC looks for
``Python.h.gch`` in each include directory before ``Python.h``, so a directory holding a
``Python.h.gch`` (built from all of those headers) put first on the include path is enough:
PyTensor's generated code and its cache keys stay PyTensor's own.

GCC uses a precompiled header only when it was built with the same options as the module being
compiled; otherwise it silently reads the headers as usual, so a stale or foreign one costs
speed, never correctness. This script therefore takes the options from a real compile: it lets
PyTensor (with PyMC imported, which adds its own flags) compile a small function in a
throwaway compile directory, records the g++ command, builds the header with the same options,
and then checks with ``-H`` that g++ loads it for a second real compile.

Writes into OUT_DIR:
- ``include/Python.h.gch`` (only if g++ loads it);
- ``cxxflags``: the value for PyTensor's ``gcc__cxxflags`` that the Makefile passes to every
  page: ``-g0 -I OUT_DIR/include``, or only ``-g0`` when there is no usable precompiled header
  (not g++, or g++ did not load it). ``-g0``: PyTensor always passes ``-g``; debug information for
  generated modules that nobody debugs costs about a tenth of each compile
  (results/compile_times.md, written by scripts/bench_compile.py). Followed by
  ``-fuse-ld=gold`` where a test compile links with it (see FAST_LINKER).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# what every module PyTensor generates includes first (see any mod.cpp in the compile directory)
HEADERS = (
    "<Python.h>",
    '"pytensor_mod_helper.h"',
    "<math.h>",
    "<numpy/arrayobject.h>",
    "<numpy/arrayscalars.h>",
    "<numpy/npy_math.h>",
    "<vector>",
    "<algorithm>",
)
NO_DEBUG = "-g0"
# GNU gold links a module in about a third of the time of the default linker, ld.bfd (0.02 s
# against 0.05-0.07 s here; results/compile_times.md); the linker does not change the compiled code
FAST_LINKER = "-fuse-ld=gold"
PCH_DIR = Path(__file__).resolve().parents[1] / ".venv" / "pytensor-pch"  # where the Makefile builds it
FLAGS_FILE = "cxxflags"  # in OUT_DIR: the flags the Makefile passes (its $(PCH) target)
PCH_FLAGS = PCH_DIR / FLAGS_FILE


def pch_command(compile_cmd: list[str], header: Path, output: Path) -> list[str]:
    """The g++ command that precompiles ``header`` into ``output`` with the options of
    ``compile_cmd`` (a command PyTensor ran to build one module): the same compiler and flags,
    without the shared-library, output, source-file and linker arguments."""
    if not compile_cmd or not any(a.endswith(".cpp") for a in compile_cmd):
        raise ValueError(f"not a PyTensor module compile (no .cpp source): {shlex.join(compile_cmd)!r}")
    flags: list[str] = []
    args = iter(compile_cmd[1:])
    for arg in args:
        if arg == "-o":
            next(args, None)  # skip the output file too
        elif arg == "-shared" or arg.endswith(".cpp") or arg.startswith(("-l", "-L")):
            continue
        else:
            flags.append(arg)
    return [compile_cmd[0], *flags, "-x", "c++-header", str(header), "-o", str(output)]


def pch_used(h_output: str, pch: Path) -> bool:
    """Whether g++ loaded the precompiled header, from what ``g++ -H`` wrote: it lists every
    header it reads, and a precompiled one it uses with "!" in front ("x" if it refused it).
    A compiler without GCC's precompiled-header lookup never prints that line."""
    return any(line.strip() == f"! {pch}" for line in h_output.splitlines())


def record_module_compile(cxxflags: str, extra: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """Compile a small PyTensor function in a throwaway compile directory (so that it really
    compiles) with the given gcc__cxxflags, and return the g++ command of its module and what
    g++ wrote to stderr. Runs in a child process: PyTensor reads its flags once, at import."""
    code = f"""
import json, sys
import pymc  # noqa: F401  (PyMC appends its own g++ flags at import; the header must match them)
import pytensor, pytensor.tensor as pt
from pytensor.link.c import cmodule
runs = []
real = cmodule.output_subprocess_Popen
def spy(cmd, *a, **k):
    cmd = list(cmd) + {list(extra)!r} if any(c.endswith(".cpp") for c in cmd) else cmd
    out = real(cmd, *a, **k)
    runs.append((cmd, out[1].decode(errors="replace")))
    return out
cmodule.output_subprocess_Popen = spy
x = pt.vector("x")
pytensor.function([x], (pt.exp(x) * 2.5).sum())
found = [(c, e) for c, e in runs if "-O3" in c]
json.dump(found[0] if found else None, sys.stdout)
"""
    with tempfile.TemporaryDirectory(prefix="pytensor-pch-probe-") as tmp:
        # your own PYTENSOR_FLAGS (say, cxx=clang++) stay; these two come last, so they win
        flags = [os.environ.get("PYTENSOR_FLAGS", ""), f"base_compiledir={tmp}", f"gcc__cxxflags={cxxflags}"]
        # TMPDIR: where PyTensor writes the report of a failed compile (a probe may fail on
        # purpose), so that it goes away with the probe's directory
        env = dict(os.environ, PYTENSOR_FLAGS=",".join(f for f in flags if f), TMPDIR=tmp)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    if found is None:
        raise RuntimeError("PyTensor compiled no C module (is there a C++ compiler?)")
    cmd, err = found
    return cmd, err


def build(out_dir: Path) -> str:
    """Build the precompiled header into out_dir and return the cxxflags to use."""
    include = out_dir / "include"
    shutil.rmtree(include, ignore_errors=True)
    try:
        cmd, _ = record_module_compile(NO_DEBUG)
    except (subprocess.CalledProcessError, RuntimeError) as err:
        print(f"build_pch: no precompiled header: {err}\n{getattr(err, 'stderr', '') or ''}"[-3000:])
        return NO_DEBUG
    if "g++" not in Path(cmd[0]).name:
        print(f"build_pch: PyTensor compiles with {cmd[0]}, not g++; no precompiled header")
        return NO_DEBUG
    include.mkdir(parents=True)
    source = out_dir / "pytensor_headers.hpp"  # not named Python.h: g++ must not find it as one
    source.write_text("".join(f"#include {h}\n" for h in HEADERS))
    build_cmd = pch_command(cmd, source, include / "Python.h.gch")
    done = subprocess.run(build_cmd, capture_output=True, text=True)
    flags = f"{NO_DEBUG} -I{include}"
    if done.returncode == 0:
        # a second real compile, now with the header on the include path: g++ must use it
        _, err = record_module_compile(flags, extra=("-H",))
        if pch_used(err, include / "Python.h.gch"):
            print(f"build_pch: {include / 'Python.h.gch'} built, and g++ uses it")
            return flags
        print("build_pch: g++ does not use the precompiled header:\n" + err)
    else:
        print("build_pch: could not build the precompiled header:\n" + done.stderr)
    shutil.rmtree(include, ignore_errors=True)
    return NO_DEBUG


def with_fast_linker(flags: str) -> str:
    """flags plus FAST_LINKER if a real PyTensor module compiles and links with both;
    otherwise flags unchanged (no gold on this machine, or not GNU's toolchain)."""
    try:
        record_module_compile(f"{flags} {FAST_LINKER}")
    except (subprocess.CalledProcessError, RuntimeError) as err:
        print(f"build_pch: {FAST_LINKER} does not work here, keeping the default linker: {err}")
        return flags
    print(f"build_pch: modules link with {FAST_LINKER}")
    return f"{flags} {FAST_LINKER}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.splitlines()[2].strip())
        return 2
    out_dir = Path(argv[0]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    flags = with_fast_linker(build(out_dir))
    (out_dir / FLAGS_FILE).write_text(flags + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What the precompiled header saves: g++ CPU time per PyTensor module, with and without it.

    python scripts/bench_compile.py [N]        (part of `make bench`; N modules, default 40)

Takes N of the C++ modules that PyTensor generated for the book (from the compile directory
that the book's runs filled) and compiles each one four ways, one right after the other so
that a change in the machine's speed affects all of them alike:

- PyTensor's own command (``-g``, as PyMC sets it up);
- the same with ``-g0`` (no debug information);
- the same with ``-g0`` and the precompiled header of scripts/build_pch.py;
- and with GNU gold as the linker too, as `make` runs it where gold works.

Writes results/compile_times.{md,csv}: CPU seconds (user + system of g++) per module.
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_pch  # noqa: E402
from bench_cold_book import run_timed  # noqa: E402
from bench_pages import machine  # noqa: E402

RESULTS = ROOT / "results"


def compiled_modules() -> list[Path]:
    """The mod.cpp files in PyTensor's compile directory (the one this process would use)."""
    import pytensor

    return sorted(Path(pytensor.config.compiledir).glob("tmp*/mod.cpp"))


def variant(cmd: list[str], source: Path, output: Path, debug: bool, pch_include: str | None,
            linker: str | None = None) -> list[str]:
    """PyTensor's compile command `cmd`, pointed at another source file and output, with or
    without debug information and the precompiled header's include directory, and with the
    default linker or another one (a -fuse-ld= option; `cmd` has none: it is recorded with
    -g0 only)."""
    out: list[str] = []
    args = iter(cmd)
    for arg in args:
        if arg == "-o":
            out += ["-o", str(output)]
            next(args)
        elif arg.endswith(".cpp"):
            out.append(str(source))
        elif arg == build_pch.NO_DEBUG:
            if not debug:
                out.append(arg)
                if pch_include:
                    out.append(pch_include)  # where `make` puts it: before PyTensor's own -I
        else:
            out.append(arg)
    return out + ([linker] if linker else [])


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 40
    flags = build_pch.PCH_FLAGS.read_text().split() if build_pch.PCH_FLAGS.exists() else []
    pch_include = next((f for f in flags if f.startswith("-I")), None)
    if pch_include is None:
        print("bench_compile: no precompiled header (run `make venv`)")
        return 1
    modules = compiled_modules()
    if len(modules) < n:
        print(f"bench_compile: only {len(modules)} modules in the compile directory; run the book first")
        return 1
    modules = random.Random(1).sample(modules, n)
    cmd, _ = build_pch.record_module_compile(build_pch.NO_DEBUG)  # PyTensor's command, with PyMC's flags
    ways = {"PyTensor's default (-g)": dict(debug=True, pch_include=None),
            "-g0": dict(debug=False, pch_include=None),
            "-g0 + precompiled header": dict(debug=False, pch_include=pch_include),
            "-g0 + precompiled header + gold linker": dict(debug=False, pch_include=pch_include,
                                                           linker=build_pch.FAST_LINKER)}
    seconds: dict[str, list[float]] = {name: [] for name in ways}
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "module.so"
        for source in modules:
            for name, how in ways.items():
                seconds[name].append(run_timed(variant(cmd, source, output, **how))[1])  # CPU s

    base = statistics.mean(seconds["PyTensor's default (-g)"])
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "compile_times.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["module", *ways])
        for i, source in enumerate(modules):
            writer.writerow([source.parent.name, *(f"{seconds[name][i]:.3f}" for name in ways)])
    lines = [
        "# g++ time per PyTensor module",
        "",
        f"Measured {date.today()} on {machine()}: {n} of the book's generated modules, each compiled "
        "the four ways one after the other. Written by `scripts/bench_compile.py`; "
        "the precompiled header is built by `scripts/build_pch.py`.",
        "",
        "| g++ options | mean CPU per module (s) | median (s) | relative |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in ways:
        v = seconds[name]
        lines.append(f"| {name} | {statistics.mean(v):.3f} | {statistics.median(v):.3f} | "
                     f"{statistics.mean(v) / base:.2f} |")
    (RESULTS / "compile_times.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

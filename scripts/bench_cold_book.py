"""Time `make book` from a cold start, several times, and keep every run.

    python scripts/bench_cold_book.py [RUNS]     (`make bench-book`, default 3 runs)

A cold start is what a student's first `make book` does: an empty PyTensor compile
directory (which also holds numba's cache) and no Jupyter cache, so every page is
executed and every C module compiled. On this shared 2-core machine the same cold
build has taken anywhere from under 300 s to almost 400 s, so one run says little.
Every run is therefore appended to results/cold_book_runs.csv, never overwritten,
with the commit it measured and two speed references timed just before it:

- `python_ref_s`: a fixed pure-Python loop, one process (best of 3);
- `numeric_ref_s`: a fixed NumPy workload shaped like a mixture's log density
  (500 points x 12 components: differences, logs, exps, sums over components),
  run in two processes at once so that both cores are busy, as in the build
  (best of 3 for each process, the slower process counts).

Lower is a faster machine for both. results/cold_book_runs.md lists every run and
counts how many met the book's target of 6 minutes. `make bench` calls this too
(scripts/bench_pages.py), so its runs join the same record.
"""

from __future__ import annotations

import csv
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results"
RUNS_CSV = RESULTS / "cold_book_runs.csv"
RUNS_MD = RESULTS / "cold_book_runs.md"
TARGET_S = 360  # the whole book, cold, on 2 cores: at most 6 minutes
FIELDS = ["date", "commit", "wall_s", "cpu_s", "python_ref_s", "numeric_ref_s", "cpu"]
# the processor of a run (or of a seed-sweep row) written before its record named it
UNRECORDED = "not recorded"

PYTHON_LOOP = "s = 0\nfor i in range(30_000_000): s += i"
# A mixture log density's kind of arithmetic, fixed size and fixed number of repetitions.
NUMERIC_LOOP = """
import time
import numpy as np
rng = np.random.default_rng(0)
x = rng.normal(size=(500, 1))
mu, sigma, logw = rng.normal(size=12), rng.uniform(0.5, 2.0, size=12), np.log(np.full(12, 1 / 12))
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    for _ in range(20_000):
        z = (x - mu) / sigma
        lp = logw - 0.5 * z * z - np.log(sigma)
        m = lp.max(axis=1, keepdims=True)
        total = (m[:, 0] + np.log(np.exp(lp - m).sum(axis=1))).sum()
    best = min(best, time.perf_counter() - start)
print(best)
"""


def cpu_name() -> str:
    """The processor's name with its family and model: CI's 2-core machines all call
    themselves "AMD EPYC", but a family 25 one has needed 1.4 to 2.3 times the CPU time of a
    family 26 one for the same cold build (results/README.md)."""
    info: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                info.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    cpu = info.get("model name") or platform.processor() or "unknown CPU"
    if "cpu family" in info:
        cpu += f" (family {info['cpu family']}, model {info.get('model', '?')})"
    return cpu


def bench_env(compiledir: Path | None) -> dict:
    """The environment of a timed run: the book's default seed, and a given PyTensor compile
    directory (None: the usual one), added to the PyTensor flags that `make` passes (the
    precompiled headers, see scripts/build_pch.py)."""
    env = dict(os.environ)
    if compiledir is not None:
        flags = [f for f in env.get("PYTENSOR_FLAGS", "").split(",") if f]
        env["PYTENSOR_FLAGS"] = ",".join([*flags, f"base_compiledir={compiledir}"])
    env.pop("MIXTURE_BOOK_SEED", None)
    return env


def run_timed(cmd: list[str], **kwargs) -> tuple[float, float]:
    """Run a command to its end; return its wall time and its CPU time (user + system, summed
    over every process it started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_make_book(env: dict) -> tuple[float, float]:
    """Wall time and CPU time of `make book`, two pages at a time as on the 2-core target machine
    (the table says so, whatever this computer's default; scripts/cpu_budget.py)."""
    return run_timed(["make", "book", "BOOK_JOBS=2"], cwd=ROOT, env=env)


def python_reference() -> float:
    """Seconds for a fixed pure-Python loop in a fresh interpreter (best of 3)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", PYTHON_LOOP], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def numeric_reference() -> float:
    """Seconds for the fixed NumPy workload, two processes at once (the slower one)."""
    procs = [subprocess.Popen([sys.executable, "-c", NUMERIC_LOOP], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [proc.communicate()[0] for proc in procs]  # wait for both before checking either
    if any(proc.returncode != 0 for proc in procs):
        raise RuntimeError("the numeric speed reference failed")
    return max(float(out.strip().splitlines()[-1]) for out in outputs)


# What the benchmarks themselves write: a change there does not change what is measured.
BENCH_OUTPUTS = ("results", "README.md")


def commit(root: Path = ROOT) -> str:
    """The commit measured, with '-dirty' when the working tree has uncommitted changes outside
    the benchmarks' own outputs (so that the record written after one run does not mark the
    next run of the same build as dirty)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                  *(f":(exclude){path}" for path in BENCH_OUTPUTS)],
                                 cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}-dirty" if changed else head


def cold_book_run() -> dict:
    """One cold `make book` with its speed references; returns the row (not yet stored)."""
    python_ref, numeric_ref = python_reference(), numeric_reference()
    with tempfile.TemporaryDirectory(prefix="pytensor-cold-") as tmp:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)  # no Jupyter cache, no parsed pages
        wall, cpu = time_make_book(bench_env(Path(tmp)))
    return {"date": date.today().isoformat(), "commit": commit(), "wall_s": round(wall, 1),
            "cpu_s": round(cpu, 1), "python_ref_s": round(python_ref, 2), "numeric_ref_s": round(numeric_ref, 2),
            "cpu": cpu_name()}


def append_run(row: dict, path: Path = RUNS_CSV) -> None:
    """Add one run to the CSV record. The whole record is written again with the current
    columns, so runs from before a column existed keep their values and get it empty."""
    if set(row) != set(FIELDS):
        raise ValueError(f"a run needs exactly the fields {FIELDS}, got {sorted(row)}")
    runs = read_runs(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows([*runs, row])


def read_runs(path: Path = RUNS_CSV) -> list[dict]:
    """Every run of the record, with every current column (empty where a run has none)."""
    if not path.exists():
        return []
    with open(path, newline="") as f:
        return [{field: run.get(field) or "" for field in FIELDS} for run in csv.DictReader(f)]


def runs_markdown(runs: list[dict], target_s: float = TARGET_S) -> str:
    """The record as a Markdown page: one row per run and how many met the target."""
    if not runs:
        raise ValueError("no cold-book runs to report")
    walls = [float(r["wall_s"]) for r in runs]
    n_ok = sum(w <= target_s for w in walls)
    lines = [
        "# Cold `make book` runs",
        "",
        f"Every cold `make book` measured by `scripts/bench_cold_book.py` (empty PyTensor compile directory "
        f"and Jupyter cache; two pages at a time, then the website), oldest first. Speed references, timed "
        f"just before each run (lower is faster): a pure-Python loop, and a NumPy workload shaped like a "
        f"mixture's log density run on both cores at once.",
        "",
        f"**{n_ok} of {len(walls)} runs within the {target_s / 60:.0f}-minute target**; median "
        f"{statistics.median(walls):.0f} s, fastest {min(walls):.0f} s, slowest {max(walls):.0f} s.",
        "",
        "| date | commit | wall (s) | CPU (s) | Python reference (s) | NumPy reference, 2 cores (s) | processor |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [f"| {r['date']} | {r['commit']} | {float(r['wall_s']):.0f} | {float(r['cpu_s']):.0f} | "
              f"{float(r['python_ref_s']):.2f} | {float(r['numeric_ref_s']):.2f} | {r.get('cpu') or UNRECORDED} |"
              for r in runs]
    return "\n".join(lines) + "\n"


def record(row: dict) -> None:
    """Append one run to the CSV record and rewrite the Markdown page from the whole record."""
    append_run(row)
    RUNS_MD.write_text(runs_markdown(read_runs()))


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 3
    if runs < 1:
        raise ValueError(f"the number of runs must be at least 1, got {runs}")
    for i in range(runs):
        row = cold_book_run()
        record(row)
        print(f"cold make book {i + 1}/{runs}: {row['wall_s']:.0f} s, {row['cpu_s']:.0f} CPU-s "
              f"(references {row['python_ref_s']:.2f} s, {row['numeric_ref_s']:.2f} s)", flush=True)
    print(RUNS_MD.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

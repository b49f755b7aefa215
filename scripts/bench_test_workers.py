"""Is `make test-notebooks` faster with 2 pytest-xdist workers than with 1?

    python scripts/bench_test_workers.py [cold|warm ...]     (default: cold warm)

For each mode, runs `make test-notebooks NB_WORKERS=1` and `NB_WORKERS=2` and
records the wall time. Cold: each run gets its own empty PyTensor compile
directory. Warm: both runs use a compile directory that a run of every page
has filled: the one the cold 2-worker run just filled when cold was measured
too, otherwise your usual one, as `make test` uses it (run the pages once
before, so that it is filled).

Writes results/test_workers.{md,csv}, one row per mode with its date, commit
and processor; a run replaces only the modes it measured, so a cold run
(about half an hour on a slow machine) does not erase the warm row. The
Makefile's default NB_WORKERS should be the faster setting.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results"
CSV_PATH = RESULTS / "test_workers.csv"
MD_PATH = RESULTS / "test_workers.md"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cold_book import UNRECORDED, bench_env, commit, cpu_name  # noqa: E402
from bench_pages import write_csv  # noqa: E402

MODES = ("cold", "warm")  # the order of a run and of the table: cold first fills the warm run's directory
FIELDS = ["mode", "date", "commit", "cpu", "workers_1_s", "workers_2_s", "ok"]


def run_tests(workers: int, compiledir: Path | None) -> tuple[float, bool]:
    start = time.perf_counter()
    result = subprocess.run(["make", "test-notebooks", f"NB_WORKERS={workers}"], cwd=ROOT, env=bench_env(compiledir),
                            capture_output=True, text=True)
    return time.perf_counter() - start, result.returncode == 0


def read_rows(path: Path = CSV_PATH) -> dict[str, dict]:
    """The recorded rows by mode (empty when nothing is recorded yet)."""
    if not path.exists():
        return {}
    with open(path, newline="") as f:
        rows = {line["mode"]: {field: line.get(field) or "" for field in FIELDS} for line in csv.DictReader(f)}
    unknown = [mode for mode in rows if mode not in MODES]
    if unknown:
        raise ValueError(f"unknown mode(s) {sorted(unknown)} in {path}: expected {MODES}")
    return rows


def merge(old: dict[str, dict], new: dict[str, dict]) -> list[dict]:
    """The rows of a new run replace those of the same mode; the other modes keep theirs."""
    rows = old | new
    return [rows[mode] for mode in MODES if mode in rows]


def markdown(rows: list[dict]) -> str:
    if not rows:
        raise ValueError("no worker-count runs to report")
    lines = ["Each row is one run of `make test-notebooks` with each worker count, one after the other, "
             "on 2 cores; the processor is the one the run had.", "",
             "| compile cache | date | commit | processor | NB_WORKERS=1 (s) | NB_WORKERS=2 (s) | all pages passed |",
             "| --- | --- | --- | --- | ---: | ---: | --- |"]
    for row in rows:
        ok = "yes" if row["ok"] == "True" else "**no**"
        lines.append(f"| {row['mode']} | {row['date'] or UNRECORDED} | {row['commit'] or UNRECORDED} | "
                     f"{row['cpu'] or UNRECORDED} | {round(float(row['workers_1_s']))} | "
                     f"{round(float(row['workers_2_s']))} | {ok} |")
    return "\n".join(lines) + "\n"


def write(rows: list[dict]) -> None:
    RESULTS.mkdir(exist_ok=True)
    write_csv(CSV_PATH, rows)  # every row holds FIELDS in order (read_rows, main)
    MD_PATH.write_text(markdown(rows))


def main(modes: list[str]) -> None:
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown:  # before any run: a typo should not cost a 15-minute run first
        raise SystemExit(f"unknown mode(s) {unknown}: use cold or warm")
    old = read_rows()  # read before the runs: a broken table should fail now, not after half an hour
    at, cpu = commit(), cpu_name()
    new: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="pytensor-workers-") as tmp:
        filled: Path | None = None  # a compile directory that a run of every page has filled
        for mode in (m for m in MODES if m in modes):
            row = {"mode": mode, "date": str(date.today()), "commit": at, "cpu": cpu, "ok": True}
            for workers in (1, 2):
                compiledir = Path(tmp) / f"cold-{workers}" if mode == "cold" else filled
                seconds, ok = run_tests(workers, compiledir)
                row[f"workers_{workers}_s"] = round(seconds)
                row["ok"] = row["ok"] and ok
                print(mode, workers, round(seconds), ok, flush=True)
                if mode == "cold" and workers == 2:
                    filled = compiledir
            new[mode] = {field: str(row[field]) for field in FIELDS}
        rows = merge(old, new)
        write(rows)
    print(markdown(rows))


if __name__ == "__main__":
    main(sys.argv[1:] or list(MODES))

"""Is `make test-notebooks` faster with 2 pytest-xdist workers than with 1?

    python scripts/bench_test_workers.py [cold|warm ...]     (default: warm cold)

For each mode, runs `make test-notebooks NB_WORKERS=1` and `NB_WORKERS=2` and
records the wall time. Cold: each run gets its own empty PyTensor compile
directory. Warm: both runs use your usual compile directory, as `make test`
does (run the pages once before, so that it is filled). Writes
results/test_workers.{md,csv}; the Makefile's default NB_WORKERS should be
the faster setting.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cold_book import bench_env  # noqa: E402
from bench_pages import machine, write_csv  # noqa: E402


def run_tests(workers: int, compiledir: Path | None) -> tuple[float, bool]:
    start = time.perf_counter()
    result = subprocess.run(["make", "test-notebooks", f"NB_WORKERS={workers}"], cwd=ROOT, env=bench_env(compiledir),
                            capture_output=True, text=True)
    return time.perf_counter() - start, result.returncode == 0


def main(modes: list[str]) -> None:
    unknown = [mode for mode in modes if mode not in ("cold", "warm")]
    if unknown:  # before any run: a typo should not cost a 15-minute run first
        raise SystemExit(f"unknown mode(s) {unknown}: use cold or warm")
    rows = []
    with tempfile.TemporaryDirectory(prefix="pytensor-workers-") as tmp:
        tmp = Path(tmp)
        for mode in modes:
            for workers in (1, 2):
                compiledir = None if mode == "warm" else tmp / f"cold-{workers}"
                seconds, ok = run_tests(workers, compiledir)
                rows.append({"mode": mode, "workers": workers, "seconds": round(seconds), "ok": ok})
                print(rows[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    write_csv(RESULTS / "test_workers.csv", rows)
    lines = [f"Measured {date.today()} on {machine()}.", "",
             "| compile cache | NB_WORKERS=1 (s) | NB_WORKERS=2 (s) | all pages passed |", "| --- | ---: | ---: | --- |"]
    for mode in modes:
        by_workers = {r["workers"]: r for r in rows if r["mode"] == mode}
        ok = "yes" if all(r["ok"] for r in by_workers.values()) else "**no**"
        lines.append(f"| {mode} | {by_workers[1]['seconds']} | {by_workers[2]['seconds']} | {ok} |")
    (RESULTS / "test_workers.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:] or ["warm", "cold"])

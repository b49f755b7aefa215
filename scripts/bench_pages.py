"""Time every page cold and warm; write results/page_times.{md,csv}.

    python scripts/bench_pages.py            (what `make bench` runs)

Cold: an empty PyTensor compile directory and no Jupyter cache, like a student's
first run. Warm: the same page again with the compile cache now filled. CPU is
the time of a page's kernel and its sampler processes together: on 2 cores it is
what limits a build that runs two pages at a time. Each page runs in its own
process (scripts/run_page.py) so that its peak memory is measured alone; "whole
book" sums these times (one page after the other). Also times what a reader
runs: `make book` from a cold start (empty compile directory, no Jupyter cache),
which executes two pages at a time (scripts/execute_pages.py), more than once
and with its CPU time, because the same work takes noticeably different times on
a shared machine; and `make book` again when nothing changed (the warm rebuild
that only reads the Jupyter cache).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from book_layout import toc_notebooks  # noqa: E402
from bench_cold_book import bench_env, cold_book_run, cpu_name, record, time_make_book  # noqa: E402

RESULTS = ROOT / "results"
COLD_BOOK_RUNS = 2


def run_page(md: Path, compiledir: Path) -> dict:
    env = bench_env(compiledir)
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "run_page.py"), str(md.relative_to(ROOT))],
                         env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write benchmark rows (dicts with the same keys) to a CSV file, header first."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def machine() -> str:
    return f"{os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="pytensor-cold-") as tmp:
        compiledir = Path(tmp)
        for md in toc_notebooks():  # cold: pages share one compile dir that starts empty
            cold = run_page(md, compiledir)
            rows.append({"page": md.stem, "cold_s": cold["seconds"], "cold_cpu_s": cold["cpu_s"],
                         "cold_ok": cold["ok"], "peak_rss_mb": cold["peak_rss_mb"]})
            print(f"cold {md.stem}: {cold['seconds']} s", flush=True)
        for row, md in zip(rows, toc_notebooks()):
            warm = run_page(md, compiledir)
            row.update(warm_s=warm["seconds"], warm_cpu_s=warm["cpu_s"], warm_ok=warm["ok"],
                       peak_rss_mb=max(row["peak_rss_mb"], warm["peak_rss_mb"]))
            print(f"warm {md.stem}: {warm['seconds']} s", flush=True)
    cold_books = []  # more than once: the machine's speed varies; every run also joins results/cold_book_runs.csv
    for _ in range(COLD_BOOK_RUNS):
        cold_books.append(cold_book_run())
        record(cold_books[-1])
        print(f"make book, cold: {cold_books[-1]['wall_s']:.0f} s", flush=True)
    rebuild, _ = time_make_book(bench_env(None))

    write_csv(RESULTS / "page_times.csv", rows)
    lines = [
        f"Measured {date.today().isoformat()} on {machine()}.",
        "",
        "| page | cold (s) | warm (s) | cold CPU (s) | warm CPU (s) | peak RSS (MB) | ok |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        ok = "yes" if r["cold_ok"] and r["warm_ok"] else "**no**"
        lines.append(f"| {r['page']} | {r['cold_s']:.0f} | {r['warm_s']:.0f} | {r['cold_cpu_s']:.0f} | "
                     f"{r['warm_cpu_s']:.0f} | {r['peak_rss_mb']} | {ok} |")
    totals = " | ".join(f"{sum(r[key] for r in rows):.0f}" for key in ("cold_s", "warm_s", "cold_cpu_s", "warm_cpu_s"))
    lines.append(f"| **whole book, one page after the other** | {totals} | {max(r['peak_rss_mb'] for r in rows)} | |")
    lines += ["",
              "`make book` from a cold start (empty PyTensor compile directory and Jupyter cache; "
              f"two pages executed at a time, then the website built), run {COLD_BOOK_RUNS} times; the speed "
              "references are timed just before (lower is a faster machine; see scripts/bench_cold_book.py). "
              "Every cold run ever measured is in `results/cold_book_runs.md`:",
              "",
              "| run | wall (s) | CPU (s) | Python reference (s) | NumPy reference, 2 cores (s) |",
              "| ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {i} | {r['wall_s']:.0f} | {r['cpu_s']:.0f} | {r['python_ref_s']:.2f} | {r['numeric_ref_s']:.2f} |"
              for i, r in enumerate(cold_books, 1)]
    lines += ["",
              f"Warm rebuild (`make book` with an unchanged Jupyter cache): {rebuild:.0f} s."]
    (RESULTS / "page_times.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

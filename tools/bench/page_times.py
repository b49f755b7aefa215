"""Time every page cold and warm; write results/page_times.{md,csv}.

    python -m tools.bench.page_times            (what `make bench` runs)

Cold: an empty PyTensor compile directory (its C modules and numba cache) and no Jupyter
cache, like a student's first run. Warm: the same page again with that directory now filled,
like every later run. CPU is the time of a page's kernel and its sampler processes together;
peak RSS is the largest process's. Each page runs alone in its own process
(tools/bench/run_page.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from tools.bench.common import RESULTS, ROOT, bench_env, commit, machine, write_csv
from tools.build.book_layout import toc_notebooks


def run_page(md: Path, compiledir: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "tools.bench.run_page", str(md.relative_to(ROOT))],
                         env=bench_env(compiledir), capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict], header: str) -> str:
    lines = [header, "",
             "| page | cold (s) | warm (s) | cold CPU (s) | warm CPU (s) | peak RSS (MB) | ok |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        ok = "yes" if r["cold_ok"] and r["warm_ok"] else "**no**"
        lines.append(f"| {r['page']} | {r['cold_s']:.0f} | {r['warm_s']:.0f} | {r['cold_cpu_s']:.0f} | "
                     f"{r['warm_cpu_s']:.0f} | {r['peak_rss_mb']} | {ok} |")
    totals = " | ".join(f"{sum(r[key] for r in rows):.0f}" for key in ("cold_s", "warm_s", "cold_cpu_s", "warm_cpu_s"))
    lines.append(f"| **whole book, one page after the other** | {totals} | {max(r['peak_rss_mb'] for r in rows)} | |")
    return "\n".join(lines) + "\n"


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="pytensor-cold-") as tmp:
        compiledir = Path(tmp)
        for md in toc_notebooks():  # cold: pages share one compile directory that starts empty
            cold = run_page(md, compiledir)
            rows.append({"page": md.stem, "cold_s": cold["seconds"], "cold_cpu_s": cold["cpu_s"],
                         "cold_ok": cold["ok"], "peak_rss_mb": cold["peak_rss_mb"]})
            print(f"cold {md.stem}: {cold['seconds']} s", flush=True)
        for row, md in zip(rows, toc_notebooks()):
            warm = run_page(md, compiledir)
            row.update(warm_s=warm["seconds"], warm_cpu_s=warm["cpu_s"], warm_ok=warm["ok"],
                       peak_rss_mb=max(row["peak_rss_mb"], warm["peak_rss_mb"]))
            print(f"warm {md.stem}: {warm['seconds']} s", flush=True)
    write_csv(RESULTS / "page_times.csv", rows)
    text = table(rows, f"Measured {date.today().isoformat()} at {commit()} on {machine()}.")
    (RESULTS / "page_times.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

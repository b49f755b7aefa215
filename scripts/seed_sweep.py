"""Re-run every page under other seeds; write results/seed_sweep.{md,csv}.

    python scripts/seed_sweep.py [SEED ...]      (default seeds 1 2 3 4 5)

Every page reads its seed from MIXTURE_BOOK_SEED (mixture_tools.book_seed),
so the hidden checks (remove-cell assertions) are re-checked on new data and
new chains. A failure names the claim that failed.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from book_layout import toc_notebooks  # noqa: E402

RESULTS = ROOT / "results"


def write_tables(table: dict[str, dict[int, dict]], seeds: list[int]) -> list[str]:
    """Write results/seed_sweep.{csv,md} for what has run so far; return the failures."""
    with open(RESULTS / "seed_sweep.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["page", "seed", "ok", "error"])
        for page, by_seed in table.items():
            for seed, r in by_seed.items():
                writer.writerow([page, seed, r["ok"], r.get("error") or ""])
    cell = {True: "pass", False: "**FAIL**", None: "not run"}
    lines = ["| page | " + " | ".join(f"seed {s}" for s in seeds) + " |",
             "| --- |" + " --- |" * len(seeds)]
    for page, by_seed in table.items():
        lines.append(f"| {page} | " + " | ".join(cell[by_seed[s]["ok"] if s in by_seed else None] for s in seeds) + " |")
    failures = [f"- {page}, seed {s}: {r['error']}" for page, bs in table.items() for s, r in bs.items() if not r["ok"]]
    if failures:
        lines += ["", "Failures:", *failures]
    (RESULTS / "seed_sweep.md").write_text("\n".join(lines) + "\n")
    return failures


def main(seeds: list[int], pages: list[Path]) -> None:
    RESULTS.mkdir(exist_ok=True)
    table: dict[str, dict[int, dict]] = {p.stem: {} for p in pages}
    for seed in seeds:
        for md in pages:
            env = os.environ | {"MIXTURE_BOOK_SEED": str(seed), "MIXTURE_BOOK_OFFLINE": "1"}
            out = subprocess.run([sys.executable, str(ROOT / "scripts" / "run_page.py"),
                                  str(md.relative_to(ROOT))], env=env, capture_output=True, text=True, cwd=ROOT)
            try:
                result = json.loads(out.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                result = {"ok": False, "error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
            table[md.stem][seed] = result
            print(f"seed {seed} {md.stem}: {'pass' if result['ok'] else 'FAIL ' + str(result['error'])}", flush=True)
            failures = write_tables(table, seeds)  # after every page, so a stopped sweep keeps its results
    print((RESULTS / "seed_sweep.md").read_text())
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    args = sys.argv[1:]
    page_args = [ROOT / a for a in args if a.endswith(".md")]
    seed_args = [int(a) for a in args if not a.endswith(".md")]
    main(seed_args or [1, 2, 3, 4, 5], page_args or toc_notebooks())

"""Re-run every page under other seeds; write results/seed_sweep.{md,csv}.

    python -m tools.bench.seed_sweep [SEED ...] [notebooks/PAGE.md ...]

Without seeds it runs the book's default seed and FRESH_SEEDS seeds drawn afresh on every
run, so that each sweep tests the claims on data that nobody has tuned a page to (fixed
seeds would turn into a training set). The seeds are recorded in the tables.

Every page reads its seed from MIXTURE_BOOK_SEED (mixture_tools.book_seed),
so the hidden checks (remove-cell assertions) are re-checked on new data and
new chains. A failure names the claim that failed.

Results accumulate: a run keeps the earlier results of the page/seed pairs it
does not re-run, as long as the page's code and the helper package are unchanged
(each row stores a hash of the page's code cells and of the package; a stale
row is dropped and shows "not run"; a change to a page's prose keeps its rows).
So `python -m tools.bench.seed_sweep 5 notebooks/06_choosing_k.md` adds one cell.

Each row also records the machine it ran on: PyTensor compiles for the CPU it
finds (numba and g++ target the native CPU) and NumPy picks its SIMD code at run time, so the
same seed gives slightly different floating-point numbers on another CPU, and
a fit near a tipping point can end differently there.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
from pathlib import Path

import jupytext

from tools.bench.common import RESULTS, ROOT, UNRECORDED, cpu_name
from tools.build.book_layout import toc_notebooks

FRESH_SEEDS = 5  # new seeds per sweep, besides the default one


def sweep_seeds(fresh: int = FRESH_SEEDS, rng: random.Random | None = None) -> list[int]:
    """The book's default seed, then `fresh` seeds that no earlier run is likely to have used."""
    from mixture_tools import DEFAULT_SEED

    rng = rng or random.SystemRandom()
    fresh_seeds = []
    while len(fresh_seeds) < fresh:
        seed = rng.randrange(10_000, 100_000_000)
        if seed != DEFAULT_SEED and seed not in fresh_seeds:
            fresh_seeds.append(seed)
    return [DEFAULT_SEED, *fresh_seeds]


def executed_code(md: Path) -> bytes:
    """What a page executes: its code cells, each with its metadata (tags such as
    raises-exception change what a run does), in order. Prose is left out, so that a
    corrected sentence or citation does not make an hour of sweep results stale."""
    notebook = jupytext.read(md)
    cells = [{"source": cell.source, "metadata": dict(cell.metadata)}
             for cell in notebook.cells if cell.cell_type == "code"]
    if not cells:
        raise ValueError(f"{md} has no code cells: is it a MyST notebook of the book?")
    return json.dumps(cells, sort_keys=True).encode()


def source_hash(md: Path) -> str:
    """Hash of a page's code and of the helper package: a result is valid only for these sources."""
    h = hashlib.sha1(executed_code(md))
    for py in sorted((ROOT / "src" / "mixture_tools").rglob("*")):
        if py.is_file() and "__pycache__" not in py.parts:
            h.update(py.read_bytes())
    return h.hexdigest()[:12]


def machine() -> str:
    """The CPU the pages run on."""
    return f"{platform.machine()} {cpu_name()}"


def load_table(pages: list[Path]) -> dict[str, dict[int, dict]]:
    """Earlier results that are still valid for the current sources."""
    table: dict[str, dict[int, dict]] = {p.stem: {} for p in pages}
    current = {p.stem: source_hash(p) for p in pages}
    path = RESULTS / "seed_sweep.csv"
    if path.exists():
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row["page"] in table and row.get("source") == current[row["page"]]:
                    table[row["page"]][int(row["seed"])] = {"ok": row["ok"] == "True", "error": row["error"] or None,
                                                            "source": row["source"],
                                                            "machine": row.get("machine") or UNRECORDED}
    return table


def write_tables(table: dict[str, dict[int, dict]]) -> list[str]:
    """Write results/seed_sweep.{csv,md} for what has run so far; return the failures."""
    with open(RESULTS / "seed_sweep.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["page", "seed", "ok", "error", "source", "machine"])
        for page, by_seed in table.items():
            for seed, r in sorted(by_seed.items()):
                writer.writerow([page, seed, r["ok"], r.get("error") or "", r["source"],
                                 r.get("machine") or UNRECORDED])
    lines = ["| page | runs | passed (seeds) | failed (seeds) |", "| --- | --- | --- | --- |"]
    for page, by_seed in table.items():
        passed = ", ".join(str(s) for s, r in sorted(by_seed.items()) if r["ok"]) or "none"
        failed = ", ".join(str(s) for s, r in sorted(by_seed.items()) if not r["ok"]) or "none"
        lines.append(f"| {page} | {len(by_seed) or 'not run'} | {passed} | {failed} |")
    failures = [f"- {page}, seed {s}: {r['error']}" for page, bs in table.items() for s, r in bs.items() if not r["ok"]]
    machines = sorted({r.get("machine") or UNRECORDED for bs in table.values() for r in bs.values()})
    if machines:
        lines += ["", "Run on: " + "; ".join(machines) + "."]
    if failures:
        lines += ["", "Failures:", *failures]
    (RESULTS / "seed_sweep.md").write_text("\n".join(lines) + "\n")
    return failures


def main(seeds: list[int], pages: list[Path]) -> None:
    RESULTS.mkdir(exist_ok=True)
    table = load_table(toc_notebooks())
    here = machine()
    for seed in seeds:
        for md in pages:
            source = source_hash(md)  # before the run: the sources that were executed
            # offline as in make test: the guard in tools/build/offline runs in every process
            offline = os.pathsep.join(filter(None, [str(ROOT / "tools" / "build" / "offline"),
                                                    os.environ.get("PYTHONPATH")]))
            env = os.environ | {"MIXTURE_BOOK_SEED": str(seed), "MIXTURE_BOOK_OFFLINE": "1",
                                "PYTHONPATH": offline}
            out = subprocess.run([sys.executable, "-m", "tools.bench.run_page",
                                  str(md.relative_to(ROOT))], env=env, capture_output=True, text=True, cwd=ROOT)
            try:
                result = json.loads(out.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                result = {"ok": False, "error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
            table[md.stem][seed] = result | {"source": source, "machine": here}
            print(f"seed {seed} {md.stem}: {'pass' if result['ok'] else 'FAIL ' + str(result['error'])}", flush=True)
            failures = write_tables(table)  # after every page, so a stopped sweep keeps its results
    print((RESULTS / "seed_sweep.md").read_text())
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    args = sys.argv[1:]
    page_args = [ROOT / a for a in args if a.endswith(".md")]
    seed_args = [int(a) for a in args if not a.endswith(".md")]
    main(seed_args or sweep_seeds(), page_args or toc_notebooks())

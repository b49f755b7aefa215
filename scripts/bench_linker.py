"""What keeping PyTensor's intermediate arrays saves: NUTS with PyTensor's default linker
(`cvm`, frees the intermediates after every call) against the one chapter 6 gives its NUTS
(`KEEP_BUFFERS`: the same linker with allow_gc=False, which keeps them).

Only NUTS gets it: its compiled functions return new arrays on every call. Functions compiled
with borrowed outputs (`Out(..., borrow=True)`, as pymc-extras' recover_marginals does) would
hand back the same buffer each time; set for every function, it made chapter 5 fail.

    python scripts/bench_linker.py [REPEATS]        (part of `make bench`; default 5)

Samples three of chapter 6's models on data set (a) (n = 500, standardized) with both linkers,
alternating, so that a change in the machine's speed affects both alike: 2 chains on 2 cores,
300 tuning steps and 300 draws, as on that page. Checks that both linkers give the same draws,
bit for bit, and writes results/linker_times.{md,csv}: seconds per fit (median over the repeats).
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import mixture_tools as mt  # noqa: E402  (first: the book's library settings)
from bench_pages import machine, write_csv  # noqa: E402

import numpy as np  # noqa: E402
import pymc as pm  # noqa: E402
from pytensor.compile.mode import get_default_mode  # noqa: E402

RESULTS = ROOT / "results"
LINKERS = {"default": True, "keep buffers": False}  # name -> allow_gc


def mixture(x: np.ndarray, K: int, kind: str) -> pm.Model:
    """Chapter 6's ordered K-component mixture, or its truncated Dirichlet process (K = T)."""
    with pm.Model(coords={"cluster": np.arange(K), "obs_id": np.arange(x.size)}) as model:
        if kind == "dp":
            alpha = pm.Gamma("alpha", alpha=2.0, beta=2.0)
            w = pm.StickBreakingWeights("w", alpha=alpha, K=K - 1, dims="cluster")
            mu = pm.Normal("mu", 0.0, 1.5, dims="cluster")
        else:
            w = pm.Dirichlet("w", a=np.ones(K), dims="cluster")
            mu = pm.Normal("mu", 0.0, 1.5, dims="cluster", transform=pm.distributions.transforms.ordered)
        sigma = pm.Gamma("sigma", alpha=2.0, beta=4.0, dims="cluster")
        pm.NormalMixture("x", w=w, mu=mu, sigma=sigma, observed=x, dims="obs_id")
    return model


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if repeats < 1:
        raise SystemExit(f"REPEATS must be at least 1, got {repeats}")
    data = mt.example_dataset("a", mt.DEFAULT_SEED).x
    x = (data - data.mean()) / data.std()
    cases = {"ordered K = 3": (3, "ordered"), "ordered K = 5": (5, "ordered"), "DP, T = 12": (12, "dp")}
    rows = []
    for case, (K, kind) in cases.items():
        model = mixture(x, K, kind)
        start = {"mu": np.quantile(x, (np.arange(K) + 0.5) / K)}
        with model:
            steps = {name: pm.NUTS(max_treedepth=7, early_max_treedepth=7,
                                   mode=get_default_mode().clone(link_kwargs={"allow_gc": gc}))  # as chapter 6
                     for name, gc in LINKERS.items()}
            seconds = {name: [] for name in LINKERS}
            draws = {}
            for _ in range(repeats):
                for name, step in steps.items():
                    t = time.perf_counter()
                    idata = pm.sample(300, tune=300, chains=2, cores=2, step=step, initvals=start,
                                      random_seed=5, progressbar=False, compute_convergence_checks=False)
                    seconds[name].append(time.perf_counter() - t)
                    draws[name] = idata.posterior["mu"].values
        same = all(np.array_equal(d, draws[next(iter(LINKERS))]) for d in draws.values())
        if not same:
            raise SystemExit(f"{case}: the two linkers gave different draws")
        base, kept = (statistics.median(seconds[name]) for name in LINKERS)
        rows.append({"model": case, "default_s": round(base, 2), "keep_buffers_s": round(kept, 2),
                     "relative": round(kept / base, 3), "same_draws": "yes"})
        print(rows[-1], {n: [round(s, 2) for s in v] for n, v in seconds.items()}, flush=True)

    RESULTS.mkdir(exist_ok=True)
    write_csv(RESULTS / "linker_times.csv", rows)
    lines = [
        "# NUTS with and without PyTensor's garbage collection of intermediates",
        "",
        f"Measured {date.today()} on {machine()}: chapter 6's models on data set (a), 2 chains on 2 cores, "
        f"300 tuning steps and 300 draws; median of {repeats} fits each, the two linkers alternating. "
        "Written by `scripts/bench_linker.py`.",
        "",
        "| model | PyTensor's default (s) | intermediates kept, chapter 6 (s) | relative | same draws |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines += [f"| {r['model']} | {r['default_s']:.2f} | {r['keep_buffers_s']:.2f} | {r['relative']:.2f} | {r['same_draws']} |"
              for r in rows]
    (RESULTS / "linker_times.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'linker_times.md'}")


if __name__ == "__main__":
    main()

"""Four ways to sample the same Gaussian mixture; write results/gibbs_routes.{md,csv}.

    python -m tools.bench.sampler_routes [N ...]      (default n = 100 500 2000; part of `make bench`)

Data set (b) of the book (K = 3, means -5/0/5, sd 1) with n observations, drawn with the
book's seed. Like for like: every route samples the same posterior (ordered transform on mu,
no other constraint), from the same start, with the same seed, chains, tuning and draws:

  (i)   explicit labels z, pm.CategoricalGibbsMetropolis on z + pm.Metropolis on (w, mu, sigma);
  (ii)  explicit labels z, pm.CategoricalGibbsMetropolis(proposal="proportional") on z + NUTS;
  (iii) explicit labels z, mixture_tools.gibbs.MixtureAssignmentGibbs on z + NUTS;
  (iv)  labels summed out, pm.NormalMixture + NUTS.

For each: sampling wall time (PyMC's ``sampling_time``, tuning included), the largest R-hat
and the smallest bulk ESS over the continuous parameters, and ESS per second only for a
route whose chains converged (R-hat < 1.01 and bulk ESS >= 100 per chain); a route that
did not converge, or stopped with an error, says so instead. Chapter 3
(notebooks/03_latent_categorical_gibbs.md) runs the same comparison at n = 500.
"""

from __future__ import annotations

import csv
import sys
import time
from datetime import date

import mixture_tools as mt  # first: library defaults

import arviz as az
import numpy as np
import pymc as pm
from pymc.sampling.parallel import ParallelSamplingError

from tools.bench.common import RESULTS, machine

K = 3
CONTINUOUS = ["w", "mu", "sigma"]
# the same for every route (chapter 3 gives route (i) fewer draws to keep the page fast;
# a benchmark can afford the same budget for all)
TUNE, DRAWS, CHAINS = 500, 1000, 2
ROUTES = [
    "CategoricalGibbsMetropolis + Metropolis",
    "CategoricalGibbsMetropolis (proportional) + NUTS",
    "blocked Gibbs + NUTS",
    "NormalMixture + NUTS",
]
MIN_ESS_PER_CHAIN = 100  # with R-hat < 1.01: the chains count as converged (Vehtari et al. 2021)


def converged(max_r_hat: float, min_ess_bulk: float, chains: int = CHAINS) -> bool:
    return max_r_hat < 1.01 and min_ess_bulk >= MIN_ESS_PER_CHAIN * chains


def latent_model(x) -> pm.Model:
    """Explicit labels, the ordered transform on mu (the same posterior as marginal_model)."""
    coords = {"cluster": range(K), "obs_id": range(x.size)}
    with pm.Model(coords=coords) as model:
        w = pm.Dirichlet("w", a=np.ones(K), dims="cluster")
        mu = pm.Normal("mu", 0.0, 10.0, dims="cluster", transform=pm.distributions.transforms.ordered)
        sigma = pm.HalfNormal("sigma", 5.0)
        z = pm.Categorical("z", p=w, dims="obs_id")
        pm.Normal("x", mu=mu[z], sigma=sigma, observed=x, dims="obs_id")
    return model


def marginal_model(x) -> pm.Model:
    coords = {"cluster": range(K), "obs_id": range(x.size)}
    with pm.Model(coords=coords) as model:
        w = pm.Dirichlet("w", a=np.ones(K), dims="cluster")
        mu = pm.Normal("mu", 0.0, 10.0, dims="cluster", transform=pm.distributions.transforms.ordered)
        sigma = pm.HalfNormal("sigma", 5.0)
        pm.NormalMixture("x", w=w, mu=mu, sigma=sigma, observed=x, dims="obs_id")
    return model


def start_values(x) -> dict:
    """The same data-based start for every route: means at the 1/6, 1/2, 5/6 quantiles, nearest-mean labels."""
    mu0 = np.quantile(x, [1 / 6, 1 / 2, 5 / 6])
    z0 = np.argmin(np.abs(x[:, None] - mu0), axis=1)
    return {"mu": mu0, "sigma": float(np.std(x) / K), "z": z0}


def run_route(route: str, x, seed: int) -> dict:
    init = start_values(x)
    model = marginal_model(x) if route.startswith("NormalMixture") else latent_model(x)
    with model:
        rest = [model[v] for v in CONTINUOUS]
        if route.startswith("NormalMixture"):
            init = {k: v for k, v in init.items() if k != "z"}
            step = pm.NUTS(rest)
        elif "proportional" in route:
            step = [pm.CategoricalGibbsMetropolis([model["z"]], proposal="proportional"), pm.NUTS(rest)]
        elif route.startswith("CategoricalGibbs"):
            step = [pm.CategoricalGibbsMetropolis([model["z"]]), pm.Metropolis(rest)]
        else:
            step = [mt.gibbs.MixtureAssignmentGibbs([model["z"]]), pm.NUTS(rest)]
        row = {"route": route, "n": x.size, "tune": TUNE, "draws": DRAWS}
        try:
            idata = pm.sample(
                draws=DRAWS, tune=TUNE, chains=CHAINS, cores=2, step=step, initvals=init,
                random_seed=seed, progressbar=False, compute_convergence_checks=False,
            )
        # PyMC 6.3's proportional proposal on well-separated data (raised in a chain process,
        # it arrives as a ParallelSamplingError)
        except (ValueError, ParallelSamplingError) as err:
            reason = str(err).split("failed with: ")[-1].split(".")[0]  # its first sentence
            return row | {"status": f"error: {reason}", "seconds": None,
                          "min_ess_bulk": None, "ess_per_second": None, "max_r_hat": None}
    summary = az.summary(idata, var_names=CONTINUOUS, kind="diagnostics")
    seconds = float(idata.sample_stats.attrs["sampling_time"])
    ess, r_hat = float(summary["ess_bulk"].min()), float(summary["r_hat"].max())
    ok = converged(r_hat, ess)
    return row | {
        "status": "converged" if ok else "not converged",
        "seconds": seconds,
        "min_ess_bulk": ess,
        "ess_per_second": ess / seconds if ok else None,
        "max_r_hat": r_hat,
    }


def _cell(value, fmt):
    return "—" if value is None else format(value, fmt)


def main(sizes: list[int]) -> None:
    seed = mt.book_seed()
    rows = []
    for n in sizes:
        x = mt.example_dataset("b", seed, n=n).x
        for route in ROUTES:
            start = time.perf_counter()
            row = run_route(route, x, seed)
            print(f"n={n:5d} {route:50s} {row['status']:14s} time {_cell(row['seconds'], '.1f')} s  "
                  f"ESS {_cell(row['min_ess_bulk'], '.0f')}  R-hat {_cell(row['max_r_hat'], '.3f')}  "
                  f"(with compilation {time.perf_counter() - start:.0f} s)", flush=True)
            rows.append(row)

    RESULTS.mkdir(exist_ok=True)
    fields = ["n", "route", "tune", "draws", "status", "seconds", "min_ess_bulk", "ess_per_second", "max_r_hat"]
    with open(RESULTS / "gibbs_routes.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{row[k]:.4g}" if isinstance(row[k], float) else row[k]) for k in fields})
    lines = [
        "# Four routes to the same mixture posterior",
        "",
        f"Data set (b), seed {seed}, {CHAINS} chains on 2 cores, {TUNE} tuning steps and {DRAWS} draws "
        f"per chain for every route; {date.today()}, {machine()}.",
        "Written by `tools/bench/sampler_routes.py` (chapter 3). Every route samples the same posterior "
        "(ordered means, nothing else) from the same start. Time is PyMC's sampling time (tuning "
        "included, compilation excluded); ESS is the smallest bulk ESS over w, mu and sigma. ESS per "
        f"second is given only for converged chains (R-hat < 1.01 and bulk ESS >= {MIN_ESS_PER_CHAIN} "
        "per chain).",
        "",
        "| n | route | status | time (s) | min ESS bulk | ESS/s | max R-hat |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['route']} | {r['status']} | {_cell(r['seconds'], '.1f')} | "
            f"{_cell(r['min_ess_bulk'], '.0f')} | {_cell(r['ess_per_second'], '.1f')} | {_cell(r['max_r_hat'], '.3f')} |"
        )
    (RESULTS / "gibbs_routes.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'gibbs_routes.md'} and {RESULTS / 'gibbs_routes.csv'}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 2000])

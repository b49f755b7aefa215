"""Three ways to sample the same Gaussian mixture; write results/gibbs_routes.{md,csv}.

    python -m tools.bench.sampler_routes [N ...]      (default n = 100 500 2000; part of `make bench`)

Data set (b) of the book (K = 3, means -5/0/5, sd 1) with n observations,
drawn with the book's seed. The routes, with the same start, seed and chains:

  (i)   explicit labels z, pm.CategoricalGibbsMetropolis on z + pm.Metropolis on (w, mu, sigma),
        with the tutorial-style symmetry-breaking potentials (ordered means, minimum weight);
  (ii)  explicit labels z, mixture_tools.gibbs.MixtureAssignmentGibbs on z + NUTS on (w, mu, sigma),
        with the ordered transform on mu;
  (iii) labels summed out, pm.NormalMixture + NUTS, ordered transform on mu.

For each: sampling wall time (PyMC's ``sampling_time``, tuning included),
the smallest bulk ESS over the continuous parameters, ESS per second and
the largest R-hat. Chapter 3 (notebooks/03_latent_categorical_gibbs.md) runs
the same comparison at n = 500 and explains it.
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
import pytensor.tensor as pt

from tools.bench.common import RESULTS, machine

K = 3
CONTINUOUS = ["w", "mu", "sigma"]
# Draws per chain: the Metropolis route costs O(n) model evaluations per draw, so it
# gets fewer draws (the page explains why); the NUTS routes get the usual 1000.
SETTINGS = {
    "CategoricalGibbsMetropolis + Metropolis": {"tune": 300, "draws": 600},
    "blocked Gibbs + NUTS": {"tune": 1000, "draws": 1000},
    "NormalMixture + NUTS": {"tune": 1000, "draws": 1000},
}


def latent_model(x, walls: bool) -> pm.Model:
    """Explicit-label model; ``walls=True`` breaks the symmetry with potentials, else the ordered transform."""
    coords = {"cluster": range(K), "obs_id": range(x.size)}
    with pm.Model(coords=coords) as model:
        w = pm.Dirichlet("w", a=np.ones(K), dims="cluster")
        if walls:
            mu = pm.Normal("mu", 0.0, 10.0, dims="cluster")
            pm.Potential("order_means", pt.switch(pt.all(pt.diff(mu) > 0), 0.0, -np.inf))
            pm.Potential("min_weight", pt.switch(pt.min(w) < 0.1, -np.inf, 0.0))
        else:
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
    settings = SETTINGS[route]
    if route.startswith("CategoricalGibbs"):
        model = latent_model(x, walls=True)
        with model:
            step = [pm.CategoricalGibbsMetropolis([model["z"]]), pm.Metropolis([model[v] for v in CONTINUOUS])]
    elif route.startswith("blocked"):
        model = latent_model(x, walls=False)
        with model:
            step = [mt.gibbs.MixtureAssignmentGibbs([model["z"]]), pm.NUTS([model[v] for v in CONTINUOUS])]
    else:
        model = marginal_model(x)
        init = {k: v for k, v in init.items() if k != "z"}
        with model:
            step = pm.NUTS([model[v] for v in CONTINUOUS])
    with model:
        idata = pm.sample(
            draws=settings["draws"], tune=settings["tune"], chains=2, cores=2, step=step,
            initvals=init, random_seed=seed, progressbar=False, compute_convergence_checks=False,
        )
    summary = az.summary(idata, var_names=CONTINUOUS, kind="diagnostics")
    seconds = float(idata.sample_stats.attrs["sampling_time"])
    ess = float(summary["ess_bulk"].min())
    return {
        "route": route,
        "n": x.size,
        "tune": settings["tune"],
        "draws": settings["draws"],
        "seconds": seconds,
        "min_ess_bulk": ess,
        "ess_per_second": ess / seconds,
        "max_r_hat": float(summary["r_hat"].max()),
    }


def main(sizes: list[int]) -> None:
    seed = mt.book_seed()
    rows = []
    for n in sizes:
        x = mt.example_dataset("b", seed, n=n).x
        for route in SETTINGS:
            start = time.perf_counter()
            row = run_route(route, x, seed)
            print(f"n={n:5d} {route:42s} {row['seconds']:8.1f} s  ESS {row['min_ess_bulk']:7.0f}  "
                  f"ESS/s {row['ess_per_second']:9.2f}  R-hat {row['max_r_hat']:.3f}  "
                  f"(with compilation {time.perf_counter() - start:.0f} s)", flush=True)
            rows.append(row)
    for row in rows:
        base = next(r for r in rows if r["n"] == row["n"] and r["route"].startswith("CategoricalGibbs"))
        row["speed_up"] = row["ess_per_second"] / base["ess_per_second"]

    RESULTS.mkdir(exist_ok=True)
    fields = ["n", "route", "tune", "draws", "seconds", "min_ess_bulk", "ess_per_second", "max_r_hat", "speed_up"]
    with open(RESULTS / "gibbs_routes.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{row[k]:.4g}" if isinstance(row[k], float) else row[k]) for k in fields})
    lines = [
        "# Three routes to the same mixture posterior",
        "",
        f"Data set (b), seed {seed}, 2 chains on 2 cores; {date.today()}, {machine()}.",
        "Written by `tools/bench/sampler_routes.py` (chapter 3). Time is PyMC's sampling time "
        "(tuning included, compilation excluded); ESS is the smallest bulk ESS over w, mu and sigma; "
        "speed-up is ESS/s relative to CategoricalGibbsMetropolis at the same n.",
        "",
        "| n | route | tune + draws per chain | time (s) | min ESS bulk | ESS/s | max R-hat | speed-up |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['route']} | {r['tune']} + {r['draws']} | {r['seconds']:.1f} | "
            f"{r['min_ess_bulk']:.0f} | {r['ess_per_second']:.2f} | {r['max_r_hat']:.3f} | {r['speed_up']:.0f}x |"
        )
    (RESULTS / "gibbs_routes.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'gibbs_routes.md'} and {RESULTS / 'gibbs_routes.csv'}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 2000])

"""Two ways to write chapter 8's mixture of bivariate normals; write results/mv_components.{md,csv}.

    python -m tools.bench.mv_components      (part of `make bench`)

Chapter 8 (notebooks/08_multivariate.md) gives `pm.Mixture` a list of K `pm.MvNormal.dist`
components, each with its own Cholesky factor, instead of one `pm.MvNormal.dist` whose
factor has a batch dimension over the components. Both give the same log density (the page
checks it); this script times one evaluation of the log density and its gradient, the unit of
NUTS's work, for each form on the page's model (K = 3, n = 300, LKJ covariances, means ordered
along one coordinate), after one warm-up call, as the median of repeated blocks.
"""

from __future__ import annotations

import time
from datetime import date

import mixture_tools as mt  # first: library defaults

import numpy as np
import pymc as pm
import pytensor.tensor as pt

from tools.bench.common import RESULTS, commit, machine, write_csv

K, N, D = 3, 300, 2
CALLS, BLOCKS = 2000, 5


def mixture_model(x: np.ndarray, batched: bool) -> pm.Model:
    """Chapter 8's model in one of its two forms."""
    coords = {"cluster": np.arange(K), "axis": ["x1", "x2"]}
    with pm.Model(coords=coords) as model:
        w = pm.Dirichlet("w", a=np.ones(K), dims="cluster")
        mu_x1 = pm.Normal("mu_x1", 0.0, 5.0, dims="cluster")
        mu_x2 = pm.Normal("mu_x2", 0.0, 5.0, dims="cluster",
                          transform=pm.distributions.transforms.ordered)
        mu = pt.stack([mu_x1, mu_x2], axis=1)
        chols = [pm.LKJCholeskyCov(f"chol_{k}", eta=2.0, n=D,
                                   sd_dist=pm.Gamma.dist(2.0, 2.0, shape=D))[0]
                 for k in range(K)]
        if batched:
            components = pm.MvNormal.dist(mu=mu, chol=pt.stack(chols))
        else:
            components = [pm.MvNormal.dist(mu=mu[k], chol=chols[k]) for k in range(K)]
        pm.Mixture("x", w=w, comp_dists=components, observed=x)
    return model


def start_point(model: pm.Model) -> dict:
    """PyMC's initial point with finite, ordered means along x2 (-2, 0.7, 3.4)."""
    start = model.initial_point()
    start["mu_x2_ordered__"] = np.array([-2.0, 1.0, 1.0])
    return start


def seconds_per_evaluation(model: pm.Model) -> tuple[float, float]:
    """(seconds per log density + gradient call, the log density at the start point)."""
    logp_dlogp = model.logp_dlogp_function(ravel_inputs=True)
    logp_dlogp.set_extra_values({})
    start = start_point(model)
    q = np.concatenate([start[v.name].ravel() for v in model.value_vars])
    logp = float(logp_dlogp(q)[0])
    blocks = []
    for _ in range(BLOCKS):
        t0 = time.perf_counter()
        for _ in range(CALLS):
            logp_dlogp(q)
        blocks.append((time.perf_counter() - t0) / CALLS)
    return float(np.median(blocks)), logp


def main() -> None:
    rng = np.random.default_rng(mt.book_seed())
    x = rng.normal(size=(N, D)) * 1.5
    rows = []
    for form, batched in (("list of K MvNormal", False), ("one batched MvNormal", True)):
        seconds, logp = seconds_per_evaluation(mixture_model(x, batched))
        rows.append({"form": form, "us_per_eval": round(seconds * 1e6, 1), "logp": round(logp, 6)})
    assert abs(rows[0]["logp"] - rows[1]["logp"]) < 1e-6, rows  # the same density
    ratio = rows[1]["us_per_eval"] / rows[0]["us_per_eval"]
    write_csv(RESULTS / "mv_components.csv", rows)
    lines = [f"Measured {date.today().isoformat()} at {commit()} on {machine()}.", "",
             f"Chapter 8's mixture (K = {K}, n = {N}, D = {D}): one log density + gradient evaluation.",
             "", "| form | µs per evaluation | log density at the start |", "| --- | ---: | ---: |"]
    lines += [f"| {r['form']} | {r['us_per_eval']} | {r['logp']} |" for r in rows]
    lines += ["", f"The batched form takes {ratio:.1f} times as long as the list."]
    text = "\n".join(lines) + "\n"
    (RESULTS / "mv_components.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

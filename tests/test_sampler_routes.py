"""The sampler-route benchmark (tools/bench/sampler_routes.py) compares like with like."""

from __future__ import annotations

import numpy as np

from tools.bench import sampler_routes


def test_every_latent_route_samples_the_marginal_models_posterior():
    x = np.array([-5.0, -4.8, 0.1, 0.2, 5.0, 5.3])
    latent, marginal = sampler_routes.latent_model(x), sampler_routes.marginal_model(x)
    # the same free parameters with the same transforms, and no Potential wall in either
    assert {v.name for v in marginal.free_RVs} == {"w", "mu", "sigma"}
    assert {v.name for v in latent.free_RVs} == {"w", "mu", "sigma", "z"}
    assert not latent.potentials and not marginal.potentials
    for name in ("w", "mu", "sigma"):
        assert type(latent.rvs_to_transforms[latent[name]]) is type(marginal.rvs_to_transforms[marginal[name]])


def test_ess_per_second_only_for_converged_chains():
    assert sampler_routes.converged(1.005, 250)
    assert not sampler_routes.converged(1.02, 5000), "R-hat above 1.01"
    assert not sampler_routes.converged(1.001, 150), "fewer than 100 effective draws per chain"
    assert sampler_routes._cell(None, ".1f") == "—" and sampler_routes._cell(2.345, ".1f") == "2.3"

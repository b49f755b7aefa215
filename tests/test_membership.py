"""Unit tests of mixture_tools.membership_probabilities."""

import numpy as np
import pytest
import xarray as xr
from scipy import stats

import mixture_tools as mt


def test_matches_bayes_rule_by_hand():
    w, mu, sd = np.array([0.3, 0.7]), np.array([0.0, 2.0]), np.array([1.0, 0.5])
    x = np.array([-1.0, 1.0, 2.5])
    num = w * stats.norm.pdf(x[:, None], mu, sd)
    expected = num / num.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(mt.membership_probabilities(x, w, mu, sd), expected)


def test_far_points_do_not_underflow():
    prob = mt.membership_probabilities([1e3, -1e3], [0.5, 0.5], [0.0, 1.0], [1.0, 1.0])
    assert np.all(np.isfinite(prob))
    np.testing.assert_allclose(prob, [[0, 1], [1, 0]], atol=1e-12)


def test_batched_numpy_and_shared_sigma():
    w = np.full((4, 3), 1 / 3)
    mu = np.tile([-5.0, 0.0, 5.0], (4, 1))
    prob = mt.membership_probabilities(np.linspace(-6, 6, 7), w, mu, 1.0)
    assert prob.shape == (4, 7, 3)
    np.testing.assert_allclose(prob.sum(axis=-1), 1.0)


def test_xarray_posterior_input():
    rng = np.random.default_rng(0)
    coords = {"chain": [0, 1], "draw": np.arange(5), "cluster": [0, 1]}
    dims = ("chain", "draw", "cluster")
    w = xr.DataArray(rng.dirichlet([1, 1], size=(2, 5)), coords=coords, dims=dims)
    mu = xr.DataArray(np.sort(rng.normal(size=(2, 5, 2)), axis=-1), coords=coords, dims=dims)
    sigma = xr.DataArray(rng.uniform(0.5, 2, size=(2, 5, 2)), coords=coords, dims=dims)
    x = np.array([-1.0, 0.0, 3.0])
    prob = mt.membership_probabilities(x, w, mu, sigma)
    assert prob.dims == ("chain", "draw", "obs_id", "cluster")
    np.testing.assert_allclose(prob.sum("cluster"), 1.0)
    by_hand = mt.membership_probabilities(x, w.values, mu.values, sigma.values)
    np.testing.assert_allclose(prob.values, by_hand)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([[0.0]], [1.0], [0.0], [1.0]), "one-dimensional"),
        (([np.nan], [1.0], [0.0], [1.0]), "finite"),
        (([0.0], [0.5, 0.5], [0.0], [1.0, 1.0]), "same number of components"),
        (([0.0], [0.5, 0.6], [0.0, 1.0], [1.0, 1.0]), "sum to 1"),
        (([0.0], [-0.5, 1.5], [0.0, 1.0], [1.0, 1.0]), "non-negative"),
        (([0.0], [0.5, 0.5], [0.0, 1.0], [1.0, 0.0]), "positive"),
        (([0.0], 1.0, 0.0, 1.0), "last axis"),
    ],
)
def test_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        mt.membership_probabilities(*args)


def test_xarray_input_without_cluster_dim_is_rejected():
    w = xr.DataArray([0.5, 0.5], dims=["component"])
    with pytest.raises(ValueError, match="'cluster' dimension"):
        mt.membership_probabilities([0.0], w, w, 1.0)


def _posterior_arrays(k=2):
    coords = {"chain": [0], "draw": [0, 1], "cluster": np.arange(k)}
    dims = ("chain", "draw", "cluster")
    w = xr.DataArray(np.full((1, 2, k), 1 / k), coords=coords, dims=dims)
    mu = xr.DataArray(np.tile(np.arange(k, dtype=float), (1, 2, 1)), coords=coords, dims=dims)
    return w, mu


def test_xarray_input_with_scalar_or_per_draw_sigma():
    w, mu = _posterior_arrays()
    x = np.array([-1.0, 0.5, 2.0])
    by_hand = mt.membership_probabilities(x, w.values, mu.values, 1.5)
    np.testing.assert_allclose(mt.membership_probabilities(x, w, mu, 1.5).values, by_hand)
    shared = xr.DataArray([[1.5, 1.5]], dims=("chain", "draw"))  # one sd per draw
    np.testing.assert_allclose(mt.membership_probabilities(x, w, mu, shared).values, by_hand)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w, mu, sd: (w, mu.isel(cluster=[0]), sd), "same number of components"),
        (lambda w, mu, sd: (w, mu, sd.isel(cluster=[0])), "same number of components"),
        (lambda w, mu, sd: (w, mu.values, sd), "mu must be a DataArray"),
        (lambda w, mu, sd: (w * 2, mu, sd), "sum to 1"),
        (lambda w, mu, sd: (w, mu, -sd), "sigma must be finite and positive"),
        (lambda w, mu, sd: (w, mu, -1.0), "sigma must be finite and positive"),
    ],
)
def test_xarray_input_rejects_bad_values(change, message):
    w, mu = _posterior_arrays()
    sd = xr.ones_like(mu)
    with pytest.raises(ValueError, match=message):
        mt.membership_probabilities([0.0, 1.0], *change(w, mu, sd))


@pytest.mark.parametrize("sigmas", [np.array([1.0, 2.0]), [1.0, 2.0]])
def test_xarray_input_with_array_sigmas_is_rejected_clearly(sigmas):
    # e.g. the true sds of simulated data next to posterior draws of w and mu
    w, mu = _posterior_arrays()
    with pytest.raises(ValueError, match=r"sigma must be a DataArray or a scalar .* got shape \(2,\)"):
        mt.membership_probabilities([0.0, 1.0], w, mu, sigmas)


def test_the_one_log_density_matches_scipy():
    from scipy import stats

    from mixture_tools._density import log_mixture_density, weighted_log_densities

    x = np.linspace(-30, 30, 7)[:, None]
    w, mu, sigma = np.array([0.2, 0.8]), np.array([-1.0, 2.0]), np.array([0.5, 3.0])
    expected = np.log(w) + stats.norm.logpdf(x, mu, sigma)
    np.testing.assert_allclose(weighted_log_densities(x, w, mu, sigma), expected, rtol=1e-12)
    np.testing.assert_allclose(log_mixture_density(x, w, mu, sigma),
                               np.log(np.exp(expected).sum(axis=1)), rtol=1e-12)
    # a weight of 0: that component cannot have made x, silently
    assert np.all(np.isneginf(weighted_log_densities(x, np.array([0.0, 1.0]), mu, sigma)[:, 0]))

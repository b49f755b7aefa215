"""Unit tests of mixture_tools.regression (chapter 5) and of label_frequencies."""

import numpy as np
import pytest

from mixture_tools import membership, regression


def test_label_frequencies_counts_each_label():
    z = np.array([[[0, 1, 2], [0, 1, 1]], [[0, 2, 1], [1, 1, 1]]])  # (chain, draw, obs)
    freq = membership.label_frequencies(z, 3)
    assert freq.shape == (3, 3)
    np.testing.assert_allclose(freq.sum(axis=1), 1.0)
    np.testing.assert_allclose(freq[0], [0.75, 0.25, 0.0])
    np.testing.assert_allclose(freq[1], [0.0, 0.75, 0.25])


def test_label_frequencies_accepts_integer_valued_floats():
    freq = membership.label_frequencies(np.array([[0.0, 1.0], [1.0, 1.0]]), 2)
    np.testing.assert_allclose(freq, [[0.5, 0.5], [0.0, 1.0]])


@pytest.mark.parametrize(
    "z, k, match",
    [
        (np.array([0, 1, 1]), 2, "draw axis"),
        (np.array([[0, 3]]), 2, "0..1"),
        (np.array([[0, -1]]), 2, "0..1"),
        (np.array([[0.5, 1.0]]), 2, "integer"),
        (np.array([[0, 1]]), 0, "at least 1"),
        (np.array([[0, 1]]), 2.0, "n_components must be an integer"),
        (np.zeros((3, 0), dtype=int), 2, "draw axis"),
        (np.array([[0.0, np.nan]]), 2, "integer"),
    ],
)
def test_label_frequencies_rejects_bad_input(z, k, match):
    with pytest.raises(ValueError, match=match):
        membership.label_frequencies(z, k)


def _two_lines(n=300, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    z = rng.integers(0, 2, n)
    y = np.where(z == 0, 0.0 + 0.3 * x, 4.0 + 1.0 * x) + rng.normal(0, 0.5, n)
    return x, y


def test_em_recovers_two_lines():
    x, y = _two_lines()
    fit = regression.em_mixture_regression(x, y, 2, rng=1, n_starts=5)
    np.testing.assert_allclose(fit["alpha"], [0.0, 4.0], atol=0.3)
    np.testing.assert_allclose(fit["beta"], [0.3, 1.0], atol=0.06)
    np.testing.assert_allclose(fit["sigma"], [0.5, 0.5], atol=0.1)
    np.testing.assert_allclose(fit["w"].sum(), 1.0)
    assert np.all(np.diff(fit["alpha"]) > 0), "components must be sorted by intercept"


def test_em_one_component_is_least_squares():
    x, y = _two_lines(n=50)
    fit = regression.em_mixture_regression(x, y, 1, rng=0, n_starts=1)
    slope, intercept = np.polyfit(x, y, 1)
    np.testing.assert_allclose([fit["alpha"][0], fit["beta"][0]], [intercept, slope], rtol=1e-8)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"x": [1.0, 2.0, 3.0], "y": [1.0, 2.0]}, "same length"),
        ({"x": [1.0, 1.0, 1.0, 1.0, 1.0], "y": [1.0, 2.0, 3.0, 4.0, 5.0]}, "constant"),
        ({"x": [1.0, 2.0, 3.0], "y": [1.0, 2.0, 3.0]}, "at least 5"),
        ({"x": [1.0, np.nan, 3.0, 4.0, 5.0], "y": [1.0, 2.0, 3.0, 4.0, 5.0]}, "finite"),
        ({"tol": -1.0}, "tol"),
        ({"n_starts": 0}, "n_starts"),
        ({"rng": "seed"}, "rng"),
        ({"y": np.full(20, np.inf)}, "y must contain only finite"),
        ({"x": np.ones((20, 1))}, "x must be one-dimensional"),
        ({"n_components": 0}, "n_components must be at least 1"),
        ({"max_iter": 1.5}, "max_iter must be an integer"),
        ({"tol": np.nan}, "tol must be a positive number"),
    ],
)
def test_em_rejects_bad_input(kwargs, match):
    x, y = _two_lines(n=20)
    args = {"x": x, "y": y, "n_components": 2, "rng": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        regression.em_mixture_regression(**args)


def test_em_stops_after_max_iter():
    x, y = _two_lines(n=50)
    one = regression.em_mixture_regression(x, y, 2, rng=0, n_starts=1, max_iter=1)
    more = regression.em_mixture_regression(x, y, 2, rng=0, n_starts=1, max_iter=200)
    assert set(one) == {"w", "alpha", "beta", "sigma", "loglik"}
    assert one["loglik"] <= more["loglik"]  # EM never lowers the likelihood

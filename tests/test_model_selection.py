"""Tests of exact K-fold cross-validation and occupied-component counts (mt.model_selection)."""

import numpy as np
import pytest
from scipy import stats

import mixture_tools as mt

ms = mt.model_selection


def test_kfold_indices_partition():
    folds = ms.kfold_indices(23, 5, 0)
    assert len(folds) == 5
    allidx = np.concatenate(folds)
    assert np.array_equal(np.sort(allidx), np.arange(23))
    sizes = [f.size for f in folds]
    assert max(sizes) - min(sizes) <= 1
    # reproducible with the same seed
    assert all(np.array_equal(a, b) for a, b in zip(folds, ms.kfold_indices(23, 5, 0)))


@pytest.mark.parametrize(
    "n, k, rng, message",
    [
        (10, 1, 0, "n_folds must be at least 2"),
        (3, 4, 0, r"n_folds \(4\) cannot exceed the number of observations \(3\)"),
        (0, 2, 0, "n must be at least 1"),
        (10, 2.5, 0, "n_folds must be an integer"),
        (True, 2, 0, "n must be an integer"),
        (10, 2, -1, "rng must be"),
        (10, 2, "seed", "rng must be"),
    ],
)
def test_kfold_indices_bad_input(n, k, rng, message):
    with pytest.raises(ValueError, match=message):
        ms.kfold_indices(n, k, rng)


def test_normal_mixture_loglik_matches_scipy():
    x = np.array([-1.0, 0.0, 2.5])
    w = np.array([[0.3, 0.7], [0.5, 0.5]])
    mu = np.array([[0.0, 2.0], [-1.0, 1.0]])
    sd = np.array([[1.0, 0.5], [2.0, 1.0]])
    out = ms.normal_mixture_loglik(x, w, mu, sd)
    assert out.shape == (2, 3)
    for s in range(2):
        expected = np.log((w[s] * stats.norm.pdf(x[:, None], mu[s], sd[s])).sum(axis=1))
        np.testing.assert_allclose(out[s], expected)
    # a shared sd per draw broadcasts
    shared = ms.normal_mixture_loglik(x, w, mu, np.array([1.0, 2.0]))
    np.testing.assert_allclose(shared[0], ms.normal_mixture_loglik(x, w[:1], mu[:1], np.ones((1, 2)))[0])


@pytest.mark.parametrize(
    "w, mu, sd, message",
    [
        ([0.5, 0.6], [0.0, 1.0], [1.0, 1.0], "w must sum to 1"),
        ([1.5, -0.5], [0.0, 1.0], [1.0, 1.0], "w must be finite and non-negative"),
        ([np.nan, 1.0], [0.0, 1.0], [1.0, 1.0], "w must be finite and non-negative"),
        ([0.5, 0.5], [0.0, np.inf], [1.0, 1.0], "mu must be finite"),
        ([0.5, 0.5], [0.0, 1.0], [1.0, -1.0], "sigma must be finite and positive"),
        ([0.5, 0.5], [0.0, 1.0], [1.0, np.nan], "sigma must be finite and positive"),
        ([0.5, 0.5], [0.0, 1.0, 2.0], [1.0, 1.0], "w and mu must have the same shape"),
        ([0.5, 0.5], [0.0, 1.0], [1.0, 1.0, 1.0], r"sigma of shape \(3,\) does not match w of shape \(2,\)"),
        (np.full((4, 2), 0.5), np.zeros((4, 2)), np.ones((3, 2)), r"sigma of shape \(3, 2\) does not match"),
        (0.5, 0.0, 1.0, "components on their last axis"),
    ],
)
def test_normal_mixture_loglik_bad_input(w, mu, sd, message):
    with pytest.raises(ValueError, match=message):
        ms.normal_mixture_loglik([0.0, 1.0], w, mu, sd)


def test_normal_mixture_loglik_bad_x():
    with pytest.raises(ValueError, match="x must contain only finite numbers"):
        ms.normal_mixture_loglik([0.0, np.nan], [1.0], [0.0], [1.0])


def test_log_predictive_density():
    ll = np.log(np.array([[0.1, 0.2], [0.3, 0.4]]))
    np.testing.assert_allclose(ms.log_predictive_density(ll), np.log([0.2, 0.3]))
    # (chain, draw, n) input is flattened over the draw axes
    np.testing.assert_allclose(ms.log_predictive_density(ll[None]), np.log([0.2, 0.3]))
    # a draw with zero likelihood (log_lik = -inf) is allowed
    np.testing.assert_allclose(ms.log_predictive_density([[-np.inf], [0.0]]), [np.log(0.5)])


@pytest.mark.parametrize(
    "log_lik, message",
    [
        (np.zeros(3), "at least one draw axis and an observation axis"),
        (np.zeros((0, 3)), "log_lik must not be empty"),
        (np.zeros((2, 0)), "log_lik must not be empty"),
        (np.array([[np.nan, 0.0]]), r"NaN or \+inf"),
        (np.array([[np.inf, 0.0]]), r"NaN or \+inf"),
    ],
)
def test_log_predictive_density_bad_input(log_lik, message):
    with pytest.raises(ValueError, match=message):
        ms.log_predictive_density(log_lik)


def test_kfold_cv_with_known_model():
    """A 'fit' that ignores the training data gives exactly the true log density."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=40)

    def fit(x_train, x_test):
        return stats.norm.logpdf(x_test)[None, :]

    res = ms.kfold_cv(x, fit, 4, 0)
    np.testing.assert_allclose(res.pointwise, stats.norm.logpdf(x))
    assert res.elpd == pytest.approx(stats.norm.logpdf(x).sum())
    assert res.n_folds == 4 and np.bincount(res.fold).tolist() == [10, 10, 10, 10]


def test_kfold_cv_uses_training_data_only():
    x = np.arange(10.0)
    seen = []

    def fit(x_train, x_test):
        assert not set(x_train) & set(x_test)
        seen.append(x_test.size)
        return np.zeros((3, x_test.size))

    ms.kfold_cv(x, fit, 5, 0)
    assert sum(seen) == 10


@pytest.mark.parametrize(
    "x, fit, n_folds, message",
    [
        ([1.0, 2.0, 3.0], "not a function", 2, "fit must be a function"),
        (np.arange(6.0), lambda tr, te: np.zeros((2, te.size + 1)), 3, r"shape \(draws\.\.\., 2\) for fold 0"),
        (np.arange(6.0), lambda tr, te: np.zeros(te.size), 3, r"for fold 0, got shape \(2,\)"),
        (np.arange(6.0), lambda tr, te: None, 3, r"got shape \(\)"),
        (np.arange(6.0), lambda tr, te: np.full((2, te.size), np.nan), 3, "must not contain NaN"),
        ([1.0, np.nan], lambda tr, te: np.zeros((1, te.size)), 2, "x must contain only finite numbers"),
        ([], lambda tr, te: np.zeros((1, te.size)), 2, "x must not be empty"),
        (np.arange(6.0), lambda tr, te: np.zeros((1, te.size)), 7, "cannot exceed the number of observations"),
    ],
)
def test_kfold_cv_bad_input(x, fit, n_folds, message):
    with pytest.raises(ValueError, match=message):
        ms.kfold_cv(x, fit, n_folds, 0)


def test_elpd_difference():
    a = np.array([0.0, 1.0, 2.0])
    b = np.array([0.0, 0.0, 0.0])
    diff, se = ms.elpd_difference(a, b)
    assert diff == 3.0 and se == pytest.approx(np.sqrt(3 * np.var(a)))

@pytest.mark.parametrize(
    "a, b, message",
    [
        ([1.0], [1.0, 2.0], "same length, got 1 and 2"),
        ([1.0, np.nan], [1.0, 2.0], "pointwise_a must contain only finite"),
        ([1.0, 2.0], [[1.0, 2.0]], "pointwise_b must be one-dimensional"),
    ],
)
def test_elpd_difference_bad_input(a, b, message):
    with pytest.raises(ValueError, match=message):
        ms.elpd_difference(a, b)


def test_occupied_components():
    # certain memberships: observations in components 0 and 2 of 4
    prob = np.zeros((2, 3, 5, 4))
    prob[..., :3, 0] = 1.0
    prob[..., 3:, 2] = 1.0
    counts = ms.occupied_components(prob, 0)
    assert counts.shape == (2, 3) and (counts == 2).all()
    # uniform memberships over 3 components with many observations: all occupied
    uniform = np.full((4, 300, 3), 1 / 3)
    assert (ms.occupied_components(uniform, 1) == 3).all()


def test_occupied_components_from_posterior_membership():
    x = np.array([-5.0, -4.9, 5.0, 5.1])
    w = np.array([[0.5, 0.5, 0.0]])
    mu = np.array([[-5.0, 5.0, 0.0]])
    prob = mt.membership_probabilities(x, w, mu, np.ones((1, 3)))
    assert ms.occupied_components(prob, 0).tolist() == [2]


@pytest.mark.parametrize(
    "prob, rng, message",
    [
        (np.array([0.5, 0.5]), 0, r"shape \(\.\.\., n, K\) with n, K >= 1, got \(2,\)"),
        (np.zeros((3, 0)), 0, r"n, K >= 1, got \(3, 0\)"),
        (np.zeros((0, 3)), 0, r"n, K >= 1, got \(0, 3\)"),
        (np.array([[0.5, 0.6]]), 0, "membership probabilities must sum to 1 over the components"),
        (np.array([[1.5, -0.5]]), 0, "finite and non-negative"),
        (np.array([[np.nan, 1.0]]), 0, "finite and non-negative"),
        (np.array([[0.5, 0.5]]), "seed", "rng must be"),
    ],
)
def test_occupied_components_bad_input(prob, rng, message):
    with pytest.raises(ValueError, match=message):
        ms.occupied_components(prob, rng)


def test_normal_mixture_loglik_names_the_sigma_shape_it_was_given():
    # per-component sds (K,) next to (S, K) draws: the error names the shape the caller passed
    w, mu = np.full((4, 3), 1 / 3), np.zeros((4, 3))
    with pytest.raises(ValueError, match=r"sigma of shape \(3,\) does not match w of shape \(4, 3\)"):
        ms.normal_mixture_loglik([0.0, 1.0], w, mu, np.ones(3))

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


@pytest.mark.parametrize("n, k", [(10, 1), (3, 4), (0, 2), (10, 2.5), (True, 2)])
def test_kfold_indices_bad_input(n, k):
    with pytest.raises(ValueError):
        ms.kfold_indices(n, k, 0)


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
    "w, mu, sd",
    [
        ([0.5, 0.6], [0.0, 1.0], [1.0, 1.0]),  # weights do not sum to 1
        ([0.5, 0.5], [0.0, 1.0], [1.0, -1.0]),  # negative sd
        ([0.5, 0.5], [0.0, 1.0, 2.0], [1.0, 1.0]),  # shape mismatch
        (0.5, 0.0, 1.0),  # no component axis
    ],
)
def test_normal_mixture_loglik_bad_input(w, mu, sd):
    with pytest.raises(ValueError):
        ms.normal_mixture_loglik([0.0, 1.0], w, mu, sd)


def test_log_predictive_density():
    ll = np.log(np.array([[0.1, 0.2], [0.3, 0.4]]))
    np.testing.assert_allclose(ms.log_predictive_density(ll), np.log([0.2, 0.3]))
    # (chain, draw, n) input is flattened over the draw axes
    np.testing.assert_allclose(ms.log_predictive_density(ll[None]), np.log([0.2, 0.3]))
    with pytest.raises(ValueError):
        ms.log_predictive_density(np.zeros(3))
    with pytest.raises(ValueError):
        ms.log_predictive_density(np.array([[np.nan, 0.0]]))


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


def test_kfold_cv_bad_input():
    with pytest.raises(ValueError):
        ms.kfold_cv([1.0, 2.0, 3.0], "not a function", 2, 0)
    with pytest.raises(ValueError):  # wrong output shape
        ms.kfold_cv(np.arange(6.0), lambda tr, te: np.zeros((2, te.size + 1)), 3, 0)
    with pytest.raises(ValueError):
        ms.kfold_cv([1.0, np.nan], lambda tr, te: np.zeros((1, te.size)), 2, 0)


def test_elpd_difference():
    a = np.array([0.0, 1.0, 2.0])
    b = np.array([0.0, 0.0, 0.0])
    diff, se = ms.elpd_difference(a, b)
    assert diff == 3.0 and se == pytest.approx(np.sqrt(3 * np.var(a)))
    with pytest.raises(ValueError):
        ms.elpd_difference([1.0], [1.0, 2.0])


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
    "prob", [np.array([0.5, 0.5]), np.array([[0.5, 0.6]]), np.array([[1.5, -0.5]]), np.array([[np.nan, 1.0]])]
)
def test_occupied_components_bad_input(prob):
    with pytest.raises(ValueError):
        ms.occupied_components(prob, 0)

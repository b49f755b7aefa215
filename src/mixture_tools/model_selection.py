"""Choosing the number of components (chapter 6).

Exact K-fold cross-validation for Gaussian mixtures, and the number of
occupied components of an overfitted mixture.

K-fold cross-validation estimates the expected log pointwise predictive
density (elpd) of new data by refitting the model without each fold in turn:

    elpd_kfold = sum_i log( (1/S) sum_s p(x_i | theta_s^(-fold(i))) ),

where theta_s^(-fold(i)) are S posterior draws from the fit that did not see
the fold containing x_i. Unlike PSIS-LOO it needs no importance sampling, so it
stays valid when the Pareto-k diagnostics of LOO fail; the price is one fit
per fold.

The functions here are independent of the sampler: :func:`kfold_cv` takes a
``fit`` function that you write (with PyMC, nutpie, ...) and that returns the
held-out log-likelihood draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import special

from ._density import log_mixture_density
from ._validate import as_1d_finite, check_positive, check_positive_int, check_rng, check_weights
from .membership import draw_labels_from_probabilities

__all__ = [
    "KFoldResult",
    "elpd_difference",
    "kfold_cv",
    "kfold_indices",
    "log_predictive_density",
    "normal_mixture_loglik",
    "occupied_components",
]


def kfold_indices(n: int, n_folds: int, rng) -> list[np.ndarray]:
    """Split ``range(n)`` at random into ``n_folds`` folds of (nearly) equal size.

    Returns a list with the sorted test indices of each fold; every index is in
    exactly one fold, and fold sizes differ by at most one.
    """
    n = check_positive_int(n, "n")
    n_folds = check_positive_int(n_folds, "n_folds")
    if n_folds < 2:
        raise ValueError(f"n_folds must be at least 2, got {n_folds}")
    if n_folds > n:
        raise ValueError(f"n_folds ({n_folds}) cannot exceed the number of observations ({n})")
    rng = check_rng(rng)
    order = rng.permutation(n)
    return [np.sort(part) for part in np.array_split(order, n_folds)]


def normal_mixture_loglik(x, w, mu, sigma) -> np.ndarray:
    """Log mixture density ``log sum_k w_k N(x_i | mu_k, sigma_k)`` for every draw.

    Parameters
    ----------
    x : 1-D array of n values.
    w, mu, sigma : arrays of shape ``(..., K)`` (e.g. ``(S, K)`` posterior draws)
        with the components on the last axis; ``sigma`` may also be a scalar or
        have shape ``(...)``/``(..., 1)`` for a shared standard deviation.

    Returns
    -------
    numpy.ndarray of shape ``(..., n)``.
    """
    x = as_1d_finite(x, "x")
    w = np.asarray(w, dtype=float)
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    if w.ndim == 0 or mu.ndim == 0:
        raise ValueError("w and mu must have the components on their last axis")
    if w.shape != mu.shape:
        raise ValueError(f"w and mu must have the same shape, got {w.shape} and {mu.shape}")
    sigma_shape = sigma.shape
    if sigma.ndim == w.ndim - 1:
        sigma = sigma[..., None]
    try:
        sigma = np.broadcast_to(sigma, w.shape)
    except ValueError:
        raise ValueError(f"sigma of shape {sigma_shape} does not match w of shape {w.shape}") from None
    check_weights(w, name="w")
    if not np.all(np.isfinite(mu)):
        raise ValueError("mu must be finite")
    check_positive(sigma, "sigma")
    return log_mixture_density(x[:, None], w[..., None, :], mu[..., None, :], sigma[..., None, :])


def log_predictive_density(log_lik) -> np.ndarray:
    """Pointwise log predictive density ``log (1/S) sum_s exp(log_lik[s, i])``.

    ``log_lik`` has the draws on all axes but the last (e.g. ``(chain, draw, n)``
    or ``(S, n)``); the result has shape ``(n,)``.
    """
    arr = np.asarray(log_lik, dtype=float)
    if arr.ndim < 2:
        raise ValueError(f"log_lik must have at least one draw axis and an observation axis, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("log_lik must not be empty")
    if np.any(np.isnan(arr)) or np.any(arr == np.inf):
        raise ValueError("log_lik must not contain NaN or +inf")
    flat = arr.reshape(-1, arr.shape[-1])
    return special.logsumexp(flat, axis=0) - np.log(flat.shape[0])


@dataclass(frozen=True)
class KFoldResult:
    """The result of :func:`kfold_cv`.

    ``elpd`` is the K-fold estimate of the expected log predictive density,
    ``se`` its standard error, ``pointwise`` the held-out log predictive
    density of each observation, and ``fold`` the fold each observation was in.
    """

    elpd: float
    se: float
    pointwise: np.ndarray
    fold: np.ndarray

    @property
    def n_folds(self) -> int:
        return int(self.fold.max()) + 1


def kfold_cv(x, fit: Callable[[np.ndarray, np.ndarray], np.ndarray], n_folds: int, rng) -> KFoldResult:
    """Exact K-fold cross-validation of a model for the values ``x``.

    Parameters
    ----------
    x : 1-D array of n observations.
    fit : callable ``fit(x_train, x_test) -> log_lik``
        Fits the model to ``x_train`` and returns the log-likelihood of each
        held-out value under each posterior draw, an array of shape
        ``(..., len(x_test))`` (for a mixture: :func:`normal_mixture_loglik`
        of the draws).
    n_folds : int
        Number of folds (at least 2, at most n); 5 or 10 are usual.
    rng : numpy.random.Generator or int
        Randomness of the split. Use the same ``rng`` seed for every model you
        compare, so that all models see the same folds.
    """
    x = as_1d_finite(x, "x")
    if not callable(fit):
        raise ValueError("fit must be a function fit(x_train, x_test) returning held-out log-likelihoods")
    folds = kfold_indices(x.size, n_folds, rng)
    pointwise = np.empty(x.size)
    fold_of = np.empty(x.size, dtype=int)
    for k, test in enumerate(folds):
        train = np.setdiff1d(np.arange(x.size), test, assume_unique=True)
        log_lik = np.asarray(fit(x[train], x[test]), dtype=float)
        if log_lik.ndim < 2 or log_lik.shape[-1] != test.size:
            raise ValueError(
                f"fit must return log-likelihoods of shape (draws..., {test.size}) for fold {k}, "
                f"got shape {log_lik.shape}"
            )
        pointwise[test] = log_predictive_density(log_lik)
        fold_of[test] = k
    return KFoldResult(
        elpd=float(pointwise.sum()),
        se=float(np.sqrt(x.size * np.var(pointwise))),
        pointwise=pointwise,
        fold=fold_of,
    )


def elpd_difference(pointwise_a, pointwise_b) -> tuple[float, float]:
    """Difference ``elpd_a - elpd_b`` of two models scored on the same observations,
    and its standard error ``sqrt(n * var(pointwise_a - pointwise_b))``."""
    a = as_1d_finite(pointwise_a, "pointwise_a")
    b = as_1d_finite(pointwise_b, "pointwise_b")
    if a.size != b.size:
        raise ValueError(f"pointwise_a and pointwise_b must have the same length, got {a.size} and {b.size}")
    diff = a - b
    return float(diff.sum()), float(np.sqrt(diff.size * np.var(diff)))


def occupied_components(membership, rng) -> np.ndarray:
    """Number of non-empty components in each posterior draw.

    For every draw, one label per observation is drawn from its membership
    probabilities, and the components that received at least one observation
    are counted. Label switching does not change this count.

    Parameters
    ----------
    membership : array of shape ``(..., n, K)``
        Membership probabilities per draw, e.g. the values of
        ``mt.membership_probabilities(x, post["w"], post["mu"], post["sigma"])``
        with dims ``(chain, draw, obs_id, cluster)``.
    rng : numpy.random.Generator or int

    Returns
    -------
    numpy.ndarray of integers with shape ``(...)`` (e.g. ``(chain, draw)``).
    """
    prob = np.asarray(membership, dtype=float)
    if prob.ndim < 2 or prob.shape[-1] < 1 or prob.shape[-2] < 1:
        raise ValueError(f"membership must have shape (..., n, K) with n, K >= 1, got {prob.shape}")
    check_weights(prob, name="membership probabilities")
    rng = check_rng(rng)
    k = prob.shape[-1]
    z = draw_labels_from_probabilities(prob, rng)  # one label per observation and draw
    used = (z[..., None] == np.arange(k)).any(axis=-2)  # (..., K): did component k get a point?
    return used.sum(axis=-1)

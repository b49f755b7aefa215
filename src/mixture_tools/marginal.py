"""Helpers for the marginalization chapter (chapter 5).

* :func:`label_frequencies` turns posterior draws of integer labels into the
  share of draws in which each observation carries each label (the estimate of
  Pr(z_i = k | data) from *sampled* labels).
* :func:`em_mixture_regression` fits a mixture of straight-line regressions by
  expectation-maximization from several random starts. The chapter uses its
  estimate as the starting point of NUTS, because mixtures of regressions have
  local modes (lines that swap partners where they come close) that a
  gradient-based sampler started at random does not leave.
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from ._validate import as_1d_finite, check_positive_int, check_rng

__all__ = ["em_mixture_regression", "label_frequencies"]


def label_frequencies(z, n_components: int) -> np.ndarray:
    """Share of draws in which each observation has each label.

    Parameters
    ----------
    z : array of int, shape ``(..., n)``
        Posterior draws of the labels, e.g. ``post["z"].values`` with shape
        ``(chain, draw, obs_id)``. All leading axes are treated as draws.
    n_components : int
        Number of components K; labels must lie in ``0..K-1``.

    Returns
    -------
    numpy.ndarray, shape ``(n, K)``
        Row ``i`` holds the estimate of ``Pr(z_i = k | data)`` for each k; rows sum to 1.
    """
    k = check_positive_int(n_components, "n_components")
    arr = np.asarray(z)
    if arr.ndim < 2 or arr.size == 0:
        raise ValueError(f"z must have at least one draw axis and one observation axis, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ValueError("z must contain integer labels")
        arr = arr.astype(int)
    if arr.min() < 0 or arr.max() >= k:
        raise ValueError(f"labels must lie in 0..{k - 1}, got values from {arr.min()} to {arr.max()}")
    flat = arr.reshape(-1, arr.shape[-1])
    return np.stack([(flat == j).mean(axis=0) for j in range(k)], axis=-1)


def _regression_loglik(x, y, w, alpha, beta, sigma):
    """Per-observation log w_k + log N(y | alpha_k + beta_k x, sigma_k), shape (n, K)."""
    with np.errstate(divide="ignore"):
        return np.log(w) + stats.norm.logpdf(y[:, None], alpha + beta * x[:, None], sigma)


def em_mixture_regression(x, y, n_components: int, rng, n_starts: int = 10, max_iter: int = 500, tol: float = 1e-8):
    """Maximum-likelihood mixture of K straight-line regressions by EM.

    The model is ``y_i ~ sum_k w_k Normal(alpha_k + beta_k x_i, sigma_k)``.
    Each start assigns the points to components at random, then alternates
    the E-step (membership probabilities) and the M-step (weighted least
    squares per component) until the log-likelihood improves by less than
    ``tol``. The start with the highest log-likelihood wins.

    Parameters
    ----------
    x, y : 1-D arrays of the same length (at least ``2 * n_components + 1``)
    n_components : int, at least 1
    rng : numpy.random.Generator or int seed
    n_starts, max_iter : int, at least 1
    tol : float, positive

    Returns
    -------
    dict
        ``w``, ``alpha``, ``beta``, ``sigma`` (arrays of length K, sorted by
        increasing intercept ``alpha``) and ``loglik`` (float).
    """
    xv = as_1d_finite(x, "x")
    yv = as_1d_finite(y, "y")
    if xv.size != yv.size:
        raise ValueError(f"x and y must have the same length, got {xv.size} and {yv.size}")
    k = check_positive_int(n_components, "n_components")
    n_starts = check_positive_int(n_starts, "n_starts")
    max_iter = check_positive_int(max_iter, "max_iter")
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive number, got {tol!r}")
    if xv.size < 2 * k + 1:
        raise ValueError(f"need at least {2 * k + 1} observations for {k} regression lines, got {xv.size}")
    if np.ptp(xv) == 0:
        raise ValueError("x must not be constant: a slope cannot be estimated")
    rng = check_rng(rng)
    design = np.column_stack([np.ones_like(xv), xv])
    floor = 1e-3 * np.std(yv) + 1e-12  # keeps a component from collapsing onto two points

    best = None
    for _ in range(n_starts):
        resp = rng.dirichlet(np.ones(k), size=xv.size)
        old = -np.inf
        for _ in range(max_iter):
            # M-step: weighted least squares for each line
            nk = resp.sum(axis=0) + 1e-12
            w = nk / nk.sum()
            coef = np.empty((k, 2))
            sigma = np.empty(k)
            for j in range(k):
                sw = np.sqrt(resp[:, j])
                coef[j] = np.linalg.lstsq(design * sw[:, None], yv * sw, rcond=None)[0]
                resid = yv - design @ coef[j]
                sigma[j] = max(np.sqrt(np.sum(resp[:, j] * resid**2) / nk[j]), floor)
            # E-step
            logp = _regression_loglik(xv, yv, w, coef[:, 0], coef[:, 1], sigma)
            norm = special.logsumexp(logp, axis=1)
            resp = np.exp(logp - norm[:, None])
            loglik = float(norm.sum())
            if loglik - old < tol:
                break
            old = loglik
        if best is None or loglik > best["loglik"]:
            order = np.argsort(coef[:, 0])
            best = {
                "w": w[order],
                "alpha": coef[order, 0],
                "beta": coef[order, 1],
                "sigma": sigma[order],
                "loglik": loglik,
            }
    return best

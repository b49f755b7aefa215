"""Mixtures of straight-line regressions (chapter 5).

:func:`em_mixture_regression` fits one by expectation-maximization from several random
starts. The chapter uses its estimate as the starting point of NUTS, because mixtures of
regressions have local modes (lines that swap partners where they come close) that a
gradient-based sampler started at random does not leave.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._density import weighted_log_densities
from ._validate import as_1d_finite, check_positive_int, check_rng

__all__ = ["em_mixture_regression"]


def _regression_loglik(x, y, w, alpha, beta, sigma):
    """Per-observation log w_k + log N(y | alpha_k + beta_k x, sigma_k), shape (n, K)."""
    return weighted_log_densities(y[:, None], w, alpha + beta * x[:, None], sigma)


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

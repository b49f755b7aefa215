"""Membership probabilities (responsibilities) Pr(z = k | x, w, mu, sigma).

For one observation and one set of parameters,

    Pr(z = k | x) = w_k N(x | mu_k, sigma_k) / sum_j w_j N(x | mu_j, sigma_j),

computed on the log scale with log-sum-exp so that far-out points do not
underflow to 0/0.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import special, stats


def _log_membership(x, w, mu, sigma, axis=-1):
    with np.errstate(divide="ignore"):
        logp = np.log(w) + stats.norm.logpdf(x, mu, sigma)
    return logp - special.logsumexp(logp, axis=axis, keepdims=True)


def draw_labels(prob: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One label per row of ``prob`` (shape ``(..., K)``), drawn by inverse CDF.

    Shared by the relabeling and model-selection helpers; ``prob`` is assumed checked.
    """
    u = rng.random(prob.shape[:-1] + (1,))
    cdf = np.cumsum(prob, axis=-1)
    return np.minimum((u > cdf).sum(axis=-1), prob.shape[-1] - 1)


def membership_probabilities(x, weights, means, sigmas, *, cluster_dim="cluster", obs_dim="obs_id"):
    """Posterior membership probabilities of each value in ``x``.

    Two kinds of input are accepted:

    * NumPy arrays: ``weights``, ``means`` and ``sigmas`` with the components
      on the last axis (shape ``(..., K)``; ``sigmas`` may be a scalar for a
      shared sd) and ``x`` one-dimensional. The result has shape ``(..., n, K)``.
    * xarray DataArrays, e.g. ``post["w"], post["mu"], post["sigma"]`` taken from
      a posterior (Dataset), with the components along ``cluster_dim``.
      The result is a DataArray with dims ``(..., obs_dim, cluster_dim)``;
      averaging over ``("chain", "draw")`` gives the posterior membership
      probability of each observation.
    """
    x_arr = np.asarray(x, dtype=float)
    if x_arr.ndim != 1 or x_arr.size == 0:
        raise ValueError(f"x must be a non-empty one-dimensional array, got shape {x_arr.shape}")
    if not np.all(np.isfinite(x_arr)):
        raise ValueError("x must contain only finite numbers")

    if any(isinstance(a, xr.DataArray) for a in (weights, means, sigmas)):
        return _membership_xarray(x_arr, weights, means, sigmas, cluster_dim, obs_dim)

    w = np.asarray(weights, dtype=float)
    mu = np.asarray(means, dtype=float)
    sd = np.broadcast_to(np.asarray(sigmas, dtype=float), mu.shape) if np.ndim(sigmas) == 0 else np.asarray(sigmas, dtype=float)
    if w.ndim == 0 or mu.ndim == 0:
        raise ValueError("weights and means must have the components on their last axis")
    if not (w.shape[-1] == mu.shape[-1] == sd.shape[-1]):
        raise ValueError(
            "weights, means and sigmas must have the same number of components on the last axis, "
            f"got {w.shape[-1]}, {mu.shape[-1]} and {sd.shape[-1]}"
        )
    _check_values(w, sd)
    # insert an observation axis before the component axis
    logr = _log_membership(
        x_arr[:, None], w[..., None, :], mu[..., None, :], sd[..., None, :], axis=-1
    )
    return np.exp(logr)


def _check_values(w, sd):
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    if not np.allclose(np.sum(w, axis=-1), 1.0, atol=1e-6):
        raise ValueError("weights must sum to 1 over the components")
    if np.any(~np.isfinite(sd)) or np.any(sd <= 0):
        raise ValueError("sigmas must be finite and positive")


def _membership_xarray(x, weights, means, sigmas, cluster_dim, obs_dim):
    for name, arr in (("weights", weights), ("means", means)):
        if not isinstance(arr, xr.DataArray) or cluster_dim not in arr.dims:
            raise ValueError(f"{name} must be a DataArray with a {cluster_dim!r} dimension")
    w, mu = weights, means
    if not isinstance(sigmas, xr.DataArray) and np.ndim(sigmas) != 0:
        raise ValueError(
            "sigmas must be a DataArray or a scalar when weights and means are DataArrays, "
            f"got shape {np.shape(sigmas)}"
        )
    sd = sigmas if isinstance(sigmas, xr.DataArray) else xr.DataArray(float(sigmas))
    if w.sizes[cluster_dim] != mu.sizes[cluster_dim] or (
        cluster_dim in sd.dims and sd.sizes[cluster_dim] != mu.sizes[cluster_dim]
    ):
        raise ValueError("weights, means and sigmas must have the same number of components")
    _check_values(np.moveaxis(w.values, w.dims.index(cluster_dim), -1), sd.values)
    xa = xr.DataArray(x, dims=[obs_dim])
    with np.errstate(divide="ignore"):
        logp = np.log(w) + xr.apply_ufunc(stats.norm.logpdf, xa, mu, sd)
    lse = xr.apply_ufunc(
        special.logsumexp, logp, input_core_dims=[[cluster_dim]], kwargs={"axis": -1}
    )
    out = np.exp(logp - lse)
    leading = [d for d in out.dims if d not in (obs_dim, cluster_dim)]
    return out.transpose(*leading, obs_dim, cluster_dim).rename("membership")

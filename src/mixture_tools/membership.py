"""Membership probabilities (responsibilities) Pr(z = k | x, w, mu, sigma).

For one observation and one set of parameters,

    Pr(z = k | x) = w_k N(x | mu_k, sigma_k) / sum_j w_j N(x | mu_j, sigma_j),

computed on the log scale with log-sum-exp so that far-out points do not
underflow to 0/0. :func:`label_frequencies` estimates the same probabilities from
sampled labels instead (the share of draws with z_i = k).
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import special

from ._density import weighted_log_densities
from ._validate import check_integer_labels, check_positive, check_positive_int, check_weights

__all__ = ["draw_labels_from_probabilities", "label_frequencies", "membership_probabilities"]


def _log_membership(x, w, mu, sigma, axis=-1):
    logp = weighted_log_densities(x, w, mu, sigma)
    return logp - special.logsumexp(logp, axis=axis, keepdims=True)


def draw_labels_from_probabilities(prob: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One label per row of ``prob`` (shape ``(..., K)``), drawn by inverse CDF.

    Shared by the relabeling and model-selection helpers; ``prob`` is assumed checked.
    """
    u = rng.random(prob.shape[:-1] + (1,))
    cdf = np.cumsum(prob, axis=-1)
    return np.minimum((u > cdf).sum(axis=-1), prob.shape[-1] - 1)


def membership_probabilities(x, w, mu, sigma, *, cluster_dim="cluster", obs_dim="obs_id"):
    """Posterior membership probabilities of each value in ``x``.

    Two kinds of input are accepted:

    * NumPy arrays: ``w``, ``mu`` and ``sigma`` with the components on the last
      axis (shape ``(..., K)``; ``sigma`` may be a scalar for a shared sd) and
      ``x`` one-dimensional. The result has shape ``(..., n, K)``.
    * xarray DataArrays, e.g. ``post["w"], post["mu"], post["sigma"]`` taken from
      a posterior, with the components along ``cluster_dim``. The result is a
      DataArray with dims ``(..., obs_dim, cluster_dim)``; averaging over
      ``("chain", "draw")`` gives the posterior membership probability of each
      observation.
    """
    x_arr = np.asarray(x, dtype=float)
    if x_arr.ndim != 1 or x_arr.size == 0:
        raise ValueError(f"x must be a non-empty one-dimensional array, got shape {x_arr.shape}")
    if not np.all(np.isfinite(x_arr)):
        raise ValueError("x must contain only finite numbers")

    if any(isinstance(a, xr.DataArray) for a in (w, mu, sigma)):
        return _membership_xarray(x_arr, w, mu, sigma, cluster_dim, obs_dim)

    w_arr = np.asarray(w, dtype=float)
    mu_arr = np.asarray(mu, dtype=float)
    sd = np.broadcast_to(np.asarray(sigma, dtype=float), mu_arr.shape) if np.ndim(sigma) == 0 else np.asarray(sigma, dtype=float)
    if w_arr.ndim == 0 or mu_arr.ndim == 0:
        raise ValueError("w and mu must have the components on their last axis")
    if not (w_arr.shape[-1] == mu_arr.shape[-1] == sd.shape[-1]):
        raise ValueError(
            "w, mu and sigma must have the same number of components on the last axis, "
            f"got {w_arr.shape[-1]}, {mu_arr.shape[-1]} and {sd.shape[-1]}"
        )
    check_weights(w_arr)
    check_positive(sd, "sigma")
    # insert an observation axis before the component axis
    logr = _log_membership(
        x_arr[:, None], w_arr[..., None, :], mu_arr[..., None, :], sd[..., None, :], axis=-1
    )
    return np.exp(logr)


def _membership_xarray(x, w, mu, sigma, cluster_dim, obs_dim):
    for name, arr in (("w", w), ("mu", mu)):
        if not isinstance(arr, xr.DataArray) or cluster_dim not in arr.dims:
            raise ValueError(f"{name} must be a DataArray with a {cluster_dim!r} dimension")
    if not isinstance(sigma, xr.DataArray) and np.ndim(sigma) != 0:
        raise ValueError(
            "sigma must be a DataArray or a scalar when w and mu are DataArrays, "
            f"got shape {np.shape(sigma)}"
        )
    sd = sigma if isinstance(sigma, xr.DataArray) else xr.DataArray(float(sigma))
    if w.sizes[cluster_dim] != mu.sizes[cluster_dim] or (
        cluster_dim in sd.dims and sd.sizes[cluster_dim] != mu.sizes[cluster_dim]
    ):
        raise ValueError("w, mu and sigma must have the same number of components")
    check_weights(np.moveaxis(w.values, w.dims.index(cluster_dim), -1))
    check_positive(sd.values, "sigma")
    xa = xr.DataArray(x, dims=[obs_dim])
    logp = weighted_log_densities(xa, w, mu, sd)
    lse = xr.apply_ufunc(
        special.logsumexp, logp, input_core_dims=[[cluster_dim]], kwargs={"axis": -1}
    )
    out = np.exp(logp - lse)
    leading = [d for d in out.dims if d not in (obs_dim, cluster_dim)]
    return out.transpose(*leading, obs_dim, cluster_dim).rename("membership")


def label_frequencies(z, n_components: int) -> np.ndarray:
    """Share of draws in which each observation has each label: the estimate of
    ``Pr(z_i = k | data)`` from *sampled* labels.

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
    arr = check_integer_labels(arr, "z", allow_bool=True)
    if arr.min() < 0 or arr.max() >= k:
        raise ValueError(f"labels must lie in 0..{k - 1}, got values from {arr.min()} to {arr.max()}")
    flat = arr.reshape(-1, arr.shape[-1])
    return np.stack([(flat == j).mean(axis=0) for j in range(k)], axis=-1)

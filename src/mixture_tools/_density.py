"""The one place where the book's helpers evaluate a Gaussian mixture.

    log w_k + log N(x | mu_k, sigma_k)          (weighted_log_densities)
    log sum_k w_k N(x | mu_k, sigma_k)          (log_mixture_density, by log-sum-exp)

Membership probabilities, held-out log-likelihoods and the true densities of the simulated
data all start from these, so a far-out point underflows nowhere.
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["log_mixture_density", "weighted_log_densities"]

_HALF_LOG_2PI = 0.5 * np.log(2 * np.pi)


def weighted_log_densities(x, w, mu, sigma):
    """``log w + log N(x | mu, sigma)``, broadcast elementwise (inputs already checked).

    A weight of 0 gives minus infinity, not a warning: that component cannot have made x.
    Works on NumPy arrays and, through their arithmetic, on xarray DataArrays.
    """
    # the normal log density written out, so that DataArrays broadcast by dimension name
    z = (x - mu) / sigma
    with np.errstate(divide="ignore"):
        return np.log(w) - 0.5 * z**2 - np.log(sigma) - _HALF_LOG_2PI


def log_mixture_density(x, w, mu, sigma, axis: int = -1):
    """``log sum_k w_k N(x | mu_k, sigma_k)`` with the components on ``axis``."""
    return special.logsumexp(weighted_log_densities(x, w, mu, sigma), axis=axis)

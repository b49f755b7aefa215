"""Simulate data from a finite Gaussian mixture and evaluate its true density.

The generative story, one observation at a time:

1. draw a label ``z ~ Categorical(w)``;
2. draw a value ``x ~ Normal(mu[z], sigma[z])``.

Labels are 0-based, like the ``cluster`` coordinate in the PyMC models.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._density import log_mixture_density, weighted_log_densities
from ._validate import as_1d_finite, check_mixture_parameters, check_positive_int, check_rng

__all__ = [
    "EXAMPLE_DATASETS",
    "MixtureSample",
    "component_densities",
    "example_dataset",
    "mixture_density",
    "simulate_mixture",
]


@dataclass(frozen=True)
class MixtureSample:
    """Simulated values with the labels that generated them and the true parameters."""

    x: np.ndarray
    z: np.ndarray
    w: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray

    @property
    def n_components(self) -> int:
        return self.w.size


def simulate_mixture(w, mu, sigma, n, rng) -> MixtureSample:
    """Draw ``n`` values from a Gaussian mixture.

    Parameters
    ----------
    w, mu, sigma : sequences of length K
        Mixture weights (non-negative, summing to 1), component means and
        component standard deviations (positive).
    n : int
        Number of observations, at least 1.
    rng : numpy.random.Generator or int
        Source of randomness (an integer is used as a seed).

    Returns
    -------
    MixtureSample
        ``x`` (float, shape ``(n,)``), ``z`` (int labels in ``0..K-1``) and the
        parameters as arrays.
    """
    w, mu, sigma = check_mixture_parameters(w, mu, sigma)
    n = check_positive_int(n, "n")
    rng = check_rng(rng)
    z = rng.choice(w.size, size=n, p=w)
    x = rng.normal(mu[z], sigma[z])
    return MixtureSample(x=x, z=z, w=w, mu=mu, sigma=sigma)


def component_densities(x, w, mu, sigma) -> np.ndarray:
    """Weighted component densities ``w_k N(x | mu_k, sigma_k)``, shape ``(len(x), K)``.

    Their sum over the last axis is the mixture density.
    """
    w, mu, sigma = check_mixture_parameters(w, mu, sigma)
    grid = as_1d_finite(x, "x")
    return np.exp(weighted_log_densities(grid[:, None], w, mu, sigma))


def mixture_density(x, w, mu, sigma) -> np.ndarray:
    """The mixture density ``sum_k w_k N(x | mu_k, sigma_k)`` at each point of ``x``."""
    w, mu, sigma = check_mixture_parameters(w, mu, sigma)
    grid = as_1d_finite(x, "x")
    return np.exp(log_mixture_density(grid[:, None], w, mu, sigma))


#: The three data sets used throughout the book: (w, mu, sigma, n).
EXAMPLE_DATASETS: dict[str, dict] = {
    "a": {
        "w": [1 / 3, 1 / 3, 1 / 3],
        "mu": [-5.0, 0.0, 5.0],
        "sigma": [0.5, 2.0, 0.75],
        "n": 500,
        "description": "three components with unequal spreads",
    },
    "b": {
        "w": [1 / 3, 1 / 3, 1 / 3],
        "mu": [-5.0, 0.0, 5.0],
        "sigma": [1.0, 1.0, 1.0],
        "n": 500,
        "description": "three components with a common spread",
    },
    "c": {
        "w": [0.7, 0.3],
        "mu": [150.0, 200.0],
        "sigma": [10.0, 20.0],
        "n": 1000,
        "description": "two components with unequal weights and spreads",
    },
}


def example_dataset(name: str, rng, n: int | None = None) -> MixtureSample:
    """Simulate one of the book's data sets: ``"a"``, ``"b"`` or ``"c"``.

    With an integer seed (normally ``book_seed()``) every page that asks for
    the same data set gets exactly the same values.

    ``n`` overrides the data set's default size (useful for exercises and
    scaling experiments).
    """
    if name not in EXAMPLE_DATASETS:
        raise ValueError(
            f"unknown data set {name!r}; choose one of {sorted(EXAMPLE_DATASETS)}"
        )
    spec = EXAMPLE_DATASETS[name]
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        # one independent stream per data set, so (a), (b) and (c) drawn with the
        # same book seed are not built from the same uniform numbers
        rng = np.random.default_rng([int(rng), sorted(EXAMPLE_DATASETS).index(name)])
    return simulate_mixture(
        spec["w"], spec["mu"], spec["sigma"], spec["n"] if n is None else n, rng
    )

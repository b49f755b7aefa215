"""Simulate data from a finite Gaussian mixture and evaluate its true density.

The generative story, one observation at a time:

1. draw a label ``z ~ Categorical(weights)``;
2. draw a value ``x ~ Normal(means[z], sds[z])``.

Labels are 0-based, like the ``cluster`` coordinate in the PyMC models.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ._validate import as_1d_finite, check_mixture_parameters, check_positive_int, check_rng


@dataclass(frozen=True)
class MixtureSample:
    """Simulated values with the labels that generated them and the true parameters."""

    x: np.ndarray
    z: np.ndarray
    weights: np.ndarray
    means: np.ndarray
    sds: np.ndarray

    @property
    def n_components(self) -> int:
        return self.weights.size


def simulate_mixture(weights, means, sds, n, rng) -> MixtureSample:
    """Draw ``n`` values from a Gaussian mixture.

    Parameters
    ----------
    weights, means, sds : sequences of length K
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
    w, mu, sd = check_mixture_parameters(weights, means, sds)
    n = check_positive_int(n, "n")
    rng = check_rng(rng)
    z = rng.choice(w.size, size=n, p=w)
    x = rng.normal(mu[z], sd[z])
    return MixtureSample(x=x, z=z, weights=w, means=mu, sds=sd)


def component_densities(x, weights, means, sds) -> np.ndarray:
    """Weighted component densities ``w_k N(x | mu_k, sd_k)``, shape ``(len(x), K)``.

    Their sum over the last axis is the mixture density.
    """
    w, mu, sd = check_mixture_parameters(weights, means, sds)
    grid = as_1d_finite(x, "x")
    return w * stats.norm.pdf(grid[:, None], mu, sd)


def mixture_density(x, weights, means, sds) -> np.ndarray:
    """The mixture density ``sum_k w_k N(x | mu_k, sd_k)`` at each point of ``x``."""
    return component_densities(x, weights, means, sds).sum(axis=1)


#: The three data sets used throughout the book: (weights, means, sds, n).
EXAMPLE_DATASETS: dict[str, dict] = {
    "a": {
        "weights": [1 / 3, 1 / 3, 1 / 3],
        "means": [-5.0, 0.0, 5.0],
        "sds": [0.5, 2.0, 0.75],
        "n": 500,
        "description": "three components with unequal spreads",
    },
    "b": {
        "weights": [1 / 3, 1 / 3, 1 / 3],
        "means": [-5.0, 0.0, 5.0],
        "sds": [1.0, 1.0, 1.0],
        "n": 500,
        "description": "three components with a common spread",
    },
    "c": {
        "weights": [0.7, 0.3],
        "means": [150.0, 200.0],
        "sds": [10.0, 20.0],
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
        spec["weights"], spec["means"], spec["sds"], spec["n"] if n is None else n, rng
    )

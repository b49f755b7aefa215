"""Plotting helpers for data whose true mixture is known."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .simulate import MixtureSample, component_densities

__all__ = ["plot_true_mixture"]


def plot_true_mixture(sample: MixtureSample, ax=None, bins: int = 60, grid_points: int = 400):
    """Histogram of ``sample.x`` coloured by true label, with the true densities.

    Bars are stacked per label on the density scale, so each colour's area is
    that component's share of the data; dashed curves are the weighted component
    densities ``w_k N(x | mu_k, sd_k)`` and the black curve is their sum.
    """
    if not isinstance(sample, MixtureSample):
        raise ValueError(f"sample must be a MixtureSample, got {type(sample).__name__}")
    if ax is None:
        _, ax = plt.subplots()
    k = sample.n_components
    colors = [f"C{i}" for i in range(k)]
    edges = np.histogram_bin_edges(sample.x, bins=bins)
    width = np.diff(edges)
    bottom = np.zeros(edges.size - 1)
    for i in range(k):
        counts, _ = np.histogram(sample.x[sample.z == i], bins=edges)
        height = counts / (sample.x.size * width)
        ax.bar(edges[:-1], height, width=width, bottom=bottom, align="edge",
               color=colors[i], alpha=0.45, label=f"label {i} (data)")
        bottom += height
    pad = 0.1 * (sample.x.max() - sample.x.min())
    grid = np.linspace(sample.x.min() - pad, sample.x.max() + pad, grid_points)
    comps = component_densities(grid, sample.w, sample.mu, sample.sigma)
    for i in range(k):
        ax.plot(grid, comps[:, i], "--", color=colors[i], lw=2,
                label="weighted components (true)" if i == 0 else None)
    density = comps.sum(axis=1)
    ax.plot(grid, density, color="black", lw=2, label="true mixture density")
    # the zero-height bars stacked on the tallest one pin the y-limit to its top
    # (their sticky edges), so the tallest bar would look cut off: leave headroom
    ax.set_ylim(0, 1.08 * max(bottom.max(), density.max()))
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    return ax

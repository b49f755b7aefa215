"""A point clustering from a mixture posterior (chapter 8).

The posterior of a mixture says, for every pair of observations, how
probable it is that they come from the same component. Reporting one
partition of the data ("these points form a group") means choosing the
partition that does best on average over the posterior, for a loss that
compares two partitions (Wade & Ghahramani 2018):

* the **posterior similarity matrix** (PSM) ``psm[i, j] = Pr(z_i = z_j | data)``,
  estimated from label draws or from per-draw membership probabilities;
* the **expected Binder loss** of a candidate partition ``c``: the expected
  number of pairs of observations on which ``c`` and the true partition
  disagree (together in one, apart in the other),
  ``sum_{i<j} |1(c_i = c_j) - psm[i, j]|``;
* the **lower bound of the expected variation of information** (VI) that
  Wade & Ghahramani derive with Jensen's inequality, which needs only the PSM;
* :func:`best_partition`, the candidate with the smallest expected loss.

Both losses compare *partitions*, not labels: they do not change when the
clusters are renamed, so they need no relabeling. A partition is an integer
vector of length ``n`` (one cluster name per observation); only which
observations share a name matters.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ._validate import check_integer_labels, check_weights

__all__ = [
    "best_partition",
    "binder_loss",
    "canonical_partition",
    "posterior_similarity",
    "vi_lower_bound_loss",
]

_SAMPLE_DIMS = ("chain", "draw")
_LOSSES = ("binder", "vi")


def _integer_labels(values, name: str) -> np.ndarray:
    # cluster names may be booleans here (a two-cluster partition)
    return check_integer_labels(values, name, allow_bool=True)


def _draws_first(values, name: str, core_dims: tuple[str, ...], obs_dim: str) -> np.ndarray:
    """Array of shape (draws, *core) from a DataArray (dims by name) or an array."""
    if isinstance(values, xr.DataArray):
        missing = [d for d in core_dims if d not in values.dims]
        if missing:
            raise ValueError(f"{name} has no dimension(s) {missing} (dims {values.dims})")
        sample = [d for d in values.dims if d not in core_dims]
        if not sample:
            raise ValueError(f"{name} needs at least one sample dimension (chain, draw), got {values.dims}")
        values = values.transpose(*sample, *core_dims).values
    arr = np.asarray(values)
    if arr.ndim < len(core_dims) + 1:
        raise ValueError(
            f"{name} must have sample dimensions before ({', '.join(core_dims)}), got shape {arr.shape}"
        )
    return arr.reshape((-1, *arr.shape[arr.ndim - len(core_dims):]))


def posterior_similarity(labels=None, membership=None, *, obs_dim: str = "obs_id",
                         cluster_dim: str = "cluster") -> np.ndarray:
    """Posterior similarity matrix ``psm[i, j] = Pr(z_i = z_j | data)``, shape (n, n).

    Give exactly one of the two inputs.

    Parameters
    ----------
    labels : array of int or xarray.DataArray, optional
        Label draws, shape ``(..., n)`` (for example ``(chain, draw, n)``):
        one partition of the ``n`` observations per posterior draw. The PSM is
        the share of draws in which ``i`` and ``j`` share a label.
    membership : array or xarray.DataArray, optional
        Per-draw membership probabilities ``Pr(z_i = k | x_i, theta_t)``, shape
        ``(..., n, K)``, or a DataArray with dims ``obs_dim`` and ``cluster_dim``
        plus sample dims. Given the parameters, labels are independent, so
        ``Pr(z_i = z_j | theta_t) = sum_k p[t, i, k] p[t, j, k]``, averaged over
        draws. This Rao-Blackwellised estimate has less Monte Carlo noise
        than counting label draws.
    obs_dim, cluster_dim : str
        Dimension names used when an input is a DataArray.

    Returns
    -------
    numpy.ndarray of shape (n, n)
        Symmetric, with ones on the diagonal and entries in [0, 1].
    """
    if (labels is None) == (membership is None):
        raise ValueError("give exactly one of labels= or membership=")
    if labels is not None:
        flat = _integer_labels(_draws_first(labels, "labels", (obs_dim,), obs_dim), "labels")
        # one-hot over the cluster names used in each draw: (draws, n, names)
        names = np.unique(flat)
        onehot = (flat[..., None] == names).astype(float)
        psm = np.einsum("tik,tjk->ij", onehot, onehot) / flat.shape[0]
    else:
        p = np.asarray(_draws_first(membership, "membership", (obs_dim, cluster_dim), obs_dim), dtype=float)
        if not np.all(np.isfinite(p)):
            raise ValueError("membership contains NaN or infinite values")
        check_weights(p, name="membership probabilities")
        flat = np.moveaxis(p, 1, 0).reshape(p.shape[1], -1)  # (n, draws * K)
        psm = flat @ flat.T / p.shape[0]
    psm = np.clip((psm + psm.T) / 2, 0.0, 1.0)
    np.fill_diagonal(psm, 1.0)
    return psm


def _check_psm(psm) -> np.ndarray:
    arr = np.asarray(psm, dtype=float)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ValueError(f"psm must be a non-empty square matrix, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < -1e-12) or np.any(arr > 1 + 1e-12):
        raise ValueError("psm must hold probabilities in [0, 1]")
    if not np.allclose(arr, arr.T, atol=1e-10):
        raise ValueError("psm must be symmetric")
    if not np.allclose(np.diag(arr), 1.0):
        raise ValueError("psm must have ones on its diagonal (Pr(z_i = z_i) = 1)")
    return arr


def _check_partition(partition, n: int) -> np.ndarray:
    arr = _integer_labels(partition, "partition")
    if arr.ndim != 1:
        raise ValueError(f"partition must be one-dimensional (one cluster name per observation), got shape {arr.shape}")
    if arr.size != n:
        raise ValueError(f"partition has {arr.size} entries but psm is for {n} observations")
    return arr


def canonical_partition(partition) -> np.ndarray:
    """Rename the clusters 0, 1, 2, ... in the order they first appear.

    Two label vectors that describe the same partition (the same groups under
    other names) get the same canonical form, e.g. ``[2, 2, 0, 1]`` and
    ``[1, 1, 2, 0]`` both become ``[0, 0, 1, 2]``.
    """
    arr = _integer_labels(partition, "partition")
    if arr.ndim != 1:
        raise ValueError(f"partition must be one-dimensional, got shape {arr.shape}")
    _, first, inverse = np.unique(arr, return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.intp)
    rank[np.argsort(first)] = np.arange(first.size)
    return rank[inverse]


def binder_loss(partition, psm) -> float:
    """Posterior expected Binder loss of ``partition`` (equal costs).

    The Binder loss between two partitions counts the pairs ``i < j`` that
    one puts together and the other apart. Its posterior expectation is
    ``sum_{i<j} |1(c_i = c_j) - psm[i, j]|``: a pair put together costs the
    probability that it is apart, and the reverse.

    Parameters
    ----------
    partition : array of int, shape (n,)
    psm : array, shape (n, n)
        Posterior similarity matrix (:func:`posterior_similarity`).

    Returns
    -------
    float
        The expected number of misclassified pairs (0 for a partition that
        every draw agrees with).
    """
    sim = _check_psm(psm)
    c = _check_partition(partition, sim.shape[0])
    same = c[:, None] == c[None, :]
    upper = np.triu_indices(sim.shape[0], k=1)
    return float(np.abs(same[upper] - sim[upper]).sum())


def vi_lower_bound_loss(partition, psm) -> float:
    """Lower bound of the posterior expected variation of information (bits).

    Wade & Ghahramani (2018) bound the expected variation of information
    between ``partition`` and the true partition with Jensen's inequality;
    the bound needs only the posterior similarity matrix:

        (1/n) sum_i [ log2 sum_j 1(c_i = c_j)
                      - 2 log2 sum_j 1(c_i = c_j) psm[i, j]
                      + log2 sum_j psm[i, j] ].

    Minimising it (rather than the expected Binder loss) favours fewer,
    larger clusters when the posterior is unsure.

    Parameters
    ----------
    partition : array of int, shape (n,)
    psm : array, shape (n, n)

    Returns
    -------
    float
    """
    sim = _check_psm(psm)
    c = _check_partition(partition, sim.shape[0])
    same = (c[:, None] == c[None, :]).astype(float)
    terms = (
        np.log2(same.sum(axis=1))
        - 2 * np.log2((same * sim).sum(axis=1))
        + np.log2(sim.sum(axis=1))
    )
    return float(terms.mean())


def best_partition(candidates, psm, loss: str = "binder"):
    """The candidate partition with the smallest posterior expected loss.

    Parameters
    ----------
    candidates : array of int, shape (..., n)
        Candidate partitions, one per row after flattening the leading axes:
        typically the label draws of the posterior (``(chain, draw, n)``),
        to which one can add others such as the per-point argmax partition.
    psm : array, shape (n, n)
        Posterior similarity matrix.
    loss : {"binder", "vi"}
        Expected Binder loss (:func:`binder_loss`) or the lower bound of the
        expected variation of information (:func:`vi_lower_bound_loss`).

    Returns
    -------
    partition : numpy.ndarray of shape (n,)
        The best candidate in canonical form (:func:`canonical_partition`).
    index : int
        Its row among the flattened candidates.
    losses : numpy.ndarray
        The expected loss of every candidate, shape of the leading axes.
    """
    if loss not in _LOSSES:
        raise ValueError(f"loss must be one of {_LOSSES}, got {loss!r}")
    sim = _check_psm(psm)
    n = sim.shape[0]
    if isinstance(candidates, xr.DataArray):
        candidates = candidates.values
    arr = _integer_labels(candidates, "candidates")
    if arr.ndim < 1 or arr.shape[-1] != n:
        raise ValueError(f"candidates must have n = {n} entries on their last axis, got shape {arr.shape}")
    flat = arr.reshape(-1, n)
    # score each distinct partition once: label draws repeat a lot
    canon = np.stack([canonical_partition(c) for c in flat])
    unique, inverse = np.unique(canon, axis=0, return_inverse=True)
    score = binder_loss if loss == "binder" else vi_lower_bound_loss
    unique_losses = np.array([score(c, sim) for c in unique])
    losses = unique_losses[inverse.ravel()]
    index = int(np.argmin(losses))
    return canon[index], index, losses.reshape(arr.shape[:-1])

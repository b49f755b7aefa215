"""Relabeling algorithms for label switching (chapter 4).

The likelihood of a K-component mixture does not change when the component
labels are permuted, so an MCMC sample of its posterior may hold draws (or
whole chains) in which "component 0" means different things. The functions
here find, for every draw, a permutation of the labels that makes the draws
agree, and apply it to every per-component variable of the posterior.

Conventions
-----------
* A *posterior* is an ``xarray.Dataset`` with ``chain`` and ``draw`` dims
  (``idata.posterior.to_dataset()``); what ``pm.sample`` returns (an ``xarray.DataTree``)
  and its ``posterior`` node are accepted as well, and the posterior group is used.
* Per-component variables are those that carry the ``cluster`` dim
  (``w``, ``mu``, ``sigma`` in the book's models).
* ``perms`` has shape ``(chain, draw, K)``; ``perms[c, d, k]`` is the old label
  that becomes new label ``k`` in draw ``(c, d)``, i.e.
  ``new[..., k] = old[..., perms[c, d, k]]``.

Every method returns ``(relabeled, perms)``: a relabeled *copy* of the
posterior and the permutations that produced it. The input is never modified.

Methods
-------
* :func:`sort_by` -- order the components by one parameter in every draw.
* :func:`stephens` -- Stephens' (2000) Kullback--Leibler algorithm on the
  per-draw membership probabilities (its iteration on plain arrays:
  :func:`stephens_permutations`).
* :func:`ecr` -- equivalence-classes representatives (Papastamoulis and
  Iliopoulos, 2010): make every draw's allocation vector agree as much as
  possible with a pivot allocation.

Helpers: :func:`apply_permutations`, :func:`allocations_from_membership`,
:func:`co_clustering`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr
from scipy.optimize import linear_sum_assignment

from ._validate import check_integer_labels, check_rng, check_weights, posterior_dataset
from .membership import draw_labels_from_probabilities

__all__ = [
    "allocations_from_membership",
    "apply_permutations",
    "co_clustering",
    "ecr",
    "sort_by",
    "stephens",
    "stephens_permutations",
]

_SAMPLE_DIMS = ("chain", "draw")
_TINY = np.finfo(float).tiny  # keeps log(q) finite


# --------------------------------------------------------------------------- checks
def _as_posterior(data, cluster_dim: str) -> xr.Dataset:
    """Return the posterior Dataset of ``data`` after checking its dims."""
    data = posterior_dataset(data)
    for dim in _SAMPLE_DIMS:
        if dim not in data.dims:
            raise ValueError(f"the posterior must have a {dim!r} dimension, got dims {tuple(data.dims)}")
    if cluster_dim not in data.dims:
        raise ValueError(
            f"the posterior has no {cluster_dim!r} dimension (dims {tuple(data.dims)}); "
            "pass cluster_dim= the name of the component dimension"
        )
    if data.sizes[cluster_dim] < 2:
        raise ValueError(f"relabeling needs at least 2 components, got {data.sizes[cluster_dim]}")
    return data


def _component_vars(post: xr.Dataset, component_vars, cluster_dim: str) -> list[str]:
    if component_vars is None:
        names = [name for name, da in post.data_vars.items() if cluster_dim in da.dims]
    else:
        if isinstance(component_vars, str):
            component_vars = [component_vars]
        names = list(component_vars)
        for name in names:
            if name not in post.data_vars:
                raise ValueError(f"variable {name!r} is not in the posterior (has {list(post.data_vars)})")
            da = post[name]
            if cluster_dim not in da.dims:
                raise ValueError(f"variable {name!r} has no {cluster_dim!r} dimension (dims {da.dims})")
    for name in names:
        da = post[name]
        if not all(d in da.dims for d in _SAMPLE_DIMS):
            raise ValueError(f"variable {name!r} must have 'chain' and 'draw' dimensions")
        if not np.all(np.isfinite(da.values)):
            raise ValueError(f"variable {name!r} contains NaN or infinite values")
    if not names:
        raise ValueError(f"no posterior variable has a {cluster_dim!r} dimension")
    return names


def _check_perms(perms, n_chain: int, n_draw: int, k: int) -> np.ndarray:
    arr = np.asarray(perms)
    if arr.shape != (n_chain, n_draw, k):
        raise ValueError(f"perms must have shape (chain, draw, K) = {(n_chain, n_draw, k)}, got {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"perms must hold integers, got dtype {arr.dtype}")
    if not np.array_equal(np.sort(arr, axis=-1), np.broadcast_to(np.arange(k), arr.shape)):
        raise ValueError("every perms[c, d] must be a permutation of 0..K-1")
    return arr.astype(np.intp)


def _sample_array(values, name: str, dims: tuple[str, ...], shape_text: str) -> np.ndarray:
    """``values`` as an array with axes (chain, draw, *dims); a DataArray is ordered by dim name."""
    if isinstance(values, xr.DataArray):
        wanted = (*_SAMPLE_DIMS, *dims)
        if set(values.dims) != set(wanted):
            raise ValueError(f"{name} must have dims {wanted}, got {values.dims}")
        return values.transpose(*wanted).values
    arr = np.asarray(values)
    if arr.ndim != 2 + len(dims):
        raise ValueError(f"{name} must have shape {shape_text}, got shape {arr.shape}")
    return arr


def _membership_values(membership, cluster_dim: str, obs_dim: str) -> np.ndarray:
    """Membership probabilities as a float array of shape (chain, draw, n, K) (shape checked)."""
    arr = _sample_array(membership, "membership", (obs_dim, cluster_dim), "(chain, draw, n, K)")
    return np.asarray(arr, dtype=float)


def _check_membership_values(arr: np.ndarray, check_sum: bool = True) -> None:
    if not np.all(np.isfinite(arr)):
        raise ValueError("membership contains NaN or infinite values")
    if check_sum:
        check_weights(arr, name="membership probabilities")


def _membership_array(membership, post: xr.Dataset, cluster_dim: str, obs_dim: str) -> np.ndarray:
    """Membership probabilities of shape (chain, draw, n, K), checked against the posterior."""
    arr = _membership_values(membership, cluster_dim, obs_dim)
    n_chain, n_draw, k = post.sizes["chain"], post.sizes["draw"], post.sizes[cluster_dim]
    if arr.shape[:2] != (n_chain, n_draw):
        raise ValueError(
            f"membership has {arr.shape[:2]} (chain, draw) but the posterior has {(n_chain, n_draw)}"
        )
    if arr.shape[3] != k:
        raise ValueError(f"membership has K = {arr.shape[3]} components but the posterior has K = {k}")
    if arr.shape[2] < 1:
        raise ValueError("membership must hold at least one observation")
    _check_membership_values(arr)
    return arr


def _allocation_array(allocations, post: xr.Dataset, cluster_dim: str, obs_dim: str) -> np.ndarray:
    arr = _sample_array(allocations, "allocations", (obs_dim,), "(chain, draw, n)")
    n_chain, n_draw, k = post.sizes["chain"], post.sizes["draw"], post.sizes[cluster_dim]
    if arr.shape[:2] != (n_chain, n_draw):
        raise ValueError(
            f"allocations have {arr.shape[:2]} (chain, draw) but the posterior has {(n_chain, n_draw)}"
        )
    return _check_labels(arr, k, "allocations")


def _check_labels(arr, k: int, name: str) -> np.ndarray:
    arr = check_integer_labels(arr, name)
    if arr.min() < 0 or arr.max() >= k:
        raise ValueError(f"{name} must hold labels in 0..{k - 1}, got values from {arr.min()} to {arr.max()}")
    return arr


# ------------------------------------------------------------------ permutations
def apply_permutations(posterior, perms, component_vars=None, cluster_dim: str = "cluster") -> xr.Dataset:
    """Return a copy of ``posterior`` with the labels of every draw permuted.

    ``new[..., k] = old[..., perms[c, d, k]]`` for every variable in
    ``component_vars`` (default: every variable with a ``cluster_dim``
    dimension); other variables are copied unchanged.
    """
    post = _as_posterior(posterior, cluster_dim)
    names = _component_vars(post, component_vars, cluster_dim)
    k = post.sizes[cluster_dim]
    perms = _check_perms(perms, post.sizes["chain"], post.sizes["draw"], k)
    out = post.copy()
    for name in names:
        da = post[name]
        other = [d for d in da.dims if d not in (*_SAMPLE_DIMS, cluster_dim)]
        moved = da.transpose(*_SAMPLE_DIMS, *other, cluster_dim)
        index = perms.reshape(perms.shape[:2] + (1,) * len(other) + (k,))
        values = np.take_along_axis(moved.values, index, axis=-1)
        out[name] = moved.copy(data=values).transpose(*da.dims)
    return out


def _assignment(cost: np.ndarray) -> np.ndarray:
    """For a (K_new, K_old) cost matrix, the old label given to each new label."""
    rows, cols = linear_sum_assignment(cost)
    perm = np.empty(cost.shape[0], dtype=np.intp)
    perm[rows] = cols
    return perm


def _order_globally(post, perms, names, cluster_dim, order_by):
    """Compose ``perms`` with one global permutation so that the posterior
    means of ``order_by`` increase over the relabeled components."""
    if order_by is None:
        return perms
    if order_by not in names:
        raise ValueError(f"order_by={order_by!r} must be one of the relabeled variables {names}")
    relabeled = apply_permutations(post, perms, [order_by], cluster_dim)
    means = relabeled[order_by].mean(_SAMPLE_DIMS)
    extra = [d for d in means.dims if d != cluster_dim]
    if extra:
        raise ValueError(f"order_by={order_by!r} must have only the dims chain, draw and {cluster_dim!r}")
    g = np.argsort(means.values, kind="stable")
    return np.take_along_axis(perms, np.broadcast_to(g, perms.shape), axis=-1)


# -------------------------------------------------------------------- sort_by
def sort_by(posterior, var: str = "mu", component_vars=None, cluster_dim: str = "cluster",
            descending: bool = False):
    """Relabel every draw so that ``var`` is increasing over the components.

    The simplest relabeling: an ordering constraint imposed after sampling.
    It is only as good as the separation of ``var``: when two components have
    (nearly) equal values of ``var`` it swaps labels on noise.

    Parameters
    ----------
    posterior : xarray.DataTree or xarray.Dataset
        The posterior, with dims ``chain``, ``draw`` and ``cluster_dim``.
    var : str
        The per-component variable to sort by (dims ``chain, draw, cluster``).
    component_vars : sequence of str, optional
        Variables to permute; default every variable with ``cluster_dim``.
    descending : bool
        Sort from largest to smallest instead.

    Returns
    -------
    relabeled : xarray.Dataset
    perms : numpy.ndarray of shape (chain, draw, K)
    """
    post = _as_posterior(posterior, cluster_dim)
    names = _component_vars(post, component_vars, cluster_dim)
    if var not in post.data_vars:
        raise ValueError(f"variable {var!r} is not in the posterior (has {list(post.data_vars)})")
    key = post[var]
    if set(key.dims) != {*_SAMPLE_DIMS, cluster_dim}:
        raise ValueError(f"{var!r} must have exactly the dims ('chain', 'draw', {cluster_dim!r}), got {key.dims}")
    values = key.transpose(*_SAMPLE_DIMS, cluster_dim).values
    if not np.all(np.isfinite(values)):
        raise ValueError(f"variable {var!r} contains NaN or infinite values")
    perms = np.argsort(-values if descending else values, axis=-1, kind="stable")
    relabeled = apply_permutations(post, perms, names, cluster_dim)
    relabeled.attrs["relabel_method"] = f"sort_by({var!r})"
    return relabeled, perms


# ------------------------------------------------------------------- stephens
def stephens_permutations(p, q, max_iter=100):
    """The core of Stephens' algorithm, on plain arrays.

    ``p``: membership probabilities, shape (draws, n, K); ``q``: the
    starting consensus matrix, shape (n, K). Returns the permutations,
    shape (draws, K), and the number of passes used.
    """
    perms = np.full((p.shape[0], p.shape[2]), -1, dtype=np.intp)
    for iteration in range(1, max_iter + 1):
        # cost[t, k, j] = -sum_i p[t, i, j] log q[i, k], k new and j old
        cost = -np.einsum("tij,ik->tkj", p, np.log(np.maximum(q, _TINY)))
        new = np.stack([_assignment(c) for c in cost])
        if np.array_equal(new, perms):
            break  # no draw changed its permutation: a local optimum
        perms = new
        # q = the average over the draws of the relabeled p
        q = np.take_along_axis(p, perms[:, None, :], axis=-1).mean(axis=0)
    return perms, iteration


def stephens(posterior, membership, component_vars=None, cluster_dim: str = "cluster",
             obs_dim: str = "obs_id", reference=(0, 0), max_iter: int = 100, order_by: str | None = None):
    """Stephens' (2000) Kullback--Leibler relabeling algorithm.

    Let ``p[t, i, k]`` be the membership probability Pr(z_i = k | x_i, theta_t)
    of observation i in draw t. The algorithm looks for permutations
    ``nu_t`` and a single matrix ``Q`` of "consensus" membership probabilities
    that minimise the summed Kullback--Leibler divergence

        sum_t sum_i KL( p[t, i, nu_t(.)] || Q[i, .] ),

    alternating two steps until no permutation changes:

    1. ``Q[i, k]`` = the average over draws of the relabeled ``p[t, i, nu_t(k)]``;
    2. for each draw, the permutation that minimises its divergence from ``Q``:
       a linear assignment problem on the K x K matrix
       ``C[k, j] = -sum_i p[t, i, j] log Q[i, k]``, solved with the Hungarian
       algorithm (``scipy.optimize.linear_sum_assignment``).

    Each step lowers the objective, so the iteration stops at a local optimum.
    It starts from ``Q = p[reference]``, the membership probabilities of one
    draw (so the first pass aligns every draw to that draw).

    Parameters
    ----------
    posterior : xarray.DataTree or xarray.Dataset
    membership : xarray.DataArray or array
        Per-draw membership probabilities, dims ``(chain, draw, obs_dim,
        cluster_dim)`` (as returned by :func:`mixture_tools.membership_probabilities`)
        or a NumPy array of shape ``(chain, draw, n, K)``.
    reference : (int, int)
        ``(chain, draw)`` index of the draw used to start the iteration.
    max_iter : int
        Upper bound on the number of passes.
    order_by : str, optional
        The algorithm fixes the labels only up to one global renaming (the
        labels of the reference draw). With ``order_by="mu"`` the result is
        renamed once, for all draws, so that the posterior means of ``mu``
        increase with the label, which makes it comparable with an ordered fit.

    Returns
    -------
    relabeled : xarray.Dataset
        ``attrs["relabel_iterations"]`` holds the number of passes used.
    perms : numpy.ndarray of shape (chain, draw, K)
    """
    post = _as_posterior(posterior, cluster_dim)
    names = _component_vars(post, component_vars, cluster_dim)
    p = _membership_array(membership, post, cluster_dim, obs_dim)
    n_chain, n_draw, n_obs, k = p.shape
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    try:
        c0, d0 = (int(i) for i in reference)
        q = p[c0, d0]
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"reference must be a valid (chain, draw) index pair, got {reference!r}") from None

    flat = p.reshape(n_chain * n_draw, n_obs, k)
    perms, iteration = stephens_permutations(flat, q, int(max_iter))
    perms = _order_globally(post, perms.reshape(n_chain, n_draw, k), names, cluster_dim, order_by)
    relabeled = apply_permutations(post, perms, names, cluster_dim)
    relabeled.attrs["relabel_method"] = "stephens"
    relabeled.attrs["relabel_iterations"] = iteration
    return relabeled, perms


# ------------------------------------------------------------------------ ecr
def ecr(posterior, allocations, pivot, component_vars=None, cluster_dim: str = "cluster",
        obs_dim: str = "obs_id", order_by: str | None = None):
    """Equivalence-classes-representatives relabeling (Papastamoulis & Iliopoulos, 2010).

    Two allocation vectors that differ only by a relabeling of the components
    are equivalent. ECR picks, in every draw, the permutation whose relabeled
    allocation vector agrees with a fixed *pivot* allocation for as many
    observations as possible: with ``M[k, j]`` the number of observations
    that have pivot label ``k`` and label ``j`` in the draw, it maximises
    ``sum_k M[k, perm[k]]`` (a linear assignment problem).

    Parameters
    ----------
    posterior : xarray.DataTree or xarray.Dataset
    allocations : xarray.DataArray or array of int
        One allocation vector per draw, dims ``(chain, draw, obs_dim)`` or a
        NumPy array of shape ``(chain, draw, n)`` with labels in ``0..K-1``.
        For a model with marginalized labels, see
        :func:`allocations_from_membership`.
    pivot : array of int, shape (n,)
        The pivot allocation, e.g. the allocation of the draw with the highest
        log posterior density.
    order_by : str, optional
        As in :func:`stephens`: rename the labels once, for all draws, so that
        the posterior means of this variable increase with the label
        (otherwise the labels are those of the pivot).

    Returns
    -------
    relabeled : xarray.Dataset
    perms : numpy.ndarray of shape (chain, draw, K)
    """
    post = _as_posterior(posterior, cluster_dim)
    names = _component_vars(post, component_vars, cluster_dim)
    z = _allocation_array(allocations, post, cluster_dim, obs_dim)
    k = post.sizes[cluster_dim]
    pivot_arr = np.asarray(pivot.values if isinstance(pivot, xr.DataArray) else pivot)
    if pivot_arr.ndim != 1:
        raise ValueError(f"pivot must be one-dimensional (one label per observation), got shape {pivot_arr.shape}")
    if pivot_arr.size != z.shape[-1]:
        raise ValueError(f"pivot has {pivot_arr.size} labels but the allocations have {z.shape[-1]} observations")
    pivot_arr = _check_labels(pivot_arr, k, "pivot")

    n_chain, n_draw, _ = z.shape
    flat = z.reshape(n_chain * n_draw, -1)
    # counts[t, k_pivot, j_draw]: observations with pivot label k and draw label j
    counts = np.zeros((flat.shape[0], k, k), dtype=np.int64)
    t_index = np.repeat(np.arange(flat.shape[0]), flat.shape[1])
    np.add.at(counts, (t_index, np.tile(pivot_arr, flat.shape[0]), flat.ravel()), 1)
    perms = np.stack([_assignment(-c) for c in counts]).reshape(n_chain, n_draw, k)
    perms = _order_globally(post, perms, names, cluster_dim, order_by)
    relabeled = apply_permutations(post, perms, names, cluster_dim)
    relabeled.attrs["relabel_method"] = "ecr"
    return relabeled, perms


# -------------------------------------------------------------------- helpers
def allocations_from_membership(membership, rng=None, cluster_dim: str = "cluster",
                                obs_dim: str = "obs_id") -> np.ndarray:
    """One allocation vector per draw from per-draw membership probabilities.

    With ``rng=None`` each observation gets its most probable component in
    that draw; with a ``numpy.random.Generator`` (or an integer seed) the
    label is drawn from Categorical(p[t, i, :]), which is a draw of z from
    its full conditional given that draw's parameters.

    Returns an int array of shape ``(chain, draw, n)``.
    """
    p = _membership_values(membership, cluster_dim, obs_dim)
    _check_membership_values(p)
    rng = check_rng(rng, allow_none=True)
    return p.argmax(axis=-1) if rng is None else draw_labels_from_probabilities(p, rng)


def co_clustering(membership, cluster_dim: str = "cluster", obs_dim: str = "obs_id") -> np.ndarray:
    """Posterior co-clustering matrix Pr(z_i = z_j | data), shape (n, n).

    Given the parameters of a draw the labels are independent, so
    Pr(z_i = z_j | theta_t) = sum_k p[t, i, k] p[t, j, k]; averaging over the
    draws gives the posterior probability. It does not depend on how the
    components are labelled, so it needs no relabeling. The diagonal is 1.
    """
    p = _membership_values(membership, cluster_dim, obs_dim)
    _check_membership_values(p, check_sum=False)
    n_draws = p.shape[0] * p.shape[1]
    # (n, draws * K) matrix: one matrix product sums over draws and components
    flat = np.moveaxis(p, 2, 0).reshape(p.shape[2], -1)
    out = flat @ flat.T / n_draws
    np.fill_diagonal(out, 1.0)
    return out

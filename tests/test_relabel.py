"""Unit tests for mixture_tools.relabel (chapter 4).

The central property: take a trace whose labels are consistent, permute the
labels of every draw at random, and relabel. Each method must give back the
original trace up to one global permutation of the labels (the same for all
draws), because labels themselves carry no meaning.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

import mixture_tools as mt
from mixture_tools import relabel


def known_trace(k: int, seed: int, n_chain: int = 2, n_draw: int = 40, n_obs: int = 60):
    """A posterior with well-separated components and consistent labels, plus data."""
    rng = np.random.default_rng(seed)
    centers = 6.0 * np.arange(k)
    mu = centers + 0.2 * rng.standard_normal((n_chain, n_draw, k))
    sigma = 1.0 + 0.1 * rng.random((n_chain, n_draw, k))
    w = rng.dirichlet(50 * np.ones(k), size=(n_chain, n_draw))
    coords = {"chain": np.arange(n_chain), "draw": np.arange(n_draw), "cluster": np.arange(k)}
    dims = ("chain", "draw", "cluster")
    post = xr.Dataset(
        {
            "w": (dims, w),
            "mu": (dims, mu),
            "sigma": (dims, sigma),
            "tau": (("chain", "draw"), rng.random((n_chain, n_draw))),  # not per component
        },
        coords=coords,
    )
    x = mt.simulate_mixture(np.ones(k) / k, centers, np.ones(k), n_obs, rng).x
    return post, x


def random_perms(rng, n_chain, n_draw, k):
    return np.argsort(rng.random((n_chain, n_draw, k)), axis=-1)


def assert_same_up_to_global_permutation(relabeled, original, names=("w", "mu", "sigma")):
    k = original.sizes["cluster"]
    for g in itertools.permutations(range(k)):
        if all(
            np.allclose(relabeled[v].values, original[v].isel(cluster=list(g)).values) for v in names
        ):
            return
    raise AssertionError("relabeled trace is not the original up to one global permutation")


def switched(k, seed):
    post, x = known_trace(k, seed)
    rng = np.random.default_rng(seed + 1)
    perms = random_perms(rng, post.sizes["chain"], post.sizes["draw"], k)
    return post, relabel.apply_permutations(post, perms), x


def membership_of(post, x):
    return mt.membership_probabilities(x, post["w"], post["mu"], post["sigma"])


# ----------------------------------------------------------------- apply_permutations
def test_apply_permutations_convention():
    post, _ = known_trace(3, 0)
    perms = np.broadcast_to(np.array([2, 0, 1]), (2, 40, 3)).copy()
    out = relabel.apply_permutations(post, perms)
    np.testing.assert_allclose(out["mu"].values[..., 0], post["mu"].values[..., 2])
    np.testing.assert_allclose(out["mu"].values[..., 1], post["mu"].values[..., 0])
    # variables without the cluster dim are untouched, the input is not modified
    np.testing.assert_allclose(out["tau"].values, post["tau"].values)
    assert not np.allclose(out["mu"].values, post["mu"].values)


def test_apply_permutations_keeps_extra_dims_and_order():
    post, x = known_trace(2, 1)
    post["resp"] = membership_of(post, x)  # dims (chain, draw, obs_id, cluster)
    post["mu_t"] = post["mu"].transpose("cluster", "chain", "draw")
    perms = np.broadcast_to(np.array([1, 0]), (2, 40, 2)).copy()
    out = relabel.apply_permutations(post, perms)
    assert out["resp"].dims == post["resp"].dims
    assert out["mu_t"].dims == ("cluster", "chain", "draw")
    np.testing.assert_allclose(out["resp"].values[..., 0], post["resp"].values[..., 1])
    np.testing.assert_allclose(out["mu_t"].values[0], post["mu"].values[..., 1])


def test_inverse_permutation_restores():
    post, x = known_trace(3, 2)
    rng = np.random.default_rng(3)
    perms = random_perms(rng, 2, 40, 3)
    there = relabel.apply_permutations(post, perms)
    back = relabel.apply_permutations(there, np.argsort(perms, axis=-1))
    for v in ("w", "mu", "sigma"):
        np.testing.assert_allclose(back[v].values, post[v].values)


# ----------------------------------------------------------- recovery (property tests)
@settings(max_examples=8, deadline=None)
@given(k=st.integers(2, 4), seed=st.integers(0, 10_000))
def test_sort_by_recovers_original(k, seed):
    original, sw, _ = switched(k, seed)
    out, perms = relabel.sort_by(sw, var="mu")
    assert perms.shape == (2, 40, k)
    assert_same_up_to_global_permutation(out, original)
    assert np.all(np.diff(out["mu"].values, axis=-1) > 0)


@settings(max_examples=8, deadline=None)
@given(k=st.integers(2, 4), seed=st.integers(0, 10_000))
def test_stephens_recovers_original(k, seed):
    original, sw, x = switched(k, seed)
    out, perms = relabel.stephens(sw, membership_of(sw, x))
    assert perms.shape == (2, 40, k)
    assert_same_up_to_global_permutation(out, original)
    # the returned permutations reproduce the returned trace
    again = relabel.apply_permutations(sw, perms)
    np.testing.assert_allclose(again["mu"].values, out["mu"].values)



def test_stephens_permutations_undoes_known_permutations():
    # plain arrays: every draw is a permuted copy of one membership matrix
    rng = np.random.default_rng(4)
    k, n_draw = 3, 30
    base = rng.dirichlet(np.ones(k) / 2, size=50)  # (n, K)
    true = np.argsort(rng.random((n_draw, k)), axis=-1)  # (draws, K)
    scrambled = np.stack([base[:, np.argsort(t)] for t in true])
    perms, passes = relabel.stephens_permutations(scrambled, scrambled[0])
    assert perms.shape == (n_draw, k) and 1 <= passes <= 100
    realigned = np.take_along_axis(scrambled, perms[:, None, :], axis=-1)
    np.testing.assert_allclose(realigned, np.broadcast_to(scrambled[0], realigned.shape))
    # the same permutations as the Dataset version uses; a limit of one pass is obeyed
    _, sw, x = switched(2, 5)
    p = np.asarray(membership_of(sw, x).transpose("chain", "draw", "obs_id", "cluster"))
    flat = p.reshape(-1, *p.shape[2:])
    _, perms_ds = relabel.stephens(sw, p)
    np.testing.assert_array_equal(relabel.stephens_permutations(flat, flat[0])[0], perms_ds.reshape(-1, 2))
    assert relabel.stephens_permutations(flat, flat[0], max_iter=1)[1] == 1

@settings(max_examples=8, deadline=None)
@given(k=st.integers(2, 4), seed=st.integers(0, 10_000), sampled=st.booleans())
def test_ecr_recovers_original(k, seed, sampled):
    original, sw, x = switched(k, seed)
    memb = membership_of(sw, x)
    alloc = relabel.allocations_from_membership(memb, rng=seed if sampled else None)
    out, perms = relabel.ecr(sw, alloc, pivot=alloc[0, 0])
    assert perms.shape == (2, 40, k)
    assert_same_up_to_global_permutation(out, original)


def test_order_by_gives_the_original_labels():
    original, sw, x = switched(3, 21)
    memb = membership_of(sw, x)
    out, perms = relabel.stephens(sw, memb, order_by="mu")
    np.testing.assert_allclose(out["mu"].values, original["mu"].values)
    alloc = relabel.allocations_from_membership(memb)
    out, _ = relabel.ecr(sw, alloc, pivot=alloc[0, 1], order_by="mu")
    np.testing.assert_allclose(out["sigma"].values, original["sigma"].values)
    with pytest.raises(ValueError, match="order_by"):
        relabel.ecr(sw, alloc, pivot=alloc[0, 1], order_by="tau")


def test_methods_accept_datatree_and_numpy_membership():
    original, sw, x = switched(2, 5)
    idata = xr.DataTree.from_dict({"posterior": sw})  # the shape of what pm.sample returns
    memb = membership_of(sw, x)
    out, _ = relabel.stephens(idata, memb.values)
    assert isinstance(out, xr.Dataset)
    assert_same_up_to_global_permutation(out, original)
    out, _ = relabel.sort_by(idata, "mu", component_vars=("w", "mu", "sigma"))
    assert_same_up_to_global_permutation(out, original)
    # the posterior node (idata.posterior) is accepted as well
    out, _ = relabel.sort_by(idata.posterior, "mu")
    assert_same_up_to_global_permutation(out, original)


def test_sort_by_descending_and_other_variable():
    post, _ = known_trace(3, 7)
    out, _ = relabel.sort_by(post, var="mu", descending=True)
    assert np.all(np.diff(out["mu"].values, axis=-1) < 0)
    out, _ = relabel.sort_by(post, var="sigma")
    assert np.all(np.diff(out["sigma"].values, axis=-1) >= 0)


# -------------------------------------------------------------------- helpers
def test_allocations_from_membership():
    p = np.zeros((1, 2, 3, 2))
    p[..., 0] = [0.9, 0.2, 0.6]
    p[..., 1] = 1 - p[..., 0]
    np.testing.assert_array_equal(relabel.allocations_from_membership(p), [[[0, 1, 0]] * 2])
    draws = relabel.allocations_from_membership(np.broadcast_to(p, (50, 2, 3, 2)), rng=0)
    assert draws.shape == (50, 2, 3)
    assert abs(draws[..., 0].mean() - 0.1) < 0.1  # label 1 with probability 0.1


def test_co_clustering_is_label_invariant():
    post, sw, x = switched(3, 11)
    a = relabel.co_clustering(membership_of(post, x))
    b = relabel.co_clustering(membership_of(sw, x))
    np.testing.assert_allclose(a, b)
    assert a.shape == (x.size, x.size)
    np.testing.assert_allclose(np.diag(a), 1.0)
    np.testing.assert_allclose(a, a.T)
    assert np.all((a >= -1e-12) & (a <= 1 + 1e-12))


# ------------------------------------------------------------------ bad input
def test_bad_posterior_input():
    post, x = known_trace(2, 0)
    with pytest.raises(ValueError, match="expected an xarray.DataTree with a posterior group .* got ndarray"):
        relabel.sort_by(post["mu"].values)
    with pytest.raises(ValueError, match="'chain'"):
        relabel.sort_by(post.isel(chain=0, drop=True))
    with pytest.raises(ValueError, match="no 'component'"):
        relabel.sort_by(post, cluster_dim="component")
    with pytest.raises(ValueError, match="not in the posterior"):
        relabel.sort_by(post, var="nu")
    with pytest.raises(ValueError, match="exactly the dims"):
        relabel.sort_by(post.assign(mu=post["mu"].expand_dims(extra=2)), var="mu")
    with pytest.raises(ValueError, match="at least 2 components"):
        relabel.sort_by(post.isel(cluster=[0]))
    with pytest.raises(ValueError, match="no 'cluster' dimension"):
        relabel.sort_by(post, component_vars=["tau"])


def test_nan_raises():
    post, x = known_trace(2, 0)
    bad = post.copy(deep=True)
    bad["mu"][0, 3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        relabel.sort_by(bad)
    memb = membership_of(post, x).copy()
    memb[0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        relabel.stephens(post, memb)
    with pytest.raises(ValueError, match="NaN"):
        relabel.co_clustering(memb)
    alloc = relabel.allocations_from_membership(membership_of(post, x)).astype(float)
    alloc[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        relabel.ecr(post, alloc, pivot=np.zeros(x.size, dtype=int))


def test_k_mismatch_raises():
    post, x = known_trace(2, 0)
    post3, _ = known_trace(3, 0)
    memb3 = membership_of(post3, x)
    with pytest.raises(ValueError, match="K = 3"):
        relabel.stephens(post, memb3)
    alloc3 = relabel.allocations_from_membership(memb3)
    alloc3[..., 0] = 2
    with pytest.raises(ValueError, match=r"labels in 0\.\.1"):
        relabel.ecr(post, alloc3, pivot=np.zeros(x.size, dtype=int))
    alloc = relabel.allocations_from_membership(membership_of(post, x))
    with pytest.raises(ValueError, match=r"labels in 0\.\.1"):
        relabel.ecr(post, alloc, pivot=np.full(x.size, 2))
    with pytest.raises(ValueError, match="perms must have shape"):
        relabel.apply_permutations(post, np.zeros((2, 40, 3), dtype=int))


def test_wrong_dims_raise():
    post, x = known_trace(2, 0)
    memb = membership_of(post, x)
    with pytest.raises(ValueError, match="membership must have dims"):
        relabel.stephens(post, memb.rename(obs_id="obs"))
    with pytest.raises(ValueError, match=r"shape \(chain, draw, n, K\)"):
        relabel.stephens(post, memb.values[0])
    with pytest.raises(ValueError, match="chain, draw"):
        relabel.stephens(post, memb.values[:, :10])
    alloc = relabel.allocations_from_membership(memb)
    with pytest.raises(ValueError, match=r"shape \(chain, draw, n\)"):
        relabel.ecr(post, alloc[0], pivot=alloc[0, 0])
    with pytest.raises(ValueError, match="one-dimensional"):
        relabel.ecr(post, alloc, pivot=alloc[0])
    with pytest.raises(ValueError, match="observations"):
        relabel.ecr(post, alloc, pivot=alloc[0, 0, :-1])
    with pytest.raises(ValueError, match="permutation"):
        relabel.apply_permutations(post, np.zeros((2, 40, 2), dtype=int))
    with pytest.raises(ValueError, match="sum to 1"):
        relabel.stephens(post, memb * 2)
    with pytest.raises(ValueError, match="reference"):
        relabel.stephens(post, memb, reference=(5, 0))
    with pytest.raises(ValueError, match="max_iter"):
        relabel.stephens(post, memb, max_iter=0)
    with pytest.raises(ValueError, match="rng"):
        relabel.allocations_from_membership(memb, rng="seed")


def test_component_vars_may_be_one_name():
    post, _ = known_trace(3, 4)
    perms = np.broadcast_to(np.array([2, 0, 1]), (2, 40, 3)).copy()
    out = relabel.apply_permutations(post, perms, component_vars="mu")
    np.testing.assert_allclose(out["mu"].values[..., 0], post["mu"].values[..., 2])
    np.testing.assert_allclose(out["w"].values, post["w"].values)  # not in component_vars


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        (None, {"component_vars": ["nu"]}, "'nu' is not in the posterior"),
        (None, {"component_vars": []}, "no posterior variable has a 'cluster' dimension"),
        # a per-component variable without the sample dims is picked up by default
        (lambda p: p.assign(mu0=p["mu"].isel(chain=0, draw=0, drop=True)), {}, "'mu0' must have 'chain' and 'draw'"),
        # only a coordinate carries the cluster dim: nothing to relabel
        (lambda p: p.drop_vars(["w", "mu", "sigma"]), {}, "no posterior variable has a 'cluster' dimension"),
        # the sort key is checked for NaN also when it is not one of the permuted variables
        (lambda p: p.assign(mu=p["mu"].where(p["draw"] != 3)), {"component_vars": ["w"]}, "'mu' contains NaN"),
    ],
)
def test_bad_component_vars(change, kwargs, message):
    post, _ = known_trace(2, 0)
    if change is not None:
        post = change(post)
    with pytest.raises(ValueError, match=message):
        relabel.sort_by(post, **kwargs)


@pytest.mark.parametrize(
    ("perms", "message"),
    [
        (np.zeros((2, 40, 2)), "perms must hold integers, got dtype float64"),
        (np.zeros((2, 40, 2), dtype=bool), "perms must hold integers, got dtype bool"),
        (np.zeros((2, 40), dtype=int), r"perms must have shape \(chain, draw, K\) = \(2, 40, 2\), got \(2, 40\)"),
        (np.full((2, 40, 2), [0, 2]), "permutation of 0..K-1"),
    ],
)
def test_bad_perms(perms, message):
    post, _ = known_trace(2, 0)
    with pytest.raises(ValueError, match=message):
        relabel.apply_permutations(post, perms)


@pytest.mark.parametrize(
    ("alloc", "message"),
    [
        (np.zeros((2, 40, 0), dtype=int), "allocations must not be empty"),
        (np.zeros((1, 40, 60), dtype=int), r"allocations have \(1, 40\) \(chain, draw\)"),
        (np.full((2, 40, 60), 0.5), "allocations must hold integer labels"),
        (np.full((2, 40, 60), np.inf), "allocations contains NaN or infinite"),
        (np.zeros((2, 40, 60), dtype=bool), "allocations must hold integer labels, got dtype bool"),
        (np.full((2, 40, 60), "0"), "allocations must hold integer labels, got dtype <U1"),
        (np.full((2, 40, 60), -1), r"labels in 0\.\.1, got values from -1 to -1"),
    ],
)
def test_ecr_bad_allocations(alloc, message):
    post, _ = known_trace(2, 0)
    with pytest.raises(ValueError, match=message):
        relabel.ecr(post, alloc, pivot=np.zeros(alloc.shape[-1], dtype=int))


def test_ecr_accepts_integer_valued_float_allocations_and_dataarray_pivot():
    original, sw, x = switched(2, 8)
    alloc = relabel.allocations_from_membership(membership_of(sw, x))
    pivot = xr.DataArray(alloc[0, 0], dims=["obs_id"])
    out, perms = relabel.ecr(sw, alloc.astype(float), pivot=pivot)
    assert_same_up_to_global_permutation(out, original)
    np.testing.assert_array_equal(perms, relabel.ecr(sw, alloc, pivot=alloc[0, 0])[1])


@pytest.mark.parametrize(
    ("pivot", "message"),
    [
        (np.full(60, 0.5), "pivot must hold integer labels"),
        (np.full(60, np.nan), "pivot contains NaN"),
        (np.full(60, "a"), "pivot must hold integer labels, got dtype <U1"),
        (np.int64(0), r"pivot must be one-dimensional .* got shape \(\)"),
    ],
)
def test_ecr_bad_pivot(pivot, message):
    post, _ = known_trace(2, 0)
    with pytest.raises(ValueError, match=message):
        relabel.ecr(post, np.zeros((2, 40, 60), dtype=int), pivot=pivot)


def test_stephens_bad_membership():
    post, x = known_trace(2, 0)
    memb = membership_of(post, x)
    with pytest.raises(ValueError, match="at least one observation"):
        relabel.stephens(post, memb.values[:, :, :0])
    with pytest.raises(ValueError, match="membership contains NaN or infinite"):
        relabel.stephens(post, memb.where(memb["obs_id"] != 5, np.inf))
    with pytest.raises(ValueError, match="non-negative"):
        relabel.stephens(post, np.concatenate([memb.values[..., :1] + 1, -memb.values[..., :1]], axis=-1))
    # a DataArray in another dim order is transposed, not rejected
    out, perms = relabel.stephens(post, memb.transpose("cluster", "obs_id", "draw", "chain"))
    np.testing.assert_array_equal(perms, relabel.stephens(post, memb)[1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reference": (0, 40)}, "reference"),
        ({"reference": (0,)}, "reference"),
        ({"reference": 0}, "reference"),
        ({"reference": ("a", "b")}, "reference"),
        ({"max_iter": 2.0}, "max_iter must be a positive integer, got 2.0"),
        ({"max_iter": True}, "max_iter must be a positive integer, got True"),
        ({"order_by": "nu"}, "order_by='nu' must be one of the relabeled variables"),
        ({"order_by": "mu", "component_vars": ["w"]}, "order_by='mu' must be one of the relabeled variables"),
        ({"order_by": "resp"}, "order_by='resp' must have only the dims chain, draw and 'cluster'"),
    ],
)
def test_stephens_bad_options(kwargs, message):
    post, x = known_trace(2, 0)
    memb = membership_of(post, x)
    post["resp"] = memb  # a per-component variable with an extra dim
    with pytest.raises(ValueError, match=message):
        relabel.stephens(post, memb, **kwargs)


def test_stephens_stops_at_max_iter():
    _, sw, x = switched(3, 9)
    out, _ = relabel.stephens(sw, membership_of(sw, x), max_iter=1)
    assert out.attrs["relabel_iterations"] == 1


@pytest.mark.parametrize("rng", [-1, True, 1.5, np.random.RandomState(0)])
def test_allocations_from_membership_bad_rng(rng):
    post, x = known_trace(2, 0)
    with pytest.raises(ValueError, match="rng must be None, a numpy.random.Generator or a non-negative integer"):
        relabel.allocations_from_membership(membership_of(post, x), rng=rng)


@pytest.mark.parametrize(
    ("memb", "message"),
    [
        (np.full((1, 2, 3, 2), 0.6), "sum to 1"),
        (np.full((1, 2, 3, 2), np.nan), "NaN"),
        (np.full((2, 3, 2), 0.5), r"shape \(chain, draw, n, K\)"),
        (xr.DataArray(np.full((1, 2, 3, 2), 0.5), dims=("chain", "draw", "obs", "cluster")), "membership must have dims"),
    ],
)
def test_allocations_from_membership_bad_membership(memb, message):
    with pytest.raises(ValueError, match=message):
        relabel.allocations_from_membership(memb)


@pytest.mark.parametrize(
    ("memb", "message"),
    [
        (np.full((2, 3, 2), 0.5), r"shape \(chain, draw, n, K\)"),
        (np.full((1, 2, 3, 2), np.inf), "NaN or infinite"),
        (xr.DataArray(np.full((1, 2, 3, 2), 0.5), dims=("chain", "draw", "obs_id", "k")), "membership must have dims"),
    ],
)
def test_co_clustering_bad_membership(memb, message):
    with pytest.raises(ValueError, match=message):
        relabel.co_clustering(memb)

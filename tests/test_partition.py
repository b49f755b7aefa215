"""Tests for mixture_tools.partition (posterior point clustering, chapter 8)."""

import numpy as np
import pytest
import xarray as xr

from mixture_tools import partition as mtp

# four draws of the partition of 4 observations
LABELS = np.array([
    [0, 0, 1, 1],
    [1, 1, 0, 0],  # the same partition under other names
    [0, 0, 0, 1],
    [2, 2, 1, 0],
])


def test_psm_from_labels_counts_shared_labels():
    psm = mtp.posterior_similarity(labels=LABELS)
    assert psm.shape == (4, 4)
    assert psm[0, 1] == 1.0  # always together
    assert psm[0, 2] == 0.25  # together in one draw of four
    assert psm[2, 3] == 0.5
    np.testing.assert_allclose(psm, psm.T)
    np.testing.assert_allclose(np.diag(psm), 1.0)


def test_psm_accepts_chain_draw_dataarray():
    da = xr.DataArray(LABELS.reshape(2, 2, 4), dims=("chain", "draw", "obs_id"))
    np.testing.assert_allclose(
        mtp.posterior_similarity(labels=da), mtp.posterior_similarity(labels=LABELS)
    )


def test_psm_from_membership_matches_its_definition():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(3), size=(2, 5, 6))  # chain, draw, n, K
    psm = mtp.posterior_similarity(membership=p)
    flat = p.reshape(10, 6, 3)
    expected = np.mean([q @ q.T for q in flat], axis=0)
    np.fill_diagonal(expected, 1.0)
    np.testing.assert_allclose(psm, expected)
    da = xr.DataArray(p, dims=("chain", "draw", "obs_id", "cluster")).transpose(
        "cluster", "chain", "obs_id", "draw"
    )
    np.testing.assert_allclose(mtp.posterior_similarity(membership=da), expected)


def test_psm_from_membership_is_the_limit_of_label_draws():
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.ones(2), size=(1, 1, 4))
    u = rng.random((20000, 4, 1))
    labels = (u > np.cumsum(p[0, 0], axis=-1)).sum(axis=-1)
    np.testing.assert_allclose(
        mtp.posterior_similarity(labels=labels), mtp.posterior_similarity(membership=p), atol=0.02
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "exactly one"),
        ({"labels": LABELS, "membership": np.ones((1, 4, 1))}, "exactly one"),
        ({"labels": np.array([0, 1, 1])}, "sample dimensions"),
        ({"labels": np.array([[0.5, 1.0]])}, "integer"),
        ({"labels": np.array([[np.nan, 1.0]])}, "NaN"),
        ({"labels": np.array([["a", "b"]])}, "integer"),
        ({"labels": np.empty((0, 3), dtype=int)}, "empty"),
        ({"labels": xr.DataArray(LABELS, dims=("draw", "obs"))}, "no dimension"),
        ({"labels": xr.DataArray(LABELS[0], dims=("obs_id",))}, "sample dimension"),
        ({"membership": np.full((1, 2, 2), 0.7)}, "sum to 1"),
        ({"membership": np.array([[[np.nan, 1.0]]])}, "NaN"),
        ({"membership": np.array([[[1.5, -0.5]]])}, "non-negative"),
    ],
)
def test_psm_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mtp.posterior_similarity(**kwargs)


def test_canonical_partition_names_clusters_by_first_appearance():
    np.testing.assert_array_equal(mtp.canonical_partition([2, 2, 0, 1]), [0, 0, 1, 2])
    np.testing.assert_array_equal(mtp.canonical_partition([1, 1, 2, 0]), [0, 0, 1, 2])
    np.testing.assert_array_equal(mtp.canonical_partition([5.0, 3.0, 5.0]), [0, 1, 0])


@pytest.mark.parametrize("bad, message", [([[0, 1]], "one-dimensional"), ([0.5], "integer"), ([], "empty")])
def test_canonical_partition_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        mtp.canonical_partition(bad)


def test_binder_loss_counts_expected_disagreeing_pairs():
    psm = mtp.posterior_similarity(labels=LABELS)
    # pairs (i<j): 01 02 03 12 13 23 with psm 1, .25, 0, .25, 0, .5
    assert mtp.binder_loss([0, 0, 1, 1], psm) == pytest.approx(0 + 0.25 + 0 + 0.25 + 0 + 0.5)
    assert mtp.binder_loss([0, 0, 0, 0], psm) == pytest.approx(0 + 0.75 + 1 + 0.75 + 1 + 0.5)
    # renaming the clusters changes nothing
    assert mtp.binder_loss([7, 7, 3, 3], psm) == mtp.binder_loss([0, 0, 1, 1], psm)


def test_binder_loss_is_zero_when_the_posterior_is_certain():
    psm = mtp.posterior_similarity(labels=np.array([[0, 0, 1], [1, 1, 0]]))
    assert mtp.binder_loss([4, 4, 2], psm) == 0.0


def test_vi_lower_bound_is_zero_for_a_certain_posterior_and_positive_otherwise():
    certain = mtp.posterior_similarity(labels=np.array([[0, 0, 1], [1, 1, 0]]))
    assert mtp.vi_lower_bound_loss([0, 0, 1], certain) == pytest.approx(0.0)
    assert mtp.vi_lower_bound_loss([0, 1, 1], certain) > 0.5
    psm = mtp.posterior_similarity(labels=LABELS)
    # the formula, written out for observation 0 of the partition [0, 0, 1, 1]
    c = np.array([0, 0, 1, 1])
    same = (c[:, None] == c[None, :]).astype(float)
    expected = np.mean(np.log2(same.sum(1)) - 2 * np.log2((same * psm).sum(1)) + np.log2(psm.sum(1)))
    assert mtp.vi_lower_bound_loss(c, psm) == pytest.approx(expected)


@pytest.mark.parametrize("loss", [mtp.binder_loss, mtp.vi_lower_bound_loss])
@pytest.mark.parametrize(
    "partition, psm, message",
    [
        ([0, 1], np.ones((3, 3)), "3 observations"),
        ([[0, 1, 2]], np.ones((3, 3)), "one-dimensional"),
        ([0, 0.5, 1], np.ones((3, 3)), "integer"),
        ([0, 1, 2], np.ones((3, 2)), "square"),
        ([0, 1, 2], np.full((3, 3), 2.0), r"\[0, 1\]"),
        ([0, 1, 2], np.array([[1, 0.2, 0], [0.3, 1, 0], [0, 0, 1]]), "symmetric"),
        ([0, 1, 2], np.full((3, 3), 0.5), "diagonal"),
    ],
)
def test_losses_reject_bad_input(loss, partition, psm, message):
    with pytest.raises(ValueError, match=message):
        loss(partition, psm)


@pytest.mark.parametrize("loss", ["binder", "vi"])
def test_best_partition_picks_the_candidate_with_smallest_loss(loss):
    psm = mtp.posterior_similarity(labels=LABELS)
    part, index, losses = mtp.best_partition(LABELS, psm, loss=loss)
    assert losses.shape == (4,)
    score = mtp.binder_loss if loss == "binder" else mtp.vi_lower_bound_loss
    np.testing.assert_allclose(losses, [score(c, psm) for c in LABELS])
    assert index == int(np.argmin(losses))
    np.testing.assert_array_equal(part, mtp.canonical_partition(LABELS[index]))
    # the two draws that describe the same partition have the same loss
    assert losses[0] == losses[1]


def test_best_partition_keeps_the_shape_of_the_candidates():
    psm = mtp.posterior_similarity(labels=LABELS)
    _, index, losses = mtp.best_partition(LABELS.reshape(2, 2, 4), psm)
    assert losses.shape == (2, 2)
    assert losses.ravel()[index] == losses.min()
    da = xr.DataArray(LABELS.reshape(2, 2, 4), dims=("chain", "draw", "obs_id"))
    assert mtp.best_partition(da, psm)[1] == index


@pytest.mark.parametrize(
    "candidates, loss, message",
    [
        (LABELS, "l2", "loss must be"),
        (LABELS[:, :3], "binder", "n = 4"),
        (LABELS + 0.5, "binder", "integer"),
    ],
)
def test_best_partition_rejects_bad_input(candidates, loss, message):
    psm = mtp.posterior_similarity(labels=LABELS)
    with pytest.raises(ValueError, match=message):
        mtp.best_partition(candidates, psm, loss=loss)

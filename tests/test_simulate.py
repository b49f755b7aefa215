"""Unit tests of mixture_tools.simulate: results and every bad input."""

import numpy as np
import pytest
from scipy import integrate

import mixture_tools as mt


def test_simulate_returns_values_labels_and_parameters():
    s = mt.simulate_mixture([0.2, 0.8], [-1.0, 3.0], [0.5, 1.0], n=1000, rng=0)
    assert s.x.shape == s.z.shape == (1000,)
    assert set(np.unique(s.z)) <= {0, 1}
    assert s.n_components == 2
    np.testing.assert_allclose(s.w, [0.2, 0.8])


def test_labels_follow_weights_and_values_follow_components():
    s = mt.simulate_mixture([0.3, 0.7], [-10.0, 10.0], [1.0, 2.0], n=20_000, rng=1)
    assert abs(np.mean(s.z == 0) - 0.3) < 0.015
    assert abs(s.x[s.z == 0].mean() + 10) < 0.1
    assert abs(s.x[s.z == 1].std() - 2.0) < 0.1


def test_same_seed_same_data_and_generator_accepted():
    a = mt.simulate_mixture([1.0], [0.0], [1.0], n=5, rng=7)
    b = mt.simulate_mixture([1.0], [0.0], [1.0], n=5, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.x, b.x)


def test_density_integrates_to_one_and_is_sum_of_components():
    args = ([0.5, 0.25, 0.25], [-5.0, 0.0, 5.0], [0.5, 2.0, 0.75])
    total, _ = integrate.quad(lambda v: mt.mixture_density([v], *args)[0], -30, 30, limit=200)
    assert total == pytest.approx(1.0, abs=1e-6)
    grid = np.linspace(-8, 8, 50)
    np.testing.assert_allclose(mt.component_densities(grid, *args).sum(axis=1), mt.mixture_density(grid, *args))


def test_example_datasets_are_reproducible_and_distinct():
    a1 = mt.example_dataset("a", 123)
    a2 = mt.example_dataset("a", 123)
    b = mt.example_dataset("b", 123)
    np.testing.assert_array_equal(a1.x, a2.x)
    assert not np.array_equal(a1.z, b.z)
    assert mt.example_dataset("c", 1).x.size == 1000
    assert mt.example_dataset("c", 1, n=20).x.size == 20


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"w": [0.5, 0.6]}, "sum to 1"),
        ({"w": [1.5, -0.5]}, "w must be non-negative"),
        ({"sigma": [1.0, -1.0]}, "sigma must be positive"),
        ({"sigma": [1.0, 0.0]}, "sigma must be positive"),
        ({"mu": [0.0]}, "same length"),
        ({"mu": [0.0, np.nan]}, "mu must contain only finite"),
        ({"w": [[0.5, 0.5]]}, "w must be one-dimensional"),
        ({"w": []}, "w must not be empty"),
        ({"n": 0}, "at least 1"),
        ({"n": 2.5}, "integer"),
        ({"rng": "seed"}, "rng must be"),
        ({"rng": -1}, "rng must be"),
    ],
)
def test_simulate_rejects_bad_input(kwargs, message):
    args = {"w": [0.5, 0.5], "mu": [0.0, 1.0], "sigma": [1.0, 1.0], "n": 10, "rng": 0} | kwargs
    with pytest.raises(ValueError, match=message):
        mt.simulate_mixture(**args)


def test_density_functions_reject_bad_input():
    with pytest.raises(ValueError, match="sum to 1"):
        mt.mixture_density([0.0], [0.5, 0.4], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="x must contain only finite"):
        mt.component_densities([np.inf], [1.0], [0.0], [1.0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("d", 0), r"unknown data set 'd'; choose one of \['a', 'b', 'c'\]"),
        (("a", -1), "rng must be"),
        (("a", 0, 0), "n must be at least 1"),
    ],
)
def test_example_dataset_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        mt.example_dataset(*args)


def test_plot_true_mixture_draws_and_rejects_non_sample():
    import matplotlib

    matplotlib.use("Agg")
    ax = mt.plot_true_mixture(mt.example_dataset("a", 0))
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "density"
    import matplotlib.pyplot as plt

    fig, given = plt.subplots()
    assert mt.plot_true_mixture(mt.example_dataset("c", 0, n=50), ax=given, bins=10) is given
    assert len(given.patches) == 2 * 10  # one bar per bin for each of the 2 labels
    # the tallest stack and the density curve stay below the top of the axes
    top = max(bar.get_y() + bar.get_height() for bar in given.patches)
    curve = max(line.get_ydata().max() for line in given.lines)
    assert given.get_ylim()[1] > 1.05 * max(top, curve)
    labels = given.get_legend_handles_labels()[1]
    assert "weighted components (true)" in labels and "true mixture density" in labels
    plt.close("all")
    with pytest.raises(ValueError, match="MixtureSample"):
        mt.plot_true_mixture(np.zeros(3))

"""Tests of the shipped real data sets (mt.datasets)."""

import numpy as np
import pandas as pd
import pytest

import mixture_tools as mt


def test_galaxies_values_and_correction():
    v = mt.datasets.galaxies()
    assert isinstance(v, pd.Series)
    assert v.size == 82 and v.name == "velocity"
    assert list(v.index) == list(range(1, 83))
    assert v.loc[78] == 26960.0  # the book's choice: Richardson & Green's value
    raw = mt.datasets.galaxies(corrected=False)
    assert raw.loc[78] == 26690.0  # MASS value, documented typo
    assert (v.drop(78) == raw.drop(78)).all()
    assert v.is_monotonic_increasing and raw.is_monotonic_increasing
    assert v.min() == 9172 and v.max() == 34279


def test_galaxies_units():
    km = mt.datasets.galaxies()
    thousand = mt.datasets.galaxies(unit="1000 km/s")
    np.testing.assert_allclose(thousand.values * 1000, km.values)


def test_old_faithful():
    f = mt.datasets.old_faithful()
    assert isinstance(f, pd.DataFrame)
    assert f.shape == (272, 2)
    assert list(f.columns) == ["eruptions", "waiting"]
    assert f.loc[1, "eruptions"] == 3.6 and f.loc[1, "waiting"] == 79
    assert f["waiting"].between(43, 96).all() and f["eruptions"].between(1.6, 5.1).all()


def test_data_readme_is_shipped():
    from importlib import resources

    text = resources.files("mixture_tools").joinpath("data", "README.md").read_text()
    assert "26960" in text and "Roeder" in text and "faithful" in text


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"unit": "m/s"}, r"unit must be one of \['1000 km/s', 'km/s'\], got 'm/s'"),
        ({"corrected": "yes"}, "corrected must be True or False, got 'yes'"),
        ({"corrected": 1}, "corrected must be True or False, got 1"),
    ],
)
def test_galaxies_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mt.datasets.galaxies(**kwargs)


def test_galaxies_refuses_an_edited_csv(monkeypatch):
    real = mt.datasets._read_csv

    def edited(filename):
        frame = real(filename)
        frame.loc[frame["obs"] == 78, "velocity"] = 26960  # someone "fixed" the file
        return frame

    monkeypatch.setattr(mt.datasets, "_read_csv", edited)
    with pytest.raises(RuntimeError, match="observation 78 is not the MASS value"):
        mt.datasets.galaxies()
    assert mt.datasets.galaxies(corrected=False).loc[78] == 26960  # uncorrected: the file as it is


def test_the_capstone_data_are_as_its_page_says():
    # book/capstone.md: 178 wines, 13 measurements, cultivars of 59, 71 and 48 wines, offline
    from sklearn.datasets import load_wine

    wine = load_wine(as_frame=True)
    assert wine.data.shape == (178, 13)
    assert np.bincount(wine.target).tolist() == [59, 71, 48]
    assert {"alcohol", "flavanoids", "proline", "hue"} <= set(wine.data.columns)

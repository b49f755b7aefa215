"""Unit tests of mixture_tools.display: summary tables and the largest R-hat."""

import arviz as az
import numpy as np
import pandas as pd
import pytest

import mixture_tools as mt


def summary_like():
    """A table shaped like az.summary(..., round_to="none")."""
    return pd.DataFrame(
        {
            "mean": [0.123456, 2.5049],
            "sd": [0.0301, 0.40411],
            "ess_bulk": [812.4, 1290.6],
            "r_hat": [1.00512, 1.0],
        },
        index=["mu[0]", "mu[1]"],
    )


def shown(styler):
    """The strings a Styler shows, as a DataFrame of text."""
    lines = styler.to_string(delimiter="|").splitlines()
    rows = [line.split("|") for line in lines[1:]]
    return pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows], columns=lines[0].split("|")[1:])


def test_estimates_rhat_and_ess_each_get_their_own_format():
    table = shown(mt.format_summary(summary_like(), digits=2))
    assert table.loc["mu[0]", "mean"] == "0.12"
    assert table.loc["mu[1]", "mean"] == "2.50"
    assert table.loc["mu[0]", "r_hat"] == "1.005"  # not "1.01"
    assert table.loc["mu[1]", "ess_bulk"] == "1291"


def test_digits_changes_only_the_estimates():
    table = shown(mt.format_summary(summary_like(), digits=3))
    assert table.loc["mu[0]", "sd"] == "0.030"
    assert table.loc["mu[0]", "r_hat"] == "1.005"
    assert table.loc["mu[0]", "ess_bulk"] == "812"


def test_the_table_itself_stays_unrounded():
    table = summary_like()
    styler = mt.format_summary(table)
    pd.testing.assert_frame_equal(styler.data, table)


def test_works_on_a_real_az_summary():
    rng = np.random.default_rng(0)
    idata = az.from_dict({"posterior": {"mu": rng.normal(size=(2, 100, 2))}})
    html = mt.format_summary(az.summary(idata, round_to="none")).to_html()
    assert "r_hat" in html and "ess_bulk" in html


@pytest.mark.parametrize(
    "table, match",
    [
        ([[1.0]], "must be a pandas DataFrame"),
        (pd.DataFrame(), "table is empty"),
        (pd.DataFrame({"mean": [0.5, 1.2], "r_hat": [1.01, 1.0]}), "rounded to two decimals already"),
        (pd.DataFrame({"mean": [0.5123, 1.2], "note": ["a", "b"]}), r"only numbers.*\['note'\]"),
    ],
)
def test_format_summary_rejects_bad_tables(table, match):
    with pytest.raises(ValueError, match=match):
        mt.format_summary(table)


@pytest.mark.parametrize("digits", [-1, 7, 2.0, True, "2"])
def test_format_summary_rejects_bad_digits(digits):
    with pytest.raises(ValueError, match="digits must be an integer from 0 to 6"):
        mt.format_summary(summary_like(), digits=digits)


def two_chains(shift):
    rng = np.random.default_rng(1)
    draws = rng.normal(size=(2, 500))
    draws[1] += shift  # the second chain sits elsewhere: R-hat grows with the shift
    return az.from_dict({"posterior": {"mu": draws, "sigma": np.exp(rng.normal(size=(2, 500)))}})


def test_max_rhat_is_the_largest_unrounded_value():
    idata = two_chains(shift=3.0)
    expected = float(az.rhat(idata.posterior.to_dataset())["mu"])
    assert mt.max_rhat(idata) == pytest.approx(expected)
    assert mt.max_rhat(idata, ["sigma"]) < mt.max_rhat(idata, ["mu"])


def test_max_rhat_takes_a_posterior_node_or_dataset_too():
    idata = two_chains(shift=3.0)
    # the tree's posterior node, and a Dataset as the relabeling helpers return it
    assert mt.max_rhat(idata.posterior, ["mu"]) == pytest.approx(mt.max_rhat(idata, ["mu"]))
    posterior = idata.posterior.to_dataset()
    assert mt.max_rhat(posterior, ["mu"]) == pytest.approx(mt.max_rhat(idata, ["mu"]))
    with pytest.raises(ValueError, match=r"no variable\(s\) \['w'\]"):
        mt.max_rhat(posterior, ["w"])


def test_max_rhat_rejects_what_is_not_a_posterior():
    with pytest.raises(ValueError, match="expected an xarray.DataTree with a posterior group"):
        mt.max_rhat(np.zeros((2, 10)))


def test_max_rhat_rejects_a_string_and_unknown_names():
    idata = two_chains(shift=0.0)
    with pytest.raises(ValueError, match="must be a list of names"):
        mt.max_rhat(idata, "mu")
    with pytest.raises(ValueError, match=r"no variable\(s\) \['tau'\].*\['mu', 'sigma'\]"):
        mt.max_rhat(idata, ["mu", "tau"])


def test_show_source_is_a_python_code_block_naming_its_module():
    shown = mt.show_source(mt.relabel.stephens).data
    assert shown.startswith("```python\n# from mixture_tools.relabel\ndef stephens(")
    assert shown.endswith("```")


@pytest.mark.parametrize("thing", [mt.relabel, "stephens", 3])
def test_show_source_rejects_what_is_not_a_function(thing):
    with pytest.raises(ValueError, match="expected a function"):
        mt.show_source(thing)

"""Showing results on a page: posterior summary tables, the largest R-hat, and source code.

Every chapter shows ``az.summary`` tables, and its prose says what they show. Two things
went wrong when each page formatted them by hand: a table rounded by ``az.summary`` and
then again for display showed a different last digit, and R-hat rounded to two decimals
showed 1.005 as "1.01", on the wrong side of the threshold the text compares it with.
:func:`format_summary` formats an unrounded table once, the same way everywhere (R-hat
with three decimals); :func:`max_rhat` gives the unrounded number a hidden check compares.
:func:`show_source` shows the code of a helper function that a chapter teaches, as a Markdown
code block, which JupyterLab and the website both render (a ``literalinclude`` directive
shows nothing in JupyterLab).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validate import posterior_dataset

__all__ = ["format_summary", "max_rhat", "show_source"]


def format_summary(table, digits: int = 2):
    """Style an ``az.summary(..., round_to="none")`` table for display.

    Estimates get ``digits`` decimals, R-hat three (so that it can be read
    against the 1.01 threshold) and effective sample sizes none. Returns a
    pandas ``Styler``; the numbers in ``table`` are left unrounded, so prose
    can format them the same way (``f"{value:.{digits}f}"``).

    Raises ``ValueError`` when ``table`` is not a DataFrame of numbers, when
    ``digits`` is not an integer from 0 to 6, or when the table was already
    rounded to two decimals (``az.summary``'s default), which would make
    R-hat show as 1.01 when it is 1.005.
    """
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame (from az.summary), got {type(table).__name__}")
    if table.empty:
        raise ValueError("table is empty: az.summary found no variables to summarize")
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or not 0 <= digits <= 6:
        raise ValueError(f"digits must be an integer from 0 to 6, got {digits!r}")
    not_numeric = [str(c) for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if not_numeric:
        raise ValueError(f"table must hold only numbers; these columns do not: {not_numeric}")
    # effective sample sizes are whole numbers anyway: leave them out of the rounding check
    ess = [c for c in table.columns if str(c).startswith("ess")]
    rhat = [c for c in table.columns if str(c) == "r_hat"]
    estimates = table.drop(columns=ess).to_numpy(float)
    finite = estimates[np.isfinite(estimates)]
    if finite.size > 1 and np.allclose(finite, np.round(finite, 2), rtol=0, atol=1e-12):
        raise ValueError(
            "table looks rounded to two decimals already; call az.summary(..., round_to='none') "
            "so that the table is rounded once, here"
        )
    return (
        table.style.format(f"{{:.{int(digits)}f}}")
        .format("{:.3f}", subset=rhat)
        .format("{:.0f}", subset=ess)
    )


def max_rhat(idata, var_names=None) -> float:
    """Largest R-hat over ``var_names`` (all posterior variables by default), unrounded.

    Raises ``ValueError`` when ``var_names`` is a single string (pass a list)
    or names a variable that the posterior does not have.
    """
    import arviz as az

    if isinstance(var_names, str):
        raise ValueError(f"var_names must be a list of names, got the string {var_names!r}")
    posterior = posterior_dataset(idata)
    if var_names is not None:
        missing = [name for name in var_names if name not in posterior]
        if missing:
            raise ValueError(f"the posterior has no variable(s) {missing}; it has {sorted(posterior.data_vars)}")
    rhat = az.rhat(posterior, var_names=var_names)
    return max(float(value.max()) for value in rhat.data_vars.values())


def show_source(function):
    """The source of a helper-package function as a Markdown code block, to display on a page.

    The first line names the module it comes from, so that a reader can find it.
    """
    import inspect

    from IPython.display import Markdown

    if not inspect.isfunction(function):
        raise ValueError(f"expected a function, got {type(function).__name__}")
    module = inspect.getmodule(function)
    source = inspect.getsource(function)
    where = f"# from {module.__name__}\n" if module is not None else ""
    return Markdown(f"```python\n{where}{source}```")

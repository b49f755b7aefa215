"""Library defaults shared by every page: seed, quiet logs, plotting style.

Every notebook starts with ``import mixture_tools as mt`` before importing PyMC,
so that PyMC's INFO log is quiet from the first fit.
"""

from __future__ import annotations

import logging
import os
import warnings

#: Environment variable that overrides the book's seed (used by ``make sweep``).
SEED_ENV_VAR = "MIXTURE_BOOK_SEED"
#: The seed every page uses unless ``MIXTURE_BOOK_SEED`` says otherwise.
DEFAULT_SEED = 20261121

__all__ = [
    "DEFAULT_SEED", "SEED_ENV_VAR", "book_seed", "configure_libraries", "set_plot_style",
    "show_sampler_messages",
]


def book_seed() -> int:
    """Return the seed for this run: ``$MIXTURE_BOOK_SEED`` or the book default.

    All pages read their seed from here, so a seed sweep only has to set one
    environment variable.
    """
    raw = os.environ.get(SEED_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_SEED
    try:
        seed = int(raw)
    except ValueError:
        raise ValueError(f"{SEED_ENV_VAR} must be a non-negative integer, got {raw!r}") from None
    if seed < 0:
        raise ValueError(f"{SEED_ENV_VAR} must be a non-negative integer, got {seed}")
    return seed


def configure_libraries() -> None:
    """Keep PyMC's INFO log and one irrelevant PyTensor warning off the pages.

    PyMC logs "Auto-assigning NUTS sampler..." and "Sampling ... chains" at INFO level on
    every fit, and `pm.fit` one line per variational fit; the pages state the sampler
    themselves and show the ELBO history, so INFO is dropped. PyTensor warns
    once that it found no BLAS library for its C backend when a model compiles a function
    outside numba (PyMC's starting-point function for `pm.MvNormal`); the book compiles with
    numba, which brings its own BLAS, so that one warning (matched by its exact start) is
    silenced. Every other warning still shows (and fails the site tests).
    """
    for name in ("pymc", "pymc.sampling", "pymc.stats", "pymc.variational", "pymc_extras"):
        logging.getLogger(name).setLevel(logging.WARNING)
    warnings.filterwarnings(
        "ignore", message="PyTensor could not link to a BLAS installation", category=UserWarning
    )


def show_sampler_messages() -> None:
    """Print PyMC's sampler messages (divergences, small effective sample sizes) as output.

    PyMC logs them to stderr, which a notebook shows as an error-coloured block and which the
    book's tests treat as a failure; here they go to stdout, wrapped at 79 characters. A page whose fits are expected to draw such messages (a
    model with surplus components, short fold fits) calls this once, so that they appear as
    ordinary output next to the tables that read them. Other pages keep stderr, so that an
    unexpected message still fails their tests.
    """
    import sys

    for handler in logging.getLogger("pymc").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sys.stdout)
            handler.setFormatter(_WrappedFormatter("%(message)s"))


class _WrappedFormatter(logging.Formatter):
    """A log message wrapped at 79 characters, the width of the book's output boxes."""

    def format(self, record: logging.LogRecord) -> str:
        import textwrap

        return textwrap.fill(super().format(record), width=79, break_long_words=False,
                             break_on_hyphens=False)


OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def set_plot_style() -> None:
    """One plotting style for every figure in the book."""
    import arviz as az
    import matplotlib.pyplot as plt

    az.style.use("arviz-variat")  # ArviZ 1's own style
    plt.rcParams.update(
        {
            # Okabe-Ito colours: distinct for every reader, including colour-blind ones
            # (a cycle that every plot of the book shares, matplotlib's and ArviZ's alike)
            "axes.prop_cycle": plt.cycler(color=OKABE_ITO),
            "figure.figsize": (8, 4),
            "figure.dpi": 100,
            # the style's tick labels are larger than its labels would be here;
            # one scale for all text, read at the page's column width
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "xtick.labelsize": 11,
            "ytick.labelsize": 11,
            "legend.fontsize": 10,
            "figure.constrained_layout.use": True,
        }
    )
    _inline_figures_at_twice_the_pixels()


def _inline_figures_at_twice_the_pixels() -> None:
    """In a notebook, store each figure's PNG at 2x its pixels, with its 1x width as metadata.

    The page shows the figure at the same size as before, and a high-resolution screen
    (most laptops and phones) gets the pixels it needs for sharp text and lines. IPython's
    "retina" format also stores the 1x height; myst-nb writes both into the image's style, and
    a fixed height squeezes the figure wherever the text column is narrower than the figure
    (a phone, or the book's column on a laptop). Without it the height follows the width.
    Outside IPython (scripts, tests) nothing changes.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the book's environment
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")
    png = shell.display_formatter.formatters["image/png"]
    retina = png.lookup_by_type(Figure)

    def png_with_width_only(fig):
        out = retina(fig)
        if not isinstance(out, tuple):  # an empty figure: nothing to show
            return out
        data, metadata = out
        return data, {"width": metadata["width"]}

    png.for_type(Figure, png_with_width_only)

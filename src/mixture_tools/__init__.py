"""Shared code for the book *Bayesian Mixture Models in Python*.

Import it first on every page::

    import mixture_tools as mt

so that PyMC's INFO log is quiet from the first fit. See ``_setup.py`` for why each
setting exists.
"""

from ._setup import configure_libraries

configure_libraries()

from ._setup import DEFAULT_SEED, SEED_ENV_VAR, book_seed, set_plot_style, show_sampler_messages  # noqa: E402
from .display import format_summary, max_rhat, show_source  # noqa: E402
from .membership import label_frequencies, membership_probabilities  # noqa: E402
from .plotting import plot_true_mixture  # noqa: E402
from .simulate import (  # noqa: E402
    EXAMPLE_DATASETS,
    MixtureSample,
    component_densities,
    example_dataset,
    mixture_density,
    simulate_mixture,
)

__all__ = [
    "DEFAULT_SEED",
    "EXAMPLE_DATASETS",
    "SEED_ENV_VAR",
    "MixtureSample",
    "book_seed",
    "component_densities",
    "example_dataset",
    "format_summary",
    "label_frequencies",
    "max_rhat",
    "show_source",
    "membership_probabilities",
    "mixture_density",
    "plot_true_mixture",
    "set_plot_style",
    "show_sampler_messages",
    "simulate_mixture",
]
__version__ = "0.1.0"

# Chapter modules load on first use (``mt.relabel.stephens(...)``), so a page
# imports only what it needs.
_CHAPTER_MODULES = {"datasets", "gibbs", "model_selection", "partition", "regression", "relabel"}


def __getattr__(name):
    if name in _CHAPTER_MODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'mixture_tools' has no attribute {name!r}")

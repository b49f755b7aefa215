"""Look up each pybtex plugin in the installed packages' metadata once per build, not once per citation.

pybtex finds its plugins (formatting and label styles, the docutils backend) through
``importlib.metadata.entry_points``, and it asks again on every lookup. sphinxcontrib-bibtex
looks plugins up for every ``{footcite}``, about 240 times in this book, and each call reads the
metadata of every installed package: about 7 ms here, 1.6 s of an 8 s website build (measured
with cProfile, then timed). The installed packages do not change during a build, so the answer
to each query is kept. Plugins registered at run time (``pybtex.plugin.register_plugin``) are
still looked up first, as before.
"""

import functools

import pybtex.plugin

_uncached = pybtex.plugin.entry_points


@functools.cache
def _entry_points(**query):
    return _uncached(**query)  # an immutable EntryPoints tuple, safe to share


def setup(app):
    pybtex.plugin.entry_points = _entry_points
    return {"parallel_read_safe": True, "parallel_write_safe": True}

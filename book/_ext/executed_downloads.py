"""Offer the executed notebook, outputs included, as each chapter's ``.ipynb`` download.

The theme's download button copies ``_build/jupyter_execute/<page>.ipynb`` to
``_sources/<page>.ipynb``. With the execution cache, myst-nb writes that file from the notebook
it read, without the outputs it took from the cache, so the download would show no figure.
After the build this extension writes both files again from the cache: the chapter's cells
with the outputs of its last execution.
"""

from pathlib import Path

import jupytext
import nbformat


def executed_notebook(source: Path, cache_path: Path):
    """The chapter read from its MyST source, with the outputs stored in the execution cache
    (``None`` if the cache holds no execution of this exact code)."""
    from jupyter_cache import get_cache

    notebook = jupytext.read(source)
    try:
        _, merged = get_cache(str(cache_path)).merge_match_into_notebook(notebook)
    except KeyError:  # no execution of this code in the cache
        return None
    merged.metadata.pop("jupytext", None)  # a plain notebook, not a paired text file
    return merged


def _write_downloads(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    cache_path = Path(app.config.nb_execution_cache_path)
    if not cache_path.is_absolute():
        cache_path = Path(app.srcdir) / cache_path
    outdir = Path(app.outdir)
    for docname in app.env.found_docs:
        download = outdir / "_sources" / f"{docname}.ipynb"
        source = Path(app.env.doc2path(docname))
        if not download.exists() or source.suffix != ".md":
            continue
        notebook = executed_notebook(source, cache_path)
        if notebook is None:
            continue
        text = nbformat.writes(notebook)
        download.write_text(text, encoding="utf-8")
        (outdir.parent / "jupyter_execute" / f"{docname}.ipynb").write_text(text, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

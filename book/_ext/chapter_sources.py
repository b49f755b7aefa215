"""Put each chapter's list of sources where its marker comment stands, on the website only.

A chapter cites with ``{footcite:p}`` and ends with a "References" section. The list itself
would be a ``{footbibliography}`` directive, which JupyterLab (jupyterlab-myst) shows as an
"Unknown Directive" error box. So the chapter holds a MyST comment instead, which JupyterLab
does not show, and this extension turns the comment into the directive before Sphinx parses
the page. The editions of the book (tools/build/editions.py) are built from notebooks, whose
source is JSON: there the marker is replaced inside the cell's string.
"""

import re

MARKER = "% the website lists this page's sources here"
_MARKER_LINE = re.compile(rf"^{re.escape(MARKER)}$", re.MULTILINE)


def insert_bibliography(source: str) -> str:
    """The page's source with its marker line replaced by a footbibliography directive."""
    return _MARKER_LINE.sub("```{footbibliography}\n```", source)


def insert_bibliography_in_notebook(source: str) -> str:
    """The same for a notebook's JSON source, where the marker opens one of a cell's lines."""
    return source.replace(f'"{MARKER}', '"```{footbibliography}\\n```')


def _source_read(app, docname, source):
    notebook = str(app.env.doc2path(docname)).endswith(".ipynb")
    source[0] = (insert_bibliography_in_notebook if notebook else insert_bibliography)(source[0])


def setup(app):
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

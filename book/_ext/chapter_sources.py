"""Put each chapter's list of sources where its marker comment stands, on the website only.

A chapter cites with ``{footcite:p}`` and ends with a "References" section. The list itself
would be a ``{footbibliography}`` directive, which JupyterLab (jupyterlab-myst) shows as an
"Unknown Directive" error box. So the chapter holds a MyST comment instead, which JupyterLab
does not show, and this extension turns the comment into the directive before Sphinx parses
the page.
"""

import re

MARKER = "% the website lists this page's sources here"
_MARKER_LINE = re.compile(rf"^{re.escape(MARKER)}$", re.MULTILINE)


def insert_bibliography(source: str) -> str:
    """The page's source with its marker line replaced by a footbibliography directive."""
    return _MARKER_LINE.sub("```{footbibliography}\n```", source)


def _source_read(app, docname, source):
    source[0] = insert_bibliography(source[0])


def setup(app):
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

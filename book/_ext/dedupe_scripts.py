"""Drop repeated <script> entries from every HTML page.

sphinx-thebe 0.3.1 adds its inline configuration script (``const THEBE_JS_URL
= ...``) each time Sphinx emits ``env-before-read-docs``; a fresh Jupyter
Book 1 build emits it twice, and the second ``const`` declaration is a
JavaScript error in the reader's browser (tests/test_browser.py catches it).
Keeping the first of identical script entries removes the error at its source.
"""


def _dedupe(app, pagename, templatename, context, doctree):
    seen = set()
    unique = []
    for script in context.get("script_files", []):
        # the two copies differ only in filename None vs "" (both mean: inline)
        filename = getattr(script, "filename", script) or ""
        key = (filename, tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

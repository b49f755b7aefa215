"""Rebuild the website when only a static file (``book/_static``, e.g. ``book.css``) changed.

Sphinx copies the static files at the end of a build that writes at least one page. When no
page is out of date, it stops early ("no targets are out of date"), and a changed style sheet
never reaches ``_build/html``. This extension marks the root page as outdated when a static
file differs from its copy in the output (Sphinx copies a file's modification time with it),
so that the build goes on, writes that page and copies the static files.
"""

from pathlib import Path


def changed_static_files(app):
    """The book's static files whose copy in the output is missing or differs in size or time."""
    out = Path(app.outdir) / "_static"
    changed = []
    for folder in app.config.html_static_path:
        if Path(folder).is_absolute():
            continue  # an extension's own files (they change only with its version)
        source = Path(app.confdir) / folder
        for file in (f for f in source.rglob("*") if f.is_file()):
            copy = out / file.relative_to(source)
            if not copy.exists():
                changed.append(file)
                continue
            a, b = file.stat(), copy.stat()
            # the copied time can lose the last digits of the nanoseconds
            if a.st_size != b.st_size or abs(a.st_mtime - b.st_mtime) > 1e-3:
                changed.append(file)
    return changed


def _outdated(app, env, added, changed, removed):
    return [app.config.root_doc] if changed_static_files(app) else []


def setup(app):
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Build the student edition and the instructor's edition of the book from the executed pages.

    python -m tools.build.editions student       (make student)
    python -m tools.build.editions instructor    (make instructor)

Both start from the website that `make book` built: its executed notebooks
(``_build/html/_sources/notebooks/*.ipynb``, every output of the last execution) and the
chapters' MyST sources. No page runs again, so an edition shows exactly the numbers and
figures of the website, and building one takes a Sphinx build, not an execution.

- **Student edition** (``_build/student``): every chapter without the solutions of its
  exercises; the statements stay. ``html/`` is the website and its notebook downloads;
  ``notebooks/*.md`` are the chapters students open and run in JupyterLab.
- **Instructor's edition** (``_build/instructor/html``): every chapter with every solution
  shown open (on the website they are collapsed), so that it serves as the answer key.

sphinx-exercise's own ``hide_solutions`` option is not used: it hides the solution directive,
but a gated solution (``solution-start`` / ``solution-end``) holds code cells and their
outputs, which it leaves on the page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

from tools.build.book_layout import ROOT, toc_notebooks

# A gated solution, from its start fence to its end fence, code cells included.
SOLUTION = re.compile(r"^:::\{solution-start\}[^\n]*\n.*?^:::\{solution-end\}\n:::\n", re.DOTALL | re.MULTILINE)
# the same, with the blank lines after it, which go when a solution is removed
SOLUTION_AND_BLANKS = re.compile(SOLUTION.pattern + r"\n*", SOLUTION.flags)
COLLAPSED = re.compile(r"^(:::\{solution-start\}[^\n]*\n):class: dropdown\n", re.MULTILINE)
EDITIONS = {"student": "student edition", "instructor": "instructor's edition"}
# what an edition's front page says first
NOTICE = {
    "student": "This is the **student edition**: the exercises of every chapter are here, "
               "their solutions are not. The notebooks you download from a chapter match it.",
    "instructor": "This is the **instructor's edition**, the answer key: every exercise's "
                  "solution is shown open under its statement. Students get the student edition.",
}


def solution_blocks(text: str) -> list[str]:
    """The gated solutions of a chapter's MyST source, each from its start to its end fence."""
    return SOLUTION.findall(text)


def strip_solutions(text: str) -> str:
    """The chapter without its solutions (the exercise statements stay)."""
    return SOLUTION_AND_BLANKS.sub("", text)


def open_solutions(text: str) -> str:
    """The chapter with every solution shown open instead of collapsed."""
    return COLLAPSED.sub(r"\1", text)


def with_outputs(text: str, executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The MyST chapter ``text`` as a notebook, each code cell carrying the outputs of the same
    cell in ``executed`` (the whole chapter as executed); ``text`` may leave cells out."""
    notebook = jupytext.reads(text, fmt="md:myst")
    notebook.metadata.pop("jupytext", None)
    ran = iter(cell for cell in executed.cells if cell.cell_type == "code")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for candidate in ran:  # cells keep their order; a stripped chapter skips some
            if candidate.source == cell.source:
                cell.outputs = candidate.outputs
                cell.execution_count = candidate.execution_count
                break
        else:
            raise ValueError(f"no executed cell matches {cell.source[:60]!r}")
    return notebook


def _edition_config(name: str) -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["title"] = f"{config['title']} ({EDITIONS[name]})"
    config["execute"] = {"execute_notebooks": "off"}  # outputs come from the executed website
    # the downloads are written here from the edition's own notebooks, not from the cache
    config["sphinx"]["local_extensions"].pop("executed_downloads")
    config["launch_buttons"] = {}  # Binder would open the full chapters
    return config


def _edition_toc() -> dict:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for part in toc["parts"]:  # nothing is executed in an edition
        part["chapters"] = [c for c in part["chapters"] if c["file"] != "book/execution-status"]
    return toc


def build(name: str) -> Path:
    """Build one edition into ``_build/<name>``; return its website's folder."""
    website = ROOT / "_build" / "html" / "_sources" / "notebooks"
    if not website.is_dir():
        raise SystemExit("Build the website first: make book")
    transform = strip_solutions if name == "student" else open_solutions
    out = ROOT / "_build" / name
    source = ROOT / "_build" / "editions" / name
    shutil.rmtree(source, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(ROOT / "book", source / "book")
    intro = source / "book" / "intro.md"
    text = intro.read_text()
    title_end = text.index("\n\n")  # after the label and the title
    intro.write_text(f"{text[:title_end]}\n\n:::{{important}}\n{NOTICE[name]}\n:::{text[title_end:]}")
    (source / "notebooks").mkdir(parents=True)
    (source / "_config.yml").write_text(yaml.safe_dump(_edition_config(name), sort_keys=False))
    (source / "_toc.yml").write_text(yaml.safe_dump(_edition_toc(), sort_keys=False))
    notebooks = {}
    for chapter in toc_notebooks():
        text = transform(chapter.read_text(encoding="utf-8"))
        executed = nbformat.read(website / f"{chapter.stem}.ipynb", as_version=4)
        notebooks[chapter.stem] = with_outputs(text, executed)
        nbformat.write(notebooks[chapter.stem], source / "notebooks" / f"{chapter.stem}.ipynb")
        if name == "student":  # the chapters students open in JupyterLab
            (out / "notebooks").mkdir(parents=True, exist_ok=True)
            (out / "notebooks" / chapter.name).write_text(text, encoding="utf-8")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "build", str(source), "--path-output", str(source),
                    "--warningiserror", "--nitpick", "--keep-going"], check=True, cwd=source)
    shutil.copytree(source / "_build" / "html", out / "html")
    for stem, notebook in notebooks.items():  # each download is the edition's notebook, outputs included
        nbformat.write(notebook, out / "html" / "_sources" / "notebooks" / f"{stem}.ipynb")
    return out / "html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", choices=sorted(EDITIONS))
    print(f"{build(parser.parse_args().edition)}/index.html")


if __name__ == "__main__":
    main()

"""scripts/execute_pages.py fills the Jupyter cache before `jupyter-book build` reads it.

The pages it stores must be the ones that myst-nb looks up during the build; otherwise the
build would quietly execute every page again, one after the other.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.config import NbParserConfig
from myst_nb.core.read import create_nb_reader
from myst_parser.config.main import MdParserConfig

from book_layout import ROOT, load_script, toc_notebooks

SCRIPT = ROOT / "scripts" / "execute_pages.py"


def read_like_the_build(path: Path):
    """Read a page the way myst-nb does inside `jupyter-book build`, with the book's MyST extensions."""
    extensions = yaml.safe_load((ROOT / "_config.yml").read_text())["parse"]["myst_enable_extensions"]
    md_config = MdParserConfig(enable_extensions=set(extensions))
    text = path.read_text()
    reader = create_nb_reader(str(path), md_config, NbParserConfig(), text)
    assert reader is not None, f"{path.name} is not read as a notebook"
    return reader.read(text)


@pytest.mark.parametrize("page", toc_notebooks(), ids=lambda p: p.stem)
def test_cached_page_is_found_by_the_build(page, tmp_path):
    script = load_script("execute_pages")
    cache = get_cache(str(tmp_path / "cache"))
    record = cache.add_nb_to_project(str(page), read_data=script.READ_FMT)
    notebook = script.myst_nb_reader_plugin(str(page))  # what the script stores (outputs do not matter)
    cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri), check_validity=False, overwrite=True)
    assert cache.match_cache_notebook(read_like_the_build(page)) is not None


def test_slowest_pages_start_first():
    script = load_script("execute_pages")
    pages = toc_notebooks()
    ordered = script.longest_first(pages)
    assert sorted(ordered) == sorted(pages)
    times = script.cold_times()
    known = [times[p.stem] for p in ordered if p.stem in times]
    assert known == sorted(known, reverse=True)


def test_rejects_zero_jobs():
    result = subprocess.run([sys.executable, str(SCRIPT), "--jobs", "0"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--jobs must be at least 1, got 0" in result.stderr


def test_notebooks_are_validated_without_the_iri_parser():
    """The script keeps jsonschema from importing rfc3987-syntax (1.4 s per process), and
    nbformat still validates: a notebook with a broken cell is rejected."""
    code = f"""
import sys
sys.path.insert(0, {str(SCRIPT.parent)!r})
import execute_pages, nbformat
assert sys.modules["rfc3987_syntax"] is None, "the IRI parser was imported"
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
nb.cells[0]["cell_type"] = "not-a-cell-type"
try:
    nbformat.validate(nb)
except nbformat.ValidationError:
    print("rejected")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "rejected"

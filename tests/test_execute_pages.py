"""tools/build/execute_pages.py fills the Jupyter cache before `jupyter-book build` reads it.

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

from tools.build import execute_pages as script
from tools.build.book_layout import ROOT, toc_notebooks



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
    cache = get_cache(str(tmp_path / "cache"))
    record = cache.add_nb_to_project(str(page), read_data=script.READ_FMT)
    notebook = script.myst_nb_reader_plugin(str(page))  # what the script stores (outputs do not matter)
    cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri), check_validity=False, overwrite=True)
    assert cache.match_cache_notebook(read_like_the_build(page)) is not None


def test_slowest_pages_start_first(tmp_path):
    cache = get_cache(str(tmp_path / "cache"))
    pages = toc_notebooks()
    first, second = pages[0], pages[1]
    for page, seconds in ((first, 5.0), (second, 50.0)):
        record = cache.add_nb_to_project(str(page), read_data=script.READ_FMT)
        notebook = script.myst_nb_reader_plugin(str(page))
        cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)
    times = script.last_times(cache)
    assert times == {first.stem: 5.0, second.stem: 50.0}
    ordered = script.longest_first(pages, times)
    assert sorted(ordered) == sorted(pages)
    # pages never executed first (longest source first), then the measured ones, slowest first
    unmeasured = [p for p in pages if p.stem not in times]
    assert ordered[:len(unmeasured)] == sorted(unmeasured, key=lambda p: -p.stat().st_size)
    assert ordered[len(unmeasured):] == [second, first]


def test_rejects_zero_jobs():
    result = subprocess.run([sys.executable, "-m", "tools.build.execute_pages", "--jobs", "0"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "--jobs must be at least 1, got 0" in result.stderr

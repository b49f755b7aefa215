"""What a student sees: chapters opened in JupyterLab with the `make lab` settings, Run All Cells.

Starts JupyterLab from .venv (network blocked, no token, a free port) in a folder with copies of
chapters 1 and 2 (JupyterLab saves open notebooks by itself), opens them as notebooks (jupytext's viewer, the default that binder/overrides.json sets), runs all cells
through the command palette, and fails when: the chapter does not open as a notebook; the
number of images shown in the outputs differs from the number of the chapter's figures (the
code cells with `mystnb: figure` metadata, which the website numbers); an output is an error
or stderr; the rendered prose shows raw MyST (`{glue`, `{numref}`, `:name:`, `:::`, an
"Unknown Directive" box, `$…$` left untypeset). Saves screenshots down each notebook under
_build/screenshots/lab/. Runs in `make test-site`, with Debian's Chromium through Playwright.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import pytest

from tests.test_browser import _require, browser  # noqa: F401  (browser: the same Chromium fixture)
from tools.build.book_layout import ROOT, figure_cells

pytestmark = pytest.mark.site
SHOTS = ROOT / "_build" / "screenshots" / "lab"
CHAPTERS = ["notebooks/01_simulated_data.md", "notebooks/02_normal_mixture.md"]
RUN_TIMEOUT = 900  # seconds for Run All Cells of one chapter, a cold compile cache included
RAW_MYST = ["{glue", "{numref}", "{ref}", "{term}", "{footcite", ":name:", ":::", "```{",
            "Unknown Directive", "Unknown Role"]
UNTYPESET_MATH = re.compile(r"\$[^$\s][^$\n]{0,80}?\$")


def figure_count(chapter: str) -> int:
    return len(figure_cells(jupytext.read(ROOT / chapter)))


def test_lab_settings_are_binders():
    """`make lab` installs the same JupyterLab settings that Binder's postBuild installs."""
    installed = Path(sys.prefix) / "share/jupyter/lab/settings/overrides.json"
    _require(installed.exists(), "no JupyterLab settings in .venv: run make test-site (or make lab)")
    assert json.loads(installed.read_text()) == json.loads((ROOT / "binder/overrides.json").read_text())


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    # JupyterLab saves an open notebook by itself: it runs copies, never the book's sources
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    for chapter in CHAPTERS:
        shutil.copy(ROOT / chapter, root / chapter)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, MIXTURE_BOOK_OFFLINE="1",
               PYTHONPATH=str(ROOT / "tools/build/offline"))
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root",
         f"--port={port}", "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _accept_kernel_dialog(page):
    """Accept the kernel JupyterLab proposes, when it asks (a first start, or after ?reset)."""
    try:
        page.wait_for_selector(".jp-Dialog .jp-mod-accept", timeout=10_000)
    except Exception:  # no dialog: the kernel started by itself
        return
    page.click(".jp-Dialog .jp-mod-accept")
    time.sleep(2)


def _run_all_cells(page):
    page.keyboard.press("Control+Shift+C")  # the command palette
    page.keyboard.type("Run All Cells")
    page.keyboard.press("Enter")
    start = time.time()
    time.sleep(5)
    while time.time() - start < RUN_TIMEOUT:
        busy = page.evaluate("""() => [...document.querySelectorAll('.jp-InputPrompt')]
                                 .filter(e => e.textContent.includes('*')).length""")
        if busy == 0:
            return
        time.sleep(2)
    pytest.fail(f"Run All Cells did not finish in {RUN_TIMEOUT} s")


def _screenshots(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    scroller = ".jp-WindowedPanel-outer"
    height = page.evaluate(f"() => document.querySelector('{scroller}').scrollHeight")
    step = page.evaluate(f"() => document.querySelector('{scroller}').clientHeight")
    for k, y in enumerate(range(0, height, max(step, 500))):
        page.evaluate(f"() => document.querySelector('{scroller}').scrollTo(0, {y})")
        time.sleep(0.5)
        page.screenshot(path=str(SHOTS / f"{name}_{k:02d}.png"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[Path(c).stem for c in CHAPTERS])
def test_chapter_in_jupyterlab(lab, browser, chapter):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab}/lab/tree/{chapter}?reset", timeout=120_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        _accept_kernel_dialog(page)
        _run_all_cells(page)
        time.sleep(2)
        images = page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output img').length")
        errors = page.evaluate("""() => document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length""")
        prose = page.evaluate("""() => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .myst')]
                                  .map(e => e.innerText).join('\\n')""")
        _screenshots(page, Path(chapter).stem)
    finally:
        page.close()
    assert prose.strip(), f"{chapter}: no rendered prose (did it open as a notebook?)"
    assert errors == 0, f"{chapter}: {errors} error or stderr outputs"
    assert images == figure_count(chapter), (
        f"{chapter}: JupyterLab shows {images} images, the website has {figure_count(chapter)} figures")
    raw = [s for s in RAW_MYST if s in prose]
    assert not raw, f"{chapter}: raw MyST in the rendered prose: {raw}"
    math = UNTYPESET_MATH.search(prose)
    assert math is None, f"{chapter}: untypeset math {math.group(0)!r}"

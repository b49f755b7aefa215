"""Open every page of the built site in headless Chromium, as a reader would.

Fails on: a console error or page error, an image that did not load, a figure
without a loaded image, an internal link or anchor that leads nowhere, math
that MathJax did not typeset, code or a formula wider than its column (dropdowns
opened), a page wider than a 390-px phone screen. Saves a full-page screenshot of every page under
_build/screenshots/. Uses Debian's Chromium (/usr/bin/chromium, installed by
`make chromium`) through Playwright; no browser is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from tools.build.book_layout import ROOT, toc_files

pytestmark = pytest.mark.site
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# flags that keep Chromium from phoning home on a machine without network
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _require(condition, message):
    if not condition:
        if os.environ.get("REQUIRE_SITE") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def server():
    _require((HTML / "index.html").exists(), "no built site: run make book")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: run make chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@functools.cache
def _ids_in(path: Path) -> frozenset[str]:
    import re

    return frozenset(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


PAGES = [f"{f}.html" for f in toc_files()]


@pytest.mark.parametrize("page_path", PAGES, ids=[Path(p).stem for p in PAGES])
def test_page_in_browser(server, browser, page_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    url = urljoin(server, page_path)
    page.goto(url, wait_until="load")
    # MathJax typesets after load; wait until it says it is done
    page.wait_for_function("() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)", timeout=20_000)
    page.evaluate("() => window.MathJax ? MathJax.startup.promise : null")

    # no bar above the sidebar: pydata-sphinx-theme 0.17 puts a second search box in a page header
    # unless _config.yml says otherwise, and that bar hid the book's title in the sidebar
    header_height = page.evaluate("() => document.querySelector('#pst-header')?.getBoundingClientRect().height ?? 0")
    assert header_height == 0, f"{page_path}: a {header_height:.0f} px header bar sits above the sidebar"

    broken_images = page.evaluate(
        "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert not broken_images, f"{page_path}: images that did not load: {broken_images}"

    empty_figures = page.evaluate(
        "() => [...document.querySelectorAll('figure')].filter(f => !f.querySelector('img')).map(f => f.id)"
    )
    assert not empty_figures, f"{page_path}: figures without an image: {empty_figures}"

    raw_math = page.evaluate(
        "() => [...document.querySelectorAll('.math')].filter(m => !m.querySelector('mjx-container')).length"
    )
    assert raw_math == 0, f"{page_path}: {raw_math} formulas were not typeset by MathJax"

    # open every dropdown (the exercises' solutions), so that their code is measured too
    page.evaluate("() => document.querySelectorAll('.dropdown button.toggle-button').forEach(b => b.click())")
    page.wait_for_timeout(300)
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('.bd-article .dropdown div.highlight pre')]"
        ".filter(p => p.clientWidth === 0).length"
    )
    assert hidden == 0, f"{page_path}: {hidden} code boxes in dropdowns did not open"

    # every code block, code cell and printed output is shown whole, without a sideways
    # scroll (1280-px window), solutions included
    scrolled = page.evaluate(
        "() => [...document.querySelectorAll('.bd-article div.highlight pre, div.cell_output pre')]"
        ".filter(p => p.scrollWidth > p.clientWidth).map(p => p.textContent.split('\\n')[0])"
    )
    assert not scrolled, f"{page_path}: code or output boxes that scroll sideways, first lines: {scrolled}"

    # every display formula fits the text column (MathJax scrolls a wider one sideways)
    wide_math = page.evaluate(
        "() => [...document.querySelectorAll('.bd-article mjx-container[display=\"true\"]')]"
        ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 60))"
    )
    assert not wide_math, f"{page_path}: display formulas wider than the column: {wide_math}"

    # every table a page prints fits its output area too
    wide_tables = page.evaluate(
        "() => [...document.querySelectorAll('div.cell_output table')]"
        ".filter(t => t.scrollWidth > t.closest('div.cell_output').clientWidth)"
        ".map(t => t.innerText.trim().split('\\n')[0].slice(0, 60))"
    )
    assert not wide_tables, f"{page_path}: output tables wider than the page, first rows: {wide_tables}"

    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    for link in links:
        parsed = urlparse(link)
        if f"{parsed.scheme}://{parsed.netloc}/" != server:
            continue  # external links are not followed: the test runs offline
        target, anchor = urldefrag(link)
        rel = urlparse(target).path.lstrip("/") or "index.html"
        file = HTML / rel
        if file.is_dir():
            file = file / "index.html"
        assert file.exists(), f"{page_path}: broken link to {rel}"
        if anchor and file.suffix == ".html":
            assert anchor in _ids_in(file), f"{page_path}: link to missing anchor {rel}#{anchor}"

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{page_path.replace('/', '__')[:-5]}.png"), full_page=True)
    page.close()
    assert not problems, f"{page_path}: {problems}"


@pytest.mark.parametrize("page_path", PAGES, ids=[Path(p).stem for p in PAGES])
def test_page_fits_a_phone(server, browser, page_path):
    """On a 390-px-wide phone screen the page itself never scrolls sideways: wide code,
    tables and formulas scroll inside their own boxes, and long names in titles wrap."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(urljoin(server, page_path), wait_until="load")
    page.evaluate("() => window.MathJax ? MathJax.startup.promise : null")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.close()
    assert width <= 390, f"{page_path}: the page is {width} px wide on a 390-px screen"

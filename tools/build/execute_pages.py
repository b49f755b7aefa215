"""Execute the book's pages into its Jupyter cache, several at a time.

    python -m tools.build.execute_pages [--jobs N]      (what `make book` runs first)

Jupyter Book 1 executes every uncached page itself, one after the other, while
Sphinx reads the pages. Part of a page's work uses one core only: imports,
plots and, from a cold start, compiling C code (PyTensor compiles one file at a
time, under a lock shared by all processes). So on 2 cores two pages at a time
finish sooner: one page compiles while the other samples. With more cores, more
pages run at once: one per two cores (each page samples two chains), at least two
on two or more cores (tools/build/cpu_budget.py).
This script executes the pages that have no cached result, in worker processes,
and stores each result exactly as myst-nb would (same reader, same cache, same
record), so that `jupyter-book build` afterwards finds every page in the cache
and only renders. A failing page stops the build with its traceback, as
`raise_on_error: true` in _config.yml does.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import myst_nb_reader_plugin

from tools.build.book_layout import ROOT, toc_notebooks
from tools.build.cpu_budget import book_pages, pages_at_a_time, usable_cpus

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]
CACHE = ROOT / CONFIG["cache"]
# the page reader that myst-nb uses for MyST Markdown notebooks
READ_FMT = {"type": "plugin", "name": "myst_nb_md"}


def last_times(cache) -> dict[str, float]:
    """Each page's execution time in seconds when this cache last executed it (stale records
    included: an edited page usually takes about as long as before)."""
    times = {}
    for record in sorted(cache.list_cache_records(), key=lambda r: r.created):
        seconds = (record.data or {}).get("execution_seconds")
        if seconds is not None:
            times[Path(record.uri).stem] = float(seconds)
    return times


def longest_first(pages: list[Path], times: dict[str, float]) -> list[Path]:
    """Start the slowest pages first, so that the last page to finish is a short one. A page
    this cache never executed is ranked by its length (code and prose), longest first."""
    return sorted(pages, key=lambda p: (-times.get(p.stem, float("inf")), -p.stat().st_size))


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children: a page's kernel and,
    through it, its sampler processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute(notebook, path: Path) -> tuple[object, float, float, str | None]:
    """Run one page's notebook in a fresh kernel, in the page's folder; return the executed
    notebook, its run time, the CPU time of its kernel and sampler processes and, if a cell
    failed, the traceback."""
    cpu_before = children_cpu()
    result = single_nb_execution(notebook, cwd=str(path.parent), timeout=CONFIG["timeout"],
                                 allow_errors=CONFIG["allow_errors"], meta_override=True)
    return result.nb, result.time, children_cpu() - cpu_before, result.exc_string


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=pages_at_a_time(usable_cpus(), book_pages()),
                        help="pages executed at the same time (default: one per two cores, at least 2 on 2+ cores)")
    jobs = parser.parse_args().jobs
    if jobs < 1:
        parser.error(f"--jobs must be at least 1, got {jobs}")

    CACHE.mkdir(parents=True, exist_ok=True)
    cache = get_cache(str(CACHE))
    todo = {}  # page -> its notebook, read once: the one checked against the cache is the one executed
    for path in toc_notebooks():
        notebook = myst_nb_reader_plugin(str(path))
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:  # no cached result for this page's current code
            todo[path] = notebook
    if not todo:
        print("execute_pages: every page is cached")
        return 0

    start = time.perf_counter()
    print(f"execute_pages: {len(todo)} page(s), {jobs} at a time", flush=True)
    # spawn: each worker starts clean instead of inheriting this process's state
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(execute, todo[path], path): path for path in longest_first(list(todo), last_times(cache))}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = futures[future]
                notebook, seconds, cpu, traceback = future.result()
                if traceback is not None:
                    print(f"execute_pages: {path.relative_to(ROOT)} failed\n{traceback}", file=sys.stderr)
                    pool.shutdown(wait=False, cancel_futures=True)
                    return 1
                # what myst-nb records for a page it executed itself
                record = cache.add_nb_to_project(str(path), read_data=READ_FMT)
                cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri,
                                                          data={"execution_seconds": seconds}),
                                            check_validity=False, overwrite=True)
                print(f"execute_pages: {path.stem} {seconds:.0f} s ({cpu:.0f} CPU-s)", flush=True)
    print(f"execute_pages: done in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Execute the book's pages into its Jupyter cache, several at a time.

    python scripts/execute_pages.py [--jobs N]      (what `make book` runs first)

Jupyter Book 1 executes every uncached page itself, one after the other, while
Sphinx reads the pages. Part of a page's work uses one core only: imports,
plots and, from a cold start, compiling C code (PyTensor compiles one file at a
time, under a lock shared by all processes). So on 2 cores two pages at a time
finish sooner: one page compiles while the other samples (results/page_times.md
has both timings). With more cores, more pages run at once: one per two cores
(each page samples two chains), at least two on two or more cores
(scripts/cpu_budget.py).
This script executes the pages that have no cached result, in worker processes,
and stores each result exactly as myst-nb would (same reader, same cache, same
record), so that `jupyter-book build` afterwards finds every page in the cache
and only renders. A failing page stops the build with its traceback, as
`raise_on_error: true` in _config.yml does.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import resource
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

# nbformat validates notebooks with jsonschema, whose format checker imports the optional
# rfc3987-syntax (installed through JupyterLab's dependencies) only to check "iri" strings,
# which no notebook schema uses; that import builds ~35 parsers and takes 1.4 s, in this
# process and in each worker (python-jsonschema/jsonschema#1428). None in sys.modules makes
# the import fail, and jsonschema then goes without that one check.
sys.modules.setdefault("rfc3987_syntax", None)

import yaml  # noqa: E402
from jupyter_cache import get_cache  # noqa: E402
from jupyter_cache.base import CacheBundleIn  # noqa: E402
from jupyter_cache.executors.utils import single_nb_execution  # noqa: E402
from myst_nb.core.read import myst_nb_reader_plugin  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
from book_layout import toc_notebooks  # noqa: E402
from cpu_budget import book_pages, pages_at_a_time, usable_cpus  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]
CACHE = ROOT / CONFIG["cache"]
# the page reader that myst-nb uses for MyST Markdown notebooks
READ_FMT = {"type": "plugin", "name": "myst_nb_md"}


def cold_times() -> dict[str, float]:
    """Each page's cold execution time in seconds, from the latest `make bench` (empty if none)."""
    table = ROOT / "results" / "page_times.csv"
    if not table.exists():
        return {}
    with open(table, newline="") as f:
        return {row["page"]: float(row["cold_s"]) for row in csv.DictReader(f)}


def longest_first(pages: list[Path]) -> list[Path]:
    """Start the slowest pages first, so that the last page to finish is a short one
    (pages without a measured time go first)."""
    times = cold_times()
    return sorted(pages, key=lambda p: -times.get(p.stem, float("inf")))


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
        futures = {pool.submit(execute, todo[path], path): path for path in longest_first(list(todo))}
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

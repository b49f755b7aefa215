"""Execute one MyST notebook in a fresh kernel and report the result as JSON.

    python -m tools.bench.run_page notebooks/02_normal_mixture.md

Prints {"page", "ok", "seconds", "cpu_s", "peak_rss_mb", "error"}: wall time of the
whole execution (kernel start to the end of the last cell), the CPU time (user + system) of
the kernel and the sampler processes it started, the peak resident memory of the
largest process involved (the kernel or a sampler worker), and for a failed
page the exception (for a hidden check, the claim that failed) or, for a page that ran
but wrote to stderr (a warning), the first such line. Used by
tools/bench/page_times.py and tools/bench/seed_sweep.py; the environment passed in
(MIXTURE_BOOK_SEED, PYTENSOR_FLAGS) decides seed and compile cache.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.build.book_layout import stderr_text

ROOT = Path(__file__).resolve().parents[2]


class TimedClient(NotebookClient):
    """Remembers when the last cell finished, so that the kernel's shutdown
    (which waits for the kernel process to exit) is not counted as page time."""

    last_cell_done: float | None = None

    async def async_execute_cell(self, *args, **kwargs):
        result = await super().async_execute_cell(*args, **kwargs)
        self.last_cell_done = time.perf_counter()
        return result


def first_stderr(notebook) -> str | None:
    """'stderr in cell N: <its first line>' for the first cell that wrote to stderr, else None."""
    for index, cell in enumerate(notebook.cells):
        text = stderr_text(cell)
        if text is not None:
            text = text.strip()
            return f"stderr in cell {index}: {text.splitlines()[0] if text else ''}"[:300]
    return None


def run(md_path: Path, timeout: int = 1200) -> dict:
    notebook = jupytext.read(md_path)
    client = TimedClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(md_path.parent)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    if error is None:  # a warning on a page is a failure too (the book's pages show none)
        error = first_stderr(notebook)
    seconds = (client.last_cell_done if error is None and client.last_cell_done else time.perf_counter()) - start
    # the kernel has been shut down and waited for, so its usage (and that of the sampler
    # processes it waited for) is in RUSAGE_CHILDREN; ru_maxrss is in KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"page": md_path.stem, "ok": error is None, "seconds": round(seconds, 1),
            "cpu_s": round(children.ru_utime + children.ru_stime, 1),
            "peak_rss_mb": round(children.ru_maxrss / 1024), "error": error}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(json.dumps(run((ROOT / sys.argv[1]).resolve())))

"""How many pages to execute at the same time on this computer.

    python3 tools/build/cpu_budget.py      prints the number; the Makefile's default for
                                       BOOK_JOBS (make book) and NB_WORKERS (make test)

Every page samples two chains at once, so one page per two cores keeps the cores
busy. On two cores it is still two pages: a page also has stretches that use one
core (imports, plots, compiling C code), and two pages at a time were measured to
finish sooner there than one or three (README, results/test_workers.md). One core
gets one page, and no computer more pages at once than the book has.

The cores counted are the ones this process may run on, and no more than a cgroup
CPU quota allows: a container or CI runner limited to 2 CPUs on a 64-core host
should run 2 pages, not 32. Standard library only: the Makefile calls this with
the system python3, before .venv exists.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def quota_cpus(cgroup_root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """CPUs allowed by a cgroup quota (v2 `cpu.max`, else v1 `cpu.cfs_quota_us`), or None."""
    try:
        quota, period = (cgroup_root / "cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        try:
            quota = (cgroup_root / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (cgroup_root / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    if quota in ("max", "-1"):
        return None
    try:
        return max(1, math.ceil(int(quota) / int(period)))
    except (ValueError, ZeroDivisionError):
        return None


def usable_cpus(cgroup_root: Path = Path("/sys/fs/cgroup")) -> int:
    """Cores this process may run on, limited by the cgroup quota if there is one."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    quota = quota_cpus(cgroup_root)
    return min(cpus, quota) if quota else cpus


def pages_at_a_time(cpus: int, n_pages: int) -> int:
    """One page per two cores, at least two (measured best on two cores), at most n_pages.
    A single core gets one page: a second would only double the memory in use."""
    if cpus < 1:
        raise ValueError(f"cpus must be at least 1, got {cpus}")
    if n_pages < 1:
        raise ValueError(f"n_pages must be at least 1, got {n_pages}")
    per_machine = 1 if cpus == 1 else max(2, cpus // 2)
    return min(per_machine, n_pages)


def book_pages() -> int:
    """The chapters: one notebook per file in notebooks/."""
    return max(1, len(list((ROOT / "notebooks").glob("*.md"))))


if __name__ == "__main__":
    print(pages_at_a_time(usable_cpus(), book_pages()))

"""tools/build/cpu_budget.py: how many pages `make book` and `make test` execute at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.build import cpu_budget as budget
from tools.build.book_layout import ROOT



@pytest.mark.parametrize(
    ("cpus", "n_pages", "expected"),
    [
        (1, 6, 1),  # one core: one page (a second would only double the memory)
        (2, 6, 2),  # the measured case: two beat one and three
        (4, 6, 2),
        (5, 6, 2),
        (8, 6, 4),  # one page per two cores
        (64, 6, 6),  # never more than the book has pages
        (8, 1, 1),  # one page: one at a time
    ],
)
def test_pages_at_a_time(cpus, n_pages, expected):
    assert budget.pages_at_a_time(cpus, n_pages) == expected


@pytest.mark.parametrize(("cpus", "n_pages", "message"), [(0, 6, "cpus"), (4, 0, "n_pages")])
def test_pages_at_a_time_rejects_nonsense(cpus, n_pages, message):
    with pytest.raises(ValueError, match=message):
        budget.pages_at_a_time(cpus, n_pages)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"cpu.max": "200000 100000\n"}, 2),  # cgroup v2: a 2-CPU container
        ({"cpu.max": "150000 100000\n"}, 2),  # 1.5 CPUs: round up
        ({"cpu.max": "max 100000\n"}, None),  # no quota
        ({"cpu/cpu.cfs_quota_us": "400000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 4),  # cgroup v1
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu.max": "garbage\n"}, None),  # unreadable: ignored, not an error
        ({}, None),  # no cgroup files at all
    ],
)
def test_quota_cpus(tmp_path, files, expected):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert budget.quota_cpus(tmp_path) == expected


def test_a_quota_limits_the_usable_cores(tmp_path):
    (tmp_path / "cpu.max").write_text("100000 100000\n")
    assert budget.usable_cpus(tmp_path) == 1
    assert budget.usable_cpus(tmp_path / "missing") >= 1


def test_book_pages_counts_the_chapters():
    assert budget.book_pages() == len(list((ROOT / "notebooks").glob("*.md")))


def test_the_command_line_prints_a_number_with_the_system_python():
    """The Makefile runs it with the system python3 before .venv exists: standard library only."""
    out = subprocess.run([sys.executable, "-I", "-S", str(ROOT / "tools" / "build" / "cpu_budget.py")],
                         capture_output=True, text=True, check=True).stdout
    assert int(out) >= 1

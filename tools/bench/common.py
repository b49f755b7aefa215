"""What several benchmark scripts need: the machine's description, the environment of a timed
run, the commit measured, and CSV writing."""

from __future__ import annotations

import csv
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
UNRECORDED = "not recorded"


def cpu_name() -> str:
    """The processor's model name (from /proc/cpuinfo where there is one)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """One line for a table's header: cores, processor, Python, system."""
    return f"{os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}, {platform.system()}"


def bench_env(compiledir: Path | None) -> dict:
    """The environment of a timed run: the book's default seed and, unless None, a PyTensor
    compile directory of its own (an empty one is a reader's first run: PyTensor keeps its
    compiled C modules and its numba cache under it)."""
    env = dict(os.environ)
    if compiledir is not None:
        flags = [f for f in env.get("PYTENSOR_FLAGS", "").split(",") if f]
        env["PYTENSOR_FLAGS"] = ",".join([*flags, f"base_compiledir={compiledir}"])
    env.pop("MIXTURE_BOOK_SEED", None)
    return env


def commit(root: Path = ROOT) -> str:
    """The commit measured, with '-dirty' when files outside results/ have uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                  ":(exclude)results"],
                                 cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}-dirty" if changed else head


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write rows (dicts with the same keys) to a CSV file, header first."""
    if not rows:
        raise ValueError(f"no rows to write to {path}")
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

"""Where does a page spend its time? Execute it and list its slowest cells.

    python -m tools.bench.profile_page notebooks/02_normal_mixture.md [N]

Prints the N (default 8) slowest code cells with their first line and the
total. Uses the execution timestamps that nbclient records for every cell.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import jupytext
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def cell_times(md_path: Path) -> list[tuple[float, int, str]]:
    nb = jupytext.read(md_path)
    NotebookClient(nb, timeout=1200, kernel_name="python3", record_timing=True,
                   resources={"metadata": {"path": str(md_path.parent)}}).execute()
    times = []
    for i, cell in enumerate(nb.cells):
        t = cell.get("metadata", {}).get("execution", {})
        if cell.cell_type == "code" and "iopub.execute_input" in t:
            start = datetime.fromisoformat(t["iopub.execute_input"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(t["shell.execute_reply"].replace("Z", "+00:00"))
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            times.append(((end - start).total_seconds(), i, first[:70]))
    return times


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    times = cell_times((ROOT / sys.argv[1]).resolve())
    for seconds, index, first in sorted(times, reverse=True)[:n]:
        print(f"{seconds:7.1f} s  cell {index:3d}  {first}")
    print(f"{sum(t for t, _, _ in times):7.1f} s  all {len(times)} code cells")

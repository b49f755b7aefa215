"""The record of cold `make book` runs (scripts/bench_cold_book.py): rows are appended, never
overwritten, and the Markdown page counts the runs within the target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import bench_cold_book as bcb  # noqa: E402


def run(wall: float, when: str = "2026-11-24") -> dict:
    return {"date": when, "commit": "abc1234", "wall_s": wall, "cpu_s": 2 * wall,
            "python_ref_s": 2.1, "numeric_ref_s": 1.5, "cpu": "AMD EPYC (family 25, model 1)"}


def test_append_keeps_earlier_runs_and_writes_one_header(tmp_path):
    path = tmp_path / "runs.csv"
    bcb.append_run(run(300.0), path)
    bcb.append_run(run(380.0), path)
    rows = bcb.read_runs(path)
    assert [float(r["wall_s"]) for r in rows] == [300.0, 380.0]
    assert path.read_text().count("wall_s") == 1


def test_append_to_a_record_without_the_processor_column_keeps_its_runs(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text("date,commit,wall_s,cpu_s,python_ref_s,numeric_ref_s\n2026-11-24,a3612f4,348.9,637.6,2.27,1.62\n")
    bcb.append_run(run(300.0), path)
    rows = bcb.read_runs(path)
    assert [(r["commit"], float(r["wall_s"]), r["cpu"]) for r in rows] == [
        ("a3612f4", 348.9, ""), ("abc1234", 300.0, "AMD EPYC (family 25, model 1)")]
    assert path.read_text().splitlines()[0] == ",".join(bcb.FIELDS)
    text = bcb.runs_markdown(rows)
    assert "| 2026-11-24 | a3612f4 | 349 | 638 | 2.27 | 1.62 | not recorded |" in text
    assert "| 300 | 600 | 2.10 | 1.50 | AMD EPYC (family 25, model 1) |" in text


def test_cpu_name_is_a_name():
    assert bcb.cpu_name().strip()


def test_append_rejects_a_row_with_other_fields(tmp_path):
    bad = run(300.0)
    del bad["numeric_ref_s"]
    with pytest.raises(ValueError, match="exactly the fields"):
        bcb.append_run(bad, tmp_path / "runs.csv")


def test_read_runs_of_a_missing_record_is_empty(tmp_path):
    assert bcb.read_runs(tmp_path / "none.csv") == []


def test_markdown_counts_runs_within_the_target():
    text = bcb.runs_markdown([run(300.0), run(361.0), run(350.0)], target_s=360)
    assert "**2 of 3 runs within the 6-minute target**" in text
    assert "median 350 s, fastest 300 s, slowest 361 s" in text
    assert text.count("| 2026-11-24 | abc1234 |") == 3


def test_markdown_median_of_an_even_number_of_runs():
    assert "median 325 s" in bcb.runs_markdown([run(300.0), run(350.0)])


def test_markdown_needs_runs():
    with pytest.raises(ValueError, match="no cold-book runs"):
        bcb.runs_markdown([])


def test_main_rejects_zero_runs():
    with pytest.raises(ValueError, match="at least 1"):
        bcb.main(["0"])


def test_numeric_reference_is_positive_seconds():
    assert 0 < bcb.numeric_reference() < 60


def test_commit_ignores_the_benchmarks_own_outputs(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "runs.csv").write_text("a\n")
    (tmp_path / "README.md").write_text("readme\n")
    (tmp_path / "page.md").write_text("page\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    head = bcb.commit(tmp_path)
    assert head and not head.endswith("-dirty")
    # the record of the previous run and the README table it updates: still the same build
    (tmp_path / "results" / "runs.csv").write_text("a\nb\n")
    (tmp_path / "README.md").write_text("readme, updated\n")
    assert bcb.commit(tmp_path) == head
    # a page changed: what is measured is no longer the commit
    (tmp_path / "page.md").write_text("page, edited\n")
    assert bcb.commit(tmp_path) == f"{head}-dirty"


def test_commit_outside_a_repository_is_unknown(tmp_path):
    assert bcb.commit(tmp_path) == "unknown"

"""The worker-count table (scripts/bench_test_workers.py): a run replaces only the modes it
measured, each row names its date, commit and processor, and bad input fails before any run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import bench_test_workers as btw  # noqa: E402


def row(mode: str, one: int, two: int, ok: bool = True, cpu: str = "AMD EPYC (family 25, model 1)") -> dict:
    return {"mode": mode, "date": "2026-12-03", "commit": "abc1234", "cpu": cpu,
            "workers_1_s": str(one), "workers_2_s": str(two), "ok": str(ok)}


def test_a_cold_run_keeps_the_warm_row_and_the_table_lists_cold_first(tmp_path, monkeypatch):
    monkeypatch.setattr(btw, "RESULTS", tmp_path)
    monkeypatch.setattr(btw, "CSV_PATH", tmp_path / "w.csv")
    monkeypatch.setattr(btw, "MD_PATH", tmp_path / "w.md")
    btw.write(btw.merge({}, {"warm": row("warm", 409, 309, cpu="")}))
    btw.write(btw.merge(btw.read_rows(btw.CSV_PATH), {"cold": row("cold", 900, 700, ok=False)}))
    rows = btw.read_rows(btw.CSV_PATH)
    assert list(rows) == ["cold", "warm"]
    assert rows["warm"]["workers_2_s"] == "309"
    text = btw.MD_PATH.read_text()
    assert "| cold | 2026-12-03 | abc1234 | AMD EPYC (family 25, model 1) | 900 | 700 | **no** |" in text
    assert "| warm | 2026-12-03 | abc1234 | not recorded | 409 | 309 | yes |" in text


def test_a_new_run_replaces_its_own_mode():
    rows = btw.merge({"warm": row("warm", 409, 309)}, {"warm": row("warm", 500, 400)})
    assert [(r["mode"], r["workers_1_s"]) for r in rows] == [("warm", "500")]


def test_an_unknown_mode_in_the_table_is_a_clear_error(tmp_path):
    path = tmp_path / "w.csv"
    btw.write_csv(path, [row("hot", 1, 1)])
    with pytest.raises(ValueError, match=r"unknown mode\(s\) \['hot'\]"):
        btw.read_rows(path)


def test_an_empty_table_is_a_clear_error():
    with pytest.raises(ValueError, match="no worker-count runs"):
        btw.markdown([])


def test_a_typo_in_the_modes_stops_before_any_run(monkeypatch):
    def no_run(*args):
        raise AssertionError("a run started")
    monkeypatch.setattr(btw, "run_tests", no_run)
    with pytest.raises(SystemExit, match="unknown mode"):
        btw.main(["cold", "wram"])


def test_the_recorded_table_reads():
    rows = btw.merge(btw.read_rows(), {})
    assert rows and all(r["workers_1_s"] and r["workers_2_s"] for r in rows)

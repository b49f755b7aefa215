"""The seed sweep's record (tools/bench/seed_sweep.py) keys each result to what the page executes:
a change to the prose keeps the results, a change to a code cell or its tags drops them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.bench import seed_sweep

PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# A page

Some prose {cite}`one2020`.

```{code-cell} ipython3
x = 1
```

```{code-cell} ipython3
:tags: [remove-cell]

assert x == 1, "x is one"
```
"""


def page_hash(tmp_path: Path, text: str) -> str:
    md = tmp_path / "page.md"
    md.write_text(text)
    return seed_sweep.source_hash(md)


def test_a_prose_change_keeps_the_hash(tmp_path):
    assert page_hash(tmp_path, PAGE) == page_hash(tmp_path, PAGE.replace("one2020", "two2025"))


def test_a_code_change_changes_the_hash(tmp_path):
    assert page_hash(tmp_path, PAGE) != page_hash(tmp_path, PAGE.replace("x = 1", "x = 2"))


def test_a_tag_change_changes_the_hash(tmp_path):
    assert page_hash(tmp_path, PAGE) != page_hash(tmp_path, PAGE.replace("remove-cell", "raises-exception"))


def test_a_page_without_code_is_a_clear_error(tmp_path):
    md = tmp_path / "prose.md"
    md.write_text("# Only prose\n")
    with pytest.raises(ValueError, match="no code cells"):
        seed_sweep.source_hash(md)



def test_a_sweep_runs_the_default_seed_and_fresh_ones():
    from mixture_tools import DEFAULT_SEED

    first, second = seed_sweep.sweep_seeds(), seed_sweep.sweep_seeds()
    assert first[0] == second[0] == DEFAULT_SEED
    assert len(set(first)) == len(first) == 1 + seed_sweep.FRESH_SEEDS
    assert set(first[1:]) != set(second[1:]), "each sweep draws new seeds"


def test_the_table_lists_the_seeds_each_page_passed_and_failed(tmp_path, monkeypatch):
    monkeypatch.setattr(seed_sweep, "RESULTS", tmp_path)
    row = {"source": "abc", "machine": "x86_64 test"}
    table = {"01_page": {7: {"ok": True} | row, 9: {"ok": False, "error": "claim X"} | row},
             "02_page": {}}
    failures = seed_sweep.write_tables(table)
    text = (tmp_path / "seed_sweep.md").read_text()
    assert "| 01_page | 2 | 7 | 9 |" in text
    assert "| 02_page | not run | none | none |" in text
    assert failures == ["- 01_page, seed 9: claim X"]


def test_a_page_that_writes_to_stderr_fails_the_sweep():
    import nbformat

    from tools.bench import run_page

    quiet = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "print(1)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")])])
    assert run_page.first_stderr(quiet) is None
    noisy = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("prose"),
        nbformat.v4.new_code_cell("f()", outputs=[nbformat.v4.new_output(
            "stream", name="stderr", text="x.py:3: RuntimeWarning: overflow\n  return y\n")]),
    ])
    assert run_page.first_stderr(noisy) == "stderr in cell 1: x.py:3: RuntimeWarning: overflow"

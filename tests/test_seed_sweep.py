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


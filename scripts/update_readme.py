"""Copy the latest benchmark tables from results/ into README.md.

Replaces the text between `<!-- results/NAME.md start -->` and
`<!-- results/NAME.md end -->` with the file's content, so the README shows
the numbers `make bench` measured, never numbers typed by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    for name in re.findall(r"<!-- (results/[\w.]+\.md) start -->", text):
        source = ROOT / name
        if not source.exists():
            continue
        body = source.read_text().strip()
        body = re.sub(r"^# .*\n+", "", body)  # the file's own title is not needed in the README
        pattern = re.compile(rf"(<!-- {re.escape(name)} start -->\n)(?:.*?\n)?(<!-- {re.escape(name)} end -->)", re.S)
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
        print(f"README.md: updated {name}")
    readme.write_text(text)


if __name__ == "__main__":
    main()

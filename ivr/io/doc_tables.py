"""The field tables of ``docs/format.md``, generated from the field spec (:mod:`ivr.io.spec`).

Each table stands between two markers, ``<!-- fields: SECTION -->`` and ``<!-- /fields -->``;
the text around them is written by hand. After changing the spec, regenerate them; a test
fails while the doc is out of date::

    python -m ivr.io.doc_tables            # rewrite the tables of docs/format.md
    python -m ivr.io.doc_tables --check    # exit 1 when they are out of date

>>> print(table("case"))
| field | required | value |
|---|---|---|
| `when` | yes | Who or when this case applies to (all attributes must hold; any listed \
value or hour range will do). |
| `to` | yes | The node the call goes to when this case holds. |
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ivr.io.spec import SECTIONS, Field
from ivr.model.types import NODE_TYPES

DOC_PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "format.md"
_BLOCK = re.compile(r"(<!-- fields: ([a-z_]+) -->\n).*?(<!-- /fields -->)", re.DOTALL)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(f: Field) -> str:
    value = f.described()
    if f.kind == "choice" and f.values:
        value += " One of " + ", ".join(f"`{v}`" for v in f.values) + "."
    return f"| `{f.name}` | {'yes' if f.required else ''} | {_cell(value)} |"


def _types() -> str:
    """Which fields each node type has (bold: required)."""
    lines = ["| type | fields |", "|---|---|"]
    for t in NODE_TYPES:
        s = SECTIONS[t]
        names = [f"**`{f.name}`**" if f.required else f"`{f.name}`" for f in s.fields]
        lines.append(f"| `{t}` | {', '.join(names) or '—'} |")
    return "\n".join(lines)


def table(section: str) -> str:
    """The Markdown table of a section's fields (``types``: the fields of each node type)."""
    if section == "types":
        return _types()
    head = ["| field | required | value |", "|---|---|---|"]
    return "\n".join(head + [_row(f) for f in SECTIONS[section].fields])


def render(doc: str) -> str:
    """``doc`` with every table between markers regenerated."""

    def fill(m: re.Match[str]) -> str:
        return f"{m.group(1)}{table(m.group(2))}\n{m.group(3)}"

    return _BLOCK.sub(fill, doc)


def sections_in(doc: str) -> list[str]:
    """The sections whose tables ``doc`` holds, in order."""
    return [m.group(2) for m in _BLOCK.finditer(doc)]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the tables of ``docs/format.md``, or with ``--check`` say whether they are
    up to date."""
    args = sys.argv[1:] if argv is None else argv
    doc = DOC_PATH.read_text(encoding="utf-8")
    new = render(doc)
    if "--check" in args:
        if new != doc:
            print(f"the tables of {DOC_PATH} are out of date: run python -m ivr.io.doc_tables")
            return 1
        return 0
    if new != doc:
        DOC_PATH.write_text(new, encoding="utf-8")
        print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

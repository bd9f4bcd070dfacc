"""``python -m ivr._record [--check]``: write ivr/_record/inits.py, the compiled ``__init__``
code of every pattern of fields that ivr's own classes use (``--check``: exit 1 if it is not
what would be written). Run it after adding a record class with a new pattern of fields."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

import ivr
from ivr._record import _SEEN, template_source

HEAD = '''"""The ``__init__`` code of each pattern of fields of ivr's record classes, compiled
with the package (written by ``python -m ivr._record``: do not edit; see ivr._record)."""

# ruff: noqa: F821
# mypy: ignore-errors
'''


def source() -> str:
    """inits.py as ivr's classes need it: every module imported, the patterns they asked for."""
    for info in pkgutil.walk_packages(ivr.__path__, "ivr."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    keys = sorted(_SEEN)
    return HEAD + "".join(f"\n\n{template_source(k)}\n" for k in keys)


def main(argv: list[str]) -> int:
    path = Path(__file__).with_name("inits.py")
    text = source()
    if argv[1:] == ["--check"]:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date: run python -m ivr._record", file=sys.stderr)
            return 1
        return 0
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".inits-", suffix=".py")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

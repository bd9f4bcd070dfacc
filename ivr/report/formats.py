"""Picking the hotlines among the files pre-commit passes (``ivr check --folders``).

The output formats of ``ivr check`` are one module each, listed in :mod:`ivr.report.registry`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

_MENU_HEAD = re.compile(r"^ivr\s*:", re.MULTILINE)


def is_menu_file(path: str | os.PathLike[str]) -> bool:
    """Whether a YAML file is a menu file (a top-level ``ivr:`` key in its first 4 KB)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return _MENU_HEAD.search(head) is not None


def hotline_folders(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The folders (hotlines) of the menu files among ``paths``, once each, in order given.

    Folders given stay as they are; YAML files that are not menus are left out.
    """
    out: dict[str, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            out[str(p)] = None
        elif p.suffix in (".yaml", ".yml") and is_menu_file(p):
            out[str(p.parent)] = None
    return list(out)

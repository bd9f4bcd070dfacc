"""Finding menu files and hotlines on disk: which files a path names, which folders are
hotlines, which YAML files are menus.

>>> hotline_paths("menus")
['menus/mts']
>>> [p.name for p in menu_files("menus/mts")]
['federal.yaml', 'international.yaml', 'short.yaml']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ivr.io.spec import MENU_SUFFIXES

_MENU_HEAD = re.compile(r"^ivr\s*:", re.MULTILINE)


def menu_files(path: str | os.PathLike[str]) -> list[Path]:
    """The menu files a path names: the file itself, or a folder's ``*.yaml`` in name order."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in MENU_SUFFIXES and f.is_file())
    return [p]


def hotline_paths(path: str | os.PathLike[str]) -> list[str]:
    """The hotlines a path names: a menu file, a folder of menu files, or a folder of such
    folders (searched down to the first folders that hold menu files; hidden ones skipped).

    A path that holds no menu file at all is returned as it is, for ``ivr.load`` to say so.
    """
    p = Path(path)
    if not p.is_dir() or menu_files(p):
        return [str(path)]
    found: list[str] = []
    for root, dirs, _ in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            sub = Path(root, d)
            if menu_files(sub):
                found.append(str(sub))
                dirs.remove(d)  # a hotline's own subfolders are not hotlines
    return found or [str(path)]


def is_menu_file(path: str | os.PathLike[str]) -> bool:
    """Whether a YAML file is a menu file (a top-level ``ivr:`` key in its first 4 KB).

    >>> is_menu_file("menus/mts/short.yaml"), is_menu_file("pyproject.toml")
    (True, False)
    """
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return _MENU_HEAD.search(head) is not None


def hotline_folders(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The folders (hotlines) of the menu files among ``paths``, once each, in order given.

    Folders given stay as they are; YAML files that are not menus are left out.

    >>> hotline_folders(["menus/mts/short.yaml", "menus/mts/federal.yaml", "pyproject.toml"])
    ['menus/mts']
    """
    out: dict[str, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            out[str(p)] = None
        elif p.suffix in MENU_SUFFIXES and is_menu_file(p):
            out[str(p.parent)] = None
    return list(out)

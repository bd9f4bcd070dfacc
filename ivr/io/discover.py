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
import stat
from collections.abc import Iterable
from pathlib import Path

from ivr.io.spec import MENU_SUFFIXES

_MENU_HEAD = r"^ivr\s*:"  # compiled (and kept by re) when first asked: most commands never ask


def menu_files(path: str | os.PathLike[str]) -> list[Path]:
    """The menu files a path names: the file itself, or a folder's ``*.yaml`` in name order
    (those :func:`skipped_files` refuses left out). OSError when the folder cannot be read.
    """
    p = Path(path)
    if p.is_dir():
        return [f for f, why in _folder_entries(p) if not why]
    return [p]


def skipped_files(path: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """The ``*.yaml`` names of a folder that are not read, and why: a symlink that leads out
    of the folder (or to nothing), a directory, a FIFO, a device. The reader reports each.

    >>> skipped_files("menus/mts")
    []
    """
    p = Path(path)
    return [(f, why) for f, why in _folder_entries(p) if why] if p.is_dir() else []


def _folder_entries(folder: Path) -> list[tuple[Path, str]]:
    """A folder's entries with a menu suffix, in name order, each with why it is refused
    (empty when it is a menu file to read)."""
    inside = os.path.realpath(folder)
    out = []
    for f in sorted(folder.iterdir()):
        if f.suffix not in MENU_SUFFIXES:
            continue
        out.append((f, _refusal(f, inside)))
    return out


def refusal(f: str | os.PathLike[str]) -> str:
    """Why the menu file ``f`` is not read as part of its folder's hotline ("" to read it): a
    symlink out of the folder or to nothing, a directory, a FIFO, a device.

    >>> refusal("menus/mts/short.yaml")
    ''
    """
    f = Path(f)
    return _refusal(f, os.path.realpath(f.parent))


def _refusal(f: Path, inside: str) -> str:
    if f.is_symlink():
        real = os.path.realpath(f)
        if os.path.commonpath([inside, real]) != inside:
            return "a symlink that leads out of the folder: not read"
        if not os.path.exists(real):
            return "a symlink to nothing: not read"
    try:
        mode = f.stat().st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return "a directory, not a menu file: not read"
    if stat.S_ISFIFO(mode):
        return "a FIFO, not a menu file: not read"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device or a socket): not read"
    return ""


def hotline_paths(path: str | os.PathLike[str]) -> list[str]:
    """The hotlines a path names: a menu file, a folder of menu files, or a folder of such
    folders (searched down to the first folders that hold menu files; hidden ones skipped).

    A path that holds no menu file at all is returned as it is, for ``ivr.load`` to say so.
    """
    p = Path(path)
    try:
        if not p.is_dir() or _folder_entries(p):
            return [str(path)]
    except OSError:  # a folder it may not read: the reader says so, located
        return [str(path)]
    found: list[str] = []
    for root, dirs, _ in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            sub = Path(root, d)
            try:
                holds = bool(_folder_entries(sub))
            except OSError:
                continue
            if holds:
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
    return re.search(_MENU_HEAD, head, re.MULTILINE) is not None


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

"""The hotlines that ship with ``ivr``: ``ivr route mts`` works after ``pip install``.

A wheel carries the repository's ``menus/<id>/`` folders as ``ivr/hotlines/<id>/`` (setup.py
copies them at build time, so the menus are edited in one place); in a checkout they are read
from ``menus/`` itself. A path that does not exist but names a shipped hotline is that
hotline (``ivr.load("mts")``).

>>> [h["id"] for h in hotlines()]
['mts']
>>> shipped_path("mts").endswith("mts"), shipped_path("no-such") is None
(True, True)
"""

from __future__ import annotations

import os
from pathlib import Path

from ivr.io.spec import MENU_SUFFIXES

_HERE = Path(__file__).resolve().parent


def shipped_roots() -> list[Path]:
    """Where shipped hotlines live: the package's ``hotlines/`` (an installed ivr), else the
    ``menus/`` folder of the checkout this ivr runs from."""
    roots = [_HERE.parent / "hotlines", _HERE.parents[1] / "menus"]
    return [r for r in roots if r.is_dir()][:1]


def _folders() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for root in shipped_roots():
        for d in sorted(root.iterdir()):
            if d.is_dir() and not d.name.startswith((".", "_")) and _menu_files(d):
                out.setdefault(d.name, d)
    return out


def _menu_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.iterdir() if f.suffix in MENU_SUFFIXES)


def shipped_path(name: str | os.PathLike[str]) -> str | None:
    """The folder of the shipped hotline ``name`` (its id), or None."""
    text = os.fspath(name)
    if not text or os.sep in text or "/" in text:
        return None
    folder = _folders().get(text)
    return str(folder) if folder is not None else None


def hotlines() -> list[dict]:
    """The shipped hotlines: id, folder, menu files and each file's title (its ``title:``).

    ``ivr hotlines`` prints them; ``ivr route ID``, ``ivr check ID`` ... load one by its id.

    Raises: nothing.
    """
    return [describe_folder(hid, folder) for hid, folder in _folders().items()]


def describe_folder(hid: str, path: str | os.PathLike[str]) -> dict:
    """One hotline as ``ivr hotlines`` lists it: id, path, menu files and their titles (a
    path that is a menu file lists that file)."""
    p = Path(path)
    files = _menu_files(p) if p.is_dir() else [p]
    return {"id": hid, "path": str(path),
            "files": [{"file": f.name, "title": _title(f)} for f in files]}  # fmt: skip


def _title(file: Path) -> str:
    """The ``title:`` of a menu file, read from its head without loading it."""
    try:
        with open(file, encoding="utf-8", errors="replace") as fh:
            for line in fh.read(8192).splitlines():
                if line.startswith("title:"):
                    return line.split(":", 1)[1].strip().strip("'\"")
    except OSError:
        pass
    return ""

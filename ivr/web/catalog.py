"""The hotlines ``ivr serve`` serves, each by an id: a request names a hotline by its id, never
by a path.

With no path, the hotlines that ship with ``ivr`` (``ivr hotlines``), by their ids. Each path
given (a menu file or folder, or a shipped hotline's id) gets the id of its folder or file
name (``menus/mts`` is ``mts``; a second ``mts`` is ``mts-2``). Every path is loaded once when
the catalog is made, so a broken menu stops ``ivr serve`` before it listens; a hotline is
loaded again when one of its files changes (a menu owner editing while the page is open).

>>> catalog = Catalog()
>>> catalog.ids()
['mts']
>>> catalog.load("mts").path.endswith("mts")
True
>>> catalog.load("../etc")
Traceback (most recent call last):
...
ivr.web.catalog.UnknownHotline: no hotline has the id '../etc' (the ids: mts)
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ivr.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from ivr.model.types import Hotline

_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


class UnknownHotline(InputError):
    """A request named a hotline the server does not serve (HTTP 404)."""

    status = 404


def id_for(path: str | os.PathLike[str]) -> str:
    """The id of a served path: its folder's or file's name, letters, digits, ``-`` and
    ``_`` only.

    >>> id_for("menus/mts"), id_for("menus/mts/short.yaml"), id_for("/x/My menus/")
    ('mts', 'short', 'My-menus')
    """
    p = Path(os.fspath(path).rstrip("/\\") or ".")
    name = p.stem if p.suffix else p.name
    return _NOT_ID.sub("-", name).strip("-") or "hotline"


@dataclass(frozen=True)
class Served:
    """One hotline the server serves: its id and the file or folder it is read from."""

    id: str
    path: str


class Catalog:
    """The served hotlines by id, each loaded on demand and again when its files change."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]] = ()) -> None:
        from ivr.io.shipped import hotlines, shipped_path  # noqa: PLC0415

        served: dict[str, Served] = {}
        if not paths:
            for h in hotlines():
                served[h["id"]] = Served(h["id"], h["path"])
        for path in paths:
            text = os.fspath(path)
            real = text if os.path.exists(text) else (shipped_path(text) or text)
            base = id_for(real)
            hid, n = base, 1
            while hid in served:
                n += 1
                hid = f"{base}-{n}"
            served[hid] = Served(hid, real)
        self._served = served
        self._lock = threading.Lock()
        self._loaded: dict[str, tuple[tuple, Hotline]] = {}
        for hid in served:  # a broken menu is said before the server listens
            self.load(hid)

    def ids(self) -> list[str]:
        """The ids, in the order the paths were given."""
        return list(self._served)

    def path(self, hid: str) -> str:
        """The file or folder of hotline ``hid``; :class:`UnknownHotline` for another id."""
        served = self._served.get(hid) if isinstance(hid, str) else None
        if served is None:
            known = ", ".join(self._served) or "none"
            shown = str(hid)[:80]
            raise UnknownHotline(f"no hotline has the id '{shown}' (the ids: {known})")
        return served.path

    def signature(self, hid: str) -> tuple:
        """What changes when a file of hotline ``hid`` does: each file's name, size, time."""
        from ivr.io.discover import menu_files  # noqa: PLC0415

        out = []
        for f in menu_files(self.path(hid)):
            try:
                st = f.stat()
            except OSError:
                continue
            out.append((str(f), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def load(self, hid: str) -> Hotline:
        """Hotline ``hid``, loaded again when its files have changed (LoadError if they no
        longer load)."""
        from ivr.io.registry import load  # noqa: PLC0415

        path = self.path(hid)
        sig = self.signature(hid)
        with self._lock:
            got = self._loaded.get(hid)
            if got is not None and got[0] == sig:
                return got[1]
            hotline = load(path)
            self._loaded[hid] = (sig, hotline)
            return hotline

    def listing(self) -> list[dict]:
        """The served hotlines as ``ivr hotlines --json`` lists them: id, path, files with
        their titles."""
        from ivr.io.shipped import describe_folder  # noqa: PLC0415

        return [describe_folder(s.id, s.path) for s in self._served.values()]

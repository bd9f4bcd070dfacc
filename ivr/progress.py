"""A progress bar for long work (many files, large menus, mutation runs), on stderr only
when it is a terminal: none in pipes, files or CI, so logs and output stay clean.

>>> list(progress(range(3), "counting"))  # no terminal here: the items, and nothing drawn
[0, 1, 2]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
DELAY = 0.5  # seconds of work before a bar appears: quick runs never flicker
EVERY = 0.1  # seconds between redraws


def wanted(stream: TextIO | None = None) -> bool:
    """Whether to draw: ``stream`` (default stderr) is a terminal, not in CI, not ``TERM=dumb``,
    and ``IVR_PROGRESS`` is not ``0``."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or os.environ.get("IVR_PROGRESS") == "0":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """``with Progress(total, "checking") as bar: ... bar.advance()``; draws
    ``checking  [#####-----]  12/40`` on one line of a terminal, cleared at the end."""

    def __init__(self, total: int | None, label: str, stream: TextIO | None = None,
                 enabled: bool | None = None, width: int = 30):  # fmt: skip
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.done = 0
        self.start = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def advance(self, n: int = 1, note: str = "") -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < DELAY or now - self.drawn < EVERY:
            return
        self.drawn = now
        self.shown = True
        self.stream.write("\r\x1b[K" + self.line(note))
        self.stream.flush()

    def line(self, note: str = "") -> str:
        """The bar as text.

        >>> bar = Progress(4, "checking", enabled=False, width=8)
        >>> bar.done = 1
        >>> bar.line("menus/mts")
        'checking  [##------]  1/4  menus/mts'
        """
        if self.total:
            filled = round(self.width * min(self.done, self.total) / self.total)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"{self.label}  [{bar}]  {self.done}/{self.total}"
        else:
            text = f"{self.label}  {self.done}"
        return f"{text}  {note}".rstrip()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(items: Iterable[T], label: str, total: int | None = None,
             stream: TextIO | None = None) -> Iterator[T]:  # fmt: skip
    """Each item of ``items``, a bar advancing as they are taken (``total`` defaults to
    ``len(items)`` when it has one)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(total, label, stream) as bar:
        for item in items:
            yield item
            bar.advance()

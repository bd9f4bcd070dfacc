"""The errors a user of ``ivr`` can cause: one hierarchy under :class:`IvrError`.

Anything raised by ``ivr`` that is an :class:`IvrError` is a mistake in what it was given (a
menu file, a command line, a number, a lock file, a git revision) or a missing program, and
its message says what and where; the ``ivr`` command prints it and exits 2. Any other
exception is a bug in ``ivr`` (the command exits 3 and ``--debug`` shows the traceback).

Some classes keep :class:`ValueError` or :class:`RuntimeError` as a second base, so code that
caught those before still does.

>>> issubclass(InputError, ValueError), issubclass(LoadError, IvrError)
(True, True)

This module imports nothing of ``ivr``: every layer, the model included, may raise from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ivr.diagnostics import Diagnostic

INSTALL_HINT = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; "
    "macOS: brew install graphviz; Windows: winget install graphviz), "
    "or use --format dot or --format mermaid, which need no Graphviz"
)


class IvrError(Exception):
    """The base of every error a user of ``ivr`` can cause; its message is for that user.

    Raises: nothing itself: ``ivr`` raises it, as one of its subclasses, for every mistake a
    user can make.
    """


class UsageError(IvrError):
    """A command-line mistake: printed as ``ivr: message``, exit 2.

    >>> str(UsageError("--keys needs --dial NUMBER"))
    '--keys needs --dial NUMBER'
    """


class InputError(IvrError, ValueError):
    """A value that does not fit the menus or the function: a number no entry answers, an
    undeclared caller attribute, a time of day that is not ``HH:MM``, an unknown objective or
    output format, a search too big to finish.

    >>> from ivr.model.types import parse_hhmm
    >>> try:
    ...     parse_hhmm("25:00")
    ... except InputError as exc:
    ...     print(exc)
    '25:00' is not a time of day HH:MM
    """


class NotFound(InputError, KeyError):
    """A menu, node or entry that a hotline does not have (``hotline.menu("x")``,
    ``menu.node("x")``); also a :class:`KeyError`, for code that caught the lookup's error
    before.

    >>> str(NotFound("no node 'x' in menu 'm'")), issubclass(NotFound, KeyError)
    ("no node 'x' in menu 'm'", True)
    """

    def __str__(self) -> str:  # KeyError's own would quote the message
        return str(self.args[0]) if self.args else ""


class NoRoute(InputError):
    """No route reaches a human for this caller: a finding, so the command exits 1, not 2.

    >>> NoRoute("no route reaches a human for this caller").exit_status
    1
    """

    exit_status = 1


class LoadError(IvrError):
    """Menu files that do not load: every located error of the run is in ``errors``.

    Raises: nothing itself: :func:`ivr.load` and every function that takes menus raise it.
    """

    def __init__(self, errors: Sequence[Diagnostic]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class ConfigError(IvrError, ValueError):
    """A mistake in ``[tool.ivr]``; ``path`` is the pyproject.toml it is in."""

    def __init__(self, message: str, path: str = ""):
        self.path = path
        super().__init__(message)


class LockError(IvrError, ValueError):
    """A routes lock file that cannot be read (not JSON, not a lock, an unknown version)."""


class GitError(IvrError):
    """``git`` could not give the menus at a revision."""


class WriteError(IvrError, OSError):
    """A file ``ivr`` was asked to write could not be written: ``cannot write PATH: reason``.

    Also an :class:`OSError`, for code that caught those before.

    >>> str(WriteError("out.svg", "Read-only file system"))
    'cannot write out.svg: Read-only file system'
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason
        self.errno, self.strerror, self.filename = None, reason, path

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


class GraphvizMissing(IvrError, RuntimeError):
    """The Graphviz programs (``dot``) are not on PATH: SVG, PNG and PDF cannot be made.

    >>> "apt-get install graphviz" in str(GraphvizMissing())
    True
    """

    def __init__(self, program: str = "dot") -> None:
        self.program = program
        super().__init__(f"the Graphviz program '{program}' was not found on PATH: {INSTALL_HINT}")


class RenderError(IvrError, RuntimeError):
    """The ``dot`` program ran and failed."""


class RoutesUnavailable(IvrError, RuntimeError):
    """``--route best`` while the route finder cannot be imported."""


__all__ = [
    "ConfigError",
    "GitError",
    "GraphvizMissing",
    "InputError",
    "IvrError",
    "LoadError",
    "LockError",
    "NoRoute",
    "NotFound",
    "RenderError",
    "RoutesUnavailable",
    "UsageError",
    "WriteError",
]

"""The readers of hotlines by format name: the port other platforms' definitions plug into.

``ivr.load(path)`` reads format 1 YAML (``yaml``, :mod:`ivr.io.yaml.reader`); an importer of
another platform's definitions (FreeSWITCH XML, Asterisk dialplans, VoiceXML, Twilio Studio,
Amazon Connect) registers a :class:`Format` under its own name and is used the same way::

    register(Format("voicexml", read_vxml, suffixes=(".vxml",), doc="VoiceXML 2.1 documents"))
    hotline = load("ivr/support.vxml", format="voicexml")

The contract of a reader, ``read(path) -> (hotline, diagnostics)``:

* it takes a file or a folder (one hotline) and never raises for a mistake in what it reads:
  every problem is a :class:`~ivr.diagnostics.Diagnostic` located ``file:line:col`` in the
  source it read (``Loc(file)`` alone when there is no line), ``rule="load"``;
* it builds plain model objects (:mod:`ivr.model.types`), setting ``loc`` (and ``where`` for
  the fields it can locate) so that later findings point into its source;
* it runs the semantic checks on what it built, :func:`ivr.validate` (or its parts
  :func:`~ivr.model.validation.menu_problems` and
  :func:`~ivr.model.validation.hotline_problems`), and returns their diagnostics with its own;
* it returns ``None`` for the hotline when it could build nothing; a hotline that comes with
  errors is never used (``load`` raises :class:`~ivr.errors.LoadError` with all of them).

Readers are imported on first use, so ``import ivr`` pays for none of them. Without a
``format``, :func:`read` and :func:`load` detect it from the path's name and, failing that,
its content (:func:`ivr.io.platforms.detect`); :func:`forced` makes one format the default
for a block of code (the command line's ``--from NAME``).

>>> "asterisk" in formats()
True
>>> hotline, problems = read("menus/mts")
>>> len(hotline.menus), problems
(3, [])
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
import stat
from collections.abc import Callable, Iterator

from ivr._gcpause import gc_paused
from ivr._record import record
from ivr.diagnostics import Diagnostic, Loc, did_you_mean
from ivr.errors import InputError, LoadError
from ivr.io.platforms import PLATFORMS, detect
from ivr.model.types import Hotline
from ivr.model.validation import vouch

ReadFn = Callable[[str | os.PathLike[str]], tuple[Hotline | None, list[Diagnostic]]]


@record
class Format:
    """A reader of one format: its name, its read function, the file names it reads."""

    name: str
    read: ReadFn
    suffixes: tuple[str, ...] = ()
    doc: str = ""


# name -> module with a FORMAT, imported on first use (the table of ivr/io/platforms.py)
_BUILTIN = {name: row.reader for name, row in PLATFORMS.items()}
_READERS: dict[str, Format] = {}
_FORCED: contextvars.ContextVar[str | None] = contextvars.ContextVar("ivr_format", default=None)


@contextlib.contextmanager
def forced(name: str | None) -> Iterator[None]:
    """Read every path as format ``name`` inside the block (None: detect, as outside it).

    >>> with forced("yaml"):
    ...     read("menus/mts")[0] is not None
    True
    """
    if name is not None:
        reader(name)  # an unknown name fails here, before anything is read
    token = _FORCED.set(name)
    try:
        yield
    finally:
        _FORCED.reset(token)


def register(fmt: Format) -> None:
    """Make ``fmt`` available to :func:`read` and :func:`load` under ``fmt.name``."""
    _READERS[fmt.name] = fmt


def formats() -> list[str]:
    """The names of the formats there is a reader for."""
    return sorted({*_BUILTIN, *_READERS})


def reader(name: str) -> Format:
    """The reader of format ``name``; InputError (with a suggestion) for an unknown one.

    >>> reader("yaml").suffixes
    ('.yaml', '.yml')
    """
    if name not in _READERS and name in _BUILTIN:
        try:
            module = importlib.import_module(_BUILTIN[name])
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith(_BUILTIN[name].rsplit(".", 1)[0]):
                raise
            raise InputError(f"the {name} reader is not part of this version of ivr") from None
        register(module.FORMAT)
    if name not in _READERS:
        raise InputError(
            f"no reader for format '{name}' (one of {', '.join(formats())})"
            + did_you_mean(name, formats())
        )
    return _READERS[name]


def format_of(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format ``path`` is read as: ``format``, else the one :func:`forced`, else detected.

    >>> format_of("menus/mts"), format_of("menus/mts", "asterisk")
    ('yaml', 'asterisk')
    """
    return format or _FORCED.get() or detect(path)


def read(
    path: str | os.PathLike[str], format: str | None = None
) -> tuple[Hotline | None, list[Diagnostic]]:
    """A hotline and its diagnostics, as the reader of ``format`` (default: detected) reads
    ``path``; a path that does not exist but is the id of a shipped hotline is that one."""
    problem = _path_problem(os.fspath(path))
    if problem is not None:
        where = Loc(os.fspath(path), 1, 1) if problem.startswith("not a") else Loc(os.fspath(path))
        return None, [Diagnostic(where, problem)]
    if not os.path.exists(path):
        from ivr.io.shipped import shipped_path  # noqa: PLC0415

        path = shipped_path(path) or path
    fmt = reader(format_of(path, format))
    with gc_paused(keep=True):  # a reader builds many small objects: see ivr._gcpause
        return fmt.read(path)


def _path_problem(path: str) -> str | None:
    """Why no reader could open ``path`` at all (a NUL in it, a name too long, a symlink loop,
    no permission to look, a FIFO or a device), or None: a path that does not exist is the
    reader's to report."""
    if "\x00" in path:  # no file system holds one: os would raise ValueError
        return "a path cannot hold a NUL character"
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # opening a FIFO would wait forever
        return "not a regular file or a folder (a FIFO, a device or a socket), not a menu"
    return None


def load(path: str | os.PathLike[str], format: str | None = None) -> Hotline:
    """Load a hotline: a menu file or a folder of them, or a platform's files (the format
    detected unless ``format`` is given).

    Raises: :class:`~ivr.errors.LoadError` holding every error of every file,
    :class:`~ivr.errors.InputError` for an unknown ``format``.

    >>> hotline = load("menus/mts")
    >>> sorted(m.id for m in hotline.menus)[:1]
    ['mts-federal']
    """
    hotline, problems = read(path, format)
    errors = [d for d in problems if d.severity == "error"]
    if errors or hotline is None:
        raise LoadError(errors or problems)
    vouch(hotline)  # the reader validated it
    return hotline

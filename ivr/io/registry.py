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

Readers are imported on first use, so ``import ivr`` pays for none of them.

>>> sorted(formats())
['yaml']
>>> hotline, problems = read("menus/mts")
>>> len(hotline.menus), problems
(3, [])
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.errors import InputError, LoadError
from ivr.model.types import Hotline
from ivr.model.validation import vouch

ReadFn = Callable[[str | os.PathLike[str]], tuple[Hotline | None, list[Diagnostic]]]


@dataclass(frozen=True)
class Format:
    """A reader of one format: its name, its read function, the file names it reads."""

    name: str
    read: ReadFn
    suffixes: tuple[str, ...] = ()
    doc: str = ""


_BUILTIN = {"yaml": "ivr.io.yaml.reader"}  # name -> module with a FORMAT, imported on first use
_READERS: dict[str, Format] = {}


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
        register(importlib.import_module(_BUILTIN[name]).FORMAT)
    if name not in _READERS:
        raise InputError(
            f"no reader for format '{name}' (one of {', '.join(formats())})"
            + did_you_mean(name, formats())
        )
    return _READERS[name]


def read(
    path: str | os.PathLike[str], format: str = "yaml"
) -> tuple[Hotline | None, list[Diagnostic]]:
    """A hotline and its diagnostics, as the reader of ``format`` reads ``path``."""
    return reader(format).read(path)


def load(path: str | os.PathLike[str], format: str = "yaml") -> Hotline:
    """Load a hotline: a menu file or a folder of them (format 1 YAML unless ``format``).

    Raises :class:`~ivr.errors.LoadError` holding every error of every file.

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

"""Between a platform's files and menu format 1: ``ivr import`` and ``ivr export``.

:func:`convert` reads platform files (any format :mod:`ivr.io.platforms` detects, or the one
given) and writes each menu as format-1 YAML, each node's ``note`` citing the file and line it
comes from and ``inferred`` marking what the platform file did not say. :func:`export` writes
a hotline in a platform's format through that platform's writer module.

>>> import tempfile
>>> out = tempfile.mkdtemp()
>>> done = convert(["menus/mts/short.yaml"], out)
>>> [p.rsplit("/", 1)[1] for p in done.written]
['short.yaml']
>>> import ivr
>>> ivr.load(done.written[0]).menus[0].entries[0].dial
'0890'
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ivr.diagnostics import Diagnostic
from ivr.errors import InputError, LoadError, WriteError
from ivr.io.atomic import make_folder, write_atomic
from ivr.io.platforms import exporters, platform
from ivr.io.registry import load
from ivr.model.types import Hotline
from ivr.model.validation import sound


@dataclass
class Converted:
    """What :func:`convert` did: the files written (or the texts, without a folder) and the
    importers' findings."""

    written: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)


def convert(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str] | None = None,
    format: str | None = None,
) -> Converted:
    """Read each path (a platform file or folder: one hotline each) and write its menus as
    format-1 YAML in the folder ``out`` (made if missing; ``<file stem>.yaml``, never over a
    file written in the same run); without ``out``, the texts are returned instead.

    Raises: :class:`~ivr.errors.LoadError` with every error of every path before writing any,
    :class:`~ivr.errors.InputError` for an unknown ``format``, :class:`~ivr.errors.WriteError`
    when ``out`` or a file in it cannot be written.
    """
    from ivr.io.yaml.writer import dump  # noqa: PLC0415

    hotlines: list[Hotline] = []
    errors: list[Diagnostic] = []
    for path in paths:
        try:
            hotlines.append(load(path, format))
        except LoadError as exc:
            errors.extend(exc.errors)
    if errors:
        raise LoadError(errors)
    done = Converted()
    used: set[str] = set()
    folder = Path(out) if out is not None else None
    if folder is not None:
        make_folder(folder)  # WriteError when it cannot be one
    for hotline in hotlines:
        done.findings.extend(hotline.findings)
        for menu in hotline.menus:
            stem = Path(menu.file).stem if menu.file else menu.id
            name, n = stem, 1
            while name in used:  # two files of one name (pbx1/extensions.conf, pbx2/...)
                n += 1
                name = f"{stem}-{n}"
            used.add(name)
            text = dump(dataclasses.replace(menu, file=f"{name}.yaml"), schema=None)
            if folder is None:
                done.texts.append((f"{name}.yaml", text))
            else:
                target = folder / f"{name}.yaml"
                write_atomic(target, text)
                done.written.append(str(target))
    return done


def export(
    menus: Hotline | str | os.PathLike[str], to: str, out: str | os.PathLike[str]
) -> list[str]:
    """Write a hotline (or the one at a path, in any format read) in platform ``to``'s format
    at ``out``; the files written. InputError for a platform with no exporter.

    Raises: :class:`~ivr.errors.InputError` for a platform with no exporter,
    :class:`~ivr.errors.LoadError` for menus that do not load or validate,
    :class:`~ivr.errors.WriteError` when ``out`` cannot be written.

    >>> export("menus/mts/short.yaml", "yaml", "out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ivr.errors.InputError: there is no exporter to 'yaml' (one of amazon-connect, asterisk, ...)
    """
    row = platform(to)
    if not row.writer:
        raise InputError(f"there is no exporter to '{to}' (one of {', '.join(exporters())})")
    try:
        module = importlib.import_module(row.writer)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(row.writer.rsplit(".", 1)[0]):
            raise
        raise InputError(f"the {to} exporter is not part of this version of ivr") from None
    hotline = sound(menus) if isinstance(menus, Hotline) else load(menus)
    if "\x00" in os.fspath(out):  # no file system holds one: os would raise ValueError
        raise WriteError(os.fspath(out), "a path cannot hold a NUL character")
    try:
        written: list[str] = module.export(hotline, Path(out))
    except WriteError:
        raise
    except OSError as exc:  # a name too long, a file where a folder goes: the exporter's own
        raise WriteError(os.fspath(out), exc.strerror or str(exc)) from None
    return written

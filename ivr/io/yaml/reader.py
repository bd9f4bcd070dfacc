"""Format 1 YAML menu files to the model: the ``yaml`` reader of :mod:`ivr.io.registry`.

The YAML is composed (not constructed) by the C loader, so each value keeps its line and
column and no tag can build a Python object (:mod:`ivr.io.yaml.safe`); the builder
(:mod:`ivr.io.yaml.sections`, :mod:`ivr.io.yaml.nodes`) walks the nodes along the field spec
and builds frozen model objects, then runs the model's checks (:mod:`ivr.model.validation`).
All errors of all files come back together.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from ivr._gcpause import gc_paused
from ivr.diagnostics import Diagnostic
from ivr.errors import LoadError
from ivr.io.discover import hotline_paths, menu_files, refusal, skipped_files
from ivr.io.registry import Format
from ivr.io.spec import MENU_SUFFIXES
from ivr.io.yaml.access import Access, TooManyErrors
from ivr.io.yaml.safe import YamlProblem, compose_file
from ivr.io.yaml.sections import MenuBuilder
from ivr.model.types import Hotline, Loc, Menu
from ivr.model.validation import hotline_problems, vouch


def read(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """A menu file or a folder of them (one hotline), and every problem of every file.

    >>> hotline, problems = read("menus/mts/short.yaml")
    >>> [m.id for m in hotline.menus], problems
    (['mts-short'], [])
    """
    p = Path(path)
    shown_root = str(path)
    if not p.exists():
        return None, [Diagnostic(Loc(shown_root), "no such file or folder")]
    try:
        files = menu_files(p)
        skipped = [Diagnostic(Loc(str(f), 1, 1), why) for f, why in skipped_files(p)]
    except OSError as exc:
        return None, [Diagnostic(Loc(shown_root), f"cannot read: {exc.strerror}")]
    if not files and not skipped:
        message = "folder holds no menu files (*.yaml)"
        inner = [h for h in hotline_paths(p) if h != str(p)]
        if inner:
            message += (
                "; it holds hotlines: " + ", ".join(inner[:5]) + ("…" if len(inner) > 5 else "")
            )
        return None, [Diagnostic(Loc(shown_root), message)]
    errors: list[Diagnostic] = skipped  # never read through: said, so the hotline fails
    menus: list[Menu] = []
    failed: set[str] = {Path(d.loc.file).name for d in skipped}  # transfers there: no more
    files = list(files)
    for file in files:
        shown = str(file) if p.is_dir() or file != files[0] else shown_root
        reader = Access(shown)
        with gc_paused():  # the composed tree and the model hold no cycles; see _gcpause
            try:
                root = compose_file(str(file), shown)
            except YamlProblem as exc:
                errors.append(exc.diagnostic)
                failed.add(file.name)
                continue
            menu = _build(reader, root, file.stem)
            del root
        errors.extend(reader.errors)
        if menu is not None:
            menus.append(menu)
            if not p.is_dir():  # one file: the files beside it that it transfers to come too
                for sibling in _transferred_to(menu, file, files):
                    why = refusal(sibling)
                    if why:  # a symlink out of the folder is never read through
                        errors.append(Diagnostic(Loc(str(sibling), 1, 1), why))
                        failed.add(sibling.name)
                    else:
                        files.append(sibling)
        else:
            failed.add(file.name)
    hotline = Hotline(tuple(menus), shown_root)
    errors.extend(hotline_problems(hotline, failed))
    return hotline, errors


def _transferred_to(menu: Menu, file: Path, files: list[Path]) -> list[Path]:
    """The menu files beside ``file`` that ``menu`` transfers to, not yet in ``files``."""
    names = {f.name for f in files}
    out: list[Path] = []  # (refused ones too: the caller says why)
    for n in menu.nodes:
        if n.to is None or n.to.file in names:
            continue
        sibling = file.parent / n.to.file
        if sibling.suffix in MENU_SUFFIXES and sibling.exists() and sibling not in out:
            out.append(sibling)
            names.add(n.to.file)
    return out


FORMAT = Format("yaml", read, MENU_SUFFIXES, "ivr menu files, format 1 (docs/format.md)")


def load_menu_text(text: str, path: str = "<text>") -> Menu:
    """Load one menu from YAML text (tests and tools); LoadError with every error.

    Raises: :class:`~ivr.errors.LoadError` with every error of the text.

    >>> m = load_menu_text("ivr: 1\\nnodes: {bye: {type: hangup}}\\n")
    >>> m.nodes[0].type
    'hangup'
    """
    from ivr.io.yaml.safe import compose_text  # noqa: PLC0415

    reader = Access(path)
    with gc_paused():  # as in read()
        try:
            root = compose_text(path, text)
        except YamlProblem as exc:
            raise LoadError([exc.diagnostic]) from None
        if root is None:
            raise LoadError([Diagnostic(Loc(path, 1, 1), "empty file: a menu needs 'ivr: 1'")])
        menu = _build(reader, root, Path(path).stem)
        del root
    across = hotline_problems(Hotline((menu,), path)) if menu and not reader.errors else []
    if reader.errors or across or menu is None:
        raise LoadError(reader.errors + across)
    vouch(menu)
    return menu


def _build(reader: Access, root: yaml.Node, stem: str) -> Menu | None:
    """Build one menu; the reader's errors end up sorted by line and column."""
    try:
        menu = MenuBuilder(reader, root, stem).build()
    except TooManyErrors:
        menu = None
    reader.errors.sort(key=lambda d: (d.loc.line, d.loc.col))
    return menu

"""Asterisk dialplans (``extensions.conf``) to the model: the ``asterisk`` reader.

One dialplan is one menu (its id the file's stem). Its entries are the extensions a call can
arrive at: every dialable extension of each context no other context reaches (by ``include``,
``Goto``, ``GotoIf``, ``Dial(Local/...)``; of a cycle of contexts, the first) — only ``s`` in
a context with a menu, whose other extensions are its choices — dialled as ``EXTEN@CONTEXT``
(the entry's id is the bare extension when no other entry has it). What each application becomes:
:mod:`ivr.io.asterisk.apps`; docs/importers.md#asterisk.

>>> hotline, problems = read("tests/fixtures/asterisk/extensions.conf")
>>> [e.dial for e in hotline.menus[0].entries], problems
(['s@incoming', '100@internal', '101@internal'], [])
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ivr.diagnostics import Diagnostic
from ivr.io.asterisk.build import NOT_KEYS, Builder
from ivr.io.asterisk.parse import SPECIAL, Dialplan, parse
from ivr.io.platform import Import, entry_points, read_text
from ivr.io.registry import Format
from ivr.model.types import Entry, Hotline, Loc, Menu

_MENUS = {"background", "waitexten", "read"}
_REFS = {"goto", "gotoif", "gotoiftime", "dial", "gosub", "gosubif", "macro"}
_WORDS = re.compile(r"[,?:@|/\s]+")  # what separates a context's name in their arguments


def read(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """A dialplan (a file, or a folder holding ``extensions.conf``) and its problems."""
    p = Path(path)
    shown = str(path)
    if p.is_dir():
        p = p / "extensions.conf"
        shown = str(p)
    imp = Import(shown)
    text = read_text(p, shown, imp)
    if text is None:
        return imp.finish([])
    plan = parse(text, shown, imp)
    if not imp.errors and not any(
        c.extensions for name, c in plan.contexts.items() if name.lower() not in SPECIAL
    ):
        imp.error(Loc(shown, 1, 1), "no extension in any context: nothing in this dialplan "
                  "answers a call (not an extensions.conf?)")  # fmt: skip
    if imp.errors:
        return imp.finish([])
    return imp.finish([build_menu(plan, shown, imp, p.stem)])


def build_menu(plan: Dialplan, shown: str, imp: Import, stem: str) -> Menu:
    """The menu of a parsed dialplan."""
    b = Builder(plan, imp)
    for name, values in plan.callers.items():  # ;ivr caller=NAME values=... in [globals]
        imp.declare(plan.names.get(name, name), values)
    for c in b.contexts.values():
        for inc, loc in c.includes:
            if inc not in b.contexts:
                imp.finding(
                    loc,
                    "import-dangling",
                    f"include => {inc}: context '{inc}' does not exist",
                    "error",
                )
    entries = _entries(b, plan, imp)
    b.build_all()
    return imp.menu(stem, "an Asterisk dialplan", "asterisk", entries, b.nodes.values())


def _links(b: Builder) -> dict[str, set[str]]:
    """The contexts each context sends calls to (include, Goto, Dial(Local/...), ...)."""
    names = set(b.contexts)
    out: dict[str, set[str]] = {}
    for c in b.contexts.values():
        got = out[c.name] = {inc for inc, _ in c.includes if inc in names}
        for steps in c.extensions.values():
            for s in steps:
                if s.low in _REFS:
                    got.update(t for t in _WORDS.split(",".join(s.args)) if t in names)
        got.discard(c.name)
    return out


def _roots(b: Builder) -> list[str]:
    """The contexts calls arrive at (:func:`ivr.io.platform.entry_points`)."""
    return entry_points(list(b.contexts), _links(b))


def _entries(b: Builder, plan: Dialplan, imp: Import) -> tuple[Entry, ...]:
    roots = [b.contexts[name] for name in _roots(b)]
    found = []
    for c in roots:
        steps = [s for ext in c.extensions.values() for s in ext]
        has_menu = any(s.low in _MENUS for s in steps)
        for exten in c.extensions:
            if exten.startswith("_") or exten in NOT_KEYS - {"s"}:
                continue
            if has_menu and "s" in c.extensions and exten != "s":
                continue  # the context's menu selects them; calls arrive at s
            found.append((c, exten))
    counts: dict[str, int] = {}
    for _, exten in found:
        counts[exten] = counts.get(exten, 0) + 1
    out = []
    for c, exten in found:
        address = f"{exten}@{c.name}"
        loc = c.ext_locs[exten]
        if not re.fullmatch(r"[\w+*#.-]+@[\w.-]+", address):
            imp.finding(
                loc, "import-unmapped", f"'{address}' is not an address ivr can dial: not an entry"
            )
            continue
        ident = exten if counts[exten] == 1 else address
        start = b.resolve((c.name, exten, 0))
        out.append(imp.entry(ident, address, start, loc, f"calls arrive at {address}"))
    return tuple(out)


FORMAT = Format("asterisk", read, (".conf",), "Asterisk dialplans, extensions.conf")

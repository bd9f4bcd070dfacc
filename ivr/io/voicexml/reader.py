"""VoiceXML 2.1 documents as menus: ``read(path) -> (hotline, diagnostics)``.

One ``.vxml`` document is one menu (a folder of them is one hotline, and a ``<goto>`` or
``<subdialog>`` to another document of the folder is a transfer there); its dialogs are nodes
(docs/importers.md#voicexml has the table):

* ``<menu id>`` is a menu: its ``<prompt>``s the ``say`` (``bargein`` its barge-in), each
  ``<choice dtmf next>`` an option (``<menu dtmf="true">`` numbers the others 1 to 9);
* a ``<form>``'s items run in order: a ``<block>`` prompts and goes on (``<goto>``, ``<if>``
  on caller attributes and the hour, ``<disconnect/>``); a ``<field>`` with a DTMF grammar
  (inline ``<grammar mode="dtmf">`` items, ``<option dtmf>``, ``type="boolean"`` or
  ``"digits?length=1"``) is a menu whose keys its ``<filled>`` decides; a ``<transfer dest>`` is a
  person (``agent``); a ``<subdialog>`` a transfer; ``<record>`` a message, not a person;
* ``<noinput>`` / ``<nomatch>`` (and ``<catch event>``) in the dialog, its form or the document
  are the timeout and the invalid key (``<reprompt/>``, or no handler: the menu again, the
  VoiceXML default); one with ``count`` is the retries; the ``timeout`` property the timeout;
* what the document cannot tell (a field without a DTMF grammar, a condition on something else,
  a ``<submit>`` to a server) is a located finding and an explicit step.

The entries are the document's dialogs, dialled ``<dialog>@<file>`` (the first one is where
the document starts); an exported document's ``<meta name="ivr">`` says what VoiceXML cannot
(:mod:`ivr.io.annotation`).

>>> hotline, problems = read("tests/fixtures/voicexml/support.vxml")
>>> [e.dial for _, e in hotline.entries()][:2], problems
(['welcome@support.vxml', 'main@support.vxml'], [])
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.io.annotation import is_annotation
from ivr.io.imported import MenuBuilder, files_of, hotline_of
from ivr.io.platform import Import, located, parse_xml, read_bytes
from ivr.io.registry import Format
from ivr.io.voicexml import dialogs, forms
from ivr.model.types import Hotline, Loc, Menu, Target

NS = "{http://www.w3.org/2001/vxml}"
SRGS = "{http://www.w3.org/2001/06/grammar}"
DEFAULT_TIMEOUT = 5.0
"""The ``timeout`` property when no document says it: VoiceXML leaves it to the platform."""
DIALOGS = {"menu", "form"}
KNOWN = {
    "vxml", "menu", "form", "block", "prompt", "choice", "noinput", "nomatch", "goto",
    "transfer", "disconnect", "exit", "subdialog", "field", "grammar", "property", "reprompt",
    "audio", "break", "filled", "catch", "error", "help", "var", "assign", "if", "else",
    "elseif", "value", "meta", "metadata", "script", "enumerate", "log", "clear", "submit",
    "return", "throw", "record", "object", "link", "param", "option", "initial", "data",
    "foreach", "mark", "say-as", "emphasis", "voice", "prosody", "s", "p", "sub", "phoneme",
}  # fmt: skip
OPAQUE = {"grammar", "metadata", "script"}
"""Elements whose content is another language (SRGS, RDF, ECMAScript): not checked here."""


def tag(e: Any) -> str:
    """An element's name ('' for a comment), the VoiceXML and SRGS namespaces taken off by
    :func:`read`."""
    t = e.tag
    return t if isinstance(t, str) else ""


def seconds(value: str | None) -> float | None:
    """A VoiceXML time (``7s``, ``500ms``, ``2.5s``) in seconds; None when it is not one."""
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(ms|s)?\s*", value or "")
    if not m:
        return None
    n = float(m.group(1))
    return n / 1000 if m.group(2) == "ms" else n


def read(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """A hotline from a VoiceXML document, or a folder of ``*.vxml`` documents."""
    files = files_of(path, (".vxml",))
    names = {f.name for f in files}
    menus: list[Menu] = []
    problems: list[Diagnostic] = []
    failed: list[str] = []
    for f in files:
        menu, found = _document(f, names)
        problems.extend(found)
        (menus.append(menu) if menu is not None else failed.append(f.name))
    menus = _first_dialogs(menus)
    return hotline_of(path, menus, problems, failed, "no VoiceXML document (*.vxml) in this folder")


def _first_dialogs(menus: list[Menu]) -> list[Menu]:
    """Transfers to another document with no dialog named go to its first entry."""
    first = {Path(m.file).name: m.entries[0].id for m in menus if m.entries}
    out = []
    for m in menus:
        if any(n.to is not None and not n.to.entry for n in m.nodes):
            nodes = tuple(
                dataclasses.replace(n, to=Target(n.to.file, first.get(n.to.file, ""), n.to.loc))
                if n.to is not None and not n.to.entry
                else n
                for n in m.nodes
            )
            m = dataclasses.replace(m, nodes=nodes)
        out.append(m)
    return out


def _document(f: Path, names: set[str]) -> tuple[Menu | None, list[Diagnostic]]:
    shown = str(f)
    imp = Import(shown)
    data = read_bytes(f, shown, imp)
    # VoiceXML's and SRGS's names without their namespace
    root = parse_xml(data, shown, imp, bare=(NS[1:-1], SRGS[1:-1])) if data is not None else None
    if root is None:
        return None, imp.errors
    if tag(root) != "vxml":
        imp.error(located(root, shown), f"the root element is <{tag(root)}>, not <vxml>: "
                  "not a VoiceXML document")  # fmt: skip
        return None, imp.errors
    return Document(f, root, names).build()


class Document:
    """One document being read: its scope (properties, handlers) and its builder."""

    def __init__(self, f: Path, root: Element, names: set[str]):
        self.f, self.root, self.names = f, root, names
        self.display = str(f)
        self.b = MenuBuilder(self.display, f.stem)
        self.timeout = DEFAULT_TIMEOUT
        self.timeout_given = False
        self.dialogs: dict[str, Element] = {}
        self.handlers: dict[int, list[Element]] = {}
        """The event handlers of each scope (by the id of its element), found once."""
        self._locs: dict[int, Loc] = {}  # an element is located several times (its note, ...)

    def loc(self, e: Element) -> Loc:
        got = self._locs.get(id(e))
        if got is None:
            got = self._locs[id(e)] = located(e, self.display)
        return got

    def ident(self, d: Element) -> str:
        return d.get("id") or f"dialog{getattr(d, 'line', 0)}"

    def build(self) -> tuple[Menu | None, list[Diagnostic]]:
        b = self.b
        self._check(self.root)
        if b.imp.errors:
            return None, b.problems
        for child in self.root:
            if tag(child) == "property" and child.get("name") == "timeout":
                t = seconds(child.get("value"))
                if t is not None:
                    self.timeout, self.timeout_given = t, True
            elif tag(child) == "meta" and child.get("name") == "ivr":
                self._annotation(child)
        found = [c for c in self.root if tag(c) in DIALOGS]
        self.dialogs = {self.ident(d): d for d in found}
        for ident, d in self.dialogs.items():
            if tag(d) == "menu":
                dialogs.menu(self, ident, d)
            else:
                forms.form(self, ident, d)
        file = self.f.name
        for ident, d in self.dialogs.items():
            b.entry(ident, f"{ident}@{file}", ident, self.loc(d))
        if not found:
            b.error(self.loc(self.root), "a VoiceXML document with no <menu> or <form>")
        return b.build()

    def _check(self, e: Element) -> None:
        for child in e:
            name = tag(child)
            if not name:
                continue
            if name not in KNOWN:
                self.b.error(self.loc(child), f"unknown VoiceXML element <{name}>"
                             + did_you_mean(name, sorted(KNOWN)))  # fmt: skip
            elif name not in OPAQUE:
                self._check(child)

    def _annotation(self, meta: Element) -> None:
        try:
            ann = json.loads(meta.get("content") or "")
        except ValueError:
            ann = None
        if is_annotation(ann):
            self.b.annotation = ann
        else:
            self.b.finding(self.loc(meta), "<meta name=\"ivr\"> is not an annotation ivr wrote; "
                           "ignored", "import-unmapped", "info")  # fmt: skip

    def target(self, nxt: str) -> tuple[str, str] | None:
        """Where ``next`` leads: ``("", dialog)`` in this document, ``(file, dialog)`` in
        another of the folder (dialog '' for its first), None for one outside the folder."""
        doc, _, dialog = nxt.partition("#")
        if not doc or doc == self.f.name:
            return "", dialog or next(iter(self.dialogs), "")
        name = Path(doc).name
        return (name, dialog) if name in self.names and "/" not in doc.strip("./") else None


FORMAT = Format("voicexml", read, suffixes=(".vxml", ".xml"), doc="VoiceXML 2.1 documents")

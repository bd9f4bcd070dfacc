"""VoiceXML 2.1 documents as menus: ``read(path) -> (hotline, diagnostics)``.

One ``.vxml`` document is one menu (a folder of them is one hotline); its dialogs are nodes:

* ``<menu id>`` is a menu: its ``<prompt>`` the ``say``, each ``<choice dtmf next>`` an option,
  ``<noinput>`` the timeout (the ``timeout`` property, VoiceXML's platform default otherwise)
  and ``<nomatch>`` the invalid key; ``<reprompt/>`` or no handler comes back to the menu (the
  VoiceXML default), a handler with ``count`` is the retries;
* a ``<form>`` whose ``<block>`` prompts and ``<goto next>`` is a prompt; ``<disconnect/>`` and
  ``<exit/>`` end the call; a ``<transfer dest>`` is a person (``agent``, the destination
  recorded); a ``<subdialog src>`` to another document of the folder a transfer;
* a ``<field>`` with a grammar is not modelled yet: a branch on its result
  (``import-unmapped``).

The entry is the document, dialled ``<first dialog>@<file>``; every other dialog is an entry
too (``<dialog>@<file>``).

>>> hotline, problems = read("tests/fixtures/voicexml/support.vxml")
>>> [e.dial for _, e in hotline.entries()][:2], problems
(['welcome@support.vxml', 'main@support.vxml'], [])
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.io.imported import MenuBuilder, cite, speech_seconds, stand_in_branch
from ivr.io.platform import Import, located, parse_xml, read_bytes
from ivr.io.registry import Format
from ivr.model.types import Facts, Hotline, Node, Retries, Target, Timeout
from ivr.model.validation import hotline_problems

NS = "{http://www.w3.org/2001/vxml}"
DEFAULT_TIMEOUT = 5.0  # the platform default; VoiceXML 2.1 leaves it to the platform
DIALOG_CHILDREN = {"menu", "form"}
KNOWN = {
    "vxml", "menu", "form", "block", "prompt", "choice", "noinput", "nomatch", "goto",
    "transfer", "disconnect", "exit", "subdialog", "field", "grammar", "property", "reprompt",
    "audio", "break", "filled", "catch", "error", "help", "var", "assign", "if", "else",
    "elseif", "value", "meta", "metadata", "script", "enumerate", "log", "clear", "submit",
    "return", "throw", "record", "object", "link", "param", "option", "initial", "data",
    "foreach", "mark", "say-as", "emphasis", "voice", "prosody", "s", "p", "sub", "phoneme",
}  # fmt: skip


def _tag(e) -> str:
    t = e.tag if isinstance(e.tag, str) else ""
    return t[len(NS) :] if t.startswith(NS) else t


def _seconds(value: str | None) -> float | None:
    m = re.fullmatch(r"\s*([0-9.]+)\s*(ms|s)?\s*", value or "")
    if not m:
        return None
    n = float(m.group(1))
    return n / 1000 if m.group(2) == "ms" else n


def _text(e) -> str:
    return " ".join("".join(e.itertext()).split())


def read(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """A hotline from a VoiceXML document, or a folder of ``*.vxml`` documents."""
    p = Path(path)
    files = sorted(p.glob("*.vxml")) if p.is_dir() else [p]
    imp = Import(str(p))
    menus, problems = [], []
    for f in files:
        data = read_bytes(f, str(f), imp)
        root = parse_xml(data, str(f), imp) if data is not None else None
        if root is None:
            continue
        if _tag(root) != "vxml":
            imp.error(located(root, str(f)), f"the root element is <{_tag(root)}>, not <vxml>: "
                      "not a VoiceXML document")  # fmt: skip
            continue
        menu, found = _Doc(f, root, {x.name for x in files}).build()
        problems.extend(found)
        if menu is not None:
            menus.append(menu)
    problems = imp.errors + problems
    findings = tuple(imp.findings) + tuple(d for d in problems if d.rule != "load")
    problems = [d for d in problems if d.rule == "load"]
    hotline = Hotline(tuple(menus), str(p), findings)
    if not problems:
        problems.extend(hotline_problems(hotline))
    return (hotline if menus and not problems else None), problems


class _Doc:
    def __init__(self, f: Path, root, names: set[str]):
        self.f, self.root, self.names = f, root, names
        self.display = str(f)
        self.b = MenuBuilder(self.display, f.stem)
        self.timeout = DEFAULT_TIMEOUT
        self.timeout_given = False

    def build(self):
        b = self.b
        for e in self.root.iter():
            if _tag(e) and _tag(e) not in KNOWN:
                b.error(located(e, self.display), f"unknown VoiceXML element <{_tag(e)}>"
                        + did_you_mean(_tag(e), sorted(KNOWN)))  # fmt: skip
        if any(d.severity == "error" for d in b.problems):
            return None, b.problems
        for child in self.root:
            if _tag(child) == "property" and child.get("name") == "timeout":
                t = _seconds(child.get("value"))
                if t is not None:
                    self.timeout, self.timeout_given = t, True
        dialogs = [c for c in self.root if _tag(c) in DIALOG_CHILDREN]
        for d in dialogs:
            ident = d.get("id") or f"dialog{d.line}"
            if _tag(d) == "menu":
                self._menu(ident, d)
            else:
                self._form(ident, d)
        for d in dialogs:
            ident = d.get("id") or f"dialog{d.line}"
            b.entry(ident, f"{ident}@{self.f.name}", ident, located(d, self.display))
        return b.build()

    def _target(self, e, default: str) -> str:
        nxt = e.get("next") or ""
        if nxt.startswith("#"):
            return nxt[1:]
        if nxt:
            return nxt  # another document: a dangling reference unless handled as a transfer
        return default

    def _menu(self, ident: str, d) -> None:
        b, loc = self.b, located(d, self.display)
        prompts = [e for e in d if _tag(e) == "prompt"]
        say = " ".join(_text(p) for p in prompts)
        barge = all(p.get("bargein", "true") != "false" for p in prompts)
        timeout = self.timeout
        inferred = ["duration"] + ([] if self.timeout_given else ["timeout"])
        for e in d:
            if _tag(e) == "property" and e.get("name") == "timeout":
                t = _seconds(e.get("value"))
                if t is not None:
                    timeout = t
                    inferred = ["duration"]
        options = []
        for c in d:
            if _tag(c) == "choice":
                key = (c.get("dtmf") or "").strip()
                if key:
                    options.append((key, self._target(c, ident)))
        on_timeout, on_invalid, retries = ident, ident, None
        for h in d:
            if _tag(h) not in ("noinput", "nomatch"):
                continue
            gotos = [g for g in h.iter() if _tag(g) in ("goto", "disconnect", "exit")]
            target = ident
            if gotos:
                g = gotos[0]
                target = self._target(g, ident) if _tag(g) == "goto" else b.ending(loc)
            if h.get("count"):
                retries = Retries(int(h.get("count")), target)
            elif _tag(h) == "noinput":
                on_timeout = target
            else:
                on_invalid = target
        note = cite(self.display, loc, f"<menu id='{ident}'>")
        node = Node(ident, "menu", say=say, duration=speech_seconds(say), barge_in=barge,
                    options=tuple(options), timeout=Timeout(timeout, on_timeout),
                    invalid=on_invalid, retries=retries,
                    facts=Facts(inferred=tuple(inferred), note=note))  # fmt: skip
        b.add(node, loc)

    def _form(self, ident: str, d) -> None:
        b, loc = self.b, located(d, self.display)
        note = cite(self.display, loc, f"<form id='{ident}'>")
        for e in d.iter():
            tag = _tag(e)
            if tag == "transfer":
                dest = e.get("dest") or e.get("destexpr") or ""
                b.add(Node(ident, "agent", queue=dest, facts=Facts(note=note)), loc)
                return
            if tag == "subdialog":
                src = (e.get("src") or "").split("#")[0]
                if src in self.names:
                    entry = (e.get("src") or "#").split("#")[1] or Path(src).stem
                    b.add(Node(ident, "transfer", to=Target(src, entry), facts=Facts(note=note)),
                          loc)  # fmt: skip
                    return
            if tag == "field":
                b.add(stand_in_branch(b, ident, f"input at {ident}",
                                      [("filled", b.ending(loc))], loc, note), loc)  # fmt: skip
                b.finding(loc, f"the field of '{ident}' is not modelled yet: its result is "
                          f"caller attribute 'input at {ident}'", "import-unmapped")  # fmt: skip
                return
        prompts = [e for e in d.iter() if _tag(e) == "prompt"]
        say = " ".join(_text(p) for p in prompts)
        barge = all(p.get("bargein", "true") != "false" for p in prompts)
        ends = [e for e in d.iter() if _tag(e) in ("goto", "disconnect", "exit")]
        if ends and _tag(ends[0]) == "goto":
            node = Node(ident, "prompt", say=say, duration=speech_seconds(say), barge_in=barge,
                        next=self._target(ends[0], ident),
                        facts=Facts(inferred=("duration",), note=note))  # fmt: skip
        else:
            node = Node(ident, "hangup", say=say, duration=speech_seconds(say),
                        facts=Facts(inferred=("duration",), note=note))  # fmt: skip
        b.add(node, loc)


FORMAT = Format("voicexml", read, suffixes=(".vxml", ".xml"), doc="VoiceXML 2.1 documents")

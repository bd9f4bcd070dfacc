"""Menus as VoiceXML 2.1 documents: ``ivr export PATH --to voicexml -o OUT``.

Each menu file becomes one document (``<stem>.vxml``; a folder of them for a hotline), valid
against the VoiceXML 2.1 DTD. Each node is a dialog named as the node (an XML name made of its
id): a menu a ``<menu>`` (``<prompt bargein>``, a ``<choice dtmf next>`` per option, the
``timeout`` property, ``<noinput>`` and ``<nomatch>`` leading to the timeout's and the invalid
key's node or ``<reprompt/>``, retries as handlers with ``count``); a prompt a ``<form>``
whose ``<block>`` prompts and goes on (``<goto>``); a branch a block of ``<if>`` /
``<elseif>`` on the caller attributes (``caller['network'] == 'mts'``, the variable the
platform fills in) and the hour (``ivrHour('09:00-18:00')``, defined by the document's
``<script>``); an agent or callback a ``<transfer>``; a transfer a ``<goto>`` to the other
document's dialog; a hang-up a block that prompts and ``<disconnect/>``s. The first dialog is
where the first entry starts.

What VoiceXML has no place for (prompt lengths, a menu that waits forever or ignores a wrong
key, the single count of timeouts and wrong keys ivr keeps, waits, costs, callbacks, the
numbers that dial the document, caller declarations) is the ``ivr`` annotation,
``<meta name="ivr" content="{...}"/>`` (:mod:`ivr.io.annotation`), read back on import.

>>> import ivr
>>> text = document(ivr.load("menus/mts/short.yaml").menus[0])
>>> text.splitlines()[1]
'<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">'
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ivr.io.annotation import annotate
from ivr.io.atomic import write_atomic
from ivr.io.voicexml import script
from ivr.model.types import Entry, Hotline, Menu, Node

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def dial_of(menu: Menu, entry: Entry, hotline: Hotline | None = None) -> str:
    """The address an exported entry is dialled by: its own (the annotation keeps it)."""
    return entry.dial


def dialog_names(menu: Menu) -> dict[str, str]:
    """An XML name (a VoiceXML dialog id) for each node id, unique."""
    used: set[str] = set()
    names = {}
    for n in menu.nodes:
        base = n.id if _NAME.fullmatch(n.id) else "n_" + "".join(
            c if c.isascii() and (c.isalnum() or c in "_.-") else f"_{ord(c):x}_" for c in n.id
        )  # fmt: skip
        name, i = base, 1
        while name in used or "·" in name:
            i += 1
            name = f"{base}_{i}"
        used.add(name)
        names[n.id] = name
    return names


def _seconds(value: float) -> str:
    """A VoiceXML time in seconds, every digit of the float kept (``7s``, ``361.58492477s``)."""
    text = repr(float(value))
    if "e" in text:
        text = f"{value:.9f}".rstrip("0")
    return (text[:-2] if text.endswith(".0") else text) + "s"


def _text(text: str) -> str:
    return escape(_XML.sub(" ", text))


def _attr(text: str) -> str:
    return quoteattr(_XML.sub(" ", text))


def _prompt(n: Node, indent: str) -> list[str]:
    if not n.say:
        return []
    barge = "true" if n.barge_in else "false"
    return [f'{indent}<prompt bargein="{barge}">{_text(n.say)}</prompt>']


class _Doc:
    def __init__(self, menu: Menu, hotline: Hotline, files: dict[str, str]):
        self.menu, self.hotline, self.files = menu, hotline, files
        self.names = dialog_names(menu)
        self.hours = any(
            c.when.hours or c.when.days or c.when.dates for n in menu.nodes for c in n.cases
        )

    def goto(self, node_id: str) -> str:
        return f"<goto next={_attr('#' + self.names[node_id])}/>"

    def handler(self, event: str, here: Node, to: str | None, count: int = 0) -> str:
        counted = f' count="{count}"' if count else ""
        body = "<reprompt/>" if to in (None, here.id) else self.goto(to)
        return f"<{event}{counted}>{body}</{event}>"

    def menu_dialog(self, n: Node) -> list[str]:
        out = [f"  <menu id={_attr(self.names[n.id])}>"]
        if n.timeout is not None:
            out.append(f'    <property name="timeout" value="{_seconds(n.timeout.after)}"/>')
        out += _prompt(n, "    ")
        for key, to in n.options:
            out.append(f"    <choice dtmf={_attr(key)} next={_attr('#' + self.names[to])}/>")
        out.append("    " + self.handler("noinput", n, n.timeout.to if n.timeout else None))
        out.append("    " + self.handler("nomatch", n, n.invalid))
        if n.retries is not None:
            for event in ("noinput", "nomatch"):
                out.append("    " + self.handler(event, n, n.retries.then, n.retries.max))
        return [*out, "  </menu>"]

    def form(self, n: Node) -> list[str]:
        out = [f"  <form id={_attr(self.names[n.id])}>"]
        if n.type in ("agent", "callback"):
            dest = n.queue if re.match(r"(tel|sip|sips):", n.queue) else f"sip:{n.queue or n.id}"
            # an agent's 'say' describes the person, a branch's is not played: the annotation's
            out.append(f'    <transfer name="transfer" dest={_attr(dest)} bridge="true"/>')
            return [*out, "  </form>"]
        out.append("    <block>")
        if n.type != "branch":
            out += _prompt(n, "      ")
        if n.type == "prompt":
            assert n.next is not None
            out.append("      " + self.goto(n.next))
        elif n.type == "branch":
            for i, c in enumerate(n.cases):
                cond = _attr(script.condition_text(c.when))
                head = f"<if cond={cond}>" if i == 0 else f"<elseif cond={cond}/>"
                out.append(f"      {head}{self.goto(c.to)}")
            if n.cases:
                out.append(f"      <else/>{self.goto(n.otherwise or n.id)}</if>")
            else:  # a branch that always goes the same way is still a branch (no key, no time)
                out.append(f'      <if cond="true">{self.goto(n.otherwise or n.id)}</if>')
        elif n.type == "transfer":
            assert n.to is not None
            out.append(f"      <goto next={_attr(self.transfer_target(n))}/>")
        else:
            out.append("      <disconnect/>")
        return [*out, "    </block>", "  </form>"]

    def transfer_target(self, n: Node) -> str:
        """``other.vxml#dialog``: the document of the file, the dialog its entry starts at."""
        assert n.to is not None
        doc = self.files.get(n.to.file, Path(n.to.file).stem + ".vxml")
        for m in self.hotline.menus:
            if _file_name(m) == n.to.file:
                for e in m.entries:
                    if n.to.entry in (e.id, e.dial):
                        return f"{doc}#{dialog_names(m)[e.start]}"
        return doc

    def text(self) -> str:
        m = self.menu
        ann = annotate(m, self.names)
        for n in m.nodes:
            if n.type == "transfer" and n.to is not None:
                doc = self.transfer_target(n).split("#")[0]
                ann["nodes"][self.names[n.id]]["to"] = [doc, n.to.entry]
        said = json.dumps(ann, ensure_ascii=False, separators=(",", ":"))
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">',
            f'  <meta name="generator" content={_attr("ivr export from " + (m.file or m.id))}/>',
            f'  <meta name="ivr" content={_attr(said)}/>',
        ]
        if any(n.type == "branch" for n in m.nodes):
            out.append(f'  <var name="{script.CALLER}" expr="new Object()"/>')
        if self.hours:
            out.append(f"  <script>{_text(script.HOUR_SCRIPT)}</script>")
        first = m.entries[0].start if m.entries else None
        order = sorted(m.nodes, key=lambda n: n.id != first)
        for n in order:
            out += self.menu_dialog(n) if n.type == "menu" else self.form(n)
        return "\n".join([*out, "</vxml>"]) + "\n"


def _file_name(m: Menu) -> str:
    return Path(m.file).name if m.file else m.id


def document(menu: Menu, hotline: Hotline | None = None) -> str:
    """The VoiceXML document of one menu of ``hotline`` (whose other files transfers reach)."""
    hotline = hotline or Hotline((menu,))
    return _Doc(menu, hotline, _documents(hotline)).text()


def _documents(hotline: Hotline) -> dict[str, str]:
    """Each menu file's name -> the document it is exported as."""
    return {_file_name(m): f"{Path(_file_name(m)).stem or m.id}.vxml" for m in hotline.menus}


def export(hotline: Hotline, out: Path) -> list[str]:
    """Write each menu as ``<file stem>.vxml`` in the folder ``out`` (one menu: ``out`` may be
    the file itself, ending in ``.vxml``); the paths written."""
    files = _documents(hotline)
    if len(hotline.menus) == 1 and out.suffix == ".vxml":
        write_atomic(out, document(hotline.menus[0], hotline))
        return [str(out)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for m in hotline.menus:
        target = out / files[_file_name(m)]
        write_atomic(target, _Doc(m, hotline, files).text())
        written.append(str(target))
    return written

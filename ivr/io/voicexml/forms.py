"""A VoiceXML ``<form>``'s items as nodes, in the order the form interpretation algorithm
visits them: a ``<block>`` runs its executable content, a ``<transfer>`` reaches a person, a
``<subdialog>`` transfers, a ``<record>`` takes a message, an ``<object>`` is a step of unknown
result; the next item after each, the end of the document after the last.

A ``<field>`` with a DTMF grammar is a menu: the keys the grammar takes are its options,
each leading where the field's ``<filled>`` sends that value (its ``<if>`` tests of
the field decided, tests of anything else kept as a branch); ``<noinput>`` / ``<nomatch>`` as
for a menu. A field whose keys cannot be told (a grammar by reference, speech only, digits of
any length) is a prompt and a branch on caller attribute ``input at FIELD``, with a finding.

>>> from ivr.io.platform import parse_xml, Import
>>> f = parse_xml(b'<field name="c" type="boolean"/>', "x", Import("x"))
>>> grammar_keys(f)
[('1', 'true'), ('2', 'false')]
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from ivr.io.imported import speech_seconds
from ivr.io.platform import Import
from ivr.io.platform_keys import KEYS
from ivr.io.voicexml.dialogs import (
    ITEMS,
    Go,
    _keys,
    _prompts,
    _tag,
    _timeout,
    execute,
    handle,
    node_of,
    specialize,
)
from ivr.model.types import Facts, Node, Target, Timeout

if TYPE_CHECKING:
    from ivr.io.voicexml.reader import Document

_OUT = re.compile(r"""out\s*=\s*['"]([^'"]*)['"]""")


def field(doc: Document, here: str, f: Element, form: Element, after: Go, note: str) -> None:
    loc = doc.loc(f)
    name = f.get("name") or here
    say, barge = _prompts(list(f))
    filled = next((c for c in f if _tag(c) == "filled"), None)
    then = execute(doc, list(filled) if filled is not None else [], after, loc, here)
    scopes = [f, form, doc.root]
    keys = grammar_keys(f)
    if keys is None:
        b = doc.b
        on_timeout, _, _ = handle(doc, here, scopes, loc)
        entered = node_of(doc, f"{here}·filled", specialize(then, name, None), note, must=False)
        stand_in = b.unknown(f"{here}·input", f"input at {name}",
                             [("entered", entered), ("silent", on_timeout)], loc, note,
                             f"the field '{name}' has no DTMF grammar ivr can read: whether the "
                             "caller answers is a caller attribute")  # fmt: skip
        b.add(stand_in, loc)
        facts = Facts(inferred=("duration",), note=note)
        b.add(Node(here, "prompt", say=say, duration=speech_seconds(say), barge_in=barge,
                   next=stand_in.id, facts=facts), loc)  # fmt: skip
        return
    choices = [
        (k, node_of(doc, f"{here}·{k}", specialize(then, name, v), note, must=False))
        for k, v in keys
    ]
    seconds, given = _timeout(doc, scopes)
    on_timeout, invalid, retries = handle(doc, here, scopes, loc)
    inferred = ("duration",) + (() if given else ("timeout",))
    doc.b.add(Node(here, "menu", say=say, duration=speech_seconds(say), barge_in=barge,
                   options=_keys(doc, here, choices, loc, invalid, seconds),
                   timeout=Timeout(seconds, on_timeout), invalid=invalid, retries=retries,
                   facts=Facts(inferred=inferred, note=note)), loc)  # fmt: skip


def grammar_keys(f: Element) -> list[tuple[str, str]] | None:
    """The (keys, value) pairs a field's DTMF grammar takes; None when they cannot be told."""
    kind = (f.get("type") or "").replace(" ", "")
    if kind == "boolean":
        return [("1", "true"), ("2", "false")]
    if re.fullmatch(r"digits\?(length=1|maxlength=1|minlength=1;maxlength=1)", kind):
        return [(d, d) for d in "0123456789"]
    if kind:
        return None  # digits of any length, a number, a date, ...
    out: list[tuple[str, str]] = []
    for o in f:
        if _tag(o) == "option" and o.get("dtmf"):
            text = " ".join("".join(o.itertext()).split())
            out.append((o.get("dtmf", "").strip(), o.get("value") or text))
    for g in f:
        if _tag(g) != "grammar" or (g.get("mode") or "voice") != "dtmf":
            continue
        if g.get("src") or g.get("srcexpr"):
            return None
        for item in g.iter():
            if _tag(item) != "item" or any(_tag(c) == "item" for c in item):
                continue
            pressed = "".join((item.text or "").split())
            if not pressed or any(k not in KEYS for k in pressed):
                return None
            tag = next((c for c in item if _tag(c) == "tag"), None)
            value = _OUT.search(tag.text or "") if tag is not None else None
            out.append((pressed, value.group(1) if value else pressed))
    return out or None


def form(doc: Document, ident: str, f: Element) -> None:
    items = [c for c in f if _tag(c) in ITEMS]
    names = {c.get("name"): f"{ident}·{c.get('name')}" for c in items[1:] if c.get("name")}
    ids = [ident] + [names.get(c.get("name"), f"{ident}·{i}") for i, c in enumerate(items) if i]
    floc = doc.loc(f)
    after = Go("hangup", floc)  # the last item done, the form and the document end
    if not items:
        node_of(doc, ident, after, Import.cite(floc, f"<form id='{ident}'>"))
    for i in range(len(items) - 1, -1, -1):
        e, here = items[i], ids[i]
        loc = doc.loc(e) if i else floc  # the first item is the form
        t = _tag(e)
        note = Import.cite(loc, f"<{t}> of form '{ident}'" if i else f"<form id='{ident}'>")
        if e.get("cond"):
            doc.b.finding(loc, f"<{t} cond=\"{e.get('cond')}\"> is visited as if the condition "
                          "held", "import-approximated")  # fmt: skip
        if t in ("block", "initial"):
            go = execute(doc, list(e), after, loc)
            go = _item(go, names)
            node_of(doc, here, go, note, at=loc)
        elif t == "field":
            field(doc, here, e, f, after, note)
        elif t == "transfer":
            say, barge = _prompts(list(e))
            dest = e.get("dest") or e.get("destexpr") or ""
            doc.b.add(Node(here, "agent", say=say, duration=speech_seconds(say), barge_in=barge,
                           queue=dest, facts=Facts(note=note)), loc)  # fmt: skip
        elif t == "subdialog":
            _subdialog(doc, here, e, after, note, i < len(items) - 1)
        elif t == "record":
            doc.b.add(Node(here, "prompt", say="(records a message)", next=node_of(
                doc, f"{here}·after", after, note, must=False), barge_in=False,
                facts=Facts(inferred=("duration",), note=note + " (a message, not a person)")),
                loc)  # fmt: skip
        else:  # <object>: a platform object, its result unknown
            nxt = node_of(doc, f"{here}·after", after, note, must=False)
            doc.b.add(doc.b.unknown(here, f"result of {here}", [("continues", nxt), (
                "hangs-up", node_of(doc, f"{here}·end", Go("hangup", loc), note, False))],
                loc, note, f"<object> '{e.get('name') or here}': what it does cannot be known "
                "from the document"), loc)  # fmt: skip
        after = Go("next", loc, to=here)


def _item(go: Go, names: dict[str | None, str]) -> Go:
    """``<goto nextitem>`` names resolved to the form items' nodes."""
    if go.kind == "next" and go.to in names:
        return dataclasses.replace(go, to=names[go.to])
    if go.kind == "branch":
        cases = tuple((c, _item(t, names)) for c, t in go.cases)
        other = _item(go.otherwise, names) if go.otherwise else None
        return dataclasses.replace(go, cases=cases, otherwise=other)
    return go


def _subdialog(doc: Document, here: str, e: Element, after: Go, note: str, more: bool) -> None:
    loc = doc.loc(e)
    src = e.get("src") or ""
    where = doc.target(src) if src else None
    if where is None:
        go = Go("away", loc, what=f"<subdialog src='{src or e.get('srcexpr') or ''}'>")
    elif where[0]:
        go = Go("transfer", loc, target=Target(where[0], where[1]))
    else:
        go = Go("next", loc, to=where[1])
    if more and go.kind != "away":
        doc.b.finding(loc, f"<subdialog> '{e.get('name') or here}' returns to this form; ivr "
                      "follows the call into it and not back", "import-approximated")  # fmt: skip
    node_of(doc, here, go, note)

"""A VoiceXML ``<field>`` with a DTMF grammar as a menu: the keys the grammar takes are its
options, each leading where the field's ``<filled>`` sends that value (its ``<if>`` tests of
the field decided, tests of anything else kept as a branch); ``<noinput>`` / ``<nomatch>`` as
for a menu. A field whose keys cannot be told (a grammar by reference, speech only, digits of
any length) is a prompt and a branch on caller attribute ``input at FIELD``, with a finding.

>>> from ivr.io.platform import parse_xml, Import
>>> f = parse_xml(b'<field name="c" type="boolean"/>', "x", Import("x"))
>>> grammar_keys(f)
[('1', 'true'), ('2', 'false')]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from ivr.io.imported import speech_seconds
from ivr.io.platform_keys import KEYS
from ivr.io.voicexml.dialogs import (
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
from ivr.model.types import Facts, Node, Timeout

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

"""VoiceXML dialogs as nodes: what ``<menu>`` and the items of a ``<form>`` (``ivr.io.voicexml
.forms``) share, and ``<menu>`` itself (docs/importers.md#voicexml).

Executable content (a ``<block>``, a ``<filled>``, an event handler) is read into a :class:`Go`:
what the call does when it has run — go to a node, to another document, hang up, branch on
``<if>`` conditions — with the words its ``<prompt>``s queue on the way; :func:`node_of` makes
the node of a ``Go``. A field's ``<filled>`` is evaluated for each key its DTMF grammar takes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from ivr.io.imported import speech_seconds
from ivr.io.platform import Import
from ivr.io.platform_keys import KEYS, KeyStates, Matcher, pattern_of
from ivr.io.voicexml import script
from ivr.model.types import Case, Condition, Facts, Loc, Node, Retries, Target, Timeout

if TYPE_CHECKING:
    from ivr.io.voicexml.reader import Document

ITEMS = {"block", "field", "transfer", "subdialog", "record", "object", "initial"}
SILENT = {"var", "assign", "clear", "log", "script", "data", "foreach", "property", "meta"}


@dataclass
class Go:
    """Where a call goes once some executable content has run."""

    kind: str  # next | transfer | hangup | branch | away
    loc: Loc
    to: str = ""  # next: a node id
    target: Target | None = None  # transfer
    cases: tuple[tuple[Condition | str, Go], ...] = ()  # branch: a condition, or a cond unread
    otherwise: Go | None = None
    what: str = ""  # away: what leaves for where ivr cannot follow
    say: str = ""
    barge: bool = True


def _tag(e: Element) -> str:
    """An element's name ('' for a comment): the reader took the namespaces off."""
    t = e.tag
    return t if isinstance(t, str) else ""


def _words(e: Element, choices: list[str] | None = None) -> str:
    """What a prompt says: its text, an ``<audio>``'s text or file, the choices it enumerates."""
    out: list[str] = []
    if e.text and e.text.strip():
        out.append(e.text)
    for c in e:
        t = _tag(c)
        if t == "enumerate" and choices:
            out.append(", ".join(choices))
        elif t == "audio" and not "".join(c.itertext()).strip() and c.get("src"):
            out.append(f"({c.get('src')})")
        elif t == "value":
            out.append(f"({c.get('expr', '')})")
        elif t not in ("break", "mark", "grammar"):
            out.append(_words(c, choices))
        if c.tail and c.tail.strip():
            out.append(c.tail)
    return " ".join(" ".join(out).split())


def _prompts(elements: list[Element], choices: list[str] | None = None) -> tuple[str, bool]:
    prompts = [e for e in elements if _tag(e) in ("prompt", "audio")]
    say = " ".join(w for w in (_words(p, choices) for p in prompts) if w)
    return say, all(p.get("bargein", "true") != "false" for p in prompts)


# -- executable content ---------------------------------------------------------------------
def execute(
    doc: Document,
    elements: list[Element],
    after: Go,
    loc: Loc,
    again: str | None = None,
    text: str = "",
) -> Go:
    """What running ``elements`` in order does; ``after`` when they end without a transition;
    ``again`` is where ``<reprompt/>`` leads (None: it does nothing here)."""
    said = [text] if text else []
    barge = True
    for i, e in enumerate(elements):
        t = _tag(e)
        if t in ("prompt", "audio"):
            said.append(_words(e))
            barge = barge and e.get("bargein", "true") != "false"
            continue
        if t == "if":
            rest = execute(doc, elements[i + 1 :], after, loc, again)
            go = _if(doc, e, rest, again)
        elif t == "goto":
            go = _goto(doc, e, after)
        elif t in ("disconnect", "exit"):
            go = Go("hangup", doc.loc(e))
        elif t == "reprompt" and again is not None:
            go = Go("next", doc.loc(e), to=again)
        elif t in ("submit", "return", "throw"):
            what = e.get("next") or e.get("event") or e.get("expr") or ""
            go = Go("away", doc.loc(e), what=f"<{t}> {what}".strip())
        else:
            continue  # var, assign, log, ...: the call's course does not change
        return _said(go, " ".join(said), barge)
    return _said(after, " ".join(said), barge)  # a Go is never changed: no copy


def _said(go: Go, say: str, barge: bool) -> Go:
    if not say:
        return go
    said = " ".join(f"{say} {go.say}".split())  # what dataclasses.replace makes, made directly
    return Go(go.kind, go.loc, go.to, go.target, go.cases, go.otherwise, go.what, said, barge)


def _goto(doc: Document, e: Element, after: Go) -> Go:
    loc = doc.loc(e)
    nxt = e.get("next")
    if nxt is None:
        item = e.get("nextitem")
        if item:
            return Go("next", loc, to=item)  # resolved to the item's node by the form
        return Go("away", loc, what=f"<goto> to a computed place ({e.get('expr') or ''})")
    where = doc.target(nxt)
    if where is None:
        return Go("away", loc, what=f"<goto next='{nxt}'>, a document outside this folder")
    file, dialog = where
    if not file:
        return Go("next", loc, to=dialog)
    return Go("transfer", loc, target=Target(file, dialog))  #  : its first dialog


def _if(doc: Document, e: Element, rest: Go, again: str | None) -> Go:
    """``<if>``/``<elseif/>``/``<else/>``: each branch's content, then what follows the if."""
    branches: list[tuple[str | None, list[Element]]] = [(e.get("cond") or "false", [])]
    for c in e:
        t = _tag(c)
        if t == "elseif":
            branches.append((c.get("cond") or "false", []))
        elif t == "else":
            branches.append((None, []))
        elif t:
            branches[-1][1].append(c)
    loc = doc.loc(e)
    cases: list[tuple[Condition | str, Go]] = []
    otherwise = rest
    for cond, content in branches:
        go = execute(doc, content, rest, loc, again)
        if cond is None:
            otherwise = go
            break
        alternatives = script.parse(cond)
        found = script.conditions(alternatives) if alternatives is not None else None
        if found is None:
            cases.append((cond, go))
        else:
            cases.extend((c, go) for c in found)
    return Go("branch", loc, cases=tuple(cases), otherwise=otherwise)


def specialize(go: Go, field: str, value: str | None) -> Go:
    """``go`` for a field whose value is ``value``: tests of the field decided (None: its value
    is unknown, so they are tests of caller attribute ``input at FIELD``)."""
    if go.kind != "branch":
        return go
    cases: list[tuple[Condition | str, Go]] = []
    for cond, to in go.cases:
        to = specialize(to, field, value)
        if isinstance(cond, str):
            cases.append((cond, to))
            continue
        tested = dict(cond.attrs).get(field)
        if tested is None:
            cases.append((cond, to))
        elif value is None:
            attrs = tuple((f"input at {field}" if k == field else k, v) for k, v in cond.attrs)
            cases.append((Condition(attrs, cond.hours), to))
        elif value in tested:
            cases.append((Condition(tuple(a for a in cond.attrs if a[0] != field), cond.hours), to))
    otherwise = specialize(go.otherwise, field, value) if go.otherwise else None
    if cases and isinstance(cases[0][0], Condition) and not cases[0][0]:
        return _said(cases[0][1], go.say, go.barge)
    if not cases and otherwise is not None:
        return _said(otherwise, go.say, go.barge)
    return dataclasses.replace(go, cases=tuple(cases), otherwise=otherwise)


def node_of(
    doc: Document, ident: str, go: Go, note: str, must: bool = True, at: Loc | None = None
) -> str:
    """The node a call following ``go`` is at (made as ``ident``, located ``at``, when a node
    is needed; with ``must``, always: a dialog or form item others go to)."""
    if go.kind == "next" and not go.say and not must:
        return go.to  # no node of its own: the call is simply there
    b, loc = doc.b, at or go.loc
    where = {"next": (go.loc.line, go.loc.col)}
    facts = Facts(inferred=("duration",) if go.say else (), note=note)
    common = {"say": go.say, "duration": speech_seconds(go.say), "barge_in": go.barge}
    if go.kind == "next":
        b.add(Node(ident, "prompt", next=go.to, facts=facts, **common), loc, where)  # type: ignore[arg-type]
    elif go.kind == "transfer":
        b.add(Node(ident, "transfer", to=go.target, facts=facts, **common), loc)  # type: ignore[arg-type]
    elif go.kind == "hangup":
        b.add(Node(ident, "hangup", facts=facts, **common), loc)  # type: ignore[arg-type]
    elif go.kind == "away":
        b.finding(go.loc, f"{go.what}: the call goes on where ivr cannot follow; modelled as "
                  "ending here", "import-unmapped")  # fmt: skip
        b.add(Node(ident, "hangup", facts=Facts(inferred=("all",), note=note), **common), loc)  # type: ignore[arg-type]
    else:
        cases: list[Case] = []
        always = next(
            (i for i, (c, _) in enumerate(go.cases) if isinstance(c, Condition) and not c), None
        )
        if always is not None:  # a case that always holds: the cases after it never run
            go = dataclasses.replace(go, cases=go.cases[:always], otherwise=go.cases[always][1])
        for i, (cond, to) in enumerate(go.cases):
            if isinstance(cond, str):  # a condition ivr cannot read: both ways from here on
                rest = dataclasses.replace(go, cases=go.cases[i + 1 :], say="")
                yes = node_of(doc, f"{ident}·{i + 1}", to, note, must=False)
                no = node_of(doc, f"{ident}·not{i + 1}", rest, note, must=False)
                stand_in = b.unknown(f"{ident}·if{i + 1}", f"the condition {cond}",
                                     [("true", yes), ("false", no)], loc, note,
                                     f"<if cond=\"{cond}\">: the condition cannot be evaluated "
                                     "from the document")  # fmt: skip
                b.add(stand_in, loc)
                otherwise = stand_in.id
                break
            for name, values in cond.attrs:
                b.attribute(name, values)
            cases.append(Case(cond, node_of(doc, f"{ident}·{i + 1}", to, note, False), loc))
        else:
            otherwise = node_of(doc, f"{ident}·else", go.otherwise or Go("hangup", loc), note,
                                must=False)  # fmt: skip
        for name in dict.fromkeys(a for c in cases for a, _ in c.when.attrs):
            b.attribute(name, ("(other)",))  # a caller none of the cases names
        b.add(Node(ident, "branch", cases=tuple(cases), otherwise=otherwise, facts=facts,
                   **common), loc)  # type: ignore[arg-type]  # fmt: skip
    return ident


# -- event handlers -------------------------------------------------------------------------
def _handlers(doc: Document, scopes: list[Element], event: str) -> list[Element]:
    """The handlers of ``event`` of the nearest scope that has one (a scope's handlers found
    once: the document is the scope of every dialog)."""
    for scope in scopes:
        found = doc.handlers.get(id(scope))
        if found is None:
            found = doc.handlers[id(scope)] = [
                h for h in scope if _tag(h) in ("noinput", "nomatch", "catch")
            ]
        got = [
            h
            for h in found
            if _tag(h) == event or (_tag(h) == "catch" and event in (h.get("event") or "").split())
        ]
        if got:
            return got
    return []


def _count(h: Element) -> int:
    try:
        return max(1, int(h.get("count") or 1))
    except ValueError:
        return 1


def handle(
    doc: Document, ident: str, scopes: list[Element], loc: Loc
) -> tuple[str, str, Retries | None]:
    """(timeout node, invalid key node, retries) of a menu or field: its handlers', else the
    VoiceXML default (the dialog again)."""
    again = Go("next", loc, to=ident)
    out: list[str] = []
    counted: list[tuple[int, str, str]] = []
    for event in ("noinput", "nomatch"):
        found = sorted(_handlers(doc, scopes, event), key=_count)
        base = [h for h in found if _count(h) == 1]
        go = execute(doc, list(base[0]), again, loc, ident) if base else again
        out.append(node_of(doc, f"{ident}·{event}", go, f"<{event}> of '{ident}'", must=False))
        more = [h for h in found if _count(h) > 1]
        if more:
            then = execute(doc, list(more[0]), again, loc, ident)
            counted.append(
                (
                    _count(more[0]),
                    event,
                    node_of(
                        doc,
                        f"{ident}·{event}{_count(more[0])}",
                        then,
                        f"<{event}> of '{ident}'",
                        False,
                    ),
                )
            )
    retries = None
    if counted:
        n, _, last = min(counted)
        retries = Retries(n, last, loc=loc)
        if len(counted) == 1 or counted[0][::2] != counted[1][::2]:
            said = "; ".join(f"{e} count={c}" for c, e, _ in counted)
            doc.b.finding(loc, f"'{ident}' ({said}): VoiceXML counts noinput and nomatch apart, "
                          f"ivr counts both together: retries {n}, then '{last}'",
                          "import-approximated", "info")  # fmt: skip
    return out[0], out[1], retries


def _timeout(doc: Document, scopes: list[Element]) -> tuple[float, bool]:
    from ivr.io.voicexml.reader import seconds  # noqa: PLC0415

    for scope in scopes[:-1]:
        for p in scope:
            if _tag(p) == "property" and p.get("name") == "timeout":
                got = seconds(p.get("value"))
                if got is not None:
                    return got, True
    return doc.timeout, doc.timeout_given


def _keys(doc: Document, ident: str, choices: list[tuple[str, str]], loc: Loc, invalid: str,
          after: float) -> tuple[tuple[str, str], ...]:  # fmt: skip
    """Options for key strings (several keys long ones through the key automaton)."""
    if all(len(k) == 1 for k, _ in choices):
        return tuple(dict.fromkeys(choices))
    targets = dict(reversed(choices))
    pats = [(k, p) for k in targets if (p := pattern_of(k)) is not None]
    states = KeyStates(Matcher(pats), targets.__getitem__, invalid, after, f"{ident}·keys·",
                       loc, doc.b.nodes, ("timeout",))  # fmt: skip
    return states.options()


# -- dialogs --------------------------------------------------------------------------------
def menu(doc: Document, ident: str, d: Element) -> None:
    loc = doc.loc(d)
    note = Import.cite(loc, f"<menu id='{ident}'>")
    choices: list[tuple[str, str]] = []
    spoken: list[str] = []
    auto = iter("123456789") if d.get("dtmf") == "true" else iter(())
    for c in d:
        if _tag(c) != "choice":
            continue
        key = (c.get("dtmf") or next(auto, "")).strip()
        spoken.append(" ".join("".join(c.itertext()).split()))
        if not key or any(k not in KEYS for k in key):
            continue  # a spoken choice: no key selects it
        cloc = doc.loc(c)
        go = (
            _goto(doc, c, Go("hangup", cloc))
            if c.get("next")
            else Go("away", cloc, what=f"<choice dtmf='{key}'> {c.get('event') or c.get('expr')}")
        )
        choices.append((key, node_of(doc, f"{ident}·{key}", go, Import.cite(cloc, key),
                                     must=False)))  # fmt: skip
    say, barge = _prompts(list(d), spoken)
    after, given = _timeout(doc, [d, doc.root])
    on_timeout, invalid, retries = handle(doc, ident, [d, doc.root], loc)
    inferred = ("duration",) + (() if given else ("timeout",))
    doc.b.add(Node(ident, "menu", say=say, duration=speech_seconds(say), barge_in=barge,
                   options=_keys(doc, ident, choices, loc, invalid, after),
                   timeout=Timeout(after, on_timeout), invalid=invalid, retries=retries,
                   facts=Facts(inferred=inferred, note=note)), loc)  # fmt: skip

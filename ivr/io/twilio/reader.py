"""Twilio Studio flows as menus: ``read_studio(path) -> (hotline, diagnostics)``.

Each flow file is one menu; a folder of them is one hotline. The flow's ``Trigger`` is the
entry (dialled by the flow's own address, ``<flow>@studio``); each voice widget becomes a node
named after it (docs/importers.md has the table):

* ``gather-input-on-call`` is a menu: its ``keypress`` goes to a ``split-based-on`` whose
  conditions test that gather's ``{{widgets.NAME.Digits}}``; each key a caller can press is
  evaluated against those conditions (in order, as Studio does), so the keys become options
  (a multi-digit value becomes a chain of one-key menus) and ``noMatch`` the invalid key; its
  ``timeout`` transition the timeout;
* ``say-play`` is a prompt; ``enqueue-call``, ``connect-call-to`` and ``send-to-flex`` are a
  human (``agent``, the queue, number or workflow recorded); ``record-voicemail`` is a prompt
  that leads on (voicemail is no human); a transition with no ``next`` ends the call;
* what a caller's keys cannot decide — a split on another widget or a variable, a function's
  or HTTP request's result, speech, a widget ivr does not model — is a branch on a caller
  attribute standing for it, with a located finding.

>>> hotline, problems = read_studio("tests/fixtures/studio/support.json")
>>> [e.dial for _, e in hotline.entries()]
['support@studio']
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ivr.diagnostics import Diagnostic, Loc, did_you_mean
from ivr.io.annotation import is_annotation
from ivr.io.imported import MenuBuilder, files_of, flow_id, hotline_of, speech_seconds
from ivr.io.platform import Import
from ivr.io.registry import Format
from ivr.io.sourcetext import Positions, SourceProblem, parse_json, read_text
from ivr.io.twilio.conditions import times_of
from ivr.io.twilio.flowfile import definition
from ivr.io.twilio.gather import gather, whole
from ivr.model.types import Facts, Hotline, Node, Target

HUMANS = {"enqueue-call", "connect-call-to", "send-to-flex"}
VOICE = {
    "trigger",
    "gather-input-on-call",
    "split-based-on",
    "say-play",
    "record-voicemail",
    "set-variables",
    "run-function",
    "make-http-request",
    *HUMANS,
}
OTHER = {  # documented widgets ivr does not model: kept as branches on their outcomes
    "send-message",
    "send-and-wait-for-reply",
    "run-subflow",
    "capture-payments",
    "connect-virtual-agent",
    "add-twiml-redirect",
    "fork-stream",
    "make-outgoing-call-v2",
    "call-recording",
    "send-to-auto-pilot",
}
RESULTS = {"run-function": "function", "make-http-request": "HTTP request"}
_TEMPLATE = re.compile(r"{{-?\s*(.*?)\s*-?}}")
_DIGITS_OF = re.compile(r"^{{\s*widgets\.([\w-]+)\.Digits\s*}}$")
_PREFIXES = ("flow.variables.", "flow.data.", "trigger.call.", "trigger.request.")
SUFFIXES = (".json", ".js", ".mjs", ".cjs")


def read_studio(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """A hotline from a Studio flow file, or a folder of them (``*.json``, ``*.js``)."""
    menus, problems, failed = [], [], []
    for f in files_of(path, SUFFIXES):
        try:
            menu, found = _read_flow(f, str(f))
        except SourceProblem as exc:
            menu, found = None, [exc.diagnostic]
        problems.extend(found)
        (menus.append(menu) if menu is not None else failed.append(f.name))
    return hotline_of(path, menus, problems, failed, "no Studio flow (*.json, *.js) in this folder")


def _read_flow(path: Path, display: str) -> tuple[Any, list[Diagnostic]]:
    text = read_text(path, display, "a Studio flow")
    flow = definition(text, display)
    name = flow.name or path.stem.split(".")[0]
    return _Flow(text, display, flow.data, name, flow.name).build()


class _Flow:
    def __init__(
        self, text: str, display: str, data: Mapping[str, Any], name: str, title: str = ""
    ):
        self.text, self.display, self.data = text, display, data
        self.pos = Positions(text, display, "name")
        self._moves: dict[str, dict[str, str]] = {}
        self.address = f"{flow_id(name)}@studio"
        self.b = MenuBuilder(display, flow_id(name), title=title)
        self.b.locate = self._locate
        self.widgets: dict[str, Mapping[str, Any]] = {}

    # -- positions -------------------------------------------------------------------------------
    def loc(self, name: str) -> Loc:
        return self.pos.loc(name)

    def _value_loc(self, name: str, key: str, value: str) -> Loc:
        """Where ``"key": "value"`` stands in widget ``name`` (the widget's line if not found)."""
        return self.pos.value(name, key, value, within=True) or self.loc(name)

    def _locate(self, node_id: str, target: str) -> Loc | None:
        return self.pos.value(node_id.split("·")[0], "next", target)

    # -- the flow --------------------------------------------------------------------------------
    def build(self) -> tuple[Any, list[Diagnostic]]:
        b = self.b
        description = self.data.get("description")
        if isinstance(description, str) and "\nivr: " in "\n" + description:
            raw = ("\n" + description).split("\nivr: ", 1)[1]
            try:
                ann, _ = parse_json(raw, self.display)
                b.annotation = ann if is_annotation(ann) else None
            except SourceProblem:
                b.annotation = None
        for w in self.data["states"]:
            if not isinstance(w, dict) or not isinstance(w.get("name"), str):
                b.error(Loc(self.display, 1, 1), "a widget without a 'name'")
                continue
            kind = w.get("type")
            if kind not in VOICE and kind not in OTHER:
                b.error(
                    self._value_loc(w["name"], "type", str(kind)),
                    f"unknown widget type '{kind}' of '{w['name']}'"
                    + did_you_mean(str(kind), sorted(VOICE | OTHER)),
                )
                continue
            self.widgets[w["name"]] = w
        if any(d.severity == "error" for d in b.problems):
            return None, b.problems
        gathers = {
            name: self._split_of(name)
            for name, w in self.widgets.items()
            if w.get("type") == "gather-input-on-call"
        }
        folded = {s for s in gathers.values() if s}
        for name, w in self.widgets.items():  # a folded split is a node too if more leads to it
            for event, target in self._nexts(w).items():
                if target in folded and not (event == "keypress" and gathers.get(name) == target):
                    folded.discard(target)
        for name, w in self.widgets.items():
            if name not in folded:
                self._widget(name, w)
        initial = self.data.get("initial_state")
        if initial not in self.widgets or self.widgets[initial].get("type") != "trigger":
            b.error(self.loc(str(initial)), f"'initial_state' is '{initial}', not a trigger widget")
            return None, b.problems
        return b.build()

    def _declared(self) -> set[str]:
        """The caller attributes the flow's ivr annotation declares (an exported flow's splits
        on ``{{flow.data.X}}`` test them: no stand-ins)."""
        ann = self.b.annotation
        if not isinstance(ann, dict):
            return set()
        return {str(k) for k, *_ in ann.get("menu", {}).get("caller", ())}

    def _nexts(self, w: Mapping[str, Any]) -> dict[str, str]:
        got = self._moves.get(w["name"])
        if got is not None:
            return got
        out = self._moves[w["name"]] = {}
        for t in w.get("transitions") or ():
            if isinstance(t, dict) and t.get("next"):
                out[str(t.get("event"))] = str(t["next"])
        return out

    def _split_of(self, gather: str) -> str | None:
        """The split-based-on that tests ``gather``'s digits right after its keypress."""
        target = self._nexts(self.widgets[gather]).get("keypress")
        s = self.widgets.get(target or "")
        if s is None or s.get("type") != "split-based-on":
            return None
        m = _DIGITS_OF.match(str((s.get("properties") or {}).get("input", "")).strip())
        return target if m and m.group(1) == gather else None

    def _next(self, w: Mapping[str, Any], event: str) -> str:
        target = self._nexts(w).get(event)
        return target if target else self.b.ending(self.loc(w["name"]))

    def _note(self, name: str, kind: str) -> str:
        return Import.cite(self.loc(name), f"{kind} widget '{name}'")

    def _templates(self, name: str, field: str, value: object) -> None:
        if isinstance(value, str) and _TEMPLATE.search(value):
            self.b.finding(
                self.loc(name),
                f"'{field}' of '{name}' holds a template ({value!r}): its value is known only "
                "during the call",
                "import-unmapped",
                "info" if field == "say" else "warning",
            )

    def _widget(self, name: str, w: Mapping[str, Any]) -> None:
        kind = w["type"]
        props = w.get("properties") or {}
        b, loc, note = self.b, self.loc(name), self._note(name, kind)
        if kind == "trigger":
            start = self._nexts(w).get("incomingCall")
            if start is None:
                b.finding(loc, "the trigger has no incomingCall: no call enters this flow",
                          "import-dangling")  # fmt: skip
                start = b.ending(loc)
            b.entry(b.menu_id, self.address, start, self._locate(name, start) or loc)
            return
        if kind == "gather-input-on-call":
            gather(self, name, w, props, loc, note)
            return
        say = str(props.get("say") or (f"(plays {props['play']})" if props.get("play") else ""))
        self._templates(name, "say", say)
        if kind == "say-play":
            loops = whole(props.get("loop"), 1)
            node = Node(name, "prompt", say=say, duration=speech_seconds(say, loops),
                        barge_in=False, next=self._next(w, "audioComplete"),
                        facts=Facts(inferred=("duration", "barge_in"), note=note))  # fmt: skip
        elif kind in HUMANS:
            dest = {
                "enqueue-call": props.get("queue_name") or props.get("workflow_sid") or "",
                "connect-call-to": " ".join(str(props.get(k) or "") for k in ("noun", "to")),
                "send-to-flex": props.get("workflow") or "",
            }[kind]
            self._templates(name, "to" if kind == "connect-call-to" else "queue", dest)
            node = Node(name, "agent", queue=str(dest).strip(), facts=Facts(note=note))
        elif kind == "record-voicemail":
            limit = props.get("max_length", 3600)
            say = f"(records a voicemail of up to {limit} s)"
            target = self._nexts(w).get("recordingComplete") or self._nexts(w).get("noAudio")
            node = Node(name, "prompt", say=say, barge_in=False,
                        next=target or b.ending(loc), facts=Facts(note=note))  # fmt: skip
        elif kind == "set-variables":
            keys = [str(v.get("key")) for v in props.get("variables") or () if isinstance(v, dict)]
            b.finding(loc, f"'{name}' sets flow variables ({', '.join(keys)}); a split on them "
                      "is modelled as a caller attribute", "import-unmapped", "info")  # fmt: skip
            node = Node(name, "prompt", next=self._next(w, "next"), facts=Facts(note=note))
        elif kind == "run-subflow" and self._subflow(props) is not None:
            node = Node(name, "transfer", to=self._subflow(props), facts=Facts(note=note))
        elif kind == "split-based-on":
            node = self._split(name, w, props, loc, note)
        else:
            moves = w.get("transitions") or ()
            events = [str(t.get("event")) for t in moves if isinstance(t, dict)]
            what = RESULTS.get(kind, f"widget type {kind}")
            rule = "import-unmapped"
            if len(events) <= 1:
                target = self._next(w, events[0]) if events else b.ending(loc)
                node = Node(name, "prompt", next=target, facts=Facts(note=note))
            else:
                outcomes = [(e, self._next(w, e)) for e in events]
                node = b.unknown(name, f"result of {name}", outcomes, loc, note)
            b.finding(loc, f"the result of {what} '{name}' is not in the flow: each outcome "
                      f"({', '.join(events) or 'none'}) is a value of caller attribute "
                      f"'result of {name}'", rule)  # fmt: skip
        b.add(node, loc)

    def _subflow(self, props: Mapping[str, Any]) -> Target | None:
        """The flow file of this folder a run-subflow runs, as a transfer target."""
        flow = str(props.get("flow_sid") or "")
        folder = Path(self.display).parent
        for suffix in SUFFIXES:
            if flow and (folder / f"{flow}{suffix}").is_file():
                params = {
                    str(p.get("key")): str(p.get("value"))
                    for p in props.get("parameters") or ()
                    if isinstance(p, dict)
                }
                return Target(f"{flow}{suffix}", params.get("entry", flow_id(flow)))
        return None

    def _split(
        self, name: str, w: Mapping[str, Any], props: Mapping[str, Any], loc: Loc, note: str
    ) -> Node:
        """A split not folded into a gather: a branch on what each condition names."""
        from ivr.model.types import Case, Condition  # noqa: PLC0415

        cases = []
        said: set[str] = set()
        for t in w.get("transitions") or ():
            if not isinstance(t, dict) or t.get("event") != "match":
                continue
            attrs: list[tuple[str, tuple[str, ...]]] = []
            time: dict[str, tuple[str, ...]] = {}
            for c in t.get("conditions") or ():
                if not isinstance(c, dict):
                    continue
                arg = str((c.get("arguments") or [props.get("input", "")])[0])
                parts = times_of(arg, c)
                if parts is not None:
                    time.update(parts)
                    continue
                attr = _attribute(arg)
                values = _labels(c)
                attrs.append((attr, values))
                self.b.attribute(attr, values)
                if attr not in said and attr not in self._declared():
                    said.add(attr)
                    self.b.finding(loc, f"'{name}' tests {arg!r}, stood in for by caller "
                                   f"attribute '{attr}'", "import-unmapped", "info")  # fmt: skip
            cond = Condition(tuple(attrs), time.get("hours", ()), loc=loc,
                             days=time.get("days", ()), dates=time.get("dates", ()))  # fmt: skip
            cases.append(Case(cond, str(t.get("next") or self.b.ending(loc)), loc))
        for attr, _ in (a for c in cases for a in c.when.attrs):
            self.b.attribute(attr, ["(other)"])
        return Node(name, "branch", cases=tuple(cases), otherwise=self._next(w, "noMatch"),
                    facts=Facts(note=note))  # fmt: skip


def _attribute(argument: str) -> str:
    m = _TEMPLATE.search(argument)
    inner = m.group(1) if m else argument
    for prefix in _PREFIXES:
        if inner.startswith(prefix):
            return inner[len(prefix) :]
    return inner


def _labels(c: Mapping[str, Any]) -> tuple[str, ...]:
    """The values of the stand-in attribute for which condition ``c`` holds."""
    kind, value = str(c.get("type", "")), str(c.get("value", ""))
    if kind == "equal_to":
        return (value,)
    if kind == "matches_any_of":
        return tuple(dict.fromkeys(v.strip() for v in value.split(",")))
    return (f"{kind} {value}".strip(),)


FORMAT = Format(
    "twilio-studio",
    read_studio,
    suffixes=SUFFIXES,
    doc="Twilio Studio flows (docs/importers.md#twilio-studio)",
)

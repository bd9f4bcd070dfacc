"""Menus as Amazon Connect flows: ``ivr export PATH --to amazon-connect -o OUT``.

Each menu file becomes one flow in the Connect flow language (``{"Version": "2019-10-30",
"StartAction", "Metadata", "Actions"}``, what the flow designer imports and
``CreateContactFlow`` takes as ``Content``), valid against ``ivr/io/connect/flow.schema.json``.
Each node is an action named as the node (an ``Identifier``: at most 50 characters, none of
``%:()\\/=$,;[]{}``): a menu a ``GetParticipantInput`` (a condition ``Equals`` per key,
``InputTimeLimitExceeded`` the timeout, ``NoMatchingCondition`` the invalid key); a prompt a
``MessageParticipant``; a branch a chain of ``Compare`` actions on
``$.Attributes.ATTRIBUTE`` (the contact attributes) and ``CheckHoursOfOperation`` for hours;
an agent ``UpdateContactTargetQueue`` then ``TransferContactToQueue``; a callback
``CreateCallbackContact``; a transfer ``TransferToFlow`` (the other flow's name: Connect
wants its ARN once it is created); a hang-up ``MessageParticipant`` then
``DisconnectParticipant``. Several entries start with a ``Compare`` on the number dialled
(``$.SystemEndpoint.Address``).

What a Connect flow cannot say — prompt lengths, retries, a menu that waits forever or ignores a
wrong key, a timeout that is not whole seconds from 1 to 180, the hours themselves (an hours of
operation is a resource outside the flow), waits, costs, the numbers that dial the flow, caller
declarations — is the ``ivr`` annotation in ``Metadata.ivr`` (:mod:`ivr.io.annotation`), read
back on import. Keys A to D, which a Connect menu does not take, are refused (exit 2) naming
each menu.

>>> import ivr
>>> flow = connect_flow(ivr.load("menus/mts/short.yaml").menus[0])
>>> flow["Version"], flow["StartAction"], len(flow["Actions"]) > 18
('2019-10-30', 'by_location', True)
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ivr.errors import InputError
from ivr.io.annotation import annotate
from ivr.io.atomic import write_atomic
from ivr.model.types import Entry, Hotline, Menu, Node

VERSION = "2019-10-30"
MAX_ACTIONS = 250  # a flow holds no more (Amazon Connect flow language, "Actions")
_FORBIDDEN = re.compile(r"[%:()\\/=$,;\[\]{}\x00-\x1f\x7f]")
_RESERVED = {
    "__proto__", "constructor", "__defineGetter__", "__defineSetter__", "toString",
    "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "valueOf",
}  # fmt: skip
END = "ivr-end"
"""The action every error and finished step of an exported flow ends at (a hang-up)."""


def dial_of(menu: Menu, entry: Entry, hotline: Hotline | None = None) -> str:
    """The address an exported entry is dialled by: its own (the annotation keeps it)."""
    return entry.dial


def action_names(menu: Menu) -> dict[str, str]:
    """An ``Identifier`` for each node id: unique, at most 40 characters (an action made for a
    node adds a suffix of up to 10), without the characters Connect refuses."""
    used = {END, "ivr-entries"}
    names = {}
    for n in menu.nodes:
        base = _FORBIDDEN.sub("_", n.id).strip()[:36] or "node"
        if base in _RESERVED:
            base += "_"
        name, i = base, 1
        while name in used:
            i += 1
            name = f"{base}_{i}"
        used.add(name)
        names[n.id] = name
    return names


def _text(say: str) -> dict[str, str]:
    # Connect wants something to say; an empty prompt is SSML that says nothing
    return {"Text": say} if say.strip() else {"SSML": "<speak></speak>"}


def _error(to: str, kind: str = "NoMatchingError") -> dict[str, str]:
    return {"NextAction": to, "ErrorType": kind}


def _equals(value: str, to: str) -> dict[str, Any]:
    return {"NextAction": to, "Condition": {"Operator": "Equals", "Operands": [value]}}


class _Flow:
    def __init__(self, menu: Menu, hotline: Hotline):
        self.menu, self.hotline = menu, hotline
        self.names = action_names(menu)
        self.actions: list[dict[str, Any]] = []
        self.ended = False
        self.nodes = menu.node_map()

    def action(self, ident: str, kind: str, params: dict[str, Any], **moves: Any) -> None:
        self.actions.append(
            {"Identifier": ident, "Type": kind, "Parameters": params, "Transitions": moves}
        )

    def end(self) -> str:
        self.ended = True
        return END

    def entrance(self, node_id: str) -> str:
        """The first action of a node (an agent's queue is set before the transfer)."""
        n, name = self.nodes[node_id], self.names[node_id]
        return f"{name}-queue" if n.type == "agent" else name

    def node(self, n: Node) -> None:
        name = self.names[n.id]
        if n.type == "menu":
            self.gather(n, name)
        elif n.type == "prompt":
            assert n.next is not None
            to = self.entrance(n.next)
            self.action(name, "MessageParticipant", _text(n.say), NextAction=to,
                        Errors=[_error(to)])  # fmt: skip
        elif n.type == "hangup":
            if n.say:
                self.action(name, "MessageParticipant", _text(n.say), NextAction=f"{name}-end",
                            Errors=[_error(f"{name}-end")])  # fmt: skip
                name = f"{name}-end"
            self.action(name, "DisconnectParticipant", {})
        elif n.type == "agent":
            queue = f"{name}-queue"  # an agent's 'say' describes the person: not played
            self.action(queue, "UpdateContactTargetQueue", {"QueueId": n.queue or "ivr"},
                        NextAction=name, Errors=[_error(name)])  # fmt: skip
            end = self.end()
            self.action(name, "TransferContactToQueue", {}, NextAction=end,
                        Errors=[_error(end, "QueueAtCapacity"), _error(end)])  # fmt: skip
        elif n.type == "callback":
            params = {"InitialCallDelaySeconds": "1", "MaximumConnectionAttempts": "1",
                      "RetryDelaySeconds": "1"}  # fmt: skip
            if n.queue:
                params["QueueId"] = n.queue
            end = self.end()
            self.action(name, "CreateCallbackContact", params, NextAction=end,
                        Errors=[_error(end)])  # fmt: skip
        elif n.type == "transfer":
            assert n.to is not None
            end = self.end()
            self.action(name, "TransferToFlow", {"ContactFlowId": self.flow_of(n)},
                        NextAction=end, Errors=[_error(end)])  # fmt: skip
        else:
            self.branch(n, name)

    def gather(self, n: Node, name: str) -> None:
        params: dict[str, Any] = {**_text(n.say), "StoreInput": "False"}
        after = n.timeout.after if n.timeout is not None else 5.0
        params["InputTimeLimitSeconds"] = str(min(180, max(1, math.ceil(after))))
        invalid = self.entrance(n.invalid) if n.invalid else name
        silence = self.entrance(n.timeout.to) if n.timeout else name
        self.action(
            name, "GetParticipantInput", params, NextAction=invalid,
            Conditions=[_equals(k, self.entrance(t)) for k, t in n.options],
            Errors=[_error(silence, "InputTimeLimitExceeded"),
                    _error(invalid, "NoMatchingCondition"), _error(invalid)],
        )  # fmt: skip

    def branch(self, n: Node, name: str) -> None:
        """A chain of tests: each case's, in order; a failed test goes to the next case."""
        starts: list[str] = []
        chains: list[list[tuple[str, str, tuple[str, ...]]]] = []
        for i, c in enumerate(n.cases):
            tests = [(f"{name}-{i}a{j}", attr, values) for j, (attr, values) in
                     enumerate(c.when.attrs)]  # fmt: skip
            tests += [(f"{name}-{i}h{j}", "", (span,)) for j, span in enumerate(c.when.hours)]
            chains.append(tests)
            starts.append(tests[0][0] if tests else self.entrance(c.to))
        starts.append(self.entrance(n.otherwise) if n.otherwise else name)
        self.action(name, "Compare", {"ComparisonValue": "$.Attributes.ivr"},
                    NextAction=starts[0], Conditions=[],
                    Errors=[_error(starts[0], "NoMatchingCondition")])  # fmt: skip
        for i, (c, tests) in enumerate(zip(n.cases, chains, strict=True)):
            fail, target = starts[i + 1], self.entrance(c.to)
            for j, (ident, attr, values) in enumerate(tests):
                if attr:  # all of the case's attributes hold, then one of its hours
                    ok = tests[j + 1][0] if j + 1 < len(tests) else target
                    self.action(ident, "Compare", {"ComparisonValue": f"$.Attributes.{attr}"},
                                NextAction=fail, Conditions=[_equals(v, ok) for v in values],
                                Errors=[_error(fail, "NoMatchingCondition")])  # fmt: skip
                    continue
                nxt = tests[j + 1][0] if j + 1 < len(tests) else fail
                self.action(ident, "CheckHoursOfOperation", {"HoursOfOperationId": values[0]},
                            NextAction=nxt,
                            Conditions=[_equals("True", target), _equals("False", nxt)],
                            Errors=[_error(nxt, "NoMatchingCondition")])  # fmt: skip

    def flow_of(self, n: Node) -> str:
        assert n.to is not None
        return Path(n.to.file).stem

    def start(self) -> str:
        m = self.menu
        starts = list(dict.fromkeys(e.start for e in m.entries))
        if len(starts) == 1:
            return self.entrance(starts[0])
        first = self.entrance(starts[0])
        self.action("ivr-entries", "Compare", {"ComparisonValue": "$.SystemEndpoint.Address"},
                    NextAction=first,
                    Conditions=[_equals(e.dial, self.entrance(e.start)) for e in m.entries],
                    Errors=[_error(first, "NoMatchingCondition")])  # fmt: skip
        return "ivr-entries"

    def flow(self) -> dict[str, Any]:
        m = self.menu
        bad = [f"menu '{n.id}' takes key {k}" for n in m.nodes for k, _ in n.options if k in "ABCD"]
        if bad:
            raise InputError(f"{m.file or m.id}: an Amazon Connect menu takes the keys 0-9, * "
                             "and # only: " + "; ".join(bad))  # fmt: skip
        start = self.start()
        for n in m.nodes:
            self.node(n)
        if self.ended:
            self.action(END, "DisconnectParticipant", {})
        if len(self.actions) > MAX_ACTIONS:
            raise InputError(f"{m.file or m.id}: {len(self.actions)} actions; an Amazon Connect "
                             f"flow holds at most {MAX_ACTIONS} (split the menu file)")  # fmt: skip
        ann = annotate(m, self.names)
        for n in m.nodes:
            d = ann["nodes"][self.names[n.id]]
            if n.type == "menu" and n.timeout is not None:
                whole = 1 <= n.timeout.after <= 180 and n.timeout.after == int(n.timeout.after)
                if not whole:
                    d["timeout_after"] = n.timeout.after
            if n.type == "branch":  # the chain of tests is several actions: the whole branch
                for case, c in zip(d.get("cases", ()), n.cases, strict=True):
                    case["to"] = self.names[c.to]
                d.setdefault("cases", [])
                d["else"] = self.names[n.otherwise] if n.otherwise else None
            if n.type == "transfer" and n.to is not None:
                d["to"] = [f"{self.flow_of(n)}.json", n.to.entry]
        return {
            "Version": VERSION,
            "StartAction": start,
            "Metadata": {
                "EntryPointPosition": {"x": 0, "y": 0},
                "ActionMetadata": {},
                "Name": m.title or m.id,
                "ivr": ann,
            },  # fmt: skip
            "Actions": self.actions,
        }


def connect_flow(menu: Menu, hotline: Hotline | None = None) -> dict[str, Any]:
    """The flow of one menu file of ``hotline`` (whose other files transfers reach)."""
    return _Flow(menu, hotline or Hotline((menu,))).flow()


def flow_text(menu: Menu, hotline: Hotline | None = None) -> str:
    return json.dumps(connect_flow(menu, hotline), ensure_ascii=False, indent=2) + "\n"


def export(hotline: Hotline, out: Path) -> list[str]:
    """Write each menu as ``<file stem>.json`` in the folder ``out`` (one menu: ``out`` may be
    the file itself, ending in ``.json``); the paths written. Every flow is made before any is
    written (a refusal writes nothing)."""
    texts = [(f"{Path(m.file).stem or m.id}.json", flow_text(m, hotline)) for m in hotline.menus]
    if len(texts) == 1 and out.suffix == ".json":
        write_atomic(out, texts[0][1])
        return [str(out)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts:
        write_atomic(out / name, text)
        written.append(str(out / name))
    return written

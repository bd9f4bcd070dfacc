"""Amazon Connect contact flows as menus: ``read_connect(path) -> (hotline, diagnostics)``.

A flow file is the flow language (``{"Version": "2019-10-30", "StartAction": ..., "Actions":
[...]}``, what the console exports) or the ``DescribeContactFlow`` envelope, whose
``ContactFlow.Content`` holds the flow as a JSON string. A folder of flows is one hotline and
``TransferToFlow`` goes to the flow of that name in it. The pre-2019 export (``modules``) is
refused with what to do. Each action becomes a node named by its ``Identifier``
(docs/importers.md has the table); what the flow cannot tell (a Lambda's result, a contact
attribute, the hours of operation, a loop's count) is a branch on a caller attribute standing
for it, with a located finding.

>>> hotline, problems = read_connect("tests/fixtures/connect/support.json")
>>> [e.dial for _, e in hotline.entries()], problems
(['support@connect'], [])
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ivr.diagnostics import Diagnostic, Loc, did_you_mean
from ivr.io.annotation import is_annotation
from ivr.io.imported import MenuBuilder, files_of, flow_id, hotline_of, speech_seconds
from ivr.io.platform import Import
from ivr.io.registry import Format
from ivr.io.sourcetext import Lines, Positions, SourceProblem, parse_json, read_text
from ivr.model.keys import DTMF_KEYS
from ivr.model.types import Facts, Hotline, Node, Target, Timeout

DEFAULT_TIMEOUT = 5.0
PASS = {  # documented actions that set something and go on: a silent step
    "UpdateContactAttributes", "UpdateFlowLoggingBehavior", "UpdateContactRecordingBehavior",
    "UpdateContactTextToSpeechVoice", "UpdateContactData", "UpdateContactEventHooks",
    "UpdateContactRoutingBehavior", "UpdateContactCallbackNumber", "UpdateContactMediaProcessing",
    "UpdateContactRecordingAndAnalyticsBehavior", "UpdateFlowAttributes",
    "UpdateContactTargetQueue",
}  # fmt: skip
BRANCHES = {  # documented actions whose outcome the flow cannot tell
    "InvokeLambdaFunction": "Lambda function", "Compare": "comparison",
    "CheckHoursOfOperation": "hours of operation", "Loop": "loop",
    "ConnectParticipantWithLexBot": "Lex bot", "DistributeByPercentage": "percentage split",
    "CheckMetricData": "queue metrics", "CheckContactAttributes": "contact attributes",
}  # fmt: skip
ENDS = {"DisconnectParticipant", "EndFlowExecution"}
HUMANS = {"TransferContactToQueue", "TransferParticipantToThirdParty", "TransferContactToAgent"}
TYPES = {"MessageParticipant", "GetParticipantInput", "TransferToFlow", "CreateCallbackContact",
         *PASS, *BRANCHES, *ENDS, *HUMANS}  # fmt: skip


def read_connect(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """A hotline from an Amazon Connect flow file, or a folder of them (``*.json``)."""
    names: dict[str, str] = {}  # a flow's name, Id, Arn and file stem -> its file
    menus, problems, failed = [], [], []
    parsed = []
    for f in files_of(path, (".json",)):
        try:
            parsed.append((f, *_content(f, str(f))))
        except SourceProblem as exc:
            problems.append(exc.diagnostic)
            failed.append(f.name)
    for f, _, _, name, ids, _ in parsed:
        for key in (name, *ids, f.stem):
            names.setdefault(key, f.name)
    for f, text, flow, name, _, base in parsed:
        menu, found = _Flow(f, text, flow, name, base, names).build()
        problems.extend(found)
        (menus.append(menu) if menu is not None else failed.append(f.name))
    return hotline_of(
        path, menus, problems, failed, "no Amazon Connect flow (*.json) in this folder"
    )


def _refuse(display: str, text: str, offset: int, why: str) -> SourceProblem:
    return SourceProblem(Diagnostic(Lines(text).loc(display, offset), why))


def _content(f: Path, display: str) -> tuple[str, dict[str, Any], str, tuple[str, ...], int]:
    """(text, the flow, its name, its ids, offset of the flow's text in the file)."""
    text = read_text(f, display, "an Amazon Connect flow")
    data, _ = parse_json(text, display)
    if not isinstance(data, dict):
        raise _refuse(display, text, 0, "not an Amazon Connect flow: not a JSON object")
    name, base = f.stem.split(".")[0], 0
    ids: tuple[str, ...] = ()
    envelope = data.get("ContactFlow")
    if isinstance(envelope, dict):
        name = str(envelope.get("Name") or name)
        ids = tuple(str(envelope[k]) for k in ("Id", "Arn") if envelope.get(k))
        content = envelope.get("Content")
        base = max(0, text.find('"Content"'))
        if not isinstance(content, str):
            raise _refuse(display, text, base, "'ContactFlow.Content' must be the flow as a "
                          "JSON string (as DescribeContactFlow gives it)")  # fmt: skip
        try:
            data, _ = parse_json(content, display)
        except SourceProblem as exc:
            d = exc.diagnostic
            raise _refuse(display, text, base, f"in 'Content' (its line {d.loc.line}, column "
                          f"{d.loc.col}): {d.message}") from None  # fmt: skip
        text = content
    if "modules" in data and "Actions" not in data:
        raise _refuse(display, text, max(0, text.find('"modules"')),
                      "a flow in the pre-2019 format ('modules') is not read: open it in the "
                      "Amazon Connect flow designer and export it again (flow language, "
                      "Version 2019-10-30)")  # fmt: skip
    if not isinstance(data.get("Actions"), list) or "StartAction" not in data:
        found = ", ".join(sorted(map(str, data))[:6])
        raise _refuse(display, text, 0, "not an Amazon Connect flow: no 'StartAction' and "
                      f"'Actions' (found {found})")  # fmt: skip
    return text, data, name, ids, base


def _attr(value: str) -> str:
    for prefix in ("$.Attributes.", "$.External.", "$.Lex.", "$."):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


class _Flow:
    def __init__(self, f, text, data, name, base, names):
        self.display = str(f)
        self.text, self.data, self.names = text, data, names
        at = Lines(read_text(f, self.display, "")).loc(self.display, base) if base else None
        self.pos = Positions(text, self.display, "Identifier", at)
        self.b = MenuBuilder(self.display, flow_id(name), title=name)
        self.queue_of: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        """An action that only sets the queue of the transfer it leads to -> that transfer."""
        self.b.locate = self._locate

    def _locate(self, node_id: str, target: str) -> Loc | None:
        """Where action ``node_id`` names ``target`` as a NextAction (for dangling ones)."""
        return self.pos.value(node_id.split("·")[0], "NextAction", target)

    def loc(self, ident: str) -> Loc:
        return self.pos.loc(ident)

    def build(self):
        b = self.b
        meta = self.data.get("Metadata")
        if isinstance(meta, dict) and is_annotation(meta.get("ivr")):
            b.annotation = meta["ivr"]
        actions = {}
        for a in self.data["Actions"]:
            if not isinstance(a, dict) or not isinstance(a.get("Identifier"), str):
                b.error(Loc(self.display, 1, 1), "an action without an 'Identifier'")
                continue
            kind = a.get("Type")
            if kind not in TYPES:
                hint = did_you_mean(str(kind), sorted(TYPES))
                ident = a["Identifier"]
                b.error(self.loc(ident), f"unknown action type '{kind}' of '{ident}'" + hint)
                continue
            actions[a["Identifier"]] = a
        if any(d.severity == "error" for d in b.problems):
            return None, b.problems
        for ident, a in actions.items():
            if a["Type"] == "UpdateContactTargetQueue":
                q = str((a.get("Parameters") or {}).get("QueueId", ""))
                nxt = str((a.get("Transitions") or {}).get("NextAction") or "")
                if nxt:
                    self.queue_of[nxt] = q.rsplit("/", 1)[-1]
                if actions.get(nxt, {}).get("Type") in HUMANS:
                    self.alias[ident] = nxt  # setting the queue is no step of the call
        for ident, a in actions.items():
            if ident not in self.alias:
                self._action(ident, a)
        start = self._to(str(self.data["StartAction"]))
        b.entry(b.menu_id, f"{b.menu_id}@connect", start, self.loc(start))
        return b.build()

    def _to(self, ident: str) -> str:
        return self.alias.get(ident, ident)

    def _next(self, a: Mapping[str, Any]) -> str:
        nxt = (a.get("Transitions") or {}).get("NextAction")
        return self._to(str(nxt)) if nxt else self.b.ending(self.loc(a["Identifier"]))

    def _error(self, a: Mapping[str, Any], kind: str) -> str | None:
        for e in (a.get("Transitions") or {}).get("Errors") or ():
            if isinstance(e, dict) and e.get("ErrorType") == kind and e.get("NextAction"):
                return self._to(str(e["NextAction"]))
        return None

    def _conditions(self, a: Mapping[str, Any]) -> list[tuple[str, str]]:
        out = []
        for c in (a.get("Transitions") or {}).get("Conditions") or ():
            if not isinstance(c, dict):
                continue
            cond = c.get("Condition") or {}
            operands = [str(o) for o in cond.get("Operands") or ()]
            label = (
                operands[0]
                if cond.get("Operator") == "Equals" and operands
                else (f"{cond.get('Operator')} {' '.join(operands)}")
            )
            nxt = c.get("NextAction")
            out.append(
                (label, self._to(str(nxt)) if nxt else self.b.ending(self.loc(a["Identifier"])))
            )
        return out

    def _action(self, ident: str, a: Mapping[str, Any]) -> None:
        b, kind = self.b, a["Type"]
        loc = self.loc(ident)
        params = a.get("Parameters") or {}
        note = Import.cite(loc, f"{kind} '{ident}'")
        text = str(
            params.get("Text")
            or params.get("SSML")
            or (f"(plays prompt {params['PromptId']})" if params.get("PromptId") else "")
        )
        if kind == "MessageParticipant":
            node = Node(ident, "prompt", say=text, duration=speech_seconds(text), barge_in=False,
                        next=self._next(a), facts=Facts(inferred=("duration", "barge_in"),
                                                        note=note))  # fmt: skip
        elif kind == "GetParticipantInput" and str(params.get("StoreInput", "")).lower() != "true":
            node = self._menu(ident, a, params, text, loc, note)
        elif kind == "GetParticipantInput":
            said = f"{ident}·input"
            b.add(b.unknown(said, f"input at {ident}",
                                  [("entered", self._next(a)),
                                   ("timeout", self._error(a, "InputTimeLimitExceeded")
                                    or b.ending(loc))], loc, note), loc)  # fmt: skip
            b.finding(
                loc,
                f"'{ident}' stores the digits a caller enters: whether they enter "
                f"any is caller attribute 'input at {ident}'",
                "import-unmapped",
            )
            node = Node(ident, "prompt", say=text, duration=speech_seconds(text), next=said,
                        facts=Facts(inferred=("duration",), note=note))  # fmt: skip
        elif kind in HUMANS:
            dest = str(params.get("ThirdPartyPhoneNumber") or params.get("AgentId")
                       or self.queue_of.get(ident) or "the contact's target queue")  # fmt: skip
            node = Node(ident, "agent", queue=dest, facts=Facts(note=note))
        elif kind == "CreateCallbackContact":
            node = Node(ident, "callback", facts=Facts(note=note))
        elif kind in ENDS:
            node = Node(ident, "hangup", facts=Facts(note=note))
        elif kind == "TransferToFlow":
            flow = str(params.get("ContactFlowId") or "")
            target = self.names.get(flow) or self.names.get(flow.rsplit("/", 1)[-1])
            if target is not None:
                stem = flow_id(Path(target).stem.split(".")[0])
                node = Node(ident, "transfer", to=Target(target, stem), facts=Facts(note=note))
            elif flow.startswith("$."):  # a JSONPath: the flow is known only during the call
                b.finding(loc, f"'{ident}' transfers to the flow {flow} names, known only "
                          "during the call; the call is modelled as ending there",
                          "import-unmapped")  # fmt: skip
                node = Node(ident, "hangup", facts=Facts(inferred=("all",), note=note))
            else:
                b.finding(loc, f"'{ident}' transfers to flow '{flow}', which is not a flow of "
                          "this folder; the call is modelled as ending there", "import-dangling",
                          "error")  # fmt: skip
                node = Node(ident, "hangup", facts=Facts(note=note))
        elif kind in PASS:  # a silent step: no key is taken there
            node = Node(ident, "prompt", barge_in=False, next=self._next(a), facts=Facts(note=note))
        else:
            outcomes = self._conditions(a)
            hours = str(params.get("HoursOfOperationId", "")).rsplit("/", 1)[-1]
            attr = {
                "Compare": _attr(str(params.get("ComparisonValue", ""))),
                "CheckHoursOfOperation": f"hours {hours}".strip(),
            }.get(kind, f"result of {ident}")
            if kind not in ("Compare", "CheckHoursOfOperation", "Loop"):
                outcomes.insert(0, ("success", self._next(a)))
            other = self._error(a, "NoMatchingCondition") or self._error(a, "NoMatchingError")
            outcomes.append(("(other)", other or b.ending(loc)))
            node = b.unknown(ident, attr, outcomes, loc, note)
            b.finding(
                loc,
                f"the {BRANCHES[kind]} of '{ident}' is not in the flow: each "
                f"outcome is a value of caller attribute '{attr}'",
                "import-unmapped",
            )
        b.add(node, loc)

    def _menu(self, ident, a, params, text, loc, note) -> Node:
        b = self.b
        inferred = ["duration"]
        try:
            after = float(params["InputTimeLimitSeconds"])
        except (KeyError, TypeError, ValueError):
            after = DEFAULT_TIMEOUT
            inferred.append("timeout")
        options = []
        for label, target in self._conditions(a):
            if label in DTMF_KEYS:
                options.append((label, target))
            else:
                b.finding(loc, f"'{ident}' matches '{label}', which is not one key: not "
                          "modelled", "import-approximated")  # fmt: skip
        on_timeout = self._error(a, "InputTimeLimitExceeded") or b.ending(loc)
        invalid = self._error(a, "NoMatchingCondition")
        return Node(ident, "menu", say=text, duration=speech_seconds(text), barge_in=True,
                    options=tuple(options), timeout=Timeout(after, on_timeout), invalid=invalid,
                    facts=Facts(inferred=tuple(inferred), note=note))  # fmt: skip


FORMAT = Format("amazon-connect", read_connect, suffixes=(".json",),
                doc="Amazon Connect contact flows (docs/importers.md#amazon-connect)")  # fmt: skip

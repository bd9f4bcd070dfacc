"""The nodes of a composed menu file: each node's fields, per its type, to a
:class:`~ivr.model.types.Node` (part of :class:`ivr.io.yaml.sections.MenuBuilder`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml

from ivr.diagnostics import did_you_mean
from ivr.io import spec
from ivr.io.spec import MENU_SUFFIXES
from ivr.model.keys import DTMF_KEYS
from ivr.model.types import (
    NODE_TYPES,
    Case,
    Condition,
    Cost,
    DayWait,
    Facts,
    HourStaff,
    HourWait,
    Node,
    Retries,
    Staffing,
    Target,
    Timeout,
    Wait,
)

if TYPE_CHECKING:
    from ivr.io.yaml.access import Access, Where

_S = spec.SECTIONS
_FIELDS = {name: (section.names(), section.required()) for name, section in _S.items()}
_NODE_FIELDS = {t: spec.node_fields(t) for t in NODE_TYPES}
_NODE_REQUIRED = {t: spec.required(t) for t in NODE_TYPES}
_OWNERS = {name: spec.owners(name) for name in spec.ALL_NODE_FIELDS}
_DURATION = _S["node"].field("duration").range()
_AFTER = _S["timeout"].field("after").range()
_RETRIES = tuple(int(x) for x in _S["retries"].field("max").range())
_WAIT = _S["wait"].field("mean").range()  # min, max and by_hour's mean alike
_FACTOR = _S["by_day"].field("factor").range()
_STAFF = {name: _S["staffing"].field(name).range() for name in ("calls", "handle", "agents")}
_NO_FACTS = Facts()  # what provenance() makes of a node without 'source', 'inferred', 'note'


class NodeReading:
    """The node part of a menu builder (which provides the shared pieces declared here)."""

    r: Access

    def ref(self, node: yaml.Node | None, what: str, where: Where, key: str) -> str | None:
        raise NotImplementedError

    def condition(self, node: yaml.Node | None, what: str) -> Condition:
        raise NotImplementedError

    def cost(self, node: yaml.Node | None, what: str) -> Cost | None:
        raise NotImplementedError

    def provenance(
        self, f: Mapping[str, yaml.Node], what: str, allowed: tuple[str, ...], where: Where
    ) -> Facts:
        raise NotImplementedError

    def node(self, node_id: str, node: yaml.Node) -> Node | None:
        r = self.r
        what = f"node '{node_id}'"
        type_node = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:  # the first 'type' key
                if getattr(k, "value", None) == "type":
                    type_node = v
                    break
        node_type = r.text(type_node, f"'type' of {what}") if type_node is not None else None
        if node_type is not None and node_type not in NODE_TYPES:
            assert type_node is not None  # the type was read from it
            r.error(
                type_node,
                f"{what} has unknown type '{node_type}' (one of {', '.join(NODE_TYPES)})"
                + did_you_mean(node_type, NODE_TYPES),
            )
            node_type = None

        def hint(name: str) -> str | None:
            owners = _OWNERS.get(name)
            if node_type and owners:
                return (
                    f"field '{name}' does not apply to a {node_type} node "
                    f"(it belongs to {' and '.join(owners)} nodes)"
                )
            return None

        if node_type is None:
            r.fields(node, what, spec.ALL_NODE_FIELDS, ("type",), hint)
            return None
        allowed = _NODE_FIELDS[node_type]
        f = r.fields(node, what, allowed, _NODE_REQUIRED[node_type], hint)
        where: Where = {}
        timeout = retries = None
        if "timeout" in f:
            tf = r.fields(f["timeout"], f"'timeout' of {what}", *_FIELDS["timeout"])
            after = r.number(tf.get("after"), f"'timeout.after' of {what}", *_AFTER)
            t_where: Where = {}
            to = self.ref(tf.get("to"), f"'timeout.to' of {what}", t_where, "to")
            if to is not None:  # a wrong 'after' is reported: its stand-in never escapes
                timeout = Timeout(
                    _AFTER[0] if after is None else after, to, r.loc(f["timeout"]), t_where
                )
        if "retries" in f:
            rf = r.fields(f["retries"], f"'retries' of {what}", *_FIELDS["retries"])
            count = r.integer(rf.get("max"), f"'retries.max' of {what}", *_RETRIES)
            r_where: Where = {}
            then = self.ref(rf.get("then"), f"'retries.then' of {what}", r_where, "then")
            if then is not None:
                retries = Retries(
                    _RETRIES[0] if count is None else count, then, r.loc(f["retries"]), r_where
                )
        options: list[tuple[str, str]] = []
        for key, key_node, value in (
            r.pairs(f["options"], f"'options' of {what}") if "options" in f else []
        ):
            if len(key) != 1 or key not in DTMF_KEYS:
                close = len(key) == 1 and key.upper() in DTMF_KEYS
                suggestion = f" (did you mean '{key.upper()}'?)" if close else ""
                r.error(
                    key_node,
                    f"option key '{key}' of {what} is not a telephone key "
                    f"(one of 0-9 * # A B C D){suggestion}",
                )
                continue
            target = self.ref(value, f"option '{key}' of {what}", where, "options." + key)
            if target is not None:
                options.append((key, target))
        cases: list[Case] = []
        for i, case_node in enumerate(
            r.sequence(f["cases"], f"'cases' of {what}") if "cases" in f else []
        ):
            cw = f"case {i + 1} of {what}"
            cf = r.fields(case_node, cw, *_FIELDS["case"])
            c_where: Where = {}
            to = self.ref(cf.get("to"), f"'to' of {cw}", c_where, "to")
            if to is not None:
                when = self.condition(cf.get("when"), f"'when' of {cw}")
                cases.append(Case(when, to, r.loc(case_node), c_where))
        # An absent field takes its default without a call (the calls would return it too).
        g = f.get
        say, duration, barge_in, nxt = g("say"), g("duration"), g("barge_in"), g("next")
        invalid, otherwise, queue, suppress = g("invalid"), g("else"), g("queue"), g("suppress")
        barge = None if barge_in is None else r.boolean(barge_in, f"'barge_in' of {what}")
        for name in ("type", "duration", "barge_in"):  # where a mutant's change is shown
            if name in f:
                where[name] = r.pos(f[name])
        return Node(
            id=node_id,
            type=node_type,
            say="" if say is None else r.text(say, f"'say' of {what}", allow_empty=True) or "",
            duration=0.0
            if duration is None
            else r.number(duration, f"'duration' of {what}", *_DURATION) or 0.0,
            barge_in=True if barge is None else barge,
            next=None if nxt is None else self.ref(nxt, f"'next' of {what}", where, "next"),
            options=tuple(options),
            timeout=timeout,
            invalid=None
            if invalid is None
            else self.ref(invalid, f"'invalid' of {what}", where, "invalid"),
            retries=retries,
            cases=tuple(cases),
            otherwise=None
            if otherwise is None
            else self.ref(otherwise, f"'else' of {what}", where, "else"),
            queue="" if queue is None else r.text(queue, f"'queue' of {what}") or "",
            wait=None if "wait" not in f else self.wait(f["wait"], what),
            staffing=None if "staffing" not in f else self.staffing(f["staffing"], what),
            cost=None if "cost" not in f else self.cost(f["cost"], what),
            to=None if "to" not in f else self.target(f["to"], what),
            facts=self.provenance(f, what, allowed, where)
            if "source" in f or "inferred" in f or "note" in f
            else _NO_FACTS,
            suppress=() if suppress is None else r.texts(suppress, f"'suppress' of {what}"),
            loc=r.loc(node),
            where=where,
        )

    def wait(self, node: yaml.Node | None, what: str) -> Wait | None:
        if node is None:
            return None
        r = self.r
        f = r.fields(node, f"'wait' of {what}", *_FIELDS["wait"])
        mean = r.number(f.get("mean"), f"'wait.mean' of {what}", *_WAIT)
        low = r.number(f.get("min"), f"'wait.min' of {what}", *_WAIT)
        high = r.number(f.get("max"), f"'wait.max' of {what}", *_WAIT)
        by_hour: list[HourWait] = []
        for item in r.sequence(f["by_hour"], f"'wait.by_hour' of {what}") if "by_hour" in f else []:
            hf = r.fields(item, f"'wait.by_hour' of {what}", *_FIELDS["by_hour"])
            hours = r.text(hf.get("hours"), f"'hours' of {what}")
            hmean = r.number(hf.get("mean"), f"'by_hour.mean' of {what}", *_WAIT)
            if hours is not None:  # a wrong mean is reported: its stand-in never escapes
                at = {"hours": r.pos(hf["hours"])}
                by_hour.append(HourWait(hours, 0.0 if hmean is None else hmean, r.loc(item), at))
        by_day: list[DayWait] = []
        for item in r.sequence(f["by_day"], f"'wait.by_day' of {what}") if "by_day" in f else []:
            df = r.fields(item, f"'wait.by_day' of {what}", *_FIELDS["by_day"])
            factor = r.number(df.get("factor"), f"'by_day.factor' of {what}", *_FACTOR)
            at = {k: r.pos(df[k]) for k in ("days", "dates") if k in df}
            days = r.texts(df.get("days"), f"'by_day.days' of {what}")
            dates = r.texts(df.get("dates"), f"'by_day.dates' of {what}")
            if not days and not dates:
                r.error(item, f"an item of 'wait.by_day' of {what} gives neither 'days' nor "
                        "'dates': it would hold on every day")  # fmt: skip
            by_day.append(DayWait(1.0 if factor is None else factor, days, dates, r.loc(item), at))
        if mean is None:  # reported; a stand-in keeps the hours for the checks
            if not (by_hour or by_day):
                return None
            return Wait(0.0, None, None, tuple(by_hour), r.loc(node), tuple(by_day))
        return Wait(mean, low, high, tuple(by_hour), r.loc(node), tuple(by_day))

    def staffing(self, node: yaml.Node | None, what: str) -> Staffing | None:
        if node is None:
            return None
        r = self.r
        f = r.fields(node, f"'staffing' of {what}", *_FIELDS["staffing"])
        calls = r.number(f.get("calls"), f"'staffing.calls' of {what}", *_STAFF["calls"])
        handle = r.number(f.get("handle"), f"'staffing.handle' of {what}", *_STAFF["handle"])
        lo, hi = (int(x) for x in _STAFF["agents"])
        agents = r.integer(f.get("agents"), f"'staffing.agents' of {what}", lo, hi)
        by_hour: list[HourStaff] = []
        items = r.sequence(f["by_hour"], f"'staffing.by_hour' of {what}") if "by_hour" in f else []
        for item in items:
            hw = f"'staffing.by_hour' of {what}"
            hf = r.fields(item, hw, *_FIELDS["staff_hour"])
            hours = r.text(hf.get("hours"), f"'hours' of {hw}")
            if hours is None:
                continue
            by_hour.append(HourStaff(
                hours,
                r.number(hf.get("calls"), f"'calls' of {hw}", *_STAFF["calls"]),
                r.number(hf.get("handle"), f"'handle' of {hw}", *_STAFF["handle"]),
                r.integer(hf.get("agents"), f"'agents' of {hw}", lo, hi),
                r.loc(item),
                {"hours": r.pos(hf["hours"])},
            ))  # fmt: skip
        if calls is None or handle is None or agents is None:
            return None
        return Staffing(calls, handle, agents, tuple(by_hour), r.loc(node))

    def target(self, node: yaml.Node | None, what: str) -> Target | None:
        if node is None:
            return None
        r = self.r
        f = r.fields(node, f"'to' of {what}", *_FIELDS["target"])
        file = r.text(f.get("file"), f"'to.file' of {what}")
        entry = r.text(f.get("entry"), f"'to.entry' of {what}")
        if file is None or entry is None:
            return None
        if "/" in file or "\\" in file or file in (".", "..") or not file.endswith(MENU_SUFFIXES):
            r.error(
                f["file"],
                f"'to.file' of {what} is '{file}': a transfer goes to a menu file in the same "
                "folder (a plain file name ending in .yaml), never outside it",
            )
            return None
        return Target(file, entry, r.loc(node))

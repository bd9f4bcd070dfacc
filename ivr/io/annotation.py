"""What a platform file cannot say, carried beside it: the ``ivr`` annotation of an export.

A Studio flow has no length of a prompt, an Amazon Connect flow no hours of operation, none of
them a callback, a queue's expected wait or the numbers that dial the flow. An exporter writes
its platform's own structure (menus, keys, timeouts, branches, transfers, humans) natively and
puts the rest in one JSON object in the place the platform leaves free for tools (the Studio
flow's ``description``, Connect's ``Metadata``, a VoiceXML ``<meta>``); the importer builds the
menu from the structure, then :func:`apply` fills in what the annotation says, so an exported
menu imports back with the same routes. A file without an annotation imports from its
structure alone, with the platform's defaults marked ``inferred``.

>>> from ivr.model.types import Entry, Menu, Node
>>> m = Menu("demo", entries=(Entry("e", "0890", "main"),),
...          nodes=(Node("main", "hangup", say="Bye", duration=2),))
>>> ann = annotate(m, {"main": "main"})
>>> ann["nodes"]["main"], ann["entries"][0]["dial"]
({'duration': 2, 'barge_in': True, 'type': 'hangup', 'say': 'Bye'}, '0890')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from ivr.model.types import (
    FREE,
    Case,
    Condition,
    Cost,
    DayWait,
    Entry,
    HourStaff,
    HourWait,
    Menu,
    Node,
    Retries,
    Staffing,
    Target,
    Wait,
)

VERSION = 1


def _cond(c: Condition) -> dict[str, Any]:
    out: dict[str, Any] = {"attrs": [[k, list(v)] for k, v in c.attrs], "hours": list(c.hours)}
    if c.days:
        out["days"] = list(c.days)
    if c.dates:
        out["dates"] = list(c.dates)
    return out


def _uncond(d: Mapping[str, Any]) -> Condition:
    attrs = tuple((str(k), tuple(str(x) for x in v)) for k, v in d.get("attrs", ()))
    hours = tuple(str(h) for h in d.get("hours", ()))
    days = tuple(str(x) for x in d.get("days", ()))
    return Condition(attrs, hours, days=days, dates=tuple(str(x) for x in d.get("dates", ())))


def _cost(c: Cost) -> dict[str, Any]:
    return {"free": c.free, "per_minute": c.per_minute, "currency": c.currency, "note": c.note}


def _uncost(d: Mapping[str, Any]) -> Cost:
    free = bool(d.get("free", True))
    return Cost(free, d.get("per_minute"), d.get("currency"), d.get("note", ""))


def _wait(w: Wait) -> dict[str, Any]:
    hours = [[h.hours, h.mean] for h in w.by_hour]
    out = {"mean": w.mean, "min": w.min, "max": w.max, "by_hour": hours}
    if w.by_day:
        out["by_day"] = [[list(x.days), list(x.dates), x.factor] for x in w.by_day]
    return out


def _unwait(d: Mapping[str, Any]) -> Wait:
    by_hour = tuple(HourWait(str(h), float(m)) for h, m in d.get("by_hour", ()))
    by_day = tuple(
        DayWait(float(f), tuple(map(str, days)), tuple(map(str, dates)))
        for days, dates, f in d.get("by_day", ())
    )
    return Wait(float(d["mean"]), d.get("min"), d.get("max"), by_hour, by_day=by_day)


def _staff(s: Staffing) -> dict[str, Any]:
    hours = [[h.hours, h.calls, h.handle, h.agents] for h in s.by_hour]
    return {"calls": s.calls, "handle": s.handle, "agents": s.agents, "by_hour": hours}


def _unstaff(d: Mapping[str, Any]) -> Staffing:
    by_hour = tuple(HourStaff(str(h), c, t, a) for h, c, t, a in d.get("by_hour", ()))
    return Staffing(float(d["calls"]), float(d["handle"]), int(d["agents"]), by_hour)


def annotate(menu: Menu, names: Mapping[str, str]) -> dict[str, Any]:
    """The annotation of ``menu`` exported with node ids written as ``names[node.id]``."""
    nodes: dict[str, dict[str, Any]] = {}
    for n in menu.nodes:
        d: dict[str, Any] = {"duration": n.duration, "barge_in": n.barge_in, "type": n.type}
        if names[n.id] != n.id:
            d["id"] = n.id
        if n.say:
            d["say"] = n.say
        if n.retries is not None:
            d["retries"] = [n.retries.max, names[n.retries.then]]
        if n.type == "menu":  # a menu that waits forever, or ignores a key with no option
            d["invalid"] = n.invalid is not None
            d["timeout"] = n.timeout is not None
        if n.queue or n.type in ("agent", "callback"):
            d["queue"] = n.queue
        if n.wait is not None:
            d["wait"] = _wait(n.wait)
        if n.staffing is not None:
            d["staffing"] = _staff(n.staffing)
        if n.cost is not None:
            d["cost"] = _cost(n.cost)
        if n.cases:
            d["cases"] = [_cond(c.when) for c in n.cases]
        nodes[names[n.id]] = d
    entries = [
        {
            "id": e.id,
            "dial": e.dial,
            "start": names[e.start],
            "region": e.region,
            "title": e.title,
            "when": _cond(e.when),
            "cost": _cost(e.cost),
        }
        for e in menu.entries
    ]
    return {
        "ivr": VERSION,
        "menu": {
            "id": menu.id,
            "title": menu.title,
            "key_time": menu.key_time,
            "caller": [[k, list(v)] for k, v in menu.caller],
            "exclude": [_cond(c) for c in menu.caller_exclude],
        },
        "entries": entries,
        "nodes": nodes,
    }


def is_annotation(value: object) -> bool:
    return isinstance(value, dict) and value.get("ivr") == VERSION and "nodes" in value


def apply(menu: Menu, ann: Mapping[str, Any]) -> Menu:
    """``menu`` (as imported from a platform's structure) with what ``ann`` says filled in.

    Raises KeyError, TypeError or ValueError on an annotation not written by :func:`annotate`
    (the importer reports that at the annotation and imports without it).
    """
    info = ann["nodes"]
    ids = {state: d.get("id", state) for state, d in info.items()}

    def rid(x: str) -> str:
        return ids.get(x, x)

    nodes = []
    for n in menu.nodes:
        d = info.get(n.id)
        n = map_refs(n, rid)
        if d is None:
            nodes.append(n)
            continue
        fields: dict[str, Any] = {"id": rid(n.id), "duration": float(d["duration"])}
        fields["barge_in"] = bool(d["barge_in"])
        if "say" in d:
            fields["say"] = str(d["say"])
        kind = d.get("type", n.type)
        if kind in ("callback", "hangup") and n.type in ("agent", "callback", "prompt", "hangup"):
            fields["type"] = kind
            if kind == "hangup":
                fields["next"] = None
        if "retries" in d:
            fields["retries"] = Retries(int(d["retries"][0]), rid(str(d["retries"][1])))
        if d.get("invalid") is False:
            fields["invalid"] = None
        if d.get("timeout") is False:
            fields["timeout"] = None
        elif "timeout_after" in d and n.timeout is not None:
            fields["timeout"] = dataclasses.replace(n.timeout, after=float(d["timeout_after"]))
        if "queue" in d:
            fields["queue"] = str(d["queue"])
        if "wait" in d:
            fields["wait"] = _unwait(d["wait"])
        if "staffing" in d:
            fields["staffing"] = _unstaff(d["staffing"])
        if "cost" in d:
            fields["cost"] = _uncost(d["cost"])
        if "cases" in d and d["cases"] and all("to" in c for c in d["cases"]):
            # the whole branch: its platform's structure is several steps (a chain of tests)
            fields["cases"] = tuple(Case(_uncond(c), rid(str(c["to"])), n.loc) for c in d["cases"])
            fields["otherwise"] = rid(str(d["else"])) if d.get("else") else n.otherwise
        elif "cases" in d and len(d["cases"]) == len(n.cases):
            fields["cases"] = tuple(
                Case(_uncond(c), case.to, case.loc, case.where)
                for c, case in zip(d["cases"], n.cases, strict=True)
            )
        if "to" in d and n.type == "transfer":
            fields["to"] = Target(str(d["to"][0]), str(d["to"][1]), n.loc)
        inferred = tuple(f for f in n.facts.inferred if f not in fields)
        fields["facts"] = dataclasses.replace(n.facts, inferred=inferred)
        nodes.append(dataclasses.replace(n, **fields))
    nodes = _prune(nodes, set(info), [rid(str(e["start"])) for e in ann.get("entries", ())])
    head = ann.get("menu", {})
    entries = tuple(
        Entry(
            id=str(e["id"]),
            dial=str(e["dial"]),
            start=rid(str(e["start"])),
            region=str(e.get("region", "")),
            title=str(e.get("title", "")),
            when=_uncond(e.get("when", {})),
            cost=_uncost(e["cost"]) if "cost" in e else FREE,
            loc=menu.loc,
        )
        for e in ann.get("entries", ())
    )
    caller = tuple((str(k), tuple(str(x) for x in v)) for k, v in head.get("caller", ()))
    used = {a for n in nodes for c in n.cases for a, _ in c.when.attrs}
    declared = {k for k, _ in caller}
    caller += tuple((k, v) for k, v in menu.caller if k in used and k not in declared)
    named = {k for k, _ in caller}
    return dataclasses.replace(
        menu,
        caller_words=tuple(w for w in menu.caller_words if w[0] in named),
        id=str(head.get("id", menu.id)),
        title=str(head.get("title", menu.title)),
        key_time=float(head.get("key_time", menu.key_time)),
        caller=caller,
        caller_exclude=tuple(_uncond(c) for c in head.get("exclude", ())),
        entries=entries or menu.entries,
        nodes=tuple(nodes),
    )


def refs(node: Node) -> list[str]:
    """The node ids ``node`` leads to."""
    out = [t for _, t in node.options] + [c.to for c in node.cases]
    for t in (node.next, node.invalid, node.otherwise):
        if t is not None:
            out.append(t)
    if node.timeout is not None:
        out.append(node.timeout.to)
    if node.retries is not None:
        out.append(node.retries.then)
    return out


def _prune(nodes: list[Node], kept: set[str], starts: list[str]) -> list[Node]:
    """Without the importer's own helper nodes (stand-ins, a split on the number dialled) that
    nothing leads to any more once the annotation is applied."""
    ids = {n.id for n in nodes}
    own = {d for d in ids if d not in kept}
    while True:
        wanted = set(starts) | {t for n in nodes if n.id in ids for t in refs(n)}
        drop = {d for d in ids & own if d not in wanted}
        if not drop or not starts:
            return [n for n in nodes if n.id in ids]
        ids -= drop


def map_refs(node: Node, f: Callable[[str], str]) -> Node:
    """``node`` with every node id it refers to replaced by ``f(id)`` (itself if unchanged)."""
    changes: dict[str, Any] = {}
    if node.next is not None and f(node.next) != node.next:
        changes["next"] = f(node.next)
    if any(f(t) != t for _, t in node.options):
        changes["options"] = tuple((k, f(t)) for k, t in node.options)
    if node.timeout is not None and f(node.timeout.to) != node.timeout.to:
        changes["timeout"] = dataclasses.replace(node.timeout, to=f(node.timeout.to))
    if node.invalid is not None and f(node.invalid) != node.invalid:
        changes["invalid"] = f(node.invalid)
    if node.retries is not None and f(node.retries.then) != node.retries.then:
        changes["retries"] = dataclasses.replace(node.retries, then=f(node.retries.then))
    if any(f(c.to) != c.to for c in node.cases):
        changes["cases"] = tuple(dataclasses.replace(c, to=f(c.to)) for c in node.cases)
    if node.otherwise is not None and f(node.otherwise) != node.otherwise:
        changes["otherwise"] = f(node.otherwise)
    return dataclasses.replace(node, **changes) if changes else node

"""Where a route comes from: the documented claims and the sources behind it, and its
evidence -- documented, sourced or inferred (see ``docs/evidence.md``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ivr._record import record
from ivr.graph.evidence import LEVELS, Backing
from ivr.model.types import HUMAN_TYPES, Claim, Hotline, Menu
from ivr.routing.route import Route, SourceRef

if TYPE_CHECKING:
    from ivr.sim.run import Call


def claims_for(hotline: Hotline, route: Route) -> list[Claim]:
    """Documented claims that dial the route's entry and press the same keys."""
    from ivr.model.numbers import same_number  # noqa: PLC0415

    out = []
    keys, dial = route.keys, route.entry.dial
    for _m, c in hotline.claims():
        if tuple(c.keys) == keys and same_number(c.dial, dial):
            caller = dict(c.caller)
            if all(route.caller.get(a) == v for a, v in caller.items()):
                out.append(c)
    return out


def route_sources(hotline: Hotline, route: Route, graph=None) -> tuple[SourceRef, ...]:
    """The texts that support the route: claims with its keys, the entry, the nodes it visits.

    The nodes are those along the route's compiled edges (in every file a transfer reaches);
    ``graph``, the compiled graph, finds them without a scan of the menus.
    """
    titles = {s.id: s.title for m in hotline.menus for s in m.sources}
    out: dict[tuple[str, str], SourceRef] = {}
    for claim in claims_for(hotline, route):
        for sid in claim.source:
            ref = SourceRef(sid, titles.get(sid, ""), "claim", claim.disputed)
            out.setdefault((sid, "claim"), ref)
    for sid in route.entry.facts.source:
        out.setdefault(
            (sid, "entry"), SourceRef(sid, titles.get(sid, ""), "entry", route.entry.disputed)
        )
    names = [v for _u, v, _k in route.edges]
    if not names and route.call.menu:  # a route made without its edges: the last file's nodes
        names = [f"{route.call.menu}/{e.node}" for e in route.call.events]
    for name in dict.fromkeys(names):
        node = _node_named(hotline, graph, name)
        for sid in node.facts.source if node is not None else ():
            out.setdefault((sid, "node"), SourceRef(sid, titles.get(sid, ""), "node"))
    return tuple(out.values())


def _node_named(hotline: Hotline, graph, name: str):
    """The model node of a compiled graph name ``menu/node`` (None for entries and unknowns)."""
    if graph is not None:
        data = graph.nodes.get(name) if name in graph else None
        return data.get("node") if data else None
    menu_id, sep, node_id = name.partition("/")
    if not sep:
        return None
    for m in hotline.menus:
        if m.id == menu_id:
            return next((n for n in m.nodes if n.id == node_id), None)
    return None


@record
class RouteEvidence:
    """What backs a route as a whole: its level, the claims that give it, the inferred steps
    it relies on, and why the model doubts it (a disputed entry it dials or a transfer enters,
    a disputed claim that gives it), if it does.

    ``documented``: a documented claim that holds for this caller makes exactly this call (the
    same entry, the same ways out). ``sourced``: no claim gives it whole, but each of its steps
    is documented or sourced. ``inferred``: it takes at least one inferred step.
    """

    level: str
    claims: tuple[Backing, ...] = ()
    inferred: tuple[Backing, ...] = ()
    disputed: str = ""

    @property
    def rank(self) -> tuple[int, bool]:
        """What ranking sorts on first: the level (documented first), then undisputed first."""
        return LEVELS.index(self.level), bool(self.disputed)

    def as_json(self) -> dict:
        return {
            "level": self.level,
            "claims": [
                {"file": c.file, "line": c.line, "source": list(c.source)} for c in self.claims
            ],
            "inferred": [{"file": b.file, "line": b.line, "what": b.what} for b in self.inferred],
        }

    def sentence(self, route: Route) -> str:
        """The evidence in one sentence, for people.

        "As texts A, B and C say: dial 0890, press 2, then 0." / "No text gives this sequence:
        it relies on 2 inferred steps: ..."
        """
        if self.level == "documented":
            ids = list(dict.fromkeys(s for c in self.claims for s in c.source))
            said = f"As {_texts(ids)} {'says' if len(ids) == 1 else 'say'}" if ids else (
                "As a documented claim says")  # fmt: skip
            return f"{said}: {doing(route)}."
        if self.level == "sourced":
            ids = list(dict.fromkeys(s.id for s in route.sources))
            cited = f" ({', '.join(ids)})" if ids else ""
            return f"No text gives this sequence whole, but a source gives each step{cited}."
        n = len(self.inferred)
        steps = "; ".join(f"{b.what} ({b.file}:{b.line})" for b in self.inferred)
        return (
            f"No text gives this sequence: it relies on {n} inferred step{'s' * (n != 1)}: {steps}."
        )


def _texts(ids: list[str]) -> str:
    if len(ids) == 1:
        return f"text {ids[0]}"
    return f"texts {', '.join(ids[:-1])} and {ids[-1]}"


def doing(route: Route) -> str:
    """The call in words: "dial 0890, press 2, then 0".

    >>> from types import SimpleNamespace as NS
    >>> doing(NS(entry=NS(dial="0890"), keys=("_", "1", "0")))
    'dial 0890, stay silent, then press 1, then 0'
    """
    phrases: list[str] = []
    pressing = False
    for key in route.keys:
        if key == "_":
            phrases.append("stay silent")
            pressing = False
        elif key == ".":
            phrases.append("hear the menu out")
            pressing = False
        else:
            phrases.append(key if pressing else f"press {key}")
            pressing = True
    said = ", then ".join(phrases) if phrases else "press nothing"
    return f"dial {route.entry.dial}, {said}"


class Known:
    """What backs each way out for one caller at one hour: the claims that hold for them
    (replayed once) and every compiled edge's level (:func:`ivr.edge_evidence`)."""

    def __init__(self, hotline: Hotline, g, who: Mapping[str, str], at: str):
        from ivr.graph.evidence import claim_walks, stated_level, walked_edges  # noqa: PLC0415

        self.hotline = hotline
        self.g = g
        self.walks = claim_walks(hotline, who, at, g)
        self.walked = walked_edges(self.walks)
        self.stated = stated_level(g)  # edge by edge: a search touches few of a big menu's
        self._nodes = {m.id: m.node_map() for m in hotline.menus}

    def inferred(self, edge: tuple) -> bool:
        """Whether a compiled edge is an inferred step for this caller (no claim walks it)."""
        return edge not in self.walked and self.stated(edge)[0] == "inferred"

    def documented_calls(self) -> list[tuple[Menu, Claim, Call, tuple]]:
        """The holding claims that reach a human: each is a documented route."""
        return [w for w in self.walks if w[2].outcome in HUMAN_TYPES]

    def of(self, route: Route) -> RouteEvidence:
        """The evidence of one route (replayed for the caller and hour of this record)."""
        from ivr.graph.evidence import claim_backing  # noqa: PLC0415
        from ivr.sim.path import PathError, path_of_call  # noqa: PLC0415

        # a claim's own call (a documented route's replay) has its path walked already
        path = next((e for _m, _c, call, e in self.walks if call is route.call), None)
        if path is None:
            try:
                path = tuple(path_of_call(self.g, route.call))
            except PathError:
                path = tuple(route.edges)
        claims = tuple(claim_backing(c) for _m, c, call, edges in self.walks
                       if edges == path and call.outcome in HUMAN_TYPES)  # fmt: skip
        nodes = self.g.nodes
        entries = [nodes[e[0]].get("entry") for e in path if e[0] in nodes]  # transfers' too
        doubts = [route.entry.disputed, *(x.disputed for x in entries if x is not None)]
        doubts += [c.disputed for c in claims]
        disputed = next((d for d in doubts if d), "")
        if claims:
            return RouteEvidence("documented", claims, (), disputed)
        steps = [self.stated(e)[1] for e in dict.fromkeys(path) if self.inferred(e)]
        steps.extend(self._defaults(route))
        return RouteEvidence("inferred" if steps else "sourced", (), tuple(steps), disputed)

    def _defaults(self, route: Route) -> list[Backing]:
        """Steps no field states: a key a menu without 'invalid' ignores, a key typed ahead
        into a prompt whose barge-in is inferred."""
        out = []
        for e in route.call.events:
            node = self._nodes.get(e.menu, {}).get(e.node)
            if node is None:
                continue
            if e.kind == "ignored" and e.reason == "ignored":
                out.append(Backing(node.loc, f"node '{node.id}' ignores key {e.key}: it has "
                                   "no 'invalid' (the default)"))  # fmt: skip
            elif e.kind == "press" and e.reason == "barge-in" and node.type == "prompt":
                marks = node.facts.inferred
                if "barge_in" in marks or "all" in marks:
                    out.append(Backing(node.loc, f"'barge_in' of node '{node.id}' is inferred"))
        return out

    def hiding(self, inferred: bool, disputed: bool):
        """A predicate on the search's transitions: True hides one (an inferred step, an entry
        the model disputes). None when nothing is hidden."""
        if not inferred and not disputed:
            return None
        nodes = self.g.nodes

        def hide(tr: tuple) -> bool:
            kind, edge = tr[4], tr[5]
            if edge is None:
                return inferred and kind == "ignored"  # a key let pass: the default
            if disputed and kind == "entry":
                entry = nodes[edge[0]].get("entry")
                if entry is not None and entry.disputed:
                    return True
            if not inferred:
                return False
            if self.inferred(edge):
                return True
            if kind == "type-ahead":  # a key typed into a prompt: its barge-in must be known
                node = nodes[edge[0]].get("node")
                marks = node.facts.inferred if node is not None else ()
                return (
                    node is not None
                    and node.type == "prompt"
                    and ("barge_in" in marks or "all" in marks)
                )
            return False

        return hide

"""Where a route comes from: the documented claims and the sources behind it."""

from __future__ import annotations

from ivr.model.types import Claim, Hotline
from ivr.routing.route import Route, SourceRef


def claims_for(hotline: Hotline, route: Route) -> list[Claim]:
    """Documented claims that dial the route's entry and press the same keys."""
    from ivr.model.numbers import same_number  # noqa: PLC0415

    out = []
    for _m, c in hotline.claims():
        if tuple(x for x in c.keys) == route.keys and same_number(c.dial, route.entry.dial):
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

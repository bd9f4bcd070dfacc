"""What a diagram highlights: a route's edges, numbered by step, from a simulated call or
the best route to a human.

>>> import ivr
>>> menu = ivr.load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main: {type: menu, say: "Operator - 0", options: {"0": human}}
...   human: {type: agent}''')
>>> best_route_edges(menu, ivr.compile(menu), {}, "12:00")  # the best route's
[('demo#0890', 'demo/main', 0), ('demo/main', 'demo/human', 0)]
>>> highlight_for(menu, dial="0890", keys="0")[1]  # a call's
[('demo#0890', 'demo/main', 0), ('demo/main', 'demo/human', 0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ivr.errors import InputError, NoRoute
from ivr.graph.build import compile as compile_graph
from ivr.model.types import Hotline
from ivr.sim.path import EdgeRef, path_of_call

if TYPE_CHECKING:
    import networkx as nx


def route_steps(
    g: nx.MultiDiGraph, highlight: Iterable[Sequence] | None
) -> dict[EdgeRef, list[int]]:
    """Edge -> the step numbers (1-based) at which the route takes it; InputError (also a
    ValueError) when an edge is not in the graph.

    A highlight's edge is ``(u, v, key)``, or ``(u, v)`` for the first edge from u to v.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b")])
    >>> route_steps(g, [("a", "b", 1), ("b", "a"), ("a", "b", 1)])
    {('a', 'b', 1): [1, 3], ('b', 'a', 0): [2]}
    """
    steps: dict[EdgeRef, list[int]] = {}
    for i, edge in enumerate(highlight or (), 1):
        if len(edge) not in (2, 3):
            raise InputError(f"a highlight's edge is (u, v) or (u, v, key), not {edge!r}")
        u, v = edge[0], edge[1]
        if len(edge) > 2:
            k = edge[2]
            if not g.has_edge(u, v, k):
                raise InputError(f"the route's edge {u} -> {v} (key {k}) is not in the graph")
        else:
            keys = list(g[u][v]) if g.has_edge(u, v) else []
            if not keys:
                raise InputError(f"the route's edge {u} -> {v} is not in the graph")
            k = keys[0]
        steps.setdefault((u, v, k), []).append(i)
    return steps


def route_nodes(steps: dict[EdgeRef, list[int]]) -> set[str]:
    """The graph nodes at either end of a route's edges.

    >>> sorted(route_nodes({("a", "b", 0): [1], ("b", "c", 0): [2]}))
    ['a', 'b', 'c']
    """
    return {n for u, v, _ in steps for n in (u, v)}


def route_edges(route: Any, hotline: Hotline, g: nx.MultiDiGraph, **call: Any) -> list[EdgeRef]:
    """The edges of a route object: its ``edges`` if it has them, else its call replayed.

    A route that knows its entry's number and its keys (``entry.dial`` or ``dial``, ``keys``)
    is simulated with ``call`` (``caller``, ``at``) and mapped with :func:`path_of_call`.

    >>> class Found:  # a route that knows its edges
    ...     edges = [("m#0890", "m/main", 0), ("m/main", "m/human", 0)]
    >>> route_edges(Found(), None, None)
    [('m#0890', 'm/main', 0), ('m/main', 'm/human', 0)]
    """
    edges = getattr(route, "edges", None)
    if edges is not None and not callable(edges):
        return [tuple(e[:3]) for e in edges]
    from ivr.sim.run import simulate  # noqa: PLC0415

    entry = getattr(route, "entry", None)
    dial = getattr(entry, "dial", None) or getattr(route, "dial", None)
    if dial is None:
        raise InputError("the route names neither its edges nor the number it dials")
    keys = getattr(route, "keys", "")
    return path_of_call(g, simulate(hotline, dial, keys, **call))


def best_route_edges(
    hotline: Hotline, g: nx.MultiDiGraph, caller: dict[str, str], at: str, by: str = "keys"
) -> list[EdgeRef]:
    """The edges of the best route to a human from :func:`ivr.routes` (fewest keys, or
    what ``by`` names: time, cost).

    Raises :class:`~ivr.errors.NoRoute` (an InputError) when no route reaches one for this
    caller, :class:`~ivr.errors.InputError` when the route does not replay on the graph.

    (The module's example shows it.)
    """
    from ivr.routing.search import routes  # noqa: PLC0415  (only ``--route best`` needs it)

    found = routes(hotline, caller=caller, at=at, by=by, graph=g)
    if not found:
        raise NoRoute("no route reaches a human for this caller")
    return route_edges(found[0], hotline, g, caller=caller, at=at)


def highlight_for(
    hotline: Hotline,
    caller: dict[str, str] | None = None,
    at: str = "12:00",
    route: str | None = None,
    dial: str | None = None,
    keys: str | None = None,
    by: str = "keys",
) -> tuple[nx.MultiDiGraph, list[EdgeRef] | None]:
    """The compiled graph and the edges to highlight for ``ivr render``'s options.

    ``route="best"``: the best route to a human from ``ivr.routes`` for this caller (by
    ``by``: keys, time or cost);
    ``dial`` (and ``keys``): the path of that simulated call; neither: no highlight.
    Raises :class:`~ivr.errors.InputError` (also a ValueError) for an unknown number or
    caller, :class:`~ivr.errors.NoRoute` when no route reaches a human.

    (The module's example shows it.)
    """
    from ivr.sim.run import resolve_caller, simulate  # noqa: PLC0415

    g = compile_graph(hotline)
    if route is None and dial is None:
        if caller:
            resolve_caller(hotline, caller)  # a typo in --caller is still an error
        return g, None
    if route is not None:
        if route != "best":
            raise InputError(f"--route takes 'best', not '{route}'")
        who = resolve_caller(hotline, caller)
        return g, best_route_edges(hotline, g, who, at, by)
    assert dial is not None
    return g, path_of_call(g, simulate(hotline, dial, keys or "", caller, at))

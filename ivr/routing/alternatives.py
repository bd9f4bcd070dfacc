"""The simple paths of the ``k`` alternatives: networkx's ``shortest_simple_paths`` (Yen) over
the states within a bound of the source, the bound doubled while more paths are wanted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ivr.errors import InputError
from ivr.routing.dijkstra import path_weight, shortest
from ivr.routing.lazy_graph import Lazy
from ivr.routing.states import DIAL

if TYPE_CHECKING:
    import networkx as nx

MAX_PATHS = 500  # simple paths tried by one search for alternatives
MAX_STATES = 2_000_000  # reachable states a search for alternatives may build


def _materialize(graph: Lazy, sources: list[tuple], within: dict) -> nx.DiGraph:
    """The states of ``within`` reachable from ``sources``, as a DiGraph for
    ``shortest_simple_paths`` (edge attributes ``w``, the weight, and ``t``, the transition).

    Parallel transitions (two keys to the same state) stay distinct paths: all but the best go
    through a midpoint state of their own.
    """
    import networkx as nx  # noqa: PLC0415

    h = nx.DiGraph()
    for s in sources:
        h.add_edge(DIAL, s, w=0, t=None)
    todo = list(reversed(sources))
    seen = set(sources)
    weigh, space = graph.weigh, graph.space
    meter = graph.meter
    while todo:
        u = todo.pop()
        if meter is not None:
            meter.spend(1)
        groups: dict = {}
        if graph._open(u, within[u]):
            for i, tr in enumerate(space.out(u)):
                w = weigh(tr)
                if w is None or tr[0] not in within:
                    continue
                groups.setdefault(tr[0], []).append((w, tr[1] or "", i, tr))
        for v, trs in groups.items():
            trs.sort(key=lambda x: x[:3])
            h.add_edge(u, v, w=trs[0][0], t=trs[0][3])
            for j, (w, _label, _i, tr) in enumerate(trs[1:]):
                mid = ("~", u, v, j)
                h.add_edge(u, mid, w=w, t=tr)
                h.add_edge(mid, v, w=0, t=None)
            if v not in seen:
                seen.add(v)
                todo.append(v)
        if len(seen) > MAX_STATES:
            raise InputError(
                f"more than {MAX_STATES} call states: ask for one route (-k 1) on a menu this big"
            )
    return h


def simple_paths(
    graph: Lazy, sources: list[tuple], source: tuple, target: tuple, floor: int
) -> Iterator[tuple[list, int, dict]]:
    """(path, weight, adjacency) of the simple paths from ``source`` to ``target``, best first.

    networkx's ``shortest_simple_paths`` needs a whole graph; building every reachable state of
    a big menu takes seconds. But a path of weight w only visits states within w of the
    source: so the paths run over the ball of states within a bound (twice the best path's
    weight, at least ``floor`` more), and the bound doubles when the caller wants paths beyond
    it. The adjacency maps a state to {next: (weight, transition)}.
    """
    import networkx as nx  # noqa: PLC0415

    dist, _ = shortest(graph, source, target)
    if target not in dist:
        return
    best = dist[target]
    bound, given, size = max(2 * best, best + floor), -1, -1
    starts = sources if source == DIAL else [source]
    while True:
        ball, _ = shortest(graph, source, cutoff=bound)
        whole, size = len(ball) == size, len(ball)
        h = _materialize(graph, starts, ball)
        adj = {u: {v: (d["w"], d["t"]) for v, d in nbrs.items()} for u, nbrs in h.adj.items()}
        again = 0
        for path in nx.shortest_simple_paths(h, source, target, weight="w"):
            if graph.meter is not None:
                graph.meter.spend(len(path))
            w = path_weight(adj, path)
            if w > bound and not whole:
                break
            if w <= given:  # every path this light came out last round
                again += 1
                if again > MAX_PATHS:
                    return
                continue
            yield path, w, adj
        else:
            if whole:  # every path of the graph came out; a ball's run out: widen it
                return
        given, bound = bound, 2 * bound

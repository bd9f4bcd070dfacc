"""The cheapest routes (``by="cost"``): money first, then time.

A route that costs nothing beats every other, so the fastest free ones are searched first
(the best route by time with the humans that charge hidden). Otherwise one Dijkstra by time
from each entry gives the fastest route to each human it reaches; each (entry, human) pair is
bounded below by the money, cost rank, seconds and presses of that fastest route, and the
pairs are taken in the order of their bounds until the ``k``-th route found beats the next
bound.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr.routing.alternatives import MAX_PATHS, simple_paths
from ivr.routing.dijkstra import lex_path, path_weight, transitions
from ivr.routing.lazy_graph import SECOND
from ivr.routing.states import HUMAN

if TYPE_CHECKING:
    from ivr.routing.finder import Finder
    from ivr.routing.route import Route


def cheapest(finder: Finder, k: int) -> list[Route]:
    """The ``k`` cheapest routes of ``finder``'s caller (see the module's docstring)."""
    # a route that costs nothing beats every other: the fastest such ones win
    found = finder.best("time", free=True) if k == 1 else finder.alternatives("time", k, True)
    if len(found) >= k:
        return found
    pairs: list[tuple] = []
    for space, starts in finder.groups():
        for start in starts:
            graph = finder.lazy(space, "time")
            pred, humans = finder.humans(graph, start)
            entry = finder.by_name[start[0]][1]
            for human, dist in humans.items():
                bound = finder.pair_bound(entry, human, dist)
                pairs.append((bound, len(pairs), graph, start, human, pred))
    pairs.sort(key=lambda p: p[:2])
    kept: dict[tuple, Route] = {}

    def kth() -> tuple | None:
        if len(kept) < k:
            return None
        return sorted(r.objective("cost")[:4] for r in kept.values())[k - 1]

    for bound, _i, graph, start, human, pred in pairs:
        limit = kth()
        if limit is not None and bound > limit:
            break
        target = (HUMAN, human, ())
        candidates: Iterable[tuple[list, dict]]
        if k == 1:
            path = lex_path(graph, pred, start, target)
            candidates = [(path, graph.adj)] if path else []
        else:
            paths = simple_paths(graph, [start], start, target, SECOND)
            candidates = ((p, adj) for p, _w, adj in itertools.islice(paths, MAX_PATHS))
        entry = finder.by_name[start[0]][1]
        for path, adj in candidates:
            trs = transitions(adj, path)
            limit = kth()
            dist = path_weight(adj, path)
            if limit is not None and finder.pair_bound(entry, human, dist) > limit:
                break
            route = finder.replay(start, trs)
            if route is not None:
                kept.setdefault((route.entry.id, route.menu.id, route.keys), route)
    return finder.ranked(kept.values(), "cost")[:k]

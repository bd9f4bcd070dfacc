"""The Pareto set of routes: every route no other beats on presses, time and money at once.

A Dijkstra over (state, presses so far) gives, per entry and human, the least time for each
number of presses; what bounds it:

* when the fastest route (P1 presses) costs nothing, every other route on the front has at
  most P1 presses (else the fastest beats it), and when the fewest-presses route (T0 seconds)
  costs nothing too, at most T0 seconds: one bounded search per entry;
* otherwise, per entry, two Dijkstras over every reachable state give each human's fastest
  route (P presses, time T) and fewest-presses route (Pmin presses, time T'). Any route to that
  human has at least Pmin presses, T seconds and the money of T: a human whose bound a known
  route beats adds nothing, and for the others only Pmin..P presses and times up to T' matter.

Filtering points by dominance compares each point with the front found so far (points sorted
first), not with every other point: a dominated point is dominated by a point of the front.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ivr.routing.dijkstra import keys_of, lex_path, shortest, transitions
from ivr.routing.lazy_graph import KEYS, PRESS
from ivr.routing.states import HUMAN

if TYPE_CHECKING:
    from ivr.routing.finder import Finder
    from ivr.routing.route import Route


def beats(a: tuple, b: tuple) -> bool:
    """At least as good on every measure, and not the same."""
    return all(x <= y for x, y in zip(a, b, strict=True)) and a != b


def undominated(points: list, key=lambda p: p) -> list:
    """The items whose ``key`` no other item's ``key`` beats, in the sorted order of keys.

    >>> undominated([(2, 1), (1, 2), (2, 2), (1, 2), (3, 0)])
    [(1, 2), (1, 2), (2, 1), (3, 0)]
    """
    keyed = sorted(((key(p), i) for i, p in enumerate(points)), key=lambda x: x[0])
    front: list = []
    distinct: list = []  # the front's keys, each once: what a later point is compared with
    for kp, i in keyed:
        if distinct and distinct[-1] == kp:
            front.append(points[i])
        elif not any(beats(f, kp) for f in distinct):
            front.append(points[i])
            distinct.append(kp)
    return front


def pareto(finder: Finder) -> list[Route]:
    """The Pareto front of ``finder``'s caller (see the module's docstring)."""
    fast, few = finder.best("time"), finder.best("keys")
    if not fast:
        return []
    if fast[0].cost_total == 0:
        cap = fast[0].key_count
        cutoff = None
        if few[0].cost_total == 0:
            cutoff = (round(few[0].total * 1e6) + 1000) * PRESS + cap  # 1 ms for rounding
        searches = [(space, start, cap, cutoff, None) for space, starts in finder.groups()
                    for start in starts]  # fmt: skip
        return _front(finder, searches, (fast[0], few[0]))
    pairs = []  # (space, entry start, human, Pmin, P, T' in microseconds, lower bound)
    known = []  # (presses, seconds, money) of the routes already found
    for space, starts in finder.groups():
        for start in starts:
            entry = finder.by_name[start[0]][1]
            fastest = _reach(finder, space, start, "time")
            fewest = _reach(finder, space, start, "keys")
            for human, d in fastest.items():
                dk = fewest[human]
                p_fast, p_few, t_few = d % PRESS, dk // KEYS, dk % KEYS
                b_fast = finder.pair_bound(entry, human, d)
                b_few = finder.pair_bound(entry, human, t_few * PRESS + p_few)
                known.append((p_fast, b_fast[2], b_fast[0]))
                known.append((p_few, b_few[2], b_few[0]))
                low = (p_few, b_fast[2], b_fast[0])
                pairs.append((space, start, human, p_few, p_fast, t_few, low))
    known = undominated(known)
    pairs = [x for x in pairs if not any(beats(k, x[-1]) for k in known)]
    bounded: list[tuple] = []
    by_start: dict[tuple, list] = {}
    for x in pairs:
        by_start.setdefault(x[1], []).append(x)
    for start, mine in by_start.items():
        cap = max(x[4] for x in mine)
        cutoff = max(x[5] for x in mine) * PRESS + cap
        ranges = {x[2]: (x[3], x[4]) for x in mine}
        bounded.append((mine[0][0], start, cap, cutoff, ranges))
    return _front(finder, bounded, ())


def _front(finder: Finder, searches: list[tuple], known: tuple[Route, ...]) -> list[Route]:
    """The Pareto front from bounded searches over (state, presses so far).

    ``searches``: (space, entry start, most presses, cutoff weight, {human: (fewest, most
    presses)} or None for every human found).
    """
    candidates = []
    for space, start, cap, cutoff, ranges in searches:
        layered = finder.lazy(space, "time", layers=cap)
        dist, pred = shortest(layered, (start, 0), cutoff=cutoff)
        entry = finder.by_name[start[0]][1]
        if ranges is None:
            reached = dict.fromkeys(s[0][1] for s in dist if s[0][0] == HUMAN and s[0][1])
            ranges = {human: (0, cap) for human in reached}
        for human, (low, high) in ranges.items():
            fastest = math.inf
            for p in range(low, high + 1):
                d = dist.get(((HUMAN, human, ()), p))
                if d is None or d // PRESS >= fastest:
                    continue
                fastest = d // PRESS
                bound = finder.pair_bound(entry, human, d)
                candidates.append(((p, bound[2], bound[0]), start, human, p, layered, pred))
    keep = undominated(candidates, key=lambda c: c[0])
    # of the candidates from one entry that tie on all three, the smallest keys stand for all:
    # one walk over the shortest paths to every one of them
    slots: dict[tuple, list] = {}
    for measures, start, human, p, layered, pred in keep:
        slots.setdefault((start, measures), []).append((((HUMAN, human, ()), p), layered, pred))
    chosen: dict[tuple, tuple] = {}
    for (start, _measures), ends in slots.items():
        _end, layered, pred = ends[0]
        path = lex_path(layered, pred, (start, 0), ends[0][0], tuple(e for e, _l, _p in ends[1:]))
        if path is None:
            continue
        trs = transitions(layered.adj, path)
        chosen[(start, _measures)] = (keys_of(trs), start, trs)
    found: dict[tuple, Route] = {(r.entry.id, r.menu.id, r.keys): r for r in known}
    for _keys, start, trs in chosen.values():
        route = finder.replay(start, trs)
        if route is not None:
            found.setdefault((route.entry.id, route.menu.id, route.keys), route)
    ranked = finder.ranked(found.values(), "time")
    front = undominated(ranked, key=lambda r: (r.key_count, r.total, r.cost_total))
    front_ids = {id(r) for r in front}
    front = [r for r in ranked if id(r) in front_ids]
    # one route per number and trade-off: the others tie on all three, differing in keys
    first = {}
    for r in reversed(front):
        first[(r.menu.id, r.entry.id, r.key_count, r.total, r.cost_total)] = id(r)
    kept = set(first.values())
    return [r for r in front if id(r) in kept]


def _reach(finder: Finder, space, start: tuple, by: str) -> dict[str, int]:
    """Dijkstra over every state reachable from ``start``: {human: distance by ``by``}."""
    dist, _ = shortest(finder.lazy(space, by), start)
    return {s[1]: d for s, d in dist.items() if s[0] == HUMAN and s[1] is not None}

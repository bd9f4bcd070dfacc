"""The state graph a route search walks, weighted and expanded on first use.

A :class:`Lazy` graph turns the transitions of a state graph (``space.out(state)``: 6-tuples
``(next state, label, presses, seconds, kind, edge)``) into weighted successors on first use,
so a search touches only the states it reaches. Weights are integers: ``TIME`` weights are
microseconds * ``PRESS`` + presses, ``KEYS`` weights presses * ``KEYS`` + microseconds. What
bounds a search in time (:func:`lower_bounds`: the least any caller needs from a node to a
human) is here too.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING

from ivr.graphcache import cached
from ivr.model.types import HUMAN_TYPES
from ivr.routing.states import DIAL, HUMAN

if TYPE_CHECKING:
    import networkx as nx

PRESS = 1 << 24  # time weight: microseconds * PRESS + presses
KEYS = 1 << 80  # keys weight: presses * KEYS + microseconds
SECOND = 1_000_000 * PRESS  # a second, as a time weight
EAGER = 1000  # states a search opens before it asks whether a human is still in reach

Weigh = Callable[[tuple], "int | None"]


def time_part(by: str) -> Callable[[int], int]:
    """The microseconds in a weight of objective ``by`` ("keys" or a time weight)."""
    if by == "keys":
        return lambda d: d % KEYS
    return lambda d: d // PRESS


class Lazy:
    """The state graph weighted by ``weigh``, expanded on first use.

    ``layers`` (a number) makes the states (state, presses so far) with at most that many
    presses: the graph of the Pareto search. ``starts`` become the successors of :data:`DIAL`.
    ``limit``/``time_of``: a state whose time (``time_of(distance)``, in microseconds) is past
    ``limit`` is not expanded -- the simulator ends such a call as stuck.
    """

    def __init__(
        self,
        space,
        weigh: Weigh,
        starts=(),
        layers: int | None = None,
        limit: int | None = None,
        time_of: Callable[[int], int] | None = None,
        meter=None,
    ):
        self.space = space
        self.meter = meter
        self.bound_of: Callable[[], dict[str, int]] | None = None
        self.bounds: dict[str, int] | None = None
        self.opened = 0
        self.weigh = weigh
        self.layers = layers
        self.limit = limit
        self.time_of = time_of
        self.adj: dict[tuple, dict[tuple, tuple[int, tuple | None]]] = {}
        starts = list(starts)
        if starts:
            self.adj[DIAL] = {s: (0, None) for s in starts}

    def succ(self, state: tuple) -> dict[tuple, tuple[int, tuple | None]]:
        """{next state: (weight, transition)}; of parallel transitions the lightest (then the
        smallest label) stays."""
        got = self.adj.get(state)
        if got is not None:
            return got
        out: dict = {}
        weigh = self.weigh
        if self.meter is not None:
            self.meter.spend(1)
        if self.layers is None:
            for tr in self.space.out(state):
                w = weigh(tr)
                if w is None:
                    continue
                old = out.get(tr[0])
                if old is None or (w, tr[1] or "") < (old[0], old[1][1] or ""):
                    out[tr[0]] = (w, tr)
        else:
            base, pressed = state
            for tr in self.space.out(base):
                p = pressed + tr[2]
                if p > self.layers:
                    continue
                w = weigh(tr)
                if w is None:
                    continue
                v = (tr[0], p)
                old = out.get(v)
                if old is None or (w, tr[1] or "") < (old[0], old[1][1] or ""):
                    out[v] = (w, tr)
        self.adj[state] = out
        return out

    def _open(self, state: tuple, d: int) -> bool:
        """Whether ``state``, reached at distance ``d``, is expanded: within the time limit,
        and -- once a search has opened ``EAGER`` states -- with a human still reachable in
        time from its node (:func:`lower_bounds`)."""
        base = state[0] if self.layers is not None else state
        name = base[0]
        if name == HUMAN:
            return True  # a human reached in time: its queue wait does not count
        if self.limit is None or self.time_of is None:
            return True
        t = self.time_of(d)
        if t > self.limit:
            return False
        if self.bound_of is not None:
            self.opened += 1
            if self.opened > EAGER:
                if self.bounds is None:
                    self.bounds = self.bound_of()
                h = self.bounds.get(name)
                if h is None:
                    return name == DIAL[0]
                return t + h <= self.limit
        return True


def lower_bounds(g: nx.MultiDiGraph) -> dict[str, int]:
    """Graph node -> the fewest microseconds any caller needs from it to a human (nodes that
    reach none are left out): Dijkstra backwards from the humans, each edge weighing the least
    the kernel's steps can take on it -- a key or a retry nothing (the key may be typed
    ahead), a barge-in prompt nothing, a timeout, a prompt without barge-in or a transfer
    their compiled seconds. Kept in the graph's cache."""
    return cached(g, _BOUNDS_KEY, _lower_bounds)


_BOUNDS_KEY = "ivr.routing.lazy_graph.lower_bounds"
_FREE = frozenset(("entry", "option", "invalid", "retry", "branch"))


def _lower_bounds(g: nx.MultiDiGraph) -> dict[str, int]:
    nodes = g.nodes
    dist: dict[str, int] = {}
    heap = [(0, h) for h, t in g.nodes(data="type") if t in HUMAN_TYPES]
    heapq.heapify(heap)
    pred = g.pred
    while heap:
        d, v = heapq.heappop(heap)
        if v in dist:
            continue
        dist[v] = d
        for u, by_key in pred[v].items():
            if u in dist:
                continue
            free = nodes[u].get("type") == "prompt" and nodes[u].get("barge_in")
            w = min(
                0 if free or e.get("kind") in _FREE else round(e.get("seconds", 0.0) * 1e6)
                for e in by_key.values()
            )
            heapq.heappush(heap, (d + w, u))
    return dist

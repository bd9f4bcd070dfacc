"""Shortest paths over the lazily expanded state graph: Dijkstra, the tie-break on keys, and
the simple paths of the alternatives.

A :class:`Lazy` graph turns the transitions of a state graph (``space.out(state)``: 6-tuples
``(next state, label, presses, seconds, kind, edge)``) into weighted successors on first use,
so a search touches only the states it reaches. Weights are integers: ``TIME`` weights are
microseconds * ``PRESS`` + presses, ``KEYS`` weights presses * ``KEYS`` + microseconds.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ivr.errors import InputError
from ivr.graphcache import cached
from ivr.model.types import HUMAN_TYPES
from ivr.routing.states import DIAL, HUMAN

if TYPE_CHECKING:
    import networkx as nx

PRESS = 1 << 24  # time weight: microseconds * PRESS + presses
KEYS = 1 << 80  # keys weight: presses * KEYS + microseconds
SECOND = 1_000_000 * PRESS  # a second, as a time weight
MAX_PATHS = 500  # simple paths tried by one search for alternatives
MAX_STATES = 2_000_000  # reachable states a search for alternatives may build
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


_BOUNDS_KEY = "ivr.routing.paths.lower_bounds"
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


def shortest(
    graph: Lazy,
    source: tuple,
    target: tuple | None = None,
    cutoff: int | None = None,
    settle: int | None = None,
) -> tuple[dict[tuple, int], dict[tuple, list[tuple]]]:
    """Dijkstra from ``source``: (distance, every predecessor on a shortest path) per state.

    With ``target`` it stops once every state as near as the target is settled (what the
    tie-break needs); with ``cutoff`` it ignores states farther than that; with ``settle`` it
    gives up (two empty dicts) once it has settled that many states.

    >>> class Line:  # a -> b -> c, 2 s each, and a -> c with a key in 5 s
    ...     def out(self, s):
    ...         return {"a": [("b", None, 0, 2, "next", None), ("c", "1", 1, 5, "option", None)],
    ...                 "b": [("c", None, 0, 2, "next", None)]}.get(s, [])
    >>> dist, pred = shortest(Lazy(Line(), lambda tr: tr[3]), "a")
    >>> dist, pred["c"]
    ({'a': 0, 'b': 2, 'c': 4}, ['b'])
    """
    succ, is_open = graph.succ, graph._open
    dist: dict[tuple, int] = {}
    seen = {source: 0}
    pred: dict[tuple, list[tuple]] = {source: []}
    tie = itertools.count()
    heap = [(0, next(tie), source)]
    push, pop = heapq.heappush, heapq.heappop
    stop = None
    while heap:
        d, _, u = pop(heap)
        if u in dist:
            continue
        if stop is not None and d > stop:
            break
        dist[u] = d
        if settle is not None and len(dist) > settle:
            return {}, {}
        if u == target:
            stop = d
        if not is_open(u, d):
            continue
        for v, (w, _tr) in succ(u).items():
            vd = d + w
            if cutoff is not None and vd > cutoff:
                continue
            if v in dist:
                if vd == dist[v]:
                    pred[v].append(u)
                continue
            old = seen.get(v)
            if old is None or vd < old:
                seen[v] = vd
                pred[v] = [u]
                push(heap, (vd, next(tie), v))
            elif vd == old:
                pred[v].append(u)
    return dist, pred


def lex_path(graph: Lazy, pred: dict, source: tuple, target: tuple) -> list | None:
    """Among the shortest paths that ``pred`` holds, the one with the smallest key sequence.

    ``pred`` lists every predecessor on a shortest path (:func:`shortest`), so these edges
    form a DAG of all optimal paths: the best suffix of keys from each of its states is found
    once, in post-order, each edge looked at a bounded number of times.
    """
    tight: dict[tuple, set] = {}  # state -> its successors in the DAG of paths to target
    todo = [target]
    reach = {target}
    while todo:
        v = todo.pop()
        for u in pred.get(v, ()):
            tight.setdefault(u, set()).add(v)
            if u not in reach:
                reach.add(u)
                todo.append(u)
    if source not in reach:
        return None
    adj = graph.adj

    def nxt(u: tuple) -> list:  # tight successors, in the adjacency's (deterministic) order
        mine = tight.get(u, ())
        return [v for v in adj[u] if v in mine] if mine else []

    best: dict = {target: ()}
    choice: dict = {}
    opened: dict = {}  # state -> its tight successors, once opened
    stack = [source]
    while stack:
        u = stack[-1]
        if u in best:
            stack.pop()
            continue
        if u not in opened:
            opened[u] = succs = nxt(u)
            stack.extend(v for v in succs if v not in best and v not in opened)
            continue
        stack.pop()
        top = None
        for v in opened[u]:
            if v not in best:
                continue  # on the stack (a zero-weight loop) or dead
            tr = adj[u][v][1]
            label = tr[1] if tr is not None else None
            suffix = best[v] if label is None else (label, *best[v])
            if top is None or suffix < top:
                top = suffix
                choice[u] = v
        if top is not None:
            best[u] = top
    if source not in best:
        return None
    path = [source]
    while path[-1] != target:
        path.append(choice[path[-1]])
    return path


def transitions(adj: dict, path: list) -> list[tuple]:
    """The transitions along ``path`` (``adj``: state -> {next: (weight, transition)})."""
    out = []
    for u, v in itertools.pairwise(path):
        tr = adj[u][v][1]
        if tr is not None:
            out.append(tr)
    return out


def path_weight(adj: dict, path: list) -> int:
    return sum(adj[u][v][0] for u, v in itertools.pairwise(path))


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
            return
        given, bound = bound, 2 * bound


def keys_of(trs: list[tuple]) -> tuple[str, ...]:
    """The keys a caller presses along transitions (silences to come at the end dropped)."""
    from ivr.sim.run import SILENCE  # noqa: PLC0415

    keys = [tr[1] for tr in trs if tr[1] is not None]
    while keys and keys[-1] == SILENCE:
        keys.pop()
    return tuple(keys)

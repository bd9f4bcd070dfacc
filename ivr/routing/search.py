"""Routes to a human: which number to dial, which keys to press and when.

For one caller context (attributes and hour) the compiled graph is unfolded into a *state
graph*. A state is what the simulator carries from step to step: the graph node, the key typed
ahead during a prompt and not yet taken by a menu (or ``_``, a silence to come: the simulated
caller hears a barge-in prompt out only when their next move is a silence), and the failure
counts of menus with ``retries``. A transition is one thing the caller or the line does --
press a key at a menu, type one ahead during a barge-in prompt, stay silent until a timeout,
hear a prompt out, follow a branch (only the case that holds for this caller at this hour) or a
transfer -- and weighs exactly what the simulator counts: seconds (in whole microseconds) and
presses. Only entries that answer this caller's dialled number are sources.

The state graph is expanded lazily: networkx's Dijkstra asks for the successors of the states
it reaches and no more, so the best route in a 100,000-node menu touches a few hundred states.
Ties (equal presses and equal time) break on the keys: among all shortest paths (networkx's
predecessor lists) the smallest key sequence wins, then the entry listed first. ``k``
alternatives come from networkx's ``shortest_simple_paths`` over the reachable state graph; the
Pareto set from a Dijkstra over (state, presses so far). Every candidate is replayed by
:func:`ivr.simulate`, and the route reports what the replay measured -- so a route always ends
where, and when, it says.

Objectives: ``keys`` (fewest presses, then least time), ``time`` (least time, then fewest
presses), ``cost`` (cheapest call, then least time) and ``pareto`` (every route not beaten on all
of keys, time and cost at once). With ``with_wait`` the time includes the expected queue wait.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.graph.build import as_hotline, compile, entry_key, node_key
from ivr.model.types import (
    DEFAULT_AT,
    HUMAN_TYPES,
    Claim,
    Cost,
    Entry,
    Hotline,
    Menu,
    parse_hhmm,
)
from ivr.routing.states import DIAL as _DIAL
from ivr.routing.states import HUMAN as _HUMAN
from ivr.routing.states import SINK as _SINK
from ivr.routing.states import StateSpace as _Space
from ivr.sim.callers import caller_contexts, resolve_caller, served_entries
from ivr.sim.kernel import KEY_ORDER as KEY_ORDER  # the order ties between keys break in
from ivr.sim.run import SILENCE, Call, simulate

if TYPE_CHECKING:
    import networkx as nx

OBJECTIVES = ("keys", "time", "cost", "pareto")

_PRESS = 1 << 24  # time weight: microseconds * _PRESS + presses
_KEYS = 1 << 80  # keys weight: presses * _KEYS + microseconds
_SECOND = 1_000_000 * _PRESS  # a second, as a time weight
_MAX_PATHS = 500  # simple paths tried by one search for alternatives
_MAX_STATES = 2_000_000  # reachable states a search for alternatives may build


@dataclass(frozen=True)
class SourceRef:
    """A text that supports a route, and whether the model disputes it there."""

    id: str
    title: str
    via: str
    disputed: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "via": self.via,
            "disputed": self.disputed or None,
        }


@dataclass(frozen=True)
class Route:
    """One way to a human, as measured by replaying it in the simulator."""

    caller: dict[str, str]
    at: str
    menu: Menu
    entry: Entry
    keys: tuple[str, ...]
    call: Call
    wait: float | None = None
    edges: tuple[tuple[str, str, int], ...] = ()
    steps: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = field(default=(), repr=False)
    hotline: Hotline | None = field(default=None, repr=False, compare=False)
    node_cost: Cost | None = field(default=None, repr=False)

    @property
    def outcome(self) -> str:
        return self.call.outcome

    @property
    def node(self) -> str | None:
        return self.call.node

    @property
    def seconds(self) -> float:
        return self.call.seconds

    @property
    def total(self) -> float:
        """Seconds to the human plus, with ``with_wait``, the expected queue wait."""
        return self.call.seconds + (self.wait or 0.0)

    @property
    def presses(self) -> tuple[tuple[str, float], ...]:
        return self.call.pressed

    @property
    def key_count(self) -> int:
        return len(self.call.pressed)

    @property
    def keys_text(self) -> str:
        return " ".join(self.keys)

    @property
    def cost(self) -> Cost:
        """The entry's cost, with the human's own surcharge (a paid priority line) added."""
        return joint_cost(self.entry.cost, self.node_cost)

    @property
    def cost_total(self) -> float:
        """Estimated money to reach the human (0 when free; inf when the rate is unknown)."""
        return money(self.cost, self.total)

    @property
    def disputed(self) -> bool:
        return any(s.disputed for s in self.sources)

    def objective(self, by: str) -> tuple:
        """What ``by`` minimises, ties last: the keys themselves."""
        tie = (self.keys,)
        if by == "keys":
            return (self.key_count, self.total, *tie)
        if by == "cost":
            return (self.cost_total, self.cost.rank(), self.total, self.key_count, *tie)
        return (self.total, self.key_count, *tie)

    def dominates(self, other: Route) -> bool:
        """At least as good on keys, time and cost, and better on one."""
        a = (self.key_count, self.total, self.cost_total)
        b = (other.key_count, other.total, other.cost_total)
        return all(x <= y for x, y in zip(a, b, strict=True)) and a != b


def joint_cost(entry: Cost, extra: Cost | None) -> Cost:
    """What a call costs: the entry's rate plus the rate a human's line adds (if any)."""
    if extra is None or extra.free:
        return entry
    if entry.free:
        return extra
    rate = None
    if extra.per_minute is not None and entry.per_minute is not None:
        rate = extra.per_minute + entry.per_minute
    note = "; ".join(n for n in (entry.note, extra.note) if n)
    return Cost(False, rate, entry.currency or extra.currency, note)


def money(cost: Cost, seconds: float) -> float:
    """The price of ``seconds`` on the line, per started minute, at least one minute (a
    connected call is billed its first minute); inf when the rate is unknown."""
    if cost.free:
        return 0.0
    if cost.per_minute is None:
        return math.inf
    return cost.per_minute * max(1, math.ceil(seconds / 60 - 1e-9))


class _Adj(dict):
    """Successors of a state, computed on first use: what networkx's Dijkstra reads."""

    def __init__(self, space: _Space, weigh, layers: int | None):
        super().__init__()
        self.space = space
        self.weigh = weigh
        self.layers = layers

    def __missing__(self, state: tuple) -> dict:
        out: dict = {}
        weigh = self.weigh
        if self.layers is None:
            for tr in self.space.out(state):
                w = weigh(tr)
                if w is None:
                    continue
                old = out.get(tr[0])
                if old is None or (w, tr[1] or "") < (old["w"], old["t"][1] or ""):
                    out[tr[0]] = {"w": w, "t": tr}
        else:
            base, pressed = state
            for tr in self.space.out(base):
                p = pressed + tr[2]
                if p > self.layers:
                    continue
                w = weigh(tr)
                v = (tr[0], p)
                old = out.get(v)
                if old is None or (w, tr[1] or "") < (old["w"], old["t"][1] or ""):
                    out[v] = {"w": w, "t": tr}
        self[state] = out
        return out


class _View:
    """A lazily expanded state graph that networkx's shortest-path functions accept.

    ``layers`` (a number) makes the states (state, presses so far) with at most that many
    presses: the graph of the Pareto search.
    """

    def __init__(
        self, space: _Space, weigh, starts: Iterable[tuple] = (), layers: int | None = None
    ):
        self._adj = self._succ = _Adj(space, weigh, layers)
        starts = list(starts)
        if starts:
            self._adj[_DIAL] = {s: {"w": 0, "t": None} for s in starts}

    def __contains__(self, state: object) -> bool:
        return True

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return False


def _w(u, v, d: dict) -> int:
    return d["w"]


def _lex_path(adj, pred: Mapping, source: tuple, target: tuple) -> list | None:
    """Among the shortest paths that ``pred`` holds, the one with the smallest key sequence.

    ``pred`` lists every predecessor on a shortest path (networkx's
    ``dijkstra_predecessor_and_distance``), so these edges form a DAG of all optimal paths:
    the best suffix of keys from each of its states is found once, in post-order.
    """
    reach = {target}
    todo = [target]
    while todo:
        v = todo.pop()
        for u in pred.get(v, ()):
            if u not in reach:
                reach.add(u)
                todo.append(u)
    if source not in reach:
        return None

    def nxt(u: tuple) -> list:  # tight successors, in the adjacency's (deterministic) order
        return [v for v in adj[u] if v in reach and u in pred.get(v, ())]

    best: dict = {target: ()}
    choice: dict = {}
    opened: set = set()
    stack = [source]
    while stack:
        u = stack[-1]
        if u in best:
            stack.pop()
            continue
        if u not in opened:
            opened.add(u)
            stack.extend(v for v in nxt(u) if v not in best and v not in opened)
            continue
        stack.pop()
        top = None
        for v in nxt(u):
            if v not in best:
                continue  # on the stack (a zero-weight loop) or dead
            tr = adj[u][v]["t"]
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


def _transitions(adj, path: list) -> list[tuple]:
    out = []
    for u, v in itertools.pairwise(path):
        tr = adj[u][v]["t"]
        if tr is not None:
            out.append(tr)
    return out


def _keys_of(trs: list[tuple]) -> tuple[str, ...]:
    keys = [tr[1] for tr in trs if tr[1] is not None]
    while keys and keys[-1] == SILENCE:
        keys.pop()
    return tuple(keys)


def _materialize(space: _Space, weigh, sources: list[tuple], within=None) -> nx.DiGraph:
    """The states reachable from ``sources`` (only those ``within``, if given), as a DiGraph for
    ``shortest_simple_paths``.

    Parallel transitions (two keys to the same state) stay distinct paths: all but the best go
    through a midpoint state of their own.
    """
    import networkx as nx  # noqa: PLC0415

    h = nx.DiGraph()
    for s in sources:
        h.add_edge(_DIAL, s, w=0, t=None)
    todo = list(reversed(sources))
    seen = set(sources)
    while todo:
        u = todo.pop()
        groups: dict = {}
        for i, tr in enumerate(space.out(u)):
            w = weigh(tr)
            if w is None or (within is not None and tr[0] not in within):
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
        if len(seen) > _MAX_STATES:
            raise InputError(
                f"more than {_MAX_STATES} call states: ask for one route (-k 1) on a menu this big"
            )
    return h


def _paths(space: _Space, weigh, sources: list[tuple], source: tuple, target: tuple, floor: int):
    """(path, weight, adjacency) of the simple paths from ``source`` to ``target``, best first.

    networkx's ``shortest_simple_paths`` needs a whole graph; building every reachable state of
    a big menu takes seconds. But a path of weight w only visits states within w of the
    source: so the paths run over the ball of states within a bound (twice the best path's
    weight, at least ``floor`` more), and the bound doubles when the caller wants paths beyond
    it.
    """
    import networkx as nx  # noqa: PLC0415

    view = _View(space, weigh, sources if source == _DIAL else ())
    try:
        best, _ = nx.single_source_dijkstra(view, source, target, weight=_w)
    except nx.NetworkXNoPath:
        return
    bound, given, size = max(2 * best, best + floor), -1, -1
    while True:
        ball = nx.single_source_dijkstra_path_length(view, source, cutoff=bound, weight=_w)
        whole, size = len(ball) == size, len(ball)
        h = _materialize(space, weigh, sources if source == _DIAL else [source], within=ball)
        again = 0
        for path in nx.shortest_simple_paths(h, source, target, weight="w"):
            w = nx.path_weight(h, path, "w")
            if w > bound and not whole:
                break
            if w <= given:  # every path this light came out last round
                again += 1
                if again > _MAX_PATHS:
                    return
                continue
            yield path, w, h._adj
        else:
            return
        given, bound = bound, 2 * bound


# -- the search ------------------------------------------------------------------------------


class _Finder:
    """Routes for one caller at one hour."""

    def __init__(self, hotline: Hotline, g, who: dict[str, str], at: str, with_wait: bool):
        self.hotline = hotline
        self.g = g
        self.who = who
        self.at = at
        self.minute = parse_hhmm(at)
        self.with_wait = with_wait
        self.entries = _served_entries(hotline, who, self.minute)
        self.by_name = {name: (menu, entry) for name, menu, entry in self.entries}
        self._space: _Space | None = None
        self._waits: dict[str, float | None] = {}
        self._replays: dict[tuple, Route | None] = {}

    def groups(self, free: bool = False) -> list[tuple[_Space, list[tuple]]]:
        """The state graph with the start states of the served entries (none: no group).

        ``free``: only the entries that cost nothing (free, or a rate of 0).
        """
        starts = [(n, None, ()) for n, _m, e in self.entries if not free or e.cost.rank() == 0]
        if not starts:
            return []
        if self._space is None:
            self._space = _Space(self.g, self.who, self.minute)
        return [(self._space, starts)]

    def ranked(self, found: Iterable[Route], by: str) -> list[Route]:
        """Best first by ``by``; routes that tie on it, entry listed first."""
        order = {(m.id, e.id): i for i, (_n, m, e) in enumerate(self.entries)}
        return sorted(found, key=lambda r: (r.objective(by), order[(r.menu.id, r.entry.id)]))

    def expected_wait(self, human: str) -> float | None:
        if human not in self._waits:
            node = self.g.nodes[human]["node"]
            self._waits[human] = node.wait.at(self.minute) if node.wait is not None else None
        return self._waits[human]

    def weigher(self, by: str, free: bool = False):
        """Transition -> integer weight; None hides it (``free``: the humans that charge)."""
        counted = self.expected_wait if self.with_wait else (lambda _h: None)
        nodes = self.g.nodes

        def seconds(tr: tuple) -> int:
            s = tr[3]
            if tr[4] == "human":
                s += counted(tr[0][1]) or 0.0
            return round(s * 1e6)

        def charges(tr: tuple) -> bool:
            if tr[4] != "human":
                return False
            cost = nodes[tr[0][1]]["node"].cost
            return cost is not None and cost.rank() != 0

        if by == "keys":
            return lambda tr: tr[2] * _KEYS + seconds(tr)
        if free:
            return lambda tr: None if charges(tr) else seconds(tr) * _PRESS + tr[2]
        return lambda tr: seconds(tr) * _PRESS + tr[2]

    # replay: the judge
    def replay(self, entry_state: tuple, trs: list[tuple]) -> Route | None:
        menu, entry = self.by_name[entry_state[0]]
        keys = _keys_of(trs)
        slot = (entry.id, menu.id, keys)
        if slot not in self._replays:
            edges = tuple(tr[5] for tr in trs if tr[5] is not None)
            self._replays[slot] = self._replay(menu, entry, keys, edges)
        return self._replays[slot]

    def _replay(self, menu: Menu, entry: Entry, keys: tuple, edges: tuple) -> Route | None:
        from ivr.routing.instructions import route_sources, route_steps  # noqa: PLC0415

        call = simulate(self.hotline, entry.dial, keys, self.who, self.at)
        if call.outcome not in HUMAN_TYPES or call.entry is not entry:
            return None
        human = node_key(call.menu, call.node)
        expected = self.expected_wait(human) if human in self.g else None
        node = self.g.nodes[human]["node"] if human in self.g else None
        route = Route(dict(self.who), self.at, menu, entry, keys, call,
                      expected if self.with_wait else None, edges, hotline=self.hotline,
                      node_cost=node.cost if node is not None else None)  # fmt: skip
        return replace(
            route,
            steps=route_steps(route, expected),
            sources=route_sources(self.hotline, route, self.g),
        )

    # k = 1 by keys or time: one Dijkstra that stops at the first human
    def best(self, by: str, free: bool = False) -> list[Route]:
        """The best route by ``by``; ``free``: the fastest among those that cost nothing."""
        import networkx as nx  # noqa: PLC0415

        found: list[Route] = []
        for space, starts in self.groups(free):
            view = _View(space, self.weigher(by, free), starts)
            try:
                w, _ = nx.single_source_dijkstra(view, _DIAL, _SINK, weight=_w)
            except nx.NetworkXNoPath:
                continue
            pred, _dist = nx.dijkstra_predecessor_and_distance(view, _DIAL, cutoff=w, weight=_w)
            path = _lex_path(view._adj, pred, _DIAL, _SINK)
            route = self.replay(path[1], _transitions(view._adj, path)) if path else None
            if route is None:  # cannot happen while the state graph is exact; be safe anyway
                return [] if free else self.alternatives(by, 1)
            found.append(route)
        return self.ranked(found, "cost" if free else by)[:1]

    # k alternatives: Yen's simple paths over the reachable states
    def alternatives(self, by: str, k: int, free: bool = False) -> list[Route]:
        """The ``k`` best distinct routes by ``by``; ``free``: the fastest that cost nothing."""

        found: dict[tuple, tuple[int, Route]] = {}
        floor = _KEYS if by == "keys" else _SECOND
        for space, starts in self.groups(free):
            weights: list[int] = []
            paths = _paths(space, self.weigher(by, free), starts, _DIAL, _SINK, floor)
            for path, w, adj in itertools.islice(paths, _MAX_PATHS):
                if len(weights) >= k and w > sorted(weights)[k - 1]:
                    break
                route = self.replay(path[1], _transitions(adj, path))
                if route is None:
                    continue
                slot = (route.entry.id, route.menu.id, route.keys)
                if slot not in found:
                    found[slot] = (w, route)
                    weights.append(w)
        objective = "cost" if free else by
        return self.ranked((r for _, r in found.values()), objective)[:k]

    # by cost: the fastest route to each human from each entry, ranked by money
    def _pair_bound(self, entry: Entry, human: str, dist: int) -> tuple:
        node = self.g.nodes[human]["node"]
        cost = joint_cost(entry.cost, node.cost)
        total = (dist // _PRESS) / 1e6
        return (money(cost, total), cost.rank(), total, dist % _PRESS)

    def _humans(self, space: _Space, start: tuple):
        """Time-Dijkstra from one entry: (view, pred, {human: distance})."""
        import networkx as nx  # noqa: PLC0415

        view = _View(space, self.weigher("time"))
        pred, dist = nx.dijkstra_predecessor_and_distance(view, start, weight=_w)
        humans = {s[1]: d for s, d in dist.items() if s[0] == _HUMAN and s[1] is not None}
        return view, pred, humans

    def cheapest(self, k: int) -> list[Route]:
        # a route that costs nothing beats every other: the fastest such ones win
        found = self.best("time", free=True) if k == 1 else self.alternatives("time", k, True)
        if len(found) >= k:
            return found
        pairs = []
        for space, starts in self.groups():
            for start in starts:
                view, pred, humans = self._humans(space, start)
                entry = self.by_name[start[0]][1]
                for human, dist in humans.items():
                    bound = self._pair_bound(entry, human, dist)
                    pairs.append((bound, len(pairs), space, start, human, view, pred))
        pairs.sort(key=lambda p: p[:2])
        found: dict[tuple, Route] = {}

        def kth() -> tuple | None:
            if len(found) < k:
                return None
            return sorted(r.objective("cost")[:4] for r in found.values())[k - 1]

        for bound, _i, space, start, human, view, pred in pairs:
            limit = kth()
            if limit is not None and bound > limit:
                break
            target = (_HUMAN, human, ())
            if k == 1:
                path = _lex_path(view._adj, pred, start, target)
                candidates = [(path, view._adj)] if path else []
            else:
                paths = _paths(space, self.weigher("time"), [start], start, target, _SECOND)
                candidates = ((p, adj) for p, _w, adj in itertools.islice(paths, _MAX_PATHS))
            entry = self.by_name[start[0]][1]
            for path, adj in candidates:
                trs = _transitions(adj, path)
                dist = sum(adj[u][v]["w"] for u, v in itertools.pairwise(path))
                limit = kth()
                if limit is not None and self._pair_bound(entry, human, dist) > limit:
                    break
                route = self.replay(start, trs)
                if route is not None:
                    found.setdefault((route.entry.id, route.menu.id, route.keys), route)
        return self.ranked(found.values(), "cost")[:k]

    # Pareto: fewest presses for each time, per entry and human
    def pareto(self) -> list[Route]:
        """Every route no other beats on presses, time and money at once.

        A Dijkstra over (state, presses so far) gives, per entry and human, the least time for
        each number of presses; what bounds it:

        * when the fastest route (P1 presses) costs nothing, every other route on the front has
          at most P1 presses (else the fastest beats it), and when the fewest-presses route
          (T0 seconds) costs nothing too, at most T0 seconds: one bounded search per entry;
        * otherwise, per entry, two Dijkstras over every reachable state give each human's
          fastest route (P presses, time T) and fewest-presses route (Pmin presses, time T').
          Any route to that human has at least Pmin presses, T seconds and the money of T: a
          human whose bound a known route beats adds nothing, and for the others only
          Pmin..P presses and times up to T' matter.
        """
        fast, few = self.best("time"), self.best("keys")
        if not fast:
            return []
        if fast[0].cost_total == 0:
            cap = fast[0].key_count
            cutoff = None
            if few[0].cost_total == 0:
                cutoff = (round(few[0].total * 1e6) + 1000) * _PRESS + cap  # 1 ms for rounding
            searches = [(space, start, cap, cutoff, None) for space, starts in self.groups()
                        for start in starts]  # fmt: skip
            return self._front(searches, (fast[0], few[0]))
        pairs = []  # (space, entry start, human, Pmin, P, T' in microseconds, lower bound)
        known = []  # (presses, seconds, money) of the routes already found
        for space, starts in self.groups():
            for start in starts:
                entry = self.by_name[start[0]][1]
                fastest = self._reach(space, start, "time")
                fewest = self._reach(space, start, "keys")
                for human, d in fastest.items():
                    dk = fewest[human]
                    p_fast, p_few, t_few = d % _PRESS, dk // _KEYS, dk % _KEYS
                    b_fast = self._pair_bound(entry, human, d)
                    b_few = self._pair_bound(entry, human, t_few * _PRESS + p_few)
                    known.append((p_fast, b_fast[2], b_fast[0]))
                    known.append((p_few, b_few[2], b_few[0]))
                    low = (p_few, b_fast[2], b_fast[0])
                    pairs.append((space, start, human, p_few, p_fast, t_few, low))
        pairs = [x for x in pairs if not any(_beats(k, x[-1]) for k in known)]
        searches = []
        for start in dict.fromkeys(x[1] for x in pairs):
            mine = [x for x in pairs if x[1] == start]
            cap = max(x[4] for x in mine)
            cutoff = max(x[5] for x in mine) * _PRESS + cap
            ranges = {x[2]: (x[3], x[4]) for x in mine}
            searches.append((mine[0][0], start, cap, cutoff, ranges))
        return self._front(searches, ())

    def _front(self, searches: list[tuple], known: tuple[Route, ...]) -> list[Route]:
        """The Pareto front from bounded searches over (state, presses so far).

        ``searches``: (space, entry start, most presses, cutoff weight, {human: (fewest, most
        presses)} or None for every human found).
        """
        import networkx as nx  # noqa: PLC0415

        candidates = []
        for space, start, cap, cutoff, ranges in searches:
            layered = _View(space, self.weigher("time"), layers=cap)
            pred, dist = nx.dijkstra_predecessor_and_distance(
                layered, (start, 0), cutoff=cutoff, weight=_w
            )
            entry = self.by_name[start[0]][1]
            if ranges is None:
                found = dict.fromkeys(s[0][1] for s in dist if s[0][0] == _HUMAN and s[0][1])
                ranges = {human: (0, cap) for human in found}
            for human, (low, high) in ranges.items():
                fastest = math.inf
                for p in range(low, high + 1):
                    d = dist.get(((_HUMAN, human, ()), p))
                    if d is None or d // _PRESS >= fastest:
                        continue
                    fastest = d // _PRESS
                    bound = self._pair_bound(entry, human, d)
                    candidates.append(((p, bound[2], bound[0]), start, human, p, layered, pred))
        keep = [c for c in candidates if not any(_beats(o[0], c[0]) for o in candidates)]
        found: dict[tuple, Route] = {(r.entry.id, r.menu.id, r.keys): r for r in known}
        for _bound, start, human, p, layered, pred in keep:
            target = ((_HUMAN, human, ()), p)
            path = _lex_path(layered._adj, pred, (start, 0), target)
            if path is None:
                continue
            route = self.replay(start, _transitions(layered._adj, path))
            if route is not None:
                found.setdefault((route.entry.id, route.menu.id, route.keys), route)
        ranked = self.ranked(found.values(), "time")
        front = [r for r in ranked if not any(o.dominates(r) for o in ranked)]
        # one route per number and trade-off: the others tie on all three, differing in keys
        first = {}
        for r in reversed(front):
            first[(r.menu.id, r.entry.id, r.key_count, r.total, r.cost_total)] = id(r)
        kept = set(first.values())
        return [r for r in front if id(r) in kept]

    def _reach(self, space: _Space, start: tuple, by: str) -> dict[str, int]:
        """Dijkstra over every state reachable from ``start``: {human: distance by ``by``}."""
        import networkx as nx  # noqa: PLC0415

        view = _View(space, self.weigher(by))
        dist = nx.single_source_dijkstra_path_length(view, start, weight=_w)
        return {s[1]: d for s, d in dist.items() if s[0] == _HUMAN and s[1] is not None}


def _beats(a: tuple, b: tuple) -> bool:
    return all(x <= y for x, y in zip(a, b, strict=True)) and a != b


def _served_entries(hotline: Hotline, who: Mapping[str, str], minute: int) -> list[tuple]:
    """(graph name, menu, entry) of every number this caller can dial, in the files' order."""
    return [(entry_key(m.id, e.id), m, e) for m, e in served_entries(hotline, who, minute)]


def routes(
    menus: Hotline | Menu,
    caller: Mapping[str, str] | None = None,
    at: str = DEFAULT_AT,
    by: str = "keys",
    k: int = 1,
    with_wait: bool = False,
    graph: nx.MultiDiGraph | None = None,
) -> list[Route]:
    """The best routes to a human for one caller at one hour, best first.

    ``k`` asks for the next-best distinct alternatives too; ``by="pareto"`` returns every route
    that no other beats on keys, time and cost at once (``k`` is then ignored). ``graph`` is
    the compiled graph of ``menus`` when the caller has it already.

    >>> import ivr
    >>> best = ivr.routes(ivr.load("menus/mts"), caller={"network": "mts", "location": "abroad"})
    >>> best[0].entry.dial, best[0].keys_text, best[0].outcome
    ('+7 495 766 01 66', '', 'callback')
    """
    if by not in OBJECTIVES:
        choices = ", ".join(OBJECTIVES) + did_you_mean(by, OBJECTIVES)
        raise InputError(f"'by' is '{by}'; it must be one of {choices}")
    if k < 1:
        raise InputError("k must be at least 1")
    hotline = as_hotline(menus)
    who = resolve_caller(hotline, caller)
    parse_hhmm(at)
    g = graph if graph is not None else compile(hotline)
    finder = _Finder(hotline, g, who, at, with_wait)
    if not finder.entries:
        return []
    if by == "pareto":
        return finder.pareto()
    if by == "cost":
        return finder.cheapest(k)
    if k == 1:
        return finder.best(by)
    return finder.alternatives(by, k)


def best_routes(
    menus: Hotline | Menu,
    at: str = DEFAULT_AT,
    by: str = "keys",
    with_wait: bool = False,
    contexts: Iterable[Mapping[str, str]] | None = None,
) -> list[tuple[dict[str, str], Route | None]]:
    """The best route for every caller context (None where no route reaches a human)."""
    hotline = as_hotline(menus)
    g = compile(hotline)
    out = []
    for who in contexts if contexts is not None else caller_contexts(hotline):
        found = routes(hotline, who, at, by if by != "pareto" else "keys", 1, with_wait, graph=g)
        out.append((dict(who), found[0] if found else None))
    return out


def serves(menus: Hotline | Menu, caller: Mapping[str, str], at: str = DEFAULT_AT) -> bool:
    """Whether any entry of the hotline answers this caller at this hour."""
    hotline = as_hotline(menus)
    return bool(_served_entries(hotline, resolve_caller(hotline, caller), parse_hhmm(at)))


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

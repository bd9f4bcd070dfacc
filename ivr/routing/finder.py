"""The route search for one caller at one hour: the state graph weighted by an objective, the
best route by keys or time, the ``k`` alternatives, and the replay that judges every candidate.

:class:`Finder` holds what the searches of one caller share: the served entries (the sources:
only entries that answer this caller's dialled number), the state graph
(:mod:`ivr.routing.states`, made on first use), the queue waits and the replays. Every
candidate path is replayed by :func:`ivr.simulate`, and the route reports what the replay
measured -- so a route always ends where, and when, it says. The cheapest routes are in
:mod:`ivr.routing.cheapest`, the Pareto set in :mod:`ivr.routing.pareto`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from functools import partial

from ivr._gcpause import gc_paused
from ivr.graph.build import node_key
from ivr.model.clock import parse_moment
from ivr.model.types import HUMAN_TYPES, Entry, Hotline, Menu
from ivr.routing.budget import Budget, Meter
from ivr.routing.dijkstra import keys_of, lex_path, shortest, transitions
from ivr.routing.lazy_graph import KEYS, PRESS, SECOND, Lazy, lower_bounds, time_part
from ivr.routing.provenance import route_sources
from ivr.routing.route import UNKNOWN_WAIT, Route, joint_cost, money, served_entries
from ivr.routing.states import DIAL, HUMAN, SINK, StateSpace
from ivr.sim.callers import choose_entry
from ivr.sim.kernel import connect_seconds, queue_wait
from ivr.sim.run import DEFAULT_LIMIT, Call, simulate

LIMIT_US = round(DEFAULT_LIMIT * 1e6)  # the simulator's call limit, in microseconds
EAGER = 50  # states a best-route search settles before it tries the whole graph in C


class Finder:
    """Routes for one caller at one hour."""

    def __init__(self, hotline: Hotline, g, who: dict[str, str], at: str, with_wait: bool,
                 meter: Meter | None = None):  # fmt: skip
        self.hotline = hotline
        self.g = g
        self.who = who
        self.at = at
        self.minute = parse_moment(at)
        self.with_wait = with_wait
        self.entries = served_entries(hotline, who, self.minute)
        self.by_name = {name: (menu, entry) for name, menu, entry in self.entries}
        first = self.entries[0][2].loc if self.entries else None
        self.where = first if first is not None and first.file else None
        self.meter = meter if meter is not None else Budget().meter(where=self.where)
        if self.meter.where is None:
            self.meter.where = self.where
        self._space: StateSpace | None = None
        self._waits: dict[str, float | None] = {}
        self._replays: dict[tuple, Route | None] = {}
        self.kept: list[Route] = []  # what a search that ran out of budget had found
        self.hide: Callable[[tuple], bool] | None = None
        """A predicate on transitions that hides some from every search (evidence tiers)."""

    def groups(self, free: bool = False) -> list[tuple[StateSpace | None, list[tuple]]]:
        """The state graph with the start states of the served entries (none: no group).

        ``free``: only the entries that cost nothing (free, or a rate of 0).
        """
        starts = [(n, None, ()) for n, _m, e in self.entries if not free or e.cost.rank() == 0]
        if not starts:
            return []
        # the queue waits of a route depend on the entry's load: one search per load (the
        # state graph is made by lazy() when a search needs it)
        by_load: dict[float, list[tuple]] = {}
        for start in starts:
            by_load.setdefault(self.by_name[start[0]][1].load, []).append(start)
        return [(None, group) for group in by_load.values()]

    @property
    def space(self) -> StateSpace:
        """The state graph, made on first use."""
        if self._space is None:
            self._space = StateSpace(self.g, self.who, self.minute)
        return self._space

    def lazy(
        self, space: StateSpace | None, by: str, free: bool = False, starts=(), layers=None
    ) -> Lazy:
        """The state graph weighted by ``by``, cut at the simulator's call limit; from
        :data:`DIAL` each start weighs its entry's expected seconds to connect."""
        space = space if space is not None else self.space
        starts = list(starts)
        load = self.by_name[starts[0][0]][1].load if starts else 1.0
        weigh = self.weigher(by, free, load)
        if self.hide is not None:
            weigh = _hiding(weigh, self.hide)
        graph = Lazy(space, weigh, starts, layers, LIMIT_US, time_part(by), self.meter)
        graph.bound_of = lambda: lower_bounds(self.g)
        if starts and layers is None and DIAL in graph.adj:
            unit = 1 if by == "keys" else PRESS
            for start in starts:
                connect = round(connect_seconds(self.by_name[start[0]][1]) * 1e6) * unit
                graph.adj[DIAL][start] = (connect, None)
        return graph

    def ranked(self, found: Iterable[Route], by: str) -> list[Route]:
        """Best first by ``by``; routes that tie on it, entry listed first."""
        order = {(m.id, e.id): i for i, (_n, m, e) in enumerate(self.entries)}
        return sorted(found, key=lambda r: (r.objective(by), order[(r.menu.id, r.entry.id)]))

    def expected_wait(self, human: str, load: float = 1.0) -> float | None:
        """The queue wait at ``human`` at the hour, for an entry of ``load``."""
        if human not in self._waits:
            self._waits[human] = queue_wait(self.g.nodes[human]["node"], self.minute)
        wait = self._waits[human]
        return wait * load if wait is not None else None

    def counted_wait(self, human: str, load: float = 1.0) -> float:
        """What a search adds for the queue at ``human``: its expected wait, and a wait no one
        knows as :data:`~ivr.routing.route.UNKNOWN_WAIT` (ranked after every known one)."""
        wait = self.expected_wait(human, load)
        return UNKNOWN_WAIT if wait is None else wait

    def weigher(self, by: str, free: bool = False, load: float = 1.0):
        """Transition -> integer weight; None hides it (``free``: the humans that charge).

        With ``with_wait`` a human's queue wait is counted, a wait no one knows as
        :data:`~ivr.routing.route.UNKNOWN_WAIT` (ranked after every known one, never as 0).
        """
        with_wait = self.with_wait
        nodes = self.g.nodes

        def seconds(tr: tuple) -> int:
            s = tr[3]
            if tr[4] == "human" and with_wait:
                s += self.counted_wait(tr[0][1], load)
            return round(s * 1e6)

        def charges(tr: tuple) -> bool:
            if tr[4] != "human":
                return False
            cost = nodes[tr[0][1]]["node"].cost
            return cost is not None and cost.rank() != 0

        if by == "keys":
            return lambda tr: tr[2] * KEYS + seconds(tr)
        if free:
            return lambda tr: None if charges(tr) else seconds(tr) * PRESS + tr[2]
        return lambda tr: seconds(tr) * PRESS + tr[2]

    # replay: the judge
    def replay(self, entry_state: tuple, trs: list[tuple]) -> Route | None:
        menu, entry = self.by_name[entry_state[0]]
        keys = keys_of(trs)
        slot = (entry.id, menu.id, keys)
        if slot not in self._replays:
            edges = tuple(tr[5] for tr in trs if tr[5] is not None)
            got = self._replays[slot] = self._replay(menu, entry, keys, edges)
            if got is not None:
                self.kept.append(got)
        return self._replays[slot]

    def replay_keys(
        self, menu: Menu, entry: Entry, keys: tuple, edges: tuple, call: Call | None = None
    ) -> Route | None:
        """The route of pressing ``keys`` at ``entry`` (None unless it reaches a human there).

        ``call``: a call the caller simulated already with these keys for this caller and
        hour (a claim's replay), taken as the replay when dialling ``entry.dial`` reaches
        that same entry (a claim may dial it by another of its numbers or its id).
        """
        slot = (entry.id, menu.id, tuple(keys))
        if slot not in self._replays:
            self._replays[slot] = self._replay(menu, entry, tuple(keys), edges, call)
        return self._replays[slot]

    def _replay(
        self, menu: Menu, entry: Entry, keys: tuple, edges: tuple, call: Call | None = None
    ) -> Route | None:
        if call is None or not self._same_replay(entry, keys, call):
            call = simulate(self.hotline, entry.dial, keys, self.who, self.at)
        if call.outcome not in HUMAN_TYPES or call.entry is not entry:
            return None
        assert call.menu is not None and call.node is not None  # a human was reached
        human = node_key(call.menu, call.node)
        expected = self.expected_wait(human, entry.load) if human in self.g else None
        node = self.g.nodes[human]["node"] if human in self.g else None
        made = partial(Route, dict(self.who), self.at, menu, entry, keys, call,
                       expected if self.with_wait else None, edges, hotline=self.hotline,
                       node_cost=node.cost if node is not None else None,
                       wait_unknown=self.with_wait and expected is None,
                       expected_wait=expected)  # fmt: skip
        # the route, then the same with its sources (made again: replace() cost more)
        return made(sources=route_sources(self.hotline, made(), self.g))

    def _same_replay(self, entry: Entry, keys: tuple, call: Call) -> bool:
        """Whether simulating ``entry.dial`` and ``keys`` would make ``call`` (which pressed
        ``keys`` for this caller and hour): a call is made by the entry the dialled number
        chooses, the keys, the caller and the hour alone."""
        if call.entry is not entry or call.keys != keys:
            return False
        _menu, chosen, served = choose_entry(self.hotline, entry.dial, self.who, self.minute)
        return chosen is entry and served

    # k = 1 by keys or time: one Dijkstra that stops at the first human
    def best(self, by: str, free: bool = False) -> list[Route]:
        """The best route by ``by``; ``free``: the fastest among those that cost nothing."""
        found: list[Route] = []
        for space, starts in self.groups(free):
            graph = self.lazy(space, by, free, starts)
            # states, transitions and predecessor lists hold no cycles, and a big search
            # makes so many that the collector's passes took 40% of its time
            with gc_paused():
                dist, pred = shortest(graph, DIAL, SINK, settle=EAGER)
            # a big search: the plain graph, in C, when nothing is hidden
            if not dist and self.hide is None and len(self.g) > 10 * EAGER:
                from ivr.routing import bulk  # noqa: PLC0415  (only a big graph needs it)

                with gc_paused():
                    fast = bulk.best(self, by, free, starts)
                if fast is not None:
                    route = self.replay(*fast) if fast else None
                    if route is not None:
                        found.append(route)
                    if route is not None or not fast:
                        continue
            with gc_paused():
                if not dist:
                    dist, pred = shortest(graph, DIAL, SINK)
                path = lex_path(graph, pred, DIAL, SINK) if SINK in dist else None
            if SINK not in dist:
                continue
            route = self.replay(path[1], transitions(graph.adj, path)) if path else None
            if route is None:  # cannot happen while the state graph is exact; be safe anyway
                return [] if free else self.alternatives(by, 1)
            found.append(route)
        return self.ranked(found, "cost" if free else by)[:1]

    # k alternatives: Yen's simple paths over the reachable states
    def alternatives(self, by: str, k: int, free: bool = False) -> list[Route]:
        """The ``k`` best distinct routes by ``by``; ``free``: the fastest that cost nothing."""
        found: dict[tuple, tuple[int, Route]] = {}
        from ivr.routing.alternatives import MAX_PATHS, simple_paths  # noqa: PLC0415

        floor = KEYS if by == "keys" else SECOND
        for space, starts in self.groups(free):
            weights: list[int] = []
            graph = self.lazy(space, by, free, starts)
            paths = simple_paths(graph, starts, DIAL, SINK, floor)
            for path, w, adj in itertools.islice(paths, MAX_PATHS):
                if len(weights) >= k and w > sorted(weights)[k - 1]:
                    break
                route = self.replay(path[1], transitions(adj, path))
                if route is None:
                    continue
                slot = (route.entry.id, route.menu.id, route.keys)
                if slot not in found:
                    found[slot] = (w, route)
                    weights.append(w)
        objective = "cost" if free else by
        return self.ranked((r for _, r in found.values()), objective)[:k]

    def pair_bound(self, entry: Entry, human: str, dist: int) -> tuple:
        """(money, cost rank, seconds, presses) of a route of time weight ``dist``."""
        node = self.g.nodes[human]["node"]
        cost = joint_cost(entry.cost, node.cost)
        total = (dist // PRESS) / 1e6
        return (money(cost, total), cost.rank(), total, dist % PRESS)

    def humans(self, graph: Lazy, start: tuple) -> tuple[dict, dict[str, int]]:
        """Dijkstra from one entry over ``graph``: (pred, {human: distance})."""
        dist, pred = shortest(graph, start)
        found = {s[1]: d for s, d in dist.items() if s[0] == HUMAN and s[1] is not None}
        return pred, found

    def cheapest(self, k: int) -> list[Route]:
        """The ``k`` cheapest routes (:func:`ivr.routing.cheapest.cheapest`)."""
        from ivr.routing.cheapest import cheapest  # noqa: PLC0415

        return cheapest(self, k)

    def pareto(self) -> list[Route]:
        """Every route no other beats on presses, time and money at once."""
        from ivr.routing.pareto import pareto  # noqa: PLC0415

        with gc_paused():  # its searches make states by the ten thousand, and no cycles
            return pareto(self)


def _hiding(weigh, hide: Callable[[tuple], bool]):
    return lambda tr: None if hide(tr) else weigh(tr)

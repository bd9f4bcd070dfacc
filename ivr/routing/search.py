"""Routes to a human: which number to dial, which keys to press and when.

For one caller context (attributes and hour) the compiled graph is unfolded into a state graph
(:mod:`ivr.routing.states`) whose transitions weigh exactly what the simulator counts: seconds
(in whole microseconds) and presses. Only entries that answer this caller's dialled number are
sources, and no state past the simulator's call limit (3,600 s) is expanded.

The state graph is expanded lazily (:mod:`ivr.routing.paths`): the Dijkstra asks for the
successors of the states it reaches and no more, so the best route in a 100,000-node menu
touches a few hundred states. Ties (equal presses and equal time) break on the keys: among all
shortest paths the smallest key sequence wins, then the entry listed first. ``k`` alternatives
come from networkx's ``shortest_simple_paths`` over the reachable state graph; the Pareto set
(:mod:`ivr.routing.pareto`) from a Dijkstra over (state, presses so far). Every candidate is
replayed by :func:`ivr.simulate`, and the route reports what the replay measured -- so a route
always ends where, and when, it says.

Objectives: ``keys`` (fewest presses, then least time), ``time`` (least time, then fewest
presses), ``cost`` (cheapest call, then least time) and ``pareto`` (every route not beaten on all
of keys, time and cost at once). With ``with_wait`` the time includes the expected queue wait.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ivr._gcpause import gc_paused
from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.graph.build import compile, node_key
from ivr.model.types import DEFAULT_AT, HUMAN_TYPES, Entry, Hotline, Menu, parse_hhmm
from ivr.model.validation import sound
from ivr.routing import bulk
from ivr.routing.budget import Budget, Meter, OutOfBudget, current, limits_of
from ivr.routing.instructions import route_steps
from ivr.routing.paths import (
    KEYS,
    MAX_PATHS,
    PRESS,
    SECOND,
    Lazy,
    keys_of,
    lex_path,
    lower_bounds,
    path_weight,
    shortest,
    simple_paths,
    time_part,
    transitions,
)
from ivr.routing.provenance import claims_for as claims_for
from ivr.routing.provenance import route_sources
from ivr.routing.ranking import by_evidence, check_trust
from ivr.routing.route import UNKNOWN_WAIT, Route, money, served_entries
from ivr.routing.route import SourceRef as SourceRef
from ivr.routing.route import joint_cost as joint_cost
from ivr.routing.route import serves as serves
from ivr.routing.states import DIAL, HUMAN, SINK, StateSpace
from ivr.sim.callers import caller_contexts as caller_contexts
from ivr.sim.callers import count_caller_contexts, iter_caller_contexts, resolve_caller
from ivr.sim.kernel import KEY_ORDER as KEY_ORDER  # the order ties between keys break in
from ivr.sim.kernel import connect_seconds, queue_wait
from ivr.sim.run import DEFAULT_LIMIT, simulate

if TYPE_CHECKING:
    import networkx as nx

OBJECTIVES = ("keys", "time", "cost", "pareto")
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
        self.minute = parse_hhmm(at)
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
                wait = self.expected_wait(tr[0][1], load)
                s += UNKNOWN_WAIT if wait is None else wait
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

    def replay_keys(self, menu: Menu, entry: Entry, keys: tuple, edges: tuple) -> Route | None:
        """The route of pressing ``keys`` at ``entry`` (None unless it reaches a human there)."""
        slot = (entry.id, menu.id, tuple(keys))
        if slot not in self._replays:
            self._replays[slot] = self._replay(menu, entry, tuple(keys), edges)
        return self._replays[slot]

    def _replay(self, menu: Menu, entry: Entry, keys: tuple, edges: tuple) -> Route | None:
        call = simulate(self.hotline, entry.dial, keys, self.who, self.at)
        if call.outcome not in HUMAN_TYPES or call.entry is not entry:
            return None
        assert call.menu is not None and call.node is not None  # a human was reached
        human = node_key(call.menu, call.node)
        expected = self.expected_wait(human, entry.load) if human in self.g else None
        node = self.g.nodes[human]["node"] if human in self.g else None
        route = Route(dict(self.who), self.at, menu, entry, keys, call,
                      expected if self.with_wait else None, edges, hotline=self.hotline,
                      node_cost=node.cost if node is not None else None,
                      wait_unknown=self.with_wait and expected is None)  # fmt: skip
        return replace(
            route,
            steps=route_steps(route, expected),
            sources=route_sources(self.hotline, route, self.g),
        )

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

    # by cost: the fastest route to each human from each entry, ranked by money
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
        # a route that costs nothing beats every other: the fastest such ones win
        found = self.best("time", free=True) if k == 1 else self.alternatives("time", k, True)
        if len(found) >= k:
            return found
        pairs: list[tuple] = []
        for space, starts in self.groups():
            for start in starts:
                graph = self.lazy(space, "time")
                pred, humans = self.humans(graph, start)
                entry = self.by_name[start[0]][1]
                for human, dist in humans.items():
                    bound = self.pair_bound(entry, human, dist)
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
            entry = self.by_name[start[0]][1]
            for path, adj in candidates:
                trs = transitions(adj, path)
                limit = kth()
                dist = path_weight(adj, path)
                if limit is not None and self.pair_bound(entry, human, dist) > limit:
                    break
                route = self.replay(start, trs)
                if route is not None:
                    kept.setdefault((route.entry.id, route.menu.id, route.keys), route)
        return self.ranked(kept.values(), "cost")[:k]

    def pareto(self) -> list[Route]:
        """Every route no other beats on presses, time and money at once."""
        from ivr.routing.pareto import pareto  # noqa: PLC0415

        with gc_paused():  # its searches make states by the ten thousand, and no cycles
            return pareto(self)


def _hiding(weigh, hide: Callable[[tuple], bool]):
    return lambda tr: None if hide(tr) else weigh(tr)


def routes(
    menus: Hotline | Menu,
    caller: Mapping[str, str] | None = None,
    at: str = DEFAULT_AT,
    by: str = "keys",
    k: int = 1,
    with_wait: bool = False,
    graph: nx.MultiDiGraph | None = None,
    trust: str = "any",
    evidence: bool = True,
    budget: Budget | None = None,
) -> list[Route]:
    """The best routes to a human for one caller at one hour, best first.

    Routes rank by evidence first (:mod:`ivr.routing.ranking`): a documented key sequence
    beats a sourced one beats an inferred one, an undisputed one a disputed one of the same
    level; then by ``by``. ``trust`` (documented, sourced, any) limits what a route may rest
    on; ``evidence=False`` ranks by ``by`` alone. Each route carries its ``evidence``.
    ``k`` asks for the next-best distinct alternatives too; ``by="pareto"`` returns every route
    that no other beats on evidence, keys, time and cost at once (``k`` is then ignored).
    ``graph`` is the compiled graph of ``menus`` when the caller has it already.

    The search keeps to ``budget`` (:class:`ivr.routing.budget.Budget`: states, seconds; by
    default 200,000 states and 8 s, or what an enclosing
    :func:`ivr.routing.budget.limits` set) and to the simulator's 3,600 s call limit; when
    the budget runs out it raises :class:`~ivr.routing.budget.OutOfBudget` (an ``IvrError``)
    whose ``found`` holds the routes found so far and ``diagnostic()`` a located finding.

    Raises: :class:`~ivr.errors.InputError` for an unknown ``by`` or ``trust``, ``k`` below 1,
    an undeclared caller attribute or value, an ``at`` that is not ``HH:MM``;
    :class:`~ivr.errors.LoadError` for menus that do not validate;
    :class:`~ivr.routing.budget.OutOfBudget` when the budget runs out.

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
    check_trust(trust)
    hotline = sound(menus)
    who = resolve_caller(hotline, caller)
    parse_hhmm(at)
    g = graph if graph is not None else compile(hotline)
    finder = Finder(hotline, g, who, at, with_wait, current(budget))
    if not finder.entries:
        return []
    try:
        return by_evidence(finder, by, k, trust, objective_routes, rank=evidence)
    except OutOfBudget as stop:
        if stop.found is None:
            stop.found = finder.kept
        raise


def objective_routes(finder: Finder, by: str, k: int) -> list[Route]:
    """The ``k`` best routes of ``finder``'s caller by ``by`` alone (what ranking layers on)."""
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
    trust: str = "any",
    budget: Budget | None = None,
) -> list[tuple[dict[str, str], Route | None]]:
    """The best route for every caller context (None where no route reaches a human).

    One ``budget`` (see :func:`routes`) covers the whole table, its ``max_contexts`` (1,024 by
    default) the number of contexts; when it runs out, :class:`OutOfBudget` carries the rows
    done so far in ``found``.

    >>> import ivr
    >>> table = best_routes(ivr.load("menus/mts"), by="time")
    >>> len(table), sum(route is None for _who, route in table) < len(table)
    (39, True)
    """
    hotline = sound(menus)
    g = compile(hotline)
    out: list[tuple[dict[str, str], Route | None]] = []
    where = hotline.menus[0].loc if hotline.menus else None
    meter = current(budget, where if where is not None and where.file else None)
    if contexts is None:
        contexts, total = iter_caller_contexts(hotline), count_caller_contexts(hotline)
    else:
        contexts = list(contexts)
        total = len(contexts)
    objective = by if by != "pareto" else "keys"
    try:
        with limits_of(meter):
            for who in meter.contexts(contexts, total):
                found = routes(hotline, who, at, objective, 1, with_wait, graph=g, trust=trust)
                out.append((dict(who), found[0] if found else None))
    except OutOfBudget as stop:
        stop.found = out
        raise
    return out

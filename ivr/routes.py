"""Routes to a human: which number to dial, which keys to press and when.

For one caller context (attributes and hour) the compiled graph is unfolded into a *state graph*
whose states are (graph node, key typed ahead or None): branches keep only the case that holds
for this caller, entries only those that serve the caller, and a key pressed during a barge-in
prompt is carried to the next menu. networkx's Dijkstra and ``shortest_simple_paths`` search it;
every candidate is then replayed by :func:`ivr.simulate`, and the route reports what the replay
measured — so a route always ends where, and when, it says.

Objectives: ``keys`` (fewest presses, then least time), ``time`` (least time, then fewest
presses), ``cost`` (cheapest call, then least time) and ``pareto`` (every route not beaten on all
of keys, time and cost at once). Ties break on the key sequence itself.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .graph import as_hotline, compile
from .model import DEFAULT_AT, DTMF_KEYS, HUMAN_TYPES, Claim, Cost, Entry, Hotline, Menu, parse_hhmm
from .simulate import SILENCE, Call, resolve_caller, simulate

if TYPE_CHECKING:
    import networkx as nx

OBJECTIVES = ("keys", "time", "cost", "pareto")
_SOURCE = ("__dial__", None)
_SINK = ("__human__", None)
_INVALID_ORDER = "*#" + DTMF_KEYS.replace("*", "").replace("#", "")
_PARETO_PATHS = 200


@dataclass(frozen=True)
class SourceRef:
    """A text that supports a route, and whether the model disputes it there."""

    id: str
    title: str
    via: str
    disputed: str = ""

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "via": self.via, "disputed": self.disputed or None}


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
        """The entry's cost (an agent's own surcharge, if any, is in the steps and note)."""
        extra = self._node_cost()
        if extra is None or extra.free:
            return self.entry.cost
        if self.entry.cost.free:
            return extra
        rate = None
        if extra.per_minute is not None and self.entry.cost.per_minute is not None:
            rate = extra.per_minute + self.entry.cost.per_minute
        note = "; ".join(n for n in (self.entry.cost.note, extra.note) if n)
        return Cost(False, rate, self.entry.cost.currency or extra.currency, note)

    def _node_cost(self) -> Cost | None:
        menus = self.hotline.menus if self.hotline else (self.menu,)
        for m in menus:
            if m.id == self.call.menu and self.call.node is not None:
                return m.node(self.call.node).cost
        return None

    @property
    def cost_total(self) -> float:
        """Estimated money to reach the human (0 when free; inf when the rate is unknown)."""
        c = self.cost
        if c.free:
            return 0.0
        if c.per_minute is None:
            return math.inf
        return c.per_minute * math.ceil((self.seconds + (self.wait or 0)) / 60)

    @property
    def disputed(self) -> bool:
        return any(s.disputed for s in self.sources)

    def objective(self, by: str) -> tuple:
        tie = (self.keys,)
        if by == "keys":
            return (self.key_count, self.seconds, *tie)
        if by == "cost":
            return (self.cost_total, self.cost.rank(), self.seconds, self.key_count, *tie)
        return (self.seconds + (self.wait or 0), self.key_count, *tie)

    def dominates(self, other: Route) -> bool:
        """At least as good on keys, time and cost, and better on one."""
        a = (self.key_count, self.seconds, self.cost_total)
        b = (other.key_count, other.seconds, other.cost_total)
        return all(x <= y for x, y in zip(a, b)) and a != b


def caller_contexts(hotline: Hotline) -> list[dict[str, str]]:
    """Every combination of the hotline's declared caller attributes, in declared order."""
    attrs = hotline.caller_attributes
    names = list(attrs)
    return [dict(zip(names, combo)) for combo in itertools.product(*(attrs[n] for n in names))]


# -- the state graph -------------------------------------------------------------------------


class _StateGraph:
    """The compiled graph unfolded for one caller at one hour."""

    def __init__(self, g: nx.MultiDiGraph, who: Mapping[str, str], minute: int):
        import networkx as nx  # noqa: PLC0415

        self.g = g
        self.who = dict(who)
        self.minute = minute
        self.h = nx.MultiDiGraph()
        self.entries: list[tuple[str, Menu, Entry]] = []
        hotline: Hotline = g.graph["hotline"]
        self.key_time = {m.id: m.key_time for m in hotline.menus}
        self._build(hotline)

    def _live_out(self, n: str) -> list[tuple[str, str, int, dict]]:
        """Out-edges that this caller can take (a branch: only its first matching case)."""
        out = list(self.g.out_edges(n, keys=True, data=True))
        if self.g.nodes[n].get("type") != "branch":
            return out
        for u, v, k, d in out:
            if d.get("otherwise") or d["condition"].holds(self.who, self.minute):
                return [(u, v, k, d)]
        return []

    def _add(self, u: tuple, v: tuple, **info: object) -> None:
        self.h.add_edge(u, v, **info)

    def _landing_keys(self, start: str) -> list[str]:
        """Keys worth typing ahead from a prompt: the options of the menu its `next` reaches."""
        seen = set()
        n = start
        while n not in seen:
            seen.add(n)
            d = self.g.nodes[n]
            if d.get("type") == "menu":
                node = d["node"]
                keys = [k for k, _ in node.options]
                if node.invalid is not None or node.retries is not None:
                    keys.append(_invalid_key(node))
                return keys
            if d.get("type") not in ("prompt", "branch"):
                return []
            live = [e for e in self._live_out(n) if e[3]["kind"] in ("next", "branch")]
            if not live:
                return []
            n = live[0][1]
        return []

    def _build(self, hotline: Hotline) -> None:
        g = self.g
        add = self._add
        chosen: set[str] = set()
        for m in hotline.menus:
            for e in m.entries:
                digits = e.dial
                if digits in chosen or not e.when.holds(self.who, self.minute):
                    continue
                # a dialled number reaches the first entry that serves the caller
                same = [x for x in _entries_for(hotline, e) if x[1].when.holds(self.who, self.minute)]
                first = same[0] if same else (m, e)
                if first[1] is not e:
                    continue
                chosen.add(digits)
                name = f"{m.id}#{e.id}"
                self.entries.append((name, m, e))
                add(_SOURCE, (name, None), kind="dial", press=None, presses=0, seconds=0.0, edges=())
        buffered_from: dict[str, set[str]] = {}
        for n, d in g.nodes(data=True):
            node_type = d.get("type")
            kt = self.key_time[d["menu"]]
            if node_type in HUMAN_TYPES:
                add((n, None), _SINK, kind="human", press=None, presses=0, seconds=0.0, edges=())
                continue
            for u, v, k, ed in self._live_out(n):
                kind = ed["kind"]
                ref = ((u, v, k),)
                if kind == "option":
                    add((n, None), (v, None), kind=kind, press=ed["key"], presses=1,
                        seconds=ed["seconds"], edges=ref)  # fmt: skip
                elif kind == "invalid":
                    key = _invalid_key(d["node"])
                    add((n, None), (v, None), kind=kind, press=key, presses=1,
                        seconds=ed["seconds"], edges=ref)  # fmt: skip
                elif kind == "timeout":
                    add((n, None), (v, None), kind=kind, press=SILENCE, presses=0,
                        seconds=ed["seconds"], edges=ref)  # fmt: skip
                elif kind == "retry":
                    self._retry(n, d["node"], v, ref, kt)
                elif kind in ("next", "branch", "entry", "transfer"):
                    add((n, None), (v, None), kind=kind, press=None, presses=0,
                        seconds=ed["seconds"], edges=ref)  # fmt: skip
                    if kind == "next" and d["barge_in"]:
                        for key in self._landing_keys(v):
                            add((n, None), (v, key), kind="type-ahead", press=key, presses=1,
                                seconds=kt, edges=ref)  # fmt: skip
                            buffered_from.setdefault(v, set()).add(key)
        # states holding a typed-ahead key: carry it to the menu that takes it
        todo = [(n, key) for n, keys in buffered_from.items() for key in keys]
        done: set[tuple[str, str]] = set()
        while todo:
            n, key = todo.pop()
            if (n, key) in done:
                continue
            done.add((n, key))
            d = g.nodes[n]
            node_type = d.get("type")
            if node_type == "menu":
                node = d["node"]
                target = node.option(key)
                for u, v, k, ed in self._live_out(n):
                    if target is not None and ed["kind"] == "option" and ed["key"] == key:
                        self._add((n, key), (v, None), kind="option", press=None, presses=0,
                                  seconds=0.0, edges=((u, v, k),))  # fmt: skip
                    elif target is None and ed["kind"] == "invalid":
                        self._add((n, key), (v, None), kind="invalid", press=None, presses=0,
                                  seconds=0.0, edges=((u, v, k),))  # fmt: skip
                continue
            for u, v, k, ed in self._live_out(n):
                if ed["kind"] in ("next", "branch"):
                    seconds = 0.0 if (ed["kind"] == "branch" or d["barge_in"]) else ed["seconds"]
                    self._add((n, key), (v, key), kind=ed["kind"], key=None, presses=0,
                              seconds=seconds, edges=((u, v, k),))  # fmt: skip
                    todo.append((v, key))

    def _retry(self, n: str, node, then: str, ref: tuple, kt: float) -> None:
        """``retries.max`` failures in a row at a menu whose failures come straight back to it."""
        me = node.id
        count = node.retries.max
        press = kt if node.barge_in else node.duration + kt
        if node.invalid == me:
            key = _invalid_key(node)
            self._add((n, None), (then, None), kind="retry", press=key, presses=count,
                      seconds=press * count, edges=ref, repeat=count)  # fmt: skip
        if node.timeout is not None and node.timeout.to == me:
            wait = node.duration + node.timeout.after
            self._add((n, None), (then, None), kind="retry", press=SILENCE, presses=0,
                      seconds=wait * count, edges=ref, repeat=count)  # fmt: skip


def _entries_for(hotline: Hotline, entry: Entry) -> list[tuple[Menu, Entry]]:
    from .loader import find_entries  # noqa: PLC0415

    return find_entries(hotline, entry.dial)


def _invalid_key(node) -> str:
    return next(k for k in _INVALID_ORDER if node.option(k) is None)


def _weight(by: str, with_wait: bool, waits: Mapping[str, float]):
    def weight(u, v, edges: dict) -> float:
        best = math.inf
        for d in edges.values():
            p, s = d["presses"], d["seconds"]
            if with_wait and d["kind"] == "human":
                s += waits.get(u[0], 0.0)
            w = p * 1e6 + s if by == "keys" else s + p * 1e-3
            best = min(best, w)
        return best

    return weight


def _simple(h: nx.MultiDiGraph, weight) -> nx.DiGraph:
    """A DiGraph for ``shortest_simple_paths``: the cheapest parallel edge stays direct, the
    others go through a midpoint state so that every alternative remains a distinct path."""
    import networkx as nx  # noqa: PLC0415

    simple = nx.DiGraph()
    for u, v, edges in ((u, v, h[u][v]) for u, v in {(a, b) for a, b in h.edges()}):
        ranked = sorted(
            edges.values(), key=lambda d: (weight(u, v, {0: d}), d["presses"], d.get("press") or "")
        )
        simple.add_edge(u, v, weight=weight(u, v, {0: ranked[0]}), data=ranked[0])
        for i, d in enumerate(ranked[1:]):
            mid = ("~", u, v, i)
            simple.add_edge(u, mid, weight=weight(u, v, {0: d}), data=d)
            simple.add_edge(mid, v, weight=0.0, data=None)
    return simple


def _path_keys(simple: nx.DiGraph, path: list[tuple]) -> tuple[tuple[str, ...], list]:
    """The key sequence and compiled-graph edges along a path of the simple graph."""
    keys: list[str] = []
    edges: list = []
    for u, v in zip(path, path[1:]):
        d = simple[u][v]["data"]
        if d is None:
            continue
        if d.get("press") is not None:
            keys.extend([d["press"]] * d.get("repeat", 1))
        edges.extend(d["edges"])
    while keys and keys[-1] == SILENCE:
        keys.pop()
    return tuple(keys), edges


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
    that no other beats on keys, time and cost at once (``k`` is then ignored).

    >>> import ivr
    >>> best = ivr.routes(ivr.load("menus/mts"), caller={"network": "mts", "location": "abroad"})
    >>> best[0].entry.dial, best[0].keys_text, best[0].outcome
    ('+7 495 766 01 66', '', 'callback')
    """
    import networkx as nx  # noqa: PLC0415

    if by not in OBJECTIVES:
        raise ValueError(f"'by' is '{by}'; it must be one of {', '.join(OBJECTIVES)}")
    if k < 1:
        raise ValueError("k must be at least 1")
    hotline = as_hotline(menus)
    who = resolve_caller(hotline, caller)
    minute = parse_hhmm(at)
    g = graph if graph is not None else compile(hotline)
    states = _StateGraph(g, who, minute)
    h = states.h
    if _SINK not in h:
        return []
    waits = {
        n: d["node"].wait.at(minute)
        for n, d in g.nodes(data=True)
        if d.get("type") in HUMAN_TYPES and d["node"].wait is not None
    }
    objective = "time" if by in ("pareto", "cost") else by
    weight = _weight(objective, with_wait, waits)
    found: dict[tuple, Route] = {}
    simple = _simple(h, weight)
    want = _PARETO_PATHS if by == "pareto" else k + 4
    for name, menu, entry in states.entries:
        start = (name, None)
        if not nx.has_path(simple, start, _SINK):
            continue
        fewest = math.inf
        for path in itertools.islice(nx.shortest_simple_paths(simple, start, _SINK, "weight"), want):
            keys, edges = _path_keys(simple, path)
            if (entry.id, keys) in found:
                continue
            route = _replay(hotline, who, at, menu, entry, keys, edges, waits, with_wait)
            if route is None:
                continue
            if by == "pareto":
                if route.key_count >= fewest:
                    continue
                fewest = route.key_count
            found[(entry.id, keys)] = route
            if by == "pareto" and fewest == 0:
                break
    ranked = sorted(found.values(), key=lambda r: r.objective(by))
    if by == "pareto":
        return [r for r in ranked if not any(o.dominates(r) for o in ranked)]
    return ranked[:k]


def _replay(
    hotline: Hotline,
    who: dict[str, str],
    at: str,
    menu: Menu,
    entry: Entry,
    keys: tuple[str, ...],
    edges: list,
    waits: Mapping[str, float],
    with_wait: bool,
) -> Route | None:
    call = simulate(hotline, entry.dial, keys, who, at)
    if call.outcome not in HUMAN_TYPES or call.entry is not entry:
        return None
    node_name = f"{call.menu}/{call.node}"
    wait = waits.get(node_name) if with_wait else None
    route = Route(dict(who), at, menu, entry, keys, call, wait, tuple(edges), hotline=hotline)
    from .instructions import route_sources, route_steps  # noqa: PLC0415

    return replace(
        route,
        steps=route_steps(route, waits.get(node_name)),
        sources=route_sources(hotline, route),
    )


def best_routes(
    menus: Hotline | Menu,
    at: str = DEFAULT_AT,
    by: str = "keys",
    with_wait: bool = False,
    contexts: Iterable[Mapping[str, str]] | None = None,
) -> list[tuple[dict[str, str], Route | None]]:
    """The best route for every caller context (None where no entry serves that caller)."""
    hotline = as_hotline(menus)
    g = compile(hotline)
    out = []
    for who in contexts if contexts is not None else caller_contexts(hotline):
        found = routes(hotline, who, at, by if by != "pareto" else "keys", 1, with_wait, graph=g)
        out.append((dict(who), found[0] if found else None))
    return out


def claims_for(hotline: Hotline, route: Route) -> list[Claim]:
    """Documented claims that dial the route's entry and press the same keys."""
    from .numbers import same_number  # noqa: PLC0415

    out = []
    for _m, c in hotline.claims():
        if tuple(x for x in c.keys) == route.keys and same_number(c.dial, route.entry.dial):
            caller = dict(c.caller)
            if all(route.caller.get(a) == v for a, v in caller.items()):
                out.append(c)
    return out

"""The state graph a route search walks: the simulator's steps, for every caller at once.

For one caller context (attributes and hour) the compiled graph is unfolded into states. A
state is what the simulator carries from node to node: ``(graph node, buffered, fails)`` where
``buffered`` is the key typed ahead during a prompt and not yet taken by a menu, or ``_``, a
silence to come (the simulated caller hears a barge-in prompt out only when their next move is
a silence), or None; and ``fails`` the failure counts of menus with ``retries``, a sorted tuple
of (graph node, failures so far). The sink of a human node h is ``(_HUMAN, h, ())``, and every
human sink leads to ``_SINK``.

Each transition is one step of :mod:`ivr.sim.kernel` -- press a key at a menu, type one ahead
during a barge-in prompt, stay silent until a timeout, hear a prompt out, follow a branch (only
the case that holds for this caller at this hour) or a transfer -- and weighs exactly what the
simulator counts: its seconds and presses. A failure count matters only while the call can come
back to its menu, so it is dropped as the call leaves the menu's strongly connected component
of the compiled graph: a chain of menus that silence moves on through keeps one count at a time.

>>> import ivr
>>> g = ivr.compile(ivr.load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main: {type: menu, duration: 6, options: {"0": human}, timeout: {after: 5, to: main}}
...   human: {type: agent}
... '''))
>>> space = StateSpace(g, {}, 12 * 60)
>>> [(t.label, t.seconds, t.kind) for t in space.out(("demo/main", None, ()))]
[('0', 1.0, 'option'), ('_', 11.0, 'timeout')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ivr._record import NamedTuple
from ivr.graph.build import node_key
from ivr.graphcache import cached
from ivr.model.clock import Moment
from ivr.model.types import HUMAN_TYPES
from ivr.sim.kernel import (
    KEY_ORDER,
    SILENCE,
    Step,
    Way,
    branch_step,
    menu_keys,
    menu_step,
    other_key,
    prompt_step,
    transfer_step,
)
from ivr.sim.path import edge_in, edge_table

if TYPE_CHECKING:
    import networkx as nx

HUMAN = "__human__"
DIAL = ("__dial__", None, ())
SINK = (HUMAN, None, ())

State = tuple  # (graph node, buffered key or SILENCE or None, failure counts)


_CACHE_KEY = "ivr.routing.states.components"


def components(g: nx.MultiDiGraph) -> dict[str, int]:
    """Graph node -> number of its strongly connected component.

    Kept in the graph's ``__networkx_cache__`` (emptied by every networkx edit), so the
    searches of every caller context share one, and it never outlives a change of the graph.

    >>> import networkx as nx
    >>> c = components(nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    >>> c["a"] == c["b"] != c["c"]
    True
    """
    return cached(g, _CACHE_KEY, _components)


def _components(g: nx.MultiDiGraph) -> dict[str, int]:
    import networkx as nx  # noqa: PLC0415

    out: dict[str, int] = {}
    for i, names in enumerate(nx.strongly_connected_components(g)):
        out.update(dict.fromkeys(names, i))
    return out


class Transition(NamedTuple):
    """One step from a state: where it leads, the key pressed (or ``_`` for a silence, None),
    its presses and seconds, its kind, and the compiled edge ``(u, v, k)`` it follows."""

    state: State
    label: str | None
    presses: int
    seconds: float
    kind: str
    edge: tuple | None


def _count(fails: tuple, name: str) -> int:
    for n, c in fails:
        if n == name:
            return c
    return 0


def _set(fails: tuple, name: str, count: int) -> tuple:
    """``fails`` with ``name``'s count set (0: dropped)."""
    if not fails and not count:
        return fails
    rest = tuple(x for x in fails if x[0] != name)
    return tuple(sorted((*rest, (name, count)))) if count else rest


class StateSpace:
    """The state graph of one caller at one hour, expanded on demand.

    A key takes the ``key_time`` of the file the call is in (after a transfer, the target
    file's), as in the simulator.
    """

    def __init__(self, g: nx.MultiDiGraph, who: Mapping[str, str], minute: int | Moment):
        self.g = g
        self.nodes = g.nodes  # node -> its attributes
        self.who = dict(who)
        self.minute = minute
        self.key_time = {m.id: m.key_time for m in g.graph["hotline"].menus}
        self._out: dict[tuple, list[Transition]] = {}
        self._landing: dict[str, tuple[str, ...]] = {}
        self._edges = edge_table(g)
        self._branch: dict[str, Step] = {}
        self._component: dict[str, int] | None = None

    def out(self, state: State) -> list[Transition]:
        """The transitions that leave ``state``."""
        got = self._out.get(state)
        if got is None:
            got = self._out[state] = self._expand(state)
        return got

    # the compiled graph
    def _ref(self, name: str, way: Way) -> tuple | None:
        """The compiled edge (u, v, k) that ``way`` out of graph node ``name`` follows."""
        v = node_key(self.nodes[name]["menu"], way.to) if way.to is not None else None
        return edge_in(self._edges, name, v, way)

    def _branch_step(self, name: str, node) -> Step:
        got = self._branch.get(name)
        if got is None:
            got = self._branch[name] = branch_step(node, self.who, self.minute)
        return got

    def _keep(self, fails: tuple, v: str) -> tuple:
        """The failure counts that can still matter at graph node ``v``: those of menus in
        ``v``'s strongly connected component (the call can never come back to the others)."""
        if not fails:
            return fails
        if self._component is None:
            self._component = components(self.g)
        mine = self._component.get(v)
        kept = tuple(x for x in fails if self._component.get(x[0]) == mine)
        return kept if len(kept) != len(fails) else fails

    def landing_keys(self, start: str) -> tuple[str, ...]:
        """Keys worth typing ahead into ``start``: what the node a typed key lands on takes.

        A key typed during a barge-in prompt rides through prompts and branches to the first
        other node. A menu takes its options, and one other key: its invalid input, or (with no
        ``invalid``) a key it ignores, which still cut the prompt short. A human or a transfer
        takes any key (the prompt is cut, the key lost): the first of KEY_ORDER stands for it.
        """
        got = self._landing.get(start)
        if got is None:
            got = self._landing[start] = self._land(start)
        return got

    def _land(self, n: str) -> tuple[str, ...]:
        seen: set[str] = set()
        while n not in seen:
            seen.add(n)
            d = self.nodes[n]
            kind = d["type"]
            if kind == "prompt":
                ref = self._ref(n, Way("next", d["node"].next))
                if ref is None:
                    return ()
                n = ref[1]
            elif kind == "branch":
                way = self._branch_step(n, d["node"]).way
                to = way.to if way is not None else None
                if to is None:
                    return ()
                n = node_key(d["menu"], to)
            elif kind == "menu":
                node = d["node"]
                other = other_key(node)
                return tuple(k for k, _ in node.options) + ((other,) if other else ())
            elif kind in HUMAN_TYPES or kind == "transfer":
                return (KEY_ORDER[0],)
            else:
                return ()
        return ()

    # transitions
    def _expand(self, state: State) -> list[Transition]:
        name, buf, fails = state
        if name == HUMAN:
            return [Transition(SINK, None, 0, 0.0, "sink", None)] if buf is not None else []
        quiet = buf == SILENCE  # the caller's next move is a silence: no key before that menu
        d = self.nodes[name]
        kind = d["type"]
        if kind == "entry":
            ref = self._entry_ref(name)
            if ref is None:
                return []
            nxt = (ref[1], SILENCE if quiet else None, self._keep(fails, ref[1]))
            return [Transition(nxt, None, 0, 0.0, "entry", ref)]
        node = d["node"]
        if kind in HUMAN_TYPES:
            return [Transition((HUMAN, name, ()), None, 0, 0.0, "human", None)]
        if kind == "branch":
            s = self._branch_step(name, node)
            if s.way is None or s.way.to is None:
                return []
            return [self._go(name, s, buf, fails)]
        if kind == "transfer":  # drops a typed-ahead key; a silence to come stays to come
            s = transfer_step(node, None if quiet else buf)
            if s.way is None or self._ref(name, s.way) is None:
                return []  # a transfer to a file outside the hotline
            return [self._go(name, s, SILENCE if quiet else None, fails)]
        kt = self.key_time[d["menu"]]
        if kind == "prompt":
            if buf is not None and not quiet:  # a typed-ahead key rides on
                return [self._go(name, prompt_step(node, kt, buf, None), buf, fails)]
            if quiet or not node.barge_in:
                return [self._go(name, prompt_step(node, kt, None, buf), buf, fails)]
            # a barge-in prompt: a caller with a key to press presses it now (the simulator's
            # rule), so hearing it out means the next move is a silence
            heard = self._go(name, prompt_step(node, kt, None, SILENCE), SILENCE, fails)
            if heard.edge is None:
                return []
            ahead = [self._go(name, prompt_step(node, kt, None, key), key, fails, key)
                     for key in self.landing_keys(heard.state[0])]  # fmt: skip
            return [heard, *ahead]
        if kind != "menu":
            return []  # a hangup
        count = _count(fails, name)
        silence = menu_step(node, kt, None, SILENCE, fails=count)
        timeout = self._go(name, silence, None, fails, SILENCE) if silence.way else None
        if quiet:
            return [timeout] if timeout else []
        if buf is not None:  # the typed-ahead key, taken at once
            return [self._go(name, menu_step(node, kt, buf, None, fails=count), None, fails)]
        out = [self._go(name, menu_step(node, kt, None, key, fails=count), None, fails, key)
               for key in menu_keys(node)]  # fmt: skip
        if timeout:
            out.append(timeout)
        return out

    def _entry_ref(self, name: str) -> tuple | None:
        return edge_in(self._edges, name, None, Way("entry", None))

    def _go(
        self, name: str, s: Step, buf: str | None, fails: tuple, label: str | None = None
    ) -> Transition:
        """The transition of kernel step ``s`` out of graph node ``name``."""
        way = s.way
        if way is None:  # an ignored key: the menu starts again
            return Transition((name, None, fails), label, s.presses, s.seconds, "ignored", None)
        ref = self._ref(name, way)
        if ref is not None:
            v = ref[1]
        elif way.to is not None:
            v = node_key(self.nodes[name]["menu"], way.to)
        else:  # a transfer whose target is not in the graph: _expand never gets here
            raise ValueError(f"{name}: no {way.kind} edge in the compiled graph")
        if s.fails is not None:
            fails = _set(fails, name, s.fails)
        kind = "type-ahead" if s.reason == "barge-in" else way.kind
        return Transition((v, buf, self._keep(fails, v)), label, s.presses, s.seconds, kind, ref)

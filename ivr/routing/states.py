"""The route search's state graph: what a caller can do next, and what it costs.

A state is what the simulator carries from step to step: the graph node, the key typed ahead
during a prompt and not yet taken by a menu (or ``_``, a silence to come: the simulated caller
hears a barge-in prompt out only when their next move is a silence), and the failure counts of
menus with ``retries``. A transition is one thing the caller or the line does -- press a key at
a menu, type one ahead during a barge-in prompt, stay silent until a timeout, hear a prompt
out, follow a branch (only the case that holds for this caller at this hour) or a transfer --
and weighs what the simulator counts: seconds and presses.

The state graph reads the compiled graph through networkx's public views only (``g.nodes``,
``g.succ``), once per node it meets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ivr.graph.build import node_key
from ivr.model.types import DTMF_KEYS, HUMAN_TYPES
from ivr.sim.run import SILENCE

if TYPE_CHECKING:
    import networkx as nx

KEY_ORDER = "".join(sorted(DTMF_KEYS))
"""The order ties between key sequences break in, and unknown keys are chosen in: ``#*0-9A-D``."""

HUMAN = "__human__"
SINK = (HUMAN, None, ())
_HUMAN = HUMAN
_SINK = SINK

#
# A state is (graph node, key typed ahead or "_" or None, failure counts) where "_" is a silence
# to come (no key before the next menu times out) and the failure counts are a sorted tuple of
# (graph node of a menu with retries, failures so far). The sink of a human node h is
# (_HUMAN, h, ()), and every human sink leads to _SINK.
# A transition is (next state, key pressed or "_" or None, presses, seconds, kind, edge) where
# edge is the compiled graph's (u, v, key) it follows, or None.


def _other_key(node) -> str | None:
    """The first key (in KEY_ORDER) that is not an option of ``node``."""
    return next((k for k in KEY_ORDER if node.option(k) is None), None)


def _count(fails: tuple, name: str) -> int:
    for n, c in fails:
        if n == name:
            return c
    return 0


def _without(fails: tuple, name: str) -> tuple:
    if not fails or all(n != name for n, _ in fails):
        return fails
    return tuple(x for x in fails if x[0] != name)


def _with(fails: tuple, name: str, count: int) -> tuple:
    return tuple(sorted((*(x for x in fails if x[0] != name), (name, count))))


class _Space:
    """The state graph of one caller at one hour.

    A key takes the ``key_time`` of the file the call is in (after a transfer, the target
    file's), as in the simulator.
    """

    def __init__(self, g: nx.MultiDiGraph, who: Mapping[str, str], minute: int):
        self.nodes = g.nodes  # networkx's public views: node -> attributes, node -> successors
        self.succ = g.succ
        self.who = dict(who)
        self.minute = minute
        self.key_time = {m.id: m.key_time for m in g.graph["hotline"].menus}
        self._out: dict[tuple, list] = {}
        self._landing: dict[str, tuple[str, ...]] = {}
        self._refs: dict[str, dict[tuple, tuple]] = {}
        self._branch: dict[str, tuple[str, tuple | None]] = {}

    def out(self, state: tuple) -> list:
        got = self._out.get(state)
        if got is None:
            got = self._out[state] = self._expand(state)
        return got

    # compiled edges
    def _ref(self, name: str, kind: str, key: str | None = None) -> tuple | None:
        """The compiled edge (u, v, k) of this kind (and key) out of ``name``, with v in [1]:
        the first such edge; the node's edges are read once, into a table by (kind, key)."""
        table = self._refs.get(name)
        if table is None:
            table = self._refs[name] = {}
            for v, by_key in self.succ[name].items():
                for k, d in by_key.items():
                    ref = (name, v, k)
                    table.setdefault((d["kind"], None), ref)
                    if d["key"] is not None:
                        table.setdefault((d["kind"], d["key"]), ref)
        return table.get((kind, key))

    def _branch_to(self, name: str, node) -> tuple[str, tuple | None]:
        """Where a branch sends this caller: the first case that holds, else ``else``."""
        got = self._branch.get(name)
        if got is None:
            case = next((c for c in node.cases if c.when.holds(self.who, self.minute)), None)
            target = node_key(self.nodes[name]["menu"], case.to if case else node.otherwise)
            ref = None
            for v, by_key in self.succ[name].items():
                if v != target:
                    continue
                for k, d in by_key.items():
                    if d["kind"] == "branch" and (
                        (case is None and d.get("otherwise"))
                        or (
                            case is not None
                            and not d.get("otherwise")
                            and d["condition"] == case.when
                        )
                    ):
                        ref = (name, v, k)
                        break
                if ref:
                    break
            got = self._branch[name] = (target, ref)
        return got

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
                ref = self._ref(n, "next")
                if ref is None:
                    return ()
                n = ref[1]
            elif kind == "branch":
                n = self._branch_to(n, d["node"])[0]
            elif kind == "menu":
                node = d["node"]
                other = _other_key(node)
                return tuple(k for k, _ in node.options) + ((other,) if other else ())
            elif kind in HUMAN_TYPES or kind == "transfer":
                return (KEY_ORDER[0],)
            else:
                return ()
        return ()

    # transitions
    def _expand(self, state: tuple) -> list:
        name, buf, fails = state
        if name == _HUMAN:
            return [(_SINK, None, 0, 0.0, "sink", None)] if buf is not None else []
        quiet = buf == SILENCE  # the caller's next move is a silence: no key before that menu
        d = self.nodes[name]
        kind = d["type"]
        if kind == "entry":
            ref = self._ref(name, "entry")
            state = (ref[1], SILENCE if quiet else None, fails) if ref else None
            return [(state, None, 0, 0.0, "entry", ref)] if ref else []
        node = d["node"]
        if kind in HUMAN_TYPES:
            return [((_HUMAN, name, ()), None, 0, 0.0, "human", None)]
        if kind == "branch":
            target, ref = self._branch_to(name, node)
            return [((target, buf, fails), None, 0, 0.0, "branch", ref)]
        if kind == "transfer":  # drops a typed-ahead key; a silence to come stays to come
            ref = self._ref(name, "transfer")
            state = (ref[1], SILENCE if quiet else None, fails) if ref else None
            return [(state, None, 0, node.duration, "transfer", ref)] if ref else []
        if kind == "prompt":
            ref = self._ref(name, "next")
            if ref is None:
                return []
            nxt = ref[1]
            if buf is not None and not quiet:  # a typed-ahead key rides on
                seconds = 0.0 if node.barge_in else node.duration
                return [((nxt, buf, fails), None, 0, seconds, "next", ref)]
            if quiet or not node.barge_in:
                return [((nxt, buf, fails), None, 0, node.duration, "next", ref)]
            # a barge-in prompt: a caller with a key to press presses it now (the simulator's
            # rule), so hearing it out means the next move is a silence
            out = [((nxt, SILENCE, fails), None, 0, node.duration, "next", ref)]
            kt = self.key_time[d["menu"]]
            out.extend(((nxt, key, fails), key, 1, kt, "type-ahead", ref)
                       for key in self.landing_keys(nxt))  # fmt: skip
            return out
        if kind != "menu":
            return []  # a hangup
        mid = d["menu"]
        timeout = None
        if node.timeout is not None:
            seconds = node.duration + node.timeout.after
            timeout = self._fail(name, node, mid, fails, "timeout", SILENCE, 0, seconds)
        if quiet:
            return [timeout] if timeout else []
        if buf is not None:  # the typed-ahead key, taken at once
            return [self._take(name, node, mid, buf, fails, None, 0, 0.0)]
        kt = self.key_time[mid]
        press = kt if node.barge_in else node.duration + kt
        out = [self._take(name, node, mid, key, fails, key, 1, press) for key, _ in node.options]
        if node.invalid is not None:
            other = _other_key(node)
            if other is not None:
                out.append(self._take(name, node, mid, other, fails, other, 1, press))
        if timeout:
            out.append(timeout)
        return out

    def _take(self, name, node, mid, key, fails, label, presses, seconds) -> tuple:
        target = node.option(key)
        if target is not None:
            ref = self._ref(name, "option", key)
            state = (node_key(mid, target), None, _without(fails, name))
            return (state, label, presses, seconds, "option", ref)
        if node.invalid is not None:
            return self._fail(name, node, mid, fails, "invalid", label, presses, seconds)
        return ((name, None, fails), label, presses, seconds, "ignored", None)

    def _fail(self, name, node, mid, fails, kind, label, presses, seconds) -> tuple:
        """A timeout or an invalid key; the ``retries.max``-th failure follows ``retries.then``."""
        target = node.timeout.to if kind == "timeout" else node.invalid
        if node.retries is not None:
            count = _count(fails, name) + 1
            if count >= node.retries.max:
                state = (node_key(mid, node.retries.then), None, _without(fails, name))
                return (state, label, presses, seconds, "retry", self._ref(name, "retry"))
            fails = _with(fails, name, count)
        return ((node_key(mid, target), None, fails), label, presses, seconds, kind,
                self._ref(name, kind))  # fmt: skip

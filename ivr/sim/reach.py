"""The ways out of a node, statically, and the searches over them that lint asks for.

:func:`ways_out` lists every way out of a node with what it costs a caller who presses as
early as the menu allows and never types ahead (its ``seconds``, the compiled graph's edge
attribute) and the fewest key presses it takes. On a compiled graph, :func:`fewest_presses`
(from any entry to each node) and :func:`seconds_to_human` (from each node to a human, for the
luckiest caller: conditions not applied, a barge-in prompt cut by typing the next key ahead)
sum them. The costs are the kernel's (:mod:`ivr.sim.kernel`): this module restates no rule.

>>> from ivr.model.types import Node, Retries, Timeout
>>> menu = Node("main", "menu", duration=6, options=(("0", "human"),),
...             timeout=Timeout(5, "main"), retries=Retries(3, "bye"))
>>> [(w.way.kind, w.way.to, w.seconds, w.presses) for w in ways_out(menu, key_time=1)]
[('option', 'human', 1.0, 1), ('timeout', 'main', 11.0, 0), ('retry', 'bye', 0.0, 0)]
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr._record import NamedTuple
from ivr.model.types import Node
from ivr.sim.kernel import Way, early_seconds

if TYPE_CHECKING:
    import networkx as nx

_INF = float("inf")
_CUT_INTO = ("prompt", "branch", "menu")  # what a key typed ahead rides on to


class WayOut(NamedTuple):
    """A way out of a node with its early-caller ``seconds`` and fewest ``presses``."""

    way: Way
    seconds: float
    presses: int


def ways_out(node: Node, key_time: float) -> list[WayOut]:
    """Every way out of ``node``, in the order the compiled graph has its edges."""
    out = []
    for way in _ways(node):
        out.append(WayOut(way, way_seconds(node, way.kind, key_time), way_presses(node, way.kind)))
    return out


def _ways(node: Node) -> Iterable[Way]:
    if node.next is not None:
        yield Way("next", node.next)
    for key, target in node.options:
        yield Way("option", target, key)
    if node.timeout is not None:
        yield Way("timeout", node.timeout.to)
    if node.invalid is not None:
        yield Way("invalid", node.invalid)
    if node.retries is not None:
        yield Way("retry", node.retries.then)
    for case in node.cases:
        yield Way("branch", case.to, condition=case.when)
    if node.otherwise is not None:
        yield Way("branch", node.otherwise, otherwise=True)
    if node.to is not None:
        yield Way("transfer", None, target=node.to)


def way_seconds(node: Node, kind: str, key_time: float) -> float:
    """Seconds a way of this ``kind`` out of ``node`` takes (see :func:`early_seconds`)."""
    press, heard, silence, hop = early_seconds(node, key_time)
    return {"option": press, "invalid": press, "next": heard, "timeout": silence,
            "transfer": hop}.get(kind, 0.0)  # fmt: skip


def way_presses(node: Node | None, kind: str) -> int:
    """The fewest key presses a way of this ``kind`` out of ``node`` takes.

    An option or an invalid key is one press; a retry is ``retries.max`` failures, none of
    them a press when the menu's timeout comes back to it (silence alone exhausts it), else
    counted as that many invalid keys.
    """
    if kind in ("option", "invalid"):
        return 1
    if kind == "retry" and node is not None and node.retries is not None:
        silent = node.timeout is not None and node.timeout.to == node.id
        return 0 if silent else node.retries.max
    return 0


def fewest_presses(g: nx.MultiDiGraph, sources: Iterable[str]) -> dict[str, int]:
    """Fewest key presses from any of ``sources`` (entries) to each node they reach (a 0-1
    breadth-first search)."""
    nodes, succ = g.nodes, g.succ
    dist: dict[str, int] = dict.fromkeys(sources, 0)
    todo = deque(dist)
    while todo:
        u = todo.popleft()
        du = dist[u]
        model = nodes[u].get("node")
        for v, keyed in succ[u].items():
            w = min(way_presses(model, e["kind"]) for e in keyed.values())
            if du + w < dist.get(v, _INF):
                dist[v] = du + w
                if w:
                    todo.append(v)
                else:
                    todo.appendleft(v)
    return dist


def seconds_to_human(g: nx.MultiDiGraph, humans: Iterable[str]) -> dict[str, float]:
    """Least seconds from each node to any of ``humans``, for the luckiest caller (one
    multi-source Dijkstra over the reversed graph).

    Each way costs its early-caller seconds, except that a barge-in prompt leading on to a
    prompt, a branch or a menu costs nothing: the caller cuts it by typing the next key ahead,
    and that key is taken at once where it lands. Conditions are not applied.
    """
    nodes, pred = g.nodes, g.pred
    key_time = {m.id: m.key_time for m in g.graph["hotline"].menus} if "hotline" in g.graph else {}
    cost: dict[tuple[str, str], float] = {}  # (graph node, edge kind) -> seconds

    def seconds(u: str, kind: str) -> float:
        slot = (u, kind)
        got = cost.get(slot)
        if got is None:
            d = nodes[u]
            model = d.get("node")
            kt = key_time.get(d.get("menu", ""), 1.0)
            got = cost[slot] = way_seconds(model, kind, kt) if model is not None else 0.0
        return got

    dist: dict[str, float] = dict.fromkeys(humans, 0.0)
    heap = [(0.0, h) for h in dist]
    heapq.heapify(heap)
    while heap:
        dv, v = heapq.heappop(heap)
        if dv > dist[v]:
            continue
        cut_into = nodes[v].get("type") in _CUT_INTO
        for u, keyed in pred[v].items():
            du = nodes[u]
            cut = cut_into and du.get("type") == "prompt" and bool(du.get("barge_in"))
            w = min(0.0 if cut and e["kind"] == "next" else seconds(u, e["kind"])
                    for e in keyed.values())  # fmt: skip
            if dv + w < dist.get(u, _INF):
                dist[u] = dv + w
                heapq.heappush(heap, (dv + w, u))
    return dist


def reach_without_keys(
    g: nx.MultiDiGraph, targets: Iterable[str], stop: Iterable[str] = ()
) -> set[str]:
    """Graph nodes from which a caller who presses no key can come to one of ``targets`` (one
    backward search over the ways that take no press, :func:`way_presses` 0: a prompt heard, a
    timeout, a retry that silence alone exhausts, every case of a branch, a transfer, an
    entry). A node whose type is in ``stop`` is found but not searched past.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("m", "h", kind="option"); g.add_edge("p", "h", kind="next")
    0
    0
    >>> sorted(reach_without_keys(g, ["h"]))
    ['h', 'p']
    """
    nodes, pred = g.nodes, g.pred
    halt = set(stop)
    seen = set(targets)
    todo = deque(seen)
    while todo:
        for u, keyed in pred[todo.popleft()].items():
            if u in seen:
                continue
            model = nodes[u].get("node")
            if all(way_presses(model, e["kind"]) for e in keyed.values()):
                continue
            seen.add(u)
            if nodes[u].get("type") not in halt:
                todo.append(u)
    return seen

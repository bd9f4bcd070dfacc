"""Structural lint rules over the compiled graph.

Each rule has a stable id and a default severity; a node can silence a rule for itself with
``suppress: [rule-id]``. Searches are done once per graph (a reverse search from every human
at once, not a search per node).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic
from .model import HUMAN_TYPES, TERMINAL_TYPES, Loc

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str
    run: Callable[[nx.MultiDiGraph], Iterable[tuple[str, str]]]  # (graph node, message)


def _reach(g: nx.MultiDiGraph, starts: Iterable[str], backwards: bool = False) -> set[str]:
    """Every graph node reachable from ``starts`` (following edges backwards if asked)."""
    step = g.pred if backwards else g.succ
    seen = set(starts)
    todo = deque(seen)
    while todo:
        for nxt in step[todo.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _nodes(g: nx.MultiDiGraph) -> Iterable[tuple[str, dict]]:
    return ((n, d) for n, d in g.nodes(data=True) if d.get("kind") == "node")


def _unreachable(g: nx.MultiDiGraph) -> Iterable[tuple[str, str]]:
    reached = _reach(g, (n for n, d in g.nodes(data=True) if d.get("kind") == "entry"))
    for n, d in _nodes(g):
        if n not in reached:
            yield n, f"node '{d['id']}' cannot be reached from any entry"


def _dead_end(g: nx.MultiDiGraph) -> Iterable[tuple[str, str]]:
    for n, d in _nodes(g):
        if d["type"] not in TERMINAL_TYPES and g.out_degree(n) == 0:
            yield n, f"{d['type']} node '{d['id']}' has no way out and is not an end of the call"


def _no_human(g: nx.MultiDiGraph) -> Iterable[tuple[str, str]]:
    humans = [n for n, d in _nodes(g) if d["type"] in HUMAN_TYPES]
    can_reach = _reach(g, humans, backwards=True)
    entries = [n for n, d in g.nodes(data=True) if d.get("kind") == "entry"]
    reached = _reach(g, entries)
    for n, d in _nodes(g):
        if n in reached and n not in can_reach and d["type"] not in TERMINAL_TYPES:
            yield n, f"no human can be reached from {d['type']} node '{d['id']}'"


def _loop_no_exit(g: nx.MultiDiGraph) -> Iterable[tuple[str, str]]:
    import networkx as nx  # noqa: PLC0415

    ends = [n for n, d in _nodes(g) if d["type"] in TERMINAL_TYPES]
    can_end = _reach(g, ends, backwards=True)
    trapped = g.subgraph(n for n, d in _nodes(g) if n not in can_end)
    for component in nx.strongly_connected_components(trapped):
        first = min(component)
        if len(component) > 1 or trapped.has_edge(first, first):
            ids = sorted(g.nodes[n]["id"] for n in component)
            yield first, (
                f"loop with no exit: {' -> '.join(ids)} -> ... never ends in an agent, "
                "a callback or a hangup"
            )


def _menu_missing(field: str, why: str) -> Callable[[nx.MultiDiGraph], Iterable[tuple[str, str]]]:
    def run(g: nx.MultiDiGraph) -> Iterable[tuple[str, str]]:
        for n, d in _nodes(g):
            if d["type"] == "menu" and getattr(d["node"], field) is None:
                yield n, f"menu '{d['id']}' has no '{field}': {why}"

    return run


RULES: tuple[Rule, ...] = (
    Rule("unreachable", "warning", "a node no entry leads to", _unreachable),
    Rule("dead-end", "error", "a node with no way out that does not end the call", _dead_end),
    Rule("loop-no-exit", "error", "a cycle from which the call can never end", _loop_no_exit),
    Rule("no-human", "warning", "a node from which no agent or callback is reachable", _no_human),
    Rule(
        "no-timeout",
        "warning",
        "a menu that waits forever for a key",
        _menu_missing("timeout", "a silent caller waits forever"),
    ),
    Rule(
        "no-invalid",
        "info",
        "a menu that ignores unknown keys",
        _menu_missing("invalid", "an unknown key is ignored without a word"),
    ),
)


def lint(g: nx.MultiDiGraph, rules: Iterable[Rule] = RULES) -> list[Diagnostic]:
    """Run the rules over a compiled graph; findings sorted by file, line and rule."""
    out: list[Diagnostic] = []
    for rule in rules:
        for n, message in rule.run(g):
            d = g.nodes[n]
            model = d.get("node")
            if model is not None and rule.id in model.suppress:
                continue
            out.append(Diagnostic(Loc(d["file"], d["line"], d["col"]), message, rule.id, rule.severity))
    out.sort(key=lambda x: (x.loc.file, x.loc.line, x.loc.col, x.rule))
    return out

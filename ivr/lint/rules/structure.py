"""Rules on the shape of the graph: nodes no entry reaches, ways out, loops, humans, menus
that wait forever or ignore unknown keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ivr.lint.engine
from ivr.graph.index import graph_index
from ivr.lint.engine import Finding, Lint, Rule, reach
from ivr.model.types import NODE_TYPES, TERMINAL_TYPES


def _unreachable(ctx: Lint) -> Iterable[Finding]:
    reached = ctx.reached
    for n, d in ctx.nodes:
        if n not in reached:
            yield n, f"node '{d['id']}' cannot be reached from any entry"


def _dead_end(ctx: Lint) -> Iterable[Finding]:
    g = ctx.g
    for n, d in ctx.nodes:
        if d["type"] not in TERMINAL_TYPES and g.out_degree(n) == 0:
            yield n, f"{d['type']} node '{d['id']}' has no way out and is not an end of the call"


def _no_human(ctx: Lint) -> Iterable[Finding]:
    """One reverse search from every human at once. (A node that no entry reaches is
    reported once, by ``unreachable``, when that rule runs too.)"""
    g = ctx.g
    index = graph_index(g)
    numbers = None
    if len(index.names) >= ivr.lint.engine.ARRAY_SEARCH_MIN and index.data:
        wanted = tuple(t for t in NODE_TYPES if t not in TERMINAL_TYPES)
        numbers = index.numbers_without_path_to_human(wanted)  # only the nodes it reports
    if numbers is not None:  # each node's attributes from the index: no lookup by name
        names, data = index.names, index.data
        found = [(names[i], data[i]) for i in numbers]
    else:
        nodes = g.nodes
        found = [(n, nodes[n]) for n in ctx.cannot_reach_human]
    for n, d in found:
        kind = d["type"] if d.get("kind") == "node" else None
        if kind is not None and kind not in TERMINAL_TYPES:
            yield n, f"no human can be reached from {kind} node '{d['id']}'"


def _loop_no_exit(ctx: Lint) -> Iterable[Finding]:
    import networkx as nx  # noqa: PLC0415

    g = ctx.g
    ends = [n for n, d in ctx.nodes if d["type"] in TERMINAL_TYPES]
    can_end = reach(g, ends, backwards=True)
    trapped = g.subgraph(n for n, d in ctx.nodes if n not in can_end)
    for component in nx.strongly_connected_components(trapped):
        first = min(component)
        if len(component) > 1 or trapped.has_edge(first, first):
            ids = sorted(g.nodes[n]["id"] for n in component)
            yield (
                first,
                (
                    f"loop with no exit: {' -> '.join(ids)} -> ... never ends in an agent, "
                    "a callback or a hangup"
                ),
            )


def _menu_missing(field: str, why: str) -> Callable[[Lint], Iterable[Finding]]:
    def run(ctx: Lint) -> Iterable[Finding]:
        for n, d in ctx.nodes:
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

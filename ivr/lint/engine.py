"""The lint engine: rules, the run over a graph, and the searches rules share.

A :class:`Rule` has a stable id, a default severity and the :class:`Option` values (budgets) it
reads; its ``run(ctx)`` yields findings from a :class:`Lint` context. The context does each
search once per graph, whichever rules ask for it (a reverse search from every human at once,
one multi-source Dijkstra for the time to a human, one breadth-first search for the depth —
never a search per node). :func:`run_rules` applies a configuration (selection, severities,
budgets) and the nodes' ``suppress`` lists. The rules themselves are in :mod:`ivr.lint.rules`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from ivr._record import record
from ivr.diagnostics import Diagnostic
from ivr.graph.index import graph_index
from ivr.model.types import Loc
from ivr.sim.reach import fewest_presses, seconds_to_human

if TYPE_CHECKING:
    import networkx as nx

    from ivr.lint.config import Config

Finding = tuple[str | Loc, str]
"""What a rule yields: the graph node (or a location in a file) and the message."""


@record
class Option:
    """A value a rule reads from ``[tool.ivr] budgets``: its name, default and meaning.

    >>> Option("max_hold", 30, "most seconds on hold").default
    30
    """

    name: str
    default: float
    doc: str


@record
class Rule:
    """A lint rule: ``run(ctx)`` yields a :data:`Finding` for each problem it finds.

    ``options`` are the budgets it reads (``ctx.budget(option)``); a rule that is not
    ``configurable`` can be neither disabled nor lowered (a menu that does not load); a rule
    that is not ``default`` runs only when selected.

    >>> Rule("quiet", "info", "finds nothing", lambda ctx: ()).options
    ()
    """

    id: str
    severity: str
    summary: str
    run: Callable[[Lint], Iterable[Finding]]
    options: tuple[Option, ...] = ()
    configurable: bool = True
    default: bool = True
    """Whether the rule runs unless selected: a pack off by default (``gethuman``) runs only
    when ``[tool.ivr]`` or ``ivr check --extend-select`` names it."""
    family: str = ""
    """The rule's family: the module of :mod:`ivr.lint.rules` it is declared in."""


def option_defaults(rules: Iterable[Rule]) -> dict[str, float]:
    """Option name -> default, for every option the rules declare (in the rules' order).

    >>> option_defaults([Rule("r", "info", "r", lambda ctx: (), (Option("max_x", 3, "x"),))])
    {'max_x': 3}
    """
    return {o.name: o.default for r in rules for o in r.options}


def reach(g: nx.MultiDiGraph, starts: Iterable[str], backwards: bool = False) -> set[str]:
    """Every graph node reachable from ``starts`` (following edges backwards if asked).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> sorted(reach(g, ["b"])), sorted(reach(g, ["b"], backwards=True))
    (['b', 'c'], ['a', 'b'])
    """
    step = g.pred if backwards else g.succ
    seen = set(starts)
    todo = deque(seen)
    while todo:
        for nxt in step[todo.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def menu_nodes(g: nx.MultiDiGraph) -> Iterable[tuple[str, dict]]:
    """The graph nodes that are nodes of a menu (not entries), with their attributes.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m#0890", kind="entry"); g.add_node("m/main", kind="node")
    >>> [n for n, _ in menu_nodes(g)]
    ['m/main']
    """
    return ((n, d) for n, d in g.nodes(data=True) if d.get("kind") == "node")


ARRAY_SEARCH_MIN = 20_000
"""Graphs of at least this many nodes are searched with scipy, when it is installed: below
that, importing scipy takes longer than the search it saves."""


class Lint:
    """One lint run over a compiled graph: the budgets and the searches the rules share.

    Each search runs at most once per run, whichever rules ask for it.

    >>> import ivr
    >>> ctx = Lint(ivr.compile(ivr.load_menu_text('''
    ... ivr: 1
    ... entries: [{dial: "0890", start: main}]
    ... nodes:
    ...   main: {type: menu, say: "Operator - 0", options: {"0": human}}
    ...   human: {type: agent}
    ... ''')))
    >>> ctx.depth["<text>/human"], ctx.seconds_to_human["<text>/main"], ctx.cannot_reach_human
    (1, 1.0, [])
    """

    def __init__(self, g: nx.MultiDiGraph, budgets: dict[str, float] | None = None):
        self.g = g
        self.budgets = dict(budgets or {})

    def budget(self, option: Option) -> float:
        """The value of a rule's option in this run (its default unless configured)."""
        return self.budgets.get(option.name, option.default)

    @cached_property
    def nodes(self) -> list[tuple[str, dict]]:
        return list(menu_nodes(self.g))

    @cached_property
    def entries(self) -> list[str]:
        return [n for n, d in self.g.nodes(data=True) if d.get("kind") == "entry"]

    @cached_property
    def humans(self) -> list[str]:
        """Agents and callbacks (from the graph's index)."""
        index = graph_index(self.g)
        return [index.names[i] for i in index.humans]

    @cached_property
    def reached(self) -> set[str]:
        """Graph nodes some entry leads to."""
        return reach(self.g, self.entries)

    @cached_property
    def can_reach_human(self) -> set[str]:
        """Graph nodes from which an agent or a callback can be reached (one reverse search)."""
        return reach(self.g, self.humans, backwards=True)

    @cached_property
    def cannot_reach_human(self) -> list[str]:
        """Graph nodes from which no agent or callback can be reached, in the graph's order.

        On a big graph with scipy installed, one breadth-first search in C over the graph's
        :class:`~ivr.graph.GraphIndex`; otherwise the complement of :attr:`can_reach_human`.
        """
        index = graph_index(self.g)
        if len(index.names) >= ARRAY_SEARCH_MIN:
            found = index.without_path_to_human()
            if found is not None:
                return found
        reach = self.can_reach_human
        return [n for n in self.g if n not in reach]

    @cached_property
    def depth(self) -> dict[str, int]:
        """Fewest key presses from any entry to each node (one 0-1 breadth-first search)."""
        return fewest_presses(self.g, self.entries)

    @cached_property
    def seconds_to_human(self) -> dict[str, float]:
        """Least seconds from each node to a human, for the luckiest caller: see
        :func:`ivr.sim.reach.seconds_to_human`."""
        return seconds_to_human(self.g, self.humans)


def _suppressed(g: nx.MultiDiGraph, n: str, d: dict, rule_id: str) -> bool:
    model = d.get("node")
    if model is None and d.get("kind") == "entry":  # an entry answers to its start node
        start = next(iter(g.succ[n]), None)
        model = g.nodes[start].get("node") if start is not None else None
    return model is not None and rule_id in model.suppress


def run_rules(
    g: nx.MultiDiGraph, rules: Iterable[Rule], config: Config | None = None
) -> list[Diagnostic]:
    """Run the rules over a compiled graph; findings sorted by file, line and rule.

    ``config`` (a :class:`ivr.lint.config.Config`) selects rules, overrides severities and sets
    the budgets; without it every rule on by default runs at its default severity on its
    default budgets.

    >>> import ivr
    >>> g = ivr.compile(ivr.load_menu_text('''
    ... ivr: 1
    ... entries: [{dial: "0890", start: h}]
    ... nodes: {h: {type: agent}}'''))
    >>> every = Rule("all", "info", "each node", lambda ctx: ((n, "here") for n, _ in ctx.nodes))
    >>> [(str(d.loc), d.rule, d.severity) for d in run_rules(g, [every])]
    [('<text>:4:12', 'all', 'info')]
    """
    rules = list(rules)
    ctx = Lint(g, {**option_defaults(rules), **(config.budgets if config is not None else {})})
    out: list[Diagnostic] = []
    chosen = [r for r in rules if (config.selects(r) if config is not None else r.default)]
    ran = {r.id for r in chosen}
    for r in chosen:
        severity = config.severity_of(r.id, r.severity) if config is not None else r.severity
        for where, message in r.run(ctx):
            if isinstance(where, Loc):
                out.append(Diagnostic(where, message, r.id, severity))
                continue
            d = g.nodes[where]
            if _suppressed(g, where, d, r.id):
                continue
            out.append(Diagnostic(Loc(d["file"], d["line"], d["col"]), message, r.id, severity))
    if {"unreachable", "no-human"} <= ran:  # an unreachable node: say so once
        unreachable = {d.loc for d in out if d.rule == "unreachable"}
        out = [d for d in out if d.rule != "no-human" or d.loc not in unreachable]
    out.sort(key=lambda x: (x.loc.file, x.loc.line, x.loc.col, x.rule))
    return out

"""The path of a call: the compiled graph's edges a simulated call took, in order.

The simulator records every way out of a node it takes (``Call.trail``, from the kernel's
steps); this maps each onto its edge of the compiled graph, with no reading of the transcript.

>>> from ivr.graph.build import compile
>>> from ivr.io.yaml.reader import load_menu_text
>>> from ivr.sim.run import simulate
>>> menu = load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main: {type: menu, duration: 4, options: {"0": human}, timeout: {after: 5, to: main}}
...   human: {type: agent}
... ''')
>>> path_of_call(compile(menu), simulate(menu, "0890", "_ 0"))
[('demo#0890', 'demo/main', 0), ('demo/main', 'demo/main', 0), ('demo/main', 'demo/human', 0)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.errors import InputError
from ivr.graphcache import cached
from ivr.sim.kernel import Way

if TYPE_CHECKING:
    import networkx as nx

    from ivr.sim.run import Call, Taken

EdgeRef = tuple[str, str, int]


class PathError(InputError):
    """The call does not fit the graph: a way it took is not an edge there (the graph is of
    other menus, or was changed after it was compiled)."""


def _name(menu: str, node: str, entry: bool = False) -> str:
    # the graph's names, as ivr.graph.build.node_key / entry_key make them
    return f"{menu}#{node}" if entry else f"{menu}/{node}"


def path_of_call(g: nx.MultiDiGraph, call: Call) -> list[EdgeRef]:
    """The edges a simulated call took, in order: the highlight of a ``--dial/--keys`` call.

    The entry edge, then one edge for each way out of a node the call took (an option, a
    prompt's next, a timeout, an invalid key, a retry, a branch, a transfer and the target
    entry's edge). Empty for a call no entry served. Raises :class:`PathError` (an
    :class:`~ivr.errors.InputError`, also a ValueError) when the call does not fit the graph.
    """
    table = edge_table(g)
    path: list[EdgeRef] = []
    for taken in call.trail:
        ref = edge_of(g, taken, table)
        if path and path[-1][1] != ref[0]:
            raise PathError(f"the call goes from {path[-1][1]} to {ref[0]}: no edge joins them")
        path.append(ref)
    return path


def edge_of(
    g: nx.MultiDiGraph, taken: Taken, table: dict[str, dict[tuple, EdgeRef]] | None = None
) -> EdgeRef:
    """The compiled edge of one way out of a node that a call took (``table``: the graph's
    :func:`edge_table`, when the caller has it)."""
    way = taken.way
    u = _name(taken.menu, taken.node, entry=way.kind == "entry")
    v = _name(taken.menu, way.to) if way.to is not None else None
    ref = edge_in(table if table is not None else edge_table(g), u, v, way)
    if ref is None:
        if u not in g:
            raise PathError(f"the call passes {u}, which the graph does not have")
        shown = f" {way.key}" if way.key else ""
        raise PathError(f"the call leaves {u} by {way.kind}{shown}, which the graph lacks")
    return ref


def find_edge(g: nx.MultiDiGraph, u: str, v: str | None, way: Way) -> EdgeRef | None:
    """The edge ``(u, v, k)`` of the compiled graph that is ``way`` out of ``u`` (any ``v``
    when None: a transfer's target entry), or None when the graph has no such edge.

    Looked up in :func:`edge_table`, built once per graph (and again after the graph changes);
    of several edges that fit, the first in the graph's order.
    """
    return edge_in(edge_table(g), u, v, way)


def edge_in(
    table: dict[str, dict[tuple, EdgeRef]], u: str, v: str | None, way: Way
) -> EdgeRef | None:
    """:func:`find_edge` in a table :func:`edge_table` made."""
    kind = way.kind
    what: object
    if kind == "option":
        what = way.key
    elif kind == "branch":
        what = True if way.otherwise else way.condition
    else:
        what = None
    row = table.get(u)
    if row is None:
        row = table[u] if isinstance(table, EdgeTable) else _NONE
    return row.get((kind, what, v))


class EdgeTable(dict):
    """Node -> its row of :func:`edge_table`, each row made when first asked for (a search
    that looks at a few nodes of a big graph reads only those)."""

    def __init__(self, g: nx.MultiDiGraph):
        super().__init__()
        self.g = g

    def __missing__(self, u: str) -> dict[tuple, EdgeRef]:
        if u not in self.g:
            return _NONE
        row = self[u] = _row(u, self.g.adj[u])
        return row


_TABLE_KEY = "ivr.sim.path.edge_table"
_NONE: dict = {}


def edge_table(g: nx.MultiDiGraph) -> dict[str, dict[tuple, EdgeRef]]:
    """Node -> {(kind, what tells its edges apart, target or None): the first edge that fits}.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edges_from([("m/main", "m/human", {"kind": "option", "key": "0"})])
    >>> edge_table(g)["m/main"][("option", "0", "m/human")]
    ('m/main', 'm/human', 0)
    """
    return cached(g, _TABLE_KEY, _edge_table)


def _edge_table(g: nx.MultiDiGraph) -> dict[str, dict[tuple, EdgeRef]]:
    return EdgeTable(g)


def _row(u: str, by_target) -> dict[tuple, EdgeRef]:
    mine: dict[tuple, EdgeRef] = {}
    for w in by_target:  # indexed: items() of a networkx view iterates in Python
        for k, d in by_target[w].items():
            kind = d.get("kind")
            if kind == "option":
                what = d.get("key")
            elif kind == "branch":
                what = True if d.get("otherwise") else d.get("condition")
            else:
                what = None
            ref = (u, w, k)
            mine.setdefault((kind, what, w), ref)
            mine.setdefault((kind, what, None), ref)
    return mine

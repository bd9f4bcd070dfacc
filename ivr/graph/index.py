"""A compiled graph as integer arrays, for searches in C (scipy's csgraph), never stale.

The index lives in the graph's ``__networkx_cache__``, the per-graph cache that networkx
empties on every change made through its methods (``add_edge``, ``remove_node``, ...): after
an edit the next :func:`graph_index` derives a fresh one from the graph's public views. (As
networkx documents for its own caches, code that changes the attribute dicts in place, say a
node's ``type``, should empty it too: ``g.__networkx_cache__.clear()``.)
"""

from __future__ import annotations

from array import array
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ivr._record import record
from ivr.graphcache import ROWS, cached, keep, taken
from ivr.model.types import HUMAN_TYPES, NODE_TYPES

if TYPE_CHECKING:
    import networkx as nx

_KEY = "ivr.graph_index"
TYPES = (*NODE_TYPES, "entry")
"""A node's ``type`` as the number ``types`` holds (its place here; -1: none of these)."""
EDGE_KINDS = ("entry", "option", "next", "timeout", "invalid", "retry", "branch", "transfer")
"""An edge's ``kind`` as the number ``kinds`` holds (its place here; -1: none of these)."""
BARGE_IN = 1  # node flag: a prompt with barge-in (the caller hears it out or types ahead)
RETRIES = 2  # node flag: a menu with ``retries`` (it counts failures)


@record
class GraphIndex:
    """The graph as numbers: what array searches need.

    ``names[i]`` is graph node ``i`` (in the graph's node order); edge ``j`` runs from
    ``names[src[j]]`` to ``names[dst[j]]``; ``humans`` numbers the agents and callbacks;
    ``types[i]`` is node ``i``'s type as a number (:data:`TYPES`). Per edge ``j``:
    ``kinds[j]`` its kind (:data:`EDGE_KINDS`), ``seconds[j]`` its early-caller seconds,
    ``keys[j]`` an option's key (else None); per node ``flags[i]``: :data:`BARGE_IN`,
    :data:`RETRIES` (the nodes after which a caller's condition is more than the node), and
    ``data[i]`` its attribute dict, the graph's own (what ``g.nodes(data=True)`` gives).
    """

    names: list[str]
    src: array
    dst: array
    humans: array
    types: array
    kinds: array = field(default_factory=lambda: array("b"))
    seconds: array = field(default_factory=lambda: array("d"))
    keys: list = field(default_factory=list)
    flags: array = field(default_factory=lambda: array("b"))
    number: dict = field(default_factory=dict, repr=False)  # name -> its number (may be empty)
    data: list = field(default_factory=list, repr=False)  # node i's attributes (may be empty)
    _reversed: list = field(default_factory=list, repr=False)

    __eq__ = object.__eq__  # one index is equal to itself only (what eq=False gave)
    __hash__ = object.__hash__

    def number_of(self, name: str) -> int:
        """The number of graph node ``name`` (KeyError when it has none)."""
        if not self.number:
            self.number.update((n, i) for i, n in enumerate(self.names))
        return self.number[name]

    def without_path_to_human(self, types: tuple[str, ...] | None = None) -> list[str] | None:
        """Names of the nodes with no path to a human, in the graph's order: scipy's
        breadth-first search on the reversed graph from a node placed in front of every human.
        ``types``: only nodes of these types. None when scipy is not installed (``pip install
        'ivr[fast]'``).

        >>> from ivr.model.types import Menu, Node
        >>> from ivr.graph.build import compile
        >>> g = compile(Menu(id="m", nodes=(Node("main", "menu", options=(("0", "human"),
        ...     ("1", "bye"))), Node("human", "agent"), Node("bye", "hangup"))))
        >>> graph_index(g).without_path_to_human()
        ['m/bye']
        """
        numbers = self.numbers_without_path_to_human(types)
        if numbers is None:
            return None
        names = self.names
        return [names[i] for i in numbers]

    def numbers_without_path_to_human(
        self, types: tuple[str, ...] | None = None
    ) -> list[int] | None:
        """:meth:`without_path_to_human`, as node numbers."""
        try:
            import numpy as np  # noqa: PLC0415  (optional: pip install 'ivr[fast]')
            from scipy.sparse.csgraph import breadth_first_order  # noqa: PLC0415
        except ImportError:
            return None
        n = len(self.names)
        seen = np.zeros(n + 1, dtype=bool)
        order = breadth_first_order(self.reversed_csr(), n, return_predecessors=False)
        seen[order] = True
        missed = ~seen[:n]
        if types is not None:  # a table of the wanted codes, looked up (np.isin sorts)
            wanted = np.zeros(len(TYPES) + 1, dtype=bool)  # the last place: code -1
            wanted[[TYPES.index(t) for t in types if t in TYPES]] = True
            missed &= wanted[np.frombuffer(self.types, dtype=np.int8)]
        return np.flatnonzero(missed).tolist()

    def reversed_csr(self):
        """The reversed graph as a scipy CSR matrix, plus node ``n`` with an edge to every
        human (built once per index)."""
        if not self._reversed:
            import numpy as np  # noqa: PLC0415
            from scipy.sparse import csr_matrix  # noqa: PLC0415

            n = len(self.names)
            humans = np.frombuffer(self.humans, dtype=np.intc)
            rows = np.concatenate([np.frombuffer(self.dst, dtype=np.intc), np.full(len(humans), n)])
            cols = np.concatenate([np.frombuffer(self.src, dtype=np.intc), humans])
            ones = np.ones(len(rows), dtype=np.int8)
            self._reversed.append(csr_matrix((ones, (rows, cols)), shape=(n + 1, n + 1)))
        return self._reversed[0]


def graph_index(g: nx.MultiDiGraph) -> GraphIndex:
    """The graph's :class:`GraphIndex`: the one kept since its last change, else a new one.

    >>> from ivr.model.types import Menu, Node
    >>> from ivr.graph.build import compile
    >>> g = compile(Menu(id="m", nodes=(Node("main", "menu", options=(("0", "human"),)),
    ...                                 Node("human", "agent"))))
    >>> ix = graph_index(g)
    >>> ix.names, list(ix.src), list(ix.dst), [ix.names[i] for i in ix.humans]
    (['m/main', 'm/human'], [0], [1], ['m/human'])
    >>> g.remove_edge("m/main", "m/human")
    >>> list(graph_index(g).src)
    []
    """
    return cached(g, _KEY, _derive)


def keep_index(g: nx.MultiDiGraph, index: GraphIndex) -> None:
    """Keep ``index`` (which must describe ``g`` as it is) until ``g`` next changes."""
    keep(g, _KEY, index)


def index_of_rows(
    node_rows: list[tuple[str, dict]], edge_rows: list[tuple[str, str, dict]], attrs: list[dict]
) -> GraphIndex | None:
    """The rows a graph was built from as numbers, or None when they name a node twice or an
    edge ends nowhere (``attrs``: the graph's attribute dicts of the nodes, in its order: the
    rows' order)."""
    names = [name for name, _ in node_rows]
    number = {name: i for i, name in enumerate(names)}
    if len(number) != len(names):
        return None
    try:
        src = array("i", [number[u] for u, _, _ in edge_rows])
        dst = array("i", [number[v] for _, v, _ in edge_rows])
    except KeyError:
        return None
    humans = array("i", [i for i, (_, d) in enumerate(node_rows) if d["type"] in HUMAN_TYPES])
    types = type_codes([d.get("type") for _, d in node_rows])
    datas = [d for _, d in node_rows]
    return GraphIndex(names, src, dst, humans, types, *edge_codes([d for _, _, d in edge_rows]),
                      node_flags(datas), number, attrs)  # fmt: skip


def _derive(g: nx.MultiDiGraph) -> GraphIndex:
    kept: Any = taken(g, ROWS)
    if kept is not None:  # kept by ivr.compile since it built the graph: it is as they say
        node_rows, edge_rows = kept
        index = index_of_rows(node_rows, edge_rows, [d for _, d in g.nodes(data=True)])
        if index is not None:
            return index
    names = list(g)
    number = {name: i for i, name in enumerate(names)}
    rows = list(g.edges(data=True))
    src = array("i", [number[u] for u, _, _ in rows])
    dst = array("i", [number[v] for _, v, _ in rows])
    kinds = [t for _, t in g.nodes(data="type")]
    humans = array("i", [i for i, t in enumerate(kinds) if t in HUMAN_TYPES])
    datas = [d for _, _, d in rows]
    attrs = [d for _, d in g.nodes(data=True)]
    return GraphIndex(names, src, dst, humans, type_codes(kinds), *edge_codes(datas),
                      node_flags(attrs), number, attrs)  # fmt: skip


def edge_codes(datas: list[dict]) -> tuple[array, array, list]:
    """(kinds, seconds, keys) of edges given their attribute dicts."""
    code: dict[object, int] = {k: i for i, k in enumerate(EDGE_KINDS)}
    kinds = array("b", [code.get(d.get("kind"), -1) for d in datas])
    seconds = array("d", [float(d.get("seconds", 0.0)) for d in datas])
    return kinds, seconds, [d.get("key") for d in datas]


def node_flags(datas: list[dict]) -> array:
    """The :data:`BARGE_IN` / :data:`RETRIES` flags of nodes given their attribute dicts."""
    out = array("b", bytes(len(datas)))
    for i, d in enumerate(datas):
        kind = d.get("type")
        node = d.get("node")
        if kind == "prompt" and d.get("barge_in"):
            out[i] = BARGE_IN
        elif kind == "menu" and node is not None and node.retries is not None:
            out[i] = RETRIES
    return out


def type_codes(kinds: list) -> array:
    """Node types as the numbers of :data:`TYPES` (-1 for any other)."""
    code = {t: i for i, t in enumerate(TYPES)}
    return array("b", [code.get(t, -1) for t in kinds])

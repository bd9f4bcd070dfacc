"""The model as a networkx ``MultiDiGraph``: what routes, checks and diagrams walk.

Graph nodes are named ``"<menu id>/<node id>"`` for menu nodes and ``"<menu id>#<entry id>"``
for entries. Every way out of a node is one edge with the attributes ``kind`` (entry, option,
next, timeout, invalid, retry, branch, transfer), ``key`` (the DTMF key of an option, else
None), ``condition`` (a :class:`~ivr.model.Condition` or None) and ``seconds`` (the time the
edge takes for a caller who presses as early as the menu allows and never types ahead).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivr._gcpause import gc_paused
from ivr.model.types import HUMAN_TYPES, Condition, Hotline, Menu

if TYPE_CHECKING:
    import networkx as nx

EDGE_KINDS = ("entry", "option", "next", "timeout", "invalid", "retry", "branch", "transfer")


@dataclass(frozen=True)
class GraphIndex:
    """A compiled graph as numbers: what array searches (scipy's csgraph) need.

    ``names[i]`` is graph node ``i`` (in the graph's node order); edge ``j`` runs from
    ``names[src[j]]`` to ``names[dst[j]]``; ``humans`` numbers the agents and callbacks. Made by
    :func:`compile` as it builds the graph, for a few percent of its time, and kept in
    ``g.graph["index"]``. It describes the graph as compiled: ivr never changes a compiled
    graph; code that does should drop it (``del g.graph["index"]``).
    """

    names: list[str]
    src: array
    dst: array
    humans: array


def graph_index(g: nx.MultiDiGraph) -> GraphIndex | None:
    """The graph's :class:`GraphIndex`, or None when it has none or it no longer fits.

    >>> from ivr.model.types import Menu, Node
    >>> g = compile(Menu(id="m", nodes=(Node("main", "menu", options=(("0", "human"),)),
    ...                                 Node("human", "agent"))))
    >>> ix = graph_index(g)
    >>> ix.names, list(ix.src), list(ix.dst), [ix.names[i] for i in ix.humans]
    (['m/main', 'm/human'], [0], [1], ['m/human'])
    """
    ix = g.graph.get("index")
    if not isinstance(ix, GraphIndex) or len(ix.names) != len(g):
        return None
    return ix


def node_key(menu_id: str, node_id: str) -> str:
    """The graph name of a menu node.

    >>> node_key("mts-short", "main")
    'mts-short/main'
    """
    return f"{menu_id}/{node_id}"


def entry_key(menu_id: str, entry_id: str) -> str:
    """The graph name of an entry.

    >>> entry_key("mts-short", "0890")
    'mts-short#0890'
    """
    return f"{menu_id}#{entry_id}"


def as_hotline(menus: Hotline | Menu) -> Hotline:
    return menus if isinstance(menus, Hotline) else Hotline((menus,), menus.file)


def compile(menus: Hotline | Menu) -> nx.MultiDiGraph:  # noqa: A001  (the public name ivr.compile)
    """Compile a loaded hotline (or one menu) into a ``MultiDiGraph``.

    >>> from ivr.io.yaml.reader import load_menu_text
    >>> g = compile(load_menu_text('''
    ... ivr: 1
    ... id: demo
    ... entries: [{dial: "0890", start: main}]
    ... nodes:
    ...   main: {type: menu, say: "Operator - 0", duration: 4, options: {"0": human}}
    ...   human: {type: agent}
    ... '''))
    >>> for u, v, d in g.edges(data=True):
    ...     print(u, v, d["kind"], d["key"], d["seconds"])
    demo#0890 demo/main entry None 0.0
    demo/main demo/human option 0 1.0
    """
    import networkx as nx  # noqa: PLC0415  (lazy: networkx takes 0.3 s to import)

    hotline = as_hotline(menus)
    g = nx.MultiDiGraph(hotline=hotline)
    files = {m.file.rsplit("/", 1)[-1]: m for m in hotline.menus}
    node_rows: list[tuple[str, dict]] = []
    edge_rows: list[tuple[str, str, dict]] = []
    with gc_paused():  # dicts of dicts, no cycles: see ivr._gcpause
        for menu in hotline.menus:
            _compile_menu(menu, files, node_rows, edge_rows)
        if _plain_dicts(g):
            _fill(g, node_rows, edge_rows)
        else:  # a networkx with other internals: the public (3x slower) way
            g.add_nodes_from(node_rows)
            g.add_edges_from(edge_rows)
        index = _index(node_rows, edge_rows)
    if index is not None and len(index.names) == len(g):
        g.graph["index"] = index
    return g


def _index(
    node_rows: list[tuple[str, dict]], edge_rows: list[tuple[str, str, dict]]
) -> GraphIndex | None:
    """The rows as numbers, or None when they name a node twice or an edge ends nowhere."""
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
    return GraphIndex(names, src, dst, humans)


def _plain_dicts(g: nx.MultiDiGraph) -> bool:
    return all(type(getattr(g, name, None)) is dict for name in ("_node", "_succ", "_pred"))


def _fill(
    g: nx.MultiDiGraph, node_rows: list[tuple[str, dict]], edge_rows: list[tuple[str, str, dict]]
) -> None:
    """What ``add_nodes_from`` then ``add_edges_from`` do, written straight into the graph.

    networkx documents its ``MultiDiGraph`` as dicts: ``_node[n]`` the attributes of a node,
    ``_succ[u][v][key]`` (the same dict as ``_pred[v][u][key]``) the attributes of an edge, keys
    numbered 0, 1, ... per pair as ``new_edge_key`` does. The public calls copy each dict twice
    and go through views per edge; this takes a third of their time on a 20,000-node menu.
    ``tests/test_graph.py`` checks the result equals theirs.
    """
    nodes, succ, pred = g._node, g._succ, g._pred
    for name, attrs in node_rows:
        if name in nodes:
            nodes[name].update(attrs)
        else:
            nodes[name] = attrs  # the rows' dicts are fresh and ours: no copy needed
            succ[name] = {}
            pred[name] = {}
    for u, v, data in edge_rows:
        for end in (u, v):
            if end not in succ:  # an edge to a node no row named: networkx adds it bare
                nodes[end] = {}
                succ[end] = {}
                pred[end] = {}
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        key = len(keydict)
        while key in keydict:
            key += 1
        keydict[key] = data
    import networkx as nx  # noqa: PLC0415  (imported by compile() already)

    clear_cache = getattr(nx, "_clear_cache", None)  # networkx >= 3.3 caches per graph
    if clear_cache is not None:
        clear_cache(g)


def _edge(kind: str, seconds: float, key: str | None = None, **extra: object) -> dict:
    return {"kind": kind, "key": key, "condition": extra.pop("condition", None),
            "seconds": float(seconds), **extra}  # fmt: skip


def _compile_menu(
    menu: Menu,
    files: dict[str, Menu],
    node_rows: list[tuple[str, dict]],
    edge_rows: list[tuple[str, str, dict]],
) -> None:
    mid = menu.id
    kt = menu.key_time
    for e in menu.entries:
        name = entry_key(mid, e.id)
        node_rows.append(
            (name, {"kind": "entry", "type": "entry", "menu": mid, "id": e.id, "dial": e.dial,
                    "entry": e, "file": e.loc.file, "line": e.loc.line, "col": e.loc.col})
        )  # fmt: skip
        edge_rows.append((name, node_key(mid, e.start), _edge("entry", 0, condition=e.when)))
    for n in menu.nodes:
        name = f"{mid}/{n.id}"  # node_key(), inlined: this loop runs once per node
        node_rows.append(
            (name, {"kind": "node", "type": n.type, "menu": mid, "id": n.id, "say": n.say,
                    "duration": n.duration, "barge_in": n.barge_in, "node": n,
                    "file": n.loc.file, "line": n.loc.line, "col": n.loc.col})
        )  # fmt: skip
        press = float(kt if n.barge_in else n.duration + kt)
        if n.next is not None:
            edge_rows.append((name, f"{mid}/{n.next}", _edge("next", n.duration)))
        for key, target in n.options:  # _edge("option", press, key), inlined
            option = {"kind": "option", "key": key, "condition": None, "seconds": press}
            edge_rows.append((name, f"{mid}/{target}", option))
        if n.timeout is not None:
            edge_rows.append(
                (name, f"{mid}/{n.timeout.to}", _edge("timeout", n.duration + n.timeout.after))
            )
        if n.invalid is not None:
            edge_rows.append((name, f"{mid}/{n.invalid}", _edge("invalid", press)))
        if n.retries is not None:
            edge_rows.append(
                (name, f"{mid}/{n.retries.then}", _edge("retry", 0, after=n.retries.max))
            )
        for case in n.cases:
            edge_rows.append((name, f"{mid}/{case.to}", _edge("branch", 0, condition=case.when)))
        if n.otherwise is not None:
            otherwise = _edge("branch", 0, condition=Condition(), otherwise=True)
            edge_rows.append((name, f"{mid}/{n.otherwise}", otherwise))
        if n.to is not None and n.to.file in files:
            target = files[n.to.file]
            entry = next((e for e in target.entries if n.to.entry in (e.id, e.dial)), None)
            if entry is not None:
                edge_rows.append(
                    (name, entry_key(target.id, entry.id), _edge("transfer", n.duration))
                )

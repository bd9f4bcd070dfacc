"""The model as a networkx ``MultiDiGraph``: what routes, checks and diagrams walk.

Graph nodes are named ``"<menu id>/<node id>"`` for menu nodes and ``"<menu id>#<entry id>"``
for entries. Every way out of a node is one edge with the attributes ``kind`` (entry, option,
next, timeout, invalid, retry, branch, transfer), ``key`` (the DTMF key of an option, else
None), ``condition`` (a :class:`~ivr.model.Condition` or None) and ``seconds`` (the time the
edge takes for a caller who presses as early as the menu allows and never types ahead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr._gcpause import gc_paused
from ivr.graphcache import ROWS, keep
from ivr.model.types import Condition, Hotline, Menu
from ivr.model.types import as_hotline as as_hotline  # re-exported: its old home
from ivr.model.validation import sound
from ivr.sim.kernel import early_seconds

if TYPE_CHECKING:
    import networkx as nx


INDEX_AT_ONCE = 500
"""Nodes from which a compiled graph is numbered (:func:`ivr.graph.index.graph_index`) at once:
the array searches of a graph this big want it. A smaller graph keeps the rows it was built
from (:data:`ivr.graphcache.ROWS`), numbered if asked (a route answered from the claims
never asks)."""


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


def compile(menus: Hotline | Menu) -> nx.MultiDiGraph:  # noqa: A001  (the public name ivr.compile)
    """Compile a loaded hotline (or one menu) into a ``MultiDiGraph``.

    Raises: :class:`~ivr.errors.LoadError` for menus that do not validate
    (:func:`ivr.validate`).

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

    hotline = sound(menus)
    g = nx.MultiDiGraph(hotline=hotline)
    files = {m.file.rsplit("/", 1)[-1]: m for m in hotline.menus}
    node_rows: list[tuple[str, dict]] = []
    edge_rows: list[tuple[str, str, dict]] = []
    with gc_paused():  # dicts of dicts, no cycles: see ivr._gcpause
        for menu in hotline.menus:
            _compile_menu(menu, files, node_rows, edge_rows)
        g.add_nodes_from(node_rows)
        g.add_edges_from(edge_rows)
        if len(node_rows) < INDEX_AT_ONCE:  # numbered if a search or a lint rule asks
            keep(g, ROWS, (node_rows, edge_rows))
            return g
        from ivr.graph.index import index_of_rows, keep_index  # noqa: PLC0415

        index = index_of_rows(node_rows, edge_rows, [d for _, d in g.nodes(data=True)])
    if index is not None:  # the rows named each node once and no edge ends nowhere
        keep_index(g, index)
    return g


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
        press, heard, silence, hop = early_seconds(n, kt)  # the kernel's costs
        if n.next is not None:
            edge_rows.append((name, f"{mid}/{n.next}", _edge("next", heard)))
        for key, target in n.options:  # _edge("option", press, key), inlined
            option = {"kind": "option", "key": key, "condition": None, "seconds": press}
            edge_rows.append((name, f"{mid}/{target}", option))
        if n.timeout is not None:
            edge_rows.append((name, f"{mid}/{n.timeout.to}", _edge("timeout", silence)))
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
            into = files[n.to.file]
            entry = next((e for e in into.entries if n.to.entry in (e.id, e.dial)), None)
            if entry is not None:
                edge_rows.append((name, entry_key(into.id, entry.id), _edge("transfer", hop)))

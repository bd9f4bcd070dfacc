"""The parts of a diagram: the compiled graph, one cluster per menu file, the heading."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ivr.graph.build import compile as compile_graph
from ivr.model.types import Hotline, Menu

if TYPE_CHECKING:
    import networkx as nx


def as_graph(graph_or_hotline: Any) -> nx.MultiDiGraph:
    """A compiled graph from a graph, a :class:`Hotline` or a :class:`Menu`.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> as_graph(g) is g
    True
    """
    if isinstance(graph_or_hotline, (Hotline, Menu)):
        return compile_graph(graph_or_hotline)
    return graph_or_hotline


def menu_clusters(g: nx.MultiDiGraph) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(menu id, cluster title, [(node name, data)]) per menu, in the hotline's file order.

    >>> import ivr
    >>> g = ivr.compile(ivr.load_menu_text('''
    ... ivr: 1
    ... id: demo
    ... title: Demo line
    ... entries: [{dial: "0890", start: human}]
    ... nodes: {human: {type: agent}}
    ... '''))
    >>> [(m, title, [n for n, _ in members]) for m, title, members in menu_clusters(g)]
    [('demo', 'Demo line · <text>', ['demo#0890', 'demo/human'])]
    """
    by_menu: dict[str, list[tuple[str, dict]]] = {}
    menu: object = None  # no menu yet: the first node starts a list
    members: list[tuple[str, dict]] = []
    for item in g.nodes(data=True):  # a menu's nodes come one after another: one test each
        mid = item[1].get("menu", "")
        if mid != menu:
            menu = mid
            members = by_menu.setdefault(mid, [])
        members.append(item)
    hotline = g.graph.get("hotline")
    titles: dict[str, str] = {}
    order: list[str] = []
    if isinstance(hotline, Hotline):
        for m in hotline.menus:
            base = os.path.basename(m.file) if m.file else ""
            titles[m.id] = m.title or m.id
            if base and base != m.title:
                titles[m.id] += f" · {base}"
            order.append(m.id)
    order += [mid for mid in by_menu if mid not in titles]
    return [(mid, titles.get(mid, mid), by_menu[mid]) for mid in order if mid in by_menu]


def menus_of(g: nx.MultiDiGraph, edges: Any) -> set[str]:
    """The menus (files) a highlight's edges pass through.

    >>> import ivr
    >>> g = ivr.compile(ivr.load("menus/mts"))
    >>> menus_of(g, [("mts-short#0890", "mts-short/by_location", 0)])
    {'mts-short'}
    """
    nodes = g.nodes
    return {nodes[name].get("menu", "") for edge in edges or () for name in edge[:2]
            if name in nodes}  # fmt: skip


def focus(g: nx.MultiDiGraph, menus: set[str]) -> nx.MultiDiGraph:
    """The part of a compiled graph in the menus (files) named: the diagram of the files a
    route or a call passes through (everything, when ``menus`` names none of them).

    >>> import ivr
    >>> g = ivr.compile(ivr.load("menus/mts"))
    >>> part = focus(g, {"mts-short"})
    >>> {d["menu"] for _, d in part.nodes(data=True)}, part.graph is not None
    ({'mts-short'}, True)
    """
    keep = [n for n, d in g.nodes(data=True) if d.get("menu") in menus]
    if not keep:
        return g
    part = g.subgraph(keep).copy()
    part.graph.update(g.graph)
    return part


def heading(hotline: Any) -> str:
    """The title of a hotline's diagram: the name of its folder or file ("" for none).

    >>> import ivr
    >>> heading(ivr.load("menus/mts")), heading(None)
    ('mts', '')
    """
    if isinstance(hotline, Hotline) and hotline.path:
        return os.path.basename(hotline.path.rstrip("/")) or hotline.path
    return ""

"""Mermaid flowcharts of a hotline: what GitHub draws from a Markdown code block."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ivr.diagram.clusters import as_graph, menu_clusters
from ivr.diagram.escape import mermaid_escape
from ivr.diagram.highlight import route_steps
from ivr.diagram.labels import edge_text, node_text, route_text, step_text
from ivr.diagram.looks import MERMAID_SHAPES, NODE_STYLES, ROUTE_COLOUR


def to_mermaid(graph_or_hotline: Any, highlight: Iterable[Sequence] | None = None) -> str:
    """A Mermaid ``flowchart LR`` (GitHub renders it in Markdown): one line per node and edge.

    Node ids are ``n0, n1, …``; every label is a ``"..."`` string whose quotes, ``#``, ``<``,
    ``>``, ``&``, ``|`` and backquotes are entity codes (``#quot;`` …), so prompt text in any
    script cannot break the diagram. Route edges are thick (``==>``) and numbered.

    >>> import ivr
    >>> menu = ivr.load_menu_text('''
    ... ivr: 1
    ... id: demo
    ... entries: [{dial: "0890", start: human}]
    ... nodes: {human: {type: agent}}''')
    >>> print("\\n".join(to_mermaid(menu).splitlines()[:5]))
    flowchart LR
      subgraph c0["demo · #lt;text#gt;"]
        n0[/"0890"/]:::entry
        n1(["human"]):::agent
      end
    """
    g = as_graph(graph_or_hotline)
    steps = route_steps(g, highlight)
    ids: dict[str, str] = {}
    out = ["flowchart LR"]
    for i, (_mid, cluster_title, members) in enumerate(menu_clusters(g)):
        out.append(f'  subgraph c{i}["{mermaid_escape(cluster_title)}"]')
        for name, data in members:
            nid = ids[name] = f"n{len(ids)}"
            head, detail, _tip = node_text(data)
            text = "<br>".join(mermaid_escape(x) for x in [head, *detail[:3]])
            t = data.get("type", "menu")
            opening, closing = MERMAID_SHAPES.get(t, ("[", "]"))
            out.append(f'    {nid}{opening}"{text}"{closing}:::{t}')
        out.append("  end")
    dashed: list[str] = []
    dotted: list[str] = []
    route: list[str] = []
    for index, (u, v, k, d) in enumerate(g.edges(keys=True, data=True)):
        kind = d["kind"]
        text = mermaid_escape(edge_text(g, u, d))
        numbers = steps.get((u, v, k))
        if numbers is not None:
            arrow = "==>"
            text = f"{step_text(numbers)}. {route_text(kind, text)}".rstrip()
            route.append(str(index))
        elif kind in ("timeout", "invalid", "retry"):
            arrow = "-.->"
            (dashed if kind == "timeout" else dotted).append(str(index))
        else:
            arrow = "-->"
        label = f'|"{text}"|' if text else ""
        out.append(f"  {ids[u]} {arrow}{label} {ids[v]}")
    for t, (_shape, _style, fill, border, _text) in NODE_STYLES.items():
        out.append(f"  classDef {t} fill:{fill},stroke:{border},color:#111")
    if dashed:
        out.append(f"  linkStyle {','.join(dashed)} stroke-dasharray:6 4")
    if dotted:
        out.append(f"  linkStyle {','.join(dotted)} stroke:#b91c1c,stroke-dasharray:2 3")
    if route:
        out.append(f"  linkStyle {','.join(route)} stroke:{ROUTE_COLOUR},stroke-width:3px")
    return "\n".join(out) + "\n"

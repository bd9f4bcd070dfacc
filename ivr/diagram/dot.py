"""Graphviz DOT text of a hotline: a cluster per menu file, a look per node type and edge kind,
a legend, a route drawn bold and numbered.

The ``graphviz`` package is imported inside :func:`to_dot`: the command line starts fast.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ivr.diagram.clusters import as_graph, heading, menu_clusters
from ivr.diagram.escape import SPECIAL, dot_name, html, html_line, tip
from ivr.diagram.highlight import route_nodes, route_steps
from ivr.diagram.labels import edge_subject, edge_words, node_text, route_text, step_text
from ivr.diagram.looks import EDGE_STYLES, FONT, NODE_STYLES, ROUTE_COLOUR, SHAPE_WORDS
from ivr.sim.path import EdgeRef

if TYPE_CHECKING:
    import networkx as nx


def to_dot(
    graph_or_hotline: Any,
    highlight: Iterable[Sequence] | None = None,
    *,
    legend: bool = True,
    title: str | None = None,
) -> str:
    """DOT text of a hotline, a menu or a compiled graph, built with the ``graphviz`` package.

    ``highlight`` is a list of edges ``(u, v, key)``: drawn bold in a colour of their own, each
    labelled with its step number(s). Every label is escaped: a prompt cannot break the file.
    SVG made from it carries ``id`` ``n:<node>`` / ``e:<u>-><v>:<key>`` and ``class``
    ``ivr-node ivr-<type>`` / ``ivr-edge ivr-<kind>`` (plus ``ivr-route`` on the route); a
    name is written as :func:`~ivr.diagram.escape.dot_name` writes it. A node's label shows
    its prompt shortened, its tooltip the whole prompt; an edge's tooltip says its kind, text
    and seconds (its ``<title>`` in SVG names its ends).

    >>> import ivr
    >>> menu = ivr.load_menu_text('''
    ... ivr: 1
    ... id: demo
    ... entries: [{dial: "0890", start: human}]
    ... nodes: {human: {type: agent}}
    ... ''')
    >>> [line.split(" [")[0].strip() for line in to_dot(menu).splitlines() if "->" in line]
    ['"demo#0890" -> "demo/human"']
    """
    import graphviz  # noqa: PLC0415  (lazy: the CLI starts fast)

    g = as_graph(graph_or_hotline)
    steps = route_steps(g, highlight)
    on_route = route_nodes(steps)
    head = title if title is not None else heading(g.graph.get("hotline"))
    dot = graphviz.Digraph(
        "ivr",
        graph_attr={
            "rankdir": "LR",
            "fontname": FONT,
            "fontsize": "16",
            "labelloc": "t",
            "label": f"<{html_line(head)}>" if head else "",
            "nodesep": "0.25",
            "ranksep": "0.5",
            "newrank": "true",
            "bgcolor": "white",
            "pad": "0.3",
        },
        node_attr={"fontname": FONT, "fontsize": "11", "penwidth": "1.2", "margin": "0.12,0.06"},
        edge_attr={"fontname": FONT, "fontsize": "10", "arrowsize": "0.7"},
    )
    if legend:
        _legend(dot, bool(steps))
    collecting = gc.isenabled()
    gc.disable()  # a list of strings holds no cycles: no collection passes over the big graph
    try:
        source = dot.source  # the Digraph's own text: head, attributes, legend
        cut = source.rindex("}")
        body: list[str] = [source[:cut]]
        names = _dot_nodes(body, g, on_route)
        body.extend(_dot_edges(g, steps, names))
        body.append(source[cut:])
        return "".join(body)
    finally:
        if collecting:
            gc.enable()


def _dot_nodes(body: list[str], g: nx.MultiDiGraph, on_route: set[str]) -> dict[str, str]:
    """A cluster of node statements per menu, appended to ``body``: what
    :func:`~ivr.diagram.labels.node_text` says of each node, escaped.

    Returns the names not written as they are: name -> what is written inside its DOT quotes.
    """
    special = SPECIAL.search
    names: dict[str, str] = {}
    node_look = {
        t: f' shape={shape} style="{style}" fillcolor="{fill}" color="{border}"'
        f' class="ivr-node ivr-{t}"' + (' margin="0.3,0.1"' if shape == "cds" else "")
        for t, (shape, style, fill, border, _) in NODE_STYLES.items()
    }
    route_node = f' color="{ROUTE_COLOUR}" penwidth=3'
    for i, (_mid, cluster_title, members) in enumerate(menu_clusters(g)):
        # the cluster's lines go straight into the body: Digraph.subgraph() would copy each one
        body.append(
            f"\tsubgraph cluster_{i} {{\n\t\tlabel=<{html_line(cluster_title)}>"
            ' style="rounded,filled"'
            ' fillcolor="#f9fafb" color="#d1d5db" fontsize=14 margin=12\n'
        )
        add = body.append
        for name, data in members:
            quoted = dot_name(name)
            if quoted is not name:
                names[name] = quoted
            if data.get("node") is not None or data.get("kind") == "entry":
                title, lines, tooltip = node_text(data)
            else:  # a bare node (not made by ivr.compile): its name
                title, lines, tooltip = str(name), [], str(name)
            head = title if title and special(title) is None else html_line(title)
            look = node_look.get(data.get("type") or "", "")
            if on_route and name in on_route:
                look += route_node
            shown = html("\n".join(lines)) if lines else ""  # (lines hold no newline)
            if shown:
                if "\n" in shown:
                    shown = shown.replace("\n", "<br/>")
                add(
                    f'\t\t"{quoted}" [label=<<b>{head}</b><br/><font point-size="9">{shown}</font>>'
                    f' tooltip="{tip(tooltip)}" id="n:{quoted}"{look}]\n'
                )
            else:
                add(
                    f'\t\t"{quoted}" [label=<<b>{head}</b>>'
                    f' tooltip="{tip(tooltip)}" id="n:{quoted}"{look}]\n'
                )
        body.append("\t}\n")
    return names


def _dot_edges(
    g: nx.MultiDiGraph, steps: dict[EdgeRef, list[int]], names: dict[str, str]
) -> list[str]:
    """One edge statement per graph edge, route edges bold, coloured and numbered.

    A statement is the edge's own head (its ends, its id) and a tail (tooltip, label, looks)
    shared by every edge of the same kind, text and seconds: the tails are made once. The
    tooltip names no node: Graphviz gives each SVG edge a ``<title>`` of ``tail->head``.
    ``names`` is :func:`_dot_nodes`'s: the names that are not written as they are.
    """
    edge_look = {
        kind: f' style={style} color="{colour}" fontcolor="{colour}" class="ivr-edge ivr-{kind}"'
        for kind, (style, colour, _) in EDGE_STYLES.items()
    }
    route_edge = f' color="{ROUTE_COLOUR}" fontcolor="{ROUTE_COLOUR}" penwidth=3.2 arrowsize=1'
    tails: dict[tuple, str] = {}

    def tail(kind: str, text: str, seconds: float, numbers: list[int] | None) -> str:
        shown = f" {tip(text)}" if text else ""
        if seconds:
            shown += f" ({seconds:g} s)"
        look = edge_look.get(kind, "")
        if numbers is None:
            label = f"<{html(text)}>" if text else '""'
        else:
            label = f"<<b>{step_text(numbers)}.</b> {route_text(kind, html(text))}>"
            look = look.replace('class="', 'class="ivr-route ') + route_edge + " weight=3"
        return f'{kind}{shown}" label={label}{look}]\n'

    lines: list[str] = []
    add = lines.append
    for u, nbrs in g.adjacency():
        qu = names.get(u, u) if names else u
        for v, by_key in nbrs.items():
            qv = names.get(v, v) if names else v
            for k, d in by_key.items():
                kind = d["kind"]
                subject = edge_subject(g, u, d)
                if steps and (u, v, k) in steps:
                    end = tail(kind, edge_words(kind, subject), d["seconds"], steps[u, v, k])
                else:
                    key = (kind, subject, d["seconds"])
                    cached = tails.get(key)
                    if cached is None:
                        cached = tails[key] = tail(
                            kind, edge_words(kind, subject), d["seconds"], None
                        )
                    end = cached
                add(f'\t"{qu}" -> "{qv}" [id="e:{qu}->{qv}:{k}" tooltip="{end}')
    return lines


def _legend(dot: Any, with_route: bool) -> None:
    """A legend: one table node, node types (colour, shape) beside edge styles."""
    types = [
        f'<td bgcolor="{fill}" border="1" color="{border}"><b>{t}</b></td>'
        f'<td align="left">{html(text)} ({SHAPE_WORDS.get(shape, shape)})</td>'
        for t, (shape, _style, fill, border, text) in NODE_STYLES.items()
    ]
    edges = [(style, colour, text) for style, colour, text in EDGE_STYLES.values()]
    if with_route:
        edges.append(("bold", ROUTE_COLOUR, "the route, steps numbered"))
    samples = [
        f'<td><font color="{colour}">{_sample(style)}</font></td><td align="left">{html(text)}</td>'
        for style, colour, text in edges
    ]
    blank = "<td></td><td></td>"
    rows = "".join(
        f"<tr>{types[i] if i < len(types) else blank}<td> </td>"
        f"{samples[i] if i < len(samples) else blank}</tr>"
        for i in range(max(len(types), len(samples)))
    )
    dot.body.append(
        '\tsubgraph cluster_legend {\n\t\tlabel=Legend style=rounded color="#9ca3af" fontsize=12\n'
        '\t\t"legend" [shape=plain class="ivr-legend" tooltip="legend" fontsize=9 label=<<table '
        f'border="0" cellborder="0" cellspacing="2" cellpadding="2">{rows}</table>>]\n\t}}\n'
    )


def _sample(style: str) -> str:
    return {"dashed": "– – –", "dotted": "· · · ·", "bold": "<b>━━━</b>"}.get(style, "———")

"""Diagrams of a hotline: Graphviz DOT, SVG/PNG/PDF through the ``dot`` program, Mermaid.

A diagram has one cluster per menu file, entries drawn as the numbers a caller dials, a shape
and a colour for each node type, edges labelled by key (timeouts dashed, invalid input dotted,
branches labelled by their condition) and a legend. A *highlight* is a list of graph edges
``(u, v, key)`` (``key`` the networkx edge key): the route is drawn bold and coloured, its steps
numbered. :func:`path_of_call` turns a simulated :class:`~ivr.sim.run.Call` into such a list.

The modules, each using only those before it: ``escape`` (text made safe per format),
``labels`` (what nodes and edges say), ``looks`` (shapes, colours), ``clusters`` (a cluster per
menu), ``highlight`` (a route's numbered steps; the edges of a call come from
:mod:`ivr.sim.path`), ``dot`` and ``mermaid`` (the writers), ``graphviz`` (the ``dot``
program), ``output`` (:func:`render`).

>>> import ivr
>>> menu = ivr.load_menu_text('''
... ivr: 1
... entries: [{dial: "0890", start: human}]
... nodes: {human: {type: agent}}''')
>>> route = path_of_call(ivr.compile(menu), ivr.simulate(menu, "0890", ""))
>>> route, to_dot(menu, route).count('class="ivr-route'), to_mermaid(menu, route).count("==>")
([('<text>#0890', '<text>/human', 0)], 1, 1)
"""

from __future__ import annotations

from ivr.diagram.dot import to_dot
from ivr.diagram.graphviz import (
    LAYOUTS,
    PROGRAM_FORMATS,
    GraphvizMissing,
    RenderError,
    dot_program,
    layout_for,
    run_dot,
)
from ivr.diagram.highlight import best_route_edges, highlight_for, route_edges
from ivr.diagram.mermaid import to_mermaid
from ivr.diagram.output import BINARY_FORMATS, FORMATS, SUFFIX_FORMATS, format_for, render
from ivr.sim.path import EdgeRef, path_of_call

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "LAYOUTS",
    "PROGRAM_FORMATS",
    "SUFFIX_FORMATS",
    "EdgeRef",
    "GraphvizMissing",
    "RenderError",
    "best_route_edges",
    "dot_program",
    "format_for",
    "highlight_for",
    "layout_for",
    "path_of_call",
    "render",
    "route_edges",
    "run_dot",
    "to_dot",
    "to_mermaid",
]

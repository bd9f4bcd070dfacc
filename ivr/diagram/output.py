"""A diagram in the format asked for: the function ``ivr render`` calls.

>>> import ivr
>>> menu = ivr.load_menu_text('''
... ivr: 1
... entries: [{dial: "0890", start: human}]
... nodes: {human: {type: agent}}
... ''')
>>> render(menu, "mermaid").splitlines()[0], render(menu, "dot").startswith("digraph ivr {")
('flowchart LR', True)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ivr.diagram.dot import to_dot
from ivr.diagram.graphviz import LAYOUTS as LAYOUTS
from ivr.diagram.graphviz import PROGRAM_FORMATS as PROGRAM_FORMATS
from ivr.diagram.graphviz import check_layout, dot_program, run_dot
from ivr.diagram.mermaid import to_mermaid
from ivr.errors import InputError

FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
BINARY_FORMATS = ("png", "pdf")
SUFFIX_FORMATS = {
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}


def render(
    graph_or_hotline: Any,
    format: str = "svg",  # noqa: A002  (the word the CLI uses)
    highlight: Iterable[Sequence] | None = None,
    *,
    legend: bool = True,
    note: Callable[[str], None] | None = None,
    layout: str = "auto",
) -> bytes | str:
    """A diagram of a hotline, a menu, a compiled graph or the menus at a path: ``str`` for
    ``dot`` and ``mermaid``, bytes (from ``dot``) for svg, png, pdf; ``highlight`` the edges
    to draw bold (:func:`ivr.diagram.highlight_for` finds a route's or a call's).

    ``layout`` (svg, png, pdf) is one of :data:`LAYOUTS`: ``auto`` is dot's layered layout,
    or for a large diagram sfdp with straight edges, and ``note`` is told so
    (:func:`~ivr.diagram.graphviz.layout_for`); ``dot`` and ``sfdp`` force one at any size.

    Raises: :class:`~ivr.errors.InputError` (an unknown format or layout, a highlight edge the
    graph does not have), :class:`~ivr.errors.LoadError` (menus that do not load or validate),
    :class:`~ivr.errors.GraphvizMissing` (svg, png or pdf without ``dot``),
    :class:`~ivr.errors.RenderError` (``dot`` failed or ran out of time).

    >>> render("menus/mts/short.yaml", "mermaid").startswith("flowchart LR")
    True
    >>> from ivr.errors import GraphvizMissing
    >>> try:
    ...     svg = render("menus/mts/short.yaml", "svg", layout="sfdp")
    ... except GraphvizMissing:
    ...     svg = b"<svg></svg>"  # (not installed here)
    >>> b"<svg" in svg
    True
    """
    check_layout(layout)
    if isinstance(graph_or_hotline, (str, os.PathLike)):
        from ivr.io.registry import load  # noqa: PLC0415

        graph_or_hotline = load(graph_or_hotline)
    if format == "mermaid":
        return to_mermaid(graph_or_hotline, highlight)
    if format not in FORMATS:
        raise InputError(f"unknown format '{format}': one of {', '.join(FORMATS)}")
    if format != "dot":
        dot_program()  # fail before the work when Graphviz is missing
    source = to_dot(graph_or_hotline, highlight, legend=legend)
    return source if format == "dot" else run_dot(source, format, note=note, layout=layout)


def format_for(path: str | None, fmt: str | None) -> str:
    """The format asked for, else the one an output file's suffix names, else ``svg``.

    >>> format_for("menu.png", None), format_for(None, None), format_for("x.txt", "dot")
    ('png', 'svg', 'dot')
    """
    if fmt:
        return fmt
    if path is None or path == "-":
        return "svg"
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIX_FORMATS:
        raise InputError(
            f"cannot tell the format from '{path}': give --format "
            f"({', '.join(FORMATS)}) or a file ending in {', '.join(SUFFIX_FORMATS)}"
        )
    return SUFFIX_FORMATS[suffix]

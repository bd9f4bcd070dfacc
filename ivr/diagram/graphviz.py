"""Running Graphviz's ``dot`` program: DOT text in, SVG, PNG or PDF out.

:class:`GraphvizMissing` when ``dot`` is not installed, :class:`RenderError` when it fails
(both :class:`ivr.errors.IvrError`: the command line says so in one line, exit 2).

``dot`` runs with a time limit (:data:`DOT_TIMEOUT` seconds) and a layout chosen by
:func:`layout_for`, one of :data:`LAYOUTS`: ``auto`` (the default) is dot's layered layout,
or for a large diagram (more than :data:`LARGE_NODES` nodes or :data:`LARGE_EDGES` edges) a
cheaper one: ``sfdp`` (force-directed) with straight edges, which draws in seconds what the
layered layout can take minutes over; the caller is told (``ivr render`` prints it on
stderr). ``dot`` forces the layered layout at any size, ``sfdp`` the force-directed one
(``ivr render --layout``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

from ivr._record import record
from ivr.diagnostics import did_you_mean
from ivr.errors import GraphvizMissing as GraphvizMissing
from ivr.errors import InputError
from ivr.errors import RenderError as RenderError

PROGRAM_FORMATS = ("svg", "png", "pdf")
DOT_TIMEOUT = 60.0  # seconds
LARGE_NODES = 300
LARGE_EDGES = 900
LAYOUTS = ("auto", "dot", "sfdp")
SFDP_ARGS = ("-Ksfdp", "-Goverlap=prism", "-Gsplines=false")
_NODE_LINE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*\[', re.MULTILINE)
_EDGE_LINE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*->', re.MULTILINE)


@record
class Layout:
    """How ``dot`` lays a diagram out: its extra arguments and why (empty for the default)."""

    args: tuple[str, ...] = ()
    note: str = ""


def check_layout(layout: str) -> str:
    """``layout`` when it is one of :data:`LAYOUTS`, else :class:`~ivr.errors.InputError`.

    >>> check_layout("sfdp")
    'sfdp'
    >>> check_layout("sdfp")
    Traceback (most recent call last):
    ivr.errors.InputError: unknown layout 'sdfp': one of auto, dot, sfdp (did you mean 'sfdp'?)
    """
    if layout not in LAYOUTS:
        hint = did_you_mean(layout, LAYOUTS)
        raise InputError(f"unknown layout '{layout}': one of {', '.join(LAYOUTS)}{hint}")
    return layout


def layout_for(source: str, layout: str = "auto") -> Layout:
    """The layout for DOT text: ``layout`` one of :data:`LAYOUTS`.

    ``auto``: the layered ``dot`` layout, or for a large diagram ``sfdp`` with straight
    edges, with a note saying why; ``dot`` and ``sfdp`` force one at any size (no note).
    Raises :class:`~ivr.errors.InputError` for another ``layout``.

    >>> layout_for("digraph { \\"a\\" -> \\"b\\" }").args
    ()
    >>> big = "".join(f'"n{i}" -> "n{i + 1}"\\n' for i in range(1000))
    >>> layout_for(big).args
    ('-Ksfdp', '-Goverlap=prism', '-Gsplines=false')
    >>> layout_for(big, "dot"), layout_for("a -> b", "sfdp").args[0]
    (Layout(args=(), note=''), '-Ksfdp')
    """
    if check_layout(layout) == "dot":
        return Layout()
    if layout == "sfdp":
        return Layout(SFDP_ARGS)
    nodes = len(_NODE_LINE.findall(source))
    edges = len(_EDGE_LINE.findall(source))
    if nodes <= LARGE_NODES and edges <= LARGE_EDGES:
        return Layout()
    return Layout(
        SFDP_ARGS,
        f"{nodes:,} nodes and {edges:,} edges: laid out with sfdp (force-directed, straight "
        f"edges) instead of dot's layered layout, which can take minutes at this size "
        f"(more than {LARGE_NODES} nodes or {LARGE_EDGES} edges; --layout dot to wait for it)",
    )


def dot_program() -> str:
    """The path of Graphviz's ``dot``; :class:`GraphvizMissing` when it is not installed.

    >>> try:
    ...     found = dot_program()
    ... except GraphvizMissing:
    ...     found = "dot"  # (not installed here)
    >>> found.endswith("dot")
    True
    """
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing("dot")
    return found


def run_dot(
    source: str,
    fmt: str = "svg",
    timeout: float | None = DOT_TIMEOUT,
    note: Callable[[str], None] | None = None,
    layout: str = "auto",
) -> bytes:
    """Pipe DOT text through ``dot -T<fmt>`` with :func:`layout_for` ``(source, layout)``;
    the output.

    ``note`` is told when ``auto`` picks a cheaper layout. Raises :class:`GraphvizMissing`
    without Graphviz, :class:`RenderError` when ``dot`` fails or runs past ``timeout``
    seconds, :class:`~ivr.errors.InputError` for a format ``dot`` does not make here or an
    unknown ``layout``.

    >>> try:
    ...     svg = run_dot("digraph { a -> b }")
    ... except GraphvizMissing:
    ...     svg = b"<svg></svg>"  # (not installed here)
    >>> b"<svg" in svg
    True
    """
    if fmt not in PROGRAM_FORMATS:
        raise InputError(f"'{fmt}' is not one of {', '.join(PROGRAM_FORMATS)}")
    chosen = layout_for(source, layout)
    program = dot_program()
    if chosen.note and note is not None:
        note(chosen.note)
    try:
        done = subprocess.run(
            [program, f"-T{fmt}", *chosen.args],  # the DOT text on stdin: no file name
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:  # removed between which() and run()
        raise GraphvizMissing("dot") from None
    except subprocess.TimeoutExpired:
        faster = "" if "-Ksfdp" in chosen.args else "lay it out with --layout sfdp, "
        raise RenderError(
            f"dot -T{fmt} did not finish within {timeout:g} s; {faster}draw it with "
            "--format dot or --format mermaid, or split the hotline into smaller files"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot -T{fmt} failed (exit {done.returncode}): {message}")
    return done.stdout

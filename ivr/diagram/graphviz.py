"""Running Graphviz's ``dot`` program: DOT text in, SVG, PNG or PDF out.

:class:`GraphvizMissing` when ``dot`` is not installed, :class:`RenderError` when it fails
(both :class:`ivr.errors.IvrError`: the command line says so in one line, exit 2).

``dot`` runs with a time limit (:data:`DOT_TIMEOUT` seconds) and, for a large diagram (more
than :data:`LARGE_NODES` nodes or :data:`LARGE_EDGES` edges), with a cheaper layout chosen by
:func:`layout_for`: ``sfdp`` (a force-directed layout) with straight edges, which draws in
seconds what the layered ``dot`` layout takes many minutes over. The layout used is told to
the caller (``ivr render`` prints it on stderr).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

from ivr._record import record
from ivr.errors import GraphvizMissing as GraphvizMissing
from ivr.errors import InputError
from ivr.errors import RenderError as RenderError

PROGRAM_FORMATS = ("svg", "png", "pdf")
DOT_TIMEOUT = 60.0  # seconds
LARGE_NODES = 300
LARGE_EDGES = 900
_NODE_LINE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*\[', re.MULTILINE)
_EDGE_LINE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*->', re.MULTILINE)


@record
class Layout:
    """How ``dot`` lays a diagram out: its extra arguments and why (empty for the default)."""

    args: tuple[str, ...] = ()
    note: str = ""


def layout_for(source: str) -> Layout:
    """The layered ``dot`` layout, or for a large diagram ``sfdp`` with straight edges.

    >>> layout_for("digraph { \\"a\\" -> \\"b\\" }").args
    ()
    >>> big = "".join(f'"n{i}" -> "n{i + 1}"\\n' for i in range(1000))
    >>> layout_for(big).args
    ('-Ksfdp', '-Goverlap=prism', '-Gsplines=false')
    """
    nodes = len(_NODE_LINE.findall(source))
    edges = len(_EDGE_LINE.findall(source))
    if nodes <= LARGE_NODES and edges <= LARGE_EDGES:
        return Layout()
    return Layout(
        ("-Ksfdp", "-Goverlap=prism", "-Gsplines=false"),
        f"{nodes:,} nodes and {edges:,} edges: laid out with sfdp (force-directed, straight "
        f"edges) instead of dot's layered layout, which takes minutes at this size "
        f"(more than {LARGE_NODES} nodes or {LARGE_EDGES} edges)",
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
) -> bytes:
    """Pipe DOT text through ``dot -T<fmt>`` (the layout of :func:`layout_for`); the output.

    ``note`` is told the layout when it is not the default one. Raises
    :class:`GraphvizMissing` without Graphviz, :class:`RenderError` when ``dot`` fails or
    runs past ``timeout`` seconds, :class:`~ivr.errors.InputError` for a format ``dot`` does
    not make here.

    >>> try:
    ...     svg = run_dot("digraph { a -> b }")
    ... except GraphvizMissing:
    ...     svg = b"<svg></svg>"  # (not installed here)
    >>> b"<svg" in svg
    True
    """
    if fmt not in PROGRAM_FORMATS:
        raise InputError(f"'{fmt}' is not one of {', '.join(PROGRAM_FORMATS)}")
    program = dot_program()
    layout = layout_for(source)
    if layout.note and note is not None:
        note(layout.note)
    try:
        done = subprocess.run(
            [program, f"-T{fmt}", *layout.args],  # the DOT text on stdin: no file name
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:  # removed between which() and run()
        raise GraphvizMissing("dot") from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"dot -T{fmt} did not finish within {timeout:g} s; draw it with --format dot "
            "or --format mermaid, or split the hotline into smaller files"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot -T{fmt} failed (exit {done.returncode}): {message}")
    return done.stdout

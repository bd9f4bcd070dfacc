"""Running Graphviz's ``dot`` program: DOT text in, SVG, PNG or PDF out.

:class:`GraphvizMissing` when ``dot`` is not installed, :class:`RenderError` when it fails
(both :class:`ivr.errors.IvrError`: the command line says so in one line, exit 2).
"""

from __future__ import annotations

import shutil
import subprocess

from ivr.errors import GraphvizMissing as GraphvizMissing
from ivr.errors import InputError
from ivr.errors import RenderError as RenderError

PROGRAM_FORMATS = ("svg", "png", "pdf")


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


def run_dot(source: str, fmt: str = "svg", timeout: float | None = None) -> bytes:
    """Pipe DOT text through ``dot -T<fmt>``; the output as bytes.

    :class:`GraphvizMissing` without Graphviz, :class:`RenderError` when ``dot`` fails.

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
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:  # removed between which() and run()
        raise GraphvizMissing("dot") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot -T{fmt} failed (exit {done.returncode}): {message}")
    return done.stdout

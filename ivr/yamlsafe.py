"""Untrusted YAML in, located nodes out: the C loader's composer, with limits around it.

Only :func:`compose_file` touches PyYAML. It reads bytes with a size limit, refuses binary and
non-UTF-8 text with a position, bounds nesting *before* libyaml sees the text (libyaml's composer
recurses in C and crashes on a few tens of thousands of nested brackets), and composes with
``yaml.CSafeLoader`` so every node keeps its line and column.
"""

from __future__ import annotations

import os
import re

import yaml

from .diagnostics import Diagnostic
from .model import Loc

MAX_BYTES = 20 * 1024 * 1024
MAX_FLOW_DEPTH = 64
MAX_INDENT = 400
MAX_ALIASES = 200

_COMPACT_NESTING = re.compile(r"^[ \t]*(?:[-?][ \t]+){32,}", re.MULTILINE)


class YamlProblem(Exception):
    """A file that cannot be composed; carries one located diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _decode(path: str, data: bytes) -> str:
    if b"\x00" in data[:8192] or data.count(b"\x00") > 0:
        raise YamlProblem(Diagnostic(Loc(path, 1, 1), "binary file, not a YAML menu"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            Diagnostic(
                Loc(path, line, col),
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded "
                "(save the file as UTF-8)",
            )
        ) from None
    return text.removeprefix("\ufeff")


def _check_nesting(path: str, text: str) -> None:
    depth = deepest = 0
    deepest_at = 0
    for match in re.finditer(r"[\[\]{}]", text):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_at = depth, match.start()
        else:
            depth = max(0, depth - 1)
    if deepest > MAX_FLOW_DEPTH:
        raise YamlProblem(
            Diagnostic(
                Loc(path, *_line_col(text, deepest_at)),
                f"nested more than {MAX_FLOW_DEPTH} levels deep: a menu file is never that deep",
            )
        )
    compact = _COMPACT_NESTING.search(text)
    if compact:
        raise YamlProblem(
            Diagnostic(
                Loc(path, *_line_col(text, compact.start())),
                "nested more than 32 levels deep on one line: a menu file is never that deep",
            )
        )
    for match in re.finditer(r"^( {%d,})\S" % MAX_INDENT, text, re.MULTILINE):
        raise YamlProblem(
            Diagnostic(
                Loc(path, *_line_col(text, match.start())),
                f"indented more than {MAX_INDENT} columns: a menu file is never that deep",
            )
        )


def compose_text(path: str, text: str) -> yaml.Node | None:
    """Compose YAML text into located nodes (None for an empty document)."""
    _check_nesting(path, text)
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path, 1, 1)
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise YamlProblem(Diagnostic(where, f"YAML syntax error: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Diagnostic(Loc(path, 1, 1), f"YAML error: {exc}")) from None


def compose_file(path: str, display: str | None = None, max_bytes: int = MAX_BYTES) -> yaml.Node:
    """Read and compose one menu file; YamlProblem with a located message when it cannot."""
    shown = display or path
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise YamlProblem(
                Diagnostic(
                    Loc(shown, 1, 1),
                    f"file is {size / 1e6:.1f} MB; menu files are limited to "
                    f"{max_bytes / 1e6:.0f} MB",
                )
            )
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise YamlProblem(Diagnostic(Loc(shown), f"cannot read: {exc.strerror}")) from None
    node = compose_text(shown, _decode(shown, data))
    if node is None:
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), "empty file: a menu needs 'ivr: 1'"))
    return node

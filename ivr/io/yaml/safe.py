"""Untrusted YAML in, located nodes out: the C loader's composer, with limits around it.

Only :func:`compose_file` touches PyYAML. It reads bytes with a size limit, refuses binary and
non-UTF-8 text with a position, bounds nesting *before* libyaml sees the text (libyaml's composer
recurses in C and crashes on a few tens of thousands of nested brackets), and composes with
``yaml.CSafeLoader`` so every node keeps its line and column.
"""

from __future__ import annotations

import codecs
import os
import re
import stat

import yaml

from ivr.diagnostics import Diagnostic
from ivr.model.types import Loc

MAX_BYTES = 20 * 1024 * 1024
MAX_FLOW_DEPTH = 64
MAX_INDENT = 400
MAX_ALIASES = 200
MAX_VALUES = 1_000_000  # about 45,000 menu nodes; libyaml builds ~100k-300k values a second
_VALUE_MARKS = b",[{:-\n"

_COMPACT_NESTING = re.compile(r"^[ \t]*(?:[-?][ \t]+){32,}", re.MULTILINE)
# Quick screens on the UTF-8 bytes (C loops only); the exact checks run only when one fires.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_AS_PARENS = bytes.maketrans(b"[{]}", b"(())")
_COMPACT_AT_START = re.compile(rb"[ \t]*(?:[-?][ \t]+){32,}")
_COMPACT_AFTER_NEWLINE = re.compile(rb"\n[ \t]*(?:[-?][ \t]+){32,}")


class YamlProblem(Exception):
    """A file that cannot be composed; carries one located diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _byte_loc(path: str, data: bytes, offset: int) -> Loc:
    """The line and column (in characters, as an editor counts) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Loc(path, data.count(b"\n", 0, offset) + 1, col)


def _decode(path: str, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise YamlProblem(
            Diagnostic(Loc(path, 1, 1), "UTF-16 (or UTF-32) text: save the file as UTF-8")
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        where = _byte_loc(path, data, nul)
        raise YamlProblem(Diagnostic(where, "binary file (a NUL byte here), not a YAML menu"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            Diagnostic(
                _byte_loc(path, data, exc.start),
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded "
                "(save the file as UTF-8)",
            )
        ) from None
    return text.removeprefix("\ufeff")


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'')


def _may_nest_too_deep(raw: bytes) -> bool:
    """False when ``raw`` (UTF-8) surely passes :func:`_check_nesting`; a 5 MB file takes ms.

    The flow depth is bounded by pairing brackets the way the exact scan does (any closer closes
    the innermost opener; a closer at depth 0 is ignored): each pass of removing adjacent ``()``
    peels one level of paired brackets, and the openers never closed add at most their count.
    """
    raw = raw.removeprefix(codecs.BOM_UTF8)
    brackets = raw.translate(None, _NOT_BRACKETS)
    if len(brackets) > MAX_FLOW_DEPTH:
        parens = brackets.translate(_AS_PARENS)
        levels = 0
        while b"()" in parens and levels <= MAX_FLOW_DEPTH:
            parens = parens.replace(b"()", b"")
            levels += 1
        if levels + parens.count(b"(") > MAX_FLOW_DEPTH:
            return True
    if _COMPACT_AT_START.match(raw) or _COMPACT_AFTER_NEWLINE.search(raw):
        return True
    indent = b" " * MAX_INDENT
    return raw.startswith(indent) or b"\n" + indent in raw


def _check_nesting(path: str, text: str, raw: bytes | None = None) -> None:
    """YamlProblem, located, when ``text`` nests deeper than libyaml can safely compose.

    ``raw`` is the file's bytes when the caller has them (saves encoding ``text`` again).
    """
    if not _may_nest_too_deep(text.encode("utf-8", "surrogatepass") if raw is None else raw):
        return
    # quoted text may hold any brackets: blank it out, keeping every offset
    scan = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    depth = 0
    for match in re.finditer(r"[\[\]{}]", scan):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:  # the bracket that goes one level too deep
                raise YamlProblem(
                    Diagnostic(
                        Loc(path, *_line_col(text, match.start())),
                        f"nested more than {MAX_FLOW_DEPTH} levels deep: "
                        "a menu file is never that deep",
                    )
                )
        else:
            depth = max(0, depth - 1)
    compact = _COMPACT_NESTING.search(text)
    if compact:
        raise YamlProblem(
            Diagnostic(
                Loc(path, *_line_col(text, compact.start())),
                "nested more than 32 levels deep on one line: a menu file is never that deep",
            )
        )
    for match in re.finditer(rf"^( {{{MAX_INDENT},}})\S", text, re.MULTILINE):
        raise YamlProblem(
            Diagnostic(
                Loc(path, *_line_col(text, match.start())),
                f"indented more than {MAX_INDENT} columns: a menu file is never that deep",
            )
        )


def compose_text(path: str, text: str, raw: bytes | None = None) -> yaml.Node | None:
    """Compose YAML text into located nodes (None for an empty document).

    ``raw``: the UTF-8 bytes ``text`` was decoded from, when the caller has them.
    """
    _check_nesting(path, text, raw)
    _check_size(path, text.encode("utf-8", "surrogatepass") if raw is None else raw)
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_error(path, exc)) from None
    except yaml.reader.ReaderError as exc:  # a control character; position counts characters
        what = str(exc).split("\n", 1)[0]
        where = Loc(path, *_line_col(text, exc.position))
        raise YamlProblem(Diagnostic(where, f"YAML syntax error: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Diagnostic(Loc(path, 1, 1), f"YAML error: {exc}")) from None


def _check_size(path: str, raw: bytes) -> None:
    """Refuse, before composing, a file that may hold more values than a menu ever needs.

    Every YAML value needs one of ``, [ { : -`` or a line break, so their count bounds the
    number of values libyaml would build (slowly, and in memory) from a hostile dense file.
    """
    marks = len(raw) - len(raw.translate(None, _VALUE_MARKS))
    if marks > MAX_VALUES:
        raise YamlProblem(
            Diagnostic(
                Loc(path, 1, 1),
                f"file may hold about {marks:,} YAML values; menu files are limited to "
                f"{MAX_VALUES:,} (split the hotline into several files)",
            )
        )


def _syntax_error(path: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """At the problem, naming where the construct it interrupts began (if elsewhere)."""
    problem, context = exc.problem_mark, exc.context_mark
    mark = problem or context
    where = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path, 1, 1)
    if exc.problem and exc.context and problem and context and context.line != problem.line:
        began = f"line {context.line + 1}, column {context.column + 1}"
        what = f"{exc.problem} ({exc.context} at {began})"
    else:
        what = " ".join(p for p in (exc.context, exc.problem) if p)
    return Diagnostic(where, f"YAML syntax error: {what}")


def compose_file(path: str, display: str | None = None, max_bytes: int = MAX_BYTES) -> yaml.Node:
    """Read and compose one menu file; YamlProblem with a located message when it cannot."""
    shown = display or path
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(Diagnostic(Loc(shown, 1, 1), "not a regular file, not a YAML menu"))
        size = info.st_size
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
    node = compose_text(shown, _decode(shown, data), data)
    if node is None:
        raise YamlProblem(Diagnostic(Loc(shown, 1, 1), "empty file: a menu needs 'ivr: 1'"))
    return node

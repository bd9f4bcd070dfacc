"""Untrusted YAML in, located nodes out: the C loader's composer, with limits around it.

Only :func:`compose_file` touches PyYAML. It reads bytes with a size limit, refuses binary and
non-UTF-8 text with a position, bounds nesting, the number of values and what aliases repeat
*before* libyaml's composer sees the text (it recurses in C and crashes on a few tens of
thousands of nested brackets), and composes with ``yaml.CSafeLoader`` so every node keeps its
line and column.

The limits are checked on the parser's events (:func:`_check_events`: any line break YAML
accepts, any style; comments and block scalars never count); cheap byte screens decide when
that exact check is needed, so an ordinary menu file pays nothing for it. An alias counts as
what it repeats, written out.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import Any, cast

import yaml

from ivr.diagnostics import Diagnostic
from ivr.model.types import Loc

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64  # nesting of mappings and sequences, block or flow
MAX_FLOW_DEPTH = MAX_DEPTH  # its old name
# The screens fire well below the limit (flow, compact and indented nesting add up), and
# only decide that the exact check on the events runs.
_SCREEN_DEPTH = MAX_DEPTH // 3
MAX_INDENT = 2 * _SCREEN_DEPTH  # columns
MAX_ALIASES = 200
MAX_VALUES = 1_000_000  # about 45,000 menu nodes; libyaml builds ~100k-300k values a second
_VALUE_MARKS = b",[{:-?\n\r"
_OTHER_BREAKS = "\r\x85\u2028\u2029"  # searched in the decoded text: one character each
# Quick screens on the UTF-8 bytes (C loops only); the exact checks run only when one fires.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_AS_PARENS = bytes.maketrans(b"[{]}", b"(())")
# possessive: a blank and a dash never stand for each other, so giving none back loses no match
_COMPACT_AT_START = re.compile(rb"[ \t]*+(?:[-?][ \t]++){21,}")
_COMPACT_AFTER_NEWLINE = re.compile(rb"\n[ \t]*+(?:[-?][ \t]++){21,}")


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


def _may_nest_too_deep(raw: bytes) -> bool:
    """False when ``raw`` (UTF-8) surely nests less than :data:`MAX_DEPTH`; a 5 MB file takes ms.

    The flow depth is bounded by pairing brackets the way the exact scan does (any closer closes
    the innermost opener; a closer at depth 0 is ignored): each pass of removing adjacent ``()``
    peels one level of paired brackets, and the openers never closed add at most their count.
    """
    raw = raw.removeprefix(codecs.BOM_UTF8)
    brackets = raw.translate(None, _NOT_BRACKETS)
    if len(brackets) > _SCREEN_DEPTH:
        parens = brackets.translate(_AS_PARENS)
        levels = 0
        while b"()" in parens and levels <= _SCREEN_DEPTH:
            parens = parens.replace(b"()", b"")
            levels += 1
        if levels + parens.count(b"(") > _SCREEN_DEPTH:
            return True
    if _COMPACT_AT_START.match(raw) or _COMPACT_AFTER_NEWLINE.search(raw):
        return True
    indent = b" " * MAX_INDENT
    return raw.startswith(indent) or b"\n" + indent in raw


def _needs_exact_check(path: str, raw: bytes, text: str) -> bool:
    """Whether a screen fires: deep-looking nesting, many value marks, anchors with aliases,
    or line breaks other than LF (CR, NEL, U+2028, U+2029), which the screens do not parse.
    ``text`` is ``raw`` decoded."""
    if _may_nest_too_deep(raw):
        return True
    # each mark is a byte: a text this short cannot hold too many values, and is not counted
    marks = (
        0
        if 2 * len(raw) + 1 <= MAX_VALUES
        else (len(raw) - len(raw.translate(None, _VALUE_MARKS)) - raw.count(b"\r\n"))
    )
    # a mark starts at most two values (``{a, b}``: the comma starts a key and its null
    # value), so a text holds at most 2 * marks + 1 of them: below that, none is counted
    if 2 * marks + 1 > MAX_VALUES:
        if marks > 3 * MAX_VALUES:  # no menu text holds 3 million of them: not worth parsing
            raise YamlProblem(Diagnostic(Loc(path, 1, 1), f"file may hold about {marks:,} YAML "
                                         f"values; menu files are limited to {MAX_VALUES:,} "
                                         "(split the hotline into several files)"))  # fmt: skip
        return True
    if b"&" in raw and b"*" in raw:
        return True
    return any(brk in text for brk in _OTHER_BREAKS)


def _check_events(path: str, text: str) -> None:
    """YamlProblem, located, when the text nests deeper than :data:`MAX_DEPTH`, holds more than
    :data:`MAX_VALUES` values or expands (through aliases) past :data:`MAX_BYTES` of text.

    The exact check, on the parser's events (libyaml's parser keeps its own stack, so any depth
    is safe here; its composer recurses). An alias counts as what it names written out, so a
    large anchored scalar aliased many times costs what it would cost the reports.
    Comments, quoted and block scalars hold no structure, so they never count.
    """
    depth = values = chars = 0
    weight: dict[str, tuple[int, int]] = {}  # anchor -> (values, characters) it stands for
    opened: list[tuple[str | None, int, int]] = []
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            event = cast(Any, event)  # the node events carry anchor and value
            kind = type(event)
            if kind is yaml.ScalarEvent:
                values += 1
                chars += len(event.value)
                if event.anchor:
                    weight[event.anchor] = (1, len(event.value))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                values += 1
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(_at(path, event, f"nested more than {MAX_DEPTH} levels "
                                          "deep: a menu file is never that deep"))  # fmt: skip
                opened.append((event.anchor, values, chars))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
                anchor, values_before, chars_before = opened.pop()
                if anchor:
                    weight[anchor] = (values - values_before + 1, chars - chars_before)
            elif kind is yaml.AliasEvent:
                more_values, more_chars = weight.get(event.anchor, (1, 0))
                values += more_values
                chars += more_chars
            else:
                continue
            if values > MAX_VALUES:
                raise YamlProblem(_at(path, event, f"file holds more than {MAX_VALUES:,} YAML "
                                      "values (an alias counts as what it repeats); menu files "
                                      "are limited to that (split the hotline into several "
                                      "files)"))  # fmt: skip
            if chars > MAX_BYTES:
                raise YamlProblem(_at(path, event, f"aliases repeat text to over "
                                      f"{MAX_BYTES / 1e6:.0f} MB (an alias counts as what it "
                                      "repeats); menu files are limited to that"))  # fmt: skip
    except yaml.YAMLError:
        return  # a syntax error: the composer reports it, located


def _at(path: str, event: yaml.Event, message: str) -> Diagnostic:
    mark = event.start_mark
    if mark is None:
        return Diagnostic(Loc(path, 1, 1), message)
    return Diagnostic(Loc(path, mark.line + 1, mark.column + 1), message)


_SCALAR_NODE = yaml.ScalarNode
_SCALAR_TAG = yaml.CSafeLoader.DEFAULT_SCALAR_TAG
_SEQUENCE_TAG = yaml.CSafeLoader.DEFAULT_SEQUENCE_TAG
_MAPPING_TAG = yaml.CSafeLoader.DEFAULT_MAPPING_TAG


class _Composer(yaml.CSafeLoader):
    """``yaml.CSafeLoader`` with its resolver's table laid out once per file: the same tags.

    libyaml's composer asks ``resolve`` for the tag of every node (and ``descend_resolver`` /
    ``ascend_resolver`` around each): PyYAML's builds a list of candidate patterns for every
    plain scalar; here each first character's list is built once, and a plain text met again
    (every key of a mapping is one) is looked up. Only without path resolvers (none in PyYAML's
    safe loader, unless a program adds one): see :func:`_loader`.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        table = self.yaml_implicit_resolvers
        wild = list(table.get(None, ()))
        self._wild = wild
        self._by_first = {first: [*found, *wild] for first, found in table.items() if first}
        self._by_first[""] = [*table.get("", ()), *wild]
        self._plain: dict[str, str] = {}
        # Path resolvers are off (see _loader), so these two hooks do nothing; libyaml's
        # composer calls them around every node, and a C callable that ignores its arguments
        # costs a third of a Python method that returns None.
        self.descend_resolver = {}.get  # type: ignore[method-assign,assignment]
        self.ascend_resolver = tuple  # type: ignore[method-assign,assignment]

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR_NODE:
            if not implicit[0]:
                return _SCALAR_TAG
            tag = self._plain.get(value)
            if tag is None:
                tag = _SCALAR_TAG
                for candidate, regexp in self._by_first.get(value[:1], self._wild):
                    if regexp.match(value):
                        tag = candidate
                        break
                self._plain[value] = tag
            return tag
        return _SEQUENCE_TAG if kind is yaml.SequenceNode else _MAPPING_TAG


def _loader() -> type:
    """:class:`_Composer`, or PyYAML's own loader when path resolvers were added to it."""
    return yaml.CSafeLoader if yaml.CSafeLoader.yaml_path_resolvers else _Composer


def compose_text(path: str, text: str, raw: bytes | None = None) -> yaml.Node | None:
    """Compose YAML text into located nodes (None for an empty document).

    ``raw``: the UTF-8 bytes ``text`` was decoded from, when the caller has them.
    """
    data = text.encode("utf-8", "surrogatepass") if raw is None else raw
    if _needs_exact_check(path, data, text):
        _check_events(path, text)
    try:
        return yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_error(path, exc)) from None
    except yaml.reader.ReaderError as exc:  # a control character; position counts characters
        what = str(exc).split("\n", 1)[0]
        where = Loc(path, *_line_col(text, exc.position))
        raise YamlProblem(Diagnostic(where, f"YAML syntax error: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Diagnostic(Loc(path, 1, 1), f"YAML error: {exc}")) from None


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

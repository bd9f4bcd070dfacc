"""Platform files as text, safely: size limit, declared encodings, located JSON errors.

What the importers of JSON platforms (Twilio Studio, Amazon Connect) and of XML ones share
before any format is parsed: a file is read at most :data:`MAX_BYTES`, its encoding is taken
from its byte-order mark (UTF-8 otherwise), undecodable bytes and NUL bytes are refused with
``file:line:col``, CRLF line ends count as one line, and a JSON syntax error says where it is.
A :class:`Lines` maps character offsets to lines and columns, so that a reader can locate the
values it found by position (:func:`key_offsets`) without a slower position-keeping parser.

>>> text = '{\\r\\n  "a": 1,\\r\\n  "b": [2 3]\\r\\n}'
>>> try:
...     parse_json(text, "flow.json")
... except SourceProblem as exc:
...     print(exc)
flow.json:3:11: JSON syntax error: expecting ',' delimiter
>>> Lines('x\\r\\n"name": "y"').at(3)
(2, 1)
"""

from __future__ import annotations

import bisect
import codecs
import json
import os
import re
import stat
from typing import Any

from ivr.diagnostics import Diagnostic, Loc

MAX_BYTES = 20 * 1024 * 1024
_LINE_END = re.compile("\n")
"""The largest platform file read (the limit of menu files, :mod:`ivr.io.yaml.safe`)."""


class SourceProblem(Exception):
    """A file that cannot be read as the text it claims to be; carries one located message."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


class Lines:
    """Character offsets of a text as (line, column), both 1-based."""

    def __init__(self, text: str):
        self._text = text
        self._starts: list[int] | None = None
        self._asked = 0

    def at(self, offset: int) -> tuple[int, int]:
        text = self._text
        if self._starts is None:
            self._asked += 1
            if self._asked <= 16:  # a few locations: count line ends (in C), no table
                line = text.count("\n", 0, offset) + 1
                return line, offset - text.rfind("\n", 0, offset)
            self._starts = [0, *(m.end() for m in _LINE_END.finditer(text))]
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def loc(self, file: str, offset: int) -> Loc:
        line, col = self.at(offset)
        return Loc(file, line, col)

    def locs(self, file: str, offsets: dict[str, int]) -> dict[str, Loc]:
        """The location of each offset, by key: one sweep counting line ends in C.

        >>> Lines("a\\nbb\\nc").locs("f", {"x": 3, "y": 5})
        {'x': Loc(file='f', line=2, col=2), 'y': Loc(file='f', line=3, col=1)}
        """
        out, line, last, text = {}, 1, 0, self._text
        for key, off in sorted(offsets.items(), key=lambda kv: kv[1]):
            line += text.count("\n", last, off)
            last = off
            out[key] = Loc(file, line, off - text.rfind("\n", 0, off))
        return out


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_bytes(
    path: str | os.PathLike[str], display: str, what: str, limit: int = MAX_BYTES
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; SourceProblem otherwise."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SourceProblem(Diagnostic(Loc(display, 1, 1), f"not a regular file, not {what}"))
        if info.st_size > limit:
            raise SourceProblem(
                Diagnostic(
                    Loc(display, 1, 1),
                    f"file is {info.st_size / 1e6:.1f} MB; {what} is read up to "
                    f"{limit / 1e6:.0f} MB",
                )
            )
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise SourceProblem(Diagnostic(Loc(display), "no such file or folder")) from None
    except OSError as exc:
        raise SourceProblem(
            Diagnostic(Loc(display), f"cannot read: {exc.strerror or exc}")
        ) from None
    if len(data) > limit:  # it grew while it was read
        too_big = f"{what} is read up to {limit / 1e6:.0f} MB"
        raise SourceProblem(Diagnostic(Loc(display, 1, 1), too_big))
    return data


def decode(data: bytes, display: str, what: str) -> str:
    """The text of ``data``: the encoding its byte-order mark declares, else UTF-8.

    >>> decode(codecs.BOM_UTF16_LE + '{"a": "ж"}'.encode("utf-16-le"), "f.json", "JSON")
    '{"a": "ж"}'
    >>> try:
    ...     decode(b'{"a":\\n "\\xff"}', "f.json", "a Studio flow")
    ... except SourceProblem as exc:
    ...     print(exc)
    f.json:2:3: not UTF-8 text: byte 0xff cannot be decoded (save the file as UTF-8)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceProblem(
                    Diagnostic(
                        Loc(display, 1, 1),
                        f"not {encoding} text after its byte-order mark: {exc.reason}",
                    )
                ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceProblem(
            Diagnostic(
                _byte_loc(display, data, exc.start),
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded "
                "(save the file as UTF-8)",
            )
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        where = Lines(text).loc(display, nul)
        raise SourceProblem(Diagnostic(where, f"binary file (a NUL byte here), not {what}"))
    return text


def _byte_loc(display: str, data: bytes, offset: int) -> Loc:
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Loc(display, data.count(b"\n", 0, offset) + 1, col)


def read_text(path: str | os.PathLike[str], display: str, what: str, limit: int = MAX_BYTES) -> str:
    """:func:`read_bytes` then :func:`decode`."""
    return decode(read_bytes(path, display, what, limit), display, what)


def lines_ending_in_newline(text: str) -> str:
    """``text`` with CRLF and lone CR line ends made ``\\n`` (lines and columns unchanged).

    >>> lines_ending_in_newline("a\\r\\nb\\rc\\n")
    'a\\nb\\nc\\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_DECODER = json.JSONDecoder()


def parse_json(text: str, display: str, start: int = 0) -> tuple[Any, int]:
    """The JSON value that starts at offset ``start`` (after blanks) and where it ends.

    A syntax error is a SourceProblem at its line and column in ``text``; so is nesting too
    deep for the parser.
    """
    begin = start
    while begin < len(text) and text[begin] in " \t\r\n":
        begin += 1
    try:
        return _DECODER.raw_decode(text, begin)
    except json.JSONDecodeError as exc:
        loc = Loc(display, exc.lineno, exc.colno)
        raise SourceProblem(Diagnostic(loc, f"JSON syntax error: {exc.msg.lower()}")) from None
    except RecursionError:
        loc = Lines(text).loc(display, begin)
        raise SourceProblem(Diagnostic(loc, "JSON nested too deep to be a flow")) from None


def key_offsets(text: str, key: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of every ``"key":`` in ``text[start:end]`` (the quote that opens the key).

    >>> key_offsets('{"next": "a", "x": {"next": "b"}}', "next")
    [1, 20]
    """
    pattern = re.compile(r'"' + re.escape(key) + r'"\s*:')
    stop = len(text) if end is None else end
    return [m.start() for m in pattern.finditer(text, start, stop)]


def string_offsets(text: str, key: str) -> dict[str, int]:
    """The first offset of each string value of ``"key": "value"`` in ``text``, by value.

    What a reader locates states by (their ``name`` or ``Identifier``) in one pass.

    >>> string_offsets('[{"name": "a"}, {"name": "b\\\\u00e9"}, {"name": "a"}]', "name")
    {'a': 2, 'bé': 17}
    """
    pattern = re.compile(r'"' + re.escape(key) + r'"\s*:\s*("(?:[^"\\]|\\.)*")')
    out: dict[str, int] = {}
    for m in pattern.finditer(text):
        raw = m.group(1)
        value = json.loads(raw) if "\\" in raw else raw[1:-1]
        out.setdefault(value, m.start())
    return out


class Positions:
    """Where the objects of a JSON text stand, found by the string value of one of their keys
    (a Studio widget's ``name``, a Connect action's ``Identifier``), and where what they say
    stands: what a flow reader locates its states and references by, in one sweep of the
    text. With ``at``, every position is that one (a flow given as a JSON string inside the
    file: its own lines are not the file's).

    >>> pos = Positions('[\\n {"name": "a",\\n  "next": "b"}]', "f.json", "name")
    >>> pos.loc("a"), pos.value("a", "next", "b")
    (Loc(file='f.json', line=2, col=3), Loc(file='f.json', line=3, col=3))
    """

    def __init__(self, text: str, display: str, key: str, at: Loc | None = None):
        self.text, self.display, self.at = text, display, at
        self.lines = Lines(text)
        self.offsets = {} if at is not None else string_offsets(text, key)
        self._locs = self.lines.locs(display, self.offsets)

    def loc(self, name: str) -> Loc:
        """Where the object ``name`` stands (the file alone when it is not found)."""
        if self.at is not None:
            return self.at
        return self._locs.get(name) or Loc(self.display)

    def value(self, name: str, key: str, value: str, within: bool = False) -> Loc | None:
        """Where ``"key": "value"`` first stands after the start of object ``name`` (with
        ``within``, from its opening brace: a key before the one it is found by); None when
        it is not found."""
        start = self.offsets.get(name)
        if start is None or self.at is not None:
            return None
        if within:
            start = max(0, self.text.rfind("{", 0, start))
        pattern = re.compile('"' + re.escape(key) + r'"\s*:\s*"' + re.escape(value) + '"')
        m = pattern.search(self.text, start)
        return self.lines.loc(self.display, m.start()) if m else None

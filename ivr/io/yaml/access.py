"""Typed access to composed YAML nodes: each value read as text, a number, a list, ...

Errors are recorded, located at the node (``file:line:col``), instead of raised: a file's
mistakes all come back together. The usual case (plain data, in range) takes a fast path
checked first; anything else takes the general path, which says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeGuard

import yaml

from ivr.diagnostics import Diagnostic, close_match
from ivr.io.yaml.safe import MAX_ALIASES
from ivr.model.types import Loc

Where = dict[str, tuple[int, int]]
"""A model object's ``where``: (line, column) of some of its fields' values."""
MAX_ERRORS = 100  # per file: past this, a file is not a menu with mistakes but something else

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TRUE = {"true", "yes", "on", "y"}
# Fast paths (the usual case, checked first; anything else takes the general path below them)
_Scalar = yaml.ScalarNode
_Mapping = yaml.MappingNode
_STR = _CORE + "str"
_MAP = _CORE + "map"
_TEXT_TAGS = frozenset(_SCALAR_TAGS - {_CORE + "null"})
_NUMBER_TAGS = frozenset((_CORE + "int", _CORE + "float"))
_COLLECTION_TAGS = (_CORE + "map", _CORE + "seq")
_FALSE = {"false", "no", "off", "n"}


def kind(node: yaml.Node) -> str:
    """How an error names a value it did not expect: ``'five'``, ``a list``, ``nothing``."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _CORE + "null":
        return "nothing"
    value = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f"'{value}'"


class TooManyErrors(Exception):
    """Raised by the reader at MAX_ERRORS: the rest of the file is not read."""


class Access:
    """Typed access to composed YAML nodes, recording errors instead of raising."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._foreign: set[int] = set()
        self._aliases = 0

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        """(line, column) of ``node``, 1-based: what a model's ``where`` records."""
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def error(self, node: yaml.Node | Loc, message: str) -> None:
        loc = node if isinstance(node, Loc) else self.loc(node)
        self.errors.append(Diagnostic(loc, message))
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append(
                Diagnostic(loc, f"too many errors ({MAX_ERRORS}); the rest of the file is not read")
            )
            raise TooManyErrors

    def foreign(self, node: yaml.Node) -> bool:
        """True (after one error per node) for a tag that is not plain data: ``!!python/...``."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _SCALAR_TAGS:
                return False
        elif node.tag in _COLLECTION_TAGS:
            return False
        if id(node) not in self._foreign:
            self._foreign.add(id(node))
            self.error(node, f"tag '{node.tag}' is not allowed: menu files are plain data")
        return True

    def _visit(self, node: yaml.Node) -> bool:
        """False (after an error) for tags that are not plain data or too many aliases."""
        if self.foreign(node):
            return False
        if isinstance(node, yaml.ScalarNode):
            return True
        if id(node) in self._seen:
            self._aliases += 1
            if self._aliases == MAX_ALIASES + 1:
                self.error(node, f"more than {MAX_ALIASES} aliases: refusing to expand further")
            if self._aliases > MAX_ALIASES:
                return False
        self._seen.add(id(node))
        return True

    def mapping(self, node: yaml.Node, what: str) -> TypeGuard[yaml.MappingNode]:
        """Whether ``node`` is a mapping to read (an error when it is not)."""
        if node.__class__ is _Mapping and node.tag == _MAP and id(node) not in self._seen:
            self._seen.add(id(node))  # fast path: a plain mapping met for the first time
            return True
        if self.foreign(node):
            return False
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping, not {kind(node)}")
            return False
        return self._visit(node)

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key text, key node, value node) of a mapping, duplicates reported and dropped."""
        if not self.mapping(node, what):
            return []
        return self._pairs(node, what)

    def _pairs(self, node: yaml.MappingNode, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        out: list[tuple[str, yaml.Node, yaml.Node]] = []
        first: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if key.__class__ is _Scalar and key.tag == _STR:  # fast path: a plain text key
                name = key.value
            elif key.tag == _CORE + "merge":
                self.error(key, "merge keys ('<<') are not supported in menu files")
                continue
            elif not isinstance(key, yaml.ScalarNode) or not self._visit(key):
                if isinstance(key, yaml.ScalarNode):
                    continue
                self.error(key, f"a key in {what} must be plain text, not {kind(key)}")
                continue
            else:
                name = key.value
            if name in first:
                self.error(
                    key,
                    f"duplicate key '{name}' in {what} (first at line "
                    f"{first[name].start_mark.line + 1}); YAML would silently keep only one",
                )
                continue
            first[name] = key
            out.append((name, key, value))
        return out

    def fields(
        self,
        node: yaml.Node,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        hint: Callable[[str], str | None] | None = None,
    ) -> dict[str, yaml.Node]:
        allowed = tuple(allowed)
        found: dict[str, yaml.Node] = {}
        if node.__class__ is _Mapping and node.tag == _MAP and id(node) not in self._seen:
            # Fast path: plain text keys, each allowed and met once, nothing required missing.
            # Anything else falls through to the general path, which reports it.
            for key, value in node.value:
                if key.__class__ is not _Scalar or key.tag != _STR:
                    break
                name = key.value
                if name in found or name not in allowed:
                    break
                found[name] = value
            else:
                for name in required:
                    if name not in found:
                        break
                else:
                    self._seen.add(id(node))
                    return found
            found = {}
        if not self.mapping(node, what):
            return found
        misspelt: set[str | None] = set()
        for name, key, value in self._pairs(node, what):
            if name not in allowed:
                extra = hint(name) if hint else None
                close = close_match(name, allowed)
                misspelt.add(close)
                suggestion = f" (did you mean '{close}'?)" if close else ""
                self.error(key, extra or f"unknown field '{name}' in {what}{suggestion}")
                continue
            found[name] = value
        for name in required:
            if name not in found and name not in misspelt:
                self.error(node, f"{what} is missing '{name}'")
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if self.foreign(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, not {kind(node)}")
            return []
        return list(node.value) if self._visit(node) else []

    def text(self, node: yaml.Node | None, what: str, allow_empty: bool = False) -> str | None:
        if node.__class__ is _Scalar and node.tag in _TEXT_TAGS:  # fast path: plain data
            return node.value
        if node is None or self.foreign(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be text, not {kind(node)}")
            return None
        if not self._visit(node):
            return None
        if node.tag == _CORE + "null" and not allow_empty:
            self.error(node, f"{what} must be text, not nothing")
            return None
        return node.value

    def number(self, node: yaml.Node | None, what: str, lo: float, hi: float,
               unit: str = "a number of seconds") -> float | None:  # fmt: skip
        if node.__class__ is _Scalar and node.tag in _NUMBER_TAGS:  # fast path: digits in range
            digits = node.value
            if digits.isascii() and digits.isdecimal() and lo <= (value := float(digits)) <= hi:
                return value
        if node is None or self.foreign(node):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (
            _CORE + "int",
            _CORE + "float",
        ):
            quoted = isinstance(node, yaml.ScalarNode) and _looks_numeric(node.value)
            hint = " (write the number without quotes)" if quoted else ""
            self.error(node, f"{what} must be {unit}, not {kind(node)}{hint}")
            return None
        text = node.value.replace("_", "").lower()
        text = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}.get(text, text)
        try:
            value = float(text)
        except ValueError:
            self.error(node, f"{what} must be a plain number, not {kind(node)}")
            return None
        if not lo <= value <= hi:
            self.error(node, f"{what} is {value:g}; it must be between {lo:g} and {hi:g}")
            return None
        return value

    def integer(self, node: yaml.Node | None, what: str, lo: int, hi: int) -> int | None:
        value = self.number(node, what, lo, hi, "a whole number")
        if value is None:
            return None
        if value != int(value):
            assert node is not None  # a number was read from it
            self.error(node, f"{what} must be a whole number")
            return None
        return int(value)

    def boolean(self, node: yaml.Node | None, what: str) -> bool | None:
        if node is None or self.foreign(node):
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _CORE + "bool":
            return node.value.lower() in _TRUE
        self.error(node, f"{what} must be true or false, not {kind(node)}")
        return None

    def texts(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        """One text or a list of texts."""
        if node.__class__ is _Scalar and node.tag in _TEXT_TAGS:  # fast path: one plain text
            return (node.value,)
        if node is None or self.foreign(node):
            return ()
        if isinstance(node, yaml.SequenceNode):
            items = (self.text(n, what) for n in self.sequence(node, what))
            return tuple(t for t in items if t is not None)
        one = self.text(node, what)
        return (one,) if one is not None else ()


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

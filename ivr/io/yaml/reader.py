"""Menu files to the model: ``ivr.load(path)`` with every error located and collected.

The YAML is composed (not constructed) by the C loader, so each value keeps its line and
column and no tag can build a Python object; this module walks the nodes along the format and
builds frozen model objects. All errors of all files come back together in one
:class:`~ivr.diagnostics.LoadError`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from ivr._gcpause import gc_paused
from ivr.diagnostics import Diagnostic, LoadError, close_match, did_you_mean
from ivr.io import spec
from ivr.io.spec import (
    COMMON_NODE_FIELDS,
    FORMAT_VERSION,
    MENU_SUFFIXES,
    TYPE_FIELDS,
)
from ivr.io.yaml.safe import MAX_ALIASES, YamlProblem, compose_file
from ivr.model import numbers
from ivr.model.types import (
    DEFAULT_AT,
    DEFAULT_KEY_TIME,
    DTMF_KEYS,
    FREE,
    NODE_TYPES,
    OUTCOMES,
    Case,
    Claim,
    Condition,
    Cost,
    Entry,
    Facts,
    Hotline,
    HourWait,
    Loc,
    Menu,
    Node,
    Retries,
    Source,
    Target,
    Timeout,
    Wait,
    key_problem,
    parse_hhmm,
)

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

_S = spec.SECTIONS
TOP_FIELDS = _S["top"].names()
ENTRY_FIELDS = _S["entry"].names()
CLAIM_FIELDS = _S["claim"].names()
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {t: _S[t].required() for t in NODE_TYPES}


_F = {name: (section.names(), section.required()) for name, section in _S.items()}
"""Each section's (fields, required fields), as :meth:`_Reader.fields` takes them."""


_RANGES = {
    (name, f.name): f.range()
    for name, section in _S.items()
    for f in section.fields
    if f.min is not None
}


def _range(section: str, name: str) -> tuple[float, float]:
    return _RANGES[section, name]


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _CORE + "null":
        return "nothing"
    value = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f"'{value}'"


class _TooManyErrors(Exception):
    """Raised by the reader at MAX_ERRORS: the rest of the file is not read."""


class _Reader:
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

    def error(self, node: yaml.Node | Loc, message: str) -> None:
        loc = node if isinstance(node, Loc) else self.loc(node)
        self.errors.append(Diagnostic(loc, message))
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append(
                Diagnostic(loc, f"too many errors ({MAX_ERRORS}); the rest of the file is not read")
            )
            raise _TooManyErrors

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

    def mapping(self, node: yaml.Node, what: str) -> bool:
        """Whether ``node`` is a mapping to read (an error when it is not)."""
        if node.__class__ is _Mapping and node.tag == _MAP and id(node) not in self._seen:
            self._seen.add(id(node))  # fast path: a plain mapping met for the first time
            return True
        if self.foreign(node):
            return False
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping, not {_kind(node)}")
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
                self.error(key, f"a key in {what} must be plain text, not {_kind(key)}")
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
            self.error(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value) if self._visit(node) else []

    def text(self, node: yaml.Node | None, what: str, allow_empty: bool = False) -> str | None:
        if node.__class__ is _Scalar and node.tag in _TEXT_TAGS:  # fast path: plain data
            return node.value
        if node is None or self.foreign(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be text, not {_kind(node)}")
            return None
        if not self._visit(node):
            return None
        if node.tag == _CORE + "null" and not allow_empty:
            self.error(node, f"{what} must be text, not nothing")
            return None
        return node.value

    def number(self, node: yaml.Node | None, what: str, lo: float, hi: float) -> float | None:
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
            self.error(node, f"{what} must be a number of seconds, not {_kind(node)}")
            return None
        text = node.value.replace("_", "").lower()
        text = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}.get(text, text)
        try:
            value = float(text)
        except ValueError:
            self.error(node, f"{what} must be a plain number, not {_kind(node)}")
            return None
        if not lo <= value <= hi:
            self.error(node, f"{what} is {value:g}; it must be between {lo:g} and {hi:g}")
            return None
        return value

    def integer(self, node: yaml.Node | None, what: str, lo: int, hi: int) -> int | None:
        value = self.number(node, what, lo, hi)
        if value is None:
            return None
        if value != int(value):
            self.error(node, f"{what} must be a whole number")
            return None
        return int(value)

    def boolean(self, node: yaml.Node | None, what: str) -> bool | None:
        if node is None or self.foreign(node):
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _CORE + "bool":
            return node.value.lower() in _TRUE
        self.error(node, f"{what} must be true or false, not {_kind(node)}")
        return None

    def texts(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        """One text or a list of texts."""
        if node is None or self.foreign(node):
            return ()
        if isinstance(node, yaml.SequenceNode):
            items = (self.text(n, what) for n in self.sequence(node, what))
            return tuple(t for t in items if t is not None)
        one = self.text(node, what)
        return (one,) if one is not None else ()


class _MenuBuilder:
    """Builds one :class:`Menu` from a composed file, collecting errors in the reader."""

    def __init__(self, reader: _Reader, root: yaml.Node, stem: str):
        self.r = reader
        self.root = root
        self.stem = stem
        self.sources: dict[str, Source] = {}
        self.caller: dict[str, tuple[str, ...]] = {}
        self.region = spec.DEFAULT_REGION  # the file's; an entry's own 'region' overrides it
        self.refs: list[tuple[yaml.Node, str, str]] = []  # (where, target node id, what)

    # -- small shared pieces ------------------------------------------------------------
    def provenance(self, f: dict[str, yaml.Node], what: str, allowed: tuple[str, ...]) -> Facts:
        source = self.source_ids(f.get("source"), what)
        inferred = self.r.texts(f.get("inferred"), f"'inferred' of {what}")
        if "inferred" in f:
            for name in inferred:
                if name not in allowed and name != "all":
                    self.r.error(
                        f["inferred"],
                        f"'inferred' of {what} names '{name}', which is not one of its fields"
                        + did_you_mean(name, allowed),
                    )
        note = self.r.text(f.get("note"), f"'note' of {what}") or ""
        return Facts(source, inferred, note)

    def source_ids(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        ids = self.r.texts(node, f"'source' of {what}")
        for sid in ids:
            if sid not in self.sources:
                self.r.error(
                    node,
                    f"{what} cites source '{sid}', which 'sources' does not list"
                    + did_you_mean(sid, self.sources),
                )
        return ids

    def condition(self, node: yaml.Node | None, what: str) -> Condition:
        if node is None:
            return Condition()
        attrs: list[tuple[str, tuple[str, ...]]] = []
        hours: tuple[str, ...] = ()
        for name, key, value in self.r.pairs(node, what):
            if name == "hour":
                hours = self.r.texts(value, f"'hour' of {what}")
                for span in hours:
                    self.check_span(value, span, what)
                continue
            if name not in self.caller:
                self.r.error(
                    key,
                    f"{what} tests caller attribute '{name}', which 'caller' does not declare"
                    + did_you_mean(name, [*self.caller, "hour"]),
                )
                continue
            values = self.r.texts(value, f"'{name}' of {what}")
            for v in values:
                if v not in self.caller[name]:
                    self.r.error(
                        value,
                        f"'{v}' is not a value of caller attribute '{name}' "
                        f"({', '.join(self.caller[name])}){did_you_mean(v, self.caller[name])}",
                    )
            attrs.append((name, values))
        return Condition(tuple(attrs), hours, self.r.loc(node))

    def check_span(self, node: yaml.Node, span: str, what: str) -> None:
        start, sep, end = span.partition("-")
        try:
            if not sep:
                raise ValueError(f"'{span}' is not an hour range HH:MM-HH:MM")
            parse_hhmm(start.strip())
            parse_hhmm(end.strip())
        except ValueError as exc:
            self.r.error(node, f"{what}: {exc}")

    def cost(self, node: yaml.Node | None, what: str) -> Cost | None:
        if node is None or self.r.foreign(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.value == "free":
                return Cost(loc=self.r.loc(node))
            self.r.error(node, f"'cost' of {what} must be 'free' or a mapping, not {_kind(node)}")
            return None
        f = self.r.fields(node, f"'cost' of {what}", *_F["cost"])
        rate = self.r.number(
            f.get("per_minute"), f"'per_minute' of {what}", *_range("cost", "per_minute")
        )
        free = self.r.boolean(f.get("free"), f"'free' of {what}")
        if free is None:
            free = rate == 0
        currency = self.r.text(f.get("currency"), f"'currency' of {what}")
        note = self.r.text(f.get("note"), f"'note' of {what}") or ""
        return Cost(free, rate, currency, note, self.r.loc(node))

    def ref(self, node: yaml.Node | None, what: str) -> str | None:
        target = self.r.text(node, what)
        if target is not None and node is not None:
            self.refs.append((node, target, what))
        return target

    # -- sections -----------------------------------------------------------------------
    def build(self) -> Menu | None:
        r = self.r
        top = r.fields(self.root, "the menu file", *_F["top"])
        if not isinstance(self.root, yaml.MappingNode):
            return None
        if "ivr" in top:
            version = r.integer(top["ivr"], "'ivr' (the format version)", 0, 1000)
            if version is not None and version != FORMAT_VERSION:
                r.error(top["ivr"], f"format version {version} is not known; this ivr reads 1")
        menu_id = r.text(top.get("id"), "'id'") or self.stem
        key_time = (
            r.number(top.get("key_time"), "'key_time'", *_range("top", "key_time"))
            or DEFAULT_KEY_TIME
        )
        if "region" in top:
            self.region = r.text(top["region"], "'region'") or ""
        if "sources" in top:
            for sid, _key, value in r.pairs(top["sources"], "'sources'"):
                self.sources[sid] = self.source(sid, value)
        if "caller" in top:
            for name, _key, value in r.pairs(top["caller"], "'caller'"):
                self.caller[name] = r.texts(value, f"values of caller attribute '{name}'")
        entries = tuple(
            e
            for i, n in enumerate(
                r.sequence(top["entries"], "'entries'") if "entries" in top else []
            )
            if (e := self.entry(n, i)) is not None
        )
        seen_entries: dict[str, Entry] = {}
        for e in entries:
            if e.id in seen_entries:
                r.error(
                    e.loc,
                    f"entry id '{e.id}' is used twice (also line {seen_entries[e.id].loc.line}); "
                    "give one of them its own 'id'",
                )
            seen_entries[e.id] = e
        nodes: list[Node] = []
        ids: set[str] = set()  # every node the file names, built or not: no cascade of errors
        for node_id, key, value in r.pairs(top["nodes"], "'nodes'") if "nodes" in top else []:
            if not node_id.strip() or node_id != node_id.strip():
                r.error(key, f"node id '{node_id}' must be a name without surrounding spaces")
                continue
            ids.add(node_id)
            built = self.node(node_id, value)
            if built is not None:
                nodes.append(built)
        for where, target, what in self.refs:
            if target not in ids:
                r.error(
                    where,
                    f"{what} points to '{target}', which does not exist"
                    + did_you_mean(target, ids),
                )
        claims = tuple(
            c
            for n in (r.sequence(top["documented"], "'documented'") if "documented" in top else [])
            if (c := self.claim(n)) is not None
        )
        return Menu(
            id=menu_id,
            title=r.text(top.get("title"), "'title'") or "",
            note=r.text(top.get("note"), "'note'") or "",
            file=self.r.path,
            version=FORMAT_VERSION,
            key_time=key_time,
            sources=tuple(self.sources.values()),
            caller=tuple(self.caller.items()),
            entries=entries,
            nodes=tuple(nodes),
            documented=claims,
            loc=r.loc(self.root),
        )

    def source(self, sid: str, node: yaml.Node) -> Source:
        if isinstance(node, yaml.ScalarNode):
            return Source(
                sid, title=self.r.text(node, f"source '{sid}'") or "", loc=self.r.loc(node)
            )
        f = self.r.fields(node, f"source '{sid}'", *_F["source"])
        get = {k: self.r.text(f.get(k), f"'{k}' of source '{sid}'") or "" for k in f}
        return Source(sid, loc=self.r.loc(node), **get)

    def entry(self, node: yaml.Node, index: int) -> Entry | None:
        r = self.r
        what = f"entry {index + 1}"
        f = r.fields(node, what, *_F["entry"])
        dial = r.text(f.get("dial"), f"'dial' of {what}")
        if dial is not None:
            what = f"entry '{dial}'"
        region = self.region if "region" not in f else r.text(f["region"], f"'region' of {what}")
        if region is None:
            region = self.region
        if dial is not None:
            problem = _number_problem(dial, region)
            if problem is not None:
                r.error(f["dial"], problem)
        start = self.ref(f.get("start"), f"'start' of {what}")
        if dial is None or start is None:
            return None
        return Entry(
            id=r.text(f.get("id"), f"'id' of {what}") or numbers.digits_of(dial),
            dial=dial,
            start=start,
            when=self.condition(f.get("when"), f"'when' of {what}"),
            cost=self.cost(f.get("cost"), what) or FREE,
            region=region,
            title=r.text(f.get("title"), f"'title' of {what}") or "",
            facts=self.provenance(f, what, ENTRY_FIELDS),
            disputed=r.text(f.get("disputed"), f"'disputed' of {what}") or "",
            loc=r.loc(node),
        )

    def node(self, node_id: str, node: yaml.Node) -> Node | None:
        r = self.r
        what = f"node '{node_id}'"
        type_node = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:  # the first 'type' key
                if getattr(k, "value", None) == "type":
                    type_node = v
                    break
        node_type = r.text(type_node, f"'type' of {what}") if type_node is not None else None
        if node_type is not None and node_type not in NODE_TYPES:
            r.error(
                type_node,
                f"{what} has unknown type '{node_type}' (one of {', '.join(NODE_TYPES)})"
                + did_you_mean(node_type, NODE_TYPES),
            )
            node_type = None
        allowed = _NODE_FIELDS[node_type] if node_type else COMMON_NODE_FIELDS

        def hint(name: str) -> str | None:
            owners = [t for t, fs in TYPE_FIELDS.items() if name in fs]
            if node_type and owners:
                return (
                    f"field '{name}' does not apply to a {node_type} node "
                    f"(it belongs to {' and '.join(owners)} nodes)"
                )
            return None

        required = _NODE_REQUIRED[node_type] if node_type else ("type",)
        f = r.fields(node, what, allowed if node_type else _ALL_NODE_FIELDS, required, hint)
        if node_type is None:
            return None
        timeout = retries = None
        if "timeout" in f:
            tf = r.fields(f["timeout"], f"'timeout' of {what}", *_F["timeout"])
            after = r.number(
                tf.get("after"), f"'timeout.after' of {what}", *_range("timeout", "after")
            )
            to = self.ref(tf.get("to"), f"'timeout.to' of {what}")
            if after is not None and to is not None:
                timeout = Timeout(after, to, r.loc(f["timeout"]))
        if "retries" in f:
            rf = r.fields(f["retries"], f"'retries' of {what}", *_F["retries"])
            count = r.integer(rf.get("max"), f"'retries.max' of {what}", *_range("retries", "max"))
            then = self.ref(rf.get("then"), f"'retries.then' of {what}")
            if count is not None and then is not None:
                retries = Retries(count, then, r.loc(f["retries"]))
        options: list[tuple[str, str]] = []
        for key, key_node, value in (
            r.pairs(f["options"], f"'options' of {what}") if "options" in f else []
        ):
            if len(key) != 1 or key not in DTMF_KEYS:
                close = len(key) == 1 and key.upper() in DTMF_KEYS
                suggestion = f" (did you mean '{key.upper()}'?)" if close else ""
                r.error(
                    key_node,
                    f"option key '{key}' of {what} is not a telephone key "
                    f"(one of 0-9 * # A B C D){suggestion}",
                )
                continue
            target = self.ref(value, f"option '{key}' of {what}")
            if target is not None:
                options.append((key, target))
        cases: list[Case] = []
        for i, case_node in enumerate(
            r.sequence(f["cases"], f"'cases' of {what}") if "cases" in f else []
        ):
            cw = f"case {i + 1} of {what}"
            cf = r.fields(case_node, cw, *_F["case"])
            to = self.ref(cf.get("to"), f"'to' of {cw}")
            if to is not None:
                cases.append(
                    Case(self.condition(cf.get("when"), f"'when' of {cw}"), to, r.loc(case_node))
                )
        # An absent field takes its default without a call (the calls would return it too).
        g = f.get
        say, duration, barge_in, nxt = g("say"), g("duration"), g("barge_in"), g("next")
        invalid, otherwise, queue, suppress = g("invalid"), g("else"), g("queue"), g("suppress")
        return Node(
            id=node_id,
            type=node_type,
            say="" if say is None else r.text(say, f"'say' of {what}", allow_empty=True) or "",
            duration=0.0
            if duration is None
            else r.number(duration, f"'duration' of {what}", *_DURATION) or 0.0,
            barge_in=True
            if barge_in is None
            else _default(r.boolean(barge_in, f"'barge_in' of {what}"), True),
            next=None if nxt is None else self.ref(nxt, f"'next' of {what}"),
            options=tuple(options),
            timeout=timeout,
            invalid=None if invalid is None else self.ref(invalid, f"'invalid' of {what}"),
            retries=retries,
            cases=tuple(cases),
            otherwise=None if otherwise is None else self.ref(otherwise, f"'else' of {what}"),
            queue="" if queue is None else r.text(queue, f"'queue' of {what}") or "",
            wait=None if "wait" not in f else self.wait(f["wait"], what),
            cost=None if "cost" not in f else self.cost(f["cost"], what),
            to=None if "to" not in f else self.target(f["to"], what),
            facts=self.provenance(f, what, allowed) if _has_provenance(f) else _NO_FACTS,
            suppress=() if suppress is None else r.texts(suppress, f"'suppress' of {what}"),
            loc=r.loc(node),
        )

    def wait(self, node: yaml.Node | None, what: str) -> Wait | None:
        if node is None:
            return None
        r = self.r
        f = r.fields(node, f"'wait' of {what}", *_F["wait"])
        mean = r.number(f.get("mean"), f"'wait.mean' of {what}", *_range("wait", "mean"))
        low = r.number(f.get("min"), f"'wait.min' of {what}", *_range("wait", "min"))
        high = r.number(f.get("max"), f"'wait.max' of {what}", *_range("wait", "max"))
        if mean is not None and low is not None and high is not None and not low <= mean <= high:
            r.error(
                node, f"'wait' of {what}: mean {mean:g} is not between min {low:g} and max {high:g}"
            )
        by_hour: list[HourWait] = []
        for item in r.sequence(f["by_hour"], f"'wait.by_hour' of {what}") if "by_hour" in f else []:
            hf = r.fields(item, f"'wait.by_hour' of {what}", *_F["by_hour"])
            hours = r.text(hf.get("hours"), f"'hours' of {what}")
            hmean = r.number(
                hf.get("mean"), f"'by_hour.mean' of {what}", *_range("by_hour", "mean")
            )
            if hours is not None:
                self.check_span(hf["hours"], hours, f"'wait.by_hour' of {what}")
                if hmean is not None:
                    by_hour.append(HourWait(hours, hmean, r.loc(item)))
        if mean is None:
            return None
        return Wait(mean, low, high, tuple(by_hour), r.loc(node))

    def target(self, node: yaml.Node | None, what: str) -> Target | None:
        if node is None:
            return None
        f = self.r.fields(node, f"'to' of {what}", *_F["target"])
        file = self.r.text(f.get("file"), f"'to.file' of {what}")
        entry = self.r.text(f.get("entry"), f"'to.entry' of {what}")
        if file is None or entry is None:
            return None
        if "/" in file or "\\" in file or file in (".", "..") or not file.endswith(MENU_SUFFIXES):
            self.r.error(
                f["file"],
                f"'to.file' of {what} is '{file}': a transfer goes to a menu file in the same "
                "folder (a plain file name ending in .yaml), never outside it",
            )
            return None
        return Target(file, entry, self.r.loc(node))

    def claim(self, node: yaml.Node) -> Claim | None:
        r = self.r
        f = r.fields(node, "documented claim", *_F["claim"])
        dial = r.text(f.get("dial"), "'dial' of documented claim")
        keys_text = r.text(f.get("keys"), "'keys' of documented claim", allow_empty=True) or ""
        keys = split_keys(keys_text)
        for k in keys:
            problem = key_problem(k)
            if problem:
                r.error(f["keys"], f"'{k}' in keys '{keys_text}' {problem}")
        caller: list[tuple[str, str]] = []
        for name, key, value in (
            r.pairs(f["caller"], "'caller' of documented claim") if "caller" in f else []
        ):
            v = r.text(value, f"caller '{name}' of documented claim")
            if name not in self.caller:
                r.error(
                    key,
                    f"caller attribute '{name}' is not declared" + did_you_mean(name, self.caller),
                )
            elif v is not None and v not in self.caller[name]:
                r.error(
                    value,
                    f"'{v}' is not a value of caller attribute '{name}' "
                    f"({', '.join(self.caller[name])}){did_you_mean(v, self.caller[name])}",
                )
            elif v is not None:
                caller.append((name, v))
        at = r.text(f.get("at"), "'at' of documented claim")
        if at is None:
            at = DEFAULT_AT
        try:
            if parse_hhmm(at) >= 24 * 60:
                raise ValueError(f"'{at}' is not a time of day: use 00:00 for midnight")
        except ValueError as exc:
            r.error(f["at"], f"'at' of documented claim: {exc}")
        expect = r.text(f.get("expect"), "'expect' of documented claim")
        if expect is None:
            expect = "agent"
        if expect not in OUTCOMES:
            r.error(
                f["expect"],
                f"'expect' is '{expect}'; it must be one of {', '.join(OUTCOMES)}"
                + did_you_mean(expect, OUTCOMES),
            )
        source = self.source_ids(f.get("source"), "documented claim")
        if "source" in f and not source:
            r.error(f["source"], "documented claim cites no source: name at least one")
        if dial is None:
            return None
        return Claim(
            dial=dial,
            keys=keys,
            caller=tuple(caller),
            at=at,
            expect=expect,
            node=r.text(f.get("node"), "'node' of documented claim"),
            source=source,
            disputed=r.text(f.get("disputed"), "'disputed' of documented claim") or "",
            note=r.text(f.get("note"), "'note' of documented claim") or "",
            loc=r.loc(node),
        )


_ALL_NODE_FIELDS = spec.ALL_NODE_FIELDS
_NODE_FIELDS = {t: spec.node_fields(t) for t in NODE_TYPES}
_DURATION = _range("node", "duration")
_NO_FACTS = Facts()  # what provenance() makes of a node without 'source', 'inferred', 'note'


def _has_provenance(f: dict[str, yaml.Node]) -> bool:
    return "source" in f or "inferred" in f or "note" in f


_NODE_REQUIRED = {t: spec.required(t) for t in NODE_TYPES}


def _default(value: bool | None, default: bool) -> bool:
    return default if value is None else value


def split_keys(text: str) -> tuple[str, ...]:
    """Keys of a claim or a command line: ``"2 0"``, ``"2,0"``, ``"1-2-4-0"`` or ``"20"``.

    >>> split_keys("1-2-4-0"), split_keys("2 0"), split_keys("20"), split_keys("")
    (('1', '2', '4', '0'), ('2', '0'), ('2', '0'), ())
    """
    parts = text.replace(",", " ").replace("-", " ").split()
    if len(parts) == 1:
        return tuple(parts[0])
    return tuple(parts)


def menu_files(path: str | os.PathLike[str]) -> list[Path]:
    """The menu files a path names: the file itself, or a folder's ``*.yaml`` in name order."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in MENU_SUFFIXES and f.is_file())
    return [p]


def hotline_paths(path: str | os.PathLike[str]) -> list[str]:
    """The hotlines a path names: a menu file, a folder of menu files, or a folder of such
    folders (searched down to the first folders that hold menu files; hidden ones skipped).

    A path that holds no menu file at all is returned as it is, for :func:`load` to say so.

    >>> hotline_paths("menus")
    ['menus/mts']
    """
    p = Path(path)
    if not p.is_dir() or menu_files(p):
        return [str(path)]
    found: list[str] = []
    for root, dirs, _ in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            sub = Path(root, d)
            if menu_files(sub):
                found.append(str(sub))
                dirs.remove(d)  # a hotline's own subfolders are not hotlines
    return found or [str(path)]


def load_menu_text(text: str, path: str = "<text>") -> Menu:
    """Load one menu from YAML text (tests and tools); LoadError with every error.

    >>> m = load_menu_text("ivr: 1\\nnodes: {bye: {type: hangup}}\\n")
    >>> m.nodes[0].type
    'hangup'
    """
    from ivr.io.yaml.safe import compose_text

    reader = _Reader(path)
    with gc_paused():  # as in load()
        try:
            root = compose_text(path, text)
        except YamlProblem as exc:
            raise LoadError([exc.diagnostic]) from None
        if root is None:
            raise LoadError([Diagnostic(Loc(path, 1, 1), "empty file: a menu needs 'ivr: 1'")])
        menu = _build(reader, root, Path(path).stem)
        del root
    hotline_errors = _check_hotline(Hotline((menu,), path)) if menu and not reader.errors else []
    if reader.errors or hotline_errors or menu is None:
        raise LoadError(reader.errors + hotline_errors)
    return menu


def _build(reader: _Reader, root: yaml.Node, stem: str) -> Menu | None:
    """Build one menu; the reader's errors end up sorted by line and column."""
    try:
        menu = _MenuBuilder(reader, root, stem).build()
    except _TooManyErrors:
        menu = None
    reader.errors.sort(key=lambda d: (d.loc.line, d.loc.col))
    return menu


def load(path: str | os.PathLike[str]) -> Hotline:
    """Load a menu file or a folder of them (one hotline).

    Raises :class:`~ivr.diagnostics.LoadError` holding every error of every file.

    >>> hotline = load("menus/mts")
    >>> sorted(m.id for m in hotline.menus)[:1]
    ['mts-federal']
    """
    p = Path(path)
    shown_root = str(path)
    if not p.exists():
        raise LoadError([Diagnostic(Loc(shown_root), "no such file or folder")])
    try:
        files = menu_files(p)
    except OSError as exc:
        raise LoadError([Diagnostic(Loc(shown_root), f"cannot read: {exc.strerror}")]) from None
    if not files:
        message = "folder holds no menu files (*.yaml)"
        inner = [h for h in hotline_paths(p) if h != str(p)]
        if inner:
            message += (
                "; it holds hotlines: " + ", ".join(inner[:5]) + ("…" if len(inner) > 5 else "")
            )
        raise LoadError([Diagnostic(Loc(shown_root), message)])
    errors: list[Diagnostic] = []
    menus: list[Menu] = []
    failed: set[str] = set()  # files that could not be read: transfers to them say nothing more
    for file in files:
        shown = str(file) if p.is_dir() else shown_root
        reader = _Reader(shown)
        with gc_paused():  # the composed tree and the model hold no cycles; see _gcpause
            try:
                root = compose_file(str(file), shown)
            except YamlProblem as exc:
                errors.append(exc.diagnostic)
                failed.add(file.name)
                continue
            menu = _build(reader, root, file.stem)
            del root
        errors.extend(reader.errors)
        if menu is not None:
            menus.append(menu)
        else:
            failed.add(file.name)
    hotline = Hotline(tuple(menus), shown_root)
    errors.extend(_check_hotline(hotline, failed))
    if errors:
        raise LoadError(errors)
    return hotline


def _check_hotline(hotline: Hotline, failed: Iterable[str] = ()) -> list[Diagnostic]:
    """Checks across files: unique ids, transfers, the entries documented claims dial.

    Transfers to a file in ``failed`` (one that could not be read; its errors are reported
    already) are not reported again.
    """
    errors: list[Diagnostic] = []
    by_id: dict[str, Menu] = {}
    for m in hotline.menus:
        if m.id in by_id:
            errors.append(Diagnostic(m.loc, f"menu id '{m.id}' is also used by {by_id[m.id].file}"))
        by_id[m.id] = m
    names = {Path(m.file).name: m for m in hotline.menus}
    all_nodes = {n.id for m in hotline.menus for n in m.nodes}
    for m in hotline.menus:
        for n in m.nodes:
            if n.to is None:
                continue
            target = names.get(n.to.file)
            if target is None and n.to.file in failed:
                continue
            if target is None:
                errors.append(
                    Diagnostic(
                        n.to.loc,
                        f"node '{n.id}' transfers to '{n.to.file}', which is not a menu file of "
                        f"this folder{did_you_mean(n.to.file, names)}",
                    )
                )
            elif not any(n.to.entry in (e.id, e.dial) for e in target.entries):
                entry_ids = [e.id for e in target.entries]
                errors.append(
                    Diagnostic(
                        n.to.loc,
                        f"node '{n.id}' transfers to entry '{n.to.entry}' of {n.to.file}, which "
                        f"has no such entry{did_you_mean(n.to.entry, entry_ids)}",
                    )
                )
        for c in m.documented if not failed else ():  # a file that failed may have the entry
            if not find_entries(hotline, c.dial):
                dials = [e.dial for _, e in hotline.entries()]
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim dials '{c.dial}', which no entry of this hotline has"
                        + did_you_mean(c.dial, dials),
                    )
                )
            if c.node is not None and c.node not in all_nodes:
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim expects node '{c.node}', which does not exist"
                        + did_you_mean(c.node, all_nodes),
                    )
                )
    return errors


def find_entries(hotline: Hotline, dial: str) -> list[tuple[Menu, Entry]]:
    """Every entry of the hotline that answers ``dial`` (by id or by number), in file order.

    Looked up in an index of the hotline's entries (by id, digits, and number in each region
    used), built once per hotline: a scan per lookup made loading n claims on n entries n².
    """
    pairs, by_id, by_digits, by_number = _entry_index(hotline)
    found = {*by_id.get(dial, ()), *by_digits.get(numbers.digits_of(dial), ())}
    for region, index in by_number.items():
        found.update(index.get(_e164(dial, region), ()))
    return [pairs[i] for i in sorted(found)]


def _entry_index(hotline: Hotline) -> tuple:
    got = hotline.__dict__.get("_entry_index")  # a hotline is immutable: kept on the instance
    if got is None:
        pairs = hotline.entries()
        by_id: dict[str, list[int]] = {}
        by_digits: dict[str, list[int]] = {}
        by_number: dict[str, dict[str | None, list[int]]] = {}
        for i, (_m, e) in enumerate(pairs):
            by_id.setdefault(e.id, []).append(i)
            by_digits.setdefault(numbers.digits_of(e.dial), []).append(i)
            e164 = _e164(e.dial, e.region)
            if e164 is not None:
                by_number.setdefault(e.region, {}).setdefault(e164, []).append(i)
        got = hotline.__dict__["_entry_index"] = (pairs, by_id, by_digits, by_number)
    return got


@functools.lru_cache(maxsize=4096)
def _e164(dial: str, region: str) -> str | None:
    try:
        return numbers.parse(dial, region).e164
    except ValueError:
        return None


# phonenumbers takes ~0.1 ms a number, and the same numbers come back (each entry's and each
# claim's at load, the dialled number on every simulated call).
@functools.lru_cache(maxsize=4096)
def _number_problem(dial: str, region: str) -> str | None:
    """Why ``dial`` is not a telephone number in ``region`` (None when it is one)."""
    try:
        numbers.parse(dial, region)
    except ValueError as exc:
        return str(exc)
    return None

"""The ECMAScript of VoiceXML ``cond`` attributes that ``ivr`` understands, both ways.

A condition of ``<if cond>`` / ``<elseif cond>`` is read when it is made of tests of a value
against a string (``caller['network'] == 'mts'``, ``choice == '1'``), the time of day
(``ivrHour('09:00-18:00')``, defined by the ``<script>`` an exported document carries), ``true``
and ``false``, joined by ``&&``, ``||`` and parentheses. :func:`parse` gives the condition as
a list of alternatives (any of them holds), each a list of tests (all of them hold); a test is
``(name, value)`` or ``("", "HH:MM-HH:MM")`` for the hour. What is not of this form (a number
compared, a function of the platform, ``!=``) is None: the reader keeps it as a branch on a
caller attribute standing for it.

:func:`condition_text` writes an :class:`~ivr.model.types.Condition` in the same language.

>>> parse("caller['network'] == 'mts' && (ivrHour('09:00-18:00') || x == \\"1\\")")
[[('network', 'mts'), ('', '09:00-18:00')], [('network', 'mts'), ('x', '1')]]
>>> parse("true"), parse("false"), parse("n > 3")
([[]], [], None)
>>> from ivr.model.types import Condition
>>> condition_text(Condition((("network", ("mts", "other")),), ("09:00-18:00",)))
"(caller['network'] == 'mts' || caller['network'] == 'other') && ivrHour('09:00-18:00')"
"""

from __future__ import annotations

import re

from ivr.model.types import Condition

Test = tuple[str, str]
Alternatives = list[list[Test]]

HOUR_FUNCTION = "ivrHour"
HOUR_SCRIPT = (
    "function ivrHour(span) {"
    " var now = new Date(); var m = now.getHours() * 60 + now.getMinutes();"
    " var a = span.split('-'); var s = a[0].split(':'); var e = a[1].split(':');"
    " var from = s[0] * 60 + s[1] * 1; var to = e[0] * 60 + e[1] * 1;"
    " return from < to ? (m >= from && m < to) : (m >= from || m < to); }"
)
"""What an exported document defines for its hour conditions: the platform's local time."""
CALLER = "caller"
"""The document variable whose properties are the caller attributes of an exported document
(the platform fills it in, from ``session.connection`` or the page that serves the document)."""

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<op>===|!==|==|!=|&&|\|\||[()\[\],!<>])"""
    r"""|(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))"""
)
_PREFIXES = ("application.", "session.", "document.", "dialog.", CALLER + ".")


class _Unread(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out, i = [], 0
    text = text.strip()
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None or m.end() == i:
            raise _Unread
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        i = m.end()
        while i < len(text) and text[i].isspace():
            i += 1
    return out


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s[1:-1])


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.t, self.i = tokens, 0

    def peek(self) -> str:
        return self.t[self.i][1] if self.i < len(self.t) else ""

    def take(self, value: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.t) or (value is not None and self.t[self.i][1] != value):
            raise _Unread
        self.i += 1
        return self.t[self.i - 1]

    def any_of(self) -> Alternatives:
        out = self.all_of()
        while self.peek() == "||":
            self.take()
            out = out + self.all_of()
        return out

    def all_of(self) -> Alternatives:
        out = self.atom()
        while self.peek() == "&&":
            self.take()
            right = self.atom()
            out = [a + b for a in out for b in right]
        return out

    def atom(self) -> Alternatives:
        kind, value = self.take()
        if value == "(":
            inner = self.any_of()
            self.take(")")
            return inner
        if kind == "name" and value in ("true", "false"):
            return [[]] if value == "true" else []
        if kind == "name" and value == HOUR_FUNCTION:
            self.take("(")
            k, span = self.take()
            self.take(")")
            if k != "str":
                raise _Unread
            return [[("", _unquote(span))]]
        if kind == "str":  # 'x' == name
            self.take_equals()
            return [[(self.variable(*self.take()), _unquote(value))]]
        name = self.variable(kind, value)
        self.take_equals()
        k, literal = self.take()
        if k not in ("str", "num"):
            raise _Unread
        return [[(name, _unquote(literal) if k == "str" else literal)]]

    def take_equals(self) -> None:
        if self.take()[1] not in ("==", "==="):
            raise _Unread

    def variable(self, kind: str, value: str) -> str:
        if kind != "name":
            raise _Unread
        if self.peek() == "[":  # caller['x'], session.values["x"]
            self.take()
            k, key = self.take()
            self.take("]")
            if k != "str":
                raise _Unread
            value = _unquote(key) if value == CALLER else f"{value}.{_unquote(key)}"
        for prefix in _PREFIXES:
            if value.startswith(prefix):
                return value[len(prefix) :]
        return value


def parse(text: str) -> Alternatives | None:
    """The alternatives of a ``cond`` (see the module), or None when it is not of that form."""
    try:
        p = _Parser(_tokens(text))
        out = p.any_of()
        if p.i != len(p.t):
            return None
    except _Unread:
        return None
    return out


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def variable(name: str) -> str:
    """How an exported document names caller attribute ``name``."""
    return f"{CALLER}[{_quote(name)}]"


def condition_text(when: Condition, field: str = "") -> str:
    """``when`` as a ``cond`` (``true`` for an empty condition); attribute ``field``, if given,
    is written as the bare variable of that name (a field's own value)."""
    parts = []
    for name, values in when.attrs:
        var = name if name == field else variable(name)
        tests = [f"{var} == {_quote(v)}" for v in values] or ["false"]
        parts.append(tests[0] if len(tests) == 1 else "(" + " || ".join(tests) + ")")
    if when.hours:
        spans = [f"{HOUR_FUNCTION}({_quote(h)})" for h in when.hours]
        parts.append(spans[0] if len(spans) == 1 else "(" + " || ".join(spans) + ")")
    return " && ".join(parts) or "true"


def conditions(alternatives: Alternatives) -> list[Condition] | None:
    """The alternatives as conditions of ``ivr`` (one per alternative that can hold; a product
    of choices per attribute, as :func:`condition_text` writes, is one condition again);
    None when an alternative tests the hour twice (ivr has no "and" of hour ranges)."""
    merged = _as_product(alternatives)
    if merged is not None:
        return [merged]
    out = []
    for alt in alternatives:
        attrs: dict[str, str] = {}
        hours = [v for name, v in alt if not name]
        if len(set(hours)) > 1:
            return None
        if any(name and attrs.setdefault(name, v) != v for name, v in alt):
            continue  # a == 'x' && a == 'y': never holds
        out.append(Condition(tuple((k, (v,)) for k, v in attrs.items()), tuple(hours[:1])))
    return out


def _as_product(alternatives: Alternatives) -> Condition | None:
    """One condition whose expansion the alternatives are, when they are one."""
    if not alternatives or not alternatives[0]:
        return Condition() if alternatives == [[]] else None
    names = [name for name, _ in alternatives[0]]
    if len(set(names)) != len(names) or any([n for n, _ in a] != names for a in alternatives):
        return None
    choices = [list(dict.fromkeys(a[i][1] for a in alternatives)) for i in range(len(names))]
    size = 1
    for c in choices:
        size *= len(c)
    if size != len(alternatives) or len({tuple(a) for a in alternatives}) != size:
        return None
    attrs = tuple((n, tuple(c)) for n, c in zip(names, choices, strict=True) if n)
    hours = tuple(c for n, cs in zip(names, choices, strict=True) if not n for c in cs)
    return Condition(attrs, hours)

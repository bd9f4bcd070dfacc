"""The ECMAScript of VoiceXML ``cond`` attributes that ``ivr`` understands, both ways.

A condition of ``<if cond>`` / ``<elseif cond>`` is read when it is made of tests of a value
against a string (``caller['network'] == 'mts'``, ``choice == '1'``), the time of day
(``ivrHour('09:00-18:00')``, ``ivrDay('Sat-Sun')``, ``ivrDate('12-31/01-08')``, defined by
the ``<script>`` an exported document carries), ``true``
and ``false``, joined by ``&&``, ``||`` and parentheses. :func:`parse` gives the condition as
a list of alternatives (any of them holds), each a list of tests (all of them hold); a test is
``(name, value)``, or ``("", "HH:MM-HH:MM")`` for the hour (``"@day"``, ``"@date"`` for the
others). What is not of this form (a number
compared, a function of the platform, ``!=``) is None: the reader keeps it as a branch on a
caller attribute standing for it.

:func:`condition_text` writes an :class:`~ivr.model.types.Condition` in the same language.

>>> parse("caller['network'] == 'mts' && (ivrHour('09:00-18:00') || x == \\"1\\")")
[[('network', 'mts'), ('', '09:00-18:00')], [('network', 'mts'), ('x', '1')]]
>>> parse("ivrDay('Sat-Sun') && ivrDate('12-31/01-08')")
[[('@day', 'Sat-Sun'), ('@date', '12-31/01-08')]]
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
DAY_FUNCTION = "ivrDay"
DATE_FUNCTION = "ivrDate"
FUNCTIONS = {HOUR_FUNCTION: "", DAY_FUNCTION: "@day", DATE_FUNCTION: "@date"}
"""Each time function -> the name of its test in :func:`parse`'s alternatives."""
HOUR_SCRIPT = (
    "function ivrWeekday() { return (new Date().getDay() + 6) % 7; }"
    " function ivrDays(text, wd) {"
    " var names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']; var parts = text.split(',');"
    " for (var i = 0; i < parts.length; i++) { var r = parts[i].split('-');"
    " var a = names.indexOf(r[0]); var b = names.indexOf(r[r.length - 1]);"
    " if (a <= b ? (wd >= a && wd <= b) : (wd >= a || wd <= b)) return true; }"
    " return false; }"
    " function ivrDay(text) { return ivrDays(text, ivrWeekday()); }"
    " function ivrHour(span) {"
    " var words = span.split(' '); if (words.length > 1 && !ivrDay(words[0])) return false;"
    " var now = new Date(); var m = now.getHours() * 60 + now.getMinutes();"
    " var a = words[words.length - 1].split('-'); var s = a[0].split(':'); var e = a[1].split(':');"
    " var from = s[0] * 60 + s[1] * 1; var to = e[0] * 60 + e[1] * 1;"
    " return from < to ? (m >= from && m < to) : (m >= from || m < to); }"
    " function ivrDateKey(text, now) { var p = text.split('-');"
    " if (p.length == 3) return [p[0] * 10000 + p[1] * 100 + p[2] * 1,"
    " now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate()];"
    " return [p[0] * 100 + p[1] * 1, (now.getMonth() + 1) * 100 + now.getDate()]; }"
    " function ivrDate(text) { var now = new Date(); var r = text.split('/');"
    " var a = ivrDateKey(r[0], now); var b = ivrDateKey(r[r.length - 1], now);"
    " return a[0] <= b[0] ? (a[1] >= a[0] && b[1] <= b[0]) : (a[1] >= a[0] || b[1] <= b[0]); }"
)
"""What an exported document defines for its time conditions (``ivrHour``, with or without
weekdays, ``ivrDay``, ``ivrDate``): the platform's local time."""
CALLER = "caller"
"""The document variable whose properties are the caller attributes of an exported document
(the platform fills it in, from ``session.connection`` or the page that serves the document)."""

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<op>===|!==|==|!=|&&|\|\||[()\[\],!<>])"""
    r"""|(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))"""
)
_PREFIXES = ("application.", "session.", "document.", "dialog.", CALLER + ".")


class _Unread(Exception):
    """A ``cond`` that is not of the form :func:`parse` reads."""


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
        if kind == "name" and value in FUNCTIONS:
            self.take("(")
            k, span = self.take()
            self.take(")")
            if k != "str":
                raise _Unread
            return [[(FUNCTIONS[value], _unquote(span))]]
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
    for function, values in ((HOUR_FUNCTION, when.hours), (DAY_FUNCTION, when.days),
                             (DATE_FUNCTION, when.dates)):  # fmt: skip
        if values:
            spans = [f"{function}({_quote(v)})" for v in values]
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
        times = {t: [v for name, v in alt if name == t] for t in FUNCTIONS.values()}
        if any(len(set(v)) > 1 for v in times.values()):
            return None
        if any(_attr(name) and attrs.setdefault(name, v) != v for name, v in alt):
            continue  # a == 'x' && a == 'y': never holds
        first = {t: tuple(v[:1]) for t, v in times.items()}
        given = tuple((k, (v,)) for k, v in attrs.items())
        out.append(Condition(given, first[""], days=first["@day"], dates=first["@date"]))
    return out


def _attr(name: str) -> bool:
    """Whether a test's name is a variable's (not a time function's)."""
    return name not in FUNCTIONS.values()


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
    pairs = list(zip(names, choices, strict=True))
    attrs = tuple((n, tuple(c)) for n, c in pairs if _attr(n))
    times = {t: tuple(c for n, cs in pairs if n == t for c in cs) for t in FUNCTIONS.values()}
    return Condition(attrs, times[""], days=times["@day"], dates=times["@date"])

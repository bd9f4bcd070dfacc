"""Studio's split conditions, evaluated as Studio evaluates them.

A ``split-based-on`` transition matches when all its conditions hold; a condition has a
``type`` (``equal_to``, ``matches_any_of``, ``regex``, ``less_than``, ...), a ``value`` and the
``arguments`` it tests. On a gather's ``{{widgets.NAME.Digits}}`` the digits a caller can type
are known, so :func:`evaluate` decides each of them; on the hour (an argument that formats
``'now'``, as ``{{ 'now' | date: '%H:%M' }}``) every minute of the day is known, so
:func:`hours_of` turns the condition into hour ranges.

>>> evaluate({"type": "matches_any_of", "value": "1, 2"}, "2")
True
>>> evaluate({"type": "less_than", "value": "5"}, "#")
False
>>> hours_of("{{ 'now' | date: '%H:%M' }}", {"type": "regex", "value": span_regex("09:00-18:30")})
('09:00-18:30',)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

TYPES = (
    "equal_to",
    "not_equal_to",
    "matches_any_of",
    "does_not_match_any_of",
    "is_blank",
    "is_not_blank",
    "regex",
    "contains",
    "does_not_contain",
    "starts_with",
    "does_not_start_with",
    "less_than",
    "greater_than",
)
NOW = re.compile(r"""^{{-?\s*['"]now['"]\s*\|\s*date:\s*['"]%H:%M['"]\s*-?}}$""")
HOUR_ARGUMENT = "{{ 'now' | date: '%H:%M' }}"
"""The argument an exported hour condition tests: the time of day (Liquid formats it in UTC)."""


def _num(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def evaluate(c: Mapping[str, Any], text: str) -> bool:
    """Whether condition ``c`` holds for the value ``text`` (Studio compares text, ignoring
    case; ``less_than`` and ``greater_than`` compare numbers). An unknown type never holds."""
    kind, value = str(c.get("type", "")), str(c.get("value", ""))
    t, v = text.lower(), value.lower()
    items = [x.strip() for x in v.split(",")]
    if kind == "equal_to":
        return t == v.strip()
    if kind == "not_equal_to":
        return t != v.strip()
    if kind == "matches_any_of":
        return t in items
    if kind == "does_not_match_any_of":
        return t not in items
    if kind == "is_blank":
        return not t.strip()
    if kind == "is_not_blank":
        return bool(t.strip())
    if kind == "regex":
        rx = _regex(value)
        return bool(rx and rx.search(text))
    if kind == "contains":
        return v in t
    if kind == "does_not_contain":
        return v not in t
    if kind == "starts_with":
        return t.startswith(v)
    if kind == "does_not_start_with":
        return not t.startswith(v)
    if kind in ("less_than", "greater_than"):
        a, b = _num(t), _num(v)
        if a is None or b is None:
            return False
        return a < b if kind == "less_than" else a > b
    return False


def hours_of(argument: str, c: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The hour ranges in which ``c`` holds, when ``argument`` is the time of day; else None."""
    if not NOW.match(argument.strip()):
        return None
    minutes = [evaluate(c, f"{m // 60:02d}:{m % 60:02d}") for m in range(24 * 60)]
    spans, start = [], None
    for m, on in enumerate([*minutes, False]):
        if on and start is None:
            start = m
        elif not on and start is not None:
            spans.append((start, m))
            start = None
    if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == 24 * 60:  # wraps midnight
        spans = [(spans[-1][0], spans[0][1]), *spans[1:-1]]
    return tuple(f"{_hhmm(a)}-{_hhmm(b % (24 * 60) if a > b else b)}" for a, b in spans)


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def span_regex(*spans: str) -> str:
    """A regular expression that matches ``HH:MM`` exactly in the hour ranges ``spans``.

    >>> rx = re.compile(span_regex("22:00-06:30"))
    >>> [bool(rx.search(t)) for t in ("23:59", "06:29", "06:30", "12:00")]
    [True, True, False, False]
    """
    minutes: set[int] = set()
    for span in spans:
        a, _, b = span.partition("-")
        start, end = _minute(a), _minute(b)
        if end <= start:
            end += 24 * 60
        minutes.update(m % (24 * 60) for m in range(start, end))
    full = [h for h in range(24) if all(h * 60 + m in minutes for m in range(60))]
    parts = [f"(?:{'|'.join(f'{h:02d}' for h in full)}):[0-5][0-9]"] if full else []
    for h in range(24):
        if h in full:
            continue
        ms = [m for m in range(60) if h * 60 + m in minutes]
        if ms:
            parts.append(f"{h:02d}:(?:{'|'.join(f'{m:02d}' for m in ms)})")
    return "^(?:" + ("|".join(parts) or "(?!)") + ")$"


def _minute(hhmm: str) -> int:
    h, _, m = hhmm.strip().partition(":")
    return int(h) * 60 + int(m)

"""Studio's split conditions, evaluated as Studio evaluates them.

A ``split-based-on`` transition matches when all its conditions hold; a condition has a
``type`` (``equal_to``, ``matches_any_of``, ``regex``, ``less_than``, ...), a ``value`` and the
``arguments`` it tests. On a gather's ``{{widgets.NAME.Digits}}`` the digits a caller can type
are known, so :func:`evaluate` decides each of them; on the hour (an argument that formats
``'now'``, as ``{{ 'now' | date: '%H:%M' }}``) every minute of the day is known, so
:func:`hours_of` turns the condition into hour ranges (:func:`times_of` also reads the
weekday and the date an export tests).

>>> evaluate({"type": "matches_any_of", "value": "1, 2"}, "2")
True
>>> evaluate({"type": "less_than", "value": "5"}, "#")
False
>>> hours_of("{{ 'now' | date: '%H:%M' }}", {"type": "regex", "value": span_regex("09:00-18:30")})
('09:00-18:30',)
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any

from ivr.errors import InputError
from ivr.model.clock import WEEKDAYS, days_text, in_dates, in_days, runs, split_span

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
DAY_HOUR_ARGUMENT = "{{ 'now' | date: '%a %H:%M' }}"
"""The argument an exported condition on hours of some weekdays tests: ``Mon 09:30``."""
DATE_ARGUMENT = "{{ 'now' | date: '%a %m-%d' }}"
"""The argument an exported weekday or date condition tests: ``Mon 12-31``."""


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
    return _spans(lambda m: evaluate(c, _hhmm(m)))


def times_of(argument: str, c: Mapping[str, Any]) -> dict[str, tuple[str, ...]] | None:
    """What ``c`` says of the time as the parts of a condition (``hours``, ``days``,
    ``dates``), when ``argument`` is one of the three formats of ``'now'`` an export writes
    (:data:`HOUR_ARGUMENT`, :data:`DAY_HOUR_ARGUMENT`, :data:`DATE_ARGUMENT`); None when it is
    not, or when ``c`` never holds or holds on weekdays and dates that are no product of both.

    >>> c = {"type": "regex", "value": date_regex(("Sat-Sun",), ("12-31/01-08",))}
    >>> times_of(DATE_ARGUMENT, c)
    {'days': ('Sat-Sun',), 'dates': ('12-31/01-08',)}
    >>> weekdays = {"type": "regex", "value": day_span_regex("Mon-Fri 09:00-18:00")}
    >>> times_of(DAY_HOUR_ARGUMENT, weekdays)
    {'hours': ('Mon-Fri 09:00-18:00',)}
    """
    arg = argument.strip()
    if NOW.match(arg):
        hours = _spans(lambda m: evaluate(c, _hhmm(m)))
        return {"hours": hours} if hours else None
    if _DAY_NOW.match(arg):
        by_day = [_spans(lambda m, d=d: evaluate(c, f"{WEEKDAYS[d]} {_hhmm(m)}")) for d in range(7)]
        if len(set(by_day)) == 1:
            return {"hours": by_day[0]} if by_day[0] else None
        groups: dict[tuple[str, ...], list[int]] = {}
        for d, spans in enumerate(by_day):
            if spans:
                groups.setdefault(spans, []).append(d)
        hours = tuple(f"{days_text(ds)} {s}" for spans, ds in groups.items() for s in spans)
        return {"hours": hours} if hours else None
    if _DATE_NOW.match(arg):
        return _days_and_dates(c)
    return None


_DAY_NOW = re.compile(r"""^{{-?\s*['"]now['"]\s*\|\s*date:\s*['"]%a %H:%M['"]\s*-?}}$""")
_DATE_NOW = re.compile(r"""^{{-?\s*['"]now['"]\s*\|\s*date:\s*['"]%a %m-%d['"]\s*-?}}$""")
_YEAR = [datetime.date(2000, 1, 1) + datetime.timedelta(days=i) for i in range(366)]
"""Every day of a year, a leap year's (Liquid's ``%m-%d`` has no year)."""


def _spans(holds: Any) -> tuple[str, ...]:
    """The ranges ``HH:MM-HH:MM`` of the minutes of a day for which ``holds(minute)``; one
    that ends at midnight and one that starts there are one range over midnight."""
    minutes = [holds(m) for m in range(24 * 60)]
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


def _days_and_dates(c: Mapping[str, Any]) -> dict[str, tuple[str, ...]] | None:
    held = {(d, i) for d in range(7) for i, day in enumerate(_YEAR)
            if evaluate(c, f"{WEEKDAYS[d]} {day:%m-%d}")}  # fmt: skip
    days = sorted({d for d, _ in held})
    dates = sorted({i for _, i in held})
    if not held or len(held) != len(days) * len(dates):
        return None
    out: dict[str, tuple[str, ...]] = {}
    if len(days) < 7:
        out["days"] = (days_text(days),)
    if len(dates) < len(_YEAR):
        out["dates"] = tuple(
            f"{_YEAR[a]:%m-%d}" if a == b else f"{_YEAR[a]:%m-%d}/{_YEAR[b]:%m-%d}"
            for a, b in runs(dates, wrap=len(_YEAR))
        )
    return out


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


def day_span_regex(*spans: str) -> str:
    """A regular expression that matches ``Ddd HH:MM`` exactly in ``spans``, hour ranges that
    may start with weekdays (``Mon-Fri 09:00-18:00``).

    >>> rx = re.compile(day_span_regex("Mon-Fri 09:00-18:00"))
    >>> [bool(rx.search(t)) for t in ("Mon 09:00", "Fri 17:59", "Sat 12:00", "Mon 18:00")]
    [True, True, False, False]
    """
    parts = []
    for span in spans:
        days, hours = split_span(span)
        names = [WEEKDAYS[d] for d in range(7) if not days or in_days(days, d)]
        parts.append(f"(?:{'|'.join(names)}) (?:{span_regex(hours)[1:-1]})")
    return "^(?:" + "|".join(parts) + ")$"


def date_regex(days: tuple[str, ...], dates: tuple[str, ...]) -> str:
    """A regular expression that matches ``Ddd MM-DD`` on the weekdays ``days`` and the yearly
    ``dates`` (any weekday or date when one is empty).

    >>> rx = re.compile(date_regex(("Sat-Sun",), ("12-31/01-08",)))
    >>> [bool(rx.search(t)) for t in ("Sat 01-02", "Mon 01-02", "Sat 02-01")]
    [True, False, False]
    """
    names = [WEEKDAYS[d] for d in range(7) if not days or any(in_days(x, d) for x in days)]
    when = "|".join(names)
    if not dates:
        return f"^(?:{when}) [0-9]{{2}}-[0-9]{{2}}$"
    if any(len(x.split("/")[0].split("-")) == 3 for x in dates):
        raise InputError(f"a Studio flow cannot test the year of the dates {', '.join(dates)}")
    leap = datetime.date(2000, 1, 1)
    year = [leap + datetime.timedelta(days=i) for i in range(366)]
    on = [d for d in year if any(in_dates(x, d) for x in dates)]
    days_of: dict[int, list[str]] = {}
    for d in on:
        days_of.setdefault(d.month, []).append(f"{d.day:02d}")
    alts = "|".join(f"{m:02d}-(?:{'|'.join(ds)})" for m, ds in days_of.items())
    return f"^(?:{when}) (?:{alts or '(?!)'})$"

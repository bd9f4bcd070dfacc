"""Times of day, weekdays and dates: when a call is made and what a condition tests.

A time of day ``HH:MM`` is minutes since midnight; an hour range ``HH:MM-HH:MM`` (end
excluded, may wrap midnight) may start with weekdays, ``Mon-Fri 09:00-18:00``. A
:class:`Moment` is a call's time: a time of day, and a weekday or a date when the caller says
one (``--at "Sat 16:00"``, ``--at "2026-12-31 16:00"``). A time alone is an ordinary working
day: a Wednesday that is no listed date, so menus and claims written before weekdays and dates
existed behave as they did.

>>> parse_hhmm("09:30"), in_hours("09:00-18:00", parse_hhmm("09:30"))
(570, True)
>>> m = parse_moment("2026-12-31 16:00")
>>> m.minute, m.day, in_days("Mon-Fri", m.day), in_dates("12-31/01-08", m.date)
(960, 3, True, True)
"""

from __future__ import annotations

import datetime
import functools

from ivr._record import record
from ivr.errors import InputError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""The weekdays as conditions write them (case does not matter; full names will do)."""
ORDINARY_DAY = 2
"""The weekday of a moment that names none: Wednesday, an ordinary working day."""
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@record
class Moment:
    """When a call is made: ``minute`` of the day, and the ``weekday`` (0 Monday .. 6 Sunday)
    or the ``date`` when known (a date fixes its weekday).

    >>> Moment(600).text(), Moment(600, 5).text()
    ('10:00', 'Sat 10:00')
    >>> Moment(600, date=datetime.date(2027, 1, 1)).text()
    '2027-01-01 10:00'
    """

    minute: int
    weekday: int | None = None
    date: datetime.date | None = None

    @property
    def day(self) -> int:
        """The weekday the call is on: the date's, the one given, else :data:`ORDINARY_DAY`."""
        if self.date is not None:
            return self.date.weekday()
        return ORDINARY_DAY if self.weekday is None else self.weekday

    def text(self) -> str:
        """The moment as ``--at`` takes it."""
        hhmm = f"{self.minute // 60:02d}:{self.minute % 60:02d}"
        if self.date is not None:
            return f"{self.date.isoformat()} {hhmm}"
        if self.weekday is not None:
            return f"{WEEKDAYS[self.weekday]} {hhmm}"
        return hhmm


def moment_of(when: int | Moment) -> Moment:
    """A moment for ``when``: minutes since midnight (an ordinary day) or a moment already."""
    return when if isinstance(when, Moment) else Moment(when)


def weekday_of(text: str) -> int | None:
    """0 (Monday) to 6 (Sunday) for ``Mon``/``monday``/``MON``..., None for anything else."""
    word = text.strip().lower()
    for i, full in enumerate(_FULL):
        if word in (full, full[:3]):
            return i
    return None


def parse_moment(text: str) -> Moment:
    """A call's time: ``HH:MM``, ``DAY HH:MM`` (``Sat 16:00``) or ``YYYY-MM-DD HH:MM``
    (``2026-12-31 16:00``, a ``T`` may stand for the space); a weekday or a date alone is at
    12:00. InputError otherwise.

    >>> parse_moment("16:00"), parse_moment("sat 16:00").text(), parse_moment("2026-12-31").text()
    (Moment(minute=960, weekday=None, date=None), 'Sat 16:00', '2026-12-31 12:00')
    """
    raw = text
    if len(raw) > 10 and raw[4:5] == "-" and raw[10] == "T":
        raw = raw[:10] + " " + raw[11:]
    parts = raw.split(" ")
    if len(parts) == 1 and ":" in parts[0]:
        return Moment(parse_hhmm(parts[0]))
    wrong = InputError(
        f"'{text}' is not a time of day HH:MM, nor a weekday or a date with one "
        "('Sat 16:00', '2026-12-31 16:00')"
    )
    if len(parts) not in (1, 2) or not all(parts):
        raise wrong
    minute = parse_hhmm(parts[1]) if len(parts) == 2 else 12 * 60
    weekday = weekday_of(parts[0])
    if weekday is not None:
        return Moment(minute, weekday)
    try:
        return Moment(minute, date=datetime.date.fromisoformat(parts[0]))
    except ValueError:
        raise wrong from None


def parse_hhmm(text: str) -> int:
    """Minutes since midnight of ``HH:MM`` (``24:00`` allowed); InputError otherwise.

    >>> parse_hhmm("15:30")
    930
    """
    hh, sep, mm = text.partition(":")
    if not sep or not (hh.isdigit() and mm.isdigit()) or len(mm) != 2:
        raise InputError(f"'{text}' is not a time of day HH:MM")
    minute = int(hh) * 60 + int(mm)
    if int(mm) > 59 or minute > 24 * 60:
        raise InputError(f"'{text}' is not a time of day HH:MM")
    return minute


def split_span(span: str) -> tuple[str, str]:
    """(weekdays, hours) of an hour range that may start with weekdays: ``"Mon-Fri
    09:00-18:00"`` -> ``("Mon-Fri", "09:00-18:00")``; ``""`` for every day.

    >>> split_span("Sat,Sun 10:00-16:00"), split_span("09:00-18:00")
    (('Sat,Sun', '10:00-16:00'), ('', '09:00-18:00'))
    """
    text = span.strip()
    head, sep, tail = text.partition(" ")
    if sep and ":" not in head:
        return head, tail.strip()
    return "", text


def in_hours(span: str, when: int | Moment) -> bool:
    """Whether ``when`` (minutes since midnight, or a :class:`Moment`) falls in
    ``"HH:MM-HH:MM"`` (end exclusive, may wrap midnight), on the weekdays the range may start
    with (``"Mon-Fri 09:00-18:00"``; a minute alone is an ordinary day, a Wednesday).

    >>> in_hours("22:00-06:00", 23 * 60), in_hours("22:00-06:00", 12 * 60)
    (True, False)
    >>> in_hours("Sat-Sun 10:00-16:00", 12 * 60), in_hours("Sat-Sun 10:00-16:00", Moment(720, 6))
    (False, True)
    """
    moment = moment_of(when)
    days, start, end = _span(span)
    if days and not in_days(days, moment.day):
        return False
    minute = moment.minute
    if start <= end:
        return start <= minute < end
    return minute >= start or minute < end


@functools.lru_cache(maxsize=1024)
def _span(span: str) -> tuple[str, int, int]:
    """(weekdays, start, end minute) of an hour range: parsed once (a branch in a loop asks
    at every step)."""
    days, hours = split_span(span)
    start_text, _, end_text = hours.partition("-")
    return days, parse_hhmm(start_text.strip()), parse_hhmm(end_text.strip())


def roughly(seconds: float | None) -> str:
    """A duration as people say it: "about 30 s", "about 8 min", "about 1 h 5 min"; a
    duration no one knows is "not known", never 0.

    >>> roughly(30), roughly(450), roughly(3900), roughly(None)
    ('about 30 s', 'about 8 min', 'about 1 h 5 min', 'not known')
    """
    if seconds is None:
        return "not known"
    if seconds < 90:
        return f"about {round(seconds):d} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"about {hours} h" + (f" {rest} min" if rest else "")


def _day_range(part: str) -> tuple[int, int]:
    first, sep, last = part.partition("-")
    a, b = weekday_of(first), weekday_of(last) if sep else weekday_of(first)
    if a is None or b is None:
        raise ValueError(
            f"'{part}' is not a weekday or a range of them (Mon, Tue, Wed, Thu, Fri, Sat, Sun; "
            "e.g. Mon-Fri)"
        )
    return a, b


def days_problem(text: str) -> str | None:
    """Why ``text`` is not weekdays (``Mon-Fri``, ``Sat,Sun``, ``Fri-Mon``); None when it is.

    >>> days_problem("Mon-Fri") is None, days_problem("Sat,Sun") is None, days_problem("Mo-Fr")[:26]
    (True, True, "'Mo-Fr' is not a weekday o")
    """
    try:
        for part in text.split(","):
            _day_range(part.strip())
    except ValueError as exc:
        return str(exc)
    return None


def runs(numbers: list[int], wrap: int | None = None) -> list[tuple[int, int]]:
    """The runs (first, last) of consecutive numbers in ``numbers``; with ``wrap`` (the count
    of a cycle: 7 weekdays), a run that ends at ``wrap - 1`` joins one that starts at 0.

    >>> runs([0, 1, 2, 5]), runs([0, 4, 5, 6], wrap=7)
    ([(0, 2), (5, 5)], [(4, 0)])
    """
    out: list[list[int]] = []
    for i in sorted(numbers):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    if wrap is not None and len(out) > 1 and out[0][0] == 0 and out[-1][1] == wrap - 1:
        out = [[out[-1][0], out[0][1]], *out[1:-1]]
    return [(a, b) for a, b in out]


def days_text(days: list[int]) -> str:
    """Weekdays (0 Monday) as a condition writes them: ``Mon-Fri``, ``Sat,Sun``, ``Fri-Mon``.

    >>> days_text([0, 1, 2, 3, 4]), days_text([5, 6, 0])
    ('Mon-Fri', 'Sat-Mon')
    """
    return ",".join(WEEKDAYS[a] if a == b else f"{WEEKDAYS[a]}-{WEEKDAYS[b]}"
                    for a, b in runs(days, wrap=7))  # fmt: skip


def in_days(text: str, weekday: int) -> bool:
    """Whether ``weekday`` (0 Monday) is one of ``text``'s: ``Mon-Fri``, ``Sat,Sun``, a range
    may wrap the week (``Fri-Mon``).

    >>> in_days("Mon-Fri", 4), in_days("Fri-Mon", 0), in_days("Sat,Sun", 2)
    (True, True, False)
    """
    for part in text.split(","):
        a, b = _day_range(part.strip())
        if (a <= weekday <= b) if a <= b else (weekday >= a or weekday <= b):
            return True
    return False


def _date_point(text: str) -> tuple[int | None, int, int]:
    """(year or None, month, day) of ``YYYY-MM-DD`` or ``MM-DD`` (every year)."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            d = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return d.year, d.month, d.day
        if len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts):
            datetime.date(2000, int(parts[0]), int(parts[1]))  # a leap year: 02-29 is a date
            return None, int(parts[0]), int(parts[1])
    except ValueError:
        pass
    raise ValueError(f"'{text.strip()}' is not a date: YYYY-MM-DD (one day) or MM-DD (every year)")


def dates_problem(text: str) -> str | None:
    """Why ``text`` is not a date or a range of dates; None when it is. ``MM-DD`` is that day
    of every year, ``YYYY-MM-DD`` one day; ``A/B`` is A to B, both included.

    >>> dates_problem("01-01/01-08") is None, dates_problem("2026-12-31") is None
    (True, True)
    >>> dates_problem("01-01/2026-01-08")
    "'01-01/2026-01-08': both ends of a range are MM-DD, or both YYYY-MM-DD"
    """
    first, sep, last = text.partition("/")
    try:
        a = _date_point(first)
        b = _date_point(last) if sep else a
    except ValueError as exc:
        return str(exc)
    if (a[0] is None) != (b[0] is None):
        return f"'{text}': both ends of a range are MM-DD, or both YYYY-MM-DD"
    if a[0] is not None and b[0] is not None and a > b:
        return f"'{text}': the range ends before it starts"
    return None


def in_dates(text: str, date: datetime.date | None) -> bool:
    """Whether ``date`` is in ``text`` (see :func:`dates_problem`); a yearly range may wrap the
    new year (``12-31/01-08``). No date (a time alone) is in none.

    >>> d = datetime.date(2027, 1, 5)
    >>> in_dates("12-31/01-08", d), in_dates("2027-01-05", d), in_dates("05-09", d)
    (True, True, False)
    >>> in_dates("01-01", None)
    False
    """
    if date is None:
        return False
    first, sep, last = text.partition("/")
    a = _date_point(first)
    b = _date_point(last) if sep else a
    if a[0] is not None:
        return a <= (date.year, date.month, date.day) <= b
    day, lo, hi = (date.month, date.day), a[1:], b[1:]
    return (lo <= day <= hi) if lo <= hi else (day >= lo or day <= hi)

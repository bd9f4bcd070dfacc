"""Times of day: ``HH:MM`` and hour ranges ``HH:MM-HH:MM``, in minutes since midnight.

>>> parse_hhmm("09:30"), in_hours("09:00-18:00", parse_hhmm("09:30"))
(570, True)
"""

from __future__ import annotations

from ivr.errors import InputError


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


def in_hours(span: str, minute: int) -> bool:
    """Whether ``minute`` falls in ``"HH:MM-HH:MM"`` (end exclusive, may wrap midnight).

    >>> in_hours("22:00-06:00", 23 * 60), in_hours("22:00-06:00", 12 * 60)
    (True, False)
    """
    start_text, _, end_text = span.partition("-")
    start, end = parse_hhmm(start_text.strip()), parse_hhmm(end_text.strip())
    if start <= end:
        return start <= minute < end
    return minute >= start or minute < end


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

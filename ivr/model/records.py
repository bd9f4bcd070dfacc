"""The small records that entries, nodes and claims are made of: a source, a condition, a
cost, provenance (facts), how a number connects, a timeout, retries, a branch's case, waits,
staffing, a transfer's target and a channel that is not a voice menu. Frozen dataclasses
(``@record``); ``loc`` and ``where`` take no part in
equality (see :mod:`ivr.model.types`, which re-exports every name here).

>>> Condition((("network", ("mts",)),)).describe()
'network=mts'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from ivr._record import record
from ivr.diagnostics import NOWHERE, Loc
from ivr.model.clock import Moment, in_dates, in_days, in_hours, moment_of


def loc_field() -> Loc:
    return field(default=NOWHERE, compare=False, repr=False)


def where_field() -> Mapping[str, tuple[int, int]]:
    """Where some fields' values stand in the file of ``loc``, as (line, column) by field name
    (``"next"``, ``"options.1"``, ...): a reader's record, so that :func:`ivr.validate` points
    at the value itself. Empty for a model built in Python; like ``loc``, no part of equality."""
    return field(default_factory=dict, compare=False, repr=False)


@record
class Source:
    """A text that facts cite: ``A: {title: ..., date: ..., note: ...}``."""

    id: str
    title: str = ""
    date: str = ""
    note: str = ""
    url: str = ""
    loc: Loc = loc_field()


@record
class Condition:
    """Who or when: caller attribute -> allowed values, hour ranges ("HH:MM-HH:MM", which may
    start with weekdays: "Mon-Fri 09:00-18:00"), weekdays ("Sat-Sun") and dates ("01-01/01-08"
    every year, "2026-12-31" once). Each part given must hold; any listed value will do.

    An empty condition holds for everyone at every hour. The time of a call is minutes since
    midnight (an ordinary day: a Wednesday that is no listed date) or a :class:`Moment`.

    >>> c = Condition((("network", ("mts",)),), ("15:00-24:00",))
    >>> c.holds({"network": "mts"}, 16 * 60)
    True
    >>> c.holds({"network": "mts"}, 9 * 60)
    False
    >>> import datetime
    >>> holiday = Condition(dates=("01-01/01-08",))
    >>> holiday.holds({}, 600), holiday.holds({}, Moment(600, date=datetime.date(2027, 1, 3)))
    (False, True)
    """

    attrs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hours: tuple[str, ...] = ()
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()
    days: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def holds(self, caller: Mapping[str, str], when: int | Moment) -> bool:
        for name, allowed in self.attrs:
            if caller.get(name) not in allowed:
                return False
        if not (self.hours or self.days or self.dates):
            return True
        moment = moment_of(when)
        if self.hours and not any(in_hours(h, moment) for h in self.hours):
            return False
        if self.days and not any(in_days(d, moment.day) for d in self.days):
            return False
        return not self.dates or any(in_dates(d, moment.date) for d in self.dates)

    @property
    def timed(self) -> bool:
        """Whether the condition tests when the call is made (hours, weekdays or dates)."""
        return bool(self.hours or self.days or self.dates)

    def __bool__(self) -> bool:
        return bool(self.attrs or self.timed)

    def describe(self) -> str:
        parts = [f"{k}={'|'.join(v)}" for k, v in self.attrs]
        parts += [f"hour {h}" for h in self.hours]
        parts += [f"days {d}" for d in self.days]
        parts += [f"dates {d}" for d in self.dates]
        return ", ".join(parts) or "always"


@record
class Cost:
    """What a call costs the caller. ``per_minute`` None with ``free`` False: a rate not known."""

    free: bool = True
    per_minute: float | None = None
    currency: str | None = None
    note: str = ""
    loc: Loc = loc_field()

    def rank(self) -> float:
        """A number to minimise: free 0, a known rate itself, an unknown rate very high."""
        if self.free:
            return 0.0
        return self.per_minute if self.per_minute is not None else 1e6

    def describe(self) -> str:
        if self.free:
            return "free" + (f" ({self.note})" if self.note else "")
        if self.per_minute is None:
            return self.note if self.note.lower().startswith("paid") else f"paid ({self.note})"
        rate = f"{self.per_minute:g} {self.currency or ''}/min".replace(" /", "/")
        return rate + (f" ({self.note})" if self.note else "")


FREE = Cost()


@record
class Facts:
    """Provenance shared by entries, nodes and claims: sources, inferred fields, dispute."""

    source: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    note: str = ""


@record
class Connect:
    """How well a number connects: ``delay`` seconds from dialling to the answer, and the
    chance ``failure`` that an attempt does not connect (the caller then dials again).

    >>> Connect(60, 0.5).expected()
    120.0
    """

    delay: float = 0.0
    failure: float = 0.0
    loc: Loc = loc_field()

    def expected(self) -> float:
        """Expected seconds until the line answers, redials included: each attempt takes
        ``delay``, and 1 / (1 - failure) attempts are needed on average."""
        return self.delay / (1.0 - self.failure)


@record
class Timeout:
    after: float
    to: str
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@record
class Retries:
    max: int
    then: str
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@record
class Case:
    when: Condition
    to: str
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@record
class HourWait:
    hours: str
    mean: float
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@record
class DayWait:
    """A factor of the wait on some weekdays or dates (holidays: busier)."""

    factor: float
    days: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()

    def holds(self, when: int | Moment) -> bool:
        return Condition(days=self.days, dates=self.dates).holds({}, when)


@record
class Wait:
    """Expected queue wait in seconds; ``by_hour`` overrides the mean in some hours, and the
    first ``by_day`` item whose weekdays or dates hold multiplies it.

    >>> import datetime
    >>> w = Wait(600, by_hour=(HourWait("09:00-15:00", 1200),),
    ...          by_day=(DayWait(1.5, dates=("01-01/01-08",)),))
    >>> w.at(10 * 60), w.at(Moment(600, date=datetime.date(2027, 1, 2)))
    (1200, 1800.0)
    """

    mean: float
    min: float | None = None
    max: float | None = None
    by_hour: tuple[HourWait, ...] = ()
    loc: Loc = loc_field()
    by_day: tuple[DayWait, ...] = ()

    def at(self, when: int | Moment) -> float:
        mean = next((hw.mean for hw in self.by_hour if in_hours(hw.hours, when)), self.mean)
        factor = next((d.factor for d in self.by_day if d.holds(when)), None)
        return mean if factor is None else mean * factor


@record
class HourStaff:
    """Staffing that differs in some hours: what is given replaces the queue's own."""

    hours: str
    calls: float | None = None
    handle: float | None = None
    agents: int | None = None
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@record
class Staffing:
    """What a team knows of its queue: ``calls`` offered per hour, ``handle`` seconds of an
    agent's time per call and ``agents`` on duty; ``by_hour`` items replace them in some hours.
    The wait follows from them by Erlang C (:mod:`ivr.model.queueing`).

    >>> s = Staffing(200, 180, 11, (HourStaff("09:00-12:00", agents=12),))
    >>> s.at(8 * 60), s.at(11 * 60), round(s.wait(11 * 60))
    ((200, 180, 11), (200, 180, 12), 40)
    """

    calls: float
    handle: float
    agents: int
    by_hour: tuple[HourStaff, ...] = ()
    loc: Loc = loc_field()

    def at(self, when: int | Moment) -> tuple[float, float, int]:
        """(calls per hour, handle seconds, agents) at that time."""
        calls, handle, agents = self.calls, self.handle, self.agents
        item = next((h for h in self.by_hour if in_hours(h.hours, when)), None)
        if item is not None:
            calls = calls if item.calls is None else item.calls
            handle = handle if item.handle is None else item.handle
            agents = agents if item.agents is None else item.agents
        return calls, handle, agents

    def wait(self, when: int | Moment) -> float:
        """The mean wait in seconds by Erlang C at that time (inf when it never clears)."""
        from ivr.model.queueing import mean_wait  # noqa: PLC0415  # rarely needed

        return mean_wait(*self.at(when))


@record
class Target:
    """Where a transfer goes: an entry of a menu file in the same folder."""

    file: str
    entry: str
    loc: Loc = loc_field()


@record
class Channel:
    """A way to a human that is not a voice menu (a web chat, a form, e-mail, social
    networks, an app, a shop): who may use it (``when``), how soon a human answers (``reply``,
    a wait in seconds; None: not known) and what the caller needs."""

    id: str
    kind: str
    title: str = ""
    address: str = ""
    when: Condition = Condition()
    reply: Wait | None = None
    needs: str = ""
    disputed: str = ""
    facts: Facts = Facts()
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()

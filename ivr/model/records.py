"""The small records that entries, nodes and claims are made of: a source, a condition, a
cost, provenance (facts), how a number connects, a timeout, retries, a branch's case, waits
and a transfer's target. Plain frozen dataclasses; ``loc`` and ``where`` take no part in
equality (see :mod:`ivr.model.types`, which re-exports every name here).

>>> Condition((("network", ("mts",)),)).describe()
'network=mts'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ivr.diagnostics import NOWHERE, Loc
from ivr.model.clock import in_hours


def loc_field() -> Loc:
    return field(default=NOWHERE, compare=False, repr=False)


def where_field() -> Mapping[str, tuple[int, int]]:
    """Where some fields' values stand in the file of ``loc``, as (line, column) by field name
    (``"next"``, ``"options.1"``, ...): a reader's record, so that :func:`ivr.validate` points
    at the value itself. Empty for a model built in Python; like ``loc``, no part of equality."""
    return field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    """A text that facts cite: ``A: {title: ..., date: ..., note: ...}``."""

    id: str
    title: str = ""
    date: str = ""
    note: str = ""
    url: str = ""
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Condition:
    """Who or when: caller attribute -> allowed values, and hour ranges ("HH:MM-HH:MM").

    An empty condition holds for everyone at every hour.

    >>> c = Condition((("network", ("mts",)),), ("15:00-24:00",))
    >>> c.holds({"network": "mts"}, 16 * 60)
    True
    >>> c.holds({"network": "mts"}, 9 * 60)
    False
    """

    attrs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hours: tuple[str, ...] = ()
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()

    def holds(self, caller: dict[str, str], minute: int) -> bool:
        for name, allowed in self.attrs:
            if caller.get(name) not in allowed:
                return False
        return not self.hours or any(in_hours(h, minute) for h in self.hours)

    def __bool__(self) -> bool:
        return bool(self.attrs or self.hours)

    def describe(self) -> str:
        parts = [f"{k}={'|'.join(v)}" for k, v in self.attrs]
        parts += [f"hour {h}" for h in self.hours]
        return ", ".join(parts) or "always"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Facts:
    """Provenance shared by entries, nodes and claims: sources, inferred fields, dispute."""

    source: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Timeout:
    after: float
    to: str
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@dataclass(frozen=True)
class Retries:
    max: int
    then: str
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@dataclass(frozen=True)
class Case:
    when: Condition
    to: str
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@dataclass(frozen=True)
class HourWait:
    hours: str
    mean: float
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@dataclass(frozen=True)
class Wait:
    """Expected queue wait in seconds; ``by_hour`` overrides the mean in some hours."""

    mean: float
    min: float | None = None
    max: float | None = None
    by_hour: tuple[HourWait, ...] = ()
    loc: Loc = loc_field()

    def at(self, minute: int) -> float:
        for hw in self.by_hour:
            if in_hours(hw.hours, minute):
                return hw.mean
        return self.mean


@dataclass(frozen=True)
class Target:
    """Where a transfer goes: an entry of a menu file in the same folder."""

    file: str
    entry: str
    loc: Loc = loc_field()

"""A route to a human as the simulator measured it, what it costs, and which entries serve a
caller."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING

from ivr._record import record
from ivr.graph.build import as_hotline, entry_key
from ivr.model.clock import Moment, parse_moment
from ivr.model.types import DEFAULT_AT, Cost, Entry, Hotline, Menu
from ivr.sim import callers
from ivr.sim.callers import resolve_caller
from ivr.sim.run import Call

if TYPE_CHECKING:
    from ivr.routing.provenance import RouteEvidence

UNKNOWN_WAIT = 86_400.0
"""What a queue wait no source gives weighs when routes are ranked with their waits: a day,
so that it ranks after every known wait -- never 0, which would make it the best."""


@record
class SourceRef:
    """A text that supports a route, and whether the model disputes it there."""

    id: str
    title: str
    via: str
    disputed: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "via": self.via,
            "disputed": self.disputed or None,
        }


@record
class Route:
    """One way to a human, as measured by replaying it in the simulator.

    Raises: nothing: its methods only read the replayed call.
    """

    caller: dict[str, str]
    at: str
    menu: Menu
    entry: Entry
    keys: tuple[str, ...]
    call: Call
    wait: float | None = None
    edges: tuple[tuple[str, str, int], ...] = ()
    sources: tuple[SourceRef, ...] = field(default=(), repr=False)
    hotline: Hotline | None = field(default=None, repr=False, compare=False)
    node_cost: Cost | None = field(default=None, repr=False)
    wait_unknown: bool = False
    """The queue wait was asked for (``with_wait``) and no source gives it."""
    evidence: RouteEvidence | None = field(default=None, repr=False, compare=False)
    """What backs it (documented, sourced, inferred): set by :func:`ivr.routes`."""
    expected_wait: float | None = field(default=None, repr=False, compare=False)
    """The expected queue wait of its human (its last step tells it even without ``wait``)."""

    @property
    def steps(self) -> tuple[str, ...]:
        """Step-by-step instructions in plain words, one sentence a step.

        Written when first read: a search replays many candidates and prints a few.

        >>> import ivr
        >>> ivr.routes(ivr.load("mts"), caller={"network": "other"})[0].steps[0][:22]
        'Dial +7 800 250-08-90 '
        """
        made = self.__dict__.get("_steps")
        if made is None:
            from ivr.routing.instructions import route_steps  # noqa: PLC0415

            made = self.__dict__["_steps"] = route_steps(self, self.expected_wait)
        return made

    def dial_string(self, pause: str = ",") -> str:
        """What a phone dials by itself: the number, then each key after enough pauses
        (``,`` 2 s on Android and iOS; ``pause="W"``: 1 s each, for programmable dialers).

        >>> import ivr
        >>> route = ivr.routes(ivr.load("mts"), caller={"network": "other"})[0]
        >>> route.dial_string() == route.to_json()["dial_string"]
        True
        """
        from ivr.routing import instructions  # noqa: PLC0415

        if pause == "W":
            return instructions.dial_string_w(self)
        return instructions.dial_string(self)

    def tel(self) -> str:
        """The number as a ``tel:`` URI (RFC 3966), for a link a phone opens."""
        from ivr.routing.instructions import tel_uri  # noqa: PLC0415

        return tel_uri(self)

    def to_json(self) -> dict:
        """The route as ``ivr route --json`` prints it (one item of ``routes``)."""
        from ivr.routing.instructions import route_json  # noqa: PLC0415

        return route_json(self)

    @property
    def outcome(self) -> str:
        return self.call.outcome

    @property
    def node(self) -> str | None:
        return self.call.node

    @property
    def seconds(self) -> float:
        return self.call.seconds

    @property
    def total(self) -> float:
        """Seconds to the human plus, with ``with_wait``, the expected queue wait (a wait no
        one knows counts as :data:`UNKNOWN_WAIT`, so such a route ranks after known ones)."""
        if self.wait_unknown:
            return self.call.seconds + UNKNOWN_WAIT
        return self.call.seconds + (self.wait or 0.0)

    @property
    def presses(self) -> tuple[tuple[str, float], ...]:
        return self.call.pressed

    @property
    def key_count(self) -> int:
        return len(self.call.pressed)

    @property
    def keys_text(self) -> str:
        return " ".join(self.keys)

    @property
    def cost(self) -> Cost:
        """The entry's cost, with the human's own surcharge (a paid priority line) added."""
        return joint_cost(self.entry.cost, self.node_cost)

    @property
    def cost_total(self) -> float:
        """Estimated money to reach the human (0 when free; inf when the rate is unknown)."""
        return money(self.cost, self.total)

    @property
    def disputed(self) -> bool:
        return any(s.disputed for s in self.sources)

    def objective(self, by: str) -> tuple:
        """What ``by`` minimises, ties last: the keys themselves."""
        tie = (self.keys,)
        if by == "keys":
            return (self.key_count, self.total, *tie)
        if by == "cost":
            return (self.cost_total, self.cost.rank(), self.total, self.key_count, *tie)
        return (self.total, self.key_count, *tie)

    def dominates(self, other: Route) -> bool:
        """At least as good on keys, time and cost, and better on one."""
        a = (self.key_count, self.total, self.cost_total)
        b = (other.key_count, other.total, other.cost_total)
        return all(x <= y for x, y in zip(a, b, strict=True)) and a != b


def joint_cost(entry: Cost, extra: Cost | None) -> Cost:
    """What a call costs: the entry's rate plus the rate a human's line adds (if any)."""
    if extra is None or extra.free:
        return entry
    if entry.free:
        return extra
    rate = None
    if extra.per_minute is not None and entry.per_minute is not None:
        rate = extra.per_minute + entry.per_minute
    note = "; ".join(n for n in (entry.note, extra.note) if n)
    return Cost(False, rate, entry.currency or extra.currency, note)


def money(cost: Cost, seconds: float) -> float:
    """The price of ``seconds`` on the line, per started minute, at least one minute (a
    connected call is billed its first minute); inf when the rate is unknown."""
    if cost.free:
        return 0.0
    if cost.per_minute is None:
        return math.inf
    return cost.per_minute * max(1, math.ceil(seconds / 60 - 1e-9))


def served_entries(hotline: Hotline, who: Mapping[str, str], minute: int | Moment) -> list[tuple]:
    """(graph name, menu, entry) of every number this caller can dial, in the files' order."""
    return [(entry_key(m.id, e.id), m, e) for m, e in callers.served_entries(hotline, who, minute)]


def serves(menus: Hotline | Menu, caller: Mapping[str, str], at: str = DEFAULT_AT) -> bool:
    """Whether any entry of the hotline answers this caller at this hour.

    >>> import ivr
    >>> serves(ivr.load("menus/mts"), {"network": "mts", "location": "home"})
    True
    """
    hotline = as_hotline(menus)
    return bool(served_entries(hotline, resolve_caller(hotline, caller), parse_moment(at)))

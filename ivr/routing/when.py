"""When to call: for one caller, the expected time to a human (route + queue) at every hour of
the day, for the best route of each number, and the best hour and number.

The route of a number at an hour is its fastest one with the queue wait counted
(:func:`ivr.routes` ``by="time", with_wait=True`` restricted to that number); a wait no
source gives is unknown, so that hour's ``total`` is None, never a number that counts it as 0.

>>> import ivr
>>> plan = when(ivr.load("menus/mts"), {"network": "mts", "location": "home"})
>>> len(plan.hours), plan.hours[0].at
(24, '00:00')
>>> plan.best is not None and plan.best.route.entry.dial
'0605'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from ivr._record import record
from ivr.errors import InputError
from ivr.graph.build import compile
from ivr.model.clock import in_hours, parse_hhmm, roughly
from ivr.model.types import Hotline, HourStaff, Menu
from ivr.model.validation import sound
from ivr.routing.finder import Finder
from ivr.routing.route import Route
from ivr.sim.callers import resolve_caller

HOURS = tuple(f"{h:02d}:00" for h in range(24))
SPARKS = "▁▂▃▄▅▆▇█"


@record
class Hour:
    """The best route at one hour (None: no number reaches a human then), and each number's."""

    at: str
    route: Route | None
    by_number: tuple[tuple[str, Route | None], ...] = ()

    @property
    def wait(self) -> float | None:
        return self.route.wait if self.route is not None else None

    @property
    def total(self) -> float | None:
        """Seconds to the human plus the queue wait; None when either is unknown."""
        if self.route is None or self.route.wait is None:
            return None
        return self.route.seconds + self.route.wait

    def as_json(self) -> dict:
        r = self.route
        return {
            "at": self.at,
            "dial": r.entry.dial if r is not None else None,
            "keys": r.keys_text if r is not None else None,
            "seconds": round(r.seconds, 3) if r is not None else None,
            "wait": round(r.wait, 3) if r is not None and r.wait is not None else None,
            "total": round(self.total, 3) if self.total is not None else None,
        }


@record
class Plan:
    """What :func:`when` found: a row per hour, the numbers compared, the best hour."""

    caller: dict[str, str]
    numbers: tuple[str, ...]
    hours: tuple[Hour, ...]

    @property
    def best(self) -> Hour | None:
        """The hour with the least known total (the earliest of equals); None if none known."""
        known = [h for h in self.hours if h.total is not None and h.route is not None]
        return min(known, key=_rank) if known else None

    def advice(self) -> str:
        """The best number and hour in words: "call 0605 after 21:00: about 8 min"."""
        best = self.best
        if best is None or best.route is None:
            return "no hour has a known time to a human for this caller"
        dial = best.route.entry.dial
        i = self.hours.index(best)
        end = i
        close = (best.total or 0.0) * 1.05 + 30  # hours as good as the best, give or take
        while end + 1 < len(self.hours):
            nxt = self.hours[end + 1]
            if nxt.route is None or nxt.route.entry.dial != dial or (nxt.total or 1e18) > close:
                break
            end += 1
        if end == len(self.hours) - 1 and i > 0:
            span = f"after {best.at}"
        elif end > i:
            span = f"between {best.at} and {_hour_end(self.hours[end].at)}"
        else:
            span = f"at {best.at}"
        return f"call {dial} {span}: {roughly(best.total)}"

    def as_json(self) -> dict:
        best = self.best
        out_best = None
        if best is not None and best.route is not None:
            total = round(best.total or 0.0, 3)
            route = best.route
            out_best = {"at": best.at, "dial": route.entry.dial, "keys": route.keys_text,
                        "total": total}  # fmt: skip
        return {
            "version": 1,
            "caller": self.caller,
            "hours": [h.as_json() for h in self.hours],
            "best": out_best,
        }

    def sparkline(self) -> str:
        """One character per hour, higher for a longer total; a space where it is unknown.

        >>> Plan({}, (), ()).sparkline()
        ''
        """
        totals = [h.total for h in self.hours]
        known = [t for t in totals if t is not None]
        if not known:
            return " " * len(totals)
        low, high = min(known), max(known)
        span = (high - low) or 1.0
        return "".join(
            " " if t is None else SPARKS[round((t - low) / span * (len(SPARKS) - 1))]
            for t in totals
        )

    def table(self) -> str:
        """A row per hour: each number's expected total, the best, its keys."""
        head = ["at", *self.numbers, "best", "keys"]
        rows = [head]
        for h in self.hours:
            cells = [h.at]
            for _dial, r in h.by_number:
                cells.append(_total_text(r))
            best = h.route.entry.dial if h.route is not None else "—"
            cells += [best, (h.route.keys_text or "-") if h.route is not None else ""]
            rows.append(cells)
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                         for r in rows)  # fmt: skip


def _rank(hour: Hour) -> tuple[float, float]:
    """Cheapest first (a free number before a paid line without the queue), then fastest."""
    assert hour.route is not None
    return hour.route.cost_total, hour.total or 0.0


def _hour_end(at: str) -> str:
    return f"{int(at[:2]) + 1:02d}:00"


def _total_text(route: Route | None) -> str:
    if route is None:
        return "—"
    if route.wait is None:
        return f"{route.seconds:g} s + ?"
    return roughly(route.seconds + route.wait).removeprefix("about ")


def when(
    menus: Hotline | Menu,
    caller: Mapping[str, str] | None = None,
    hours: Sequence[str] = HOURS,
) -> Plan:
    """The expected time to a human at each of ``hours`` for ``caller``, number by number.

    Each number's route at an hour is its cheapest, then fastest with the queue wait counted
    (an entry's ``load`` and ``connect`` too): a free queue before a paid line without one.
    The hour's route is the best of those, the same way; a route whose wait is unknown is
    kept, but its total is None.
    """
    hotline = sound(menus)
    who = resolve_caller(hotline, caller)
    g = compile(hotline)
    numbers: dict[str, None] = {}
    rows = []
    for at in hours:
        finder = Finder(hotline, g, who, at, True)
        every = list(finder.entries)
        by_dial: dict[str, Route | None] = {}
        for name, menu, entry in every:
            if entry.dial in by_dial:
                continue
            finder.entries = [(name, menu, entry)]
            found = finder.cheapest(1)  # free first (a paid line without the queue is no tip)
            by_dial[entry.dial] = found[0] if found else None
            numbers.setdefault(entry.dial, None)
        rows.append((at, by_dial))
    out = []
    for at, by_dial in rows:
        per = tuple((d, by_dial.get(d)) for d in numbers)
        reached = [r for _d, r in per if r is not None]
        best = min(reached, key=lambda r: r.objective("cost")) if reached else None
        out.append(Hour(at, best, per))
    return Plan(dict(who), tuple(numbers), tuple(out))


@record
class AgentChange:
    """A change of staffing, ``--agents 11:00=+1``: in the whole hours of ``hours`` the agents
    on duty become ``agents`` (``relative``: that many more, or fewer when negative), on the
    queue named ``queue`` (None: every queue that gives its staffing)."""

    hours: str
    agents: int
    relative: bool = True
    queue: str | None = None

    def text(self) -> str:
        sign = "+" if self.relative and self.agents >= 0 else ""
        return f"{self.hours}={sign}{self.agents}" + (f"@{self.queue}" if self.queue else "")


def parse_agents(text: str) -> AgentChange:
    """``HH:MM=+N``, ``HH:MM-HH:MM=-N``, ``HH:MM=N`` (exactly N), each with an optional
    ``@QUEUE``; a single ``HH:MM`` is that hour.

    >>> parse_agents("11:00=+1")
    AgentChange(hours='11:00-12:00', agents=1, relative=True, queue=None)
    >>> parse_agents("09:00-12:00=20@general").text()
    '09:00-12:00=20@general'
    """
    spec, _, queue = text.partition("@")
    hours, eq, count = spec.partition("=")
    count = count.strip()
    wrong = InputError(
        f"--agents '{text}': give HOURS=CHANGE, e.g. 11:00=+1 (one more agent from 11:00 to "
        "12:00), 09:00-12:00=-2, 11:00=15 (exactly 15), with @QUEUE for one queue"
    )
    if not eq or not count.lstrip("+-").isdigit():
        raise wrong
    start, dash, end = hours.strip().partition("-")
    first = parse_hhmm(start.strip())
    last = parse_hhmm(end.strip()) if dash else first + 60
    if first % 60 or last % 60 or last == first:
        raise InputError(f"--agents '{text}': the hours are whole hours, e.g. 11:00 or 09:00-12:00")
    span = f"{first // 60:02d}:00-{(last // 60) % 24 if last != 24 * 60 else 24:02d}:00"
    return AgentChange(span, int(count), count[0] in "+-", queue.strip() or None)


def with_agents(menus: Hotline | Menu, changes: Sequence[AgentChange]) -> Hotline:
    """The hotline with the staffing changed as ``changes`` say, hour by hour (for each hour
    its own calls and handle time, the agents changed from that hour's); InputError when no
    queue gives its staffing, or a queue named is not one of those.

    >>> import ivr
    >>> h = ivr.load("tests/fixtures/staffed")
    >>> after = with_agents(h, [parse_agents("11:00=+1")])
    >>> node = after.menus[0].node("agent")
    >>> node.staffing.at(11 * 60)[2] - h.menus[0].node("agent").staffing.at(11 * 60)[2]
    1
    """
    hotline = sound(menus)
    staffed = {n.queue for m in hotline.menus for n in m.nodes if n.staffing is not None}
    if not staffed:
        raise InputError("no queue of this hotline gives its staffing ('staffing' on an agent "
                         "node: calls, handle, agents; docs/format.md): --agents has nothing "
                         "to change")  # fmt: skip
    for c in changes:
        if c.queue is not None and c.queue not in staffed:
            raise InputError(f"--agents: no queue '{c.queue}' gives its staffing (those that "
                             f"do: {', '.join(sorted(staffed))})")  # fmt: skip
    menus_out = []
    for m in hotline.menus:
        nodes = []
        for n in m.nodes:
            if n.staffing is None:
                nodes.append(n)
                continue
            items = []
            for c in changes:
                if c.queue is not None and c.queue != n.queue:
                    continue
                for h in range(24):
                    if not in_hours(c.hours, h * 60):
                        continue
                    calls, handle, agents = n.staffing.at(h * 60)
                    new = max(0, agents + c.agents) if c.relative else c.agents
                    span = f"{h:02d}:00-{h + 1:02d}:00"
                    items.append(HourStaff(span, calls, handle, new))
            staffing = dataclasses.replace(n.staffing, by_hour=(*items, *n.staffing.by_hour))
            nodes.append(dataclasses.replace(n, staffing=staffing))
        menus_out.append(dataclasses.replace(m, nodes=tuple(nodes)))
    return dataclasses.replace(hotline, menus=tuple(menus_out))


def compare(before: Plan, after: Plan) -> str:
    """The hours whose best total a change of staffing changed: before, after, the difference.

    Rows: the hour, the number, the time to a human before and after, the change.
    """
    lines = [f"{'at':<6} {'dial':<18} {'before':<14} {'after':<14} change"]
    for b, a in zip(before.hours, after.hours, strict=True):
        if b.total == a.total:
            continue
        dial = a.route.entry.dial if a.route is not None else "-"
        change = (
            f"{'-' if a.total < b.total else '+'}{roughly(abs(a.total - b.total))[6:]}"
            if a.total is not None and b.total is not None
            else "?"
        )
        lines.append(f"{a.at:<6} {dial:<18} {_said(b.total):<14} {_said(a.total):<14} {change}")
    if len(lines) == 1:
        lines.append("no hour changes: the change meets no queue the best routes reach")
    return "\n".join(lines)


def _said(total: float | None) -> str:
    if total is None:
        return "not known"
    if total == float("inf"):
        return "never clears"
    return roughly(total)[6:]

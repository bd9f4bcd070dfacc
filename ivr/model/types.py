"""The menu model: plain, immutable data that knows nothing of YAML.

A :class:`Hotline` is a folder of :class:`Menu` files. Each menu has entries (numbers a caller
dials), nodes (prompt, menu, branch, agent, callback, transfer, hangup) and documented claims
(key sequences a source says reach a human). Source locations ride along in ``loc`` fields that
take no part in equality, so a menu dumped and loaded back compares equal.

>>> Loc("menus/x.yaml", 3, 5)
Loc(file='menus/x.yaml', line=3, col=5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType

from ivr._record import record
from ivr.diagnostics import NOWHERE as NOWHERE  # re-exported: the old import path
from ivr.diagnostics import Diagnostic
from ivr.diagnostics import Loc as Loc
from ivr.model.clock import Moment, in_dates, in_days, in_hours, moment_of
from ivr.model.clock import parse_hhmm as parse_hhmm  # re-exported: the old import path
from ivr.model.keys import CALLER_MARKS as CALLER_MARKS
from ivr.model.keys import DTMF_KEYS as DTMF_KEYS
from ivr.model.keys import key_problem as key_problem

NODE_TYPES = ("prompt", "menu", "branch", "agent", "callback", "transfer", "hangup")
TERMINAL_TYPES = ("agent", "callback", "hangup")
HUMAN_TYPES = ("agent", "callback")
OUTCOMES = ("agent", "callback", "hangup", "not-served", "stuck")
DEFAULT_KEY_TIME = 1.0
DEFAULT_AT = "12:00"


def _loc() -> Loc:
    return field(default=NOWHERE, compare=False, repr=False)


def _where() -> Mapping[str, tuple[int, int]]:
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
    loc: Loc = _loc()


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
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()
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
    loc: Loc = _loc()

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
    loc: Loc = _loc()

    def expected(self) -> float:
        """Expected seconds until the line answers, redials included: each attempt takes
        ``delay``, and 1 / (1 - failure) attempts are needed on average."""
        return self.delay / (1.0 - self.failure)


@record
class Entry:
    """A number to dial, who may dial it, what it costs and where the call starts."""

    id: str
    dial: str
    start: str
    when: Condition = Condition()
    cost: Cost = FREE
    region: str = ""
    """The numbering plan of ``dial`` (a two-letter region code); empty: none, so ``dial`` is
    a short code or a number in international form."""
    title: str = ""
    facts: Facts = Facts()
    disputed: str = ""
    connect: Connect | None = None
    """How the number connects (a delay, a chance of failure); None: at once, always."""
    load: float = 1.0
    """How loaded the queues are for callers of this number, as a factor of the queues'
    expected waits (0.5: half the wait)."""
    needs_plus: bool = False
    """Whether the number connects only when dialled in international form (+...)."""
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


@record
class Timeout:
    after: float
    to: str
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


@record
class Retries:
    max: int
    then: str
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


@record
class Case:
    when: Condition
    to: str
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


@record
class HourWait:
    hours: str
    mean: float
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


@record
class DayWait:
    """A factor of the wait on some weekdays or dates (holidays: busier)."""

    factor: float
    days: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()

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
    loc: Loc = _loc()
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
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


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
    loc: Loc = _loc()

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
    loc: Loc = _loc()


@record
class Node:
    """One state of a call. Fields that do not apply to a type stay at their defaults."""

    id: str
    type: str
    say: str = ""
    duration: float = 0.0
    barge_in: bool = True
    next: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    timeout: Timeout | None = None
    invalid: str | None = None
    retries: Retries | None = None
    cases: tuple[Case, ...] = ()
    otherwise: str | None = None
    queue: str = ""
    wait: Wait | None = None
    cost: Cost | None = None
    to: Target | None = None
    facts: Facts = Facts()
    suppress: tuple[str, ...] = ()
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()
    staffing: Staffing | None = None
    """What the team behind a human knows of its queue; the wait then follows by Erlang C."""

    def option(self, key: str) -> str | None:
        for k, target in self.options:
            if k == key:
                return target
        return None

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL_TYPES


@record
class Claim:
    """A documented key sequence: dial, press, expect. ``disputed`` says why the model disagrees."""

    dial: str
    keys: tuple[str, ...] = ()
    caller: tuple[tuple[str, str], ...] = ()
    at: str = DEFAULT_AT
    expect: str = "agent"
    node: str | None = None
    source: tuple[str, ...] = ()
    disputed: str = ""
    note: str = ""
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()

    @property
    def keys_text(self) -> str:
        return " ".join(self.keys)


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
    loc: Loc = _loc()
    where: Mapping[str, tuple[int, int]] = _where()


@record
class Menu:
    """One menu file."""

    id: str
    title: str = ""
    note: str = ""
    file: str = ""
    version: int = 1
    key_time: float = DEFAULT_KEY_TIME
    sources: tuple[Source, ...] = ()
    caller: tuple[tuple[str, tuple[str, ...]], ...] = ()
    entries: tuple[Entry, ...] = ()
    nodes: tuple[Node, ...] = ()
    documented: tuple[Claim, ...] = ()
    caller_words: tuple[tuple[str, str, str], ...] = ()
    """(attribute, value, words): how instructions name a caller with that value, e.g.
    ``("network", "mts", "an MTS SIM")``; the words belong to the menu, not to ``ivr``."""
    caller_exclude: tuple[Condition, ...] = ()
    """Caller combinations that cannot occur (``caller: {exclude: [...]}``): each a condition
    of attributes; a caller it holds for does not exist."""
    loc: Loc = _loc()
    channels: tuple[Channel, ...] = ()
    """The hotline's ways to a human that are not voice menus, as this file lists them."""

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def node_map(self) -> Mapping[str, Node]:
        """Node id -> node, read-only; built once per menu.

        A menu is immutable, so the index is kept on the instance, outside the dataclass fields
        (equality, ``repr`` and ``dataclasses.replace`` do not see it): the simulator asks for it
        on every call, and indexing a 100,000-node menu takes milliseconds.
        """
        index = self.__dict__.get("_node_index")
        if index is None:
            index = self.__dict__["_node_index"] = {n.id: n for n in self.nodes}
        return MappingProxyType(index)


@record
class Hotline:
    """A folder of menu files (or one file): what ``ivr.load`` returns."""

    menus: tuple[Menu, ...]
    path: str = ""
    findings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)
    """What a reader noted about the source it read without refusing it (an importer's steps
    it could not map, references that go nowhere): located, with a rule id; ``ivr check``
    reports them."""

    def menu(self, file_or_id: str) -> Menu:
        for m in self.menus:
            if file_or_id in (m.id, m.file) or m.file.endswith("/" + file_or_id):
                return m
        raise KeyError(file_or_id)

    @property
    def caller_attributes(self) -> dict[str, tuple[str, ...]]:
        """Every caller attribute any file declares, with its values in declared order.

        Computed once per hotline and kept on the instance, as :meth:`Menu.node_map` is (the
        simulator asks on every call); a copy is returned, so the cache cannot be changed.
        """
        got = self.__dict__.get("_caller_attributes")
        if got is None:
            attrs: dict[str, dict[str, None]] = {}
            for m in self.menus:
                for name, values in m.caller:
                    attrs.setdefault(name, {}).update(dict.fromkeys(values))
            got = self.__dict__["_caller_attributes"] = {k: tuple(v) for k, v in attrs.items()}
        return dict(got)

    def excluded(self, caller: Mapping[str, str]) -> Condition | None:
        """The first ``caller: {exclude: [...]}`` item of any file that rules this caller out
        (None: such a caller can exist).

        >>> m = Menu("m", caller=(("net", ("sim", "landline")), ("place", ("home", "roaming"))),
        ...          caller_exclude=(Condition((("net", ("landline",)), ("place", ("roaming",)))),))
        >>> Hotline((m,)).excluded({"net": "landline", "place": "roaming"}).describe()
        'net=landline, place=roaming'
        >>> Hotline((m,)).excluded({"net": "sim", "place": "roaming"}) is None
        True
        """
        who = dict(caller)
        return next((c for m in self.menus for c in m.caller_exclude if c.holds(who, 0)), None)

    def describe_caller(self, caller: Mapping[str, str]) -> str:
        """The menus' words for this caller, attribute by attribute in declared order ("" when
        they give none).

        >>> m = Menu("m", caller=(("net", ("a", "b")), ("place", ("home", "away"))),
        ...          caller_words=(("net", "b", "a foreign SIM"), ("place", "away", "abroad")))
        >>> Hotline((m,)).describe_caller({"net": "b", "place": "away"})
        'a foreign SIM abroad'
        """
        words = {(a, v): w for m in self.menus for a, v, w in m.caller_words}
        said = (words.get((name, caller.get(name, ""))) for name in self.caller_attributes)
        return " ".join(w for w in said if w)

    def entries(self) -> list[tuple[Menu, Entry]]:
        return [(m, e) for m in self.menus for e in m.entries]

    def claims(self) -> list[tuple[Menu, Claim]]:
        return [(m, c) for m in self.menus for c in m.documented]

    def channels(self) -> list[tuple[Menu, Channel]]:
        """Every channel any file lists, in file order (an id listed twice: the first)."""
        seen: dict[str, tuple[Menu, Channel]] = {}
        for m in self.menus:
            for c in m.channels:
                seen.setdefault(c.id, (m, c))
        return list(seen.values())


def as_hotline(menus: Hotline | Menu) -> Hotline:
    """A hotline of its own for one menu (a hotline stays as it is).

    >>> as_hotline(Menu(id="m", file="m.yaml")).path
    'm.yaml'
    """
    if isinstance(menus, Hotline):
        return menus
    # kept on the (immutable) menu, as node_map is: a new hotline per call would rebuild its
    # own caches (caller attributes, the index of entries) on every simulated call
    got = menus.__dict__.get("_as_hotline")
    if got is None:
        got = menus.__dict__["_as_hotline"] = Hotline((menus,), menus.file)
    return got

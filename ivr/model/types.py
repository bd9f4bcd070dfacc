"""The menu model: plain, immutable data that knows nothing of YAML.

A :class:`Hotline` is a folder of :class:`Menu` files. Each menu has entries (numbers a caller
dials), nodes (prompt, menu, branch, agent, callback, transfer, hangup) and documented claims
(key sequences a source says reach a human). Source locations ride along in ``loc`` fields that
take no part in equality, so a menu dumped and loaded back compares equal. The small records
they are made of (conditions, costs, timeouts, waits, ...) are in :mod:`ivr.model.records`, and
importable from here too.

>>> Loc("menus/x.yaml", 3, 5)
Loc(file='menus/x.yaml', line=3, col=5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType

from ivr._record import record
from ivr.diagnostics import NOWHERE as NOWHERE  # re-exported: the old import path
from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.diagnostics import Loc as Loc
from ivr.errors import NotFound
from ivr.model.clock import Moment as Moment  # re-exported: conditions take one
from ivr.model.clock import parse_hhmm as parse_hhmm  # re-exported: the old import path
from ivr.model.keys import CALLER_MARKS as CALLER_MARKS
from ivr.model.keys import DTMF_KEYS as DTMF_KEYS
from ivr.model.keys import key_problem as key_problem
from ivr.model.records import FREE as FREE  # the records, re-exported: one import path
from ivr.model.records import Case as Case
from ivr.model.records import Channel as Channel
from ivr.model.records import Condition as Condition
from ivr.model.records import Connect as Connect
from ivr.model.records import Cost as Cost
from ivr.model.records import DayWait as DayWait
from ivr.model.records import Facts as Facts
from ivr.model.records import HourStaff as HourStaff
from ivr.model.records import HourWait as HourWait
from ivr.model.records import Retries as Retries
from ivr.model.records import Source as Source
from ivr.model.records import Staffing as Staffing
from ivr.model.records import Target as Target
from ivr.model.records import Timeout as Timeout
from ivr.model.records import Wait as Wait
from ivr.model.records import loc_field, where_field

NODE_TYPES = ("prompt", "menu", "branch", "agent", "callback", "transfer", "hangup")
TERMINAL_TYPES = ("agent", "callback", "hangup")
HUMAN_TYPES = ("agent", "callback")
OUTCOMES = ("agent", "callback", "hangup", "not-served", "stuck")
DEFAULT_KEY_TIME = 1.0
DEFAULT_AT = "12:00"


@record
class Entry:
    """A number to dial, who may dial it, what it costs and where the call starts.

    Raises: nothing; an entry built in Python is checked by :func:`ivr.validate` (and by every
    function that takes its hotline).
    """

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
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()


@record
class Node:
    """One state of a call. Fields that do not apply to a type stay at their defaults.

    Raises: nothing; a node built in Python is checked by :func:`ivr.validate` (and by every
    function that takes its hotline).
    """

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
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()
    staffing: Staffing | None = None
    """What the team behind a human knows of its queue; the wait then follows by Erlang C."""

    def option(self, key: str) -> str | None:
        """Where ``key`` leads (the first option of that key), or None."""
        found = self.__dict__.get("_by_key")  # a node is immutable: made once, on first use
        if found is None:
            found = self.__dict__["_by_key"] = {k: t for k, t in reversed(self.options)}
        return found.get(key)

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL_TYPES


@record
class Claim:
    """A documented key sequence: dial, press, expect. ``disputed`` says why the model disagrees.

    Raises: nothing; a claim built in Python is checked by :func:`ivr.validate` (and by every
    function that takes its hotline).
    """

    dial: str
    keys: tuple[str, ...] = ()
    caller: tuple[tuple[str, str], ...] = ()
    at: str = DEFAULT_AT
    expect: str = "agent"
    node: str | None = None
    source: tuple[str, ...] = ()
    disputed: str = ""
    note: str = ""
    loc: Loc = loc_field()
    where: Mapping[str, tuple[int, int]] = where_field()

    @property
    def keys_text(self) -> str:
        return " ".join(self.keys)


@record
class Menu:
    """One menu file.

    Raises: :class:`~ivr.errors.NotFound` from :meth:`node` for a node it does not have; nothing
    else (a menu built in Python is checked by :func:`ivr.validate`).
    """

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
    loc: Loc = loc_field()
    channels: tuple[Channel, ...] = ()
    """The hotline's ways to a human that are not voice menus, as this file lists them."""

    def node(self, node_id: str) -> Node:
        """The node ``node_id``; :class:`~ivr.errors.NotFound` (a ``KeyError``) when the menu
        has none.

        >>> Menu("m", nodes=(Node("main", "hangup"),)).node("mian")
        Traceback (most recent call last):
        ivr.errors.NotFound: menu 'm' has no node 'mian' (did you mean 'main'?)
        """
        found = self.node_map().get(node_id)
        if found is None:
            raise NotFound(f"menu '{self.id}' has no node '{node_id}'"
                           + did_you_mean(node_id, self.node_map()))  # fmt: skip
        return found

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
    """A folder of menu files (or one file): what ``ivr.load`` returns.

    Raises: :class:`~ivr.errors.NotFound` from :meth:`menu` for a file or id it does not have;
    nothing else (a hotline built in Python is checked by :func:`ivr.validate`).
    """

    menus: tuple[Menu, ...]
    path: str = ""
    findings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)
    """What a reader noted about the source it read without refusing it (an importer's steps
    it could not map, references that go nowhere): located, with a rule id; ``ivr check``
    reports them."""

    def menu(self, file_or_id: str) -> Menu:
        """The menu whose id or file is ``file_or_id`` (or whose file ends with
        ``/file_or_id``); :class:`~ivr.errors.NotFound` (a ``KeyError``) when there is none."""
        for m in self.menus:
            if file_or_id in (m.id, m.file) or m.file.endswith("/" + file_or_id):
                return m
        ids = [m.id for m in self.menus]
        raise NotFound(f"the hotline has no menu '{file_or_id}'" + did_you_mean(file_or_id, ids))

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

"""Hypothesis strategies for voice menus: random valid menus, callers, hours, keys and walks.

Part of the public API, for property tests of ``ivr`` itself and of your own menus:

* :func:`menus` — random *valid* :class:`~ivr.model.Menu` objects: every reference resolves,
  there is at least one entry, node types mix prompts, menus, branches, agents, callbacks and
  hangups, conditions test declared caller attributes and hours, timeouts, invalid-key handling
  and retries are sometimes there, barge-in goes both ways, durations stay in the loader's
  ranges, and documented claims are sometimes present. ``ivr.dump.dump`` of any of them loads
  back equal;
* :func:`hotlines` — one file, or two files where the first transfers into an entry of the
  second (``Target(file="<name>.yaml", entry=<entry id>)``; the menus' ``file`` fields end with
  that name);
* :func:`key_sequences` — DTMF keys, sometimes ``_`` (stay silent until the menu times out);
* :func:`walks` — key sequences along real options of a menu, so a walk goes somewhere rather
  than bouncing off invalid keys;
* :func:`callers` — caller attributes a menu or hotline declares; :func:`hours` — ``"HH:MM"``.

Testing your own menu: every walk a caller may take through it ends (in a human or a hangup)
instead of leaving the caller stuck in silence:

>>> import ivr
>>> from hypothesis import given, settings
>>> from ivr.testing.strategies import callers, hours, walks
>>> menu = ivr.load_menu_text('''
... ivr: 1
... caller: {network: [mts, other]}
... entries: [{dial: "0890", start: main}]
... nodes:
...   main:
...     type: menu
...     say: "Balance - 1, operator - 0"
...     duration: 6
...     options: {"1": balance, "0": queue}
...     timeout: {after: 5, to: queue}
...     invalid: main
...     retries: {max: 3, then: queue}
...   balance: {type: prompt, say: "Your balance is ...", duration: 4, next: main}
...   queue: {type: branch, cases: [{when: {network: mts}, to: human}], else: bye}
...   human: {type: agent}
...   bye: {type: hangup, say: "Call 8 800 250 08 90", duration: 3}
... ''')
>>> @settings(max_examples=25, deadline=None)
... @given(keys=walks(menu, entry="0890"), caller=callers(menu), at=hours())
... def test_no_caller_is_left_waiting(keys, caller, at):
...     call = ivr.simulate(menu, "0890", keys, caller=caller, at=at)
...     assert call.outcome in ("agent", "hangup"), call.transcript()
>>> test_no_caller_is_left_waiting()

And a property of the tool itself, over random menus:

>>> from ivr.io.yaml.writer import dump
>>> from ivr.testing.strategies import menus
>>> @settings(max_examples=10, deadline=None)
... @given(menus(max_nodes=6))
... def test_round_trip(m):
...     assert ivr.load_menu_text(dump(m), m.file) == m
>>> test_round_trip()
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ivr.graph.build import as_hotline
from ivr.io.spec import SECTIONS, node_fields
from ivr.model.numbers import digits_of
from ivr.model.types import (
    DEFAULT_AT,
    DEFAULT_KEY_TIME,
    DTMF_KEYS,
    FREE,
    OUTCOMES,
    Case,
    Claim,
    Condition,
    Cost,
    Entry,
    Facts,
    Hotline,
    HourWait,
    Menu,
    Node,
    Retries,
    Source,
    Target,
    Timeout,
    Wait,
)

__all__ = [
    "MENU_NODE_TYPES",
    "callers",
    "conditions",
    "hotlines",
    "hours",
    "key_sequences",
    "menus",
    "walks",
]

MENU_NODE_TYPES = ("prompt", "menu", "branch", "agent", "callback", "hangup")
"""Node types :func:`menus` draws (``transfer`` needs a second file: see :func:`hotlines`)."""

SILENCE = "_"

_NODE_NAMES = ("main", "news", "balance", "services", "queue", "human", "bye", "roaming", "tariff",
               "lang", "night", "vip", "callback", "repeat", "оператор", "0605")  # fmt: skip
_MENU_NAMES = ("mts-short", "federal", "support", "beeline", "tele2", "bank")
_ATTRIBUTES = {
    "network": ("mts", "other", "landline", "foreign"),
    "location": ("home", "russia", "abroad", "crimea"),
    "segment": ("private", "corporate", "vip"),
    "plan": ("prepaid", "contract", "yes", "0"),
    "язык": ("ru", "en"),
}
_LONG_NUMBERS = ("8 800 250 08 90", "+7 495 766-01-66", "8 (800) 100-07-01", "+7 812 494-94-94")
_PHRASES = ("News of the day", "Balance — 1, services — 2", "Оператор — 0", "Goodbye",
            "Press # to repeat", "Wait: yes/no? 50% off", "", "  leading space", "#hash",
            "line one\nline two", "0605", "null", "- dash")  # fmt: skip
_RULE_IDS = ("unreachable", "dead-end", "loop-no-exit", "no-human", "no-timeout", "no-invalid")

_free_text = st.text(max_size=24)
_texts = st.one_of(st.sampled_from(_PHRASES), _free_text)
_short_texts = st.one_of(st.sampled_from(_PHRASES[:6]), st.text(max_size=10))
_odd_ids = st.text(alphabet="abcxyz0189_-. #:*'\"яё", min_size=1, max_size=6).filter(
    lambda s: s == s.strip()
)
_node_ids = st.one_of(st.sampled_from(_NODE_NAMES), _odd_ids)
_menu_ids = st.one_of(
    st.sampled_from(_MENU_NAMES), st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
)
_short_codes = st.text(alphabet="0123456789", min_size=2, max_size=6)
_BYTE = st.integers(0, 255)
_MASK = st.integers(0, 2**16 - 1)
_BOOL = st.booleans()
_UNIT = st.floats(0, 1)

# Draw helpers over fixed strategies: building a new strategy per draw costs far more than the
# draw itself, and a menu takes a few hundred draws.


def _pick(draw: st.DrawFn, items: Sequence):  # noqa: ANN202
    """One of ``items`` (shrinks towards the first)."""
    return items[draw(_BYTE) % len(items)]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws (shrinks towards True)."""
    return draw(_BYTE) % one_in == 0


def _subset(draw: st.DrawFn, items: Sequence, max_size: int = 16) -> list:
    """Some of ``items`` in their order, at most ``max_size`` (shrinks towards none)."""
    mask = draw(_MASK)
    return [x for i, x in enumerate(items[:16]) if mask >> i & 1][:max_size]


def _seconds(low: float, high: float, common: Sequence[float]) -> st.SearchStrategy[float]:
    """Mostly round, small values a menu file holds; now and then any value in range."""
    return st.one_of(
        st.sampled_from([float(c) for c in common if low <= c <= high]),
        st.floats(low, min(high, 120.0)).map(lambda x: max(low, round(x, 1))),
        st.floats(low, high, allow_nan=False, allow_infinity=False),
    )


def _range(section: str, name: str) -> tuple[float, float]:
    """The range of a number of the format (:mod:`ivr.io.spec`): the strategies stay inside."""
    return SECTIONS[section].field(name).range()


_durations = _seconds(*_range("node", "duration"), (0, 0.5, 1, 2, 3, 4.5, 5, 8, 10, 20, 25, 60))
_timeouts = _seconds(*_range("timeout", "after"), (0.1, 1, 3, 5, 7, 10, 15))
_key_times = st.one_of(
    st.just(DEFAULT_KEY_TIME),
    st.sampled_from([0.05, 0.5, 1.5, 2.0]),
    st.floats(*_range("top", "key_time")),
)
_rates = st.one_of(st.sampled_from([0.0, 3.5, 15.0]), st.floats(*_range("cost", "per_minute")))
_WAIT_MAX = _range("wait", "max")[1]
_waits = st.one_of(st.sampled_from([0.0, 60.0, 300.0, 1200.0]), st.floats(*_range("wait", "mean")))
_retry_counts = st.one_of(st.integers(1, 4), st.integers(*map(int, _range("retries", "max"))))


def hours() -> st.SearchStrategy[str]:
    """A time of day ``"HH:MM"`` (``00:00`` to ``23:59``), for ``simulate(..., at=...)``."""
    return st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


_hours = hours()
_minutes = st.integers(0, 24 * 60)


def _span(draw: st.DrawFn) -> str:
    """An hour range ``"HH:MM-HH:MM"``: some wrap midnight, some use 24:00, 9:00 or spaces."""
    start = draw(_minutes) % (24 * 60)
    end = draw(_minutes)
    start_text = f"{start // 60:02d}:{start % 60:02d}"
    end_text = f"{end // 60:02d}:{end % 60:02d}"
    if start_text.startswith("0") and _chance(draw, 8):
        start_text = start_text[1:]
    return start_text + _pick(draw, ("-", "-", "-", " - ")) + end_text


def key_sequences(max_size: int = 8) -> st.SearchStrategy[list[str]]:
    """DTMF keys (``0-9 * # A-D``), now and then ``_``: silence until the menu times out."""
    return st.lists(st.sampled_from([*DTMF_KEYS, SILENCE, SILENCE]), max_size=max_size)


_claim_keys = key_sequences(6)


def _caller_declaration(draw: st.DrawFn) -> tuple[tuple[str, tuple[str, ...]], ...]:
    names = sorted(_ATTRIBUTES)
    out = []
    for name in _subset(draw, names, 3):
        values = _subset(draw, _ATTRIBUTES[name]) or [_pick(draw, _ATTRIBUTES[name])]
        out.append((name, tuple(values)))
    return tuple(out)


def _condition(
    draw: st.DrawFn, caller: Sequence[tuple[str, Sequence[str]]], with_hours: bool = True
) -> Condition:
    attrs = []
    for name, values in caller:
        if values and _chance(draw, 3):
            attrs.append((name, tuple(_subset(draw, values) or [_pick(draw, values)])))
    spans: tuple[str, ...] = ()
    if with_hours and _chance(draw, 4):
        spans = tuple(_span(draw) for _ in range(1 + _chance(draw, 3)))
    return Condition(tuple(attrs), spans)


@st.composite
def conditions(
    draw: st.DrawFn,
    caller: Sequence[tuple[str, Sequence[str]]] = (),
    with_hours: bool = True,
) -> Condition:
    """A condition on the declared ``caller`` attributes (and, ``with_hours``, hour ranges).

    ``caller`` is a menu's declaration, ``menu.caller``. May be empty (holds always).
    """
    return _condition(draw, caller, with_hours)


def _cost(draw: st.DrawFn) -> Cost:
    kind = draw(_BYTE) % 6
    note = _pick(draw, ("", "", "from abroad", "0605"))
    if kind == 0:
        return FREE
    if kind == 1:
        return Cost(free=True, note=note or "free inside the network")
    if kind == 2:
        return Cost(free=False, note=note)  # paid, rate not known
    rate = draw(_rates)
    currency = _pick(draw, (None, "RUB", "EUR"))
    return Cost(free=draw(_BOOL) if rate == 0 else False, per_minute=rate, currency=currency,
                note=note)  # fmt: skip


def _wait(draw: st.DrawFn) -> Wait:
    mean = draw(_waits)
    low = min(mean, mean * draw(_UNIT)) if draw(_BOOL) else None
    high = (
        min(_WAIT_MAX, max(mean, mean + (_WAIT_MAX - mean) * draw(_UNIT))) if draw(_BOOL) else None
    )
    by_hour = tuple(HourWait(_span(draw), draw(_waits)) for _ in range(draw(_BYTE) % 3))
    return Wait(mean, low, high, by_hour)


def _facts(draw: st.DrawFn, source_ids: Sequence[str], fields: Sequence[str]) -> Facts:
    if not _chance(draw, 3):
        return Facts()
    source = tuple(_subset(draw, source_ids))
    inferred = tuple(_subset(draw, [*fields, "all"], 2))
    note = _pick(draw, ("", "", "heard on a call in 2024", "disputed by B"))
    return Facts(source, inferred, note)


def _dials(draw: st.DrawFn, count: int, avoid: Sequence[str] = ()) -> list[str]:
    """``count`` numbers that are different lines (and not among ``avoid``)."""
    taken = {digits_of(a) for a in avoid}
    out: list[str] = []
    for _ in range(count):
        dial = _pick(draw, _LONG_NUMBERS) if _chance(draw, 4) else draw(_short_codes)
        if digits_of(dial) in taken:  # no redraw loop: Hypothesis may replay the same choice
            dial = next(str(n) for n in range(10, 10**6) if str(n) not in taken)
        taken.add(digits_of(dial))
        out.append(dial)
    return out


def _node(
    draw: st.DrawFn,
    node_id: str,
    kind: str,
    ids: Sequence[str],
    caller: Sequence[tuple[str, Sequence[str]]],
    source_ids: Sequence[str],
    targets: Sequence[Target],
) -> Node:
    say = draw(_texts) if kind in ("prompt", "menu") or draw(_BOOL) else ""
    duration = draw(_durations) if say or _chance(draw, 4) else 0.0
    fields: dict = {}
    if kind == "prompt":
        fields["next"] = _pick(draw, ids)
    elif kind == "menu":
        keys = _subset(draw, DTMF_KEYS, 6)
        fields["options"] = tuple((k, _pick(draw, ids)) for k in keys)
        if not _chance(draw, 5):
            fields["timeout"] = Timeout(draw(_timeouts), _pick(draw, ids))
        if not _chance(draw, 3):
            fields["invalid"] = _pick(draw, ids)
        if _chance(draw, 3):
            fields["retries"] = Retries(draw(_retry_counts), _pick(draw, ids))
    elif kind == "branch":
        fields["cases"] = tuple(
            Case(_condition(draw, caller), _pick(draw, ids)) for _ in range(draw(_BYTE) % 4)
        )
        fields["otherwise"] = _pick(draw, ids)
    elif kind in ("agent", "callback"):
        if draw(_BOOL):
            fields["queue"] = _pick(draw, ("general", "vip", "roaming", "0605"))
        if _chance(draw, 3):
            fields["wait"] = _wait(draw)
        if _chance(draw, 3):
            fields["cost"] = _cost(draw)
    elif kind == "transfer":
        fields["to"] = _pick(draw, targets)
    allowed = node_fields(kind)
    suppress = tuple(_subset(draw, _RULE_IDS, 2)) if _chance(draw, 6) else ()
    return Node(
        id=node_id,
        type=kind,
        say=say,
        duration=duration,
        barge_in=draw(_BOOL),
        facts=_facts(draw, source_ids, allowed),
        suppress=suppress,
        **fields,
    )


def _claim(
    draw: st.DrawFn,
    entries: Sequence[Entry],
    caller: Sequence[tuple[str, Sequence[str]]],
    node_ids: Sequence[str],
    source_ids: Sequence[str],
) -> Claim:
    entry = _pick(draw, entries)
    return Claim(
        dial=_pick(draw, (entry.dial, entry.id)),
        keys=tuple(draw(_claim_keys)),
        caller=tuple(_caller(draw, dict(caller)).items()),
        at=draw(_hours) if draw(_BOOL) else DEFAULT_AT,
        expect=_pick(draw, OUTCOMES),
        node=_pick(draw, node_ids) if draw(_BOOL) else None,
        source=tuple(_subset(draw, source_ids, 2) or [_pick(draw, source_ids)]),
        disputed=_pick(draw, ("", "", "the model disagrees")),
        note=_pick(draw, ("", "", "from the seed article")),
    )


@st.composite
def _menu(
    draw: st.DrawFn,
    min_nodes: int,
    max_nodes: int,
    node_types: Sequence[str],
    claims: bool,
    menu_id: str | None = None,
    caller: tuple[tuple[str, tuple[str, ...]], ...] | None = None,
    targets: Sequence[Target] = (),
    avoid_dials: Sequence[str] = (),
) -> Menu:
    if menu_id is None:
        menu_id = draw(_menu_ids)
    sources = tuple(
        Source(
            sid,
            title=draw(_short_texts),
            date=_pick(draw, ("", "2024-05-01")),
            url=_pick(draw, ("", "https://example.org/a")),
        )  # fmt: skip
        for sid in _subset(draw, ("A", "B", "C", "seed"), 3)
    )
    source_ids = [s.id for s in sources]
    if caller is None:
        caller = _caller_declaration(draw)
    ids = draw(
        st.lists(
            _node_ids,
            min_size=max(1, min_nodes),
            max_size=max(1, min_nodes, max_nodes),
            unique=True,
        )  # fmt: skip
    )
    # menus are what a hotline is made of: drawn three times as often as other types
    types = [*node_types, *(["transfer"] if targets else [])]
    types = [kind for kind in types for _ in range(3 if kind == "menu" else 1)]
    kinds = [_pick(draw, types) for _ in ids]
    if targets and "transfer" not in kinds:
        kinds[draw(_BYTE) % len(ids)] = "transfer"
    nodes = tuple(
        _node(draw, node_id, kind, ids, caller, source_ids, targets)
        for node_id, kind in zip(ids, kinds, strict=True)
    )
    entries = []
    for i, dial in enumerate(_dials(draw, 1 + draw(_BYTE) % 3, avoid_dials)):
        short = len(digits_of(dial)) <= 6
        entries.append(
            Entry(
                id=f"e{i}" if _chance(draw, 3) else digits_of(dial),
                dial=dial,
                start=_pick(draw, ids),
                when=_condition(draw, caller) if _chance(draw, 3) else Condition(),
                cost=_cost(draw) if _chance(draw, 3) else FREE,
                region=_pick(draw, ("RU", "RU", "RU", "KZ")) if short else "RU",
                title=_pick(draw, ("", "", "from abroad")),
                facts=_facts(draw, source_ids, ("dial", "when", "cost", "start")),
                disputed=_pick(draw, ("", "", "source B gives another number")),
            )
        )
    documented: tuple[Claim, ...] = ()
    if claims and source_ids and draw(_BOOL):  # a claim cites at least one source
        documented = tuple(
            _claim(draw, entries, caller, ids, source_ids) for _ in range(1 + draw(_BYTE) % 3)
        )
    return Menu(
        id=menu_id,
        title=_pick(draw, ("", "", "Support line", "Горячая линия")),
        note=_pick(draw, ("", "", "Built from the seed article.\nDurations inferred.")),
        file=f"{menu_id}.yaml",
        key_time=draw(_key_times),
        sources=sources,
        caller=caller,
        entries=tuple(entries),
        nodes=nodes,
        documented=documented,
    )


def menus(
    min_nodes: int = 1,
    max_nodes: int = 12,
    *,
    node_types: Sequence[str] = MENU_NODE_TYPES,
    claims: bool = True,
) -> st.SearchStrategy[Menu]:
    """Random valid one-file menus of ``min_nodes`` to ``max_nodes`` nodes.

    Every reference resolves and there is at least one entry; loops, unreachable nodes and
    menus with no way to a human are allowed (they are valid files; the lint rules judge them).
    ``node_types`` limits the types drawn; ``claims=False`` leaves out documented claims (a
    drawn claim dials one of the menu's entries and cites its sources, but expects a random
    outcome: whether it holds is chance). ``menu.file`` is
    ``"<id>.yaml"``; load a dumped menu back with ``load_menu_text(text, menu.file)``.
    """
    unknown = set(node_types) - set(MENU_NODE_TYPES)
    if unknown or not node_types:
        raise ValueError(f"node_types must be some of {', '.join(MENU_NODE_TYPES)}")
    return _menu(min_nodes, max_nodes, tuple(node_types), claims)


@st.composite
def hotlines(
    draw: st.DrawFn,
    min_nodes: int = 1,
    max_nodes: int = 8,
    *,
    files: int | None = None,
    claims: bool = True,
) -> Hotline:
    """One menu file, or two where the first transfers into an entry of the second.

    With two files the first has at least one ``transfer`` node with ``to`` =
    ``Target("<second id>.yaml", <entry id of the second>)``; the files share caller
    declarations (the second may declare one more attribute). ``files`` forces 1 or 2.
    """
    count = files if files is not None else 1 + draw(_BYTE) % 2
    if count not in (1, 2):
        raise ValueError("files must be 1 or 2")
    caller = _caller_declaration(draw)
    if count == 1:
        menu = draw(_menu(min_nodes, max_nodes, MENU_NODE_TYPES, claims, caller=caller))
        return Hotline((menu,), "")
    first_id, second_id = draw(
        st.lists(st.sampled_from(_MENU_NAMES), min_size=2, max_size=2, unique=True)
    )
    second_caller = caller
    extra = [name for name in _ATTRIBUTES if name not in dict(caller)]
    if extra and bool(draw(_BOOL)):  # bool(): mypy would type the draw from `extra`
        second_caller = (*caller, (extra[0], _ATTRIBUTES[extra[0]][:2]))
    second = draw(_menu(min_nodes, max_nodes, MENU_NODE_TYPES, claims, menu_id=second_id,
                        caller=second_caller))  # fmt: skip
    targets = [Target(second.file, e.id) for e in second.entries]
    first = draw(_menu(min_nodes, max_nodes, MENU_NODE_TYPES, claims, menu_id=first_id,
                       caller=caller, targets=targets,
                       avoid_dials=[e.dial for e in second.entries]))  # fmt: skip
    return Hotline((first, second), "")


def _caller(draw: st.DrawFn, declared: dict[str, Sequence[str]]) -> dict[str, str]:
    return {
        name: _pick(draw, values)
        for name, values in declared.items()
        if values and not _chance(draw, 4)
    }


@st.composite
def _callers_of(draw: st.DrawFn, declared: dict[str, Sequence[str]]) -> dict[str, str]:
    return _caller(draw, declared)


def callers(menu_or_hotline: Menu | Hotline) -> st.SearchStrategy[dict[str, str]]:
    """Caller attributes (``{"network": "mts", ...}``) among those the menu or hotline declares.

    Some attributes are left out: ``simulate`` then takes the first declared value.
    """
    return _callers_of(dict(as_hotline(menu_or_hotline).caller_attributes))


@st.composite
def walks(
    draw: st.DrawFn,
    menu_or_hotline: Menu | Hotline,
    entry: str | None = None,
    max_size: int = 8,
) -> list[str]:
    """Keys along real options: pressed at menus the call can actually reach from an entry.

    Starting at ``entry`` (an entry id or number; any entry when None) the walk follows the menu:
    at a menu it mostly presses one of the options, sometimes stays silent (``_``, when the menu
    has a timeout) or presses an unknown key; prompts are followed, branches take any of their
    ways (the walk does not know the caller), transfers go on in the target file. The walk ends
    at a human or a hangup or after ``max_size`` keys.
    """
    hotline = as_hotline(menu_or_hotline)
    pairs = hotline.entries()
    if entry is not None:
        pairs = [(m, e) for m, e in pairs if entry in (e.id, e.dial)] or pairs
    menu, start = _pick(draw, pairs)
    nodes = menu.node_map()
    current = start.start
    keys: list[str] = []
    for _ in range(4 * max_size + 16):
        if len(keys) >= max_size:
            break
        node = nodes[current]
        if node.type == "prompt" and node.next is not None:
            current = node.next
        elif node.type == "branch":
            ways = [c.to for c in node.cases] + [node.otherwise]
            current = _pick(draw, [w for w in ways if w is not None])
        elif node.type == "transfer" and node.to is not None:
            try:
                menu = hotline.menu(node.to.file)
            except KeyError:
                break
            nodes = menu.node_map()
            current = next(e.start for e in menu.entries if node.to.entry in (e.id, e.dial))
        elif node.type == "menu":
            choice = draw(_BYTE) % 10
            unknown = [k for k in DTMF_KEYS if node.option(k) is None]
            if node.options and choice < 7:
                key, current = _pick(draw, node.options)
                keys.append(key)
            elif node.timeout is not None and choice < 9:
                keys.append(SILENCE)
                current = node.timeout.to
            elif unknown:
                keys.append(_pick(draw, unknown))
                current = node.invalid or current
            else:
                break
        else:  # agent, callback, hangup: the call is over
            break
    return keys

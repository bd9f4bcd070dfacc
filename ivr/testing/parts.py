"""The pieces the strategies of :mod:`ivr.testing.strategies` draw menus from: names, texts,
numbers, hours, conditions, costs, waits, nodes and claims, in the ranges of the field spec.

>>> from hypothesis import given
>>> @given(hours())
... def test(at):
...     assert len(at) == 5 and at[2] == ":"
>>> test()
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ivr.errors import InputError
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
    HourWait,
    Node,
    Retries,
    Target,
    Timeout,
    Wait,
)

MENU_NODE_TYPES = ("prompt", "menu", "branch", "agent", "callback", "hangup")
"""Node types :func:`menus` draws (``transfer`` needs a second file: see :func:`hotlines`)."""

SILENCE = "_"

_NODE_NAMES = ("main", "news", "balance", "services", "queue", "human", "bye", "roaming", "tariff",
               "lang", "night", "vip", "callback", "repeat", "оператор", "0605")  # fmt: skip
_MENU_NAMES = ("main-line", "federal", "support", "sales", "billing", "bank")
_ATTRIBUTES = {
    "network": ("own", "other", "landline", "foreign"),
    "location": ("home", "national", "abroad", "border"),
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
    """A time of day ``"HH:MM"`` (``00:00`` to ``23:59``), for ``simulate(..., at=...)``.

    Raises: nothing.
    """
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
    """DTMF keys (``0-9 * # A-D``), now and then ``_``: silence until the menu times out.

    Raises: :class:`~ivr.errors.InputError` for a ``max_size`` below 0.
    """
    if max_size < 0:
        raise InputError(f"max_size must be 0 or more, not {max_size}")
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

    Raises: nothing.
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


def _caller(draw: st.DrawFn, declared: dict[str, Sequence[str]]) -> dict[str, str]:
    return {
        name: _pick(draw, values)
        for name, values in declared.items()
        if values and not _chance(draw, 4)
    }

"""Properties of ``ivr.routes`` on random valid menus, judged by the simulator.

* a route replayed by ``ivr.simulate`` ends in the outcome and node it claims, at the seconds
  it claims, with the presses it claims, and costs what it claims;
* on small menus (at most 6 nodes; option keys cut down to 1, 2 and 3) the best route by keys,
  by time and by cost is optimal against a brute-force enumeration of every key sequence up to
  4 long over those keys, one invalid key and ``_`` (silence until a timeout);
* the Pareto set holds no dominated member and dominates or equals every enumerated route;
* a route never dials an entry whose ``when`` excludes the caller;
* adding an option (to a menu, to an existing node) never makes the best route worse.

The oracle keeps its own arithmetic: presses, seconds and money come from the replayed
:class:`ivr.Call` and the costs of the entry and the human (``docs/routes.md``: the rate per
started minute, at least one), never from the search's weights or ``Route.objective``.

Half the menus are drawn by :func:`shaped` to reach what a search over states gets wrong: keys
typed ahead through barge-in prompts, failure counts carried from menu to menu until a retry
fires, a transfer that drops a typed-ahead key, routes of two keys or more. Each is recorded
with ``hypothesis.event`` (``pytest --hypothesis-show-statistics`` shows how often) and counted
in :data:`REACHED`: every run prints how often a best route went through each (``route
oracle, 60 examples; best routes through: ...``), and under the ``ci`` profile a test fails if
one was never reached.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import sys
from collections import Counter

import pytest
from conftest import profile_for
from hypothesis import assume, event, given, settings, target
from hypothesis import strategies as st

import ivr
from ivr.model.types import (
    HUMAN_TYPES,
    Condition,
    Cost,
    Entry,
    Hotline,
    Menu,
    Node,
    Retries,
    Target,
    Timeout,
    parse_hhmm,
)
from ivr.sim.run import resolve_caller
from ivr.testing.strategies import callers, hotlines, hours

SMALL_KEYS = ("1", "2", "3")
INVALID = "9"  # an option of no menu once the keys are cut down
BRUTE_LENGTH = 4
EPS = 1e-4  # seconds: the state graph counts whole microseconds, the simulator floats

# IVR_ROUTE_EXAMPLES=1000 for a long run; the default keeps the file well under a minute
EXAMPLES = int(os.environ.get("IVR_ROUTE_EXAMPLES", "30"))
FAST = settings(max_examples=EXAMPLES)

TYPE_AHEAD = "type-ahead through a barge-in prompt"
RETRIES_ACROSS = "retries counted across nodes"
DROPPED = "a transfer drops a typed-ahead key"
LONG = "two keys or more"
HARD = (TYPE_AHEAD, RETRIES_ACROSS, DROPPED, LONG)


# -- menus -------------------------------------------------------------------------------------


def small(hotline: Hotline) -> Hotline:
    """The hotline with each menu's options cut to its first three, keyed 1, 2 and 3."""
    menus = []
    for menu in hotline.menus:
        nodes = []
        for node in menu.nodes:
            if node.type == "menu":
                options = tuple(zip(SMALL_KEYS, (t for _, t in node.options[:3]), strict=False))
                node = dataclasses.replace(node, options=options)
            nodes.append(node)
        menus.append(dataclasses.replace(menu, nodes=tuple(nodes), documented=()))
    return Hotline(tuple(menus), hotline.path)


NIGHT = Condition((), ("03:00-03:30",))  # the second file's own number: mostly closed
_COSTS = st.sampled_from([Cost(), Cost(False, 5.0, "RUB"), Cost(False, 0.5, "RUB"), Cost(False)])


def _weighted(draw, *choices: tuple[int, object]):
    """One of the choices, each ``(weight, value)``."""
    pick = draw(st.integers(0, sum(w for w, _ in choices) - 1))
    for weight, value in choices:
        if pick < weight:
            return value
        pick -= weight
    raise AssertionError("unreachable")


@st.composite
def shaped(draw) -> Hotline:
    """A small hotline laid out in layers so that the hard cases are often the best way.

    Layer i is a menu ``m<i>``, maybe behind a prompt ``p<i>`` (barge-in or not). One key of
    each menu leads on to the next layer, the last menu's to a human, or through a barge-in
    prompt and a transfer into a second file (a key typed into that prompt cuts it, and the
    transfer drops it; the second file's own number serves only half an hour a night). Other
    keys, timeouts and invalid keys lead back, to a neighbour or to a goodbye; retries exhaust
    into a human, a goodbye or the next layer, so silence and failure counts carried between
    menus can be the shortest way; a second, paid or conditional number may start deeper."""
    k = draw(st.integers(1, 3))
    prompted = [draw(st.integers(0, 9)) < 6 for _ in range(k)]

    def entrance(i: int) -> str:
        return f"p{i}" if prompted[i] else f"m{i}"

    final = _weighted(draw, (3, "h"), (1, "cb"), (3, "pt"))
    nodes = []
    for i in range(k):
        here, back = f"m{i}", [entrance(j) for j in range(i + 1)]
        onward = entrance(i + 1) if i + 1 < k else final
        elsewhere = [*back[-2:], *([entrance(i + 1)] if i + 1 < k else [])]
        elsewhere = [n for n in elsewhere if n != here] or [here]
        neighbours = [here, *elsewhere, "bye"]
        keys = draw(st.permutations(SMALL_KEYS))[: draw(st.integers(1, 3))]
        options = [(keys[0], onward)]
        for key in keys[1:]:
            options.append((key, _weighted(draw, (4, draw(st.sampled_from(back))), (1, "bye"),
                                           (1, final))))  # fmt: skip
        after = draw(st.sampled_from([1.0, 4.0]))
        away = _weighted(draw, (1, here), (4, draw(st.sampled_from(elsewhere))), (1, "bye"))
        timeout = _weighted(draw, (1, None), (6, Timeout(after, away)))
        then = draw(st.sampled_from(["h", "h", "cb", "bye", onward]))
        retries = _weighted(
            draw, (1, None), (3, Retries(_weighted(draw, (1, 1), (3, 2), (2, 3)), then))
        )
        invalid = _weighted(draw, (1, None), (2, draw(st.sampled_from(neighbours))))
        nodes.append(
            Node(
                here,
                "menu",
                say="menu",
                duration=draw(st.sampled_from([0.0, 2.0, 6.0])),
                barge_in=draw(st.booleans()),
                options=tuple(sorted(options)),
                timeout=timeout,
                invalid=invalid,
                retries=retries,
            )  # fmt: skip
        )
        if prompted[i]:
            nodes.append(
                Node(
                    f"p{i}",
                    "prompt",
                    say="prompt",
                    duration=draw(st.sampled_from([0.0, 3.0, 10.0])),
                    barge_in=_weighted(draw, (3, True), (1, False)),
                    next=here,
                )  # fmt: skip
            )
    nodes += [
        Node("h", "agent", cost=draw(st.none() | _COSTS)),
        Node("cb", "callback"),
        Node("bye", "hangup", say="bye", duration=2.0),
    ]
    files = []
    if final == "pt" or draw(st.integers(0, 3)) == 0:
        nodes += [
            Node("pt", "prompt", say="hold", duration=draw(st.sampled_from([3.0, 10.0])),
                 barge_in=_weighted(draw, (3, True), (1, False)), next="t"),
            Node("t", "transfer", say="transfer", duration=draw(st.sampled_from([0.0, 2.0])),
                 to=Target("b.yaml", "b")),
        ]  # fmt: skip
        files.append(
            Menu(
                id="b",
                file="b.yaml",
                key_time=draw(st.sampled_from([0.5, 1.0, 2.0])),
                entries=(Entry("b", "0200", draw(st.sampled_from(["pb", "mb"])), when=NIGHT),),
                nodes=(
                    Node("pb", "prompt", say="hold", duration=4.0, next="mb"),
                    Node(
                        "mb",
                        "menu",
                        say="b",
                        duration=3.0,
                        barge_in=draw(st.booleans()),
                        options=(("1", "hb"), ("2", "mb")),
                        timeout=Timeout(4.0, "mb"),
                        retries=Retries(2, "hb"),
                    ),
                    Node("hb", "agent", cost=draw(st.none() | _COSTS)),
                ),
            )  # fmt: skip
        )
    entries = [Entry("main", "0100", entrance(0), cost=draw(_COSTS))]
    caller: tuple = ()
    if draw(st.booleans()):
        caller = (("network", ("mts", "other")),)
        only = Condition((("network", (draw(st.sampled_from(["mts", "other"])),)),))
        start = draw(st.sampled_from([entrance(i) for i in range(k)] + ["pt"] * bool(files)))
        entries.append(Entry("other", "0101", start, when=only, cost=draw(_COSTS)))
    first = Menu(id="a", file="a.yaml", key_time=draw(st.sampled_from([0.5, 1.0])),
                 caller=caller, entries=tuple(entries), nodes=tuple(nodes))  # fmt: skip
    return Hotline((first, *files), "")


@st.composite
def cases(draw, max_nodes: int = 6):
    """A small hotline (drawn by ``shaped``, or any from ``ivr.testing`` cut down to three
    keys), a caller and an hour."""
    if _weighted(draw, (2, True), (1, False)):
        hotline = draw(shaped())
    else:
        size = max_nodes if draw(st.booleans()) else 3
        hotline = small(draw(hotlines(max_nodes=size, claims=False)))
    return hotline, draw(callers(hotline)), draw(hours())


def alphabet(hotline: Hotline) -> list[str]:
    used = sorted({k for m in hotline.menus for n in m.nodes for k, _ in n.options})
    return [*used, INVALID, "_"]


def served_dials(hotline: Hotline, who: dict, at: str) -> list[str]:
    minute = parse_hhmm(at)
    seen, out = set(), []
    for _m, e in hotline.entries():
        if e.dial not in seen and e.when.holds(who, minute):
            seen.add(e.dial)
            out.append(e.dial)
    return out


# -- the oracle's own arithmetic -----------------------------------------------------------------


def human_of(hotline: Hotline, call: ivr.Call) -> Node:
    return hotline.menu(call.menu).node(call.node)


def rate(hotline: Hotline, call: ivr.Call) -> float:
    """Money a minute of this call: the entry's rate plus the human line's own, if it has one;
    0 when free, inf when a paid line's rate is unknown."""
    total = 0.0
    for cost in (call.entry.cost, human_of(hotline, call).cost):
        if cost is None or cost.free:
            continue
        total += math.inf if cost.per_minute is None else cost.per_minute
    return total


def price(hotline: Hotline, call: ivr.Call) -> float:
    """The rate times the started minutes, at least one (a connected call pays its first)."""
    per_minute = rate(hotline, call)
    if per_minute == 0:
        return 0.0
    minutes = max(1, math.ceil(round(call.seconds, 6) / 60))
    return per_minute * minutes


@dataclasses.dataclass(frozen=True)
class Measured:
    """One call to a human as the oracle sees it."""

    presses: int
    seconds: float
    money: float
    rate: float
    what: str
    hard: frozenset[str]

    def by(self, objective: str) -> tuple:
        if objective == "keys":
            return (self.presses, self.seconds)
        if objective == "time":
            return (self.seconds, self.presses)
        return (self.money, self.rate, self.seconds, self.presses)


def hard_cases(hotline: Hotline, call: ivr.Call) -> frozenset[str]:
    """Which of the hard cases this call goes through (read from its events and trail)."""
    found = set()
    if any(e.kind == "press" and e.reason == "barge-in" for e in call.events):
        found.add(TYPE_AHEAD)
    if any(e.kind == "ignored" and e.reason == "transfer" for e in call.events):
        found.add(DROPPED)
    if len(call.pressed) >= 2:
        found.add(LONG)
    # a retry fires at a node whose count began before the call last went elsewhere
    first_failure: dict[tuple[str, str], int] = {}
    for i, taken in enumerate(call.trail):
        at, kind = (taken.menu, taken.node), taken.way.kind
        if kind in ("timeout", "invalid"):
            first_failure.setdefault(at, i)
        elif kind == "retry":
            start = first_failure.pop(at, i)
            if any((t.menu, t.node) != at for t in call.trail[start:i]):
                found.add(RETRIES_ACROSS)
        elif kind == "option":
            first_failure.pop(at, None)
    return frozenset(found)


def measure(hotline: Hotline, call: ivr.Call, what: str = "") -> Measured:
    return Measured(
        len(call.pressed),
        call.seconds,
        price(hotline, call),
        rate(hotline, call),
        what,
        hard_cases(hotline, call),
    )


def replay(route: ivr.Route, who: dict, at: str) -> ivr.Call:
    return ivr.simulate(route.hotline, route.entry.dial, route.keys, who, at)


@contextlib.contextmanager
def few_steps(steps: int = 60):
    """Calls caught in a loop give up after ``steps``, not 100,000.

    A call that reaches a human in a menu this small takes far fewer steps; the routes' own
    replays keep the simulator's limit, so they can only find more than the brute force.
    """
    module = sys.modules["ivr.sim.run"]
    saved = module.MAX_STEPS
    module.MAX_STEPS = steps
    try:
        yield
    finally:
        module.MAX_STEPS = saved


def unchanged_by_more_keys(hotline: Hotline, seq: tuple[str, ...], call: ivr.Call) -> bool:
    """Whether every longer sequence makes the same call: keys were left over when it ended,
    or it ended after its last key without reading the caller again (no menu timed out, no
    barge-in prompt played: the only places where a key after the last would count)."""
    if any(e.kind == "ignored" and e.reason in ("ended", "unused") for e in call.events):
        return True
    if call.outcome == "stuck" or not seq or seq[-1] == "_":
        return False
    last = max(i for i, e in enumerate(call.events) if e.kind in ("press", "key"))
    nodes = {m.id: m.node_map() for m in hotline.menus}
    for e in call.events[last + 1 :]:
        node = nodes[e.menu].get(e.node) if e.menu in nodes else None
        if e.kind == "timeout" or (e.kind == "play" and node is not None and node.barge_in
                                   and node.type == "prompt"):  # fmt: skip
            return False
    return True


def brute_force(hotline: Hotline, who: dict, at: str) -> list[Measured]:
    """Every enumerated call that reaches a human, measured."""
    out = []
    keys = alphabet(hotline)
    with few_steps():
        for dial in served_dials(hotline, who, at):
            todo: list[tuple[str, ...]] = [()]
            while todo:
                seq = todo.pop()
                call = ivr.simulate(hotline, dial, seq, who, at)
                if call.outcome in HUMAN_TYPES:
                    out.append(measure(hotline, call, f"{dial} {' '.join(seq)}"))
                if len(seq) < BRUTE_LENGTH and not unchanged_by_more_keys(hotline, seq, call):
                    todo.extend((*seq, k) for k in keys)
    return out


def no_worse(a: tuple, b: tuple) -> bool:
    """a <= b lexicographically, floats within EPS."""
    for x, y in zip(a, b, strict=True):
        if x < y - EPS:
            return True
        if x > y + EPS:
            return False
    return True


def within(a: tuple, b: tuple) -> bool:
    """a is at least as good as b on every objective (floats within EPS)."""
    return all(x <= y + EPS for x, y in zip(a, b, strict=True))


def assert_replays(route: ivr.Route, who: dict, at: str) -> Measured:
    call = replay(route, who, at)
    assert call.outcome == route.outcome and call.outcome in HUMAN_TYPES, call.transcript()
    assert (call.menu, call.node) == (route.call.menu, route.node)
    assert math.isclose(call.seconds, route.seconds, abs_tol=1e-9)
    assert call.pressed == route.presses
    assert call.entry is route.entry
    measured = measure(route.hotline, call, route.keys_text)
    assert measured.presses == route.key_count
    money = route.cost_total
    assert money == measured.money or math.isclose(money, measured.money), (money, measured)
    return measured


REACHED: Counter[str] = Counter()
"""How many examples of the optimality test had each hard case in a best route (and how many
it ran, ``"examples"``): printed after the run (``tests/conftest.py``) and checked below."""


def record(best: list[Measured], enumerated: list[Measured]) -> None:
    """Say which hard cases the example reached: in a best route, or only among the calls."""
    in_best = frozenset().union(*(m.hard for m in best))
    anywhere = frozenset().union(*(m.hard for m in enumerated))
    REACHED["examples"] += 1
    REACHED.update(case for case in HARD if case in in_best)
    for case in HARD:
        if case in in_best:
            event(f"best route: {case}")
        elif case in anywhere:
            event(f"enumerated only: {case}")
    if not enumerated:
        event("no human reachable")
    for case in HARD:  # steer the generation towards each (hypothesis.target)
        target(float(case in in_best), label=case)


# -- the properties ------------------------------------------------------------------------------


@FAST
@given(cases(), st.sampled_from(["keys", "time", "cost", "pareto"]), st.integers(1, 3))
def test_routes_replay_to_what_they_claim(case, by, k) -> None:
    hotline, who, at = case
    found = ivr.routes(hotline, who, at, by=by, k=k)
    full = resolve_caller(hotline, who)
    minute = parse_hhmm(at)
    measured = [assert_replays(route, full, at) for route in found]
    if by != "pareto":
        assert len(found) <= k
        # evidence first (documented, sourced, inferred; undisputed first), then the objective
        ranked = [(r.evidence.rank, m.by(by)) for r, m in zip(found, measured, strict=True)]
        pairs = zip(ranked, ranked[1:], strict=False)
        assert all(a[0] < b[0] or (a[0] == b[0] and no_worse(a[1], b[1])) for a, b in pairs), ranked
    distinct = {(r.menu.id, r.entry.id, r.keys) for r in found}
    assert len(distinct) == len(found), "alternatives are distinct"
    for route in found:
        assert route.entry.when.holds(full, minute), "the entry must serve the caller"
        assert not route.keys or route.keys[-1] != "_"


@settings(FAST, max_examples=2 * EXAMPLES)
@given(cases())
def test_best_routes_are_optimal_and_pareto_complete(case) -> None:
    hotline, who, at = case
    who = resolve_caller(hotline, who)
    enumerated = brute_force(hotline, who, at)
    # by the objective alone (evidence=False): evidence ranking is tested in test_evidence.py
    objectives = ("keys", "time", "cost", "pareto")
    best = {by: ivr.routes(hotline, who, at, by=by, evidence=False) for by in objectives}
    record([measure(hotline, replay(r[0], who, at)) for r in best.values() if r], enumerated)
    if not enumerated:
        return
    assert all(best.values()), f"a human is reachable: {enumerated[0]}"
    for by in ("keys", "time", "cost"):
        found = measure(hotline, replay(best[by][0], who, at), best[by][0].keys_text)
        optimum = min(enumerated, key=lambda m: m.by(by))  # noqa: B023
        assert no_worse(found.by(by), optimum.by(by)), (by, found, optimum)
    pareto = [measure(hotline, replay(r, who, at)) for r in best["pareto"]]
    points = [(m.presses, m.seconds, m.money) for m in pareto]
    for r in best["pareto"]:
        assert not any(o.dominates(r) for o in best["pareto"]), "no dominated member"
    for m in enumerated:
        assert any(within(q, (m.presses, m.seconds, m.money)) for q in points), (m, points)


def test_the_oracle_reached_every_hard_case_in_a_best_route() -> None:
    # the examples of the optimality test above (run first: pytest keeps the file's order)
    if REACHED["examples"] < EXAMPLES:
        pytest.skip("the optimality test did not run in full in this session")
    missed = [case for case in HARD if REACHED[case] == 0]
    if missed and profile_for(os.environ) != "ci":  # a random run may miss a rare one
        pytest.skip(f"this run's examples missed {missed}; the ci profile's reach every one")
    assert not missed, f"no best route went through {missed}: {dict(REACHED)}"


def oracle_summary() -> str:
    """One line: how often the optimality test's best routes went through each hard case."""
    n = REACHED["examples"]
    parts = [f"{case} {REACHED[case]} ({100 * REACHED[case] / n:.0f}%)" for case in HARD]
    return f"route oracle, {n} examples; best routes through: " + ", ".join(parts)


@FAST
@given(cases())
def test_a_route_never_dials_an_entry_that_excludes_the_caller(case) -> None:
    hotline, who, at = case
    full = resolve_caller(hotline, who)
    minute = parse_hhmm(at)
    served = any(e.when.holds(full, minute) for _m, e in hotline.entries())
    for by in ("keys", "time", "cost"):
        for route in ivr.routes(hotline, who, at, by=by, k=2):
            assert route.entry.when.holds(full, minute)
            menu, entry = next((m, e) for m, e in hotline.entries() if e is route.entry)
            assert route.menu is menu
    if not served:
        assert ivr.routes(hotline, who, at, by="pareto") == []


@st.composite
def with_new_option(draw):
    """A case, and the same hotline with one more option on one of its menus."""
    hotline, who, at = draw(cases())
    spots = [
        (i, j)
        for i, m in enumerate(hotline.menus)
        for j, n in enumerate(m.nodes)
        if n.type == "menu" and len(n.options) < 4
    ]
    assume(spots)
    i, j = draw(st.sampled_from(spots))
    menu = hotline.menus[i]
    node = menu.nodes[j]
    key = draw(st.sampled_from([k for k in "1234" if node.option(k) is None]))
    to = draw(st.sampled_from([n.id for n in menu.nodes]))
    nodes = list(menu.nodes)
    nodes[j] = dataclasses.replace(node, options=(*node.options, (key, to)))
    menus = list(hotline.menus)
    menus[i] = dataclasses.replace(menu, nodes=tuple(nodes))
    return hotline, Hotline(tuple(menus), hotline.path), who, at


@FAST
@given(with_new_option())
def test_adding_an_option_never_makes_the_best_route_worse(case) -> None:
    before, after, who, at = case
    full = resolve_caller(before, who)
    for by in ("keys", "time"):
        old = ivr.routes(before, who, at, by=by, evidence=False)
        new = ivr.routes(after, who, at, by=by, evidence=False)
        if not old:
            continue
        assert new, f"by {by}: {old[0].keys_text} was a route before the option"
        a = measure(before, replay(old[0], full, at)).by(by)
        b = measure(after, replay(new[0], full, at)).by(by)
        assert no_worse(b, a), f"by {by}: {new[0].keys_text} {b} after, {old[0].keys_text} {a}"

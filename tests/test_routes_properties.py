"""Properties of ``ivr.routes`` on random valid menus (``ivr.testing``), judged by the simulator.

* a route replayed by ``ivr.simulate`` ends in the outcome and node it claims, at the seconds
  it claims, with the presses it claims;
* on small menus (at most 6 nodes; option keys cut down to 1, 2 and 3) the best route by keys and
  by time is optimal against a brute-force enumeration of every key sequence up to 4 long over
  those keys, one invalid key and ``_`` (silence until a timeout);
* the Pareto set holds no dominated member and dominates or equals every enumerated route;
* a route never dials an entry whose ``when`` excludes the caller;
* adding an option (to a menu, to an existing node) never makes the best route worse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import sys

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import ivr
from ivr.model.types import HUMAN_TYPES, Hotline, parse_hhmm
from ivr.routing.search import joint_cost, money
from ivr.sim.run import resolve_caller
from ivr.testing.strategies import callers, hotlines, hours

SMALL_KEYS = ("1", "2", "3")
INVALID = "9"  # an option of no menu once the keys are cut down
BRUTE_LENGTH = 4
EPS = 1e-4  # seconds: the state graph counts whole microseconds, the simulator floats

# IVR_ROUTE_EXAMPLES=1000 for a long run; the default keeps the file well under a minute
EXAMPLES = int(os.environ.get("IVR_ROUTE_EXAMPLES", "30"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


@st.composite
def cases(draw, max_nodes: int = 6):
    """A small hotline (one file, or two with a transfer), a caller and an hour."""
    hotline = small(draw(hotlines(max_nodes=max_nodes if draw(st.booleans()) else 3, claims=False)))
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


@contextlib.contextmanager
def few_steps(steps: int = 400):
    """Calls caught in a loop of zero-second prompts give up after ``steps``, not 100,000.

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


def brute_force(hotline: Hotline, who: dict, at: str) -> list[tuple[int, float, float, str]]:
    """(presses, seconds, money, what) of every enumerated call that reaches a human."""
    with few_steps():
        return _brute_force(hotline, who, at)


def _brute_force(hotline: Hotline, who: dict, at: str) -> list[tuple[int, float, float, str]]:
    out = []
    keys = alphabet(hotline)
    for dial in served_dials(hotline, who, at):
        todo: list[tuple[str, ...]] = [()]
        while todo:
            seq = todo.pop()
            call = ivr.simulate(hotline, dial, seq, who, at)
            if call.outcome in HUMAN_TYPES:
                node = hotline.menu(call.menu).node(call.node)
                cost = joint_cost(call.entry.cost, node.cost)
                out.append((len(call.pressed), call.seconds, money(cost, call.seconds),
                            f"{dial} {' '.join(seq)}"))  # fmt: skip
            # keys left over when the call ended: any longer sequence makes the same call
            left = any(e.kind == "ignored" and "never pressed" in e.detail for e in call.events)
            if len(seq) < BRUTE_LENGTH and not left:
                todo.extend((*seq, k) for k in keys)
    return out


def no_worse(a: tuple, b: tuple) -> bool:
    """a <= b lexicographically, floats within EPS."""
    for x, y in zip(a, b, strict=True):
        if isinstance(x, float) or isinstance(y, float):
            if x < y - EPS:
                return True
            if x > y + EPS:
                return False
        elif x != y:
            return x < y
    return True


def within(a: tuple, b: tuple) -> bool:
    """a is at least as good as b on every objective (floats within EPS)."""
    return all(x <= y + EPS for x, y in zip(a, b, strict=True))


def assert_replays(route: ivr.Route, who: dict, at: str) -> None:
    call = ivr.simulate(route.hotline, route.entry.dial, route.keys, who, at)
    assert call.outcome == route.outcome and call.outcome in HUMAN_TYPES, call.transcript()
    assert (call.menu, call.node) == (route.call.menu, route.node)
    assert math.isclose(call.seconds, route.seconds, abs_tol=1e-9)
    assert call.pressed == route.presses
    assert call.entry is route.entry


@FAST
@given(cases(), st.sampled_from(["keys", "time", "cost", "pareto"]), st.integers(1, 3))
def test_routes_replay_to_what_they_claim(case, by, k) -> None:
    hotline, who, at = case
    found = ivr.routes(hotline, who, at, by=by, k=k)
    full = resolve_caller(hotline, who)
    minute = parse_hhmm(at)
    if by != "pareto":
        assert len(found) <= k
        objectives = [r.objective(by) for r in found]
        assert objectives == sorted(objectives)
    distinct = {(r.menu.id, r.entry.id, r.keys) for r in found}
    assert len(distinct) == len(found), "alternatives are distinct"
    for route in found:
        assert_replays(route, full, at)
        assert route.entry.when.holds(full, minute), "the entry must serve the caller"
        assert not route.keys or route.keys[-1] != "_"


@FAST
@given(cases())
def test_best_routes_are_optimal_and_pareto_complete(case) -> None:
    hotline, who, at = case
    who = resolve_caller(hotline, who)
    enumerated = brute_force(hotline, who, at)
    by_keys = ivr.routes(hotline, who, at, by="keys")
    by_time = ivr.routes(hotline, who, at, by="time")
    pareto = ivr.routes(hotline, who, at, by="pareto")
    if not enumerated:
        return
    assert by_keys and by_time and pareto, f"a human is reachable: {min(enumerated)}"
    best_keys = min((p, s) for p, s, _c, _w in enumerated)
    best_time = min((s, p) for p, s, _c, _w in enumerated)
    assert no_worse((by_keys[0].key_count, by_keys[0].seconds), best_keys), (
        by_keys[0].keys, min(enumerated))  # fmt: skip
    assert no_worse((by_time[0].seconds, by_time[0].key_count), best_time), (
        by_time[0].keys, min(enumerated, key=lambda x: (x[1], x[0])))  # fmt: skip
    points = [(r.key_count, r.seconds, r.cost_total) for r in pareto]
    for r in pareto:
        assert not any(o.dominates(r) for o in pareto), "no dominated member"
    for p, s, c, what in enumerated:
        assert any(within(q, (p, s, c)) for q in points), f"{what} ({p}, {s}, {c}) beats {points}"


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
    target = draw(st.sampled_from([n.id for n in menu.nodes]))
    nodes = list(menu.nodes)
    nodes[j] = dataclasses.replace(node, options=(*node.options, (key, target)))
    menus = list(hotline.menus)
    menus[i] = dataclasses.replace(menu, nodes=tuple(nodes))
    return hotline, Hotline(tuple(menus), hotline.path), who, at


@FAST
@given(with_new_option())
def test_adding_an_option_never_makes_the_best_route_worse(case) -> None:
    before, after, who, at = case
    for by in ("keys", "time"):
        old = ivr.routes(before, who, at, by=by)
        new = ivr.routes(after, who, at, by=by)
        if not old:
            continue
        assert new, f"by {by}: {old[0].keys_text} was a route before the option"
        a, b = old[0].objective(by)[:2], new[0].objective(by)[:2]
        assert no_worse(b, a), (
            f"by {by}: {new[0].keys_text} {b} after, {old[0].keys_text} {a} before"
        )

"""The step rules of a call (``ivr.sim.kernel``), and the three users that share them.

* hand-made nodes whose transitions are stated here: what each step consumes, costs and where
  it goes (docs/semantics.md);
* the transcript's events carry the way taken, the reason and the numbers, and what reads
  them (route steps, check) does not parse words;
* the route state graph (``ivr.routing.states``) agrees with the simulator: any walk through
  it that reaches a human replays, with its keys, to that human at the walk's seconds; and a
  chain of menus left by silence keeps one failure count at a time.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ivr
from ivr.model.types import Case, Condition, Node, Retries, Target, Timeout, parse_hhmm
from ivr.routing.instructions import route_steps
from ivr.routing.states import HUMAN, StateSpace
from ivr.sim.callers import resolve_caller, served_entries
from ivr.sim.kernel import BUFFER, LISTEN, SILENCE, ending, step
from ivr.sim.path import PathError, path_of_call
from ivr.testing.strategies import callers, hotlines, hours

MENU = Node("main", "menu", say="Balance 1", duration=6, options=(("1", "bal"),),
            timeout=Timeout(5, "main"), invalid="oops", retries=Retries(3, "bye"))  # fmt: skip
DEAF = Node("deaf", "menu", duration=6, barge_in=False, options=(("1", "bal"),))
NEWS = Node("news", "prompt", say="News", duration=20, next="main")
SLOW = Node("slow", "prompt", duration=20, barge_in=False, next="main")


# --- the rules, node by node ---------------------------------------------------------------


def test_a_menu_with_barge_in_takes_a_key_key_time_after_it_starts() -> None:
    s = step(MENU, key_time=1.5, intent="1")
    assert (s.way.kind, s.way.to, s.way.key) == ("option", "bal", "1")
    assert (s.consumes, s.presses, s.seconds, s.press_at, s.reason) == ("1", 1, 1.5, 1.5, "at-once")
    assert s.fails == 0  # an option starts the failure count again


def test_a_menu_without_barge_in_takes_the_key_after_its_prompt() -> None:
    s = step(DEAF, key_time=1, intent="1")
    assert (s.seconds, s.reason) == (7.0, "after-prompt")
    # 4 s into the menu (after an ignored key) only 2 s of prompt are left
    later = step(DEAF, key_time=1, intent="1", now=14, started=10)
    assert (later.seconds, later.at, later.press_at) == (3.0, 17.0, 17.0)
    ignored = step(DEAF, key_time=1, intent="5")
    assert ignored.way is None and ignored.failure == "ignored" and ignored.presses == 1


def test_silence_times_out_after_the_prompt_and_the_third_failure_gives_up() -> None:
    first = step(MENU, key_time=1, intent=SILENCE)
    assert (first.way.kind, first.way.to, first.consumes, first.seconds) == (
        "timeout", "main", SILENCE, 11.0,
    )  # fmt: skip
    assert first.fails == 1
    # keys that ran out are silence too, but consume nothing
    assert step(MENU, key_time=1, intent=None).consumes is None
    third = step(MENU, key_time=1, intent=SILENCE, fails=2)
    assert (third.way.kind, third.way.to, third.fails, third.failure) == (
        "retry",
        "bye",
        0,
        "timeout",
    )
    wrong = step(MENU, key_time=1, intent="7", fails=2)
    assert (wrong.way.kind, wrong.key, wrong.failure, wrong.presses) == ("retry", "7", "invalid", 1)
    assert step(MENU, key_time=1, intent="7").way.kind == "invalid"
    # without a timeout the menu waits forever: no way out
    assert step(DEAF, key_time=1, intent=SILENCE).reason == "no-timeout"


def test_a_typed_ahead_key_is_taken_before_anything_else_and_at_once() -> None:
    s = step(MENU, key_time=1, buffered="1", intent=LISTEN)
    assert (s.way.kind, s.consumes, s.presses, s.seconds, s.reason) == (
        "option", BUFFER, 0, 0.0, "typed-ahead",
    )  # fmt: skip
    listen = step(MENU, key_time=1, intent=LISTEN, now=2, started=0)
    assert (listen.way, listen.consumes, listen.seconds, listen.at) == (None, LISTEN, 4.0, 6.0)


def test_prompts_are_cut_by_a_key_or_heard_out() -> None:
    pressed = step(NEWS, key_time=1, intent="1")
    assert (pressed.reason, pressed.seconds, pressed.presses, pressed.buffer) == (
        "barge-in", 1, 1, "1",
    )  # fmt: skip
    cut = step(NEWS, key_time=1, buffered="1", intent="2")
    assert (cut.reason, cut.seconds, cut.presses, cut.buffer) == ("typed-ahead", 0, 0, "1")
    for intent in (SILENCE, LISTEN, None):  # nothing to press: the prompt plays to its end
        heard = step(NEWS, key_time=1, intent=intent)
        assert (heard.reason, heard.seconds, heard.consumes) == ("heard", 20, None)
    kept = step(SLOW, key_time=1, buffered="1", intent="2")
    assert (kept.reason, kept.seconds, kept.buffer) == ("heard", 20, "1")
    assert all(s.way == ("next", "main", None, None, False, None) for s in (pressed, cut, kept))


def test_branches_transfers_and_ends() -> None:
    mts = Condition((("network", ("mts",)),))
    branch = Node("b", "branch", cases=(Case(mts, "x"),), otherwise="y")
    taken = step(branch, key_time=1, who={"network": "mts"})
    assert (taken.way.kind, taken.way.to, taken.way.condition, taken.reason) == (
        "branch", "x", mts, "case",
    )  # fmt: skip
    other = step(branch, key_time=1, who={"network": "other"})
    assert (other.way.to, other.way.otherwise, other.reason) == ("y", True, "else")
    hop = Node("t", "transfer", duration=3, to=Target("b.yaml", "e"))
    moved = step(hop, key_time=1, buffered="5")
    assert (moved.way.kind, moved.way.target, moved.seconds, moved.buffer) == (
        "transfer", Target("b.yaml", "e"), 3, None,
    )  # fmt: skip
    assert ending(Node("h", "agent", duration=9)) == ("agent", 0.0)
    assert ending(Node("g", "hangup", duration=2)) == ("hangup", 2)
    assert ending(MENU) is None
    with pytest.raises(ValueError):
        step(Node("h", "agent"), key_time=1)


# --- structured events ---------------------------------------------------------------------

DEMO = """
ivr: 1
id: demo
entries: [{dial: "0890", start: news}]
nodes:
  news: {type: prompt, say: "News of the day", duration: 20, next: main}
  main:
    type: menu
    say: "Operator 0"
    duration: 6
    options: {"0": human}
    timeout: {after: 5, to: main}
    retries: {max: 2, then: bye}
  human: {type: agent, say: "Support desk; all calls are recorded", wait: {mean: 120}}
  bye: {type: hangup, say: "Goodbye", duration: 2}
"""


def test_events_carry_the_way_the_reason_and_the_numbers() -> None:
    menu = ivr.load_menu_text(DEMO)
    call = ivr.simulate(menu, "0890", "0")
    press, cut, key, agent = (e for e in call.events if e.kind in ("press", "barge-in", "key",
                                                                   "agent"))  # fmt: skip
    assert (press.reason, press.key, press.t) == ("barge-in", "0", 1.0)
    assert (cut.reason, cut.way.kind, cut.text) == ("barge-in", "next", "News of the day")
    assert (key.reason, key.key) == ("typed-ahead", "0")
    assert (agent.text, agent.wait) == ("Support desk; all calls are recorded", 120)
    assert agent.detail == "Support desk; all calls are recorded; expected wait about 2 min"
    silent = ivr.simulate(menu, "0890", "")
    timeouts = [e for e in silent.events if e.kind == "timeout"]
    assert [(e.seconds, e.reason, e.way) for e in timeouts] == [(5, "timeout", None)] * 2
    retry = next(e for e in silent.events if e.kind == "retry")
    assert (retry.attempts, retry.reason, retry.way.kind, retry.way.to) == (
        2, "retries-exhausted", "retry", "bye",
    )  # fmt: skip
    assert [t.way.kind for t in silent.trail] == ["entry", "next", "timeout", "retry"]


def test_route_steps_quote_a_say_with_a_semicolon_whole() -> None:
    menu = ivr.load_menu_text(DEMO)
    route = ivr.routes(menu)[0]
    assert route.keys == ("0",)
    assert "(“Support desk; all calls are recorded”)" in route_steps(route)[-1]


def test_a_call_that_does_not_fit_the_graph_is_a_path_error() -> None:
    menu = ivr.load_menu_text(DEMO)
    g = ivr.compile(menu)
    call = ivr.simulate(menu, "0890", "0")
    assert [g.edges[e]["kind"] for e in path_of_call(g, call)] == [
        "entry", "next", "option",
    ]  # fmt: skip
    g.remove_edge("demo/main", "demo/human")
    with pytest.raises(PathError, match="leaves demo/main by option 0"):
        path_of_call(g, call)


# --- the state graph agrees with the simulator ---------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), hotline=hotlines(claims=False))
def test_a_walk_through_the_state_graph_replays_in_the_simulator(data, hotline) -> None:
    who = resolve_caller(hotline, data.draw(callers(hotline)))
    at = data.draw(hours())
    minute = parse_hhmm(at)
    served = served_entries(hotline, who, minute)
    if not served:
        return
    menu, entry = data.draw(st.sampled_from(served))
    space = StateSpace(ivr.compile(hotline), who, minute)
    state = (f"{menu.id}#{entry.id}", None, ())
    keys: list[str] = []
    seconds = 0.0
    for _ in range(40):
        moves = space.out(state)
        if not moves or state[0] == HUMAN or seconds > 3000:
            break
        failing = [t for t in moves if t.kind in ("timeout", "invalid", "retry")]
        if failing and data.draw(st.booleans()):  # retries come into play far more often
            moves = failing
        move = data.draw(st.sampled_from(moves))
        if move.label is not None:
            keys.append(move.label)
        seconds += move.seconds
        state = move.state
    if state[0] != HUMAN:
        return
    call = ivr.simulate(hotline, entry.dial, keys, who, at)
    assert call.outcome in ("agent", "callback"), call.transcript()
    assert f"{call.menu}/{call.node}" == state[1]
    assert math.isclose(call.seconds, seconds, abs_tol=1e-6), call.transcript()
    assert len(call.pressed) == sum(1 for k in keys if k != SILENCE)


def chain(n: int) -> str:
    """n menus where the key and the silence both move on (at the same second), retries 3."""
    lines = ["ivr: 1", "id: chain", 'entries: [{dial: "0890", start: m0}]', "nodes:"]
    for i in range(n):
        nxt = f"m{i + 1}" if i + 1 < n else "human"
        lines.append(
            f"  m{i}: {{type: menu, duration: 5, barge_in: false, options: {{'1': {nxt}}}, "
            f"timeout: {{after: 1, to: {nxt}}}, retries: {{max: 3, then: {nxt}}}}}"
        )
    lines.append("  human: {type: agent}")
    return "\n".join(lines) + "\n"


def test_failure_counts_of_a_menu_the_call_can_come_back_to_are_kept() -> None:
    space = StateSpace(ivr.compile(ivr.load_menu_text(DEMO)), {}, 12 * 60)
    first = next(t for t in space.out(("demo/main", None, ())) if t.label == SILENCE)
    assert (first.kind, first.state) == ("timeout", ("demo/main", None, (("demo/main", 1),)))
    second = next(t for t in space.out(first.state) if t.label == SILENCE)
    assert (second.kind, second.state) == ("retry", ("demo/bye", None, ()))


def test_a_chain_left_by_silence_keeps_one_failure_count_at_a_time() -> None:
    menu = ivr.load_menu_text(chain(40))
    space = StateSpace(ivr.compile(menu), {}, 12 * 60)
    seen = {("chain#0890", None, ())}
    todo = list(seen)
    while todo:
        for t in space.out(todo.pop()):
            if t.state not in seen:
                seen.add(t.state)
                todo.append(t.state)
    assert max(len(s[2]) for s in seen) == 0  # a count is dropped as the call moves on
    assert len(seen) < 4 * 42
    best = ivr.routes(menu, by="time")[0]
    assert best.seconds == 40 * 6


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hotline=hotlines(claims=False))
def test_the_graphs_edge_seconds_are_the_kernels_steps(hotline) -> None:
    """The compiled graph's ``seconds`` are what a step takes when nothing is typed ahead."""
    g = ivr.compile(hotline)
    key_time = {m.id: m.key_time for m in hotline.menus}
    for u, _v, d in g.edges(data=True):
        node, kt = g.nodes[u].get("node"), key_time[g.nodes[u]["menu"]]
        kind = d["kind"]
        if kind in ("option", "invalid"):
            intent = d["key"] if kind == "option" else "no such key"
            assert d["seconds"] == step(node, key_time=kt, intent=intent).seconds
        elif kind in ("timeout", "next", "transfer"):
            assert d["seconds"] == step(node, key_time=kt, intent=SILENCE).seconds
        else:
            assert d["seconds"] == 0

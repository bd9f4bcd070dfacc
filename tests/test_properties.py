"""Properties over random valid menus (Hypothesis strategies of ``ivr.testing``)."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import ivr
from ivr.graph.build import entry_key, node_key
from ivr.io.yaml.writer import dump, dump_file, to_data
from ivr.model.types import OUTCOMES, Claim, Hotline, Menu, Source, parse_hhmm
from ivr.sim.run import simulate
from ivr.testing.strategies import callers, hotlines, hours, key_sequences, menus, walks

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def few(n: int) -> settings:
    return settings(FAST, max_examples=n)


def write_hotline(hotline: Hotline, folder: str) -> None:
    for m in hotline.menus:
        dump_file(m, os.path.join(folder, Path(m.file).name))


@st.composite
def calls(draw: st.DrawFn, hotline_strategy: st.SearchStrategy[Hotline] | None = None) -> dict:
    """Arguments of one ``simulate`` call on a random hotline: dial, keys, caller, hour, limit."""
    hotline = draw(hotline_strategy or hotlines())
    menu, entry = draw(st.sampled_from(hotline.entries()))
    keys = draw(st.one_of(key_sequences(), walks(hotline, entry=entry.dial)))
    return {
        "hotline": hotline,
        "dial": draw(st.sampled_from([entry.dial, entry.id])),
        "keys": keys,
        "caller": draw(callers(hotline)),
        "at": draw(hours()),
        "limit": draw(st.sampled_from([3600.0, 3600.0, 600.0, 45.0])),
    }


def run(args: dict, **extra: object) -> ivr.Call:
    return simulate(
        args["hotline"], args["dial"], args["keys"], args["caller"], args["at"],
        limit=args["limit"], **extra,
    )  # fmt: skip


# -- dump ---------------------------------------------------------------------------------


@few(100)
@given(menus())
def test_a_dumped_menu_loads_back_equal(menu):
    text = dump(menu)
    assert text.startswith("# yaml-language-server: $schema=")
    assert ivr.load_menu_text(text, menu.file) == menu
    json.dumps(to_data(menu))  # plain data


@few(50)
@given(hotlines())
def test_a_dumped_hotline_loads_back_equal(hotline):
    with tempfile.TemporaryDirectory() as folder:
        write_hotline(hotline, folder)
        assert sorted(os.listdir(folder)) == sorted(Path(m.file).name for m in hotline.menus)
        loaded = ivr.load(folder)
    by_id = {m.id: m for m in loaded.menus}
    for original in hotline.menus:
        back = by_id[original.id]
        assert back.file.endswith(os.sep + original.file)
        assert back == dataclasses.replace(original, file=back.file)


@few(30)
@given(menus(max_nodes=5))
def test_dump_file_replaces_a_file_atomically(menu):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, menu.file)
        Path(path).write_text("old", encoding="utf-8")
        dump_file(menu, path)
        assert os.listdir(folder) == [menu.file]  # no temporary file left behind
        assert Path(path).read_text(encoding="utf-8") == dump(menu)


# -- the simulator --------------------------------------------------------------------------


@FAST
@given(calls())
def test_the_simulator_always_ends_in_an_outcome(args):
    call = run(args)
    assert call.outcome in OUTCOMES
    assert math.isfinite(call.seconds) and call.seconds >= 0
    assert (call.node is None) == (call.outcome == "not-served")
    if call.outcome in ("agent", "callback", "hangup"):
        node = args["hotline"].menu(call.menu).node(call.node)
        assert node.type == call.outcome
    json.dumps(call.as_json())
    assert call.transcript()


@few(60)
@given(calls())
def test_until_input_stops_at_a_menu_or_ends_like_a_full_call(args):
    call = run(args, until_input=True)
    assert call.outcome in (*OUTCOMES, "waiting")
    if call.outcome == "waiting":
        assert args["hotline"].menu(call.menu).node(call.node).type == "menu"
    else:
        full = run(args)
        assert (call.outcome, call.node, call.seconds) == (full.outcome, full.node, full.seconds)


@FAST
@given(calls())
def test_the_clock_never_goes_backwards(args):
    call = run(args)
    times = [e.t for e in call.events]
    assert times == sorted(times)
    assert all(call.seconds >= t for t in times)
    assert times[0] == 0.0


@FAST
@given(calls())
def test_pressed_keys_are_the_callers_keys_at_strictly_increasing_times(args):
    call = run(args)
    times = [t for _, t in call.pressed]
    assert all(a < b for a, b in zip(times, times[1:], strict=False))
    typed = [k for k in args["keys"] if k != "_"]
    assert [k for k, _ in call.pressed] == typed[: len(call.pressed)]


def _with_say_everywhere(hotline: Hotline) -> Hotline:
    """Every menu node says something: each visit starts with a 'play' event (same timing)."""
    return Hotline(
        tuple(
            dataclasses.replace(
                m,
                nodes=tuple(
                    dataclasses.replace(n, say=n.say or "…") if n.type == "menu" else n
                    for n in m.nodes
                ),
            )
            for m in hotline.menus
        ),
        hotline.path,
    )


@FAST
@given(calls())
def test_without_barge_in_no_key_is_pressed_before_the_menus_prompt_ends(args):
    hotline = _with_say_everywhere(args["hotline"])
    call = run({**args, "hotline": hotline})
    menu = next(m for m in hotline.menus if call.entry in m.entries)
    arrived: dict[str, float] = {}
    for e in call.events:
        if e.kind == "transfer":
            menu = hotline.menu(menu.node(e.node).to.file)
        if e.node not in menu.node_map():
            continue
        node = menu.node(e.node)
        if node.type != "menu":
            continue
        if e.kind == "play":
            arrived[node.id] = e.t
        elif e.kind == "press" and not node.barge_in:
            prompt_end = arrived[node.id] + node.duration
            # the clock sums durations in another order than this line: allow float rounding
            assert e.t >= prompt_end + menu.key_time - 1e-9, call.transcript()


# -- the graph ------------------------------------------------------------------------------


def _ways_out(node: ivr.Node) -> Counter:
    return Counter(
        {
            "option": len(node.options),
            "next": node.next is not None,
            "timeout": node.timeout is not None,
            "invalid": node.invalid is not None,
            "retry": node.retries is not None,
            "branch": len(node.cases) + (node.otherwise is not None),
            "transfer": node.to is not None,
        }
    )


@FAST
@given(hotlines())
def test_the_graph_has_one_edge_per_way_out(hotline):
    g = ivr.compile(hotline)
    total = 0
    for m in hotline.menus:
        for e in m.entries:
            assert [d["kind"] for _, _, d in g.out_edges(entry_key(m.id, e.id), data=True)] == [
                "entry"
            ]
            total += 1
        for n in m.nodes:
            got = Counter(d["kind"] for _, _, d in g.out_edges(node_key(m.id, n.id), data=True))
            want = +_ways_out(n)  # drop zero counts
            assert got == want, n
            total += sum(want.values())
    assert g.number_of_edges() == total
    assert g.number_of_nodes() == sum(len(m.nodes) + len(m.entries) for m in hotline.menus)


# -- check ----------------------------------------------------------------------------------


def where_keys_lead(menu: Menu, dial: str, keys, caller: dict, at: str) -> tuple | None:
    """Where a caller pressing ``keys`` ends, by the rules of docs/semantics.md alone (no
    simulator, no kernel): ``("ends", outcome, node)``; ``("no option",)`` when a key is pressed
    at a menu that has no option for it; None when the keys do not decide it (a branch that
    goes nowhere, a menu that waits forever, a loop, a call that may pass the time limit)."""
    who = {name: values[0] for name, values in menu.caller} | dict(caller)
    minute = parse_hhmm(at)
    entry = next(e for e in menu.entries if dial in (e.dial, e.id))
    if not entry.when.holds(who, minute):
        return ("ends", "not-served", None)
    nodes = {n.id: n for n in menu.nodes}
    pending, typed_ahead, current = list(keys), None, entry.start
    failures: dict[str, int] = {}
    at_most = 0.0  # seconds, more than the call takes (barge-in only cuts)
    for _ in range(10 * len(nodes) + 10 * len(keys)):
        node = nodes[current]
        at_most += node.duration + menu.key_time
        if at_most >= 3000:
            return None
        if node.type in ("agent", "callback", "hangup"):
            return ("ends", node.type, node.id)
        if node.type == "branch":
            current = next((c.to for c in node.cases if c.when.holds(who, minute)), node.otherwise)
            if current is None:
                return None
        elif node.type == "prompt":  # barge-in: the next key cuts it and is typed ahead
            if node.barge_in and typed_ahead is None and pending and pending[0] not in "_.":
                typed_ahead = pending.pop(0)
            current = node.next
        elif typed_ahead is None and pending and pending[0] == ".":  # heard out: same menu
            pending.pop(0)
        elif typed_ahead is not None or (pending and pending[0] != "_"):  # a key
            key = typed_ahead if typed_ahead is not None else pending.pop(0)
            typed_ahead = None
            current = node.option(key)
            if current is None:
                return ("no option",)
            failures.pop(node.id, None)
        elif node.timeout is None:  # silence at a menu that waits forever
            return None
        else:  # silence (a _, or no keys left): a failure; the retries.max-th goes to `then`
            if pending:
                pending.pop(0)
            at_most += node.timeout.after
            failures[node.id] = failures.get(node.id, 0) + 1
            current = node.timeout.to
            if node.retries is not None and failures[node.id] >= node.retries.max:
                current, failures[node.id] = node.retries.then, 0
    return None


@few(60)
@given(st.data())
def test_a_claim_holds_exactly_when_it_expects_where_its_keys_lead(data):
    menu: Menu = data.draw(menus(max_nodes=8, claims=False))
    claims, holds = [], []
    for _ in range(data.draw(st.integers(1, 4))):
        entry = data.draw(st.sampled_from(menu.entries))
        keys = data.draw(st.one_of(walks(menu, entry=entry.dial), key_sequences(6)))
        caller = data.draw(callers(menu))
        at = data.draw(hours())
        led = where_keys_lead(menu, entry.dial, keys, caller, at)
        if led is None:
            continue
        if led[0] == "no option":  # broken whatever it expects
            expect, node, ok = data.draw(st.sampled_from(OUTCOMES)), None, False
        else:
            outcome, node = led[1], led[2] if data.draw(st.booleans()) else None
            ok = data.draw(st.integers(0, 3)) > 0
            expect = outcome if ok else data.draw(st.sampled_from(OUTCOMES).filter(
                lambda o, outcome=outcome: o != outcome))  # fmt: skip
        claims.append(Claim(dial=entry.dial, keys=tuple(keys), caller=tuple(caller.items()),
                            at=at, expect=expect, node=node, source=("A",)))  # fmt: skip
        holds.append(ok)
    assume(claims)
    event(f"{sum(holds)} of {len(holds)} claims hold")
    sources = tuple(s for s in menu.sources if s.id != "A") + (Source("A", title="walked"),)
    menu = dataclasses.replace(menu, sources=sources, documented=tuple(claims))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, menu.file)
        dump_file(menu, path)
        report = ivr.check(path)
    assert not report.errors, report.errors
    assert [r.ok for r in report.results] == holds, [r.describe() for r in report.results]

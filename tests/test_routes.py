"""Worked examples of ``ivr.routes``, its instructions and ``ivr route``.

Every number below is the simulator's virtual clock (key_time 1 s unless a menu says otherwise).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import DEMO
from conftest import run_main as run_cli

import ivr
from ivr.routing.instructions import dial_string, dial_string_w, format_route, route_json, tel_uri

ROOT = Path(__file__).resolve().parent.parent

MTS = {"network": "mts"}


def menu(text: str, name: str = "m.yaml") -> ivr.Menu:
    return ivr.load_menu_text(text, name)


def best(m, by: str = "keys", **kw) -> ivr.Route:
    found = ivr.routes(m, by=by, **kw)
    assert found, "a route was expected"
    return found[0]


def replays(route: ivr.Route) -> None:
    call = ivr.simulate(route.hotline, route.entry.dial, route.keys, route.caller, route.at)
    assert (call.outcome, call.node, call.seconds) == (route.outcome, route.node, route.seconds)


# --- what a route is -----------------------------------------------------------------------


def test_staying_silent_is_a_route_when_a_timeout_leads_to_a_human() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Balance 1", duration: 6, options: {"1": bal},
         timeout: {after: 5, to: human}}
  bal: {type: prompt, say: "Balance is", duration: 3, next: main}
  human: {type: agent, say: "operator"}
""")
    r = best(m)
    assert (r.keys, r.key_count, r.outcome, r.node, r.seconds) == ((), 0, "agent", "human", 11.0)
    assert r.presses == ()
    assert "Stay silent; after 5 s of silence the menu moves on by itself." in r.steps
    assert dial_string(r) == "0890"
    assert route_json(r)["keys"] == ""
    replays(r)


def test_a_press_on_a_menu_without_barge_in_waits_for_the_prompt_and_says_so() -> None:
    text = """\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator 0", duration: 8, barge_in: %s, options: {"0": human}}
  human: {type: agent}
"""
    off = best(menu(text % "false"))
    assert off.presses == (("0", 9.0),)
    assert "Wait for the menu to finish (“Operator 0”), then press 0." in off.steps
    assert dial_string(off) == "0890,,,,0"
    on = best(menu(text % "true"))
    assert on.presses == (("0", 1.0),)
    assert "When the menu starts (“Operator 0”), press 0 — no need to wait." in on.steps


def test_a_key_typed_during_a_prompt_rides_through_a_prompt_without_barge_in() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: news}]
nodes:
  news: {type: prompt, say: "News of the day", duration: 10, next: notice}
  notice: {type: prompt, say: "Calls are recorded", duration: 5, barge_in: false, next: main}
  main: {type: menu, say: "Operator 0", duration: 6, barge_in: false, options: {"0": human}}
  human: {type: agent}
""")
    r = best(m)
    assert r.keys == ("0",)
    assert r.presses == (("0", 1.0),)
    assert r.seconds == 6.0  # 1 s to press during the news, the notice heard out, main takes 0
    assert (
        "As soon as the recording starts (“News of the day”), press 0 — no need to wait." in r.steps
    )
    replays(r)


def test_failures_count_across_nodes_until_the_retry_gives_up() -> None:
    # silence goes through a 'sorry' prompt back to main; the second failure puts you through
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main:
    type: menu
    say: "Balance 1"
    duration: 4
    options: {"1": bal}
    timeout: {after: 3, to: sorry}
    invalid: sorry
    retries: {max: 2, then: human}
  sorry: {type: prompt, say: "Sorry, I did not get that", duration: 2, barge_in: false, next: main}
  bal: {type: prompt, say: "Balance is", duration: 3, next: main}
  human: {type: agent, say: "operator"}
""")
    by_keys = best(m, "keys")
    assert (by_keys.keys, by_keys.seconds) == ((), 16.0)  # 4 + 3, 2 (sorry), 4 + 3
    assert "gives up" in by_keys.steps[-2]
    by_time = best(m, "time")
    assert (by_time.keys, by_time.seconds) == (("#", "#"), 4.0)  # # at 1, sorry 2 s, # at 4
    replays(by_keys)
    replays(by_time)


def test_a_branch_by_hour_changes_the_route() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: hours}]
nodes:
  hours:
    type: branch
    cases: [{when: {hour: "09:00-18:00"}, to: day}]
    else: night
  day: {type: menu, say: "Operator 1", duration: 4, options: {"1": human}}
  night: {type: prompt, say: "Night line", duration: 3, barge_in: false, next: human}
  human: {type: agent}
""")
    assert best(m, at="10:00").keys == ("1",)
    night = best(m, at="20:00")
    assert (night.keys, night.seconds) == ((), 3.0)


def test_with_wait_counts_the_queue() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "General 1, priority 2", duration: 8, barge_in: false,
         options: {"1": general, "2": slow}}
  slow: {type: prompt, say: "Priority line", duration: 10, barge_in: false, next: priority}
  general: {type: agent, wait: {mean: 1200}}
  priority: {type: agent, wait: {mean: 60}}
""")
    assert best(m, "time").node == "general"
    waited = best(m, "time", with_wait=True)
    assert (waited.node, waited.seconds, waited.wait) == ("priority", 19.0, 60.0)
    assert best(m, "time", with_wait=True, at="12:00").total == 79.0


def test_the_cheapest_route_is_free_and_the_pareto_set_keeps_both() -> None:
    m = menu("""\
ivr: 1
entries:
  - {dial: "+7 495 766-01-66", start: human, cost: {per_minute: 15, currency: RUB}}
  - {dial: "0890", start: main}
nodes:
  main: {type: menu, say: "Operator 2 0", duration: 4, options: {"2": sub}}
  sub: {type: menu, say: "Operator 0", duration: 4, options: {"0": human}}
  human: {type: agent}
""")
    assert best(m, "keys").entry.dial == "+7 495 766-01-66"
    cheap = best(m, "cost")
    assert (cheap.entry.dial, cheap.keys, cheap.cost.free) == ("0890", ("2", "0"), True)
    pareto = ivr.routes(m, by="pareto")
    assert {(r.entry.dial, r.keys_text) for r in pareto} == {
        ("+7 495 766-01-66", ""),
        ("0890", "2 0"),
    }
    paid = next(r for r in pareto if not r.cost.free)
    assert paid.cost_total == 15.0
    assert route_json(paid)["cost"] == {
        "free": False,
        "per_minute": 15.0,
        "currency": "RUB",
        "note": "",
        "words": "15 RUB/min",
    }


def test_a_key_that_only_cuts_a_recording_short_is_worth_it_by_time_not_by_keys() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator 0", duration: 3, options: {"0": hold}}
  hold: {type: prompt, say: "Calls are recorded", duration: 10, next: human}
  human: {type: agent}
""")
    assert best(m, "keys").keys == ("0",)
    fast = best(m, "time")
    assert (fast.keys, fast.seconds) == (("0", "#"), 2.0)
    assert any("to cut it short" in s for s in fast.steps)
    replays(fast)


def test_k_alternatives_are_distinct_ordered_and_start_with_the_best() -> None:
    m = menu(DEMO)
    for by in ("keys", "time", "cost"):
        found = ivr.routes(m, MTS, by=by, k=3)
        assert len(found) == 3
        assert len({r.keys for r in found}) == 3
        assert [r.objective(by) for r in found] == sorted(r.objective(by) for r in found)
        assert found[0].keys == best(m, by, caller=MTS).keys
        for r in found:
            replays(r)
    # evidence first: waiting out a timeout (sourced) ranks above an invalid key (inferred)
    assert [r.keys_text for r in ivr.routes(m, MTS, by="time", k=3)] == ["2 0", "_ 2 0", "_ _ 2 0"]
    fastest_inferred = [r.keys_text for r in ivr.routes(m, MTS, by="time", k=5)][3:]
    assert fastest_inferred == ["# 2 0", "1 2 0"]


def test_ties_break_on_the_keys_in_key_order() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Sales 3, support 2, billing 1", duration: 6,
         options: {"3": a, "2": b, "1": c}}
  a: {type: agent}
  b: {type: agent}
  c: {type: agent}
""")
    for by in ("keys", "time", "cost"):
        assert best(m, by).keys == ("1",)
    assert [r.keys for r in ivr.routes(m, by="time", k=3)] == [("1",), ("2",), ("3",)]


def test_the_route_is_the_same_under_any_hash_seed(demo_file: Path) -> None:
    outputs = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "ivr", "route", str(demo_file), "--caller", "network=mts",
               "--by", "time", "-k", "3", "--json"]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_route_edges_are_edges_of_the_compiled_graph() -> None:
    m = menu(DEMO)
    g = ivr.compile(m)
    r = best(m, "time", caller=MTS, graph=g)
    assert r.edges
    for u, v, k in r.edges:
        assert g.has_edge(u, v, k)
    assert [g.edges[e]["kind"] for e in r.edges] == ["entry", "next", "option", "option"]


def test_no_route_for_a_caller_no_entry_serves() -> None:
    assert ivr.routes(menu(DEMO), {"network": "other"}) == []
    assert ivr.routes(menu(DEMO), {"network": "other"}, by="pareto") == []


# --- for people and phones --------------------------------------------------------------------


def test_dial_string_pauses_come_from_the_prompt_timings() -> None:
    m = menu("""\
ivr: 1
entries: [{dial: "8 800 250 08 90", start: welcome}]
nodes:
  welcome: {type: prompt, say: "Welcome", duration: 8, barge_in: false, next: main}
  main: {type: menu, say: "Operator 1", duration: 6, options: {"1": sub}}
  sub: {type: menu, say: "Specialist 0", duration: 5, barge_in: false, options: {"0": human}}
  human: {type: agent}
""")
    r = best(m)
    assert r.presses == (("1", 9.0), ("0", 15.0))
    # 8 s before the first key (4 pauses), 5 s between the keys (3 pauses, rounded up)
    assert dial_string(r) == "+78002500890,,,,1,,,0"
    assert dial_string_w(r) == "+78002500890WWWWWWWW1WWWWW0"
    assert "Dial string: +78002500890,,,,1,,,0" in format_route(r)


def test_a_late_key_does_not_make_the_next_one_early() -> None:
    # the first key waits for a pause anyway (1 s late); the next gap is measured from it
    m = menu("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Services 2", duration: 6, options: {"2": services}}
  services: {type: menu, say: "Operator 0", duration: 5, barge_in: false, options: {"0": human}}
  human: {type: agent}
""")
    r = best(m)
    assert r.presses == (("2", 1.0), ("0", 7.0))
    assert dial_string(r) == "0890,2,,,0"  # 0 goes 6 s after 2, after the 5-second prompt


def test_dial_string_counts_each_key_at_the_key_time_of_its_own_file(tmp_path: Path) -> None:
    # the second file's keys take 3 s each: a key pressed there is sent 3 s before it counts;
    # its number serves only internal calls, so a caller from outside comes through the first
    (tmp_path / "a.yaml").write_text("""\
ivr: 1
key_time: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Other line 1", duration: 4, options: {"1": go}}
  go: {type: transfer, duration: 2, to: {file: b.yaml, entry: "0891"}}
""")
    (tmp_path / "b.yaml").write_text("""\
ivr: 1
key_time: 3
caller: {line: [outside, inside]}
entries: [{dial: "0891", start: sub, when: {line: inside}}]
nodes:
  sub: {type: menu, say: "Operator 0", duration: 5, barge_in: false, options: {"0": human}}
  human: {type: agent}
""")
    r = best(ivr.load(tmp_path))
    # 1 pressed at 0-1 s; transfer 1-3 s; the 5 s prompt ends at 8 s; 0 pressed 8-11 s
    assert r.presses == (("1", 1.0), ("0", 11.0))
    # 0 is sent 7 s after 1 (8 s - 1 s): 4 pauses of 2 s; with the first file's 1 s key time it
    # would be sent after 9 s (5 pauses), 2 s after the prompt ended
    assert dial_string(r) == "0890,1,,,,0"
    assert dial_string_w(r) == "0890W1WWWWWWW0"


def test_numbers_in_every_form_and_the_tel_uri() -> None:
    m = menu("""\
ivr: 1
entries:
  - {dial: "+7 495 766-01-66", start: human}
  - {dial: "0890", start: human}
nodes:
  human: {type: agent}
""")
    long, short = ivr.routes(m, by="keys", k=2)
    assert tel_uri(long) == "tel:+7-495-766-01-66"
    entry = route_json(long)["entry"]
    assert (entry["dial"], entry["e164"], entry["national"], entry["international"]) == (
        "+7 495 766-01-66", "+74957660166", "8 (495) 766-01-66", "+7 495 766-01-66")  # fmt: skip
    assert tel_uri(short) == "tel:0890;phone-context=+7"
    assert route_json(short)["entry"]["e164"] == "0890"
    # the national form names the country it is dialled within, from the number itself
    assert "tel:+7-495-766-01-66   within RU: 8 (495) 766-01-66" in format_route(long)
    assert "within" not in format_route(short)  # a short number has one form


def test_sources_and_disputes_ride_along() -> None:
    r = best(menu(DEMO), "time", caller=MTS)
    assert r.keys == ("2", "0")
    assert {(s.id, s.via) for s in r.sources} == {("A", "claim"), ("A", "entry")}
    assert not r.disputed


# --- the command line -------------------------------------------------------------------------


def test_json_has_the_documented_shape(demo_file: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "route", str(demo_file), "--caller", "network=mts", "--by",
                           "time", "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"version", "routes", "unreached"}
    assert data["version"] == 1 and data["unreached"] == []
    (route,) = data["routes"]
    required = {"caller", "file", "entry", "keys", "presses", "dial_string", "tel", "seconds",
                "cost", "outcome", "node", "steps", "sources"}  # fmt: skip
    assert required <= set(route)
    assert route["caller"] == {"network": "mts"}
    assert route["file"] == str(demo_file)
    assert {"dial", "e164", "national", "international"} <= set(route["entry"])
    assert route["entry"]["dial"] == "0890"
    assert route["keys"] == "2 0"
    assert route["presses"] == [{"key": "2", "at": 1.0}, {"key": "0", "at": 7.0}]
    assert route["dial_string"] == "0890,2,,,0"
    assert route["tel"] == "tel:0890;phone-context=+7"
    assert route["seconds"] == 7.0
    assert set(route["cost"]) == {"free", "per_minute", "currency", "note", "words"}
    assert route["cost"]["free"] is True
    assert (route["outcome"], route["node"]) == ("agent", "human")
    assert route["steps"] and all(isinstance(s, str) for s in route["steps"])
    assert route["sources"] and {s["id"] for s in route["sources"]} == {"A"}


def test_json_of_a_zero_key_route_has_empty_keys(tmp_path: Path, capsys) -> None:
    path = tmp_path / "silent.yaml"
    path.write_text("""\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Balance 1", duration: 6, options: {"1": human},
         timeout: {after: 5, to: human}}
  human: {type: agent}
""")
    code, out, _ = run_cli(capsys, "route", str(path), "--caller", "", "--by", "keys", "--json")
    assert code == 0
    (route,) = json.loads(out)["routes"]
    assert (route["keys"], route["presses"], route["seconds"]) == ("", [], 11.0)


def test_table_without_caller_says_which_contexts_no_entry_serves(demo_file: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "route", str(demo_file))
    assert code == 1  # a caller without a route is a finding
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["network", "dial", "keys"]
    mts = next(line for line in lines if line.startswith("mts "))
    assert "0890" in mts and "agent" in mts
    other = next(line for line in lines if line.startswith("other "))
    assert other.rstrip().endswith("no entry serves this caller")


def test_table_tells_a_served_caller_with_no_way_to_a_human(tmp_path: Path, capsys) -> None:
    path = tmp_path / "closed.yaml"
    path.write_text("""\
ivr: 1
caller: {network: [mts, other]}
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: branch, cases: [{when: {network: mts}, to: human}], else: bye}
  human: {type: agent}
  bye: {type: hangup}
""")
    code, out, _ = run_cli(capsys, "route", str(path))
    assert code == 1  # a caller without a route is a finding
    other = next(line for line in out.splitlines() if line.startswith("other "))
    assert other.rstrip().endswith("no route reaches a human at 12:00")


def test_pareto_and_k_on_the_command_line(demo_file: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "route", str(demo_file), "--caller", "network=mts", "--by",
                           "pareto", "--json")  # fmt: skip
    assert code == 0
    assert [r["keys"] for r in json.loads(out)["routes"]] == ["2 0", "2"]
    code, out, _ = run_cli(capsys, "route", str(demo_file), "--caller", "network=mts", "-k", "2")
    assert code == 0
    assert out.startswith("Route 1 of 2\n") and "Route 2 of 2" in out


def test_bad_by_exits_2_with_a_suggestion(demo_file: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "route", str(demo_file), "--by", "tme")
    assert code == 2
    assert out == ""
    assert "did you mean 'time'?" in err
    code, _, err = run_cli(
        capsys, "route", str(demo_file), "--caller", "network=mts", "--by", "kyes"
    )
    assert code == 2 and "did you mean 'keys'?" in err


def test_bad_caller_exits_2_with_a_suggestion(demo_file: Path, capsys) -> None:
    code, _, err = run_cli(capsys, "route", str(demo_file), "--caller", "network=mst")
    assert code == 2
    assert "'mst' is not a value of caller attribute 'network'" in err
    assert "did you mean 'mts'?" in err
    code, _, err = run_cli(capsys, "route", str(demo_file), "--caller", "netwrk=mts")
    assert code == 2 and "did you mean 'network'?" in err
    code, _, err = run_cli(capsys, "route", str(demo_file), "--caller", "network")
    assert code == 2 and "name=value" in err


def test_other_bad_input_exits_2(demo_file: Path, capsys) -> None:
    assert run_cli(capsys, "route", str(demo_file), "--at", "25:00")[0] == 2
    assert run_cli(capsys, "route", str(demo_file), "--caller", "network=mts", "-k", "0")[0] == 2


def test_a_caller_no_entry_serves_exits_1(demo_file: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "route", str(demo_file), "--caller", "network=other")
    assert code == 1
    assert "no route to a human" in out


def test_a_key_typed_before_a_transfer_is_lost_so_the_route_waits_or_presses_twice(
    tmp_path: Path,
) -> None:
    # a caller with a key to press presses it during a barge-in prompt; the transfer drops it
    (tmp_path / "a.yaml").write_text("""\
ivr: 1
id: a
entries: [{dial: "0890", start: hello}]
nodes:
  hello: {type: prompt, say: "Hello", duration: 5, next: over}
  over: {type: transfer, to: {file: b.yaml, entry: inner}}
""")
    (tmp_path / "b.yaml").write_text("""\
ivr: 1
id: b
entries: [{id: inner, dial: "0891", start: menu}]
nodes:
  menu: {type: menu, say: "Operator 1", duration: 4, barge_in: false, options: {"1": human},
         timeout: {after: 3, to: menu}}
  human: {type: agent}
""")
    hotline = ivr.load(tmp_path)  # 0891 dials b directly; the routes below dial 0890
    one = ivr.simulate(hotline, "0890", "1")
    assert one.outcome == "stuck"  # 1 typed during Hello, dropped by the transfer
    fewest = next(r for r in ivr.routes(hotline, by="keys", k=3) if r.entry.dial == "0890")
    assert (fewest.keys, fewest.seconds) == (("_", "1"), 17.0)  # Hello 5, menu 4 + 3, 4 + 1
    assert "Let the recording play to the end (“Hello”): press nothing yet." in fewest.steps
    fastest = next(r for r in ivr.routes(hotline, by="time", k=3) if r.entry.dial == "0890")
    assert (fastest.keys, fastest.seconds) == (("#", "1"), 6.0)  # # cuts Hello, then 4 + 1
    replays(fewest)
    replays(fastest)

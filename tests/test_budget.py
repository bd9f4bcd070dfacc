"""Search budgets (issue 15, item 3): searches that would run for minutes stop with words.

Each case answered after a minute or more, or past a gigabyte, before the budgets: now each
answers in well under a second, or stops where its budget says, with a located finding
(``file:line:col: the route search stopped after ... -- raise with --max-states``), exit 1,
and what it had found.
"""

from __future__ import annotations

import resource
import time

import pytest
from conftest import run_main, write_menu

import ivr
from ivr.routing.budget import MAX_SECONDS, Budget, OutOfBudget, limits
from ivr.routing.search import best_routes

# three menus that pass the call round by silence and count every failure up to 100: the
# search's states are every combination of three counts (a million, within the call limit)
RETRIES = """\
ivr: 1
id: retries
entries: [{dial: "0890", start: a}]
nodes:
  a: {type: menu, say: "A", duration: 1, options: {"1": b, "2": c}, invalid: b,
      timeout: {after: 1, to: b}, retries: {max: 100, then: c}}
  b: {type: menu, say: "B", duration: 1, options: {"1": a, "2": c}, invalid: c,
      timeout: {after: 1, to: c}, retries: {max: 100, then: a}}
  c: {type: menu, say: "C", duration: 1, options: {"1": a, "2": b}, invalid: a,
      timeout: {after: 1, to: a}, retries: {max: 100, then: b}}
"""
NO_HUMAN = RETRIES + "  human: {type: agent}\n"  # an agent no way leads to
HUMAN_LAST = RETRIES.replace("then: b}", "then: human}") + "  human: {type: agent}\n"

# 8 caller attributes of 6 values: 1,679,616 caller contexts
MANY = (
    "ivr: 1\nid: many\ncaller:\n"
    + "".join(f"  {a}: [{', '.join(f'{a}{i}' for i in range(6))}]\n" for a in "abcdefgh")
    + """entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator 0", duration: 4, options: {"0": human}}
  human: {type: agent}
"""
)


# not a speed figure (those are in benchmarks/): how long "at once" may take on a busy CI
# machine before it counts as a hang; the bound is 10 s on an idle one
BOUND = 10.0


def _cli(capsys, *argv: str) -> tuple[int, str, float]:
    t0 = time.monotonic()
    code, out, _ = run_main(capsys, *argv)
    return code, out, time.monotonic() - t0


def test_no_reachable_human_is_no_route_at_once(tmp_path, capsys) -> None:
    path = write_menu(tmp_path, NO_HUMAN)
    t0 = time.monotonic()
    assert ivr.routes(ivr.load(path), by="time") == []
    assert time.monotonic() - t0 < BOUND
    code, out, took = _cli(capsys, "route", str(path), "--caller", "", "--by", "keys")
    assert code == 1 and "no route to a human" in out and took < BOUND


def test_a_search_out_of_states_says_where_and_how_to_raise_it(tmp_path, capsys) -> None:
    path = write_menu(tmp_path, HUMAN_LAST)
    with pytest.raises(OutOfBudget) as stop:
        ivr.routes(ivr.load(path), by="time", budget=Budget(max_states=200))
    finding = stop.value.diagnostic()
    assert finding.rule == "budget-states" and finding.loc.file == str(path)
    assert finding.loc.line == 3  # the entry the search starts from
    assert stop.value.found == []
    code, out, took = _cli(capsys, "route", str(path), "--caller", "", "--max-states", "200")
    assert code == 1 and took < BOUND
    assert f"{path}:3:" in out and "stopped after 201 states" in out
    assert "raise with --max-states" in out


def test_a_search_out_of_time_stops(tmp_path) -> None:
    hotline = ivr.load(write_menu(tmp_path, HUMAN_LAST))
    with pytest.raises(OutOfBudget) as stop:
        ivr.routes(hotline, by="time", budget=Budget(max_seconds=0.0))
    assert stop.value.kind == "seconds" and "--max-seconds" in str(stop.value)


def test_the_commands_are_bounded_in_time_and_the_library_by_states(
    tmp_path, capsys, monkeypatch
) -> None:
    assert MAX_SECONDS < 10 and Budget().max_seconds is None and Budget().max_states
    # a command's searches get the clock limit without being asked: with no state limit the
    # search still stops, with the seconds finding (the default shortened for the test)
    monkeypatch.setattr("ivr.routing.budget.MAX_SECONDS", 0.0)
    path = write_menu(tmp_path, HUMAN_LAST)
    code, out, took = _cli(capsys, "route", str(path), "--caller", "", "--by", "time",
                           "--max-states", "10000000")  # fmt: skip
    assert code == 1 and "raise with --max-seconds" in out and took < BOUND


def test_a_second_of_budget_answers_the_retries_menu_within_seconds(tmp_path) -> None:
    hotline = ivr.load(write_menu(tmp_path, HUMAN_LAST))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.monotonic()
    try:
        found = ivr.routes(hotline, by="time", budget=Budget(max_seconds=1.0))
    except OutOfBudget as stop:  # the search keeps what it found
        found = stop.found
    assert time.monotonic() - t0 < BOUND
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) < 2 << 20  # KB: 2 GB
    for route in found:  # whatever it found replays to the human
        assert ivr.simulate(hotline, "0890", route.keys).outcome == "agent"


def test_caller_contexts_are_bounded_and_the_rows_found_are_kept(tmp_path, capsys) -> None:
    path = write_menu(tmp_path, MANY)
    hotline = ivr.load(path)
    with pytest.raises(OutOfBudget) as stop:
        best_routes(hotline, budget=Budget(max_contexts=5))
    assert stop.value.kind == "contexts" and len(stop.value.found) == 5
    assert all(route is not None for _who, route in stop.value.found)
    assert "5 of 1,679,616 caller contexts" in str(stop.value)
    code, out, took = _cli(capsys, "route", str(path), "--max-contexts", "20")
    assert code == 1 and took < BOUND
    assert "raise with --max-contexts" in out and out.count("0890") >= 20  # the rows kept
    code, out, took = _cli(capsys, "lock", str(path), "--max-contexts", "20")
    assert "raise with --max-contexts" in out and took < BOUND
    assert not (tmp_path / "ivr.lock.json").exists()  # no lock of a part of the callers


def test_one_budget_covers_every_search_inside_limits(tmp_path) -> None:
    hotline = ivr.load(write_menu(tmp_path, HUMAN_LAST))
    with pytest.raises(OutOfBudget), limits(Budget(max_states=300)) as meter:
        for _ in range(100):
            ivr.routes(hotline, by="keys", k=1)
    assert meter.states > 300


def test_check_keeps_its_report_when_the_routes_lock_runs_out_of_budget(tmp_path, capsys) -> None:
    path = write_menu(tmp_path, MANY)
    (tmp_path / "menu.lock.json").write_text('{"version": 1, "routes": []}', encoding="utf-8")
    report = ivr.check(path)  # raised OutOfBudget, losing the rest of the report
    (finding,) = [f for f in report.findings if f.rule == "routes-lock"]
    assert finding.message.startswith("routes lock not compared: the table of routes stopped")
    assert report.exit_code == 1 and report.summary()["files"] == 1
    code, out, _ = _cli(capsys, "check", str(path), "--format", "json")
    assert code == 1 and '"routes-lock"' in out
    with pytest.raises(OutOfBudget):  # ivr.lock says so in its docstring: no partial lock
        ivr.lock(path, update=True)

"""``ivr when``: the time to a human hour by hour, the best hour and number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ivr
from ivr.cli.app import main
from ivr.routing.when import when

MTS = Path(__file__).resolve().parent.parent / "menus" / "mts"
TWO = """
ivr: 1
region: ""
entries:
  - {dial: "0890", start: human}
  - {dial: "0605", start: menu, load: 0.5}
nodes:
  menu: {type: menu, say: "Operator 0", duration: 4, options: {"0": human}}
  human:
    type: agent
    wait: {mean: 600, by_hour: [{hours: "09:00-18:00", mean: 1200}]}
"""


def test_each_hour_has_the_best_of_each_numbers_route() -> None:
    plan = when(ivr.load_menu_text(TWO))
    assert plan.numbers == ("0890", "0605")
    night, day = plan.hours[3], plan.hours[12]
    assert [(d, r.total) for d, r in night.by_number] == [("0890", 600.0), ("0605", 301.0)]
    assert (day.route.entry.dial, day.total, day.wait) == ("0605", 601.0, 600.0)
    assert plan.best is plan.hours[0] and plan.best.total == 301.0
    assert plan.advice() == "call 0605 between 00:00 and 09:00: about 5 min"
    assert plan.sparkline() == "▁" * 9 + "█" * 9 + "▁" * 6


def test_an_unknown_wait_is_no_total() -> None:
    plan = when(
        ivr.load_menu_text(
            TWO.replace(
                '    wait: {mean: 600, by_hour: [{hours: "09:00-18:00", mean: 1200}]}\n', ""
            )
        )
    )
    assert all(h.total is None and h.route is not None for h in plan.hours)
    assert plan.best is None and plan.as_json()["best"] is None
    assert plan.as_json()["hours"][0]["wait"] is None
    assert "not known" in plan.advice() or "no hour" in plan.advice()


def test_when_json_on_mts(capsys) -> None:
    assert main(["when", str(MTS), "--caller", "network=mts,location=home", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"version", "caller", "hours", "best"} and data["version"] == 1
    assert [h["at"] for h in data["hours"]] == [f"{h:02d}:00" for h in range(24)]
    assert all(set(h) == {"at", "dial", "keys", "seconds", "wait", "total"} for h in data["hours"])
    assert set(data["best"]) == {"at", "dial", "keys", "total"}
    # A B: 0605 is less loaded; B: waits are shorter at night
    assert data["best"]["dial"] == "0605" and data["best"]["at"] < "09:00"
    for h in data["hours"]:
        assert h["total"] == pytest.approx(h["seconds"] + h["wait"], abs=0.01)


def test_when_text_names_the_best_hour_and_number(capsys) -> None:
    assert main(["when", str(MTS), "--caller", "network=other,location=home"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[0] == "at" and len(out) == 1 + 24 + 2
    assert out[-1].startswith("call 8 800 250 08 90 ")


def test_when_chart_svg(tmp_path) -> None:
    pytest.importorskip("matplotlib")  # the optional extra ivr[chart]; the table needs none
    out = tmp_path / "when.svg"
    assert (
        main(["when", str(MTS), "--caller", "network=mts", "--format", "svg", "-o", str(out)]) == 0
    )
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_when_refuses_a_caller_that_cannot_exist(capsys) -> None:
    assert main(["when", str(MTS), "--caller", "network=landline,location=roaming"]) == 2
    assert "no such caller" in capsys.readouterr().err


def test_call_json_has_the_expected_wait_at_that_hour(capsys) -> None:
    args = ["call", str(MTS), "--dial", "0605", "--keys", "2 0", "--caller", "network=mts"]
    assert main([*args, "--json", "--at", "22:00"]) == 0
    # 15 min at 21:00-24:00, halved on 0605 (A B: less loaded)
    assert json.loads(capsys.readouterr().out)["wait"] == 450.0
    corporate = ["call", str(MTS), "--dial", "8 800 250 09 90", "--caller", "segment=corporate"]
    assert main([*corporate, "--keys", "", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["wait"] is None  # no text gives that queue's wait
    silent = ["call", str(MTS), "--dial", "0890", "--keys", "", "--json"]
    assert main(silent) == 0
    assert json.loads(capsys.readouterr().out)["wait"] is None  # a hangup: no queue


def _erlang_c_wait(calls: float, handle: float, agents: int) -> float:
    """Erlang C by Erlang B's recursion (not the log-sum of ivr.model.queueing)."""
    a = calls * handle / 3600
    b = 1.0
    for n in range(1, agents + 1):
        b = a * b / (n + a * b)
    c = agents * b / (agents - a * (1 - b))
    return c * handle / (agents - a)


def test_an_extra_agent_at_eleven_shortens_that_hour_only(capsys):
    from ivr.cli.app import main

    assert main(["when", "tests/fixtures/staffed", "--agents", "11:00=+1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["agents"] == ["11:00-12:00=+1"]
    after, before = doc["hours"], doc["before"]["hours"]
    # a Wednesday (the ordinary day) 11:00: 200 calls of 300 s, 18 agents, then 19
    assert before[11]["wait"] == pytest.approx(_erlang_c_wait(200, 300, 18), abs=1e-3)
    assert after[11]["wait"] == pytest.approx(_erlang_c_wait(200, 300, 19), abs=1e-3)
    assert [h["at"] for h, g in zip(after, before, strict=True) if h != g] == ["11:00"]
    assert main(["when", "tests/fixtures/staffed", "--agents", "11:00=+1"]) == 0
    out = capsys.readouterr().out
    assert "11:00" in out and "before:" in out and "after:" in out


def test_agents_needs_a_staffed_queue_and_a_whole_hour(capsys):
    from ivr.cli.app import main

    assert main(["when", "menus/mts", "--caller", "network=mts", "--agents", "11:00=+1"]) == 2
    assert "no queue of this hotline gives its staffing" in capsys.readouterr().err
    assert main(["when", "tests/fixtures/staffed", "--agents", "11:30=+1"]) == 2
    assert "whole hours" in capsys.readouterr().err


def test_weekend_staffing_follows_the_weekday_of_at():
    import ivr

    h = ivr.load("tests/fixtures/staffed")
    weekday = ivr.simulate(h, "+1 415 555 0100", "0", at="Wed 10:00")
    saturday = ivr.simulate(h, "+1 415 555 0100", "0", at="Sat 10:00")
    assert weekday.wait == pytest.approx(_erlang_c_wait(200, 300, 18))
    assert saturday.wait == pytest.approx(_erlang_c_wait(120, 300, 12))


def test_when_takes_the_caller_as_route_does_values_alone_and_repeated(capsys):
    assert main(["when", str(MTS), "--caller", "mts,home", "--format", "json"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert main(["when", str(MTS), "--caller", "network=mts", "--caller", "location=home",
                 "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == alone
    assert alone["caller"]["network"] == "mts" and alone["caller"]["location"] == "home"
    assert main(["when", str(MTS), "--caller", "mts,hom"]) == 2
    assert "did you mean 'home'?" in capsys.readouterr().err

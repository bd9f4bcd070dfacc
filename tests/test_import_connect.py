"""Amazon Connect contact flows read as menus: the routes and findings the fixtures give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ivr
from ivr.errors import LoadError
from ivr.io.connect.reader import read_connect
from ivr.io.registry import load

FIXTURES = Path(__file__).parent / "fixtures" / "connect"


def connect(path: Path | str) -> ivr.Hotline:
    return load(path, "amazon-connect")


def test_keys_reach_the_queue_the_flow_set_and_the_hours_are_explored():
    h = connect(FIXTURES)
    call = ivr.simulate(h, "support", "1")
    assert (call.outcome, call.node) == ("agent", "to_queue")
    assert h.menu("support").node("to_queue").queue == "sales"
    closed = ivr.simulate(h, "support", "1", caller={"hours basic": "False"})
    assert closed.outcome == "hangup" and closed.node == "gone?"
    menu = h.menu("support").node("menu")
    assert (menu.timeout.after, menu.invalid) == (8, "menu")


def test_lambda_and_compare_outcomes_and_a_transfer_to_a_flow_of_the_folder():
    h = connect(FIXTURES)
    vip = ivr.simulate(h, "support", "2")
    assert (vip.outcome, vip.node) == ("agent", "to_vip")
    assert h.menu("support").node("to_vip").queue == "+15005550006"
    billing = ivr.simulate(h, "support", "2", caller={"tier": "(other)"})
    assert (billing.outcome, billing.node) == ("agent", "q")  # the DescribeContactFlow envelope
    failed = ivr.simulate(h, "support", "2", caller={"result of lookup": "(other)"})
    assert failed.node == "bye"


def test_findings_are_located_with_rule_ids():
    h, problems = read_connect(FIXTURES / "support.json")
    assert [d for d in problems if d.severity == "error"] == []
    found = {(d.rule, d.loc.line) for d in h.findings}
    assert ("import-unmapped", 13) in found  # CheckHoursOfOperation
    assert ("import-unmapped", 55) in found  # the Lambda's result
    assert ("import-unmapped", 61) in found  # Compare on $.External.tier
    assert ("import-dangling", 86) in found  # the line of NextAction "gone"
    assert ("import-dangling", 77) in found  # billing is not in this folder


def test_the_pre_2019_format_is_refused_with_what_to_do(tmp_path):
    p = tmp_path / "old.json"
    p.write_text('{\n  "modules": [{"id": "1", "type": "PlayPrompt"}],\n  "version": "1"\n}')
    with pytest.raises(LoadError, match=r"old.json:2:3: a flow in the pre-2019 format"):
        connect(p)


def test_an_unknown_action_type_is_refused_with_a_suggestion(tmp_path):
    flow = json.loads((FIXTURES / "support.json").read_text())
    flow["Actions"][0]["Type"] = "MessageParticipants"
    p = tmp_path / "flow.json"
    p.write_text(json.dumps(flow, indent=2))
    with pytest.raises(LoadError, match="did you mean 'MessageParticipant'"):
        connect(p)


def test_a_broken_content_string_is_located_at_content(tmp_path):
    p = tmp_path / "env.json"
    p.write_text('{"ContactFlow": {"Name": "x",\n  "Content": "{\\"Version\\": ,}"}}')
    with pytest.raises(LoadError, match=r"env.json:2:3: in 'Content' \(its line 1, column 13\)"):
        connect(p)

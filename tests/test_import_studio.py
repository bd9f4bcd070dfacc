"""Twilio Studio flows read as menus: the routes and findings the fixture gives, the ways a
flow comes, what is refused; exports validate against the Studio schema (the round trip:
tests/test_platform_roundtrip.py)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

import ivr
from ivr.errors import InputError, LoadError
from ivr.io.registry import load, register
from ivr.io.twilio.reader import FORMAT, read_studio
from ivr.io.twilio.writer import GATHERED, export, studio_flow
from ivr.model.types import Facts

FIXTURES = Path(__file__).parent / "fixtures" / "studio"
SUPPORT = FIXTURES / "support.json"
SCHEMA = json.loads((Path(ivr.__file__).parent / "io/twilio/flow.schema.json").read_text())
register(FORMAT)


def studio(path: Path | str) -> ivr.Hotline:
    return load(path, "twilio-studio")


def _write(tmp_path: Path, flow: object, name: str = "flow.json") -> Path:
    p = tmp_path / name
    p.write_text(flow if isinstance(flow, str) else json.dumps(flow, indent=2), encoding="utf-8")
    return p


def _flow(*states: dict, initial: str = "Trigger") -> dict:
    trigger = {"name": "Trigger", "type": "trigger", "properties": {},
               "transitions": [{"event": "incomingCall", "next": states[0]["name"]}]}  # fmt: skip
    return {"description": "", "states": [trigger, *states], "initial_state": initial,
            "flags": {"allow_concurrent_calls": True}}  # fmt: skip


def _bare(nodes):
    return [dataclasses.replace(n, facts=Facts()) for n in nodes]


def _found(findings):
    return [(d.rule, d.loc.line) for d in findings]


# -- the fixture: routes and findings it must give ----------------------------------------------
def test_support_flow_keys_reach_the_queue_and_silence_ends_in_voicemail():
    h = studio(SUPPORT)
    assert [(e.id, e.dial) for _, e in h.entries()] == [("support", "support@studio")]
    call = ivr.simulate(h, "support@studio", "0")
    assert (call.outcome, call.node) == ("agent", "to_agent")
    assert h.menus[0].node("to_agent").queue == "support"
    silent = ivr.simulate(h, "support", "")
    assert silent.outcome == "hangup"
    assert [e.node for e in silent.events][-2:] == ["voicemail", "(end)"]
    # 3 s welcome (no barge-in), 6 s menu, Studio's default 5 s timeout
    assert h.menus[0].node("main_menu").timeout.after == 5
    assert "timeout" in h.menus[0].node("main_menu").facts.inferred


def test_http_request_result_is_a_caller_attribute_so_both_outcomes_are_explored():
    h = studio(SUPPORT)
    ok = ivr.simulate(h, "support", "2")
    failed = ivr.simulate(h, "support", "2", caller={"result of check_account": "failed"})
    assert (ok.outcome, ok.node) == ("agent", "vip_agent")
    assert h.menus[0].node("vip_agent").queue == "number +15005550006"
    assert failed.outcome == "hangup" and failed.node == "goodbye?"


def test_support_flow_findings_are_located_with_rule_ids():
    h, problems = read_studio(SUPPORT)
    assert problems == []
    found = _found(h.findings)
    assert ("import-dangling", 94) in found  # "next": "goodbye", a widget the flow lacks
    assert ("import-unmapped", 59) in found  # make-http-request check_account's result
    assert ("import-unmapped", 21) in found  # speech
    assert ("import-unmapped", 68) in found  # split on the request's parsed result
    dangling = next(d for d in h.findings if d.rule == "import-dangling")
    assert str(dangling.loc) == f"{SUPPORT}:94:50"


def test_a_gather_keeps_its_own_timeout_and_barge_in(tmp_path):
    gather = {"name": "menu", "type": "gather-input-on-call",
              "properties": {"say": "Press 1", "timeout": 8, "stop_gather": False},
              "transitions": [{"event": "keypress", "next": "human"},
                              {"event": "timeout", "next": "menu"}]}  # fmt: skip
    human = {"name": "human", "type": "send-to-flex", "properties": {"workflow": "WW1"},
             "transitions": []}  # fmt: skip
    h = studio(_write(tmp_path, _flow(gather, human)))
    node = h.menus[0].node("menu")
    assert (node.timeout.after, node.barge_in) == (8, False)
    # a keypress straight to a widget: every key but the finish key goes there
    assert {k for k, _ in node.options} == set("0123456789*ABCD")
    assert ivr.simulate(h, "flow", "7").node == "human"


def test_multi_digit_values_become_a_chain_of_one_key_menus(tmp_path):
    gather = {"name": "g", "type": "gather-input-on-call",
              "properties": {"say": "Enter your extension", "number_of_digits": 2},
              "transitions": [{"event": "keypress", "next": "s"}]}  # fmt: skip
    split = {"name": "s", "type": "split-based-on",
             "properties": {"input": "{{widgets.g.Digits}}"},
             "transitions": [
                 {"event": "noMatch", "next": "g"},
                 {"event": "match", "next": "sales", "conditions": [
                     {"friendly_name": "12", "arguments": ["{{widgets.g.Digits}}"],
                      "type": "equal_to", "value": "12"}]},
                 {"event": "match", "next": "sales", "conditions": [
                     {"friendly_name": "3x", "arguments": ["{{widgets.g.Digits}}"],
                      "type": "regex", "value": "^3"}]}]}  # fmt: skip
    sales = {"name": "sales", "type": "enqueue-call", "properties": {"queue_name": "sales"},
             "transitions": []}  # fmt: skip
    h = studio(_write(tmp_path, _flow(gather, split, sales)))
    assert ivr.simulate(h, "flow", "1 2").node == "sales"
    assert ivr.simulate(h, "flow", "3").node == "sales"  # the regex, on the key typed
    assert ivr.simulate(h, "flow", "1 3").outcome != "agent"


def test_a_split_on_the_hour_is_an_hour_condition(tmp_path):
    split = {"name": "hours", "type": "split-based-on",
             "properties": {"input": "{{ 'now' | date: '%H:%M' }}"},
             "transitions": [
                 {"event": "noMatch", "next": "closed"},
                 {"event": "match", "next": "open", "conditions": [
                     {"friendly_name": "day", "arguments": ["{{ 'now' | date: '%H:%M' }}"],
                      "type": "regex", "value": "^(09|1[0-7]):"}]}]}  # fmt: skip
    opened = {"name": "open", "type": "enqueue-call", "properties": {"queue_name": "q"},
              "transitions": []}  # fmt: skip
    closed = {"name": "closed", "type": "say-play", "properties": {"say": "We are closed"},
              "transitions": [{"event": "audioComplete"}]}  # fmt: skip
    h = studio(_write(tmp_path, _flow(split, opened, closed)))
    assert h.menus[0].node("hours").cases[0].when.hours == ("09:00-18:00",)
    assert ivr.simulate(h, "flow", "", at="10:00").outcome == "agent"
    assert ivr.simulate(h, "flow", "", at="19:00").outcome == "hangup"


# -- the ways a flow comes -------------------------------------------------------------------
def test_api_resource_cli_list_and_javascript_module_read_like_the_definition(tmp_path):
    plain = json.loads(SUPPORT.read_text())
    api = {"sid": "FW" + "0" * 32, "friendly_name": "support", "status": "published",
           "definition": plain}  # fmt: skip
    cli = [{"sid": "FW" + "0" * 32, "friendlyName": "support", "definition": plain}]
    js = "// deployed by a script\nmodule.exports = " + json.dumps(plain, indent=2) + ";\n"
    want = studio(SUPPORT).menus[0]
    for name, flow in (("api.json", api), ("cli.json", cli), ("flow.js", js)):
        got = studio(_write(tmp_path, flow, name)).menus[0]
        assert _bare(got.nodes) == _bare(want.nodes), name
        assert [e.start for e in got.entries] == ["welcome"]


def test_crlf_and_a_byte_order_mark_keep_lines(tmp_path):
    text = "\ufeff" + SUPPORT.read_text().replace("\n", "\r\n")
    p = tmp_path / "crlf.json"
    p.write_bytes(text.encode("utf-8"))
    h, _ = read_studio(p)
    assert ("import-dangling", 94) in _found(h.findings)


# -- what is refused, located -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('{"states": [\n  {"name": "a",}\n]}', ":2:16:", "JSON syntax error"),
        ('{"flows": []}', ":1:1:", "no 'states'"),
        ("const x = 3;", ":1:1:", "neither JSON nor a JavaScript module"),
        ("module.exports = {states: []};", ":1:19:", "JSON syntax error"),
    ],
)
def test_what_is_not_a_flow_is_refused_where_it_goes_wrong(tmp_path, text, where, words):
    with pytest.raises(LoadError) as exc:
        studio(_write(tmp_path, text))
    assert where in str(exc.value) and words in str(exc.value)


def test_an_unknown_widget_type_is_refused_with_a_suggestion(tmp_path):
    flow = _flow({"name": "x", "type": "say-plya", "properties": {}, "transitions": []})
    path = _write(tmp_path, flow)
    line = path.read_text().splitlines().index('      "type": "say-plya",') + 1
    with pytest.raises(LoadError) as exc:
        studio(path)
    assert "unknown widget type 'say-plya' of 'x' (did you mean 'say-play'?)" in str(exc.value)
    assert f"flow.json:{line}:7:" in str(exc.value)


def test_invalid_utf8_is_located(tmp_path):
    p = tmp_path / "bad.json"
    p.write_bytes(b'{"states": [\n  {"name": "\xff"}]}')
    with pytest.raises(LoadError, match=r"bad.json:2:13: not UTF-8 text: byte 0xff"):
        studio(p)


# -- export ------------------------------------------------------------------------------------
def test_exported_flows_validate_against_the_studio_schema():
    for menu in ivr.load("menus/mts").menus:
        jsonschema.validate(studio_flow(menu), SCHEMA)


def _gatherable(h: ivr.Hotline) -> ivr.Hotline:
    """``h`` with each option on a key A-D moved to a free key Studio gathers."""

    def node(n):
        free = [k for k in sorted(GATHERED) if n.option(k) is None]
        keys = [(k if k in GATHERED else free.pop(0), to) for k, to in n.options]
        return dataclasses.replace(n, options=tuple(keys))

    menus = [dataclasses.replace(m, nodes=tuple(map(node, m.nodes))) for m in h.menus]
    return dataclasses.replace(h, menus=tuple(menus))


def test_keys_a_to_d_are_refused_not_dropped(tmp_path):
    menu = ivr.Hotline(
        (
            ivr.load_menu_text(
                "ivr: 1\nid: m\nentries: [{dial: '100', start: main}]\nnodes:\n"
                "  main: {type: menu, say: x, duration: 2, options: {'C': human, '1': human}}\n"
                "  human: {type: agent}\n"
            ),
        )
    )
    with pytest.raises(InputError, match=r"option 'C' of node 'main'.* only 0-9, \* and #"):
        export(menu, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert export(_gatherable(menu), tmp_path / "out")


def test_weekday_and_date_splits_are_read_without_the_annotation(tmp_path):
    """A split on ``'now'`` formatted as a weekday and a date (what an export writes for a
    holiday or a weekend) reads back as the condition, not as a stand-in attribute."""
    menu = ivr.load_menu_text(
        "ivr: 1\nid: m\nentries: [{dial: '100', start: open}]\nnodes:\n"
        "  open:\n    type: branch\n    cases:\n"
        "      - {when: {dates: ['12-31/01-08', '03-08']}, to: closed}\n"
        "      - {when: {days: 'Sat,Sun', hour: 'Sat-Sun 10:00-16:00'}, to: desk}\n"
        "    else: desk\n"
        "  desk: {type: agent}\n  closed: {type: hangup}\n"
    )
    flow = studio_flow(menu)
    flow["description"] = ""  # no annotation: the flow's own conditions only
    (tmp_path / "m.json").write_text(json.dumps(flow))
    back = studio(tmp_path / "m.json")
    assert back.findings == ()
    cases = [c for n in back.menus[0].nodes if n.type == "branch" for c in n.cases]
    assert [(c.when.dates, c.when.days, c.when.hours) for c in cases] == [
        (("12-31/01-08", "03-08"), (), ()),
        ((), ("Sat-Sun",), ("Sat-Sun 10:00-16:00",)),
    ]

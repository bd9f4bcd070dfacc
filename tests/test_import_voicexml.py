"""VoiceXML 2.1 documents read as menus: the routes and findings the fixture gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import ivr
from ivr.errors import LoadError
from ivr.io.registry import load
from ivr.io.voicexml.reader import read

SUPPORT = Path(__file__).parent / "fixtures" / "voicexml" / "support.vxml"


def test_choices_transfer_and_noinput_count_give_the_routes():
    h = load(SUPPORT, "voicexml")
    agent = ivr.simulate(h, "welcome@support.vxml", "0")
    assert (agent.outcome, agent.node) == ("agent", "agent")
    assert h.menus[0].node("agent").queue == "tel:+15005550006"
    main = h.menus[0].node("main")
    assert main.timeout.after == 7  # the document's timeout property
    assert (main.retries.max, main.retries.then) == (3, "bye")  # <noinput count="3">
    silent = ivr.simulate(h, "welcome@support.vxml", "")
    assert (silent.outcome, silent.node) == ("hangup", "bye")


def test_a_goto_to_a_missing_dialog_is_a_located_finding():
    h, problems = read(SUPPORT)
    assert problems == []
    [d] = [d for d in h.findings if d.rule == "import-dangling"]
    # at the <goto next="#mian"> itself
    assert (d.loc.line, "did you mean 'main'?") == (22, d.message.split("(")[-1].rstrip(")"))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (b"<html><body/></html>", "the root element is <html>, not <vxml>"),
        (
            b'<vxml version="2.1"><menu><chioce dtmf="1"/></menu></vxml>',
            "unknown VoiceXML element <chioce>",
        ),
        (b"<vxml><menu></vxml>", "not well-formed XML"),
        (b'<!DOCTYPE v [<!ENTITY a "aaaa">]><vxml>&a;</vxml>', "refused"),
    ],
)
def test_what_is_not_voicexml_is_refused(tmp_path, text, words):
    p = tmp_path / "x.vxml"
    p.write_bytes(text)
    with pytest.raises(LoadError, match=words):
        load(p, "voicexml")


# -- the bank fixture: a folder of two documents ----------------------------------------------
BANK = Path(__file__).parent / "fixtures" / "voicexml" / "bank"


def test_a_menu_numbers_its_choices_and_a_goto_to_the_other_document_is_a_transfer():
    h = load(BANK, "voicexml")
    start = h.menu("main").node("start")
    assert start.say == "Welcome. Accounts, Lost cards, An adviser"  # <enumerate/>
    assert [k for k, _ in start.options] == ["1", "2", "0"]  # <menu dtmf="true">, then dtmf="0"
    assert start.timeout.after == 6
    call = ivr.simulate(h, "start@main.vxml", "2 1", caller={"tier": "gold"})
    assert [e.node for e in call.events if e.kind == "dial"] == ["start"]
    assert "block" in [e.node for e in call.events]  # cards.vxml: sure == 'true'
    assert call.outcome == "hangup"  # <submit> to a server: the call goes where ivr cannot


def test_a_field_with_a_dtmf_grammar_is_a_menu_its_filled_decides():
    h = load(BANK, "voicexml")
    accounts = h.menu("main").node("accounts")
    assert accounts.type == "menu" and [k for k, _ in accounts.options] == ["1", "2"]
    assert "timeout" in accounts.facts.inferred  # no timeout property: VoiceXML leaves it open
    balance = ivr.simulate(h, "accounts@main.vxml", "1")
    assert "accounts·1" in [e.node for e in balance.events] and balance.node == "goodbye"
    gold = ivr.simulate(h, "accounts@main.vxml", "2", caller={"tier": "gold"})
    assert (gold.outcome, gold.node) == ("agent", "gold")
    assert h.menu("main").node("gold").queue == "sip:gold@bank.example"
    other = ivr.simulate(h, "accounts@main.vxml", "2", caller={"tier": "(other)"})
    assert other.node == "goodbye"  # <else/>: the advisers are busy
    # the boolean builtin grammar: 1 is yes, 2 is no; no goes back to main.vxml
    no = ivr.simulate(h, "lost@cards.vxml", "2 0", caller={"tier": "silver"})
    assert (no.outcome, no.node) == ("agent", "advisers")


def test_an_if_on_a_variable_is_a_branch_on_a_caller_attribute():
    h = load(BANK, "voicexml")
    route = h.menu("main").node("route")
    assert [(c.when.attrs, c.to) for c in route.cases] == [
        ((("tier", ("gold",)),), "gold"),
        ((("tier", ("silver", "bronze")),), "advisers"),
    ]
    assert h.caller_attributes["tier"] == ("gold", "silver", "bronze", "(other)")


def test_handlers_of_the_document_apply_where_a_dialog_has_none():
    h = load(BANK, "voicexml")
    start = h.menu("main").node("start")  # <nomatch count="2"> of the document
    assert (start.retries.max, start.retries.then) == (2, "goodbye")
    assert start.timeout.to == "start" and start.invalid == "start"  # <reprompt/>, the default


def test_the_bank_findings_are_located_with_rule_ids():
    h, problems = read(BANK)
    assert problems == []
    found = sorted((d.rule, Path(d.loc.file).name, d.loc.line) for d in h.findings)
    assert ("import-unmapped", "cards.vxml", 17) in found  # the <submit>
    assert ("import-dangling", "cards.vxml", 21) in found  # <goto next="#nowhere">
    assert ("import-approximated", "main.vxml", 10) in found  # one count of two events


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('<form id="f"><field name="pin" type="digits"><prompt>PIN</prompt></field></form>',
         "has no DTMF grammar ivr can read"),
        ('<form id="f"><block><if cond="n &gt; 3"><goto next="#f"/></if></block></form>',
         "the condition cannot be evaluated"),
        ('<form id="f"><subdialog name="s" src="http://x.example/s.vxml"/></form>',
         "the call goes on where ivr cannot follow"),
    ],
)  # fmt: skip
def test_what_a_document_cannot_tell_is_an_explicit_step_and_a_finding(tmp_path, body, words):
    p = tmp_path / "x.vxml"
    p.write_text(f'<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">{body}</vxml>')
    h, problems = read(p)
    assert problems == [] and h is not None
    assert any(words in d.message and d.rule == "import-unmapped" for d in h.findings)


def test_a_branch_on_weekdays_and_holidays_comes_back_from_an_export(tmp_path):
    menu = ivr.load_menu_text(
        "ivr: 1\nid: m\nentries: [{dial: '100', start: open}]\nnodes:\n"
        "  open:\n    type: branch\n    cases:\n"
        "      - {when: {dates: ['12-31/01-08']}, to: closed}\n"
        "      - {when: {days: 'Sat-Sun', hour: 'Sat 10:00-16:00'}, to: desk}\n"
        "    else: desk\n"
        "  desk: {type: agent}\n  closed: {type: hangup}\n"
    )
    ivr.export(ivr.Hotline((menu,)), "voicexml", tmp_path / "m.vxml")
    text = (tmp_path / "m.vxml").read_text()
    assert "ivrDate('12-31/01-08')" in text and "function ivrDate" in text
    back = load(tmp_path / "m.vxml", format="voicexml")
    cases = back.menus[0].node("open").cases
    assert [(c.when.dates, c.when.days, c.when.hours) for c in cases] == [
        (("12-31/01-08",), (), ()),
        ((), ("Sat-Sun",), ("Sat 10:00-16:00",)),
    ]
    for at, outcome in (("2027-01-03 12:00", "hangup"), ("Sat 12:00", "agent")):
        assert ivr.simulate(back, "100", "", {}, at).outcome == outcome

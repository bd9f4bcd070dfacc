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
    assert (d.loc.line, "did you mean 'main'?") == (19, d.message.split("(")[-1].rstrip(")"))


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

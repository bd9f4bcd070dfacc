"""Other channels (issue 12 item 6): a hotline's ways to a human that are not a call.

``ivr route`` names them on request (``--channels``) and, without being asked, for a caller
no voice route serves; in text and in JSON (``"channels"``). Each MTS channel cites its text.
"""

from __future__ import annotations

import json

import pytest
from conftest import write_menu

import ivr
from ivr.cli.app import main
from ivr.errors import LoadError
from ivr.routing.channels import channels_for

SMALL = """\
ivr: 1
id: shop
caller: {network: [ours, other]}
entries: [{dial: "100", start: main, when: {network: ours}}]
nodes:
  main: {type: menu, say: "Operator 0", duration: 3, options: {"0": human}}
  human: {type: agent}
channels:
  - {id: chat, kind: chat, title: the chat on our site, address: "example.org/chat"}
  - {id: desk, kind: shop, title: the shop desk, needs: an identity document,
     when: {network: ours}}
"""


def _route(capsys, *argv: str) -> tuple[int, str]:
    code = main(["route", *argv])
    return code, capsys.readouterr().out


def test_a_caller_no_voice_route_serves_is_told_the_other_ways(tmp_path, capsys) -> None:
    path = str(write_menu(tmp_path, SMALL))
    code, out = _route(capsys, path, "--caller", "network=other")
    assert code == 1  # no route by phone is still a finding
    assert "no route to a human" in out
    assert "Other ways to a human (not by phone):" in out
    assert "- the chat on our site: example.org/chat" in out
    assert "shop desk" not in out  # its `when` serves only network=ours
    code, out = _route(capsys, path, "--caller", "network=other", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["routes"] == []
    assert [c["id"] for c in doc["channels"]] == ["chat"]
    assert doc["channels"][0]["address"] == "example.org/chat"


def test_channels_are_named_on_request_and_not_otherwise(tmp_path, capsys) -> None:
    path = str(write_menu(tmp_path, SMALL))
    code, out = _route(capsys, path, "--caller", "network=ours")
    assert code == 0 and "Other ways" not in out
    code, out = _route(capsys, path, "--caller", "network=ours", "--json")
    assert "channels" not in json.loads(out)  # added only when asked or needed
    code, out = _route(capsys, path, "--caller", "network=ours", "--channels")
    assert code == 0 and "Dial 100" in out
    assert "- the shop desk; bring an identity document" in out
    code, out = _route(capsys, path, "--caller", "network=ours", "--channels", "--json")
    assert [c["id"] for c in json.loads(out)["channels"]] == ["chat", "desk"]


def test_the_table_names_channels_for_the_callers_left_without_a_route(tmp_path, capsys) -> None:
    code, out = _route(capsys, str(write_menu(tmp_path, SMALL)))
    assert code == 1  # the row for network=other has no route
    assert "Other ways to a human (not by phone):" in out and "example.org/chat" in out


def test_every_mts_channel_cites_its_text_and_is_listed() -> None:
    hotline = ivr.load("menus/mts")
    found = channels_for(hotline)
    kinds = {c.kind for _m, c in found}
    assert {"chat", "form", "email", "social", "app", "shop"} <= kinds
    sources = {s.id for m in hotline.menus for s in m.sources}
    for _m, c in found:
        assert c.facts.source, c.id
        assert set(c.facts.source) <= sources, c.id


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        ("{id: x, title: no kind}", "kind"),
        ("{id: x, kind: fax}", "fax"),
    ],
)
def test_a_channel_that_is_not_one_is_a_located_error(tmp_path, channel, words) -> None:
    text = SMALL.split("channels:")[0] + f"channels:\n  - {channel}\n"
    path = write_menu(tmp_path, text)
    with pytest.raises(LoadError) as err:
        ivr.load(path)
    first = err.value.errors[0]
    assert first.loc.line == 9 and words in first.message

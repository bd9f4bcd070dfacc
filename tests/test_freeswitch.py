"""The FreeSWITCH importer: tests/fixtures/freeswitch/ gives these routes and findings, and
small menus each show one documented behaviour (docs/importers.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ivr
from ivr.cli.app import main
from ivr.errors import LoadError

FIXTURES = Path(__file__).resolve().parent / "fixtures/freeswitch"
CONF = FIXTURES / "ivr.conf.xml"
MENUS = FIXTURES / "ivr_menus"


def menu_file(tmp_path: Path, body: str, name: str = "ivr.conf.xml") -> Path:
    path = tmp_path / name
    path.write_text(f'<configuration name="ivr.conf"><menus>{body}</menus></configuration>',
                    encoding="utf-8")  # fmt: skip
    return path


def test_fixture_entries_and_findings():
    hotline = ivr.load(CONF)
    assert [(e.id, e.dial) for _, e in hotline.entries()] == [("demo_ivr", "demo_ivr@ivr")]
    found = sorted((f.rule, f.loc.line, f.severity) for f in hotline.findings)
    assert found == [("import-dangling", 24, "error"), ("import-unmapped", 23, "warning")]


@pytest.mark.parametrize(
    ("keys", "caller", "outcome", "node"),
    [
        ("0", {}, "agent", "demo_ivr.0"),  # transfer to an extension: a person
        ("2", {}, "agent", "demo_ivr.2"),  # callcenter
        ("3", {}, "agent", "demo_ivr.3"),  # bridge to a SIP address
        ("1 0 0 5", {}, "agent", "demo_ivr.entry6"),  # the regex /^(10[01][0-9])$/
        ("1 _ 1", {}, "hangup", "billing.1"),  # 1 alone, the inter-digit timeout: billing
        ("1 _ * 2", {}, "agent", "demo_ivr.2"),  # menu-back
        ("1 _ # 0", {}, "agent", "demo_ivr.0"),  # menu-top
        ("4 2", {}, "agent", "demo_ivr.2"),  # menu-play-sound comes back
        ("5", {"lua": "hangs-up"}, "hangup", "demo_ivr.5.hangup"),
        ("5 0", {"lua": "continues"}, "agent", "demo_ivr.0"),
        ("6", {}, "hangup", "demo_ivr.6"),  # a sub-menu that does not exist
        ("*", {}, "hangup", "demo_ivr.star"),  # menu-exit
        ("_ _ _", {}, "hangup", "demo_ivr.exit"),  # max-timeouts
        ("9 9 9", {}, "hangup", "demo_ivr.exit"),  # max-failures
    ],
)
def test_fixture_calls(keys, caller, outcome, node):
    call = ivr.simulate(ivr.load(CONF), "demo_ivr", keys, caller=caller)
    assert (call.outcome, call.node) == (outcome, node), call.transcript()


def test_attributes_and_documented_defaults():
    menu = ivr.load(CONF).menus[0]
    main_menu, billing = menu.node("demo_ivr"), menu.node("billing")
    assert main_menu.duration == 7 and main_menu.facts.inferred == ()  # <!-- ivr duration=7 -->
    assert main_menu.timeout is not None and main_menu.timeout.after == 8.0
    assert main_menu.retries is not None and main_menu.retries.max == 3
    assert billing.timeout is not None and billing.timeout.after == 10.0  # the default
    assert {"timeout", "retries", "duration"} <= set(billing.facts.inferred)
    assert billing.facts.note.startswith(f'{CONF}:27: <menu name="billing"')


def test_a_folder_of_include_files(capsys):
    assert main(["call", str(MENUS), "--keys", "2 1"]) == 0  # one entry: no --dial
    assert "-> agent at 'sales_more.1'" in capsys.readouterr().out
    hotline = ivr.load(MENUS)
    assert ivr.simulate(hotline, "sales_ivr", "2 * 1").node == "sales_ivr.1"  # menu-back


def test_every_command(capsys, tmp_path):
    assert main(["check", str(CONF)]) == 1
    assert "[import-dangling]" in capsys.readouterr().out
    assert main(["route", str(MENUS)]) == 0
    assert main(["render", str(CONF), "--format", "dot"]) == 0
    assert main(["import", str(MENUS), "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    assert ivr.simulate(ivr.load(tmp_path / "ivr_menus.yaml"), "sales_ivr", "1").outcome == "agent"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<configuration name="acl.conf"/>', "is not ivr.conf"),
        ("<html/>", "the root element <html> is not a FreeSWITCH IVR file"),
        ('<include><menu name="m"><entry action="menu-jump" digits="1"/></menu></include>',
         "unknown action 'menu-jump'"),
        ('<include><menu name="m"><entyr action="menu-top" digits="1"/></menu></include>',
         "unknown element <entyr> in <menu> (did you mean 'entry'?)"),
        ('<include><menu name="m" timeout="$${t}"/></include>', "is not a number (a ${...}"),
        ("<include><menu name='m'>", "not well-formed XML"),
        ('<!DOCTYPE a [<!ENTITY x "y">]><include>&x;</include>', "refused"),
    ],
)  # fmt: skip
def test_refused(tmp_path, text, message):
    path = tmp_path / "ivr.conf.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        ivr.load(path)
    assert message in str(exc.value) and str(path) in str(exc.value)


def test_declared_encoding_is_honoured(tmp_path):
    path = tmp_path / "ivr.conf.xml"
    path.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?><include><menu name="m" '
                     'greet-long="café.wav"><entry action="menu-exec-app" digits="1" '
                     'param="bridge user/1000"/></menu></include>'.encode("latin-1"))  # fmt: skip
    assert ivr.load(path).menus[0].node("m").say == "café.wav"


def test_menu_back_with_two_parents_is_a_branch(tmp_path):
    path = menu_file(tmp_path, '<menu name="a"><entry action="menu-sub" digits="1" param="c"/>'
                     '<entry action="menu-sub" digits="2" param="b"/></menu>'
                     '<menu name="b"><entry action="menu-sub" digits="1" param="c"/>'
                     '<entry action="menu-exec-app" digits="2" param="bridge user/1"/></menu>'
                     '<menu name="c"><entry action="menu-back" digits="*"/></menu>')  # fmt: skip
    hotline = ivr.load(path)
    assert [f.rule for f in hotline.findings] == ["import-approximated"]
    assert ivr.simulate(hotline, "a", "2 1 * 2", caller={"came_from": "b"}).node == "b.2"
    assert ivr.simulate(hotline, "a", "2 1 * 2 2", caller={"came_from": "a"}).node == "b.2"

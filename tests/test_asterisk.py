"""The Asterisk importer: tests/fixtures/asterisk/extensions.conf gives these routes and
findings, and small dialplans each show one documented behaviour (docs/importers.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ivr
from ivr.cli.app import main
from ivr.errors import LoadError
from ivr.io.asterisk.reader import read

FIXTURE = Path(__file__).resolve().parent / "fixtures/asterisk/extensions.conf"


def load_text(tmp_path: Path, text: str, name: str = "extensions.conf") -> ivr.Hotline:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ivr.load(path)


def call(hotline, keys: str, dial: str = "s", **kw):
    return ivr.simulate(hotline, dial, keys, **kw)


# -- the fixture ----------------------------------------------------------------------------------
def test_fixture_entries_and_findings():
    hotline = ivr.load(FIXTURE)
    assert [(e.id, e.dial) for _, e in hotline.entries()] == [
        ("s", "s@incoming"),
        ("100", "100@internal"),
        ("101", "101@internal"),
    ]
    found = sorted((f.rule, f.loc.line, f.severity) for f in hotline.findings)
    assert found == [("import-dangling", 37, "error"), ("import-unmapped", 26, "warning")]


@pytest.mark.parametrize(
    ("keys", "at", "caller", "outcome", "node"),
    [
        ("1 1", "12:00", {}, "agent", "sales.1.1"),  # 1: Goto(sales,s,1); 1: Dial(SIP/201)
        ("2 _", "12:00", {}, "agent", "incoming.2.1"),  # 2, then the digit timeout: Queue
        ("2 0 0 1", "12:00", {}, "agent", "sales.1.1"),  # 200: the direct line to sales
        ("3 4 5", "12:00", {}, "agent", "incoming._3XX.1"),  # the pattern _3XX
        ("0", "12:00", {}, "agent", "incoming.0.1.answered"),
        ("0", "12:00", {"answered": "no"}, "hangup", "incoming.0.2"),  # voicemail: not a person
        ("9", "12:00", {"agi": "hangs-up"}, "hangup", "incoming.9.1.hangup"),
        ("", "20:00", {}, "hangup", "incoming.s.5"),  # closed: GotoIfTime's other way
        ("1 2", "12:00", {}, "hangup", "sales.2.1"),  # Goto(nowhere,...): the call ends
        ("1 _", "12:00", {}, "hangup", "sales.no-t"),  # sales has no 't' extension
        ("1 5", "12:00", {}, "hangup", "sales.no-i"),  # ... and no 'i' extension
    ],
)
def test_fixture_calls(keys, at, caller, outcome, node):
    got = call(ivr.load(FIXTURE), keys, at=at, caller=caller)
    assert (got.outcome, got.node) == (outcome, node), got.transcript()


def test_fixture_invalid_key_and_silence_loop_back_to_the_menu():
    got = call(ivr.load(FIXTURE), "7 1 1")  # 7: the 'i' extension plays 'invalid', menu again
    assert got.outcome == "agent" and "incoming.i.1" in got.transcript()
    t = ivr.load(FIXTURE).menus[0].node("incoming.s.7").timeout
    assert t is not None and (t.after, t.to) == (5.0, "incoming.s.7")  # WaitExten(5), t -> open


def test_fixture_notes_cite_file_and_line_and_mark_defaults_inferred():
    menu = ivr.load(FIXTURE).menus[0]
    node = menu.node("sales.s.1")
    assert node.facts.note == f"{FIXTURE}:34: exten => s,1,Background(sales-menu)"
    assert {"timeout", "invalid", "duration"} <= set(node.facts.inferred)
    assert node.timeout is not None and node.timeout.after == 10.0  # TIMEOUT(response)
    prompt = menu.node("incoming.s.4")
    assert prompt.duration == 4 and "duration" not in prompt.facts.inferred  # ;ivr duration=4


def test_fixture_every_command(capsys, tmp_path):
    code = main(["check", str(FIXTURE)])
    out = capsys.readouterr().out
    assert code == 1 and "[import-dangling]" in out and "[import-unmapped]" in out
    assert main(["route", str(FIXTURE), "--caller", "agi=continues", "--json"]) == 0
    assert main(["render", str(FIXTURE), "--format", "mermaid"]) == 0
    assert main(["import", str(FIXTURE), "-o", str(tmp_path)]) == 1  # findings reported
    capsys.readouterr()
    yaml_menu = ivr.load(tmp_path / "extensions.yaml")
    assert call(yaml_menu, "2 0 0 1").node == "sales.1.1"
    other = tmp_path / "pbx.txt"
    other.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["call", str(other), "--from", "asterisk", "--dial", "s", "--keys", "1 1"]) == 0
    assert "-> agent" in capsys.readouterr().out


# -- one behaviour each --------------------------------------------------------------------------
def test_gotoif_explores_both_ways(tmp_path):
    hotline = load_text(
        tmp_path,
        "[in]\nexten => s,1,Set(X=${DB(vip/${CALLERID(num)})})\n"
        ' same => n,GotoIf($["${X}" = "1"]?vip)\n same => n,Hangup()\n'
        " same => n(vip),Queue(vip)\n",
    )
    (finding,) = hotline.findings
    assert finding.rule == "import-unmapped" and finding.loc.line == 3
    assert hotline.caller_attributes == {"X": ("1", "other")}
    outcomes = {call(hotline, "", caller={"X": v}).outcome for v in ("1", "other")}
    assert outcomes == {"agent", "hangup"}


def test_a_condition_on_a_caller_variable(tmp_path):
    hotline = load_text(
        tmp_path,
        "[globals]\nnet=mts ;ivr caller=net values=mts,other,abroad\n"
        '[in]\nexten => s,1,GotoIf($[("${net}" = "mts" | "${net}" = "abroad")]'
        "?yes)\n same => n,Hangup()\n same => n(yes),Queue(q)\n",
    )
    assert hotline.caller_attributes == {"net": ("mts", "other", "abroad")}
    assert call(hotline, "", caller={"net": "abroad"}).outcome == "agent"
    assert call(hotline, "", caller={"net": "other"}).outcome == "hangup"


def test_weekdays_in_gotoiftime_are_a_caller_attribute(tmp_path):
    hotline = load_text(
        tmp_path,
        "[in]\nexten => s,1,GotoIfTime(08:00-17:00,mon-fri,*,*?open)\n"
        " same => n,Hangup()\n same => n(open),Dial(SIP/1)\n",
    )
    assert [f.rule for f in hotline.findings] == ["import-approximated"]
    assert call(hotline, "", at="09:00", caller={"day": "true"}).outcome == "agent"
    assert call(hotline, "", at="09:00", caller={"day": "false"}).outcome == "hangup"
    assert call(hotline, "", at="18:00", caller={"day": "true"}).outcome == "hangup"


def test_exten_equals_labels_and_includes(tmp_path):
    hotline = load_text(
        tmp_path,
        "[main]\nexten = s,1(top),Background(welcome)\n"
        "exten = s,2,WaitExten(3)\ninclude => shared\n"
        "[shared]\nexten => 0,1,Dial(PJSIP/operator)\n"
        "exten => t,1,Goto(main,s,top)\n",
    )
    assert call(hotline, "0").outcome == "agent"
    assert call(hotline, "_ 0").outcome == "agent"  # t, in the included context: back to top


def test_background_without_waitexten_goes_on(tmp_path):
    hotline = load_text(
        tmp_path,
        "[in]\nexten => s,1,Background(hello)\n same => n,Hangup()\nexten => 1,1,Dial(SIP/1)\n",
    )
    assert call(hotline, "1").outcome == "agent"
    assert call(hotline, "").outcome == "hangup"


def test_pattern_classes(tmp_path):
    hotline = load_text(
        tmp_path,
        "[in]\nexten => s,1,Background(x)\n same => n,WaitExten(4)\n"
        "exten => _[3-9#],1,Dial(SIP/${EXTEN})\nexten => _1ZN,1,Queue(q)\n",
    )
    assert call(hotline, "#").outcome == "agent"
    assert call(hotline, "1 2 3").outcome == "agent"
    assert call(hotline, "2").outcome == "hangup"  # no extension takes 2 and no 'i'
    assert call(hotline, "1 0").outcome == "hangup"  # Z is 1-9


def test_goto_to_a_variable_and_unknown_application_are_kept(tmp_path):
    hotline = load_text(
        tmp_path,
        "[in]\nexten => s,1,Goto(${DEST},s,1)\n"
        "exten => 5,1,Frobnicate(a)\n same => n,Dial(SIP/5)\n",
    )
    rules = sorted((f.rule, f.loc.line) for f in hotline.findings)
    assert rules == [("import-unmapped", 2), ("import-unmapped", 3)]


def test_refused_files_say_where(tmp_path, capsys):
    bad = tmp_path / "extensions.conf"
    bad.write_text("[in]\nexten => s,1,Answer()\nthis is not a dialplan line\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    assert f"{bad}:3:1: 'this is not a dialplan line' is not a dialplan line" in (
        capsys.readouterr().out
    )
    ael = tmp_path / "extensions.ael"
    ael.write_text("context default {\n  s => { Answer(); };\n};\n", encoding="utf-8")
    with pytest.raises(LoadError, match="AEL"):
        ivr.load(ael)
    crlf = tmp_path / "crlf.conf"
    crlf.write_bytes(b"[in]\r\nexten => s,1,Dial(SIP/1) ; \xe2\x80\x94 an operator\r\n")
    assert call(ivr.load(crlf), "").outcome == "agent"
    latin = tmp_path / "latin.conf"
    latin.write_bytes(b"[in]\nexten => s,1,Playback(caf\xe9)\n")
    _, problems = read(latin)
    assert [str(p) for p in problems] == [
        f"{latin}:2:26: not UTF-8 text: byte 0xe9 cannot be decoded (save the file as UTF-8)"
    ]


def test_every_priority_is_modelled_even_unreached(tmp_path):
    hotline = load_text(tmp_path, "[in]\nexten => s,1,Hangup()\n same => n,Playback(never)\n")
    assert "in.s.2" in hotline.menus[0].node_map()


def test_a_block_comment_opens_only_where_a_comment_could_start(tmp_path):
    # as Asterisk reads it: ';--' inside a line comment is words; '\;--' is no comment at all
    hotline = load_text(
        tmp_path,
        "[incoming]\n"
        "exten => s,1,Answer() ; say ;-- to the agent\n"
        " same => n,Queue(support)\n"
        "exten => 5,1,Playback(a\\;--b)\n"
        " same => n,Queue(support)\n",
    )
    assert call(hotline, "").outcome == "agent"
    assert call(hotline, "", dial="5").outcome == "agent"


def test_a_prompt_with_comment_marks_in_its_words_exports_and_reads_back(tmp_path):
    from ivr.io.asterisk.writer import export  # noqa: PLC0415

    menu = ivr.load_menu_text(
        "ivr: 1\nid: m\nentries: [{dial: '100', start: hello}]\nnodes:\n"
        "  hello: {type: prompt, say: 'Hello ;-- and --; bye', duration: 3, next: human}\n"
        "  human: {type: agent}\n"
    )
    export(ivr.Hotline((menu,)), tmp_path / "extensions.conf")
    back = ivr.load(tmp_path / "extensions.conf")
    got = ivr.simulate(back, "100@ivr-entries", "")
    assert (got.outcome, got.seconds) == ("agent", 3.0)


def test_a_case_for_everyone_is_a_goto_not_an_empty_expression(tmp_path):
    """``$[]`` is false to Asterisk (and crashes asterisklint): a case with no condition must
    be taken by every call, so the export writes it as a plain ``Goto``."""
    menu = ivr.load_menu_text(
        "ivr: 1\nid: m\nentries: [{dial: '100', start: pick}]\nnodes:\n"
        "  pick: {type: branch, cases: [{when: {}, to: desk}], else: gone}\n"
        "  desk: {type: agent}\n  gone: {type: hangup}\n"
    )
    [written] = ivr.export(ivr.Hotline((menu,)), "asterisk", tmp_path / "extensions.conf")
    text = Path(written).read_text()
    assert "$[]" not in text and "Goto(m-desk,s,1)" in text
    back = ivr.load(written, format="asterisk")
    assert ivr.simulate(back, "100@ivr-entries", "").outcome == "agent"

"""Untrusted platform files stay data, on all five platforms (issue 13, items 3 and 5): what
is not what it claims is refused with exit 2 and a located message, never a traceback (invalid
UTF-8, NUL bytes, a file over the size limit, an empty file, JSON or XML nested too deep, a
wrong root, an unknown action); a byte-order mark and CRLF line ends change no line number;
``${…}`` and ``{{…}}`` stay text and what depends on them is a located finding with a rule
id; a reference that goes nowhere is an ``import-dangling`` finding at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ivr
from ivr.cli.app import main
from ivr.io.registry import read
from ivr.io.sourcetext import MAX_BYTES
from ivr.testing.roundtrip import portable

# the smallest file of each platform with a dangling reference on its line 3
FILES = {
    "asterisk": ("extensions.conf", "[in]\nexten => s,1,Answer()\n same => n,Goto(nowhere,s,1)\n"),
    "freeswitch": ("ivr.conf.xml", '<include>\n<menu name="m" greet-long="hi.wav">\n'
                   '<entry action="menu-sub" digits="1" param="nowhere"/>\n</menu>\n</include>\n'),
    "voicexml": ("x.vxml", '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">\n'
                 '<form id="f"><block>\n<goto next="#nowhere"/>\n</block></form>\n</vxml>\n'),
    "twilio-studio": ("flow.json", '{"initial_state": "Trigger", "states": [\n'
                      '  {"name": "Trigger", "type": "trigger", "properties": {},\n'
                      '   "transitions": [{"event": "incomingCall", "next": "nowhere"}]}]}\n'),
    "amazon-connect": ("flow.json", '{"Version": "2019-10-30", "StartAction": "a", "Actions": [\n'
                       '{"Identifier": "a", "Type": "MessageParticipant", "Parameters": {},\n'
                       ' "Transitions": {"NextAction": "nowhere"}}]}\n'),
}  # fmt: skip
PLATFORMS = sorted(FILES)


def _write(tmp_path: Path, to: str, data: bytes | str) -> Path:
    p = tmp_path / FILES[to][0]
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def _refused(capsys, path: Path, to: str) -> str:
    code = main(["check", str(path), "--from", to])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 2, out + err
    return out + err


@pytest.mark.parametrize("to", PLATFORMS)
def test_the_dangling_reference_is_a_located_finding_and_the_file_is_read(to, tmp_path):
    h, problems = read(_write(tmp_path, to, FILES[to][1]), to)
    assert h is not None and not [p for p in problems if p.severity == "error"]
    [d] = [d for d in h.findings if d.rule == "import-dangling"]
    assert d.loc.line == 3 and d.severity == "error"


@pytest.mark.parametrize("to", PLATFORMS)
def test_a_byte_order_mark_and_crlf_change_no_line(to, tmp_path):
    text = FILES[to][1].replace("\n", "\r\n")
    h, _ = read(_write(tmp_path, to, b"\xef\xbb\xbf" + text.encode("utf-8")), to)
    assert h is not None
    assert [d.loc.line for d in h.findings if d.rule == "import-dangling"] == [3]


@pytest.mark.parametrize("to", PLATFORMS)
def test_invalid_utf8_is_refused_at_its_line(capsys, to, tmp_path):
    text = FILES[to][1].encode("utf-8")
    at = text.index(b"nowhere")
    path = _write(tmp_path, to, text[:at] + b"\xff" + text[at + 1 :])
    said = _refused(capsys, path, to)
    assert f"{path.name}:3:" in said and ("UTF-8" in said or "not well-formed" in said)


@pytest.mark.parametrize("to", PLATFORMS)
def test_a_nul_byte_is_refused(capsys, to, tmp_path):
    path = _write(tmp_path, to, FILES[to][1].encode("utf-8").replace(b"nowhere", b"no\0here"))
    said = _refused(capsys, path, to)
    assert f"{path.name}:3:" in said


@pytest.mark.parametrize("to", PLATFORMS)
def test_a_file_over_the_size_limit_is_not_read(capsys, to, tmp_path):
    path = _write(tmp_path, to, FILES[to][1])
    with open(path, "r+b") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: nothing on disk
    said = _refused(capsys, path, to)
    assert f"{path.name}:1:1:" in said and "MB" in said


@pytest.mark.parametrize("to", PLATFORMS)
def test_an_empty_file_is_refused(capsys, to, tmp_path):
    said = _refused(capsys, _write(tmp_path, to, ""), to)
    assert FILES[to][0] in said


@pytest.mark.parametrize(
    ("to", "text", "words"),
    [
        ("asterisk", "exten => s,1,Answer()\n", "stands before any [context]"),
        ("freeswitch", "<html/>", "the root element <html>"),
        ("voicexml", "<html/>", "not <vxml>"),
        ("twilio-studio", '{"flows": []}', "no 'states'"),
        ("amazon-connect", '{"Version": "2019-10-30"}', "no 'StartAction'"),
    ],
)
def test_a_file_of_another_kind_is_refused_saying_what_it_is_not(capsys, to, text, words, tmp_path):
    assert words in _refused(capsys, _write(tmp_path, to, text), to)


@pytest.mark.parametrize(
    ("to", "old", "new", "words"),
    [
        ("asterisk", "Answer()", "Answr()", "Answr"),
        ("freeswitch", "menu-sub", "menu-subb", "unknown action 'menu-subb'"),
        ("voicexml", "<goto ", "<gotto ", "unknown VoiceXML element <gotto>"),
        ("twilio-studio", '"trigger"', '"triger"', "unknown widget type 'triger'"),
        ("amazon-connect", "MessageParticipant", "MessageParticipants", "unknown action type"),
    ],
)
def test_an_unknown_action_is_refused_or_kept_as_an_explicit_step(capsys, to, old, new, words,
                                                                  tmp_path):  # fmt: skip
    path = _write(tmp_path, to, FILES[to][1].replace(old, new))
    if to == "asterisk":  # any application name is valid in a dialplan: an explicit step
        h, _ = read(path, to)
        assert any(words in d.message and d.rule == "import-unmapped" for d in h.findings)
        return
    said = _refused(capsys, path, to)
    assert words in said and "did you mean" in said


@pytest.mark.parametrize(
    ("to", "text"),
    [
        ("twilio-studio", '{"states": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("amazon-connect", '{"Actions": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("voicexml", "<vxml>" + "<if>" * 100 + "</if>" * 100 + "</vxml>"),
        ("freeswitch", "<include>" + "<menu>" * 100 + "</menu>" * 100 + "</include>"),
    ],
)
def test_nesting_too_deep_is_refused(capsys, to, text, tmp_path):
    assert "deep" in _refused(capsys, _write(tmp_path, to, text), to)


@pytest.mark.parametrize(
    ("to", "template", "words", "kept"),
    [
        ("asterisk", "Goto(${DEST},s,1)", "computed from a variable", "${DEST}"),
        ("freeswitch", 'param="${menu}"', "no menu '${menu}'", "${menu}"),
        ("voicexml", '<goto expr="next_dialog"/>', "computed place", "next_dialog"),
        ("twilio-studio", '"say": "Hi {{contact.name}}"', "holds a template", "{{contact.name}}"),
        ("amazon-connect", '"ContactFlowId": "$.Attributes.flow"', "known only during the call",
         "$.Attributes.flow"),
    ],
)  # fmt: skip
def test_a_template_stays_text_and_what_depends_on_it_is_a_finding(to, template, words, kept,
                                                                   tmp_path):  # fmt: skip
    text = {
        "asterisk": "[in]\nexten => s,1,Answer()\n same => n," + template + "\n",
        "freeswitch": '<include><menu name="m">\n<entry action="menu-sub" digits="1" '
        + template + "/>\n</menu></include>",
        "voicexml": '<vxml version="2.1"><form id="f"><block>' + template
        + "</block></form></vxml>",
        "twilio-studio": json.dumps({"initial_state": "Trigger", "states": [
            {"name": "Trigger", "type": "trigger", "properties": {},
             "transitions": [{"event": "incomingCall", "next": "hi"}]},
            {"name": "hi", "type": "say-play", "properties": {"say": "x"},
             "transitions": [{"event": "audioComplete"}]}]}).replace('"say": "x"', template),
        "amazon-connect": json.dumps({"Version": "2019-10-30", "StartAction": "t", "Actions": [
            {"Identifier": "t", "Type": "TransferToFlow", "Parameters": {"ContactFlowId": "x"},
             "Transitions": {}}]}).replace('"ContactFlowId": "x"', template),
    }[to]  # fmt: skip
    h, problems = read(_write(tmp_path, to, text), to)
    assert h is not None, problems
    assert any(words in d.message and d.rule.startswith("import-") for d in h.findings), [
        str(d) for d in h.findings
    ]
    said = " ".join([n.say + n.queue + n.facts.note for m in h.menus for n in m.nodes]
                    + [d.message for d in h.findings])  # fmt: skip
    assert kept in said, said


def test_every_command_runs_on_every_platform(capsys, tmp_path):
    """check, coverage, route, call, render, diff and lock on each platform's fixture (on a
    copy: lock writes beside it); mutate on the MTS short numbers exported to each platform
    (mutation testing starts from files that pass, and the fixtures hold findings on purpose)."""
    fixtures = Path(__file__).parent / "fixtures"
    files = {
        "asterisk": fixtures / "asterisk" / "extensions.conf",
        "freeswitch": fixtures / "freeswitch" / "ivr.conf.xml",
        "voicexml": fixtures / "voicexml" / "bank",
        "twilio-studio": fixtures / "studio" / "support.json",
        "amazon-connect": fixtures / "connect",
    }
    for to, path in files.items():
        copy = tmp_path / to / path.name
        copy.parent.mkdir()
        if path.is_dir():
            copy.mkdir()
            for f in path.iterdir():
                (copy / f.name).write_bytes(f.read_bytes())
        else:
            copy.write_bytes(path.read_bytes())
        dial = next(e.dial for _, e in ivr.load(copy).entries())
        for argv, codes in (
            (["check", str(copy)], (1,)),  # every fixture has findings on purpose
            (["check", str(copy), "--coverage"], (1,)),
            (["route", str(copy), "--json"], (0, 1)),
            (["call", str(copy), "--dial", dial, "--keys", "_"], (0,)),
            (["render", str(copy), "--format", "mermaid"], (0,)),
            (["diff", str(copy), str(path)], (0,)),
            (["lock", str(copy)], (0,)),
            (["check", str(copy)], (1,)),  # with the lock now
        ):
            assert main(argv) in codes, (to, argv, capsys.readouterr())
        short = portable(ivr.load(Path(__file__).parents[1] / "menus/mts/short.yaml"), to)
        written = ivr.export(short, to, tmp_path / to / ("exported" + FILES[to][0][-4:]))
        out = written[0] if len(written) == 1 else str(Path(written[0]).parent)
        assert main(["check", out]) == 0, (to, capsys.readouterr())
        assert main(["mutate", out, "--sample", "4"]) in (0, 1), (to, capsys.readouterr())
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err

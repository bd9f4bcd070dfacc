"""The frame every importer plugs into: detection by name and content, ``--from``, ``ivr
import`` / ``ivr export``, located reading of untrusted text and XML, unmappable steps kept as
explicit branches with findings (docs/importers.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_main as run

import ivr
from ivr.errors import InputError, LoadError
from ivr.io import registry
from ivr.io.platform import Import, decode, parse_xml
from ivr.io.platforms import detect
from ivr.model.types import Entry, Loc, Menu, Node

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "menus/mts/short.yaml"


# -- detection -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("extensions.conf", "", "asterisk"),  # the name alone tells
        ("pbx.conf", "[incoming]\nexten => s,1,Answer()\n", "asterisk"),  # the content tells
        ("ivr.conf.xml", "<x/>", "freeswitch"),
        ("menus.xml", '<include><menu name="main" greet-long="x"/></include>', "freeswitch"),
        ("doc.xml", '<?xml version="1.0"?>\n<vxml version="2.1"/>', "voicexml"),
        ("flow.json", '{"Version": "2019-10-30", "StartAction": "a", "Actions": []}',
         "amazon-connect"),
        ("flow.json", '{"description": "x", "states": [], "initial_state": "Trigger"}',
         "twilio-studio"),
        ("menu.yaml", "ivr: 1\n", "yaml"),
    ],
)  # fmt: skip
def test_detect_by_name_then_content(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert detect(path) == expected


def test_a_folder_is_the_format_of_its_files(tmp_path):
    menus = tmp_path / "ivr_menus"
    menus.mkdir()
    (menus / "main.xml").write_text("<include/>", encoding="utf-8")
    assert detect(menus) == "freeswitch"
    assert detect(ROOT / "menus") == "yaml"


def test_a_file_nothing_tells_is_refused_naming_from(capsys, tmp_path):
    with pytest.raises(InputError, match="--from NAME"):
        detect(_not_yaml(tmp_path))
    path = str(_not_yaml(tmp_path))
    code, out, _ = run(capsys, "check", path)  # an error of the report, located at the file
    assert code == 2 and f"{path}: cannot tell what format" in out
    code, _, err = run(capsys, "route", path)
    assert code == 2 and "cannot tell what format" in err


def _not_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "random.txt"
    path.write_text("hello\n", encoding="utf-8")
    return path


def test_from_forces_the_format(capsys, tmp_path):
    # a menu file under a name no platform claims: detected by its content ('ivr: 1'), and
    # --from forces the reader whatever the name
    path = tmp_path / "menu.txt"
    path.write_text(SHORT.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "route", str(path), "--from", "yaml", "--caller", "network=mts")
    assert code == 0 and "Dial" in out
    code, _, err = run(capsys, "check", str(SHORT), "--from", "astrisk")
    assert code == 2 and "did you mean 'asterisk'" in err


def test_forced_reads_with_a_registered_reader():
    seen = []

    def read_toy(path):
        seen.append(str(path))
        menu = Menu("toy", entries=(Entry("e", "100@toy", "bye"),), nodes=(Node("bye", "hangup"),))
        return ivr.Hotline((menu,), str(path)), []

    registry.register(registry.Format("toy", read_toy))
    with registry.forced("toy"):
        hotline = ivr.load("anything.bin")
    assert seen == ["anything.bin"] and hotline.menus[0].id == "toy"
    assert ivr.simulate(hotline, "100@toy").outcome == "hangup"


# -- entries dialled by address, ivr call without --dial -----------------------------------------
ADDRESSED = """ivr: 1
region: ""
entries:
  - {id: "100", dial: "100@from-internal", start: human}
nodes:
  human: {type: agent, queue: SIP/100}
"""


def test_an_address_is_a_dial_and_one_entry_needs_no_dial(capsys, tmp_path):
    path = tmp_path / "pbx.yaml"
    path.write_text(ADDRESSED, encoding="utf-8")
    for dial in ("100@from-internal", "100"):
        assert ivr.simulate(ivr.load(path), dial).outcome == "agent"
    code, out, _ = run(capsys, "call", str(path), "--keys", "")
    assert code == 0 and "-> agent" in out
    code, _, err = run(capsys, "call", str(ROOT / "menus/mts"), "--keys", "")
    assert code == 2 and "give --dial" in err


def test_a_typo_is_still_not_a_number(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(ADDRESSED.replace("100@from-internal", "balance"), encoding="utf-8")
    with pytest.raises(LoadError, match="'balance' is not a telephone number"):
        ivr.load(path)


# -- ivr import / ivr export ---------------------------------------------------------------------
def test_import_writes_menus_that_load_back_equal(capsys, tmp_path):
    code, _, err = run(capsys, "import", str(ROOT / "menus/mts"), "-o", str(tmp_path / "out"))
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["federal.yaml", "international.yaml", "short.yaml"]
    before = {m.id: m for m in ivr.load(ROOT / "menus/mts").menus}
    after = {m.id: m for m in ivr.load(tmp_path / "out").menus}
    assert {k: (m.entries, m.nodes) for k, m in after.items()} == {
        k: (m.entries, m.nodes) for k, m in before.items()
    }


def test_import_of_a_broken_file_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: 1\nnodes: {a: {type: menu}}\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(SHORT), str(bad), "-o", str(tmp_path / "out"))
    assert code == 2 and "bad.yaml:2" in err
    assert not (tmp_path / "out").exists()


def test_export_to_a_format_without_exporter(capsys, tmp_path):
    code, _, err = run(capsys, "export", str(SHORT), "--to", "yaml", "-o", str(tmp_path / "x"))
    assert code == 2  # argparse: 'yaml' is not a platform to export to
    with pytest.raises(InputError, match="no exporter to 'yaml'"):
        ivr.export(SHORT, "yaml", tmp_path / "x")


# -- reading untrusted input ---------------------------------------------------------------------
def test_invalid_utf8_is_located():
    imp = Import("x.conf")
    assert decode(b"[a]\nexten => s,1,Playback(\xff)\n", "x.conf", imp) is None
    assert str(imp.errors[0]).startswith("x.conf:2:23: not UTF-8 text: byte 0xff")


def test_crlf_and_bom_are_read():
    imp = Import("x.conf")
    assert decode(b"\xef\xbb\xbf[a]\r\nb\rc\n", "x.conf", imp) == "[a]\nb\nc\n"


def test_entities_are_refused_and_the_declared_encoding_honoured():
    imp = Import("x.xml")
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY b "bbbb">]>\n<a>&b;</a>'
    assert parse_xml(bomb, "x.xml", imp) is None
    assert "x.xml:" in str(imp.errors[0]) and "refused" in str(imp.errors[0])
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><a n="é"/>'.encode("latin-1")
    root = parse_xml(latin, "y.xml", Import("y.xml"))
    assert root is not None and root.get("n") == "é"


def test_nesting_is_limited():
    imp = Import("x.xml")
    assert parse_xml(b"<a>" * 100 + b"</a>" * 100, "x.xml", imp) is None
    assert "nested deeper" in str(imp.errors[0])


# -- unmappable steps stay in the model ----------------------------------------------------------
def test_an_unknown_result_is_a_branch_every_outcome_of_which_is_explored(capsys, tmp_path):
    imp = Import("pbx.conf")
    loc = Loc("pbx.conf", 7, 1)
    step = imp.unknown("s.2", "AGI(lookup.agi)", [("continues", "human"), ("hangs-up", "bye")],
                       loc)  # fmt: skip
    menu = Menu(
        "pbx",
        file="pbx.conf",
        caller=imp.caller,
        caller_words=imp.caller_words,
        entries=(Entry("s", "s@in", "s.2", region=""),),
        nodes=(step, Node("human", "agent"), Node("bye", "hangup")),
    )
    hotline, problems = imp.finish([menu])
    assert problems == [] and hotline is not None
    (finding,) = hotline.findings
    assert (finding.rule, finding.loc.line) == ("import-unmapped", 7)
    outcomes = {
        ivr.simulate(hotline, "s@in", caller={"agi": v}).outcome for v in ("continues", "hangs-up")
    }
    assert outcomes == {"agent", "hangup"}
    from ivr.checking.runner import check_hotline  # noqa: PLC0415

    report = check_hotline(hotline)
    assert any(f.rule == "import-unmapped" for f in report.findings)

"""The ``ivr`` command: ``check`` text and JSON, ``call``, usage errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEMO, run_ivr
from conftest import run_main as run

import ivr
from ivr.cli.app import main, parse_caller

ROOT = Path(__file__).resolve().parents[1]

MENU = DEMO
BROKEN_CLAIM = '  - {dial: "0890", keys: "1", caller: {network: mts}, source: A}\n'
CLAIM_LINE = len(MENU.splitlines()) + 1


@pytest.fixture
def menu(demo_file: Path) -> Path:
    return demo_file


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(MENU + BROKEN_CLAIM, encoding="utf-8")
    return path


run_module = run_ivr


# -- ivr check -------------------------------------------------------------------------------


def test_check_clean_text(capsys, menu):
    code, out, err = run(capsys, "check", str(menu))
    assert code == 0
    assert err == ""
    assert out.splitlines()[-1] == "2 documented paths hold in 1 file(s)"


def test_check_broken_claim_text(capsys, broken):
    code, out, _ = run(capsys, "check", str(broken))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{broken}:{CLAIM_LINE}:5: documented claim broken: dial 0890, ")
    assert 'keys "1"' in lines[0]
    assert "should reach agent, got" in lines[0]
    assert lines[0].endswith("[documented-claim-broken]")
    assert lines[-1] == "1 of 3 documented paths broken in 1 file(s)"


def test_check_lint_findings_are_tagged_with_their_rule(capsys, tmp_path):
    path = tmp_path / "lint.yaml"
    path.write_text(MENU.replace("    invalid: services\n", ""), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0  # an info finding does not fail the check
    line = MENU.splitlines().index("  services:") + 2
    assert f"{path}:{line}:5: info: menu 'services' has no 'invalid'" in out
    assert "[no-invalid]" in out


def test_check_error_finding_exits_1(capsys, tmp_path):
    path = tmp_path / "dead.yaml"
    path.write_text(
        "ivr: 1\nentries: [{dial: '0890', start: a}]\n"
        "nodes:\n  a: {type: branch, cases: [], else: b}\n"
        "  b: {type: branch, cases: [], else: a}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "[loop-no-exit]" in out


SUMMARY_KEYS = {"files", "documented", "held", "broken", "errors"}
CLAIM_KEYS = {
    "file",
    "line",
    "dial",
    "keys",
    "caller",
    "source",
    "expect",
    "outcome",
    "node",
    "seconds",
    "ok",
}
FINDING_KEYS = {"rule", "severity", "file", "line", "col", "message"}


def check_json_shape(report: dict) -> None:
    assert report["version"] == 1
    assert set(report["summary"]) >= SUMMARY_KEYS
    assert all(isinstance(report["summary"][k], int) for k in SUMMARY_KEYS)
    assert isinstance(report["documented"], list)
    assert isinstance(report["findings"], list)
    for claim in report["documented"]:
        assert set(claim) >= CLAIM_KEYS
        assert isinstance(claim["line"], int)
        assert isinstance(claim["caller"], dict)
        assert isinstance(claim["keys"], str)
        assert isinstance(claim["seconds"], (int, float))
        assert isinstance(claim["ok"], bool)
    for finding in report["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["line"], int)
        assert isinstance(finding["col"], int)


def test_check_json_clean(capsys, menu):
    code, out, _ = run(capsys, "check", "--json", str(menu))
    report = json.loads(out)
    check_json_shape(report)
    assert code == 0
    summary = report["summary"]
    assert (summary["files"], summary["documented"], summary["held"]) == (1, 2, 2)
    assert (summary["broken"], summary["errors"]) == (0, 0)
    first = report["documented"][0]
    assert first["file"] == str(menu)
    assert first["line"] == CLAIM_LINE - 2
    assert (first["dial"], first["keys"], first["caller"]) == ("0890", "2 0", {"network": "mts"})
    assert (first["source"], first["expect"], first["outcome"]) == ("A", "agent", "agent")
    assert (first["node"], first["seconds"], first["ok"]) == ("human", 7.0, True)
    second = report["documented"][1]
    assert (second["keys"], second["expect"], second["outcome"], second["node"]) == (
        "",
        "hangup",
        "hangup",
        "bye",
    )
    assert report["findings"] == []


def test_check_json_broken(capsys, broken):
    code, out, _ = run(capsys, "check", "--json", str(broken))
    report = json.loads(out)
    check_json_shape(report)
    assert code == 1
    assert report["summary"]["broken"] == 1
    assert report["summary"]["held"] == 2
    bad = report["documented"][2]
    assert (bad["line"], bad["ok"], bad["expect"]) == (CLAIM_LINE, False, "agent")
    assert bad["outcome"] != "agent"
    [finding] = [f for f in report["findings"] if f["rule"] == "documented-claim-broken"]
    assert (finding["file"], finding["line"], finding["col"]) == (str(broken), CLAIM_LINE, 5)
    assert finding["severity"] == "error"


def test_check_json_load_error(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MENU.replace("next: main}", "next: mian}", 1), encoding="utf-8")
    code, out, err = run(capsys, "check", "--json", str(path))
    report = json.loads(out)
    check_json_shape(report)
    assert code == 2
    assert err == ""
    assert report["summary"]["errors"] == 1
    assert report["documented"] == []
    [finding] = report["findings"]
    assert (finding["rule"], finding["file"], finding["line"]) == (
        "unknown-reference",
        str(path),
        10,
    )


def test_check_json_missing_path(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--json", str(tmp_path / "nope"))
    report = json.loads(out)
    check_json_shape(report)
    assert code == 2
    assert report["findings"][0]["line"] == 0
    assert report["findings"][0]["message"] == "no such file or folder"


def test_check_several_paths(capsys, menu, broken, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--json", str(menu), str(broken), str(bad))
    report = json.loads(out)
    assert code == 2  # an input error outranks findings
    assert report["summary"]["files"] == 2
    assert report["summary"]["documented"] == 5
    assert report["summary"]["errors"] == 1


def test_check_folder(capsys, menu):
    code, out, _ = run(capsys, "check", str(menu.parent))
    assert code == 0
    assert "in 1 file(s)" in out


def test_check_needs_a_path(capsys):
    code, _, err = run(capsys, "check")
    assert code == 2
    assert "ivr: the following arguments are required: PATH" in err


# -- ivr call --------------------------------------------------------------------------------


def test_call_text(capsys, menu):
    code, out, err = run(
        capsys, "call", str(menu), "--dial", "0890", "--keys", "2 0", "--caller", "network=mts"
    )
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["00:00", "0890", "dial", "0890", "(demo)"]
    assert "barge-in" in out
    assert "after the prompt" in out
    assert lines[-1] == "-> agent at 'human' after 7 s"


def test_call_json(capsys, menu):
    code, out, _ = run(capsys, "call", str(menu), "--dial", "0890", "--keys", "2-0", "--json")
    call = json.loads(out)
    assert code == 0
    assert (call["outcome"], call["node"], call["menu"], call["seconds"]) == (
        "agent",
        "human",
        "demo",
        7.0,
    )
    assert (call["dial"], call["entry"], call["keys"]) == ("0890", "0890", "2 0")
    assert call["presses"] == [{"key": "2", "at": 1.0}, {"key": "0", "at": 7.0}]
    assert call["events"][0] == {
        "t": 0.0, "node": "0890", "event": "dial", "detail": "0890 (demo)", "menu": "demo"
    }  # fmt: skip
    assert call["events"][-1]["event"] == "agent"


def test_call_silent_with_empty_keys(capsys, menu):
    code, out, _ = run(capsys, "call", str(menu), "--dial", "0890", "--keys", "", "--json")
    assert code == 0
    assert json.loads(out)["outcome"] == "hangup"


def test_call_without_keys_and_no_terminal_stays_silent(menu):
    proc = run_module("call", str(menu), "--dial", "0890")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1] == "-> hangup at 'bye' after 61 s"


def test_call_not_served(capsys, menu):
    code, out, _ = run(
        capsys, "call", str(menu), "--dial", "0890", "--keys", "0", "--caller", "network=other"
    )
    assert code == 0
    assert out.splitlines()[-1].startswith("-> not-served")


def test_call_at(capsys, menu):
    code, out, _ = run(
        capsys, "call", str(menu), "--dial", "0890", "--keys", "0", "--at", "23:30", "--json"
    )
    assert code == 0
    assert json.loads(out)["outcome"] == "hangup"


@pytest.mark.parametrize(
    ("caller", "message"),
    [
        ("network", "--caller takes name=value or a value alone, not 'network'"),
        ("network=", "not 'network='"),
        ("=mts", "not '=mts'"),
        ("network=mts;location=home", "'mts;location=home' is not a value"),
        (
            "netwrk=mts",
            "caller attribute 'netwrk' is not declared by this hotline (network) "
            "(did you mean 'network'?)",
        ),
        (
            "network=mst",
            "'mst' is not a value of caller attribute 'network' (mts, other) (did you mean 'mts'?)",
        ),
    ],
)
def test_call_caller_errors(capsys, menu, caller, message):
    code, out, err = run(
        capsys, "call", str(menu), "--dial", "0890", "--keys", "0", "--caller", caller
    )
    assert code == 2
    assert out == ""
    assert err.startswith("ivr: ")
    assert message in err


def test_parse_caller():
    assert parse_caller("network=mts, location = home ,") == {"network": "mts", "location": "home"}
    assert parse_caller("") == parse_caller(None) == {}


def test_call_unknown_dial(capsys, menu):
    code, out, err = run(capsys, "call", str(menu), "--dial", "0891", "--keys", "0")
    assert code == 2
    assert err == "ivr: no entry of this hotline answers '0891' (did you mean '0890'?)\n"


@pytest.mark.parametrize(
    ("keys", "hint"), [("2 a", "(did you mean 'A'?)"), ("2 x", ""), ("12 0", "")]
)
def test_call_bad_keys(capsys, menu, keys, hint):
    code, _, err = run(capsys, "call", str(menu), "--dial", "0890", "--keys", keys)
    assert code == 2
    assert "is not a telephone key" in err
    assert err.rstrip().endswith(hint)


@pytest.mark.parametrize("at", ["25:00", "noon", "12"])
def test_call_bad_time(capsys, menu, at):
    code, _, err = run(capsys, "call", str(menu), "--dial", "0890", "--keys", "0", "--at", at)
    assert code == 2
    assert f"ivr: '{at}' is not a time of day HH:MM" in err


def test_call_needs_dial_only_with_several_numbers(capsys, menu):
    code, out, _ = run(capsys, "call", str(menu), "--keys", "2 0", "--caller", "network=mts")
    assert code == 0 and "-> agent" in out  # the one number, 0890
    code, _, err = run(capsys, "call", str(ROOT / "menus/mts"), "--keys", "0")
    assert code == 2
    assert "--dial" in err


def test_call_bad_menu(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MENU.replace('"2": services', '"2": servces'), encoding="utf-8")
    code, out, err = run(capsys, "call", str(path), "--dial", "0890", "--keys", "2 0")
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}:15:")
    assert "did you mean 'services'" in err


# -- the program -------------------------------------------------------------------------------


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out == f"ivr {ivr.__version__}\n"


def test_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "check" in out
    assert "call" in out


def test_no_subcommand(capsys):
    code, out, err = run(capsys)
    assert code == 2
    assert out == ""
    assert "usage: ivr" in err


def test_unknown_subcommand(capsys):
    code, _, err = run(capsys, "chek")
    assert code == 2
    assert "invalid choice: 'chek'" in err


def test_unknown_option(capsys, menu):
    code, _, err = run(capsys, "check", "--jsn", str(menu))
    assert code == 2
    assert "ivr: unrecognized arguments: --jsn" in err


def test_python_m_ivr(menu):
    proc = run_module("check", str(menu))
    assert proc.returncode == 0
    assert proc.stdout.endswith("2 documented paths hold in 1 file(s)\n")
    assert proc.stderr == ""


def test_python_m_ivr_version_and_usage():
    assert run_module("--version").stdout == f"ivr {ivr.__version__}\n"
    proc = run_module()
    assert proc.returncode == 2
    assert "usage: ivr" in proc.stderr


def test_python_m_ivr_exit_1_and_json(broken):
    proc = run_module("check", "--json", str(broken))
    assert proc.returncode == 1
    check_json_shape(json.loads(proc.stdout))


def test_check_of_a_folder_of_hotlines_checks_each(capsys):
    assert main(["check", str(ROOT / "menus")]) == 0
    out = capsys.readouterr().out
    claims = len(ivr.load(ROOT / "menus" / "mts").claims())
    assert f"{claims} documented paths hold" in out


def test_a_folder_of_hotlines_where_one_hotline_is_needed_names_them(capsys):
    assert main(["route", str(ROOT / "menus")]) == 2
    err = capsys.readouterr().err
    assert "folder holds no menu files (*.yaml); it holds hotlines:" in err
    assert str(ROOT / "menus" / "mts") in err

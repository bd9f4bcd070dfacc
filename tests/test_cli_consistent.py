"""Issue 14, item 1: the CLI made consistent — each point a new user tripped over, as a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO, ROOT, run_ivr
from conftest import run_main as run

import ivr

MTS = str(ROOT / "menus" / "mts")


# -- routes ----------------------------------------------------------------------------------


def test_k_alternatives_when_the_best_route_needs_no_keys():
    corporate = {"network": "other", "location": "home", "segment": "corporate"}
    found = ivr.routes(ivr.load(MTS), corporate, k=3)
    assert len(found) == 3
    assert found[0].keys == ()  # the corporate line answers at once
    assert len({(r.entry.id, r.keys) for r in found}) == 3


def test_repeated_caller_options_merge(capsys):
    code, out, _ = run(capsys, "route", MTS, "--caller", "network=other", "--caller",
                       "location=abroad", "--json")  # fmt: skip
    assert code == 0
    [route] = json.loads(out)["routes"]
    assert route["caller"]["network"] == "other"
    assert route["caller"]["location"] == "abroad"


def test_caller_values_alone(capsys):
    code, out, _ = run(capsys, "route", MTS, "--caller", "mts,abroad", "--json")
    assert code == 0
    [route] = json.loads(out)["routes"]
    assert (route["caller"]["network"], route["caller"]["location"]) == ("mts", "abroad")


def test_an_ambiguous_or_unknown_caller_value_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(
        "ivr: 1\ncaller: {here: [yes, no], there: [yes, no]}\n"
        "entries: [{dial: '0890', start: human}]\nnodes: {human: {type: agent}}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "route", str(path), "--caller", "yes")
    assert code == 2
    assert "'yes' belongs to here and there" in err and "here=yes" in err
    code, _, err = run(capsys, "route", MTS, "--caller", "mts,hom")
    assert code == 2 and "did you mean 'home'?" in err


def test_callers_lists_attributes_values_and_words(capsys):
    code, out, _ = run(capsys, "callers", MTS)
    assert code == 0
    first = out.splitlines()[0].split()
    assert first[:2] == ["network", "mts"] and "(default)" in out
    assert "another operator's SIM" in out
    code, out, _ = run(capsys, "callers", MTS, "--format", "json")
    data = json.loads(out)
    assert data["version"] == 1
    names = [a["name"] for a in data["attributes"]]
    assert names == ["network", "location", "segment"]


def test_route_exits_1_when_a_caller_has_no_route_in_table_and_json(capsys, demo_file):
    code, out, _ = run(capsys, "route", str(demo_file))
    assert code == 1
    assert "no entry serves this caller" in out
    code, out, _ = run(capsys, "route", str(demo_file), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["unreached"] and data["unreached"][0]["why"] == "no entry serves this caller"
    code, out, _ = run(capsys, "route", str(demo_file), "--caller", "network=other", "--json")
    assert code == 1
    assert json.loads(out)["routes"] == []


def test_the_table_fits_100_columns_and_explains_its_symbols(capsys):
    code, out, _ = run(capsys, "route", MTS)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.splitlines()[0].split()[:3] == ["network", "location", "segment"]
    keys = {k for line in out.splitlines()[1:49] for k in line.split()[4:5]}
    assert "'-': press nothing" in out
    assert ("_" in keys) == ("'_': stay silent until the menu moves on" in out)
    assert "evidence: what the route rests on" in out


def test_route_object_gives_dial_string_tel_and_json():
    route = ivr.routes(ivr.load(MTS), caller={"network": "other", "location": "home"})[0]
    data = route.to_json()
    assert route.keys and route.dial_string() == data["dial_string"]
    assert route.dial_string().endswith("," + route.keys[-1])
    assert route.dial_string("W") == data["dial_string_w"] and "W" in data["dial_string_w"]
    assert route.tel() == data["tel"] and route.tel().startswith("tel:+7-")


# -- calls -----------------------------------------------------------------------------------


def test_keys_piped_into_call_are_pressed():
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, "-m", "ivr", "call", MTS, "--dial", "0890", "--caller", "mts,home"],
        input="2 0\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "-> agent at 'agent' after 36 s"


def test_simulate_refuses_what_keys_refuses():
    hotline = ivr.load(MTS)
    for keys in ("2 x", "ten"):
        with pytest.raises(ivr.IvrError, match="is not a telephone key"):
            ivr.simulate(hotline, "0890", keys, {"network": "mts"})
        assert run_ivr("call", MTS, "--dial", "0890", "--keys", keys).returncode == 2


def test_a_call_not_served_names_no_node(capsys):
    code, out, _ = run(capsys, "call", MTS, "--dial", "0890", "--caller", "other", "--keys", "")
    assert code == 0
    assert out.splitlines()[-1] == "-> not-served after 0 s"
    assert "None" not in out


def test_call_json_has_a_version(capsys):
    code, out, _ = run(capsys, "call", MTS, "--dial", "0890", "--keys", "2 0", "--json")
    data = json.loads(out)
    assert (code, data["version"], data["outcome"]) == (0, 1, "agent")
    code, out2, _ = run(capsys, "call", MTS, "--dial", "0890", "--keys", "2 0", "--format", "json")
    assert out2 == out


def test_json_and_format_disagreeing_is_a_usage_error(capsys):
    code, _, err = run(capsys, "route", MTS, "--json", "--format", "text")
    assert code == 2 and "disagree" in err


# -- check, diff, pytest ---------------------------------------------------------------------


def test_a_file_that_transfers_to_a_sibling_is_checked_on_its_own(capsys):
    code, out, _ = run(capsys, "check", str(ROOT / "menus" / "mts" / "international.yaml"))
    assert code == 0, out
    assert "hold" in out.splitlines()[-1]


def test_a_quoted_format_version_says_what_is_wrong(capsys, tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text('ivr: "1"\nentries: [{dial: "0890", start: a}]\nnodes: {a: {type: hangup}}\n')
    code, out, _ = run(capsys, "check", str(path))
    assert code == 2
    assert "must be a whole number, not '1' (write the number without quotes)" in out
    assert "seconds" not in out


def test_diff_says_a_broken_claim_once(capsys, tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(DEMO, encoding="utf-8")
    new.write_text(DEMO.replace('"0": human', '"0": bye'), encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(old), str(new))
    assert code == 1
    line = next(ln for ln in out.splitlines() if "claim broke" in ln)
    assert line.strip().startswith("claim broke: documented: dial 0890")
    assert "claim broke: documented claim broke" not in out


def test_a_load_error_has_one_rule_id_in_every_format(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(DEMO.replace("next: main}", "next: mian}", 1), encoding="utf-8")
    _, out, _ = run(capsys, "check", str(path), "--json")
    [finding] = json.loads(out)["findings"]
    _, github, _ = run(capsys, "check", str(path), "--format", "github")
    _, junit, _ = run(capsys, "check", str(path), "--format", "junit")
    assert finding["rule"] == "unknown-reference"
    assert "title=unknown-reference::" in github
    assert 'type="unknown-reference"' in junit


def test_pytest_ivr_at_the_root_runs_only_the_menus():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--ivr", "menus/mts",
         "--collect-only", "-q"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    counts = [ln.rsplit(": ", 1) for ln in done.stdout.splitlines() if ln.count(": ") == 1]
    files = [f for f, n in counts if n.isdigit()]
    assert files == ["menus/mts/federal.yaml", "menus/mts/international.yaml",
                     "menus/mts/short.yaml"], done.stdout[-2000:]  # fmt: skip


def test_a_check_report_has_a_short_repr():
    report = ivr.check(MTS)
    shown = repr(report)
    assert shown == (f"Report(files=3, documented={len(report.results)}, broken=0, "
                     f"findings={len(report.findings)}, errors=0)")  # fmt: skip


# -- the library and the shipped hotline ------------------------------------------------------


def test_render_and_lock_are_library_functions(tmp_path):
    assert ivr.render(MTS + "/short.yaml", "mermaid").startswith("flowchart LR")
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "demo.yaml").write_text(DEMO, encoding="utf-8")
    status, messages, path = ivr.lock(folder)
    assert status == 0 and path == folder / "ivr.lock.json" and path.is_file()
    assert ivr.lock(folder)[1][0].endswith("up to date (2 caller contexts)")


def test_hotlines_lists_the_shipped_ones(capsys):
    code, out, _ = run(capsys, "hotlines", "--json")
    [mts] = json.loads(out)["hotlines"]
    assert mts["id"] == "mts"
    assert {f["file"] for f in mts["files"]} == {"federal.yaml", "international.yaml", "short.yaml"}


def test_the_mts_hotline_ships_in_the_package(tmp_path):
    """The build step puts menus/ into the package; ``ivr route mts`` then works from a
    folder with no checkout, on the built package alone."""
    lib = tmp_path / "lib"
    build = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert sorted(p.name for p in (lib / "ivr" / "hotlines" / "mts").iterdir()) == [
        "federal.yaml", "international.yaml", "short.yaml"]  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(lib)
    done = subprocess.run(
        [sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
         "from ivr.cli.app import main; sys.exit(main(sys.argv[2:]))", str(lib),
         "route", "mts", "--caller", "mts,abroad", "--json"],
        cwd=elsewhere, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [route] = json.loads(done.stdout)["routes"]
    assert Path(route["file"]).parts[-3:] == ("hotlines", "mts", "international.yaml")


# -- the progress bar ------------------------------------------------------------------------


class _Tty:
    """A terminal stand-in: what the bar writes, and isatty() True."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_and_none_in_pipes_or_ci(monkeypatch):
    from ivr import progress as p

    monkeypatch.setattr(p, "DELAY", 0.0)
    monkeypatch.setattr(p, "EVERY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    tty = _Tty()
    assert list(p.progress(["a", "b"], "checking", stream=tty)) == ["a", "b"]  # type: ignore[arg-type]
    assert "checking  [###############---------------]  1/2" in tty.text
    assert tty.text.endswith("\r\x1b[K")  # the line is cleared at the end
    monkeypatch.setenv("CI", "true")
    tty = _Tty()
    list(p.progress(["a", "b"], "checking", stream=tty))  # type: ignore[arg-type]
    assert tty.text == ""
    import io

    monkeypatch.delenv("CI")
    assert not p.wanted(io.StringIO())

# ruff: noqa: E501  (menus written inline, one node a line)
"""``ivr lock``: the best routes per caller, a ``routes-lock`` finding when they change, and an
atomic write that a kill cannot tear."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import ivr
from ivr.checking.lockfile import build_lock, lock_path, lock_text, read_lock, write_lock
from ivr.checking.runner import check
from ivr.cli.app import main
from ivr.lint.config import Config

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"

MENU = """\
ivr: 1
caller: {network: [mts, other]}
entries:
  - {dial: "0890", start: main, when: {network: mts}}
  - {dial: "8 800 250 08 90", start: main}
nodes:
  main: {type: menu, say: "Balance - 1, operator - 0", options: {"1": balance, "0": human}, timeout: {after: 5, to: main}, invalid: main, retries: {max: 3, then: bye}}
  balance: {type: prompt, say: "Your balance", duration: 4, next: main}
  human: {type: agent}
  bye: {type: hangup}
"""
MOVED = MENU.replace("operator - 0", "operator - 9").replace('"0": human}', '"9": human}')


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "main.yaml").write_text(MENU, encoding="utf-8")
    return folder


def lock(*argv: str) -> int:
    return main(["lock", *argv])


def test_lock_paths():
    assert lock_path("menus/mts") == Path("menus/mts/ivr.lock.json")
    assert lock_path("menus/mts/short.yaml") == Path("menus/mts/short.lock.json")


def test_lock_writes_best_routes_per_caller(demo, capsys):
    assert lock(str(demo)) == 0
    assert "wrote the best routes of 2 caller contexts" in capsys.readouterr().out
    text = (demo / "ivr.lock.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert [r["caller"] for r in data["routes"]] == [{"network": "mts"}, {"network": "other"}]
    mts = data["routes"][0]["route"]
    assert (mts["dial"], mts["keys"], mts["outcome"], mts["node"]) == (
        "0890",
        "0",
        "agent",
        "human",
    )
    assert mts["file"] == "main.yaml"  # no absolute path: the lock does not depend on the cwd
    assert str(demo) not in text
    assert data["routes"][1]["route"]["dial"] == "8 800 250 08 90"


def test_lock_is_stable_and_check_is_clean(demo, capsys):
    assert lock(str(demo)) == 0
    before = (demo / "ivr.lock.json").read_bytes()
    assert lock(str(demo)) == 0
    assert "up to date" in capsys.readouterr().out
    assert (demo / "ivr.lock.json").read_bytes() == before
    report = check(demo, config=Config())
    assert not [d for d in report.findings if d.rule == "routes-lock"]
    assert report.exit_code == 0


def test_changed_route_is_a_finding_until_update(demo, capsys):
    assert lock(str(demo)) == 0
    before = (demo / "ivr.lock.json").read_bytes()
    (demo / "main.yaml").write_text(MOVED, encoding="utf-8")

    assert main(["check", str(demo)]) == 1
    out = capsys.readouterr().out
    assert f"{demo / 'ivr.lock.json'}:5:5: network=mts: best route changed" in out
    assert "dial 0890, 0 -> agent 'human'" in out and "dial 0890, 9 -> agent 'human'" in out
    assert "[routes-lock]" in out and "ivr lock --update" in out

    # without --update the lock is not overwritten: exit 1 with the differences
    assert lock(str(demo)) == 1
    out = capsys.readouterr().out
    assert "network=other: best route changed" in out and "differs" in out
    assert (demo / "ivr.lock.json").read_bytes() == before

    assert lock("--update", str(demo)) == 0
    assert (demo / "ivr.lock.json").read_bytes() != before
    assert main(["check", str(demo)]) == 0


def test_lost_route_and_new_caller(demo):
    assert write_lock(ivr.load(demo))[0] == 0
    lost = MENU.replace('  - {dial: "8 800 250 08 90", start: main}\n', "")
    lost = lost.replace(
        "caller: {network: [mts, other]}", "caller: {network: [mts, other, foreign]}"
    )
    (demo / "main.yaml").write_text(lost, encoding="utf-8")
    report = check(demo, config=Config())
    messages = [d.message for d in report.findings if d.rule == "routes-lock"]
    assert any("network=other: best route changed" in m and "to no route" in m for m in messages)
    assert any("network=foreign: a caller the lock does not know" in m for m in messages)


def test_lock_of_a_single_file(tmp_path, capsys):
    path = tmp_path / "one.yaml"
    path.write_text(MENU, encoding="utf-8")
    assert lock(str(path)) == 0
    assert (tmp_path / "one.lock.json").is_file()
    path.write_text(MOVED, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert "one.lock.json" in capsys.readouterr().out


def test_unreadable_lock_is_a_finding_and_update_repairs_it(demo, capsys):
    (demo / "ivr.lock.json").write_text("{not json", encoding="utf-8")
    [d] = [d for d in check(demo, config=Config()).findings if d.rule == "routes-lock"]
    assert "routes lock unreadable: not valid JSON" in d.message
    assert lock(str(demo)) == 1
    assert lock("--update", str(demo)) == 0
    read_lock(demo / "ivr.lock.json")


def test_routes_lock_can_be_disabled(demo):
    assert write_lock(ivr.load(demo))[0] == 0
    (demo / "main.yaml").write_text(MOVED, encoding="utf-8")
    assert check(demo, config=Config()).exit_code == 1
    quiet = Config.from_table({"disable": ["routes-lock"]})
    assert check(demo, config=quiet).exit_code == 0
    lowered = Config.from_table({"severity": {"routes-lock": "warning"}})
    assert check(demo, config=lowered).exit_code == 0


def test_lock_at_another_hour_is_kept(demo):
    assert write_lock(ivr.load(demo), at="03:00")[0] == 0
    assert read_lock(demo / "ivr.lock.json")["at"] == "03:00"
    assert not [d for d in check(demo, config=Config()).findings if d.rule == "routes-lock"]


def test_lock_usage_errors(capsys, tmp_path):
    assert lock(str(tmp_path / "missing")) == 2
    assert lock("--at", "25:00", str(tmp_path)) == 2


def test_lock_of_the_mts_menus(tmp_path):
    folder = tmp_path / "mts"
    shutil.copytree(MTS, folder, ignore=shutil.ignore_patterns("*.lock.json"))
    hotline = ivr.load(folder)
    data = build_lock(hotline)
    # 4 networks x 4 locations x 3 segments, but the callers that cannot exist (a landline in
    # national roaming, a foreign SIM at home or in national roaming: 3 x 3)
    assert len(data["routes"]) == 4 * 4 * 3 - 3 * 3
    assert all(
        r["route"] is None or r["route"]["outcome"] in ("agent", "callback") for r in data["routes"]
    )
    assert write_lock(hotline)[0] == 0
    assert not [d for d in check(folder, config=Config()).findings if d.rule == "routes-lock"]


# -- atomic writes ----------------------------------------------------------------------------
def test_failed_replace_leaves_the_old_lock_and_no_temp_file(demo, monkeypatch):
    assert write_lock(ivr.load(demo))[0] == 0
    before = (demo / "ivr.lock.json").read_bytes()
    (demo / "main.yaml").write_text(MOVED, encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_lock(ivr.load(demo), update=True)
    assert (demo / "ivr.lock.json").read_bytes() == before
    assert sorted(p.name for p in demo.iterdir()) == ["ivr.lock.json", "main.yaml"]


KILLED_WRITER = """
import os, sys, time
import ivr
from ivr.checking.lockfile import write_lock

def stall(fd):  # the new text is in the temp file, not yet in place: die here
    print("writing", flush=True)
    time.sleep(120)

os.fsync = stall
write_lock(ivr.load(sys.argv[1]), update=True)
print("finished", flush=True)
"""


def test_kill_mid_write_leaves_the_old_lock_intact(demo):
    assert write_lock(ivr.load(demo))[0] == 0
    before = (demo / "ivr.lock.json").read_bytes()
    (demo / "main.yaml").write_text(MOVED, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(demo)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "writing"
        temp = [p for p in demo.iterdir() if p.name.endswith(".tmp")]
        assert temp, "the writer should be writing a temporary file beside the lock"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert (demo / "ivr.lock.json").read_bytes() == before
    read_lock(demo / "ivr.lock.json")
    # the old lock still guards the menus: the change is reported, nothing is half-written
    report = check(demo, config=Config())
    assert [d.rule for d in report.findings if d.severity == "error"] == ["routes-lock"] * 2


def test_lock_text_is_sorted_and_ends_with_a_newline():
    text = lock_text({"b": 1, "a": {"d": 2, "c": "й"}})
    assert text == '{\n  "a": {\n    "c": "й",\n    "d": 2\n  },\n  "b": 1\n}\n'

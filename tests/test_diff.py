# ruff: noqa: E501  (menus written inline, one node a line)
"""``ivr diff`` and ``ivr.diff``: structure, documented claims and routes per caller."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import ivr
from ivr.checking.diff.report import DiffReport
from ivr.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"

OLD = """\
ivr: 1
sources: {A: "support article"}
caller: {network: [mts, other]}
entries:
  - {dial: "0890", start: main, when: {network: mts}}
  - {id: federal, dial: "8 800 250 08 90", start: main}
nodes:
  main: {type: menu, say: "Balance - 1, operator - 0", duration: 6, options: {"1": balance, "0": human}, timeout: {after: 5, to: main}, invalid: main, retries: {max: 3, then: bye}}
  balance: {type: prompt, say: "Your balance is 100 roubles", duration: 4, next: main}
  human: {type: agent, queue: support}
  bye: {type: hangup}
documented:
  - {dial: "0890", keys: "0", caller: {network: mts}, expect: agent, source: A}
"""


def hotline_diff(tmp_path: Path, old: str, new: str) -> DiffReport:
    (tmp_path / "old").mkdir(exist_ok=True)
    (tmp_path / "new").mkdir(exist_ok=True)
    (tmp_path / "old" / "main.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new" / "main.yaml").write_text(new, encoding="utf-8")
    return ivr.diff(tmp_path / "old", tmp_path / "new")


def kinds(report: DiffReport) -> set[tuple[str, str]]:
    return {(c.kind, c.action) for c in report.changes}


def test_no_change(tmp_path):
    report = hotline_diff(tmp_path, OLD, OLD)
    assert report.changes == [] and report.exit_code == 0
    assert "no changes" in report.text()


def test_option_key_changed_on_the_documented_path(tmp_path):
    new = OLD.replace('"0": human}', '"9": human}').replace("operator - 0", "operator - 9")
    report = hotline_diff(tmp_path, OLD, new)
    assert report.exit_code == 1
    assert {
        ("option", "removed"),
        ("option", "added"),
        ("prompt", "changed"),
        ("claim", "broke"),
    } <= kinds(report)
    [broke] = [c for c in report.changes if c.action == "broke"]
    assert 'dial 0890, keys "0" as network=mts' in broke.message
    assert "was agent at 'human'" in broke.message and "now hangup at 'bye'" in broke.message
    assert broke.loc.line == 13 and broke.loc.file.endswith("new/main.yaml")
    # the route changed keys, as short and as fast: not a regression for a caller no claim
    # covered; for the MTS SIM the claim that documented it broke (docs/evidence.md)
    routes = {c.callers: c for c in report.changes if c.kind == "route"}
    assert sorted(routes) == [("network=mts",), ("network=other",)]
    other, mts = routes[("network=other",)], routes[("network=mts",)]
    assert other.action == "changed" and not other.regression
    assert mts.action == "less backed" and mts.regression
    assert "documented -> inferred" in mts.message


def test_longer_slower_and_lost_routes(tmp_path):
    deeper = OLD.replace('"0": human}', '"0": more}').replace(
        "  bye: {type: hangup}",
        '  bye: {type: hangup}\n  more: {type: menu, say: "Operator - 0", duration: 3, options: {"0": human}, timeout: {after: 5, to: more}, invalid: more}',
    )
    report = hotline_diff(tmp_path, OLD, deeper)
    actions = {c.action for c in report.regressions}
    assert {"longer", "slower"} <= actions
    longer = [c for c in report.regressions if c.action == "longer"]
    assert all("1 -> 2 key presses" in c.message for c in longer)
    assert sorted(c.callers for c in longer) == [("network=other",)]
    # the MTS SIM's claim breaks: its route loses the claim's backing before anything else
    assert [c.callers for c in report.regressions if c.action == "less backed"] == [
        ("network=mts",)
    ]
    assert report.exit_code == 1

    no_human = OLD.replace("  human: {type: agent, queue: support}", "  human: {type: hangup}")
    report = hotline_diff(tmp_path, OLD, no_human)
    lost = [c for c in report.changes if c.action == "lost"]
    assert lost and lost[0].regression and "no way to a human any more" in lost[0].message
    assert ("node", "changed") in kinds(report)


def test_costlier_route_and_entry_change(tmp_path):
    paid = OLD.replace(
        '{id: federal, dial: "8 800 250 08 90", start: main}',
        '{id: federal, dial: "8 800 250 08 90", start: main, cost: {per_minute: 5, currency: RUB}}',
    )
    report = hotline_diff(tmp_path, OLD, paid)
    assert ("entry", "changed") in kinds(report)
    [entry] = [c for c in report.changes if c.kind == "entry"]
    assert "cost free -> 5 RUB/min" in entry.message
    [costlier] = [c for c in report.changes if c.action == "costlier"]
    assert costlier.regression and costlier.callers == ("network=other",)
    assert report.exit_code == 1


def test_improvements_are_not_regressions(tmp_path):
    shortcut = OLD.replace(
        "start: main, when: {network: mts}}", "start: human, when: {network: mts}}"
    )
    report = hotline_diff(tmp_path, OLD, shortcut)
    assert report.exit_code == 0
    better = {c.action for c in report.improvements}
    assert "shorter" in better and "faster" in better
    assert all(c.callers == ("network=mts",) for c in report.improvements)


def test_gained_route_and_fixed_claim(tmp_path):
    broken = OLD.replace("  human: {type: agent, queue: support}", "  human: {type: hangup}")
    report = hotline_diff(tmp_path, broken, OLD)
    assert ("route", "gained") in kinds(report) and ("claim", "fixed") in kinds(report)
    assert report.exit_code == 0


def test_nodes_entries_and_claims_added_and_removed(tmp_path):
    new = (
        OLD.replace('  - {id: federal, dial: "8 800 250 08 90", start: main}\n', "")
        .replace(
            "  bye: {type: hangup}",
            "  bye: {type: hangup}\n  promo: {type: prompt, say: Promo, duration: 3, next: main}",
        )
        .replace(
            "expect: agent, source: A}",
            'expect: agent, source: A}\n  - {dial: "0890", keys: "1", caller: {network: mts}, expect: agent, source: A}',
        )
    )
    report = hotline_diff(tmp_path, OLD, new)
    assert {("entry", "removed"), ("node", "added"), ("claim", "added")} <= kinds(report)
    [added] = [c for c in report.changes if (c.kind, c.action) == ("claim", "added")]
    # "1" and then silence: the balance, the menu again, three timeouts, the hangup
    assert added.regression and "it does not hold: hangup at 'bye'" in added.message
    lost_other = [c for c in report.changes if c.action == "lost"]
    assert lost_other and lost_other[0].callers == ("network=other",)


def test_removed_claim_that_no_longer_holds_is_a_regression(tmp_path):
    new = OLD.replace('"0": human}', '"9": human}').replace(
        '  - {dial: "0890", keys: "0", caller: {network: mts}, expect: agent, source: A}\n', ""
    )
    new = new.replace("documented:\n", "")
    report = hotline_diff(tmp_path, OLD, new)
    [c] = [c for c in report.changes if c.kind == "claim"]
    assert c.action == "broke" and c.regression and "removed and no longer holds" in c.message
    assert c.loc.file.endswith("old/main.yaml")


# -- formats and the command line -------------------------------------------------------------
@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(OLD.replace('"0": human}', '"0": balance}'), encoding="utf-8")
    return old, new


def test_cli_exit_statuses(pair, capsys, tmp_path):
    old, new = pair
    assert main(["diff", str(old), str(old)]) == 0
    assert main(["diff", str(old), str(new)]) == 1
    assert main(["diff", str(old), str(tmp_path / "missing.yaml")]) == 2
    assert main(["diff", str(old)]) == 2
    assert main(["diff", str(old), str(new), "--rev", "HEAD"]) == 2
    assert main(["diff", "--format", "xml", str(old), str(new)]) == 2
    err = capsys.readouterr().err
    assert "give two paths" in err and "no such file" in err


def test_text_format(pair, capsys):
    old, new = pair
    main(["diff", str(old), str(new)])
    out = capsys.readouterr().out
    assert out.startswith(f"ivr diff {old} -> {new}\nRegressions (")
    # two lone files are one menu before and after, whatever their names
    assert "option changed: 'main' in new: option 0 now goes to 'balance' (was 'human')" in out
    assert "route lost: network=mts: no way to a human any more" in out
    assert out.rstrip().splitlines()[-1].startswith("3 regression(s)")


def test_json_format(pair, capsys):
    old, new = pair
    assert main(["diff", "--format", "json", str(old), str(new)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1 and data["old"] == str(old) and data["new"] == str(new)
    assert data["summary"]["regressions"] == len([c for c in data["changes"] if c["regression"]])
    for c in data["changes"]:
        assert set(c) == {"kind", "action", "subject", "message", "regression", "improvement",
                          "before", "after", "file", "line", "callers"}  # fmt: skip


def test_markdown_format(pair, capsys):
    old, new = pair
    main(["diff", "--format", "markdown", str(old), str(new)])
    out = capsys.readouterr().out
    assert out.startswith("### ivr diff: regression\n")
    assert "#### Regressions (" in out and "| What | Where | Detail |" in out
    assert "| claim broke |" in out and f"`{new}:13`" in out
    main(["diff", "--format", "markdown", str(old), str(old)])
    assert capsys.readouterr().out.startswith("### ivr diff: no regression\n")


def test_library_takes_loaded_hotlines():
    hotline = ivr.load(MTS)
    report = ivr.diff(hotline, hotline)
    assert isinstance(report, DiffReport) and report.exit_code == 0 and not report.changes


def test_mts_option_removed_on_documented_path(tmp_path):
    folder = tmp_path / "mts"
    shutil.copytree(MTS, folder, ignore=shutil.ignore_patterns("*.lock.json"))
    short = folder / "short.yaml"
    text = short.read_text(encoding="utf-8")
    assert 'options: {"0": survey}' in text
    short.write_text(
        text.replace('options: {"0": survey}', 'options: {"9": survey}', 1), encoding="utf-8"
    )
    report = ivr.diff(MTS, folder)
    assert report.exit_code == 1
    assert any(c.kind == "claim" and c.action == "broke" for c in report.changes)


# -- against a git revision -------------------------------------------------------------------
def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_against_a_git_revision(tmp_path, capsys):
    repo = tmp_path / "repo"
    folder = repo / "menus" / "demo"
    folder.mkdir(parents=True)
    (folder / "main.yaml").write_text(OLD, encoding="utf-8")
    (folder / "notes.txt").write_text("not a menu", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "menus")
    assert main(["diff", str(folder), "--rev", "HEAD"]) == 0
    assert "no changes between HEAD:" in capsys.readouterr().out

    (folder / "main.yaml").write_text(OLD.replace('"0": human}', '"9": human}'), encoding="utf-8")
    assert main(["diff", str(folder), "--rev", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "claim broke" in out
    assert f"(HEAD:{folder}/main.yaml:" not in out  # the new side is named as it is

    from ivr.checking.diff.compare import diff_revision

    report = diff_revision(folder / "main.yaml", "HEAD")
    assert report.old == f"HEAD:{folder / 'main.yaml'}"
    removed = [c for c in report.changes if c.action == "removed" and c.kind == "option"]
    assert removed and removed[0].loc.file == str(folder / "main.yaml")  # shown on the new file

    assert main(["diff", str(folder), "--rev", "no-such-rev"]) == 2
    assert "--rev no-such-rev" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("rev", ["--output=written.txt", "-p"])
def test_a_revision_that_looks_like_an_option_is_not_one(tmp_path, capsys, rev):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.yaml").write_text(OLD, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "menus")
    assert main(["diff", str(repo / "main.yaml"), f"--rev={rev}"]) == 2
    assert f"--rev {rev}" in capsys.readouterr().err
    assert sorted(p.name for p in repo.iterdir()) == [".git", "main.yaml"]


def test_diff_offers_exactly_the_formats_its_report_prints(tmp_path, capsys):
    from ivr.checking.diff.report import FORMATS
    from ivr.cli.cmd_diff import FORMATS as CHOICES

    assert set(CHOICES) == set(FORMATS)
    report = hotline_diff(tmp_path, OLD, OLD)
    for fmt in CHOICES:
        assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", fmt]) == 0
        assert capsys.readouterr().out == report.render(fmt)

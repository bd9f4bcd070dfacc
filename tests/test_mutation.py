"""``ivr mutate``: every single change of the mutation operators, checked as ``ivr check``
checks, on small menus whose survivors are known from what their claims and lock test.

The demo menu below documents one path only: dial 100, press 1, reach ``sales``. So a mistake
on that path must be caught, and the same mistake on the undocumented path to ``support``
must survive, until a claim documents that path too.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import run_main as run

import ivr
from ivr.checking.lockfile import write_lock
from ivr.checking.mutate import CHECKS, OPERATORS, baseline, mutants, verdict
from ivr.cli.cmd_mutate import Bar

MENU = """\
ivr: 1
id: demo
sources: {T: {title: "the text"}}
caller: {network: [ours, other]}
entries:
  - {id: main, dial: "100", start: main, when: {network: ours}}
nodes:
  main:
    type: menu
    say: "Sales - 1, help - 2"
    duration: 4
    options: {"1": sales, "2": help}
    timeout: {after: 5, to: main}
    invalid: main
    retries: {max: 2, then: bye}
  help: {type: menu, say: "Support - 0", duration: 2, options: {"0": support}}
  sales: {type: agent}
  support: {type: agent}
  bye: {type: hangup, say: "Goodbye", duration: 2}
documented:
  - {dial: "100", keys: "1", caller: {network: ours}, expect: agent, node: sales, source: T}
"""
SUPPORT_CLAIM = (
    '  - {dial: "100", keys: "2 0", caller: {network: ours}, expect: agent, node: support, '
    "source: T}\n"
)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(MENU, encoding="utf-8")
    return path


def _results(path: Path, **kwargs) -> dict[str, str | None]:
    report = ivr.mutate(path, **kwargs)
    return {r.mutant.description: r.killed_by for r in report.results}


def test_a_mistake_on_the_documented_path_is_caught_and_off_it_survives(demo):
    got = _results(demo)
    for caught in ("agent 'sales' becomes a hangup", "option 1 of 'main' (to 'sales') removed",
                   "option 1 of 'main' moved to key 3",
                   "option 1 of 'main' goes to 'support' (was 'sales')"):  # fmt: skip
        assert got[caught] == "claims", caught
    for survives in ("agent 'support' becomes a hangup", "option 2 of 'main' (to 'help') removed",
                     "option 2 of 'main' moved to key 3",
                     "entry 'main' no longer requires network=ours"):  # fmt: skip
        assert got[survives] is None, survives


def test_documenting_the_other_path_kills_its_mutants(demo):
    before = ivr.mutate(demo)
    demo.write_text(MENU + SUPPORT_CLAIM, encoding="utf-8")
    after = _results(demo)
    assert after["agent 'support' becomes a hangup"] == "claims"
    assert after["option 2 of 'main' (to 'help') removed"] == "claims"
    assert after["option 0 of 'help' moved to key *"] == "claims"
    assert ivr.mutate(demo).score > before.score


def test_a_lint_error_kills_a_mutant(demo):
    # 'help' loses its only option: a menu with no way out, a dead end
    got = ivr.mutate(demo, operators=("remove-option",))
    by = {r.mutant.description: (r.killed_by, r.detail) for r in got.results}
    killed_by, detail = by["option 0 of 'help' (to 'support') removed"]
    assert killed_by == "lint"
    assert detail.startswith("dead-end:")


def test_the_routes_lock_kills_what_claims_miss(demo, capsys):
    widened = "entry 'main' no longer requires network=ours"
    assert _results(demo)[widened] is None  # no lock: the best routes are not compared
    assert _results(demo, as_locked=True)[widened] == "lock"  # another network now gets a route
    assert write_lock(ivr.load(demo))[0] == 0
    assert _results(demo)[widened] == "lock"
    assert ivr.mutate(demo).locks == {str(demo): "file"}


def test_a_mutant_that_would_not_load_is_killed(demo):
    base = baseline(ivr.load(demo))
    h = base.hotline
    m = h.menus[0]
    first = replace(m.nodes[0], invalid="nowhere")
    broken = replace(h, menus=(replace(m, nodes=(first, *m.nodes[1:])),))
    found = verdict(base, broken)
    assert found is not None and found[0] == "load"
    assert "nowhere" in found[1]


ALL = MENU.replace(
    "  bye:",
    "  route:\n    type: branch\n    cases:\n      - {when: {network: ours}, to: sales}\n"
    "    else: bye\n  bye:",
).replace("when: {network: ours}}", "when: {network: [ours, other]}}")
# one mutant of each operator in ALL, and the text its location points at
LOCATED = {
    "hangup": ("agent 'sales' becomes a hangup", "agent}"),
    "remove-option": ("option 2 of 'main' (to 'help') removed", "help}"),
    "option-key": ("option 0 of 'help' moved to key *", "support}"),
    "retarget": ("timeout of 'main' goes to 'bye' (was 'main')", "main}"),
    "remove-case": ("case 1 of 'route' (network=ours -> 'sales') removed", "{when"),
    "case-condition": ("case 1 of 'route': network=ours becomes network=other", "ours}"),
    "widen-when": ("entry 'main' no longer requires network=ours|other", "network"),
    "narrow-when": ("entry 'main' no longer serves network=other", "[ours, other]"),
    "barge-in": ("'help' no longer lets a key cut it short (barge_in: false)", "{type: menu"),
    "duration": ("'main' lasts 12 s (was 4)", "4"),
}


def test_every_operator_makes_mutants_located_at_what_they_change(tmp_path):
    path = tmp_path / "all.yaml"
    path.write_text(ALL, encoding="utf-8")
    lines = ALL.splitlines()
    found = {m.description: m for m in mutants(ivr.load(path))}
    assert {m.operator for m in found.values()} == set(OPERATORS)
    for operator, (description, text) in LOCATED.items():
        m = found[description]
        assert m.operator == operator and m.loc.file == str(path)
        assert lines[m.loc.line - 1][m.loc.col - 1 :].startswith(text), (description, m.loc)


def test_menu_files_are_not_rewritten(demo):
    before = demo.read_bytes(), demo.stat().st_mtime_ns
    ivr.mutate(demo)
    assert (demo.read_bytes(), demo.stat().st_mtime_ns) == before


def test_json_report_has_the_documented_shape(demo, capsys):
    code, out, _ = run(capsys, "mutate", str(demo), "--json")
    assert code == 0
    data = json.loads(out)
    assert {"version", "mutants", "killed", "survived"} <= set(data)
    assert data["version"] == 1
    assert data["killed"] < data["mutants"]
    assert len(data["survived"]) == data["mutants"] - data["killed"]
    for s in data["survived"]:
        assert set(s) >= {"file", "line", "col", "operator", "description"}
        assert s["file"] == str(demo) and s["operator"] in OPERATORS
    support = next(
        s for s in data["survived"] if s["description"] == "agent 'support' becomes a hangup"
    )
    assert (support["line"], support["col"]) == (18, 19)  # the 'agent' of 'support: {type: agent}'
    assert set(data["killed_by"]) == set(CHECKS)


def test_text_report_lists_survivors_and_the_score(demo, capsys):
    code, out, err = run(capsys, "mutate", str(demo))
    assert code == 0
    assert err == ""  # not a terminal: no progress bar
    lines = out.splitlines()
    assert f"{demo}:18:19: survived: agent 'support' becomes a hangup [hangup]" in lines
    report = ivr.mutate(demo)
    assert any(line.startswith(f"mutation score {report.score:.1%}: {report.killed} of "
                               f"{report.mutants} mutants killed") for line in lines)  # fmt: skip


def test_fail_under(demo, capsys):
    score = ivr.mutate(demo).score * 100
    assert run(capsys, "mutate", str(demo), "--fail-under", f"{score - 1:.1f}")[0] == 0
    assert run(capsys, "mutate", str(demo), "--fail-under", f"{score + 1:.1f}%")[0] == 1
    code, _, err = run(capsys, "mutate", str(demo), "--fail-under", "101")
    assert code == 2 and "between 0 and 100" in err


def test_processes_give_the_same_results(demo, capsys):
    one = json.loads(run(capsys, "mutate", str(demo), "--json")[1])
    two = json.loads(run(capsys, "mutate", str(demo), "--json", "-j", "2")[1])
    for data in (one, two):
        del data["seconds"]
    assert one == two


def test_menus_that_fail_the_check_are_refused(demo, capsys):
    demo.write_text(MENU.replace("node: sales", "node: support"), encoding="utf-8")
    code, _, err = run(capsys, "mutate", str(demo))
    assert code == 2
    assert "does not pass ivr check" in err


def test_progress_bar_only_on_a_terminal(monkeypatch, capsys):
    class Tty:
        def __init__(self, tty: bool):
            self.tty, self.text = tty, ""

        def isatty(self) -> bool:
            return self.tty

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

    for tty, ci, drawn in ((True, None, True), (False, None, False), (True, "true", False)):
        stream = Tty(tty)
        monkeypatch.setattr("sys.stderr", stream)
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        monkeypatch.setenv("TERM", "xterm")
        bar = Bar()
        for done in range(4):
            bar(done, 3)
        assert ("3/3 mutants" in stream.text) == drawn, (tty, ci)


def test_mts_humans_that_a_claim_reaches_cannot_become_a_hangup_unnoticed():
    hotline = ivr.load("menus/mts")
    report = ivr.mutate(hotline, operators=("hangup",))
    ends = set()
    for _menu, claim in hotline.claims():
        call = ivr.simulate(hotline, claim.dial, claim.keys, dict(claim.caller), claim.at)
        if not claim.disputed and call.outcome in ("agent", "callback"):
            ends.add((call.menu, call.node))
    assert ends
    for r in report.results:
        node = hotline.menus[r.mutant.menu].nodes[r.mutant.index]
        reached = (hotline.menus[r.mutant.menu].id, node.id) in ends
        assert r.killed == reached, r.mutant.description


def test_an_unknown_operator_is_a_usage_error_that_lists_them(demo, capsys):
    code, _, err = run(capsys, "mutate", str(demo), "--operator", "hangpu")
    assert code == 2
    assert "unknown mutation operator hangpu (did you mean 'hangup'?)" in err
    assert "remove-option" in err


def test_a_mutant_whose_route_search_runs_out_of_budget_is_killed_not_hung(demo, monkeypatch):
    from ivr.checking.mutate import judge
    from ivr.routing.budget import OutOfBudget

    base = judge.baseline(ivr.load(demo), as_locked=True)

    def exhausted(*args, **kwargs):
        raise OutOfBudget("the route search", "states", 11, 10, None)

    monkeypatch.setattr(judge, "build_lock", exhausted)
    found = judge.verdict(base, base.hotline)
    assert found is not None and found[0] == "budget"
    assert "stopped after 11 states" in found[1]

# ruff: noqa: E501  (menus written inline, one node a line)
"""Claims coverage: ``ivr.coverage``, ``ivr check --coverage`` and ``--fail-under``, its JSON,
Markdown, JUnit and GitHub output, and the pytest plugin's ``--ivr-coverage``."""

from __future__ import annotations

import importlib.metadata
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_main as run
from conftest import write_menu

import ivr
import ivr.testing.pytest_plugin  # noqa: F401  (imported once: see tests/test_plugin.py)
from ivr.checking.coverage import CLAIMABLE, INFERRED_ONLY, KINDS, NOT_REACHED, Counts
from ivr.model.types import HUMAN_TYPES
from ivr.report.markdown import escape

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"

# one claim: dial 100, press 1, reach sales. support is one sourced key away; 'old' no entry
# reaches; the timeout and the invalid key are the model's guesses
MENU = """\
ivr: 1
id: demo
sources: {T: {title: "the text"}}
entries:
  - {id: main, dial: "100", start: main, source: T}
  - {id: night, dial: "200", start: bye, source: T}
nodes:
  main: {type: menu, say: "Sales - 1, support - 2", duration: 4, options: {"1": sales, "2": support}, timeout: {after: 5, to: main}, invalid: main, source: T, inferred: [timeout, invalid]}
  sales: {type: agent}
  support: {type: agent}
  old: {type: callback, suppress: [unreachable, no-human]}
  bye: {type: hangup, say: "Goodbye", duration: 2}
documented:
  - {dial: "100", keys: "1", expect: agent, node: sales, source: T}
"""
SUPPORT = '  - {dial: "100", keys: "2", expect: agent, node: support, source: T}\n'


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_menu(tmp_path, MENU, "demo.yaml")


def _by_id(cov) -> dict[str, tuple[str, str]]:
    return {u.id: (u.kind, u.reason) for u in cov.uncovered}


def test_what_the_claim_walks_is_covered_and_the_rest_is_listed(demo):
    cov = ivr.coverage(ivr.load(demo))
    # nodes: main and sales walked; support, old, bye not
    assert cov.total("nodes") == Counts(2, 5)
    assert cov.total("humans") == Counts(1, 3)  # sales of sales, support, old
    assert cov.total("entries") == Counts(1, 2)  # 100 dialled, 200 not
    # edges: main's options 1 and 2, timeout, invalid; only option 1 walked
    assert cov.total("edges") == Counts(1, 4)
    assert cov.overall == Counts(2 + 1 + 1 + 1, 5 + 3 + 2 + 4)
    left = _by_id(cov)
    assert left["demo/support"] == ("human", CLAIMABLE)
    assert left["demo/old"] == ("human", NOT_REACHED)
    assert left["demo#night"] == ("entry", "no claim dials it")
    assert left["demo/main option 2 -> demo/support"] == ("edge", "sourced, but no claim takes it")
    kind, reason = left["demo/main timeout -> demo/main"]
    assert kind == "edge" and reason.startswith("inferred (") and "no claim takes it" in reason
    assert "demo/sales" not in left and "demo#main" not in left


def test_uncovered_items_point_at_their_lines(demo):
    cov = ivr.coverage(ivr.load(demo))
    lines = MENU.splitlines()
    for u in cov.uncovered:
        assert u.loc.file == str(demo)
        text = lines[u.loc.line - 1][u.loc.col - 1 :]
        if u.kind in ("human", "node"):  # the node's mapping, after its id
            before = lines[u.loc.line - 1][: u.loc.col - 1]
            assert before.strip() == u.id.split("/")[1] + ":" and text.startswith("{type"), u
        elif u.kind == "entry":
            assert text.startswith("{id: " + u.id.split("#")[1]), u
    option = next(u for u in cov.uncovered if u.id == "demo/main option 2 -> demo/support")
    assert lines[option.loc.line - 1][option.loc.col - 1 :].startswith("support}")


def test_reached_only_through_an_inferred_step(demo):
    demo.write_text(
        MENU.replace("inferred: [timeout, invalid]", "inferred: [timeout, invalid, options]"),
        encoding="utf-8",
    )
    assert _by_id(ivr.coverage(ivr.load(demo)))["demo/support"] == ("human", INFERRED_ONLY)


def test_a_claim_for_the_other_human_covers_it(demo):
    before = ivr.coverage(ivr.load(demo))
    demo.write_text(MENU + SUPPORT, encoding="utf-8")
    after = ivr.coverage(ivr.load(demo))
    assert after.total("humans") == Counts(2, 3)
    assert "demo/support" not in _by_id(after)
    assert after.percent > before.percent


def test_a_broken_claim_covers_nothing(demo):
    demo.write_text(MENU.replace("node: sales", "node: support"), encoding="utf-8")
    cov = ivr.coverage(ivr.load(demo))
    assert cov.total("humans").covered == 0 and cov.total("edges").covered == 0


def test_mts_counts_add_up():
    hotline = ivr.load(MTS)
    cov = ivr.coverage(hotline)
    humans = sum(n.type in HUMAN_TYPES for m in hotline.menus for n in m.nodes)
    assert cov.total("humans").total == humans
    assert cov.total("nodes").total == sum(len(m.nodes) for m in hotline.menus)
    assert cov.total("entries").total == sum(len(m.entries) for m in hotline.menus)
    assert set(cov.files) == {m.file for m in hotline.menus}
    for kind in KINDS:
        assert sum(c[kind].total for c in cov.files.values()) == cov.total(kind).total
    # every human no claim reaches is listed as such
    left = [u for u in cov.uncovered if u.kind == "human"]
    assert len(left) == humans - cov.total("humans").covered


def test_check_coverage_text(demo, capsys):
    code, out, _ = run(capsys, "check", str(demo), "--coverage")
    assert code == 0
    assert "claims coverage (what the documented claims walk):" in out
    assert f"{demo}:10:12: human demo/support: {CLAIMABLE}" in out
    total = next(line for line in out.splitlines() if line.strip().startswith("total"))
    assert "2/5" in total and "1/4" in total and "1/2" in total and "1/3" in total
    assert out.splitlines()[-1].endswith("; claims coverage 35.7%")
    code, plain, _ = run(capsys, "check", str(demo))
    assert "claims coverage" not in plain  # only when asked for


def test_check_coverage_json_shape(demo, capsys):
    code, out, _ = run(capsys, "check", str(demo), "--coverage", "--json")
    assert code == 0
    cov = json.loads(out)["coverage"]
    for kind in KINDS:
        assert set(cov[kind]) == {"covered", "total"}
    assert cov["humans"] == {"covered": 1, "total": 3}
    for u in cov["uncovered"]:
        assert set(u) >= {"file", "line", "col", "kind", "id", "reason"}
        assert u["kind"] in ("node", "edge", "entry", "human") and u["reason"]
    code, out, _ = run(capsys, "check", str(demo), "--json")
    assert "coverage" not in json.loads(out)


def test_fail_under(demo, capsys):
    assert run(capsys, "check", str(demo), "--fail-under", "30")[0] == 0
    code, out, err = run(capsys, "check", str(demo), "--fail-under", "40")
    assert code == 1
    assert "claims coverage 35.7% is below --fail-under 40%" in err
    assert "claims coverage (what" in out  # --fail-under measures, so it shows
    demo.write_text(MENU + SUPPORT, encoding="utf-8")
    assert run(capsys, "check", str(demo), "--fail-under", "40")[0] == 0
    assert run(capsys, "check", str(demo), "--fail-under", "x")[0] == 2


def test_markdown_for_a_pull_request(demo, capsys):
    code, out, _ = run(capsys, "check", str(demo), "--coverage", "--format", "markdown")
    assert code == 0
    assert out.startswith("### ivr check: passed\n")
    assert "#### Claims coverage: 35.7%" in out
    assert "| **total** | 2/5 | 1/4 | 1/2 | 1/3 | 35.7% |" in out
    assert "<details><summary>Not reached by any documented claim (" in out
    assert "human `demo/support`" in out


def test_markdown_escapes_menu_text():
    assert escape("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert escape("a | b") == "a \\| b"
    assert escape("call @support now") == "call \\@support now"
    assert "\n" not in escape("two\nlines")
    assert escape("[link](http://x)") == "\\[link\\](http://x)"


def test_markdown_without_coverage_lists_findings(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(MENU.replace("node: sales", "node: support"), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "markdown")
    assert code == 1 and out.startswith("### ivr check: failed")
    assert "| where | severity | finding | rule |" in out
    assert "documented-claim-broken" in out
    assert "Claims coverage" not in out


def test_junit_reports_coverage_per_file(demo, capsys):
    code, out, _ = run(capsys, "check", str(demo), "--coverage", "--format", "junit")
    assert code == 0
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["ivr.coverage.humans"] == "1/3"
    assert props["ivr.coverage.percent"] == "35.7"
    children = [child.tag for child in suite]
    assert children[0] == "properties" and children[-1] == "system-out"
    assert "demo/support" in (suite.find("system-out").text or "")


def test_github_notices_humans_no_claim_reaches(demo, capsys):
    code, out, _ = run(capsys, "check", str(demo), "--coverage", "--format", "github")
    assert code == 0
    assert (
        f"::notice file={demo},line=10,col=12,title=claims-coverage::no documented claim reaches demo/support"
        in out
    )


# -- the pytest plugin -------------------------------------------------------------------------
_INSTALLED = any(
    e.value == "ivr.testing.pytest_plugin"
    for e in importlib.metadata.entry_points(group="pytest11")
)
PLUGIN = [] if _INSTALLED else ["-p", "ivr.testing.pytest_plugin"]
PLUGIN += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]


@pytest.fixture
def menus(pytester: pytest.Pytester) -> Path:
    folder = pytester.path / "menus" / "demo"
    folder.mkdir(parents=True)
    (folder / "demo.yaml").write_text(MENU, encoding="utf-8")
    return folder


def test_plugin_coverage_item_and_summary(pytester, menus):
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "--ivr-coverage", "-v",
                                f"--junitxml={pytester.path / 'out.xml'}")  # fmt: skip
    out = result.stdout.str()
    assert result.ret == 0
    assert "demo.yaml::claims coverage PASSED" in out
    assert "ivr claims coverage" in out
    assert "menus/demo: 35.7% (nodes 2/5, edges 1/4, entries 1/2, humans 1/3)" in out
    xml = ET.parse(pytester.path / "out.xml")
    case = next(c for c in xml.iter("testcase") if c.get("name") == "claims coverage")
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["ivr.coverage.humans"] == "1/3"


def test_plugin_fail_under(pytester, menus):
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "--ivr-fail-under", "50")
    assert result.ret == 1
    assert "claims coverage 35.7% is below --ivr-fail-under 50%" in result.stdout.str()
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "--ivr-fail-under", "30")
    assert result.ret == 0


def test_plugin_without_coverage_has_no_item(pytester, menus):
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "-v")
    assert "claims coverage" not in result.stdout.str()


def test_coverage_is_in_the_json_even_when_nothing_loads(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "ivr: 1\nnodes: {main: {type: menu, options: {'1': nowhere}}}\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "check", str(path), "--coverage", "--json")
    assert code == 2
    cov = json.loads(out)["coverage"]
    assert cov["nodes"] == {"covered": 0, "total": 0} and cov["uncovered"] == []

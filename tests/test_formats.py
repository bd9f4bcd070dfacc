# ruff: noqa: E501  (menus written inline, one node a line)
"""``ivr check --format text|json|junit|github``: shapes, counts and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_main

from ivr.checking.runner import check
from ivr.cli.app import main
from ivr.lint.config import Config
from ivr.report.github import annotation
from ivr.report.github import as_annotations as github
from ivr.report.junit import as_junit as junit

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"

# a broken claim (line 11), a dead end (error), a menu without invalid (info), an unreachable node
FLAWED = """\
ivr: 1
sources: {A: "support article"}
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator - 0, news - 9", options: {"0": human, "9": news}, timeout: {after: 5, to: human}}
  news: {type: menu, say: "Please hold", options: {}, suppress: [no-timeout, no-invalid, no-human]}
  human: {type: agent}
  old: {type: hangup}
documented:
  - {dial: "0890", keys: "0", expect: agent, source: A}
  - {dial: "0890", keys: "9", expect: agent, source: A}
"""
CLEAN = """\
ivr: 1
sources: {A: "support article"}
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: human}, invalid: main}
  human: {type: agent}
documented:
  - {dial: "0890", keys: "0", expect: agent, source: A}
"""


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    path = tmp_path / "flawed.yaml"
    path.write_text(FLAWED, encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(CLEAN.replace("to: human}", "to: humna}"), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str]:
    code, out, _ = run_main(capsys, "check", *argv)
    return code, out


# -- exit statuses ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_exit_status_in_every_format(capsys, fmt, clean, flawed, broken_file):
    assert run(capsys, "--format", fmt, str(clean))[0] == 0
    assert run(capsys, "--format", fmt, str(flawed))[0] == 1
    assert run(capsys, "--format", fmt, str(broken_file))[0] == 2
    assert run(capsys, "--format", fmt, str(MTS))[0] == 0


def test_warnings_alone_exit_0(capsys, tmp_path):
    path = tmp_path / "warn.yaml"
    path.write_text(CLEAN.replace(", timeout: {after: 5, to: human}", ""))
    code, out = run(capsys, str(path))
    assert code == 0
    assert "warning: menu 'main' has no 'timeout'" in out and "[no-timeout]" in out


def test_unknown_format_is_a_usage_error(capsys, clean):
    assert main(["check", "--format", "xml", str(clean)]) == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


# -- text and json ----------------------------------------------------------------------------
def test_text_lists_findings_with_locations_and_rules(capsys, flawed):
    _, out = run(capsys, str(flawed))
    assert f'{flawed}:11:5: documented claim broken: dial 0890, keys "9"' in out
    assert f"{flawed}:6:9: menu node 'news' has no way out" in out and "[dead-end]" in out
    assert "info: menu 'main' has no 'invalid'" in out
    assert out.rstrip().endswith("in 1 file(s)")


def test_json_alias_is_the_json_format(capsys, flawed):
    _, a = run(capsys, "--json", str(flawed))
    _, b = run(capsys, "--format", "json", str(flawed))
    assert a == b
    data = json.loads(a)
    assert data["version"] == 1
    assert data["summary"]["broken"] == 1
    rules = {f["rule"] for f in data["findings"]}
    assert {"documented-claim-broken", "dead-end", "no-invalid", "unreachable"} <= rules
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "file", "line", "col", "message"}


# -- JUnit ------------------------------------------------------------------------------------
def _validate_junit(xml: str) -> ET.Element:
    """The structure JUnit readers (Jenkins, GitLab, GitHub test reporters) rely on."""
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    total = [0, 0, 0]
    for suite in root:
        assert suite.tag == "testsuite"
        assert suite.get("name")
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(len(c.findall("failure")) for c in cases)
        assert int(suite.get("errors")) == sum(len(c.findall("error")) for c in cases)
        for case in cases:
            assert case.get("name") and case.get("classname")
            assert float(case.get("time")) >= 0
            assert len(case.findall("failure")) + len(case.findall("error")) <= 1
            for bad in [*case.findall("failure"), *case.findall("error")]:
                assert bad.get("message") and bad.get("type")
        total = [total[0] + len(cases), total[1] + int(suite.get("failures")),
                 total[2] + int(suite.get("errors"))]  # fmt: skip
    assert [int(root.get(k)) for k in ("tests", "failures", "errors")] == total
    return root


def test_junit_every_claim_a_test_case_every_finding_a_failure(capsys, flawed):
    code, out = run(capsys, "--format", "junit", str(flawed))
    assert code == 1
    root = _validate_junit(out)
    report = check(flawed, config=Config())
    cases = root.findall(".//testcase")
    claims = [c for c in cases if c.get("name").startswith("documented:")]
    assert len(claims) == len(report.results) == 2
    findings = [c for c in cases if not c.get("name").startswith("documented:")]
    assert len(findings) == len(report.findings)
    assert all(c.find("failure") is not None for c in findings)
    [failed_claim] = [c for c in claims if c.find("failure") is not None]
    failure = failed_claim.find("failure")
    assert failure.get("type") == "documented-claim-broken"
    assert "dial      0890" in failure.text  # the transcript of the call
    assert failed_claim.get("line") == "11" and failed_claim.get("file") == str(flawed)
    types = {c.find("failure").get("type") for c in findings}
    assert {"dead-end", "no-invalid", "unreachable"} <= types


def test_junit_load_errors_are_errors(capsys, broken_file, clean):
    code, out = run(capsys, "--format", "junit", str(broken_file), str(clean))
    assert code == 2
    root = _validate_junit(out)
    errors = root.findall(".//testcase/error")
    assert len(errors) == 1
    assert {e.get("type") for e in errors} == {"unknown-reference"}
    assert root.get("tests") == "2"  # the error, and the clean file's claim still runs


def test_junit_of_the_mts_menus(capsys):
    code, out = run(capsys, "--format", "junit", str(MTS))
    root = _validate_junit(out)
    assert code == 0 and root.get("failures") == "0"
    assert int(root.get("tests")) == len(check(MTS).results)


def test_junit_empty_report_is_valid():
    from ivr.checking.runner import Report

    _validate_junit(junit(Report()))


# -- GitHub annotations -----------------------------------------------------------------------
def test_github_annotations(capsys, flawed):
    code, out = run(capsys, "--format", "github", str(flawed))
    assert code == 1
    lines = out.splitlines()
    assert (
        f"::error file={flawed},line=6,col=9,title=dead-end::menu node 'news' has no way out" in out
    )
    assert any(x.startswith("::notice ") and "title=no-invalid" in x for x in lines)
    assert any(x.startswith("::warning ") and "title=unreachable" in x for x in lines)
    [claim] = [x for x in lines if "title=documented-claim-broken" in x]
    assert claim.startswith(f"::error file={flawed},line=11,col=5,")
    assert "%0A" in claim  # the transcript, on the lines GitHub shows
    assert "\n" not in claim


def test_github_escaping():
    line = annotation("error", "50% done\nnext", "a,b:c.yaml", 3, 4, "x:y")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=x%3Ay::50%25 done%0Anext"
    assert annotation("notice", "hi") == "::notice::hi"


def test_github_load_error_titles(broken_file):
    out = github(check(broken_file, config=Config()))
    assert "title=unknown-reference::" in out


def test_subprocess_formats_are_clean(flawed):
    for fmt in ("junit", "github"):
        proc = subprocess.run(
            [sys.executable, "-m", "ivr", "check", "--format", fmt, str(flawed)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 1
        assert proc.stderr == ""


# -- pre-commit -------------------------------------------------------------------------------
def test_pre_commit_hook_definition():
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "ivr-check"]
    assert hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["ivr", "check"]
    for name in ("menus/mts/short.yaml", "a.yml"):
        assert re.search(hook["files"], name)
    assert not re.search(hook["files"], "a.json")


def test_folders_checks_the_hotline_of_each_changed_menu_file(capsys, tmp_path):
    other = tmp_path / "ci.yml"
    other.write_text("jobs: {}\n", encoding="utf-8")
    # what pre-commit passes: changed files, some of one hotline, and other YAML
    files = [str(MTS / "short.yaml"), str(MTS / "international.yaml"), str(other)]
    assert main(["check", *files]) == 2  # one file alone misses the files it transfers to
    capsys.readouterr()
    assert main(["check", "--folders", *files]) == 0
    out = capsys.readouterr().out
    assert "in 3 file(s)" in out
    assert main(["check", "--folders", str(other)]) == 0
    assert "no menu files" in capsys.readouterr().out


def test_check_offers_the_formats_of_the_registry_and_each_renders(capsys, tmp_path):
    from ivr.report import registry

    assert registry.names() == ("text", "json", "junit", "github", "markdown")
    main(["check", "--help"])
    assert "{text,json,junit,github,markdown}" in capsys.readouterr().out
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        registry.renderer("yaml")
    report = check(ROOT / "menus" / "mts")
    for name in registry.names():
        assert main(["check", str(ROOT / "menus" / "mts"), "--format", name]) == 0
        assert capsys.readouterr().out == registry.render(report, name)

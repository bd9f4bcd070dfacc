"""The report of ``ivr check`` for people and for CI: text, JSON, JUnit XML, GitHub annotations.

* :func:`text` — one ``file:line:col: severity: message [rule]`` line per finding and a summary;
* :func:`json_text` — the JSON shape of the core issue (``Report.as_json``);
* :func:`junit` — JUnit XML: every documented claim is a test case (a broken one fails with the
  transcript of the call), every finding a failed test case, a file that does not load an
  error; one ``<testsuite>`` per file, so CI servers group them;
* :func:`github` — GitHub Actions workflow commands
  (``::error file=…,line=…,col=…,title=rule::message``; ``warning`` and ``notice`` for the lower
  severities), which GitHub shows on the lines of a pull request.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from ivr.checking.runner import ClaimResult, Report
from ivr.diagnostics import Diagnostic
from ivr.lint.rules import load_rule

FORMATS = ("text", "json", "junit", "github")
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: Report, fmt: str) -> str:
    """The report in one of :data:`FORMATS` (ValueError for another)."""
    if fmt == "text":
        return text(report)
    if fmt == "json":
        return json_text(report)
    if fmt == "junit":
        return junit(report)
    if fmt == "github":
        return github(report)
    raise ValueError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")


def text(report: Report) -> str:
    lines = []
    for d in report.all_findings():
        tag = "" if d.rule in ("load", "config") else f" [{d.rule}]"
        sev = "" if d.severity == "error" or d.rule in ("load", "config") else f"{d.severity}: "
        lines.append(f"{d.loc}: {sev}{d.message}{tag}" if d.loc.line else f"{d}{tag}")
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


def json_text(report: Report) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


# -- JUnit XML --------------------------------------------------------------------------------
def _claim_name(r: ClaimResult) -> str:
    c = r.claim
    caller = ",".join(f"{k}={v}" for k, v in c.caller)
    parts = [f"documented: dial {c.dial}", f"keys [{c.keys_text}]" if c.keys else "no keys"]
    if caller:
        parts.append(f"as {caller}")
    if c.at != "12:00":
        parts.append(f"at {c.at}")
    parts.append(f"expect {c.expect}" + (f" '{c.node}'" if c.node else ""))
    return ", ".join(parts) + f" (line {c.loc.line})"


def _finding_name(d: Diagnostic) -> str:
    where = f"line {d.loc.line}:{d.loc.col}" if d.loc.line else d.loc.file
    return f"{load_rule(d)}: {where}"


def junit(report: Report, name: str = "ivr check") -> str:
    """JUnit XML of a report (a string; parse it with any JUnit reader)."""
    suites: dict[str, list[ET.Element]] = {}
    counts: dict[str, list[int]] = {}

    def case(file: str, classname: str, test: str, line: int) -> ET.Element:
        el = ET.Element("testcase", classname=classname, name=test, file=file, time="0")
        if line:
            el.set("line", str(line))
        suites.setdefault(file, []).append(el)
        counts.setdefault(file, [0, 0, 0])[0] += 1
        return el

    for r in report.results:
        file = r.menu.file
        el = case(file, _classname(file), _claim_name(r), r.claim.loc.line)
        if not r.ok:
            counts[file][1] += 1
            failure = ET.SubElement(el, "failure", message=r.describe(),
                                    type="documented-claim-broken")  # fmt: skip
            failure.text = r.describe() + "\n\n" + r.call.transcript() + "\n"
        out = ET.SubElement(el, "system-out")
        out.text = r.call.transcript() + "\n"
    for d in [*report.errors, *report.findings]:
        file = d.loc.file or "(no file)"
        el = case(file, _classname(file), _finding_name(d), d.loc.line)
        rule = load_rule(d)
        where = str(d.loc) if d.loc.line else d.loc.file
        body = f"{where}: {d.severity}: {d.message} [{rule}]\n"
        if d in report.errors:
            counts[file][2] += 1
            ET.SubElement(el, "error", message=d.message, type=rule).text = body
        else:
            counts[file][1] += 1
            failure = ET.SubElement(el, "failure", message=f"{d.severity}: {d.message}", type=rule)
            failure.text = body
    root = ET.Element("testsuites", name=name)
    totals = [0, 0, 0]
    for file in sorted(suites):
        tests, failures, errors = counts[file]
        totals = [totals[0] + tests, totals[1] + failures, totals[2] + errors]
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(tests),
                              failures=str(failures), errors=str(errors), skipped="0",
                              time="0")  # fmt: skip
        suite.extend(suites[file])
    if not suites:  # an empty run is still a valid report
        ET.SubElement(root, "testsuite", name=name, tests="0", failures="0", errors="0",
                      skipped="0", time="0")  # fmt: skip
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _classname(file: str) -> str:
    """A dotted class name CI servers group by: ``menus/mts/short.yaml`` -> ``menus.mts.short``."""
    stem = file.rsplit(".", 1)[0] if file.endswith((".yaml", ".yml", ".json")) else file
    return stem.replace("\\", "/").strip("/").replace("/", ".") or "ivr"


# -- GitHub Actions ---------------------------------------------------------------------------
def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str = "", line: int = 0, col: int = 0,
               title: str = "") -> str:  # fmt: skip
    """One workflow command: ``::error file=a.yaml,line=3,col=5,title=dead-end::message``."""
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if col:
        props.append(f"col={col}")
    if title:
        props.append(f"title={_escape_property(title)}")
    head = f"::{level} " + ",".join(props) if props else f"::{level}"
    return f"{head}::{_escape_data(message)}"


def github(report: Report) -> str:
    lines: list[str] = []
    broken = {id(r.claim): r for r in report.broken}
    for d in report.all_findings():
        rule = load_rule(d)
        message = d.message
        claim = next((r for r in broken.values() if r.claim.loc == d.loc
                      and r.describe() == d.message), None)  # fmt: skip
        if claim is not None:
            message += "\n\n" + claim.call.transcript()
        lines.append(
            annotation(
                GITHUB_LEVEL.get(d.severity, "warning"),
                message,
                d.loc.file,
                d.loc.line,
                d.loc.col,
                rule,
            )  # fmt: skip
        )
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


def summary_counts(findings: Iterable[Diagnostic]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for d in findings:
        out[d.severity] = out.get(d.severity, 0) + 1
    return out


_MENU_HEAD = re.compile(r"^ivr\s*:", re.MULTILINE)


def is_menu_file(path: str | os.PathLike[str]) -> bool:
    """Whether a YAML file is a menu file (a top-level ``ivr:`` key in its first 4 KB)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return _MENU_HEAD.search(head) is not None


def hotline_folders(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The folders (hotlines) of the menu files among ``paths``, once each, in order given.

    Folders given stay as they are; YAML files that are not menus are left out.
    """
    out: dict[str, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            out[str(p)] = None
        elif p.suffix in (".yaml", ".yml") and is_menu_file(p):
            out[str(p.parent)] = None
    return list(out)

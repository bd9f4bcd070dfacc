"""``ivr check --format junit``: JUnit XML for CI servers.

Every documented claim is a test case (a broken one fails with the transcript of the call),
every finding a failed test case, a file that does not load an error; one ``<testsuite>`` per
file, so CI servers group them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ivr.lint.rules import load_rule

if TYPE_CHECKING:  # pragma: no cover
    from ivr.checking.runner import ClaimResult, Report
    from ivr.diagnostics import Diagnostic


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


def classname(file: str) -> str:
    """A dotted class name CI servers group by.

    >>> classname("menus/mts/short.yaml")
    'menus.mts.short'
    """
    stem = file.rsplit(".", 1)[0] if file.endswith((".yaml", ".yml", ".json")) else file
    return stem.replace("\\", "/").strip("/").replace("/", ".") or "ivr"


def _coverage_of_file(suite: ET.Element, report: Report, file: str) -> ET.Element | None:
    """``ivr check --coverage``: the file's claims coverage as ``<properties>``
    (``ivr.coverage.nodes`` = ``covered/total``, ..., ``ivr.coverage.percent``) and what no
    claim reaches in a ``<system-out>`` returned for the end of the suite."""
    from ivr.checking.coverage import KINDS, Counts  # noqa: PLC0415

    assert report.coverage is not None
    counts = report.coverage.files[file]
    props = ET.SubElement(suite, "properties")
    together = Counts()
    for kind in KINDS:
        c = counts.get(kind, Counts())
        together = together + c
        ET.SubElement(
            props, "property", name=f"ivr.coverage.{kind}", value=f"{c.covered}/{c.total}"
        )
    ET.SubElement(props, "property", name="ivr.coverage.percent", value=f"{together.percent:.1f}")
    left = [str(u) for u in report.coverage.uncovered if u.loc.file == file]
    if not left:
        return None
    out = ET.Element("system-out")
    out.text = "not reached by any documented claim:\n" + "\n".join(left) + "\n"
    return out


def as_junit(report: Report, name: str = "ivr check") -> str:
    """JUnit XML of a report (a string; parse it with any JUnit reader).

    >>> from ivr.checking.runner import Report
    >>> print(as_junit(Report()), end="")  # an empty run is still a valid report
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="ivr check" tests="0" failures="0" errors="0">
      <testsuite name="ivr check" tests="0" failures="0" errors="0" skipped="0" time="0" />
    </testsuites>
    """
    suites: dict[str, list[ET.Element]] = {}
    counts: dict[str, list[int]] = {}

    def case(file: str, test: str, line: int) -> ET.Element:
        el = ET.Element("testcase", classname=classname(file), name=test, file=file, time="0")
        if line:
            el.set("line", str(line))
        suites.setdefault(file, []).append(el)
        counts.setdefault(file, [0, 0, 0])[0] += 1
        return el

    for r in report.results:
        file = r.menu.file
        el = case(file, _claim_name(r), r.claim.loc.line)
        if not r.ok:
            counts[file][1] += 1
            failure = ET.SubElement(el, "failure", message=r.describe(),
                                    type="documented-claim-broken")  # fmt: skip
            failure.text = r.describe() + "\n\n" + r.call.transcript() + "\n"
        out = ET.SubElement(el, "system-out")
        out.text = r.call.transcript() + "\n"
    for d in [*report.errors, *report.findings]:
        file = d.loc.file or "(no file)"
        el = case(file, _finding_name(d), d.loc.line)
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
        uncovered = None
        if report.coverage is not None and file in report.coverage.files:
            uncovered = _coverage_of_file(suite, report, file)
        suite.extend(suites[file])
        if uncovered is not None:  # after the test cases, as the JUnit schema orders them
            suite.append(uncovered)
    if report.coverage is not None:  # files with no test case still have their coverage
        for file in sorted(set(report.coverage.files) - set(suites)):
            suite = ET.SubElement(root, "testsuite", name=file, tests="0", failures="0",
                                  errors="0", skipped="0", time="0")  # fmt: skip
            uncovered = _coverage_of_file(suite, report, file)
            if uncovered is not None:
                suite.append(uncovered)
            suites[file] = []
    if not suites:  # an empty run is still a valid report
        ET.SubElement(root, "testsuite", name=name, tests="0", failures="0", errors="0",
                      skipped="0", time="0")  # fmt: skip
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"

"""``ivr check --format github``: GitHub Actions workflow commands
(``::error file=…,line=…,col=…,title=rule::message``; ``warning`` and ``notice`` for the lower
severities), which GitHub shows on the lines of a pull request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.lint.rules import load_rule

if TYPE_CHECKING:  # pragma: no cover
    from ivr.checking.runner import Report

GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str = "", line: int = 0, col: int = 0,
               title: str = "") -> str:  # fmt: skip
    """One workflow command.

    >>> annotation("error", "no way out", "a.yaml", 3, 5, "dead-end")
    '::error file=a.yaml,line=3,col=5,title=dead-end::no way out'
    """
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


def as_annotations(report: Report) -> str:
    """One workflow command per finding (a broken claim carries its call's transcript), then
    the summary line.

    >>> from ivr.checking.runner import Report
    >>> as_annotations(Report())
    '0 documented paths hold in 0 file(s)\\n'
    """
    lines: list[str] = []
    broken = report.broken
    for d in report.all_findings():
        message = d.message
        claim = next((r for r in broken if r.claim.loc == d.loc and r.describe() == d.message),
                     None)  # fmt: skip
        if claim is not None:
            message += "\n\n" + claim.call.transcript()
        level = GITHUB_LEVEL.get(d.severity, "warning")
        lines.append(annotation(level, message, d.loc.file, d.loc.line, d.loc.col, load_rule(d)))
    if report.coverage is not None:  # --coverage: the humans no claim reaches, on their lines
        for u in report.coverage.uncovered:
            if u.kind == "human":
                message = f"no documented claim reaches {u.id}: {u.reason}"
                lines.append(annotation("notice", message, u.loc.file, u.loc.line, u.loc.col,
                                        "claims-coverage"))  # fmt: skip
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"

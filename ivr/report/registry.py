"""The output formats of ``ivr check``: name -> renderer, the one list ``--format`` offers.

A renderer takes a :class:`ivr.checking.runner.Report` and returns the text to print. Each
lives in its own module, imported on first use (``ivr --help`` imports none of them). To add a
format, write ``ivr/report/<name>.py`` with a function ``(Report) -> str`` and add a line here.

>>> names()
('text', 'json', 'junit', 'github', 'markdown')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ivr.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from ivr.checking.runner import Report

# name -> (module, function, one line of help)
FORMATS: dict[str, tuple[str, str, str]] = {
    "text": ("ivr.report.text", "as_text", "a line per finding (default)"),
    "json": ("ivr.report.jsondoc", "as_json_text", "the JSON report"),
    "junit": ("ivr.report.junit", "as_junit", "JUnit XML"),
    "github": ("ivr.report.github", "as_annotations", "GitHub Actions annotations"),
    "markdown": ("ivr.report.markdown", "as_markdown", "Markdown for a pull request comment"),
}


# every command's --format choices (the first is the default); `--json` is `--format json`
COMMAND_FORMATS: dict[str, tuple[str, ...]] = {
    "check": tuple(FORMATS),
    "route": ("text", "json"),
    "call": ("text", "json"),
    "diff": ("text", "json", "markdown"),
    "lock": ("text", "json"),
    "callers": ("text", "json"),
    "hotlines": ("text", "json"),
    "mutate": ("text", "json"),
    "when": ("text", "json", "svg", "png"),
}


def command_formats(command: str) -> tuple[str, ...]:
    """The ``--format`` choices of a command.

    >>> command_formats("route")
    ('text', 'json')
    """
    return COMMAND_FORMATS.get(command, ("text", "json"))


def names() -> tuple[str, ...]:
    """The format names, in the order ``--help`` lists them."""
    return tuple(FORMATS)


def renderer(name: str) -> Callable[[Report], str]:
    """The function that renders a report as ``name``; InputError for an unknown name."""
    try:
        module, function, _ = FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format '{name}' (one of {', '.join(FORMATS)})") from None
    return getattr(importlib.import_module(module), function)


MAX_REPORT = 10_000_000  # characters: a report past it keeps its first findings and says so


def render(report: Report, fmt: str, limit: int = MAX_REPORT) -> str:
    """The report in format ``fmt`` (one of :func:`names`), at most about ``limit``
    characters: a longer one keeps its first claims and findings, then a finding that says
    how many more there are (the exit status still counts them all).

    >>> from ivr.checking.runner import Report
    >>> render(Report(), "text")
    '0 documented paths hold in 0 file(s)\\n'
    """
    write = renderer(fmt)
    out = write(report)
    keep = len(report.findings) + len(report.results)
    while len(out) > limit and keep > 1:
        keep //= 2
        out = write(_trimmed(report, keep))
    return out


def _trimmed(report: Report, keep: int) -> Report:
    from dataclasses import replace  # noqa: PLC0415

    from ivr.diagnostics import Diagnostic, Loc  # noqa: PLC0415

    results = report.results[:keep]
    findings = report.findings[: max(0, keep - len(results))]
    left = len(report.results) - len(results) + len(report.findings) - len(findings)
    where = Loc(report.files[0] if report.files else "", 0, 0)
    note = Diagnostic(where, f"{left:,} more findings and claims not shown: the report is "
                      "limited in size (run ivr check on fewer files)", "report-size",
                      "info")  # fmt: skip
    return replace(report, results=results, findings=[*findings, note])

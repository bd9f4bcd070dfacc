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


def render(report: Report, fmt: str) -> str:
    """The report in format ``fmt`` (one of :func:`names`).

    >>> from ivr.checking.runner import Report
    >>> render(Report(), "text")
    '0 documented paths hold in 0 file(s)\\n'
    """
    return renderer(fmt)(report)

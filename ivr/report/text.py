"""``ivr check --format text``: one ``file:line:col: severity: message [rule]`` line per finding
and a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ivr.checking.runner import Report

# the loader's and the config's own messages carry no rule tag and no severity word
_UNTAGGED = ("load", "config")


def as_text(report: Report) -> str:
    """The report for a person at a terminal.

    >>> from ivr.checking.runner import check
    >>> print(as_text(check("menus/mts")).split(" ", 1)[1], end="")  # doctest: +ELLIPSIS
    documented paths hold (... disputed, kept as the sources say) in 3 file(s)
    """
    lines = []
    for d in report.all_findings():
        tag = "" if d.rule in _UNTAGGED else f" [{d.rule}]"
        sev = "" if d.severity == "error" or d.rule in _UNTAGGED else f"{d.severity}: "
        lines.append(f"{d.loc}: {sev}{d.message}{tag}" if d.loc.line else f"{d}{tag}")
    text = "\n".join(lines) + ("\n" if lines else "")
    if report.coverage is not None:  # ivr check --coverage: the table before the summary
        text += report.coverage.as_text()
    return text + report.summary_line() + "\n"

"""``ivr check --format markdown``: the report as GitHub-flavoured Markdown, for a comment on a
pull request (a bot posts the output as it is).

The verdict and the summary, a table of the findings, and with ``--coverage`` the claims
coverage per file and what no documented claim reaches (folded in a ``<details>``). Every text
that comes from a menu file is escaped, so a prompt cannot add markup, links or HTML.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ivr.lint.rules import load_rule

if TYPE_CHECKING:  # pragma: no cover
    from ivr.checking.runner import Report

# what marks up text inside a line (and ``@``, which mentions a person on GitHub); ``#``, ``+``,
# ``-`` or ``.`` matter only at a line's start, where ivr's own words stand
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~@])")
_SHOWN = 50  # uncovered items listed before the rest is counted


def escape(text: str) -> str:
    """Text that Markdown shows as it is: markup characters backslashed, ``&`` and line breaks
    made harmless (a table cell stays one cell), ``@`` kept from mentioning anyone.

    >>> escape("press *1* | <b>now</b>")
    'press \\\\*1\\\\* \\\\| \\\\<b\\\\>now\\\\</b\\\\>'
    """
    text = text.replace("&", "&amp;").replace("\r", " ").replace("\n", " ")
    return _SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """An inline code span; backticks in the text are replaced (a span cannot hold them safely
    in a table)."""
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def as_markdown(report: Report) -> str:
    """The report as Markdown.

    >>> from ivr.checking.runner import check
    >>> print(as_markdown(check("menus/mts")), end="")  # doctest: +ELLIPSIS
    ### ivr check: passed
    <BLANKLINE>
    ... documented paths hold (... disputed, kept as the sources say) in 3 file(s)
    """
    verdict = "errors" if report.errors else "failed" if report.failed else "passed"
    lines = [f"### ivr check: {verdict}", "", escape(report.summary_line())]
    findings = report.all_findings()
    if findings:
        lines += ["", "| where | severity | finding | rule |", "| --- | --- | --- | --- |"]
        for d in findings:
            where = _code(str(d.loc) if d.loc.line else d.loc.file or "(no file)")
            lines.append(f"| {where} | {d.severity} | {escape(d.message)} | {load_rule(d)} |")
    if report.coverage is not None:
        lines += ["", *_coverage(report)]
    return "\n".join(lines) + "\n"


def _coverage(report: Report) -> list[str]:
    from ivr.checking.coverage import KINDS  # noqa: PLC0415

    cov = report.coverage
    assert cov is not None
    lines = [f"#### Claims coverage: {cov.percent:.1f}%", "",
             "| file | " + " | ".join(KINDS) + " | all |",
             "| --- |" + " ---: |" * (len(KINDS) + 1)]  # fmt: skip
    for name, counts, percent in cov.rows():
        cells = " | ".join(
            f"{counts[k].covered}/{counts[k].total}" if k in counts else "0/0" for k in KINDS
        )
        shown = "**total**" if name == "total" else _code(name)
        lines.append(f"| {shown} | {cells} | {percent:.1f}% |")
    if cov.uncovered:
        lines += ["", f"<details><summary>Not reached by any documented claim "
                      f"({len(cov.uncovered)})</summary>", ""]  # fmt: skip
        for u in cov.uncovered[:_SHOWN]:
            lines.append(f"- {_code(str(u.loc))} {u.kind} {_code(u.id)}: {escape(u.reason)}")
        if len(cov.uncovered) > _SHOWN:
            lines.append(f"- and {len(cov.uncovered) - _SHOWN} more (`ivr check --coverage`)")
        lines += ["", "</details>"]
    return lines

"""What ``ivr diff`` found: :class:`Change` and :class:`DiffReport`, printed as text, JSON or
Markdown (for a pull-request comment)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ivr._record import record
from ivr.errors import InputError
from ivr.model.types import DEFAULT_AT, Loc


@record
class Change:
    """One difference between the old and the new menus."""

    kind: str  # menu, node, option, prompt, entry, claim, route
    action: str  # added, removed, changed, broke, fixed, lost, gained, longer, shorter, ...
    subject: str  # "menu/node", "menu/node key 2", "menu#entry", a claim, a caller context
    message: str
    regression: bool = False
    improvement: bool = False
    before: object = None
    after: object = None
    loc: Loc = field(default=Loc(), compare=False)
    callers: tuple[str, ...] = ()  # the caller contexts a route change concerns

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "action": self.action,
            "subject": self.subject,
            "message": self.message,
            "regression": self.regression,
            "improvement": self.improvement,
            "before": self.before,
            "after": self.after,
            "file": self.loc.file,
            "line": self.loc.line,
            "callers": list(self.callers),
        }


@dataclass
class DiffReport:
    """What changed between two versions of a hotline, and what it does to callers.

    Raises: :class:`~ivr.errors.InputError` from :meth:`render` for an unknown format; nothing
    else.

    >>> report = DiffReport("old", "new", changes=[Change("node", "added", "m/x", "x added")])
    >>> print(report.text(), end="")
    ivr diff old -> new
    Changes (1):
      node added: x added
    no regression, 0 improvement(s), 1 change(s) in all (1 to the menus, 0 to documented claims, 0 to routes at 12:00)
    >>> report.exit_code
    0
    """  # noqa: E501

    old: str
    new: str
    at: str = DEFAULT_AT
    changes: list[Change] = field(default_factory=list)

    @property
    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]

    @property
    def improvements(self) -> list[Change]:
        return [c for c in self.changes if c.improvement]

    @property
    def other(self) -> list[Change]:
        return [c for c in self.changes if not c.regression and not c.improvement]

    @property
    def exit_code(self) -> int:
        """0 without a regression, 1 with one."""
        return 1 if self.regressions else 0

    def groups(self) -> list[tuple[str, list[Change]]]:
        """(title, changes) of the regressions, improvements and the rest; none empty."""
        titled = [
            ("Regressions", self.regressions),
            ("Improvements", self.improvements),
            ("Changes", self.other),
        ]
        return [(title, group) for title, group in titled if group]

    def summary(self) -> dict:
        return {
            "changes": len(self.changes),
            "regressions": len(self.regressions),
            "improvements": len(self.improvements),
            "structure": sum(c.kind not in ("claim", "route") for c in self.changes),
            "claims": sum(c.kind == "claim" for c in self.changes),
            "routes": sum(c.kind == "route" for c in self.changes),
        }

    def summary_line(self) -> str:
        s = self.summary()
        if not s["changes"]:
            return f"no changes between {self.old} and {self.new}"
        verdict = f"{s['regressions']} regression(s)" if s["regressions"] else "no regression"
        return (
            f"{verdict}, {s['improvements']} improvement(s), {s['changes']} change(s) in all "
            f"({s['structure']} to the menus, {s['claims']} to documented claims, "
            f"{s['routes']} to routes at {self.at})"
        )

    def as_json(self) -> dict:
        return {
            "version": 1,
            "old": self.old,
            "new": self.new,
            "at": self.at,
            "summary": self.summary(),
            "changes": [c.as_json() for c in self.changes],
        }

    def json_text(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, default=str) + "\n"

    def text(self) -> str:
        lines = [f"ivr diff {self.old} -> {self.new}"]
        for title, group in self.groups():
            lines.append(f"{title} ({len(group)}):")
            for c in group:
                where = f"  ({c.loc})" if c.loc.line else ""
                lines.append(f"  {c.kind} {c.action}: {c.message}{where}")
        lines.append(self.summary_line())
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        head = "regression" if self.regressions else "no regression"
        lines = [
            f"### ivr diff: {head}",
            "",
            f"`{self.old}` → `{self.new}`: {self.summary_line()}.",
        ]
        for title, group in self.groups():
            lines += ["", f"#### {title} ({len(group)})", "", "| What | Where | Detail |",
                      "|---|---|---|"]  # fmt: skip
            for c in group:
                where = f"`{c.loc.file}:{c.loc.line}`" if c.loc.line else ""
                lines.append(f"| {c.kind} {c.action} | {where} | {_md(c.message)} |")
        return "\n".join(lines) + "\n"

    def render(self, fmt: str) -> str:
        """The report in one of :data:`FORMATS`; InputError for another."""
        if fmt not in FORMATS:
            raise InputError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
        return getattr(self, FORMATS[fmt])()


# format name (``ivr diff --format``) -> the DiffReport method that prints it
FORMATS = {"text": "text", "json": "json_text", "markdown": "markdown"}


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

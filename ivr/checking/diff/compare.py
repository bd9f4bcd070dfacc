"""``ivr.diff(old, new)`` and ``ivr diff PATH --rev REV``: the three layers of changes
(structure, documented claims, routes) between two versions of a hotline."""

from __future__ import annotations

import dataclasses
import os

from ivr.checking.diff.claims import claim_changes
from ivr.checking.diff.git import at_revision
from ivr.checking.diff.report import DiffReport
from ivr.checking.diff.routes import route_changes
from ivr.checking.diff.structure import structure_changes
from ivr.io.registry import load
from ivr.model.types import DEFAULT_AT, Hotline, Loc


def diff(
    old: Hotline | str | os.PathLike[str],
    new: Hotline | str | os.PathLike[str],
    at: str = DEFAULT_AT,
    routes: bool = True,
) -> DiffReport:
    """Compare two versions of a hotline (loaded, or paths to load; LoadError if one fails).

    Raises: :class:`~ivr.errors.LoadError` for a version that does not load or validate,
    :class:`~ivr.errors.InputError` for an ``at`` that is not ``HH:MM``,
    :class:`~ivr.routing.budget.OutOfBudget` when comparing routes runs out of the search
    budget (``ivr diff`` reports it as a finding).

    >>> import ivr
    >>> report = ivr.diff("menus/mts", "menus/mts")
    >>> report.changes, report.exit_code
    ([], 0)
    """
    a = old if isinstance(old, Hotline) else load(old)
    b = new if isinstance(new, Hotline) else load(new)
    report = DiffReport(a.path or "old", b.path or "new", at)
    report.changes += structure_changes(a, b)
    report.changes += claim_changes(a, b)
    if routes:
        report.changes += route_changes(a, b, at)
    return report


def diff_revision(path: str | os.PathLike[str], rev: str, at: str = DEFAULT_AT) -> DiffReport:
    """Compare ``path`` at git revision ``rev`` (old) with ``path`` in the work tree (new);
    GitError when git cannot give it."""
    with at_revision(path, rev) as old_path:
        label = f"{rev}:{path}"
        old = Hotline(load(old_path).menus, label)
        report = diff(old, load(path), at)
    # the old side was read from a temp folder: show it as REV:path
    prefix = str(old_path)
    for i, c in enumerate(report.changes):
        if c.loc.file.startswith(prefix):
            loc = Loc(label + c.loc.file[len(prefix) :], c.loc.line, c.loc.col)
            report.changes[i] = dataclasses.replace(c, loc=loc)
    return report

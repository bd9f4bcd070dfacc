"""``ivr.diff(old, new)`` and ``ivr diff PATH --rev REV``: the three layers of changes
(structure, documented claims, routes) between two versions of a hotline."""

from __future__ import annotations

import dataclasses
import os
from contextlib import ExitStack

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
    return diff_revisions(path, rev, None, at)


def diff_revisions(
    path: str | os.PathLike[str], old: str, new: str | None = None, at: str = DEFAULT_AT
) -> DiffReport:
    """Compare ``path`` at git revision ``old`` with ``path`` at revision ``new`` (None: the
    work tree); GitError when git cannot give either (``path`` not in a git work tree, no
    such revision). The files of a revision are shown as ``REV:path``."""
    with ExitStack() as stack:
        old_path = stack.enter_context(at_revision(path, old))
        new_path = stack.enter_context(at_revision(path, new)) if new is not None else None
        sides = []
        for rev, where in ((old, old_path), (new, new_path)):
            if rev is None or where is None:
                sides.append((load(path), "", ""))
                continue
            label = f"{rev}:{path}"
            sides.append((Hotline(load(where).menus, label), str(where), label))
        report = diff(sides[0][0], sides[1][0], at)
    # a revision's side was read from a temp folder: show it as REV:path
    for i, c in enumerate(report.changes):
        for _, prefix, label in sides:
            if prefix and c.loc.file.startswith(prefix):
                loc = Loc(label + c.loc.file[len(prefix) :], c.loc.line, c.loc.col)
                report.changes[i] = dataclasses.replace(c, loc=loc)
                break
    return report

"""Whether ``ivr check`` notices a mutant: it does when the mutant no longer loads, breaks a
documented claim, has a lint finding at ``error`` severity, or changes a best route the lock
records — what makes ``ivr check`` fail, in that order (the cheapest first)."""

from __future__ import annotations

from ivr._record import record
from ivr.checking.lockfile import build_lock, differences, lock_path, read_lock
from ivr.checking.runner import check_hotline, findings_of, replay
from ivr.errors import InputError, IvrError, LoadError
from ivr.lint.config import Config
from ivr.model.types import DEFAULT_AT, Hotline, Menu, as_hotline
from ivr.model.validation import sound
from ivr.routing.budget import Budget, OutOfBudget, limits

CHECKS = ("load", "claims", "lint", "lock", "budget", "error")
"""What can kill a mutant: the model no longer validates (a file that would not load), a
documented claim breaks, a lint rule finds an error, a best route differs from the lock, a
route search runs out of its budget (:mod:`ivr.routing.budget`: ``ivr check`` stops it and
fails, so the mutant cannot hang the run), or the check stops with another error (``ivr
check`` would exit 2)."""


@record
class Baseline:
    """The unmutated hotline and what its mutants are checked against.

    ``lock`` is the routes lock to compare best routes with (the lock file's data, or, with
    ``as_locked``, the routes of the unmutated menus), None when routes are not compared.
    ``lock_from`` says which: ``"file"``, ``"as-locked"`` or ``"none"``.
    """

    hotline: Hotline
    config: Config | None
    lock: dict | None
    lock_from: str
    budget: Budget = Budget()
    """The search budget of each mutant's check (the default: ``ivr check``'s)."""


def baseline(
    menus: Hotline | Menu, config: Config | None = None, as_locked: bool = False
) -> Baseline:
    """Check the unmutated hotline as ``ivr check`` does; it must pass (a mutant is killed when
    the check *starts* failing), else :class:`~ivr.errors.InputError`.

    ``as_locked``: when no lock file stands beside the hotline, compare each mutant's best
    routes with those of the unmutated menus, as if ``ivr lock`` had been run.
    """
    hotline = as_hotline(menus)
    report = check_hotline(hotline, config=config)
    if report.failed:
        found = report.all_findings()
        first = next((d for d in found if d.severity == "error"), found[0] if found else "")
        raise InputError(
            f"{hotline.path or hotline.menus[0].file} does not pass ivr check "
            f"({report.summary_line()}; first: {first}); mutation testing starts from menus "
            "that pass"
        )
    locking = config is None or (
        config.enabled("routes-lock") and config.severity_of("routes-lock", "error") == "error"
    )
    if not locking:
        return Baseline(hotline, config, None, "none")
    path = lock_path(hotline.path) if hotline.path else None
    if path is not None and path.is_file():
        return Baseline(hotline, config, read_lock(path), "file")
    if as_locked:
        return Baseline(hotline, config, build_lock(hotline), "as-locked")
    return Baseline(hotline, config, None, "none")


def verdict(base: Baseline, mutant: Hotline) -> tuple[str, str] | None:
    """``(check, detail)`` of the first check that fails on ``mutant`` (a name of
    :data:`CHECKS`, and the finding in words), or None: the mutant survives.

    >>> import ivr
    >>> from dataclasses import replace
    >>> h = ivr.load_menu_text(
    ...     'ivr: 1\\nentries: [{dial: "0890", start: main}]\\n'
    ...     'nodes: {main: {type: menu, say: "Operator - 0", options: {"0": human}},'
    ...     ' human: {type: agent}}\\ndocumented: [{dial: "0890", keys: "0"}]\\n')
    >>> base = baseline(h)
    >>> verdict(base, base.hotline) is None
    True
    >>> hung = replace(h, nodes=(h.nodes[0], replace(h.nodes[1], type="hangup")))
    >>> verdict(base, ivr.Hotline((hung,)))[0]
    'claims'
    """
    try:
        with limits(base.budget, "the route search of a mutant"):  # each mutant its own budget
            return _first_failure(base, mutant)
    except LoadError as exc:
        return "load", exc.errors[0].message if exc.errors else str(exc)
    except OutOfBudget as exc:
        return "budget", str(exc)
    except IvrError as exc:  # ivr check would stop with this message: exit 2, not a pass
        return "error", str(exc)


def _first_failure(base: Baseline, mutant: Hotline) -> tuple[str, str] | None:
    """The first check that fails on ``mutant``, cheapest first (None: all pass)."""
    sound(mutant)
    broken = next((r for r in replay(mutant) if not r.ok), None)
    if broken is not None:
        return "claims", f"line {broken.claim.loc.line}: {broken.describe()}"
    errors = [d for d in findings_of(mutant, base.config, lock=False) if d.severity == "error"]
    if errors:
        return "lint", f"{errors[0].rule}: {errors[0].message}"
    if base.lock is not None:
        lock = base.lock
        new = build_lock(mutant, lock.get("at", DEFAULT_AT), lock.get("by", "keys"))
        changed = differences(lock, new)
        if changed:
            return "lock", changed[0][1]
    return None

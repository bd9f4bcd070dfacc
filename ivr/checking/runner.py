"""``ivr.check``: replay every documented claim and run the lint rules.

A claim *holds* when the simulated call ends in the expected outcome (and node, if the claim
names one). A claim marked ``disputed`` records a source the model deliberately disagrees with:
it is replayed too, and it is *ok* while it does not hold (when it starts to hold, the dispute is
stale and the check says so).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ivr._gcpause import gc_paused
from ivr._record import record
from ivr.diagnostics import Diagnostic, LoadError
from ivr.errors import InputError
from ivr.graph.build import compile
from ivr.graph.evidence import claim_holds, wrong_keys
from ivr.io.discover import hotline_paths
from ivr.io.registry import load
from ivr.lint import lint_graph
from ivr.lint.config import Config, ConfigError, config_for
from ivr.lint.rules.elsewhere import load_rule
from ivr.model.types import Claim, Hotline, Loc, Menu
from ivr.progress import progress
from ivr.sim.run import Call, simulate

if TYPE_CHECKING:
    from ivr.checking.coverage import Coverage


def claim_words(claim: Claim) -> str:
    """How reports name a documented claim: the call it makes and its sources.

    >>> from ivr.model.types import Claim
    >>> claim_words(Claim("0890", ("2", "0"), (("network", "mts"),), source=("A",)))
    'dial 0890, keys "2 0" as network=mts (source A)'
    """
    keys = f'keys "{claim.keys_text}"' if claim.keys else "no keys"
    caller = ",".join(f"{k}={v}" for k, v in claim.caller)
    who = f" as {caller}" if caller else ""
    return f"dial {claim.dial}, {keys}{who} (source {','.join(claim.source)})"


@record
class ClaimResult:
    """One documented claim, replayed."""

    menu: Menu
    claim: Claim
    call: Call

    @property
    def holds(self) -> bool:
        """The call ends as the claim expects, every key pressed being an option where it was
        pressed (a documented key the menu no longer has breaks the claim, even when the call
        still gets there another way)."""
        return claim_holds(self.claim, self.call)

    @property
    def wrong_keys(self) -> list[tuple[str, str]]:
        """(key, node) of every key of the claim that was not an option where it was pressed."""
        return wrong_keys(self.call)

    @property
    def ok(self) -> bool:
        return self.holds != bool(self.claim.disputed)

    def describe(self) -> str:
        c = self.claim
        what = claim_words(c)
        got = f"{self.call.outcome} at '{self.call.node}' after {self.call.seconds:g} s"
        expect = c.expect + (f" at '{c.node}'" if c.node else "")
        if c.disputed and self.holds:
            return (
                f"disputed claim now holds: {what} reaches {got}; the dispute ('{c.disputed}') "
                "may be stale"
            )
        wrong = self.wrong_keys
        if wrong and self.call.outcome == c.expect and (c.node is None or self.call.node == c.node):
            key, node = wrong[0]
            return (
                f"documented claim broken: {what} presses {key} at '{node}', which is not an "
                f"option there (the call still reaches {got})"
            )
        return f"documented claim broken: {what} should reach {expect}, got {got}"

    def as_json(self) -> dict:
        c = self.claim
        return {
            "file": self.menu.file,
            "line": c.loc.line,
            "dial": c.dial,
            "keys": c.keys_text,
            "caller": dict(c.caller),
            "at": c.at,
            "source": ",".join(c.source),
            "sources": list(c.source),
            "expect": c.expect,
            "outcome": self.call.outcome,
            "node": self.call.node,
            "seconds": round(self.call.seconds, 3),
            "ok": self.ok,
            "holds": self.holds,
            "disputed": c.disputed or None,
        }


@dataclass
class Report:
    """What ``ivr check`` found: claims replayed, lint findings, load errors, and, when asked
    for (``coverage=True``), what the claims cover (:class:`ivr.checking.coverage.Coverage`).

    Raises: nothing.
    """

    files: list[str] = field(default_factory=list)
    results: list[ClaimResult] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    coverage: Coverage | None = None

    @property
    def broken(self) -> list[ClaimResult]:
        return [r for r in self.results if not r.ok]

    @property
    def failed(self) -> bool:
        return bool(self.broken) or any(f.severity == "error" for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 all hold and no error finding, 1 findings, 2 a file could not be loaded."""
        return 2 if self.errors else (1 if self.failed else 0)

    def all_findings(self) -> list[Diagnostic]:
        """Load errors, broken claims and lint findings, each as a located diagnostic."""
        claims = [
            Diagnostic(r.claim.loc, r.describe(), "documented-claim-broken", "error")
            for r in self.broken
        ]
        return self.errors + claims + self.findings

    def summary(self) -> dict:
        return {
            "files": len(self.files),
            "documented": len(self.results),
            "held": sum(r.ok for r in self.results),
            "broken": len(self.broken),
            "disputed": sum(bool(r.claim.disputed) for r in self.results),
            "errors": len(self.errors),
            "findings": len(self.findings),
        }

    def as_json(self) -> dict:
        out = {
            "version": 1,
            "summary": self.summary(),
            "documented": [r.as_json() for r in self.results],
            # a load error's rule as GitHub and JUnit name it (unknown-reference, ...)
            "findings": [{**d.as_json(), "rule": load_rule(d)} for d in self.all_findings()],
        }
        if self.coverage is not None:
            out["coverage"] = self.coverage.as_json()
        return out

    def __repr__(self) -> str:
        """Short: the counts, not every call's transcript.

        >>> Report()
        Report(files=0, documented=0, broken=0, findings=0, errors=0)
        """
        return (f"Report(files={len(self.files)}, documented={len(self.results)}, "
                f"broken={len(self.broken)}, findings={len(self.findings)}, "
                f"errors={len(self.errors)})")  # fmt: skip

    def summary_line(self) -> str:
        s = self.summary()
        if self.errors:
            return f"{s['errors']} error(s) in menu files; nothing was replayed from them"
        disputed = f" ({s['disputed']} disputed, kept as the sources say)" if s["disputed"] else ""
        if s["broken"]:
            head = f"{s['broken']} of {s['documented']} documented paths broken"
        else:
            head = f"{s['documented']} documented paths hold{disputed}"
        counts = {
            sev: sum(f.severity == sev for f in self.findings) for sev in ("error", "warning")
        }
        tail = ", ".join(f"{n} {sev}(s)" for sev, n in counts.items() if n)
        covered = (
            f"; claims coverage {self.coverage.percent:.1f}%" if self.coverage is not None else ""
        )
        return head + (f"; {tail}" if tail else "") + f" in {s['files']} file(s)" + covered


def replay(hotline: Hotline) -> Iterator[ClaimResult]:
    """Each documented claim of a hotline, replayed, in file order (a generator: a caller that
    needs only the first broken one stops there)."""
    for menu, claim in hotline.claims():
        call = simulate(hotline, claim.dial, claim.keys, dict(claim.caller), claim.at)
        yield ClaimResult(menu, claim, call)


def findings_of(
    hotline: Hotline, config: Config | None = None, lock: bool = True
) -> list[Diagnostic]:
    """What an importer noted, the lint findings of the graph and, with ``lock``, the
    ``routes-lock`` findings:
    what :func:`check_hotline` reports besides the claims."""
    found = list(hotline.findings)  # what an importer noted (docs/importers.md)
    found.extend(lint_graph(compile(hotline), config=config))
    if lock and hotline.path and (config is None or config.enabled("routes-lock")):
        from ivr.checking.lockfile import lock_findings  # noqa: PLC0415

        severity = config.severity_of("routes-lock", "error") if config else "error"
        found.extend(lock_findings(hotline, severity))
    return found


def check_hotline(
    hotline: Hotline,
    report: Report | None = None,
    config: Config | None = None,
    lock: bool = True,
    coverage: bool = False,
) -> Report:
    """Replay every documented claim of a loaded hotline and lint its graph.

    ``config`` selects the lint rules, their severities and budgets (default: all rules at
    their default severity). When a routes lock file stands beside the hotline's path
    (:func:`ivr.lock.lock_path`), routes that differ from it are a ``routes-lock`` finding;
    ``lock=False`` leaves the lock out. ``coverage``: add what the documented claims cover
    to ``report.coverage`` (:func:`ivr.coverage`).
    """
    report = report or Report()
    report.files.extend(m.file for m in hotline.menus)
    # the replays and the rules make calls, graphs and findings that hold no reference cycles;
    # the collector's full passes over them were a third of checking 2,000 claimed entries
    # (benchmarks/bench_scale.py: 2.5x the time of 1,000 with it, 1.9x without)
    with gc_paused():
        report.results.extend(replay(hotline))
        report.findings.extend(findings_of(hotline, config, lock))
    if coverage:
        from ivr.checking import coverage as measure  # noqa: PLC0415

        if report.coverage is None:
            report.coverage = measure.Coverage()
        report.coverage.add(measure.coverage(hotline))
    return report


def check(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    config: Config | None = None,
    coverage: bool = False,
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
) -> Report:
    """Load each path (a file or a folder, one hotline each; a folder of hotline folders is
    each of them), replay and lint them all.

    Without ``config`` each path takes the ``[tool.ivr]`` table of the nearest
    ``pyproject.toml`` above it (:func:`ivr.config.config_for`); a mistake there is an error
    of the report, like a menu that does not load. ``coverage``: also measure what the
    documented claims cover (``report.coverage``; ``ivr check --coverage``). ``select`` and
    ``extend_select`` change each path's rule selection as ``ivr check --select`` and
    ``--extend-select`` do (rule ids or families: ``extend_select=["gethuman"]``).

    Raises: nothing for a mistake in the menus or in ``[tool.ivr]``: each is an error of the
    report (``exit_code`` 2), a search out of budget a finding.

    >>> report = check("menus/mts")
    >>> report.exit_code, report.summary()["broken"]
    (0, 0)
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    report = Report()
    if coverage:  # asked for: in the report even when no hotline loads
        from ivr.checking.coverage import Coverage  # noqa: PLC0415

        report.coverage = Coverage()
    found = [hotline for given in paths for hotline in hotline_paths(given)]
    for path in progress(found, "checking") if len(found) > 1 else found:
        try:
            path_config = config if config is not None else config_for(path)
            if select is not None or extend_select:
                path_config = path_config.selecting(select, extend_select)
        except ConfigError as exc:
            report.errors.append(Diagnostic(Loc(exc.path), str(exc), "config"))
            continue
        try:
            hotline = load(path)
        except LoadError as exc:
            report.errors.extend(exc.errors)
            continue
        except InputError as exc:  # a file whose format cannot be told: an error of the run
            said = str(exc).removeprefix(f"{path}: ")
            report.errors.append(Diagnostic(Loc(str(path)), said))
            continue
        check_hotline(hotline, report, path_config, coverage=coverage)
    return report

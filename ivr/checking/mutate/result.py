"""What ``ivr mutate`` found: each mutant with the check that killed it, the score, the
survivors; as text and as JSON (version 1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ivr._record import record
from ivr.checking.mutate.judge import CHECKS
from ivr.checking.mutate.operators import OPERATORS, Mutant

VERSION = 1


@record
class MutantResult:
    """One mutant, checked: ``killed_by`` is a name of :data:`~ivr.checking.mutate.judge.CHECKS`
    (None: it survived) and ``detail`` the finding that killed it."""

    mutant: Mutant
    killed_by: str | None = None
    detail: str = ""

    @property
    def killed(self) -> bool:
        return self.killed_by is not None


@dataclass
class MutationReport:
    """Every mutant of the hotlines given, checked as ``ivr check`` checks.

    ``locks`` maps each hotline's path to where its routes were compared from (``"file"``: its
    lock file, ``"as-locked"``: the unmutated menus' best routes, ``"none"``: not compared).

    Raises: nothing.

    >>> r = MutationReport()
    >>> r.mutants, r.killed, r.score
    (0, 0, 1.0)
    """

    results: list[MutantResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    locks: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    made: int = 0
    """Mutants the operators made; more than :attr:`mutants` when only a sample was checked."""

    @property
    def mutants(self) -> int:
        return len(self.results)

    @property
    def killed(self) -> int:
        return sum(r.killed for r in self.results)

    @property
    def survived(self) -> list[MutantResult]:
        return [r for r in self.results if not r.killed]

    @property
    def score(self) -> float:
        """Killed over mutants, 0 to 1 (1 when there is no mutant: nothing survives)."""
        return self.killed / self.mutants if self.results else 1.0

    def below(self, percent: float) -> bool:
        """The score is under ``percent`` (0-100): what ``--fail-under`` tests."""
        return self.score * 100 < percent

    def by_operator(self) -> dict[str, dict[str, int]]:
        """Operator -> {"mutants", "killed"}, for the operators that made a mutant."""
        out: dict[str, dict[str, int]] = {}
        for op in OPERATORS:
            mine = [r for r in self.results if r.mutant.operator == op]
            if mine:
                out[op] = {"mutants": len(mine), "killed": sum(r.killed for r in mine)}
        return out

    def by_check(self) -> dict[str, int]:
        """Check -> how many mutants it killed first (load, claims, lint, lock, error)."""
        return {c: sum(r.killed_by == c for r in self.results) for c in CHECKS}

    def as_json(self) -> dict:
        """``{"version", "mutants", "killed", "survived": [{"file", "line", "col", "operator",
        "description"}]}`` and, beside them, ``score`` (percent), ``operators``, ``killed_by``,
        ``locks``, ``seconds`` and ``made`` (mutants made, of which ``mutants`` were checked)."""
        return {
            "version": VERSION,
            "mutants": self.mutants,
            "killed": self.killed,
            "survived": [r.mutant.as_json() for r in self.survived],
            "score": round(self.score * 100, 1),
            "operators": self.by_operator(),
            "killed_by": self.by_check(),
            "locks": dict(self.locks),
            "seconds": round(self.seconds, 3),
            "made": self.made,
        }

    def summary_line(self) -> str:
        checks = ", ".join(f"{c} {n}" for c, n in self.by_check().items() if n)
        by = f" ({checks})" if checks else ""
        sampled = f" (a sample of {self.made})" if self.made > self.mutants else ""
        return (
            f"mutation score {self.score:.1%}: {self.killed} of {self.mutants} mutants{sampled} "
            f"killed{by}; {len(self.survived)} survived in {len(self.files)} file(s)"
        )

    def as_text(self) -> str:
        """A line per survivor (``file:line:col: survived: what changed [operator]``), the
        score per operator, the summary, and a hint where routes were not compared."""
        lines = [
            f"{r.mutant.loc}: survived: {r.mutant.description} [{r.mutant.operator}]"
            for r in self.survived
        ]
        ops = self.by_operator()
        if ops:
            lines.append("by operator: " + ", ".join(
                f"{op} {n['killed']}/{n['mutants']}" for op, n in ops.items()))  # fmt: skip
        lines.append(self.summary_line())
        unlocked = [p for p, how in self.locks.items() if how == "none"]
        if unlocked and self.survived:
            lines.append(
                f"no routes lock for {', '.join(unlocked)}: best routes were not compared "
                "(ivr lock PATH records them; --as-locked shows what that would catch)"
            )
        return "\n".join(lines) + "\n"

"""Mutation testing of menus: break a hotline on purpose, one change at a time, and see whether
``ivr check`` notices (``ivr mutate PATH``, :func:`ivr.mutate`).

:mod:`~ivr.checking.mutate.operators` makes the mutants (in memory, each located at what it
changes), :mod:`~ivr.checking.mutate.judge` checks one as ``ivr check`` does,
:mod:`~ivr.checking.mutate.run` runs them all (in several processes if asked) and
:mod:`~ivr.checking.mutate.result` holds the score and the survivors.
"""

from __future__ import annotations

from ivr.checking.mutate.judge import CHECKS, Baseline, baseline, verdict
from ivr.checking.mutate.operators import OPERATORS, Mutant, mutants
from ivr.checking.mutate.result import MutantResult, MutationReport
from ivr.checking.mutate.run import mutate

__all__ = ["CHECKS", "OPERATORS", "Baseline", "Mutant", "MutantResult", "MutationReport",
           "baseline", "mutants", "mutate", "verdict"]  # fmt: skip

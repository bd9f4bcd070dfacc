"""Budgets for searches: how many states, how many seconds, how many caller contexts.

Every search over call states (routes by any objective, ``k`` alternatives, the Pareto set, the
table over caller contexts, and what is built on them: lock, diff, coverage, mutate) takes a
:class:`Budget` and spends it through one :class:`Meter`. When a budget runs out the search
stops and raises :class:`OutOfBudget` -- an :class:`~ivr.errors.IvrError` that carries what
was found so far (``found``) and a located finding (``diagnostic()``) for the command to
print before it exits 1::

    menus/x.yaml:40:3: the route search stopped after 200,001 states (the budget is
    200,000) -- raise with --max-states

``ivr.routes(..., budget=Budget(max_states=50_000))`` and ``best_routes(..., budget=...)``
take one directly. A command that runs many searches (lock, diff, coverage, mutate) gives them
one budget for the whole run with :func:`limits`, which every search inside picks up::

    from ivr.routing.budget import Budget, OutOfBudget, limits

    try:
        with limits(Budget(max_states=100_000, max_seconds=5)) as meter:
            for mutant in mutants:
                meter.spend(1)                 # its own work counts too, if it likes
                ivr.routes(mutant, caller)     # spends the same meter
    except OutOfBudget as stop:
        print(stop.diagnostic())               # located, rule budget-states / -seconds
        partial = stop.found                   # what the search that stopped had found

>>> meter = Budget(max_states=3).meter("the demo search")
>>> meter.spend(2)
>>> try:
...     meter.spend(2)
... except OutOfBudget as stop:
...     print(stop)
the demo search stopped after 4 states (the budget is 3) -- raise with --max-states
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import field
from typing import Any, TypeVar

from ivr._record import mutable_record, record
from ivr.diagnostics import Diagnostic, Loc
from ivr.errors import IvrError

T = TypeVar("T")

MAX_STATES = 200_000
"""Default: call states one search command may expand (2-20 s of searching in Python)."""
MAX_SECONDS = 8.0
"""Default of the commands (``--max-seconds``): seconds (wall clock) one search command may
take. The library's own default has no clock limit, so that what a function returns does not
depend on how busy the machine is; pass ``Budget(max_seconds=...)`` for one."""
MAX_CONTEXTS = 1024
"""Default: caller contexts a table of routes (``ivr route`` without ``--caller``, ``ivr
lock``, ``ivr diff``) looks at."""

_CHECK_EVERY = 1024  # states between two looks at the clock


@record
class Budget:
    """Limits of one search command; None means no limit. By default states and caller
    contexts are limited and the wall clock is not (the commands add :data:`MAX_SECONDS`).

    >>> Budget().max_states == MAX_STATES, Budget().max_seconds, Budget(max_seconds=8).max_seconds
    (True, None, 8)
    """

    max_states: int | None = MAX_STATES
    max_seconds: float | None = None
    max_contexts: int | None = MAX_CONTEXTS

    def meter(self, what: str = "the route search", where: Loc | None = None) -> Meter:
        """A meter that spends this budget, starting now."""
        return Meter(self, what, where)


class OutOfBudget(IvrError):
    """A search stopped because its budget ran out.

    ``kind`` is "states", "seconds" or "contexts"; ``spent`` what was used; ``limit`` the
    budget; ``where`` the location the search worked on; ``found`` what it had found (set by
    the function that raises it out: a list of routes, a table, ...).
    """

    OPTIONS = {"states": "--max-states", "seconds": "--max-seconds",
               "contexts": "--max-contexts"}  # fmt: skip

    def __init__(self, what: str, kind: str, spent: float, limit: float, where: Loc | None):
        self.what, self.kind, self.spent, self.limit, self.where = what, kind, spent, limit, where
        self.found: Any = None
        super().__init__(self.message())

    def message(self) -> str:
        if self.kind == "seconds":
            amount = f"{self.spent:.1f} s (the budget is {self.limit:g} s)"
        elif self.kind == "contexts":
            amount = f"{int(self.limit):,} of {int(self.spent):,} caller contexts"
        else:
            amount = f"{int(self.spent):,} states (the budget is {int(self.limit):,})"
        return f"{self.what} stopped after {amount} -- raise with {self.OPTIONS[self.kind]}"

    def diagnostic(self) -> Diagnostic:
        """The finding a command prints: located at ``where`` (the hotline's first menu when
        the search had nothing more precise), rule ``budget-<kind>``, a warning."""
        return Diagnostic(self.where or Loc(), self.message(), f"budget-{self.kind}", "warning")


_AMBIENT: ContextVar[Meter | None] = ContextVar("ivr_search_meter", default=None)


@contextmanager
def limits(budget: Budget, what: str = "the route search") -> Iterator[Meter]:
    """Every search inside the block spends one meter of ``budget`` (see the module doc)."""
    meter = budget.meter(what)
    token = _AMBIENT.set(meter)
    try:
        yield meter
    finally:
        _AMBIENT.reset(token)


@contextmanager
def limits_of(meter: Meter) -> Iterator[Meter]:
    """Like :func:`limits`, for a meter already running."""
    token = _AMBIENT.set(meter)
    try:
        yield meter
    finally:
        _AMBIENT.reset(token)


def current(budget: Budget | None = None, where: Loc | None = None) -> Meter:
    """The meter a search spends: a new one for ``budget`` if given, else the one
    :func:`limits` set, else a new one of the default :class:`Budget`."""
    meter = None if budget is not None else _AMBIENT.get()
    if meter is None:
        meter = (budget or Budget()).meter(where=where)
    if meter.where is None:
        meter.where = where
    return meter


@mutable_record
class Meter:
    """What one search command has spent of its :class:`Budget`."""

    budget: Budget
    what: str = "the route search"
    where: Loc | None = None
    states: int = 0
    started: float = field(default_factory=time.monotonic)
    _next_look: int = _CHECK_EVERY

    def spend(self, states: int = 1, where: Loc | None = None) -> None:
        """Count ``states`` more; OutOfBudget when the states or the seconds have run out."""
        self.states += states
        b = self.budget
        if b.max_states is not None and self.states > b.max_states:
            raise OutOfBudget(self.what, "states", self.states, b.max_states,
                              where or self.where)  # fmt: skip
        if self.states >= self._next_look:
            self._next_look = self.states + _CHECK_EVERY
            self.check_time(where)

    def check_time(self, where: Loc | None = None) -> None:
        """OutOfBudget when the seconds have run out."""
        limit = self.budget.max_seconds
        if limit is not None:
            took = time.monotonic() - self.started
            if took > limit:
                raise OutOfBudget(self.what, "seconds", took, limit, where or self.where)

    def contexts(self, items: Iterable[T], total: int | None = None) -> Iterator[T]:
        """``items`` (caller contexts), stopping with OutOfBudget past ``max_contexts``;
        ``total``: how many there are, for the message."""
        limit = self.budget.max_contexts
        for i, item in enumerate(items):
            if limit is not None and i >= limit:
                raise OutOfBudget(
                    "the table of routes",
                    "contexts",
                    total if total is not None else i + 1,
                    limit,
                    self.where,
                )
            yield item

"""Routes to a human: which number to dial, which keys to press and when.

For one caller context (attributes and hour) the compiled graph is unfolded into a state graph
(:mod:`ivr.routing.states`) whose transitions weigh exactly what the simulator counts: seconds
(in whole microseconds) and presses. Only entries that answer this caller's dialled number are
sources, and no state past the simulator's call limit (3,600 s) is expanded.

The state graph is expanded lazily (:mod:`ivr.routing.lazy_graph`): the Dijkstra asks for the
successors of the states it reaches and no more, so the best route in a 100,000-node menu
touches a few hundred states. Ties (equal presses and equal time) break on the keys: among all
shortest paths the smallest key sequence wins, then the entry listed first. ``k`` alternatives
come from networkx's ``shortest_simple_paths`` over the reachable state graph; the Pareto set
(:mod:`ivr.routing.pareto`) from a Dijkstra over (state, presses so far). Every candidate is
replayed by :func:`ivr.simulate`, and the route reports what the replay measured -- so a route
always ends where, and when, it says.

Objectives: ``keys`` (fewest presses, then least time), ``time`` (least time, then fewest
presses), ``cost`` (cheapest call, then least time) and ``pareto`` (every route not beaten on all
of keys, time and cost at once). With ``with_wait`` the time includes the expected queue wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.graph.build import compile
from ivr.model.clock import parse_moment
from ivr.model.types import DEFAULT_AT, Hotline, Menu
from ivr.model.validation import sound
from ivr.routing.budget import Budget, OutOfBudget, current, limits_of
from ivr.routing.finder import EAGER as EAGER
from ivr.routing.finder import LIMIT_US as LIMIT_US
from ivr.routing.finder import Finder
from ivr.routing.provenance import claims_for as claims_for
from ivr.routing.ranking import by_evidence, check_trust
from ivr.routing.route import Route as Route
from ivr.routing.route import SourceRef as SourceRef
from ivr.routing.route import joint_cost as joint_cost
from ivr.routing.route import serves as serves
from ivr.sim.callers import caller_contexts as caller_contexts
from ivr.sim.callers import count_caller_contexts, iter_caller_contexts, resolve_caller
from ivr.sim.kernel import KEY_ORDER as KEY_ORDER  # the order ties between keys break in

if TYPE_CHECKING:
    import networkx as nx

OBJECTIVES = ("keys", "time", "cost", "pareto")


def routes(
    menus: Hotline | Menu,
    caller: Mapping[str, str] | None = None,
    at: str = DEFAULT_AT,
    by: str = "keys",
    k: int = 1,
    with_wait: bool = False,
    graph: nx.MultiDiGraph | None = None,
    trust: str = "any",
    evidence: bool = True,
    budget: Budget | None = None,
) -> list[Route]:
    """The best routes to a human for one caller at one hour, best first.

    Routes rank by evidence first (:mod:`ivr.routing.ranking`): a documented key sequence
    beats a sourced one beats an inferred one, an undisputed one a disputed one of the same
    level; then by ``by``. ``trust`` (documented, sourced, any) limits what a route may rest
    on; ``evidence=False`` ranks by ``by`` alone. Each route carries its ``evidence``.
    ``k`` asks for the next-best distinct alternatives too; ``by="pareto"`` returns every route
    that no other beats on evidence, keys, time and cost at once (``k`` is then ignored).
    ``graph`` is the compiled graph of ``menus`` when the caller has it already.

    The search keeps to ``budget`` (:class:`ivr.routing.budget.Budget`: states, seconds; by
    default 200,000 states and no clock limit, or what an enclosing
    :func:`ivr.routing.budget.limits` set) and to the simulator's 3,600 s call limit; when
    the budget runs out it raises :class:`~ivr.routing.budget.OutOfBudget` (an ``IvrError``)
    whose ``found`` holds the routes found so far and ``diagnostic()`` a located finding.

    Raises: :class:`~ivr.errors.InputError` for an unknown ``by`` or ``trust``, ``k`` below 1,
    an undeclared caller attribute or value, an ``at`` that is not ``HH:MM``;
    :class:`~ivr.errors.LoadError` for menus that do not validate;
    :class:`~ivr.routing.budget.OutOfBudget` when the budget runs out.

    >>> import ivr
    >>> best = ivr.routes(ivr.load("menus/mts"), caller={"network": "mts", "location": "abroad"})
    >>> best[0].entry.dial, best[0].keys_text, best[0].outcome
    ('+7 495 766 01 66', '', 'callback')
    """
    if by not in OBJECTIVES:
        choices = ", ".join(OBJECTIVES) + did_you_mean(by, OBJECTIVES)
        raise InputError(f"'by' is '{by}'; it must be one of {choices}")
    if k < 1:
        raise InputError("k must be at least 1")
    check_trust(trust)
    hotline = sound(menus)
    who = resolve_caller(hotline, caller)
    parse_moment(at)
    g = graph if graph is not None else compile(hotline)
    finder = Finder(hotline, g, who, at, with_wait, current(budget))
    if not finder.entries:
        return []
    try:
        return by_evidence(finder, by, k, trust, objective_routes, rank=evidence)
    except OutOfBudget as stop:
        if stop.found is None:
            stop.found = finder.kept
        raise


def objective_routes(finder: Finder, by: str, k: int) -> list[Route]:
    """The ``k`` best routes of ``finder``'s caller by ``by`` alone (what ranking layers on)."""
    if by == "pareto":
        return finder.pareto()
    if by == "cost":
        return finder.cheapest(k)
    if k == 1:
        return finder.best(by)
    return finder.alternatives(by, k)


def best_routes(
    menus: Hotline | Menu,
    at: str = DEFAULT_AT,
    by: str = "keys",
    with_wait: bool = False,
    contexts: Iterable[Mapping[str, str]] | None = None,
    trust: str = "any",
    budget: Budget | None = None,
) -> list[tuple[dict[str, str], Route | None]]:
    """The best route for every caller context (None where no route reaches a human).

    One ``budget`` (see :func:`routes`) covers the whole table, its ``max_contexts`` (1,024 by
    default) the number of contexts; when it runs out, :class:`OutOfBudget` carries the rows
    done so far in ``found``.

    >>> import ivr
    >>> table = best_routes(ivr.load("menus/mts"), by="time")
    >>> len(table), sum(route is None for _who, route in table) < len(table)
    (39, True)
    """
    hotline = sound(menus)
    g = compile(hotline)
    out: list[tuple[dict[str, str], Route | None]] = []
    where = hotline.menus[0].loc if hotline.menus else None
    meter = current(budget, where if where is not None and where.file else None)
    if contexts is None:
        contexts, total = iter_caller_contexts(hotline), count_caller_contexts(hotline)
    else:
        contexts = list(contexts)
        total = len(contexts)
    objective = by if by != "pareto" else "keys"
    try:
        with limits_of(meter):
            for who in meter.contexts(contexts, total):
                found = routes(hotline, who, at, objective, 1, with_wait, graph=g, trust=trust)
                out.append((dict(who), found[0] if found else None))
    except OutOfBudget as stop:
        stop.found = out
        raise
    return out

"""Routes ranked by evidence first, then by the objective: a layer over the route search.

A route is *documented* when a claim that holds for the caller makes exactly its call,
*sourced* when each of its steps is documented or cites a source, *inferred* otherwise
(:class:`~ivr.routing.provenance.RouteEvidence`). Ranking sorts on (level, disputed, the
objective of ``by``, the entry listed first): a documented key sequence beats a sourced one
beats an inferred one, and of the same level an undisputed one comes first.

The search itself (:class:`~ivr.routing.finder.Finder`) knows nothing of evidence; it takes a
predicate that hides transitions, and this layer asks it once per tier, best tier first:

1. the documented routes are the holding claims that reach a human: replayed, not searched;
2. sourced and undisputed: the search with every inferred step and disputed entry hidden;
3. sourced: inferred steps hidden; 4. undisputed: disputed entries hidden; 5. everything.

A tier is searched only while the better ones hold fewer than ``k`` routes, so the common
case -- a caller some claim covers -- replays a few claims and searches nothing. ``trust``
limits the tiers: ``documented`` (claims only), ``sourced`` (no inferred step), ``any``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.routing.provenance import Known

if TYPE_CHECKING:
    from ivr.routing.finder import Finder
    from ivr.routing.route import Route

TRUST = ("documented", "sourced", "any")
# the searched tiers, best first: (hide inferred steps, hide disputed entries)
_TIERS = ((True, True), (True, False), (False, True), (False, False))


def check_trust(trust: str) -> None:
    """InputError (with a did-you-mean) unless ``trust`` is one of :data:`TRUST`."""
    if trust not in TRUST:
        raise InputError(
            f"'trust' is '{trust}'; it must be one of {', '.join(TRUST)}"
            + did_you_mean(trust, TRUST)
        )


def by_evidence(
    finder: Finder,
    by: str,
    k: int,
    trust: str,
    search: Callable[[Finder, str, int], list[Route]],
    rank: bool = True,
) -> list[Route]:
    """The ``k`` best routes of ``finder``'s caller, evidence first (``rank=False``: by the
    objective alone, as ``search`` gives them), each with its :attr:`Route.evidence`.

    ``search(finder, by, k)`` is the plain search; it is called with ``finder.hide`` set to
    each tier's predicate in turn.
    """
    known = Known(finder.hotline, finder.g, finder.who, finder.at)
    if not rank:
        return [_with(known, r) for r in search(finder, by, k)]
    found: dict[tuple, Route] = {}
    for route in _documented(finder, known):
        found.setdefault(_slot(route), route)
    if trust != "documented":
        tiers: tuple[tuple[bool, bool], ...] = _TIERS if trust == "any" else _TIERS[:2]
        if by == "pareto":  # the level is a measure of the front: disputes do not split it
            tiers = tuple(t for t in tiers if not t[1])
        if not any(e.disputed for _n, _m, e in finder.entries):  # nothing to hide: one search
            tiers = tuple(t for t in tiers if not t[1])
        for inferred, disputed in tiers:
            if by != "pareto" and _better(found.values(), _TIERS.index((inferred, disputed))) >= k:
                break
            before = finder.hide
            finder.hide = known.hiding(inferred, disputed)
            try:
                got = search(finder, by, k + len(found))
            finally:
                finder.hide = before
            for route in got:
                found.setdefault(_slot(route), _with(known, route))
    kept = [r for r in found.values() if trust != "sourced" or r.evidence.level != "inferred"]  # type: ignore[union-attr]
    if by == "pareto":
        return _front(finder, kept)
    return _ranked(finder, kept, by)[:k]


def _slot(route: Route) -> tuple:
    return (route.entry.id, route.menu.id, route.keys)


def _with(known: Known, route: Route) -> Route:
    return route if route.evidence is not None else replace(route, evidence=known.of(route))


def _tier(route: Route) -> int:
    """0 sourced undisputed, 1 sourced, 2 inferred undisputed, 3 inferred; documented -1."""
    ev = route.evidence
    assert ev is not None
    if ev.level == "documented":
        return -1
    return (2 if ev.level == "inferred" else 0) + bool(ev.disputed)


def _better(routes: Iterable[Route], tier: int) -> int:
    """How many of ``routes`` rank above every route of searched tier ``tier``."""
    return sum(_tier(r) < tier for r in routes)


def _documented(finder: Finder, known: Known) -> list[Route]:
    """The holding claims that reach a human, replayed as routes of this caller: one a
    route (claims that make the same call give the same route)."""
    served = {(m.id, e.id) for _n, m, e in finder.entries}
    out: dict[tuple, Route] = {}
    for _menu, claim, call, edges in known.documented_calls():
        if call.menu is None or call.entry is None:
            continue
        menu = next((m for m in finder.hotline.menus if call.entry in m.entries), None)
        if menu is None or (menu.id, call.entry.id) not in served:
            continue
        route = finder.replay_keys(menu, call.entry, claim.keys, edges, call)
        if route is not None and _slot(route) not in out:
            out[_slot(route)] = _with(known, route)
    return list(out.values())


def _ranked(finder: Finder, routes: Iterable[Route], by: str) -> list[Route]:
    order = {(m.id, e.id): i for i, (_n, m, e) in enumerate(finder.entries)}
    return sorted(
        routes,
        key=lambda r: (r.evidence.rank, r.objective(by), order[(r.menu.id, r.entry.id)]),  # type: ignore[union-attr]
    )


def _front(finder: Finder, routes: list[Route]) -> list[Route]:
    """The routes no other beats on evidence, presses, time and money at once (the Pareto set
    with the level as a fourth measure), listed by evidence, then time."""
    from ivr.routing.pareto import undominated  # noqa: PLC0415

    def measures(r: Route) -> tuple:
        return (r.evidence.rank[0], r.key_count, r.total, r.cost_total)  # type: ignore[union-attr]

    front = undominated(routes, key=measures)
    return _ranked(finder, front, "time")

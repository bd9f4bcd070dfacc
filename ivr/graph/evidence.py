"""What backs each way out of a node: a text's claim, a cited source, or a guess of the model.

Every edge of the compiled graph (:func:`ivr.compile`) is at one of three **levels** for a
caller:

* ``documented`` -- a documented claim that holds for this caller walks it. A claim written for
  a caller context (``caller: {network: mts, location: home}``) covers every caller whose
  attributes match what it writes (any ``segment`` there), when its replay for that caller
  holds;
* ``sourced`` -- the node (or entry) it leaves cites a source, and the field the edge comes
  from is not marked ``inferred`` (``inferred: [timeout]`` marks a node's timeout,
  ``inferred: ["options.1"]`` its option 1 alone, ``inferred: options`` every option);
* ``inferred`` -- the field is listed in ``inferred`` (or ``all``), or nothing cites the node.

:func:`edge_evidence` (``ivr.edge_evidence``) gives every edge's level with the file, line and
words behind it; route ranking (:mod:`ivr.routing.ranking`), claims coverage and the lint rule
``source-without-claim`` are built on it. It lives in the graph layer so that lint can use it.

>>> import ivr
>>> h = ivr.load("menus/mts")
>>> ev = edge_evidence(h, {"network": "mts", "location": "home"})
>>> e = ev[("mts-short/main", "mts-short/section_2", 0)]
>>> e.level, [c.source for c in e.claims][:3]
('documented', [('A',), ('B',), ('C',)])
>>> e = ev[("mts-short/survey", "mts-short/hold", 3)]  # survey's 'invalid', inferred
>>> e.level, e.stated, e.basis.what
('inferred', 'inferred', "'invalid' of node 'survey' is inferred")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ivr._record import record
from ivr.diagnostics import Loc
from ivr.graphcache import cached
from ivr.model.types import Claim, Entry, Hotline, Menu, Node
from ivr.model.validation import sound

if TYPE_CHECKING:
    import networkx as nx

    from ivr.sim.run import Call

LEVELS = ("documented", "sourced", "inferred")
"""The levels, strongest first: a route is as strong as its weakest step."""
EdgeRef = tuple[str, str, int]

# the field of a node (or entry) that each kind of compiled edge comes from
_FIELD = {"entry": "start", "next": "next", "option": "options", "timeout": "timeout",
          "invalid": "invalid", "retry": "retries", "transfer": "to"}  # fmt: skip


@record
class Backing:
    """One thing an edge's level rests on: a claim, a cited source, or an inferred mark.

    ``where`` is the file, line and column (of the claim, of the node's ``source``, of the
    inferred value); ``what`` says it in words; ``source`` the ids cited; ``disputed`` why the
    model doubts it (a disputed entry, a disputed claim that holds again).
    """

    where: Loc
    what: str
    source: tuple[str, ...] = ()
    disputed: str = ""
    claim: Claim | None = None

    @property
    def file(self) -> str:
        return self.where.file

    @property
    def line(self) -> int:
        return self.where.line


@record
class EdgeEvidence:
    """The level of one compiled edge for one caller, and what it rests on.

    ``level`` is documented, sourced or inferred; ``claims`` the holding claims that walk the
    edge (documented: at least one); ``stated`` the level the menu's own fields give, claims
    aside (sourced or inferred), and ``basis`` where they say it.
    """

    edge: EdgeRef
    level: str
    claims: tuple[Backing, ...]
    stated: str
    basis: Backing


def claim_holds(claim: Claim, call: Call) -> bool:
    """Whether a replayed claim ends as it expects (and at its node, if it names one), every
    key it presses being an option where it is pressed.

    A documented key the menu no longer has breaks the claim, even when the call still gets
    there another way. ``disputed`` is not looked at: a disputed claim is *ok* while it does
    not hold (see :mod:`ivr.checking.runner`).
    """
    ends = call.outcome == claim.expect and (claim.node is None or call.node == claim.node)
    return ends and not wrong_keys(call)


def wrong_keys(call: Call) -> list[tuple[str, str]]:
    """(key, node) of every key of a call that was not an option where it was pressed."""
    return [(e.key, e.node) for e in call.events if e.key is not None and e.not_an_option]


def matches(claim: Claim, caller: Mapping[str, str]) -> bool:
    """Whether a claim covers ``caller``: every attribute the claim writes has its value there.

    >>> matches(Claim("0890", caller=(("network", "mts"),)), {"network": "mts", "segment": "vip"})
    True
    """
    return all(caller.get(name) == value for name, value in claim.caller)


def claim_walks(
    hotline: Hotline,
    caller: Mapping[str, str] | None = None,
    at: str | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> list[tuple[Menu, Claim, Call, tuple[EdgeRef, ...]]]:
    """The documented claims that hold for ``caller``, replayed: (menu, claim, call, edges).

    ``caller`` None: every claim as written (its own caller, its own ``at``). A mapping: the
    claims that match it (:func:`matches`), each replayed for this caller (its attributes
    completed with their defaults) at ``at``, or at the claim's own ``at`` when ``at`` is None.
    A claim that does not hold walks nothing.
    """
    from ivr.graph.build import compile  # noqa: PLC0415
    from ivr.sim.callers import resolve_caller  # noqa: PLC0415
    from ivr.sim.path import PathError, path_of_call  # noqa: PLC0415
    from ivr.sim.run import simulate  # noqa: PLC0415

    hotline = sound(hotline)
    g = graph if graph is not None else compile(hotline)
    who = resolve_caller(hotline, caller) if caller is not None else None
    out = []
    # claims that dial the same number with the same keys, caller and hour make the same
    # call (texts often agree): it is simulated, and its path found, once
    calls: dict[tuple, Call] = {}
    paths: dict[tuple, tuple[EdgeRef, ...] | None] = {}
    for menu, claim in hotline.claims():
        if who is not None and not matches(claim, who):
            continue
        as_who = who if who is not None else dict(claim.caller)
        when = at or claim.at
        same = (claim.dial, claim.keys, when, claim.caller if who is None else ())
        call = calls.get(same)
        if call is None:
            call = calls[same] = simulate(hotline, claim.dial, claim.keys, as_who, when)
        if not claim_holds(claim, call):
            continue
        if same not in paths:
            try:
                paths[same] = tuple(path_of_call(g, call))
            except PathError:  # a graph of other menus than the hotline's: nothing walked here
                paths[same] = None
        edges = paths[same]
        if edges is not None:
            out.append((menu, claim, call, edges))
    return out


def edge_evidence(
    hotline: Hotline,
    caller: Mapping[str, str] | None = None,
    at: str | None = None,
    graph: nx.MultiDiGraph | None = None,
    walks: list[tuple[Menu, Claim, Call, tuple[EdgeRef, ...]]] | None = None,
) -> dict[EdgeRef, EdgeEvidence]:
    """The level of every edge of the compiled graph for ``caller``, with what backs it.

    ``caller`` and ``at`` choose the claims as :func:`claim_walks` does: None (every claim as
    written: what the documented claims exercise, for coverage), or a caller (partial
    attributes take their defaults) replayed at ``at`` (None: each claim's own hour). ``graph``
    is the compiled graph of ``hotline`` when the caller has it, ``walks`` what
    :func:`claim_walks` gave for the same caller and hour. Keys are the graph's edges
    ``(u, v, k)``, in the graph's order.

    Raises: :class:`~ivr.errors.LoadError` for menus that do not validate,
    :class:`~ivr.errors.InputError` for an undeclared caller attribute or value, an ``at`` that
    is not ``HH:MM``.

    >>> import ivr
    >>> ev = edge_evidence(ivr.load("menus/mts"), {"network": "mts", "location": "roaming"})
    >>> e = ev[("mts-short/roaming_menu", "mts-short/roaming_questions", 0)]  # its option 1
    >>> e.level, e.stated, [c.source for c in e.claims]
    ('documented', 'sourced', [('B',)])
    """
    from ivr.graph.build import compile  # noqa: PLC0415

    hotline = sound(hotline)
    g = graph if graph is not None else compile(hotline)
    walked = walked_edges(claim_walks(hotline, caller, at, g) if walks is None else walks)
    out = {}
    for edge, (stated, basis) in stated_levels(g).items():
        claims = tuple(walked.get(edge, ()))
        level = "documented" if claims else stated
        out[edge] = EdgeEvidence(edge, level, claims, stated, basis)
    return out


def walked_edges(walks: list[tuple[Menu, Claim, Call, tuple[EdgeRef, ...]]]):
    """Edge -> the claims (as :class:`Backing`) whose replay walks it, from :func:`claim_walks`."""
    walked: dict[EdgeRef, list[Backing]] = {}
    for _menu, claim, _call, edges in walks:
        ref = claim_backing(claim)
        for edge in dict.fromkeys(edges):
            walked.setdefault(edge, []).append(ref)
    return walked


def claim_backing(claim: Claim) -> Backing:
    """A claim as what backs a step: its place, its words and its sources."""
    keys = f'keys "{claim.keys_text}"' if claim.keys else "no keys"
    said = f"dial {claim.dial}, {keys}"
    return Backing(claim.loc, said, claim.source, claim.disputed, claim)


_CACHE_KEY = "ivr.routing.evidence.stated"


def stated_levels(g: nx.MultiDiGraph) -> dict[EdgeRef, tuple[str, Backing]]:
    """Edge -> (sourced or inferred, where the menu says so): the levels claims aside.

    Kept in the graph's cache (:func:`ivr.graphcache.cached`) until the graph changes.
    """
    return cached(g, _CACHE_KEY, _stated_levels)


def _stated_levels(g: nx.MultiDiGraph) -> dict[EdgeRef, tuple[str, Backing]]:
    one = stated_level(g)
    return {(u, v, k): one((u, v, k)) for u, v, k in g.edges(keys=True)}


_ONE_KEY = "ivr.routing.evidence.stated_one"


def stated_level(g: nx.MultiDiGraph):
    """A function edge -> (sourced or inferred, where the menu says so), for one edge at a
    time: what a search asks of the few edges it touches (memoized until the graph changes)."""
    return cached(g, _ONE_KEY, _one_by_one)


def _one_by_one(g: nx.MultiDiGraph):
    memo: dict[EdgeRef, tuple[str, Backing]] = {}
    nodes, edges = g.nodes, g.edges

    def one(edge: EdgeRef) -> tuple[str, Backing]:
        got = memo.get(edge)
        if got is None:
            u, v, _k = edge
            data = nodes[u]
            owner = data.get("entry") if data.get("kind") == "entry" else data.get("node")
            if owner is None:  # an edge added by hand: nothing says where it comes from
                got = ("inferred", Backing(Loc(""), f"{u} -> {v}: no field gives it"))
            else:
                got = _stated(owner, edges[edge])
            memo[edge] = got
        return got

    return one


def _stated(owner: Entry | Node, d: Mapping) -> tuple[str, Backing]:
    """The level the fields of ``owner`` give the edge with data ``d``, and where."""
    kind = d.get("kind", "")
    is_entry = isinstance(owner, Entry)
    name = f"entry '{owner.id}'" if is_entry else f"node '{owner.id}'"
    fields, shown, at = _fields_of(owner, kind, d)
    facts = owner.facts
    marked = next((f for f in (*fields, "all") if f in facts.inferred), None)
    if marked is not None:
        if marked == "when":
            shown = "'when' (whom it serves)"
        what = f"{shown} of {name} is inferred" + (" (all its fields)" if marked == "all" else "")
        return "inferred", Backing(at, what, facts.source)
    if not facts.source:
        return "inferred", Backing(at, f"{shown} of {name}: the {name.split()[0]} cites no source")
    place = owner.where.get("source")
    loc = Loc(owner.loc.file, *place) if place else owner.loc
    cited = ", ".join(facts.source)
    disputed = owner.disputed if isinstance(owner, Entry) else ""
    return "sourced", Backing(loc, f"{shown} of {name}, as {cited} say", facts.source, disputed)


def _fields_of(owner: Entry | Node, kind: str, d: Mapping) -> tuple[tuple[str, ...], str, Loc]:
    """The field names whose ``inferred`` mark covers an edge, how to say it, and where it is."""
    loc = owner.loc

    def at(key: str, fallback: Loc | None = None) -> Loc:
        place = owner.where.get(key)
        return Loc(loc.file, *place) if place else (fallback or loc)

    if isinstance(owner, Entry):  # who it serves and where it starts both decide the call
        return ("start", "when"), "'start'", at("start")
    if kind == "option":
        key = d.get("key")
        return ("options", f"options.{key}"), f"option '{key}'", at(f"options.{key}")
    if kind == "branch":
        if d.get("otherwise"):
            return ("else",), "'else'", at("else")
        case = next((c for c in owner.cases if c.when is d.get("condition")), None)
        return ("cases",), "a case", case.loc if case is not None else loc
    field = _FIELD.get(kind, kind)
    part = {"timeout": owner.timeout, "retries": owner.retries, "to": owner.to}.get(field)
    return (field,), f"'{field}'", at(field, part.loc if part is not None else None)

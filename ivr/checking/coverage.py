"""Claims coverage: how much of a hotline its documented claims exercise (``ivr check
--coverage``, :func:`ivr.coverage`).

An edge of the compiled graph is *covered* when it is ``documented`` in the sense of
:func:`ivr.graph.evidence.edge_evidence` (a documented claim that holds walks it; the one
definition, used here as it is); a node or a human is covered when a covered edge enters it,
an entry when a covered edge leaves it (a claim dials it). Counted per file and in total:

* ``nodes`` -- the menu nodes (humans among them);
* ``edges`` -- the ways out of nodes (options, next, timeouts, invalid keys, retries, branch
  cases, transfers); an entry's edge to its start counts as the entry;
* ``entries`` -- the numbers a caller dials;
* ``humans`` -- agents and callbacks.

The percentage is the four counted together (as line and branch coverage are counted
together): covered items over all items. What no claim reaches is listed with a reason in
words: ``no entry reaches it``, ``reached only through inferred steps`` (every way there
relies on a step the texts do not give), ``no claim reaches it, though sourced steps lead
there`` (a documented claim would cover it), and for an edge its own level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ivr._record import record
from ivr.graph.build import compile
from ivr.graph.evidence import edge_evidence
from ivr.lint.engine import reach
from ivr.model.types import HUMAN_TYPES, Hotline, Loc, Menu, as_hotline

if TYPE_CHECKING:
    import networkx as nx

KINDS = ("nodes", "edges", "entries", "humans")
_ONE = {"nodes": "node", "edges": "edge", "entries": "entry", "humans": "human"}

NOT_REACHED = "no entry reaches it"
INFERRED_ONLY = "reached only through inferred steps"
CLAIMABLE = "no claim reaches it, though sourced steps lead there"


@record
class Counts:
    """Covered of total.

    >>> Counts(3, 4).percent
    75.0
    """

    covered: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        """Covered over total, 0 to 100 (100 when there is nothing to cover)."""
        return 100.0 * self.covered / self.total if self.total else 100.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.covered + other.covered, self.total + other.total)

    def as_json(self) -> dict:
        return {"covered": self.covered, "total": self.total}


@record
class Uncovered:
    """Something no documented claim reaches: where, what (``kind``: node, edge, entry or
    human, and its graph ``id``) and why, in words."""

    loc: Loc
    kind: str
    id: str
    reason: str

    def as_json(self) -> dict:
        return {"file": self.loc.file, "line": self.loc.line, "col": self.loc.col,
                "kind": self.kind, "id": self.id, "reason": self.reason}  # fmt: skip

    def __str__(self) -> str:
        return f"{self.loc}: {self.kind} {self.id}: {self.reason}"


@dataclass
class Coverage:
    """Claims coverage of one or more hotlines: counts per file and kind, and what is left.

    >>> c = Coverage()
    >>> c.total("nodes"), c.percent
    (Counts(covered=0, total=0), 100.0)
    """

    files: dict[str, dict[str, Counts]] = field(default_factory=dict)
    uncovered: list[Uncovered] = field(default_factory=list)

    def total(self, kind: str) -> Counts:
        """The counts of one kind over every file."""
        out = Counts()
        for counts in self.files.values():
            out = out + counts.get(kind, Counts())
        return out

    @property
    def overall(self) -> Counts:
        """The four kinds counted together."""
        out = Counts()
        for kind in KINDS:
            out = out + self.total(kind)
        return out

    @property
    def percent(self) -> float:
        """What ``--fail-under`` compares: :attr:`overall` as a percentage."""
        return self.overall.percent

    def below(self, percent: float) -> bool:
        return self.percent < percent

    def add(self, other: Coverage) -> None:
        """Take in another hotline's coverage (the files of a run are all in one)."""
        for file, counts in other.files.items():
            mine = self.files.setdefault(file, {})
            for kind, c in counts.items():
                mine[kind] = mine.get(kind, Counts()) + c
        self.uncovered.extend(other.uncovered)

    def as_json(self) -> dict:
        """``{"nodes": {"covered", "total"}, "edges", "entries", "humans", "uncovered": [{"file",
        "line", "col", "kind", "id", "reason"}]}`` and, beside them, ``percent`` and ``files``
        (the same counts per file)."""
        out: dict = {kind: self.total(kind).as_json() for kind in KINDS}
        out["uncovered"] = [u.as_json() for u in self.uncovered]
        out["percent"] = round(self.percent, 1)
        out["files"] = {
            file: {kind: counts.get(kind, Counts()).as_json() for kind in KINDS}
            for file, counts in self.files.items()
        }
        return out

    def rows(self) -> list[tuple[str, dict[str, Counts], float]]:
        """(file or "total", counts by kind, percent) per file, then the total: for tables."""
        out = []
        for file in sorted(self.files):
            counts = self.files[file]
            together = Counts()
            for kind in KINDS:
                together = together + counts.get(kind, Counts())
            out.append((file, counts, together.percent))
        out.append(("total", {kind: self.total(kind) for kind in KINDS}, self.percent))
        return out

    def as_text(self) -> str:
        """A table (per file, then the total) and a line per uncovered item."""
        rows = self.rows()
        width = max(len(r[0]) for r in rows)
        head = "  ".join(f"{k:>13}" for k in KINDS)
        lines = ["claims coverage (what the documented claims walk):",
                 f"  {'file':<{width}}  {head}      all"]  # fmt: skip
        for name, counts, percent in rows:
            cells = "  ".join(f"{_cell(counts.get(k, Counts())):>13}" for k in KINDS)
            lines.append(f"  {name:<{width}}  {cells}  {percent:6.1f}%")
        if self.uncovered:
            lines.append(f"not reached by any documented claim ({len(self.uncovered)}):")
            lines += [f"  {u}" for u in self.uncovered]
        return "\n".join(lines) + "\n"


def _cell(c: Counts) -> str:
    return f"{c.covered}/{c.total} {c.percent:3.0f}%"


def coverage(menus: Hotline | Menu, graph: nx.MultiDiGraph | None = None) -> Coverage:
    """What the documented claims of a hotline exercise, and what none reaches.

    Raises: :class:`~ivr.errors.LoadError` for menus that do not validate.

    >>> import ivr
    >>> c = ivr.coverage(ivr.load_menu_text('''
    ... ivr: 1
    ... sources: {T: {title: "the text"}}
    ... entries: [{dial: "100", start: main, source: T}]
    ... nodes:
    ...   main: {type: menu, say: "Sales 1, support 2", options: {"1": sales, "2": support},
    ...          source: T}
    ...   sales: {type: agent}
    ...   support: {type: agent}
    ... documented: [{dial: "100", keys: "1", source: T}]
    ... '''))
    >>> c.total("humans"), c.total("edges")
    (Counts(covered=1, total=2), Counts(covered=1, total=2))
    >>> for u in c.uncovered:
    ...     print(u)
    <text>:6:76: edge <text>/main option 2 -> <text>/support: sourced, but no claim takes it
    <text>:9:12: human <text>/support: no claim reaches it, though sourced steps lead there
    """
    hotline = as_hotline(menus)
    g = graph if graph is not None else compile(hotline)
    evidence = edge_evidence(hotline, graph=g)
    nodes = g.nodes
    entries = [n for n, d in nodes(data=True) if d.get("kind") == "entry"]
    reached = reach(g, entries)
    solid = _reach_by(g, entries, {e for e, ev in evidence.items() if ev.stated != "inferred"
                                   or ev.level == "documented"})  # fmt: skip
    covered_nodes = {v for (u, v, _k), ev in evidence.items() if ev.level == "documented"}
    result = Coverage()
    for m in hotline.menus:
        result.files.setdefault(m.file, {kind: Counts() for kind in KINDS})
    items: list[tuple[Loc, Uncovered]] = []

    def count(file: str, kind: str, covered: bool) -> None:
        counts = result.files.setdefault(file, {k: Counts() for k in KINDS})
        counts[kind] = counts[kind] + Counts(int(covered), 1)

    for n, d in nodes(data=True):
        loc = Loc(d.get("file", ""), d.get("line", 0), d.get("col", 0))
        if d.get("kind") == "entry":
            covered = any(evidence[e].level == "documented" for e in _out(g, n) if e in evidence)
            count(loc.file, "entries", covered)
            if not covered:
                items.append((loc, Uncovered(loc, "entry", n, _entry_reason(g, n, evidence))))
            continue
        covered = n in covered_nodes
        human = d.get("type") in HUMAN_TYPES
        count(loc.file, "nodes", covered)
        if human:
            count(loc.file, "humans", covered)
        if not covered:
            reason = (
                NOT_REACHED if n not in reached else INFERRED_ONLY if n not in solid else CLAIMABLE
            )
            items.append((loc, Uncovered(loc, "human" if human else "node", n, reason)))
    for edge, ev in evidence.items():
        u, v, _k = edge
        if nodes[u].get("kind") == "entry":
            continue  # counted as the entry
        data = g.edges[edge]
        file = nodes[u].get("file", "")
        count(file, "edges", ev.level == "documented")
        if ev.level == "documented":
            continue
        if u not in reached:
            reason = NOT_REACHED
        elif ev.stated == "inferred":
            reason = f"inferred ({ev.basis.what}), and no claim takes it"
        else:
            reason = "sourced, but no claim takes it"
        loc = edge_loc(g, edge)
        key = data.get("key")
        what = data.get("kind", "") + (f" {key}" if key else "")
        items.append((loc, Uncovered(loc, "edge", f"{u} {what} -> {v}", reason)))
    items.sort(key=lambda x: (x[0].file, x[0].line, x[0].col))
    result.uncovered = [u for _, u in items]
    return result


def _out(g: nx.MultiDiGraph, n: str) -> list[tuple[str, str, int]]:
    return [(n, v, k) for _, v, k in g.out_edges(n, keys=True)]


def _entry_reason(g: nx.MultiDiGraph, n: str, evidence: dict) -> str:
    stated = [evidence[e].stated for e in _out(g, n) if e in evidence]
    if stated and all(s == "inferred" for s in stated):
        return "no claim dials it (and where it starts is inferred)"
    return "no claim dials it"


def _reach_by(g: nx.MultiDiGraph, starts: list[str], allowed: set) -> set[str]:
    """Graph nodes reachable from ``starts`` along ``allowed`` edges only."""
    seen = set(starts)
    todo = list(starts)
    while todo:
        u = todo.pop()
        for _, v, k in g.out_edges(u, keys=True):
            if (u, v, k) in allowed and v not in seen:
                seen.add(v)
                todo.append(v)
    return seen


def edge_loc(g: nx.MultiDiGraph, edge: tuple[str, str, int]) -> Loc:
    """Where the field an edge comes from stands (an option's target, a timeout's ``to``, a
    case), else the node it leaves."""
    u, _v, _k = edge
    d = g.nodes[u]
    base = Loc(d.get("file", ""), d.get("line", 0), d.get("col", 0))
    node = d.get("node")
    if node is None:
        return base
    data = g.edges[edge]
    kind = data.get("kind")

    def at(where: object, name: str, fallback: Loc = base) -> Loc:
        pos = where.get(name) if isinstance(where, Mapping) else None
        return Loc(base.file, *pos) if pos else fallback

    if kind == "option":
        return at(node.where, f"options.{data.get('key')}")
    if kind in ("next", "invalid"):
        return at(node.where, kind)
    if kind == "timeout" and node.timeout is not None:
        return at(node.timeout.where, "to", node.timeout.loc)
    if kind == "retry" and node.retries is not None:
        return at(node.retries.where, "then", node.retries.loc)
    if kind == "branch":
        if data.get("otherwise"):
            return at(node.where, "else")
        case = next((c for c in node.cases if c.when is data.get("condition")), None)
        return case.loc if case is not None and case.loc.line else base
    if kind == "transfer" and node.to is not None and node.to.loc.line:
        return node.to.loc
    return base

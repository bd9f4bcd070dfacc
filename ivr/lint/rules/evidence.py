"""Rules on the evidence the menus carry: documented claims, sources, entries marked disputed."""

from __future__ import annotations

from collections.abc import Iterable

from ivr.diagnostics import Loc
from ivr.lint.engine import Finding, Lint, Rule

OPTION_RULE = "option-not-backed"

MIN_REASON = 10
"""A reason for a dispute shorter than this ("yes", "wrong") says nothing."""


def _disputed_without_reason(ctx: Lint) -> Iterable[Finding]:
    hotline = ctx.g.graph.get("hotline")
    if hotline is None:
        return
    for m in hotline.menus:
        for e in m.entries:
            if e.disputed and len(e.disputed.strip()) < MIN_REASON:
                yield (
                    e.loc,
                    (
                        f"entry '{e.id}' is marked disputed ('{e.disputed}') without a reason: say "
                        "which source disagrees and why the model differs"
                    ),
                )
        for c in m.documented:
            if c.disputed and len(c.disputed.strip()) < MIN_REASON:
                keys = f"keys '{c.keys_text}'" if c.keys else "no keys"
                yield (
                    c.loc,
                    (
                        f"documented claim (dial {c.dial}, {keys}) is marked disputed "
                        f"('{c.disputed}') without a reason: say why the model disagrees with "
                        f"source {', '.join(c.source)}"
                    ),
                )


def _claim_without_source(ctx: Lint) -> Iterable[Finding]:
    hotline = ctx.g.graph.get("hotline")
    if hotline is None or not any(m.sources for m in hotline.menus):
        return  # a team testing its own menu, with no texts to cite
    for m in hotline.menus:
        for c in m.documented:
            if not c.source:
                keys = f"keys '{c.keys_text}'" if c.keys else "no keys"
                yield (
                    c.loc,
                    f"documented claim (dial {c.dial}, {keys}) cites no source: name the text "
                    "under 'sources' that says it",
                )


def _option_not_backed(ctx: Lint) -> Iterable[Finding]:
    from ivr.graph.evidence import edge_evidence  # noqa: PLC0415

    g = ctx.g
    hotline = g.graph.get("hotline")
    if hotline is None:
        return
    nodes = g.nodes
    for edge, ev in edge_evidence(hotline, graph=g).items():
        d = g.edges[edge]
        if d.get("kind") != "option" or ev.level != "sourced":
            continue
        node = nodes[edge[0]].get("node")
        if node is None or OPTION_RULE in node.suppress:
            continue
        key = d.get("key")
        place = node.where.get(f"options.{key}")
        loc = Loc(node.loc.file, *place) if place else node.loc
        cited = ", ".join(node.facts.source)
        yield (
            loc,
            f"option '{key}' of node '{node.id}': the node cites {cited}, but no documented "
            f"claim presses {key} there; add the claim that says it, or mark the option "
            f'inferred (inferred: ["options.{key}"])',
        )


RULES: tuple[Rule, ...] = (
    Rule(
        "claim-without-source",
        "warning",
        "a documented claim that cites no source, in a hotline that declares sources",
        _claim_without_source,
    ),
    Rule(
        OPTION_RULE,
        "warning",
        "an option of a node that cites a source, which no documented claim presses",
        _option_not_backed,
    ),
    Rule(
        "disputed-without-reason",
        "warning",
        "a disputed claim or entry that gives no reason",
        _disputed_without_reason,
    ),
)

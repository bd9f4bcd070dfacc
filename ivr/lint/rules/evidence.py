"""Rules on the evidence the menus carry: documented claims and entries marked disputed."""

from __future__ import annotations

from collections.abc import Iterable

from ivr.lint.engine import Finding, Lint, Rule

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


RULES: tuple[Rule, ...] = (
    Rule(
        "disputed-without-reason",
        "warning",
        "a disputed claim or entry that gives no reason",
        _disputed_without_reason,
    ),
)

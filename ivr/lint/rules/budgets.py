"""Rules with a budget: options per menu, key presses to a menu or a human, seconds to a human.

Each budget is an :class:`~ivr.lint.engine.Option` of its rule, set in ``[tool.ivr] budgets``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ivr.lint.engine import Finding, Lint, Option, Rule
from ivr.model.types import HUMAN_TYPES

MAX_OPTIONS = Option("max_options", 9, "most options a menu may offer")
MAX_DEPTH = Option("max_depth", 6, "most key presses from the nearest entry to a menu or human")
MAX_SECONDS_TO_HUMAN = Option(
    "max_seconds_to_human", 120, "most seconds from an entry to a human, for the luckiest caller"
)


def _budget(value: float) -> str:
    return f"{value:g}"


def _too_many_options(ctx: Lint) -> Iterable[Finding]:
    limit = ctx.budget(MAX_OPTIONS)
    for n, d in ctx.nodes:
        count = len(d["node"].options) if d["type"] == "menu" else 0
        if count > limit:
            yield (
                n,
                (
                    f"menu '{d['id']}' offers {count} options, more than the budget of "
                    f"{_budget(limit)} ({MAX_OPTIONS.name}): callers forget long lists; "
                    "split the menu"
                ),
            )


def _too_deep(ctx: Lint) -> Iterable[Finding]:
    limit = ctx.budget(MAX_DEPTH)
    depth = ctx.depth
    for n, d in ctx.nodes:
        if d["type"] in ("menu", *HUMAN_TYPES) and depth.get(n, 0) > limit:
            what = "menu" if d["type"] == "menu" else f"{d['type']}"
            yield (
                n,
                (
                    f"{what} '{d['id']}' takes {depth[n]} key presses from the nearest entry, more "
                    f"than the budget of {_budget(limit)} ({MAX_DEPTH.name})"
                ),
            )


def _slow_to_human(ctx: Lint) -> Iterable[Finding]:
    limit = ctx.budget(MAX_SECONDS_TO_HUMAN)
    seconds = ctx.seconds_to_human
    g = ctx.g
    for n in ctx.entries:
        s = seconds.get(n)
        if s is not None and s > limit:
            d = g.nodes[n]
            yield (
                n,
                (
                    f"from entry '{d['id']}' (dial {d['dial']}) the fastest way to a human takes "
                    f"{s:g} s, more than the budget of {_budget(limit)} s "
                    f"({MAX_SECONDS_TO_HUMAN.name})"
                ),
            )


RULES: tuple[Rule, ...] = (
    Rule(
        "too-many-options",
        "warning",
        "a menu with more options than the budget",
        _too_many_options,
        (MAX_OPTIONS,),
    ),
    Rule(
        "too-deep",
        "warning",
        "a menu or human more key presses deep than the budget",
        _too_deep,
        (MAX_DEPTH,),
    ),
    Rule(
        "slow-to-human",
        "warning",
        "an entry whose fastest way to a human is over the budget",
        _slow_to_human,
        (MAX_SECONDS_TO_HUMAN,),
    ),
)

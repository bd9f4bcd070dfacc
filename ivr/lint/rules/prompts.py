"""Rules on what prompts say: a key named that the menu lacks, an option never mentioned."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr.lint.engine import Finding, Lint, Rule
from ivr.lint.vocabulary import keys_named, mentions

if TYPE_CHECKING:
    import networkx as nx


def _menu_after(g: nx.MultiDiGraph, n: str) -> dict | None:
    """The menu a prompt's ``next`` chain leads to (through prompts only), or None."""
    seen = set()
    d = g.nodes[n]
    while d.get("type") == "prompt" and n not in seen:
        seen.add(n)
        nxt = [v for _, v, e in g.out_edges(n, data=True) if e["kind"] == "next"]
        if not nxt:
            return None
        n = nxt[0]
        d = g.nodes[n]
    return d if d.get("type") == "menu" else None


def _prompt_key_missing(ctx: Lint) -> Iterable[Finding]:
    for n, d in ctx.nodes:
        if d["type"] not in ("menu", "prompt") or not d["say"]:
            continue
        named = keys_named(d["say"])
        if not named:
            continue
        menu = d if d["type"] == "menu" else _menu_after(ctx.g, n)
        if menu is None:
            continue
        have = {k for k, _ in menu["node"].options}
        for key in sorted(named - have):
            where = "its menu" if menu is d else f"the menu '{menu['id']}' it leads to"
            yield (
                n,
                (
                    f"the prompt of {d['type']} '{d['id']}' tells the caller to press {key}, but "
                    f"{where} has no option {key} (options: {', '.join(sorted(have)) or 'none'})"
                ),
            )


def _key_not_announced(ctx: Lint) -> Iterable[Finding]:
    for n, d in ctx.nodes:
        if d["type"] != "menu" or not d["say"] or not keys_named(d["say"]):
            continue
        for key, target in d["node"].options:
            if not mentions(d["say"], key):
                yield (
                    n,
                    (
                        f"menu '{d['id']}' has option {key} (to '{target}'), which its prompt "
                        "never mentions: a hidden key only the initiated find"
                    ),
                )


RULES: tuple[Rule, ...] = (
    Rule(
        "prompt-key-missing",
        "warning",
        "a prompt that names a key the menu does not have",
        _prompt_key_missing,
    ),
    Rule(
        "key-not-announced",
        "info",
        "an option key the menu's prompt never mentions",
        _key_not_announced,
    ),
)

"""Lint rules over the compiled graph: stable ids, default severities, person-readable messages.

Each rule has a stable id and a default severity; a node can silence a rule for itself with
``suppress: [rule-id]``, and ``[tool.ivr]`` in ``pyproject.toml`` selects rules, changes their
severity and sets the budgets the rules declare (:mod:`ivr.lint.config`, ``docs/rules.md``).

The layers, each importing only those before it: :mod:`~ivr.lint.vocabulary` (the words of
prompts that name keys), :mod:`~ivr.lint.engine` (``Rule``, ``Option``, the :class:`Lint`
context and its shared searches, the run with suppression and severities),
:mod:`ivr.lint.rules` (one module per family, the catalog), :mod:`~ivr.lint.config`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr.diagnostics import Diagnostic
from ivr.lint.config import Config, ConfigError, config_for
from ivr.lint.engine import Lint, Option, Rule, run_rules
from ivr.lint.rules import CATALOG, RULES, load_rule, rule
from ivr.lint.vocabulary import mentions, named_keys

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CATALOG",
    "RULES",
    "Config",
    "ConfigError",
    "Lint",
    "Option",
    "Rule",
    "config_for",
    "lint_graph",
    "load_rule",
    "mentions",
    "named_keys",
    "rule",
]


def lint_graph(
    g: nx.MultiDiGraph, rules: Iterable[Rule] = RULES, config: Config | None = None
) -> list[Diagnostic]:
    """Run the rules (default: every graph rule) over a compiled graph; findings sorted by file,
    line and rule. ``config`` selects rules, overrides severities and sets the budgets.

    >>> import ivr
    >>> g = ivr.compile(ivr.load_menu_text('''
    ... ivr: 1
    ... entries: [{dial: "0890", start: main}]
    ... nodes:
    ...   main: {type: menu, say: "Operator - 0", options: {"0": human}}
    ...   human: {type: agent}
    ... '''))
    >>> [(d.rule, d.severity) for d in lint_graph(g)]
    [('no-invalid', 'info'), ('no-timeout', 'warning')]
    """
    return run_rules(g, rules, config)

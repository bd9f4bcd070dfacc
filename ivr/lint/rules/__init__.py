"""The catalog of lint rules, one module per family.

:data:`RULES` are the graph rules :func:`ivr.lint.lint_graph` runs; :data:`CATALOG` lists every rule
``ivr check`` can report, including those found elsewhere (``unknown-reference`` and
``bad-number`` when a menu does not load, ``documented-claim-broken`` by the check of claims,
``routes-lock`` by the lock). A new rule goes into the module of its family and the tuple
below; ``docs/rules.md`` documents it (a test holds the two together). A rule's ``family`` is
its module's name: ``[tool.ivr]`` and ``ivr check --extend-select`` select by family too
(``gethuman``, a pack off by default).

>>> rule("too-deep").options[0].name, rule("too-deep").options[0].default, rule("too-deep").family
('max_depth', 6, 'budgets')
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from ivr.lint.engine import Rule
from ivr.lint.rules import budgets, elsewhere, evidence, gethuman, prompts, structure
from ivr.lint.rules.elsewhere import load_rule


def _family(module: ModuleType) -> tuple[Rule, ...]:
    """The rules of a family module, each tagged with the family's name (its module's)."""
    name = module.__name__.rsplit(".", 1)[-1]
    return tuple(replace(r, family=name) for r in module.RULES)


RULES: tuple[Rule, ...] = (
    _family(structure) + _family(budgets) + _family(prompts) + _family(evidence) + _family(gethuman)
)
OTHER_RULES: tuple[Rule, ...] = _family(elsewhere)
CATALOG: tuple[Rule, ...] = RULES + OTHER_RULES

__all__ = ["CATALOG", "OTHER_RULES", "RULES", "load_rule", "rule"]


def rule(rule_id: str) -> Rule:
    """The catalog entry of a rule id (KeyError for an unknown one).

    >>> rule("dead-end").severity, rule("bad-number").configurable
    ('error', False)
    """
    for r in CATALOG:
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)

"""Rules reported outside the graph lint: load errors, documented claims, the routes lock.

They are in the catalog so that ``[tool.ivr]``, the pytest plugin and the reports know them;
their ``run`` finds nothing (:mod:`ivr.io.yaml.reader`, :mod:`ivr.checking` report them).
"""

from __future__ import annotations

from collections.abc import Iterable

from ivr.diagnostics import Diagnostic
from ivr.lint.engine import Finding, Lint, Rule


def _found_elsewhere(ctx: Lint) -> Iterable[Finding]:
    return ()


RULES: tuple[Rule, ...] = (
    Rule(
        "unknown-reference",
        "error",
        "a reference to a node, file or entry that does not exist",
        _found_elsewhere,
        configurable=False,
    ),
    Rule(
        "bad-number",
        "error",
        "an entry number that does not parse as a telephone number",
        _found_elsewhere,
        configurable=False,
    ),
    Rule(
        "documented-claim-broken",
        "error",
        "a documented key sequence that no longer does what its source says",
        _found_elsewhere,
        configurable=False,
    ),
    Rule("routes-lock", "error", "best routes that differ from the lock file", _found_elsewhere),
)

_LOAD_KINDS = (
    ("bad-number", ("is not a telephone number", "does not parse as a telephone number",
                    "is not a valid telephone number")),
    ("unknown-reference", ("which does not exist", "which is not a menu file of this folder",
                           "which has no such entry", "which no entry of this hotline has",
                           "which 'sources' does not list")),
)  # fmt: skip


def load_rule(diagnostic: Diagnostic) -> str:
    """The rule id of a load error: ``unknown-reference``, ``bad-number`` or ``load``.

    >>> from ivr.model.types import Loc
    >>> message = "'next' of node 'a' points to 'b', which does not exist"
    >>> load_rule(Diagnostic(Loc("m.yaml", 3, 4), message))
    'unknown-reference'
    """
    if diagnostic.rule != "load":
        return diagnostic.rule
    for kind, phrases in _LOAD_KINDS:
        if any(p in diagnostic.message for p in phrases):
            return kind
    return "load"

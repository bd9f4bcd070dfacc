"""The routes layer of ``ivr diff``: the best route to a human of every caller context, before
and after, by keys, by time and by cost.

A route *lost*, *less backed* (documented -> sourced -> inferred), *longer* (more key presses),
*slower* or *costlier* is a regression; *gained*, *better backed*, *shorter*, *faster* or
*cheaper* an improvement; the same measures with other keys a change.
Callers with the very same change share one line.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from ivr.checking.diff.report import Change
from ivr.model.types import Hotline

EPSILON = 1e-6
OBJECTIVES = ("keys", "time", "cost")

_KEYS = (lambda r: r.key_count, "longer", "shorter", "key presses", "{:d}")
_TIME = (lambda r: r.seconds, "slower", "faster", "seconds", "{:g}")
_COST = (lambda r: r.cost_total, "costlier", "cheaper", "cost", None)
_LEVELS = ("documented", "sourced", "inferred")
_EVIDENCE = (lambda r: _LEVELS.index(r.evidence.level) if r.evidence is not None else 0,
             "less backed", "better backed", "evidence", "level")  # fmt: skip
# objective -> the measures it ranks by, in order (a tie on the first falls to the second):
# routes rank by evidence first (docs/evidence.md)
_MEASURES = {"keys": (_EVIDENCE, _KEYS, _TIME), "time": (_EVIDENCE, _TIME, _KEYS),
             "cost": (_EVIDENCE, _COST, _TIME)}  # fmt: skip


def route_changes(old: Hotline, new: Hotline, at: str) -> list[Change]:
    """Route changes per caller context, the callers with the same change on one line."""
    from ivr.routing.budget import current  # noqa: PLC0415

    a, b = _Best(old, at), _Best(new, at)
    groups: dict[tuple, list[str]] = {}
    names, attrs = _attributes(old, new)
    total = math.prod(len(v) for v in attrs.values())
    every = (dict(zip(names, c, strict=True)) for c in itertools.product(*attrs.values()))
    for who in current().contexts(every, total):  # the search budget bounds the contexts
        caller = ",".join(f"{k}={v}" for k, v in who.items()) or "any caller"
        for row in _route_rows(a.get(who), b.get(who)):
            groups.setdefault(row, []).append(caller)
    out = []
    for (action, bad, good, detail, was, now), callers in groups.items():
        shown = callers_text(callers)
        out.append(Change("route", action, shown, f"{shown}: {detail}", regression=bad,
                          improvement=good, before=was, after=now,
                          callers=tuple(callers)))  # fmt: skip
    return out


def contexts(old: Hotline, new: Hotline) -> list[dict[str, str]]:
    """Every combination of the caller attributes either side declares (the new side's first)
    that can exist on one side at least."""
    attrs: dict[str, list[str]] = {}
    for h in (new, old):
        for name, values in h.caller_attributes.items():
            known = attrs.setdefault(name, [])
            known.extend(v for v in values if v not in known)
    names = list(attrs)
    every = (
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(attrs[n] for n in names))
    )  # a caller that can exist on neither side is no context ('caller: exclude')
    return [who for who in every if new.excluded(who) is None or old.excluded(who) is None]


def _attributes(old: Hotline, new: Hotline) -> tuple[list[str], dict[str, list[str]]]:
    attrs: dict[str, list[str]] = {}
    for h in (new, old):
        for name, values in h.caller_attributes.items():
            known = attrs.setdefault(name, [])
            known.extend(v for v in values if v not in known)
    return list(attrs), attrs


def callers_text(callers: list[str], shown: int = 3) -> str:
    """The first ``shown`` callers and how many more.

    >>> callers_text(["a=1", "a=2", "a=3", "a=4"], shown=2)
    'a=1; a=2 (and 2 more callers)'
    """
    if len(callers) <= shown:
        return "; ".join(callers)
    return "; ".join(callers[:shown]) + f" (and {len(callers) - shown} more callers)"


class _Best:
    """Best routes of one hotline by keys, time and cost, cached by the caller it sees."""

    def __init__(self, hotline: Hotline, at: str):
        from ivr.graph.build import compile  # noqa: PLC0415

        self.h = hotline
        self.at = at
        self.g = compile(hotline)
        self.attrs = hotline.caller_attributes
        self.cache: dict[tuple, dict[str, object]] = {}

    def get(self, caller: Mapping[str, str]) -> dict[str, object]:
        from ivr.routing.search import routes  # noqa: PLC0415

        seen = {k: v for k, v in caller.items() if k in self.attrs}
        if any(v not in self.attrs[k] for k, v in seen.items()) or self.h.excluded(seen):
            return {}
        key = tuple(sorted(seen.items()))
        if key not in self.cache:
            self.cache[key] = {
                by: next(iter(routes(self.h, seen, self.at, by, 1, graph=self.g)), None)
                for by in OBJECTIVES
            }
        return self.cache[key]


def _route_text(r) -> str:
    if r is None:
        return "no route"
    keys = r.keys_text or "no keys"
    return f"dial {r.entry.dial}, {keys} ({r.seconds:g} s, {r.cost.describe()})"


def _same(x: float, y: float) -> bool:
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= EPSILON


def _compare(by: str, x, y) -> tuple[str, bool, str] | None:
    """(action, worse, shown) of the best route by ``by`` before (x) and after (y), or None."""
    for measure, worse, better, unit, fmt in _MEASURES[by]:
        mx, my = measure(x), measure(y)
        if _same(mx, my):
            continue
        if fmt == "level":
            shown = f"{x.evidence.level} -> {y.evidence.level}"
        elif fmt is None:
            shown = f"{x.cost.describe()} -> {y.cost.describe()}"
        else:
            shown = f"{fmt.format(mx)} -> {fmt.format(my)} {unit}"
        bad = my > mx
        return (worse if bad else better), bad, shown
    return None


def _route_rows(before: dict, after: dict) -> list[tuple]:
    """(action, regression, improvement, detail, before, after) for one caller."""
    bk, ak = before.get("keys"), after.get("keys")
    if bk is None and ak is None:
        return []
    if ak is None:
        was = _route_text(bk)
        return [("lost", True, False, f"no way to a human any more (was {was})", was, "no route")]
    if bk is None:
        now = _route_text(ak)
        return [("gained", False, True, f"a way to a human now: {now}", "no route", now)]
    merged: dict[tuple, list[str]] = {}  # the same route change seen by several objectives
    for by in OBJECTIVES:
        x, y = before[by], after[by]
        found = _compare(by, x, y)
        if found is not None:
            merged.setdefault((*found, _route_text(x), _route_text(y)), []).append(by)
    rows = []
    for (action, bad, shown, was, now), objectives in merged.items():
        detail = f"best route by {' and '.join(objectives)} {action}: {shown}; was {was}, now {now}"
        rows.append((action, bad, not bad, detail, was, now))
    if not rows and (bk.entry.dial, bk.keys) != (ak.entry.dial, ak.keys):
        was, now = _route_text(bk), _route_text(ak)
        detail = f"best route changed, as short, as fast and as cheap: was {was}, now {now}"
        rows.append(("changed", False, False, detail, was, now))
    return rows

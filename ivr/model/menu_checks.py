"""The semantic checks of one menu file on its own: its entries, its nodes' references and
waits, its claims, its ``caller.exclude`` items (``ivr.validate`` runs them for every file).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ivr.diagnostics import Diagnostic
from ivr.model.keys import DTMF_KEYS
from ivr.model.numbers import digits_of, number_problem
from ivr.model.part_checks import (
    Problems,
    at_field,
    claim_problems,
    condition_problems,
    missing_node,
    span_problem,
    timed_problems,
    uncited,
)
from ivr.model.types import Condition, Entry, Loc, Menu, Node


def menu_problems(menu: Menu, known_nodes: Collection[str] | None = None) -> Problems:
    """The problems of one file on its own (not sorted).

    ``known_nodes``: every node id the file names, built or not (a reader passes it so that a
    node it could not build is not reported again at every reference to it).
    """
    ids: Collection[str] = menu.node_map() if known_nodes is None else known_nodes
    sources = {s.id: s for s in menu.sources}
    caller = dict(menu.caller)
    out: Problems = []
    seen: dict[str, Entry] = {}
    for e in menu.entries:
        out.extend(_entry_problems(e, ids, sources, caller))
        if e.id in seen:
            out.append(
                Diagnostic(
                    e.loc,
                    f"entry id '{e.id}' is used twice (also line {seen[e.id].loc.line}); "
                    "give one of them its own 'id'",
                )
            )
        seen[e.id] = e
    for n in menu.nodes:
        out.extend(_node_problems(n, ids, sources, caller))
    for c in menu.documented:
        out.extend(claim_problems(c, sources, caller))
    out.extend(channel_problems(menu))
    for i, cond in enumerate(menu.caller_exclude):
        what = f"item {i + 1} of 'caller.exclude'"
        out.extend(condition_problems(cond, what, caller))
        if cond.timed or not cond.attrs:
            problem = (
                "tests the hour" if cond.hours
                else "tests the day" if cond.timed
                else "names no attribute"
            )  # fmt: skip
            out.append(Diagnostic(cond.loc, f"{what} {problem}: it lists caller attributes "
                                  "whose values together cannot occur"))  # fmt: skip
    return out


def _entry_problems(
    e: Entry,
    ids: Collection[str],
    sources: Collection[str],
    caller: Mapping[str, tuple[str, ...]],
) -> Problems:
    # as _node_problems: the sound entry tests and moves on, no message is formatted
    what = f"entry '{e.dial}'"
    w = e.where
    out: Problems = []
    problem = number_problem(e.dial, e.region)
    if problem is not None:
        out.append(Diagnostic(at_field(w, "dial", e.loc), problem))
    if e.start not in ids:
        missing = missing_node(e.start, f"'start' of {what}", ids, at_field(w, "start", e.loc))
        out.append(missing)  # type: ignore[arg-type]
    if e.needs_plus and not digits_of(e.dial).startswith("+"):
        out.append(Diagnostic(at_field(e.where, "dial", e.loc), f"{what} has 'needs_plus' but its "
                              "'dial' is not in international form (+...)"))  # fmt: skip
    if _tests(e.when):
        out.extend(condition_problems(e.when, f"'when' of {what}", caller))
    if e.facts.source:
        out.extend(uncited(e.facts.source, what, sources, at_field(w, "source", e.loc)))
    return out


def _node_problems(
    n: Node,
    ids: Collection[str],
    sources: Collection[str],
    caller: Mapping[str, tuple[str, ...]],
) -> Problems:
    # Run for every node of every file loaded: the sound case tests membership and moves on
    # (no message is formatted, no location made, unless something is wrong).
    out: Problems = []
    w = n.where
    if n.next is not None and n.next not in ids:
        _ref(out, ids, n.next, f"'next' of node '{n.id}'", w, "next", n.loc)
    if n.timeout is not None and n.timeout.to not in ids:
        t = n.timeout
        _ref(out, ids, t.to, f"'timeout.to' of node '{n.id}'", t.where, "to", t.loc)
    if n.retries is not None and n.retries.then not in ids:
        r = n.retries
        _ref(out, ids, r.then, f"'retries.then' of node '{n.id}'", r.where, "then", r.loc)
    for key, target in n.options:
        if key not in _KEYS:
            out.append(
                Diagnostic(
                    n.loc,
                    f"option key '{key}' of node '{n.id}' is not a telephone key "
                    "(one of 0-9 * # A B C D)",
                )
            )
        if target not in ids:
            _ref(out, ids, target, f"option '{key}' of node '{n.id}'", w, "options." + key, n.loc)
    if n.invalid is not None and n.invalid not in ids:
        _ref(out, ids, n.invalid, f"'invalid' of node '{n.id}'", w, "invalid", n.loc)
    for i, case in enumerate(n.cases):
        if _tests(case.when):
            out.extend(condition_problems(case.when, f"'when' of case {i + 1} of node '{n.id}'",
                                          caller))  # fmt: skip
        if case.to not in ids:
            what = f"'to' of case {i + 1} of node '{n.id}'"
            _ref(out, ids, case.to, what, case.where, "to", case.loc)
    if n.otherwise is not None and n.otherwise not in ids:
        _ref(out, ids, n.otherwise, f"'else' of node '{n.id}'", w, "else", n.loc)
    if n.wait is not None:
        out.extend(_wait_problems(n))
    if n.staffing is not None:
        out.extend(_staffing_problems(n))
    if n.facts.source:
        out.extend(uncited(n.facts.source, f"node '{n.id}'", sources, at_field(w, "source", n.loc)))
    for name in n.facts.inferred:
        field, dot, key = name.partition(".")
        if dot and field == "options" and n.option(key) is None:
            keys = ", ".join(k for k, _ in n.options) or "none"
            out.append(
                Diagnostic(
                    n.loc,
                    f"'inferred' of node '{n.id}' names '{name}', but the node has no option "
                    f"'{key}' (its options: {keys})",
                )
            )
    return out


def _tests(c: Condition) -> bool:
    """``bool(c)`` without its two calls (run for every entry and case)."""
    return bool(c.attrs or c.hours or c.days or c.dates)


def _ref(
    out: Problems,
    ids: Collection[str],
    target: str,
    what: str,
    where: Mapping[str, tuple[int, int]],
    key: str,
    loc: Loc,
) -> None:
    """The error of a reference to node ``target``, which ``ids`` does not have."""
    out.append(missing_node(target, what, ids, at_field(where, key, loc)))  # type: ignore[arg-type]


_KEYS = frozenset(DTMF_KEYS)


def _wait_problems(n: Node) -> Problems:
    assert n.wait is not None
    wait, out = n.wait, []
    low, high = wait.min, wait.max
    if low is not None and high is not None and not low <= wait.mean <= high:
        out.append(
            Diagnostic(
                wait.loc,
                f"'wait' of node '{n.id}': mean {wait.mean:g} is not between min {low:g} and "
                f"max {high:g}",
            )
        )
    for hw in wait.by_hour:
        problem = span_problem(hw.hours)
        if problem is not None:
            where = at_field(hw.where, "hours", hw.loc)
            out.append(Diagnostic(where, f"'wait.by_hour' of node '{n.id}': {problem}"))
    for dw in wait.by_day:
        what = f"'wait.by_day' of node '{n.id}'"
        out.extend(timed_problems(dw.days, dw.dates, what, dw.where, dw.loc))
    return out


def _staffing_problems(n: Node) -> Problems:
    assert n.staffing is not None
    out: Problems = []
    if n.wait is not None:
        out.append(
            Diagnostic(
                n.staffing.loc,
                f"node '{n.id}' gives both 'wait' and "
                "'staffing': the wait follows from the staffing; give one",
            )
        )
    for item in n.staffing.by_hour:
        problem = span_problem(item.hours)
        if problem is not None:
            where = at_field(item.where, "hours", item.loc)
            out.append(Diagnostic(where, f"'staffing.by_hour' of node '{n.id}': {problem}"))
    return out


def channel_problems(menu: Menu) -> Problems:
    """A file's channels: unique ids, their conditions and the sources they cite."""
    out: Problems = []
    sources = {s.id for s in menu.sources}
    caller = dict(menu.caller)
    seen: set[str] = set()
    for c in menu.channels:
        what = f"channel '{c.id}'"
        if c.id in seen:
            out.append(Diagnostic(c.loc, f"{what} is listed twice in this file"))
        seen.add(c.id)
        out.extend(condition_problems(c.when, f"'when' of {what}", caller))
        out.extend(uncited(c.facts.source, what, sources, at_field(c.where, "source", c.loc)))
    return out

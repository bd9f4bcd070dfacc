"""Semantic checks of a hotline, however it was built: ``ivr.validate(hotline)``.

A reader checks how a file is written (fields, types, ranges); what only the model as a whole
can tell is checked here, on the model: references to nodes, cited sources, declared caller
attributes and values, hours, numbers, waits, transfers between files, documented claims and
entry ids. Each :class:`~ivr.diagnostics.Diagnostic` is located at the model's ``loc`` (a
field's own location where the reader recorded one in ``where``), so the YAML reader, which
calls these checks, reports ``file:line:col`` at the offending value.

>>> import dataclasses, ivr
>>> menu = ivr.load_menu_text('ivr: 1\\nentries: [{dial: "0890", start: bye}]\\n'
...                           'nodes: {bye: {type: hangup}}\\n')
>>> broken = dataclasses.replace(menu.entries[0], start="by")
>>> [d.message for d in validate(dataclasses.replace(menu, entries=(broken,)))]
["'start' of entry '0890' points to 'by', which does not exist (did you mean 'bye'?)"]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.errors import LoadError
from ivr.model.clock import dates_problem, days_problem, parse_hhmm, parse_moment, split_span
from ivr.model.keys import DTMF_KEYS, key_problem
from ivr.model.numbers import digits_of, find_entries, number_problem
from ivr.model.types import (
    OUTCOMES,
    Claim,
    Condition,
    Entry,
    Hotline,
    Loc,
    Menu,
    Node,
    as_hotline,
)

Problems = list[Diagnostic]


def validate(hotline: Hotline | Menu) -> list[Diagnostic]:
    """Every semantic problem of ``hotline`` (or of one menu), in file order; [] when sound.

    >>> import ivr
    >>> validate(ivr.load("menus/mts"))
    []
    """
    hotline = as_hotline(hotline)
    out: Problems = []
    for menu in hotline.menus:
        out.extend(sorted(menu_problems(menu), key=lambda d: (d.loc.line, d.loc.col)))
    out.extend(hotline_problems(hotline))
    return out


_SOUND = "_ivr_sound"  # set on a menu or hotline once it validated without an error


def sound(menus: Hotline | Menu) -> Hotline:
    """The hotline of ``menus``, validated: :class:`~ivr.errors.LoadError` with every error
    :func:`validate` finds. What the simulator and the compiler take in, so that a hotline
    built or changed in Python fails with located messages, not a ``KeyError`` deep inside.

    A menu or hotline is validated once (it is immutable); ``dataclasses.replace`` makes a new
    one, validated again. What a reader returned is vouched for already (:func:`vouch`).

    >>> from ivr.model.types import Entry, Menu, Node
    >>> sound(Menu(id="m", entries=(Entry(id="e", dial="0890", start="main"),),
    ...            nodes=(Node("main", "hangup"),))).menus[0].id
    'm'
    >>> bad = Menu(id="m", entries=(Entry(id="e", dial="0890", start="mian"),),
    ...            nodes=(Node("main", "hangup"),))
    >>> try:
    ...     sound(bad)
    ... except LoadError as exc:
    ...     print(exc)
    'start' of entry '0890' points to 'mian', which does not exist (did you mean 'main'?)
    """
    if not menus.__dict__.get(_SOUND):
        errors = [d for d in validate(menus) if d.severity == "error"]
        if errors:
            raise LoadError(errors)
        vouch(menus)
    return as_hotline(menus)


def vouch(menus: Hotline | Menu) -> None:
    """Record that ``menus`` validated (a reader that ran :func:`validate` calls this)."""
    menus.__dict__[_SOUND] = True
    if isinstance(menus, Hotline) and len(menus.menus) == 1:  # one file alone is sound too
        menus.menus[0].__dict__[_SOUND] = True


def _at(where: Mapping[str, tuple[int, int]], key: str, loc: Loc) -> Loc:
    """Where the field ``key`` of an object at ``loc`` stands (``loc`` when not recorded)."""
    pos = where.get(key)
    return loc if pos is None else Loc(loc.file, pos[0], pos[1])


# -- the pieces, also called by readers on parts they could not build ---------------------------
def missing_node(target: str, what: str, ids: Collection[str], loc: Loc) -> Diagnostic | None:
    """The error of a reference to a node the file does not have (None when it has it)."""
    if target in ids:
        return None
    message = f"{what} points to '{target}', which does not exist" + did_you_mean(target, ids)
    return Diagnostic(loc, message)


def uncited(ids: Iterable[str], what: str, sources: Collection[str], loc: Loc) -> Problems:
    """Errors for the source ids ``what`` cites that the file's ``sources`` do not list."""
    return [
        Diagnostic(
            loc,
            f"{what} cites source '{sid}', which 'sources' does not list"
            + did_you_mean(sid, sources),
        )
        for sid in ids
        if sid not in sources
    ]


def span_problem(span: str) -> str | None:
    """Why ``span`` is not an hour range ``HH:MM-HH:MM`` (None when it is one).

    >>> span_problem("09:00-18:00") is None, span_problem("9-18")
    (True, "'9' is not a time of day HH:MM")
    """
    days, hours = split_span(span)
    if days and (problem := days_problem(days)) is not None:
        return problem
    start, sep, end = hours.partition("-")
    try:
        if not sep:
            raise ValueError(f"'{span}' is not an hour range HH:MM-HH:MM")
        parse_hhmm(start.strip())
        parse_hhmm(end.strip())
    except ValueError as exc:
        return str(exc)
    return None


def timed_problems(
    days: Iterable[str],
    dates: Iterable[str],
    what: str,
    where: Mapping[str, tuple[int, int]],
    loc: Loc,
) -> Problems:
    """Weekdays and dates that are not such (``Mon-Fri``, ``01-01/01-08``)."""
    out: Problems = []
    for name, items, check in (("days", days, days_problem), ("dates", dates, dates_problem)):
        for item in items:
            problem = check(item)
            if problem is not None:
                out.append(Diagnostic(_at(where, name, loc), f"{what}: {problem}"))
    return out


def condition_problems(
    cond: Condition, what: str, caller: Mapping[str, tuple[str, ...]]
) -> Problems:
    """Undeclared caller attributes and values, and hours that are not hour ranges."""
    out: Problems = []
    for span in cond.hours:
        problem = span_problem(span)
        if problem is not None:
            out.append(Diagnostic(_at(cond.where, "hour", cond.loc), f"{what}: {problem}"))
    out.extend(timed_problems(cond.days, cond.dates, what, cond.where, cond.loc))
    for name, values in cond.attrs:
        if name not in caller:
            out.append(
                Diagnostic(
                    _at(cond.where, name, cond.loc),
                    f"{what} tests caller attribute '{name}', which 'caller' does not declare"
                    + did_you_mean(name, [*caller, "hour", "days", "dates"]),
                )
            )
            continue
        declared = caller[name]
        for v in values:
            if v not in declared:
                out.append(
                    Diagnostic(
                        _at(cond.where, name + "=", cond.loc),
                        f"'{v}' is not a value of caller attribute '{name}' "
                        f"({', '.join(declared)}){did_you_mean(v, declared)}",
                    )
                )
    return out


def claim_problems(
    claim: Claim, sources: Collection[str], caller: Mapping[str, tuple[str, ...]]
) -> Problems:
    """A claim's keys, caller, hour, expected outcome and sources (not what it dials)."""
    out: Problems = []
    w, loc = claim.where, claim.loc
    for k in claim.keys:
        problem = key_problem(k)
        if problem:
            out.append(
                Diagnostic(_at(w, "keys", loc), f"'{k}' in keys '{claim.keys_text}' {problem}")
            )
    for name, v in claim.caller:
        if name not in caller:
            out.append(
                Diagnostic(
                    _at(w, "caller " + name, loc),
                    f"caller attribute '{name}' is not declared" + did_you_mean(name, caller),
                )
            )
        elif v not in caller[name]:
            out.append(
                Diagnostic(
                    _at(w, "caller " + name + "=", loc),
                    f"'{v}' is not a value of caller attribute '{name}' "
                    f"({', '.join(caller[name])}){did_you_mean(v, caller[name])}",
                )
            )
    try:
        if parse_moment(claim.at).minute >= 24 * 60:
            raise ValueError(f"'{claim.at}' is not a time of day: use 00:00 for midnight")
    except ValueError as exc:
        out.append(Diagnostic(_at(w, "at", loc), f"'at' of documented claim: {exc}"))
    if claim.expect not in OUTCOMES:
        out.append(
            Diagnostic(
                _at(w, "expect", loc),
                f"'expect' is '{claim.expect}'; it must be one of {', '.join(OUTCOMES)}"
                + did_you_mean(claim.expect, OUTCOMES),
            )
        )
    out.extend(uncited(claim.source, "documented claim", sources, _at(w, "source", loc)))
    return out


# -- one menu ------------------------------------------------------------------------------------
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
    what = f"entry '{e.dial}'"
    w = e.where
    out: Problems = []
    problem = number_problem(e.dial, e.region)
    if problem is not None:
        out.append(Diagnostic(_at(w, "dial", e.loc), problem))
    missing = missing_node(e.start, f"'start' of {what}", ids, _at(w, "start", e.loc))
    if missing is not None:
        out.append(missing)
    if e.needs_plus and not digits_of(e.dial).startswith("+"):
        out.append(Diagnostic(_at(e.where, "dial", e.loc), f"{what} has 'needs_plus' but its "
                              "'dial' is not in international form (+...)"))  # fmt: skip
    out.extend(condition_problems(e.when, f"'when' of {what}", caller))
    out.extend(uncited(e.facts.source, what, sources, _at(w, "source", e.loc)))
    return out


def _node_problems(
    n: Node,
    ids: Collection[str],
    sources: Collection[str],
    caller: Mapping[str, tuple[str, ...]],
) -> Problems:
    # Run for every node of every file loaded: the sound case tests membership and moves on.
    out: Problems = []
    w = n.where

    def ref(target: str, what: str, where: Mapping[str, tuple[int, int]], key: str, loc: Loc):
        if target not in ids:
            missing = missing_node(target, what, ids, _at(where, key, loc))
            out.append(missing)  # type: ignore[arg-type]

    if n.next is not None:
        ref(n.next, f"'next' of node '{n.id}'", w, "next", n.loc)
    if n.timeout is not None and n.timeout.to not in ids:
        t = n.timeout
        ref(t.to, f"'timeout.to' of node '{n.id}'", t.where, "to", t.loc)
    if n.retries is not None and n.retries.then not in ids:
        r = n.retries
        ref(r.then, f"'retries.then' of node '{n.id}'", r.where, "then", r.loc)
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
            ref(target, f"option '{key}' of node '{n.id}'", w, "options." + key, n.loc)
    if n.invalid is not None and n.invalid not in ids:
        ref(n.invalid, f"'invalid' of node '{n.id}'", w, "invalid", n.loc)
    for i, case in enumerate(n.cases):
        cw = f"case {i + 1} of node '{n.id}'"
        if case.when:
            out.extend(condition_problems(case.when, f"'when' of {cw}", caller))
        ref(case.to, f"'to' of {cw}", case.where, "to", case.loc)
    if n.otherwise is not None and n.otherwise not in ids:
        ref(n.otherwise, f"'else' of node '{n.id}'", w, "else", n.loc)
    if n.wait is not None:
        out.extend(_wait_problems(n))
    if n.staffing is not None:
        out.extend(_staffing_problems(n))
    if n.facts.source:
        out.extend(uncited(n.facts.source, f"node '{n.id}'", sources, _at(w, "source", n.loc)))
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
            where = _at(hw.where, "hours", hw.loc)
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
            where = _at(item.where, "hours", item.loc)
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
        out.extend(uncited(c.facts.source, what, sources, _at(c.where, "source", c.loc)))
    return out


# -- across the files of a hotline ---------------------------------------------------------------
def hotline_problems(hotline: Hotline, failed: Collection[str] = ()) -> Problems:
    """Checks across files: unique menu ids, transfers, what documented claims dial and expect.

    Transfers to a file in ``failed`` (one that could not be read, whose errors are reported
    already) are not reported again, nor are claims while a file failed (it may hold the entry).
    """
    errors: Problems = []
    by_id: dict[str, Menu] = {}
    for m in hotline.menus:
        if m.id in by_id:
            errors.append(Diagnostic(m.loc, f"menu id '{m.id}' is also used by {by_id[m.id].file}"))
        by_id[m.id] = m
    names = {Path(m.file).name: m for m in hotline.menus}
    all_nodes = {n.id for m in hotline.menus for n in m.nodes}
    for m in hotline.menus:
        for n in m.nodes:
            if n.to is None:
                continue
            target = names.get(n.to.file)
            if target is None and n.to.file in failed:
                continue
            if target is None:
                errors.append(
                    Diagnostic(
                        n.to.loc,
                        f"node '{n.id}' transfers to '{n.to.file}', which is not a menu file of "
                        f"this folder{did_you_mean(n.to.file, names)}",
                    )
                )
            elif not any(n.to.entry in (e.id, e.dial) for e in target.entries):
                entry_ids = [e.id for e in target.entries]
                errors.append(
                    Diagnostic(
                        n.to.loc,
                        f"node '{n.id}' transfers to entry '{n.to.entry}' of {n.to.file}, which "
                        f"has no such entry{did_you_mean(n.to.entry, entry_ids)}",
                    )
                )
        for c in m.documented if not failed else ():
            if not find_entries(hotline, c.dial):
                dials = [e.dial for _, e in hotline.entries()]
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim dials '{c.dial}', which no entry of this hotline has"
                        + did_you_mean(c.dial, dials),
                    )
                )
            ruled_out = hotline.excluded(_claim_caller(hotline, c))
            if ruled_out is not None:
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim is about a caller who cannot exist: "
                        f"{ruled_out.describe()} is excluded under 'caller'",
                    )
                )
            if c.node is not None and c.node not in all_nodes:
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim expects node '{c.node}', which does not exist"
                        + did_you_mean(c.node, all_nodes),
                    )
                )
    return errors


def _claim_caller(hotline: Hotline, claim: Claim) -> dict[str, str]:
    """The caller a claim is about, attributes it leaves out at their defaults."""
    who = {name: values[0] for name, values in hotline.caller_attributes.items() if values}
    who.update(claim.caller)
    return who

"""The checks of a hotline's parts that every other check shares: references to nodes, cited
sources, hour ranges, conditions (declared caller attributes and values) and documented claims.

Readers call them too, on the parts they could not build whole (:mod:`ivr.io.yaml.sections`).

>>> span_problem("09:00-18:00") is None
True
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.model.clock import dates_problem, days_problem, parse_hhmm, parse_moment, split_span
from ivr.model.keys import key_problem
from ivr.model.types import OUTCOMES, Claim, Condition, Loc

Problems = list[Diagnostic]


def at_field(where: Mapping[str, tuple[int, int]], key: str, loc: Loc) -> Loc:
    """Where the field ``key`` of an object at ``loc`` stands (``loc`` when not recorded)."""
    pos = where.get(key)
    return loc if pos is None else Loc(loc.file, pos[0], pos[1])


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
                out.append(Diagnostic(at_field(where, name, loc), f"{what}: {problem}"))
    return out


def condition_problems(
    cond: Condition, what: str, caller: Mapping[str, tuple[str, ...]]
) -> Problems:
    """Undeclared caller attributes and values, and hours that are not hour ranges."""
    out: Problems = []
    for span in cond.hours:
        problem = span_problem(span)
        if problem is not None:
            out.append(Diagnostic(at_field(cond.where, "hour", cond.loc), f"{what}: {problem}"))
    out.extend(timed_problems(cond.days, cond.dates, what, cond.where, cond.loc))
    for name, values in cond.attrs:
        if name not in caller:
            out.append(
                Diagnostic(
                    at_field(cond.where, name, cond.loc),
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
                        at_field(cond.where, name + "=", cond.loc),
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
                Diagnostic(at_field(w, "keys", loc), f"'{k}' in keys '{claim.keys_text}' {problem}")
            )
    for name, v in claim.caller:
        if name not in caller:
            out.append(
                Diagnostic(
                    at_field(w, "caller " + name, loc),
                    f"caller attribute '{name}' is not declared" + did_you_mean(name, caller),
                )
            )
        elif v not in caller[name]:
            out.append(
                Diagnostic(
                    at_field(w, "caller " + name + "=", loc),
                    f"'{v}' is not a value of caller attribute '{name}' "
                    f"({', '.join(caller[name])}){did_you_mean(v, caller[name])}",
                )
            )
    try:
        if parse_moment(claim.at).minute >= 24 * 60:
            raise ValueError(f"'{claim.at}' is not a time of day: use 00:00 for midnight")
    except ValueError as exc:
        out.append(Diagnostic(at_field(w, "at", loc), f"'at' of documented claim: {exc}"))
    if claim.expect not in OUTCOMES:
        out.append(
            Diagnostic(
                at_field(w, "expect", loc),
                f"'expect' is '{claim.expect}'; it must be one of {', '.join(OUTCOMES)}"
                + did_you_mean(claim.expect, OUTCOMES),
            )
        )
    out.extend(uncited(claim.source, "documented claim", sources, at_field(w, "source", loc)))
    return out

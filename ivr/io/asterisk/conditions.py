"""``GotoIf`` and ``GotoIfTime``: a branch both ways (docs/importers.md#asterisk).

``GotoIf($["${V}" = "x" | "${V}" = "y"]?a:b)`` (and ``&`` of such) tests caller attribute ``V``;
any other condition is a caller attribute standing for it (``true`` / ``false``, a finding).
``GotoIfTime(times,days,mdays,months?a:b)`` tests the hour; days, dates and months are a
caller attribute (``import-approximated``). An empty ``iftrue`` or ``iffalse`` is the next
priority.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ivr.io.asterisk.parse import Step
from ivr.model.types import Case, Condition, Facts, Node

if TYPE_CHECKING:
    from ivr.io.asterisk.build import Builder, Where


def split_outside(text: str, sep: str) -> tuple[str, str] | None:
    """``text`` split at the first ``sep`` outside brackets (None when there is none).

    >>> split_outside('$[${A} = 1]?yes,s,1:no', "?")
    ('$[${A} = 1]', 'yes,s,1:no')
    """
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            return text[:i], text[i + 1 :]
    return None


def _targets(b: Builder, where: Where, step: Step, text: str) -> tuple[str, str]:
    """The nodes of ``iftrue:iffalse`` (an empty one: the next priority)."""
    yes, _, no = text.partition(":")
    nxt = (where[0], where[1], where[2] + 1)
    out = []
    for part in (yes, no):
        if not part.strip():
            out.append(b.resolve(nxt))
            continue
        target = b.jump(where, step, part.strip())
        out.append(target if isinstance(target, str) else b.resolve(target))
    return out[0], out[1]


def conditional(b: Builder, node_id: str, where: Where, step: Step, note: str) -> Node:
    """The branch of a ``GotoIf`` or ``GotoIfTime`` step."""
    timed = step.low == "gotoiftime"
    split = split_outside(",".join(step.args), "?")
    if split is None:
        need = (
            "times,weekdays,mdays,months?iftrue[:iffalse]"
            if timed
            else "condition?iftrue[:iffalse]"
        )
        b.imp.error(step.loc, f"{step.app} needs {need}")
        return Node(node_id, "hangup", loc=step.loc)
    test, rest = split
    yes, no = _targets(b, where, step, rest)
    when = _hours(b, test, step) if timed else _equalities(b, test, step)
    if when is None:  # a condition ivr cannot evaluate: both ways, on a stand-in attribute
        var = re.search(r"\$\{([\w()]+)", test)
        hint = "time" if timed else (var.group(1) if var else "if")
        return b.imp.unknown(
            node_id, test.strip(), [("true", yes), ("false", no)], step.loc, hint,
            f"{step.app}({test.strip()}): the condition cannot be evaluated from the dialplan",
        )  # fmt: skip
    if not when:
        return Node(node_id, "branch", otherwise=yes, facts=Facts(note=note), loc=step.loc)
    return Node(
        node_id,
        "branch",
        cases=(Case(when, yes, loc=step.loc),),
        otherwise=no,
        facts=Facts(note=note),
        loc=step.loc,
    )


_EQUAL = re.compile(r'\s*"?\$\{(\w+)\}"?\s*=\s*"([^"]*)"\s*')


def _equalities(b: Builder, cond: str, step: Step) -> Condition | None:
    """``$[("${A}" = "x" | "${A}" = "y") & "${B}" = "z"]`` as a condition on caller
    attributes A and B (None for any other expression). A channel variable is not a caller
    attribute: a finding says so; ``;ivr caller=A values=...`` declares its values."""
    m = re.fullmatch(r"\s*\$\[(.*)\]\s*", cond, re.DOTALL)
    if not m:
        return None
    attrs: list[tuple[str, tuple[str, ...]]] = []
    for part in m.group(1).split("&"):
        part = part.strip()
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1]
        tests = [_EQUAL.fullmatch(t) for t in part.split("|")]
        if not tests or any(t is None for t in tests):
            return None
        names = {t.group(1) for t in tests if t}
        if len(names) != 1:
            return None
        attrs.append((names.pop(), tuple(t.group(2) for t in tests if t)))
    named = []
    for name, values in attrs:
        declared = b.plan.callers.get(name)
        if declared is None:
            compared = [v for v in values if v]
            declared = (*dict.fromkeys(compared), "other")
            b.plan.callers[name] = declared
            b.imp.finding(
                step.loc,
                "import-unmapped",
                f"{step.app} tests channel variable ${{{name}}}: modelled as caller "
                f"attribute '{name}' ({', '.join(declared)}); declare its values "
                f"with ';ivr caller={name} values=...' in [globals]",
            )
        attribute = b.plan.names.get(name, name)  # a variable named for an attribute
        b.imp.declare(attribute, declared)
        named.append((attribute, values))
    return Condition(tuple(named), loc=step.loc)


def _hours(b: Builder, spec: str, step: Step) -> Condition | None:
    """``times,weekdays,mdays,months`` as a condition on the hour (days, dates and months a
    caller attribute standing for them); None for a time range ivr cannot read."""
    fields = [f.strip() for f in re.split(r"[,|]", spec)] + ["*"] * 4
    times, days = fields[0], fields[1:4]
    hours: tuple[str, ...] = ()
    if times not in ("*", ""):
        m = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", times)
        if not m:
            return None
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        hours = (f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}",)
    attrs: tuple = ()
    if any(d not in ("*", "") for d in days):
        what = "the date is " + ",".join(d for d in days if d not in ("*", ""))
        attr = b.imp.unknown_attribute(what, ("true", "false"), "day")
        b.imp.finding(
            step.loc,
            "import-approximated",
            f"GotoIfTime({spec}): days and months are not modelled; a branch on caller "
            f"attribute '{attr}' stands for them",
        )
        attrs = ((attr, ("true",)),)
    return Condition(attrs, hours, loc=step.loc)

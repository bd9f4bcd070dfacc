"""What the simulator takes for granted of a model, checked on the model itself.

A reader guarantees these by reading (the field table, :mod:`ivr.io.spec`, gives every node
type its fields and every number its range); a model built or changed in Python
(``dataclasses.replace``, an importer's own code) may break them, and :func:`ivr.validate`
then says so instead of the simulator failing deep inside: a node type that is not one, a
prompt with no ``next``, a transfer with no ``to``, a node id used twice, and numbers the
clock cannot count with (not finite, negative, a timeout of no time, a retry count below 1, a
connection that always fails).

The bounds here are what the semantics need, wider than the format's ranges (a file's
``duration`` stops at 3,600 s; a model's may be longer): every value a file may hold passes.

>>> from ivr.model.types import Menu, Node
>>> menu = Menu("m", nodes=(Node("p", "prompt", duration=-1.0), Node("v", "fax")))
>>> for d in shape_problems(menu):  # doctest: +ELLIPSIS
...     print(d.message)
node 'p' is a prompt with no 'next': a prompt must say where the call goes when it ends
'duration' of node 'p' is -1; it must be a number of seconds, 0 or more
node 'v' has type 'fax', which is not a node type (one of prompt, menu, branch, ...)
"""

from __future__ import annotations

import math

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.model.part_checks import Problems
from ivr.model.types import NODE_TYPES, Cost, Entry, Loc, Menu, Node, Wait

NEEDS = {
    "prompt": ("next", "a prompt must say where the call goes when it ends"),
    "transfer": ("to", "a transfer must say the file and entry the call goes on at"),
}
"""The way out a node type cannot do without: (field, why)."""


def _number(value: object) -> float | None:
    """``value`` as a float when it is a real number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _shown(value: object) -> str:
    """A value as a message shows it: a number as written (``-1``, ``nan``), else its repr."""
    number = _number(value)
    return f"{number:g}" if number is not None else repr(value)


def _seconds(value: object, what: str, loc: Loc, above_zero: bool = False) -> Problems:
    """An error unless ``value`` is a finite number of seconds, 0 or more (above 0)."""
    number = _number(value)
    if (
        number is not None
        and math.isfinite(number)
        and (number > 0 or not above_zero and number == 0)
    ):
        return []
    need = "above 0" if above_zero else "0 or more"
    return [Diagnostic(loc, f"{what} is {_shown(value)}; it must be a number of seconds, {need}")]


def _cost(cost: Cost | None, what: str, loc: Loc) -> Problems:
    if cost is None or cost.per_minute is None:
        return []
    rate = _number(cost.per_minute)
    if rate is not None and math.isfinite(rate) and rate >= 0:
        return []
    message = f"'per_minute' of {what} is {_shown(cost.per_minute)}; it must be a price, 0 or more"
    return [Diagnostic(cost.loc if cost.loc.file else loc, message)]


def _wait(wait: Wait, what: str, loc: Loc) -> Problems:
    at = wait.loc if wait.loc.file else loc
    out = _seconds(wait.mean, f"'wait.mean' of {what}", at)
    for name in ("min", "max"):
        value = getattr(wait, name)
        if value is not None:
            out += _seconds(value, f"'wait.{name}' of {what}", at)
    for hw in wait.by_hour:
        out += _seconds(hw.mean, f"'wait.by_hour' mean of {what}", hw.loc if hw.loc.file else at)
    return out


def node_shape(n: Node) -> Problems:
    """What the simulator needs of one node: a known type, its way out, countable numbers."""
    what = f"node '{n.id}'"
    out: Problems = []
    if n.type not in NODE_TYPES:
        known = ", ".join(NODE_TYPES)
        message = f"{what} has type '{n.type}', which is not a node type (one of {known})"
        out.append(Diagnostic(n.loc, message + did_you_mean(n.type, NODE_TYPES)))
    need = NEEDS.get(n.type)
    if need is not None and getattr(n, need[0]) is None:
        out.append(Diagnostic(n.loc, f"{what} is a {n.type} with no '{need[0]}': {need[1]}"))
    out += _seconds(n.duration, f"'duration' of {what}", n.loc)
    if n.timeout is not None:
        at = n.timeout.loc if n.timeout.loc.file else n.loc
        out += _seconds(n.timeout.after, f"'timeout.after' of {what}", at, above_zero=True)
    if n.retries is not None:
        count = n.retries.max
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            at = n.retries.loc if n.retries.loc.file else n.loc
            out.append(Diagnostic(at, f"'retries.max' of {what} is {_shown(count)}; it must be a "
                                  "whole number, 1 or more"))  # fmt: skip
    if n.wait is not None:
        out += _wait(n.wait, what, n.loc)
    out += _cost(n.cost, what, n.loc)
    return out


def entry_shape(e: Entry) -> Problems:
    """What the simulator needs of one entry: a load factor, a connection that can succeed."""
    what = f"entry '{e.dial}'"
    load = _number(e.load)
    out: Problems = []
    if load is None or not math.isfinite(load) or load < 0:
        out.append(Diagnostic(e.loc, f"'load' of {what} is {_shown(e.load)}; it must be a factor, "
                              "0 or more"))  # fmt: skip
    if e.connect is not None:
        at = e.connect.loc if e.connect.loc.file else e.loc
        out += _seconds(e.connect.delay, f"'connect.delay' of {what}", at)
        failure = _number(e.connect.failure)
        if failure is None or not 0 <= failure < 1:
            message = f"'connect.failure' of {what} is {_shown(e.connect.failure)}"
            out.append(Diagnostic(at, message + "; it must be a chance from 0 up to 1, not 1"))
    out += _cost(e.cost, what, e.loc)
    return out


def shape_problems(menu: Menu) -> Problems:
    """Every problem of one menu's shape (not sorted): its key time, its nodes (each id once)
    and its entries."""
    out = _seconds(menu.key_time, f"'key_time' of menu '{menu.id}'", menu.loc, above_zero=True)
    seen: set[str] = set()
    for n in menu.nodes:
        if n.id in seen:
            out.append(Diagnostic(n.loc, f"node id '{n.id}' is used twice in menu '{menu.id}'"))
        seen.add(n.id)
        out += node_shape(n)
    for e in menu.entries:
        out += entry_shape(e)
    return out

"""The mutants of a hotline: every single change of the mutation operators, made in memory.

Each :class:`Mutant` is one plausible mistake in a menu change, applied to the model with
``dataclasses.replace`` (no file is rewritten) and located at the value it changes, so a
survivor can be shown as ``file:line:col``. The operators (their ids are stable: JSON reports
and ``--operator`` name them):

=================  ============================================================================
``hangup``         an agent or a callback becomes a hangup
``remove-option``  an option of a menu is removed
``option-key``     an option moves to the next key the menu does not use (2 -> 3)
``retarget``       a ``next``, an option, a ``timeout``, an ``invalid``, a ``retries`` or a
                   branch's ``else`` points elsewhere: to a hangup, and to the node declared
                   after its target
``remove-case``    a case of a branch is removed
``case-condition`` a case's condition is turned round (its first attribute takes the values it
                   did not allow; hours only: the other hours of the day)
``widen-when``     an entry stops requiring one attribute (or its hours)
``narrow-when``    an entry stops serving one of an attribute's values (an entry for everyone:
                   serves only the first value of the first declared attribute)
``barge-in``       a prompt or a menu flips ``barge_in``
``duration``       a node's duration triples
=================  ============================================================================
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from ivr._record import record
from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.model.keys import DTMF_KEYS
from ivr.model.types import HUMAN_TYPES, Condition, Entry, Hotline, Loc, Menu, Node, as_hotline

OPERATORS = ("hangup", "remove-option", "option-key", "retarget", "remove-case",
             "case-condition", "widen-when", "narrow-when", "barge-in", "duration")  # fmt: skip
KEY_ORDER = "1234567890*#"
"""The order ``option-key`` tries keys in, after the key it moves (a neighbour on the pad)."""
MAX_DURATION = 3600.0  # the format's limit: a tripled duration stays a valid one
BARGE_TYPES = ("prompt", "menu")  # where a caller's key can cut the prompt short


@record
class Mutant:
    """One change of one node or entry of one menu.

    ``menu`` is the index of the menu in the hotline, ``index`` that of the node (or entry,
    when ``entry`` is set) in the menu; ``node`` / ``entry`` is the replacement.

    >>> from ivr.model.types import Menu, Node
    >>> h = Hotline((Menu("m", nodes=(Node("a", "agent"),)),))
    >>> m = next(mutants(h))
    >>> m.operator, m.description, m.apply(h).menus[0].nodes[0].type
    ('hangup', "agent 'a' becomes a hangup", 'hangup')
    """

    operator: str
    description: str
    loc: Loc
    menu: int
    index: int
    node: Node | None = None
    entry: Entry | None = None

    def apply(self, hotline: Hotline) -> Hotline:
        """The hotline with this one change (a new object; ``hotline`` is left as it was)."""
        m = hotline.menus[self.menu]
        if self.node is not None:
            nodes = m.nodes[: self.index] + (self.node,) + m.nodes[self.index + 1 :]
            changed = replace(m, nodes=nodes)
        elif self.entry is not None:
            entries = m.entries[: self.index] + (self.entry,) + m.entries[self.index + 1 :]
            changed = replace(m, entries=entries)
        else:  # pragma: no cover - every operator sets one
            raise ValueError("a mutant changes a node or an entry")
        menus = hotline.menus[: self.menu] + (changed,) + hotline.menus[self.menu + 1 :]
        return replace(hotline, menus=menus)

    def as_json(self) -> dict:
        return {
            "file": self.loc.file,
            "line": self.loc.line,
            "col": self.loc.col,
            "operator": self.operator,
            "description": self.description,
        }


def _at(loc: Loc, where: object, name: str) -> Loc:
    """The location of field ``name`` recorded in a ``where`` map, else ``loc`` itself."""
    pos = where.get(name) if isinstance(where, Mapping) else None
    return Loc(loc.file, *pos) if pos else loc


def mutants(menus: Hotline | Menu, operators: tuple[str, ...] = OPERATORS) -> Iterator[Mutant]:
    """Every mutant of a hotline (or of one menu, as a hotline of its own) by the given
    operators: entries first, then nodes, menu by menu in file order.

    >>> import ivr
    >>> menu = ivr.load_menu_text('''
    ... ivr: 1
    ... caller: {network: [mts, other]}
    ... entries: [{dial: "0890", start: main}]
    ... nodes:
    ...   main: {type: menu, duration: 4, options: {"0": human}}
    ...   human: {type: agent}
    ... ''')
    >>> for m in mutants(menu):
    ...     print(m.loc, m.operator, m.description)
    <text>:4:18 narrow-when entry '0890' serves only network=mts (was every caller)
    <text>:6:50 remove-option option 0 of 'main' (to 'human') removed
    <text>:6:50 option-key option 0 of 'main' moved to key *
    <text>:6:50 retarget option 0 of 'main' goes to 'main' (was 'human')
    <text>:6:9 barge-in 'main' no longer lets a key cut it short (barge_in: false)
    <text>:6:32 duration 'main' lasts 12 s (was 4)
    <text>:7:17 hangup agent 'human' becomes a hangup
    """
    hotline = as_hotline(menus)
    wanted = set(operators)
    unknown = wanted - set(OPERATORS)
    if unknown:
        first = sorted(unknown)[0]
        raise InputError(
            f"unknown mutation operator {', '.join(sorted(unknown))}"
            f"{did_you_mean(first, OPERATORS)}; the operators: {', '.join(OPERATORS)}"
        )
    declared = hotline.caller_attributes
    for mi, menu in enumerate(hotline.menus):
        for ei, entry in enumerate(menu.entries):
            for op, description, loc, changed in _entry_mutations(entry, declared):
                if op in wanted:
                    yield Mutant(op, description, loc, mi, ei, entry=changed)
        for ni, node in enumerate(menu.nodes):
            for op, description, loc, new in _node_mutations(menu, node, declared):
                if op in wanted:
                    yield Mutant(op, description, loc, mi, ni, node=new)


def _shown(cond: Condition) -> str:
    return cond.describe()


def _entry_mutations(
    e: Entry, declared: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, str, Loc, Entry]]:
    what = f"entry '{e.id}'"
    when = e.when
    here = when.loc if when.loc.line else e.loc
    for i, (name, allowed) in enumerate(when.attrs):
        attrs = when.attrs[:i] + when.attrs[i + 1 :]
        wider = replace(when, attrs=attrs)
        yield ("widen-when", f"{what} no longer requires {name}={'|'.join(allowed)}",
               _at(here, when.where, name), replace(e, when=wider))  # fmt: skip
    if when.hours:
        wider = replace(when, hours=())
        yield ("widen-when", f"{what} no longer keeps to the hours {', '.join(when.hours)}",
               _at(here, when.where, "hour"), replace(e, when=wider))  # fmt: skip
    for i, (name, allowed) in enumerate(when.attrs):
        if len(allowed) < 2:
            continue
        attrs = when.attrs[:i] + ((name, allowed[:-1]),) + when.attrs[i + 1 :]
        narrower = replace(when, attrs=attrs)
        yield ("narrow-when", f"{what} no longer serves {name}={allowed[-1]}",
               _at(here, when.where, name + "="), replace(e, when=narrower))  # fmt: skip
    if not when and declared:
        name, values = next(iter(declared.items()))
        narrow = Condition(((name, values[:1]),))
        yield ("narrow-when", f"{what} serves only {name}={values[0]} (was every caller)",
               _at(e.loc, e.where, "dial"), replace(e, when=narrow))  # fmt: skip


def _targets(menu: Menu, node: Node, current: str) -> list[str]:
    """Where ``retarget`` points a reference to ``current``: a hangup of the menu, and the node
    declared after ``current`` (round the end of the file), each when it is another node."""
    ids = [n.id for n in menu.nodes]
    out: list[str] = []
    hangup = next((n.id for n in menu.nodes if n.type == "hangup" and n.id != current), None)
    if hangup is not None:
        out.append(hangup)
    if current in ids:
        start = ids.index(current)
        for step in range(1, len(ids)):
            other = ids[(start + step) % len(ids)]
            if other not in (current, hangup):
                out.append(other)
                break
    return out


def _references(node: Node) -> Iterator[tuple[str, str, object, Loc, object]]:
    """(field words, target, key of ``where``, base location, where map) of each reference
    ``retarget`` changes."""
    loc, where = node.loc, node.where
    if node.next is not None:
        yield "next", node.next, "next", loc, where
    for key, target in node.options:
        yield f"option {key}", target, "options." + key, loc, where
    if node.timeout is not None:
        t = node.timeout
        yield "timeout", t.to, "to", t.loc if t.loc.line else loc, t.where
    if node.invalid is not None:
        yield "invalid", node.invalid, "invalid", loc, where
    if node.retries is not None:
        r = node.retries
        yield "retries", r.then, "then", r.loc if r.loc.line else loc, r.where
    if node.otherwise is not None:
        yield "else", node.otherwise, "else", loc, where


def _retargeted(node: Node, field: str, to: str) -> Node:
    if field == "next":
        return replace(node, next=to)
    if field.startswith("option "):
        key = field.split(" ", 1)[1]
        return replace(node, options=tuple((k, to if k == key else t) for k, t in node.options))
    if field == "timeout":
        assert node.timeout is not None
        return replace(node, timeout=replace(node.timeout, to=to))
    if field == "invalid":
        return replace(node, invalid=to)
    if field == "retries":
        assert node.retries is not None
        return replace(node, retries=replace(node.retries, then=to))
    return replace(node, otherwise=to)


def _other_values(cond: Condition, declared: dict[str, tuple[str, ...]]) -> Condition | None:
    """The condition turned round (see ``case-condition``), or None when it cannot be."""
    if cond.attrs:
        name, allowed = cond.attrs[0]
        rest = tuple(v for v in declared.get(name, ()) if v not in allowed)
        if not rest:
            return None
        return replace(cond, attrs=((name, rest),) + cond.attrs[1:])
    if cond.hours:
        flipped = tuple("-".join(reversed(h.split("-", 1))) for h in cond.hours)
        return replace(cond, hours=flipped)
    return None


def _node_mutations(
    menu: Menu, n: Node, declared: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, str, Loc, Node]]:
    what = f"'{n.id}'"
    if n.type in HUMAN_TYPES:
        hangup = replace(n, type="hangup", queue="", wait=None, cost=None)
        yield "hangup", f"{n.type} {what} becomes a hangup", _at(n.loc, n.where, "type"), hangup
    used = {k for k, _ in n.options}
    for key, target in n.options:
        at = _at(n.loc, n.where, "options." + key)
        rest = tuple(o for o in n.options if o[0] != key)
        yield ("remove-option", f"option {key} of {what} (to '{target}') removed", at,
               replace(n, options=rest))  # fmt: skip
        start = KEY_ORDER.index(key) if key in KEY_ORDER else -1
        ring = KEY_ORDER[start + 1 :] + KEY_ORDER[: start + 1]
        free = next((k for k in ring if k not in used and k in DTMF_KEYS), None)
        if free is not None:
            moved = tuple((free if k == key else k, t) for k, t in n.options)
            yield ("option-key", f"option {key} of {what} moved to key {free}", at,
                   replace(n, options=moved))  # fmt: skip
    for field, current, where_key, base, where in _references(n):
        at = _at(base, where, where_key)  # type: ignore[arg-type]
        for to in _targets(menu, n, current):
            yield ("retarget", f"{field} of {what} goes to '{to}' (was '{current}')", at,
                   _retargeted(n, field, to))  # fmt: skip
    for i, case in enumerate(n.cases):
        at = case.loc if case.loc.line else n.loc
        fewer = n.cases[:i] + n.cases[i + 1 :]
        yield ("remove-case",
               f"case {i + 1} of {what} ({_shown(case.when)} -> '{case.to}') removed", at,
               replace(n, cases=fewer))  # fmt: skip
        turned = _other_values(case.when, declared)
        if turned is not None:
            cond_at = case.when.loc if case.when.loc.line else at
            first = case.when.attrs[0][0] + "=" if case.when.attrs else "hour"
            changed = n.cases[:i] + (replace(case, when=turned),) + n.cases[i + 1 :]
            yield ("case-condition",
                   f"case {i + 1} of {what}: {_shown(case.when)} becomes {_shown(turned)}",
                   _at(cond_at, case.when.where, first), replace(n, cases=changed))  # fmt: skip
    if n.type in BARGE_TYPES and n.duration > 0:
        flipped = "no longer lets a key cut it short" if n.barge_in else "lets a key cut it short"
        yield ("barge-in", f"{what} {flipped} (barge_in: {str(not n.barge_in).lower()})",
               _at(n.loc, n.where, "barge_in"), replace(n, barge_in=not n.barge_in))  # fmt: skip
    if n.duration > 0:
        longer = min(n.duration * 3, MAX_DURATION)
        if longer != n.duration:
            yield ("duration", f"{what} lasts {longer:g} s (was {n.duration:g})",
                   _at(n.loc, n.where, "duration"), replace(n, duration=longer))  # fmt: skip

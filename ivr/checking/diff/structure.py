"""The structure layer of ``ivr diff``: menus, nodes, options, prompts and entries added,
removed or changed, matched by menu id, node id, option key and entry id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ivr.checking.diff.report import Change
from ivr.model.types import Hotline, Menu, Node

# the fields of a node and of an entry compared one by one (say and options have their own)
NODE_FIELDS = ("type", "duration", "barge_in", "next", "timeout", "invalid", "retries", "cases",
               "otherwise", "queue", "wait", "cost", "to", "suppress")  # fmt: skip
ENTRY_FIELDS = ("dial", "start", "when", "cost", "region", "disputed")


def short(text: str, width: int = 70) -> str:
    """``text`` cut to ``width`` characters with an ellipsis.

    >>> short("Press 1 for your balance", 12)
    'Press 1 for…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def field_text(value: object) -> str:
    """A field's value as the diff shows it: ``none`` for an empty one.

    >>> field_text(None), field_text(8), field_text(("a", "b"))
    ('none', '8', "('a', 'b')")
    """
    if value is None or value == () or value == "":
        return "none"
    if isinstance(value, tuple) and value and hasattr(value[0], "to"):  # cases
        return "; ".join(f"{c.when.describe()} -> {c.to}" for c in value)
    if hasattr(value, "describe"):
        return value.describe()
    if hasattr(value, "__dataclass_fields__"):
        fields = {k: getattr(value, k) for k in value.__dataclass_fields__ if k != "loc"}
        return ", ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, (), ""))
    return str(value)


def pair_menus(old: Hotline, new: Hotline) -> tuple[dict[str, Menu], dict[str, Menu]]:
    """Menus matched by id, then by file name; two lone menus (two files) match each other."""
    a = {m.id: m for m in old.menus}
    b = {m.id: m for m in new.menus}
    by_name = {Path(m.file).name: m for m in new.menus}
    for mid in [m for m in a if m not in b]:
        twin = by_name.get(Path(a[mid].file).name)
        if twin is not None and twin.id not in a:
            a[twin.id] = a.pop(mid)
    if len(old.menus) == len(new.menus) == 1 and a.keys() != b.keys():
        a = {new.menus[0].id: old.menus[0]}
    return a, b


def added_removed(
    kind: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    subject: Callable[[str], str],
    name: Callable[[str, Any], str],
    value: Callable[[Any], object] = lambda item: None,
) -> list[Change]:
    """A ``removed`` change for every key of ``old`` that ``new`` lacks, then an ``added`` one
    for every key only ``new`` has; ``name(key, item)`` is what the message calls it and
    ``value(item)`` its before (removed) or after (added)."""
    gone = [
        Change(kind, "removed", subject(k), f"{name(k, i)} removed", before=value(i), loc=i.loc)
        for k, i in old.items()
        if k not in new
    ]
    come = [
        Change(kind, "added", subject(k), f"{name(k, i)} added", after=value(i), loc=i.loc)
        for k, i in new.items()
        if k not in old
    ]
    return gone + come


def structure_changes(old: Hotline, new: Hotline) -> list[Change]:
    """Every change to the menus themselves, menu by menu."""
    old_menus, new_menus = pair_menus(old, new)
    out = added_removed("menu", old_menus, new_menus, lambda mid: mid,
                        lambda mid, m: f"menu '{mid}' ({Path(m.file).name})")  # fmt: skip
    for mid in sorted(old_menus.keys() & new_menus.keys()):
        out += _menu_changes(old_menus[mid], new_menus[mid])
    return out


def _menu_changes(a: Menu, b: Menu) -> list[Change]:
    mid = b.id
    an, bn = a.node_map(), b.node_map()
    out = added_removed("node", an, bn, lambda nid: f"{mid}/{nid}",
                        lambda nid, node: f"{node.type} '{nid}' of {mid}",
                        lambda node: node.type)  # fmt: skip
    for node in b.nodes:
        if node.id in an:
            out += _node_changes(mid, an[node.id], node)
    ae = {e.id: e for e in a.entries}
    be = {e.id: e for e in b.entries}
    out += added_removed("entry", ae, be, lambda eid: f"{mid}#{eid}",
                         lambda eid, e: f"entry '{eid}' (dial {e.dial}) of {mid}",
                         lambda e: e.dial)  # fmt: skip
    for eid in [e for e in be if e in ae]:
        x, y = ae[eid], be[eid]
        for name in ENTRY_FIELDS:
            if getattr(x, name) != getattr(y, name):
                before, after = field_text(getattr(x, name)), field_text(getattr(y, name))
                message = f"entry '{eid}' of {mid}: {name} {before} -> {after}"
                out.append(Change("entry", "changed", f"{mid}#{eid}", message, before=before,
                                  after=after, loc=y.loc))  # fmt: skip
    return out


def _node_changes(mid: str, x: Node, y: Node) -> list[Change]:
    subject = f"{mid}/{y.id}"
    out: list[Change] = []

    def change(kind: str, action: str, where: str, message: str, before: object = None,
               after: object = None) -> None:  # fmt: skip
        out.append(Change(kind, action, where, message, before=before, after=after, loc=y.loc))

    if x.say != y.say:
        change("prompt", "changed", subject,
               f'prompt of \'{y.id}\' in {mid}: "{short(x.say)}" -> "{short(y.say)}"',
               before=x.say, after=y.say)  # fmt: skip
    xo, yo = dict(x.options), dict(y.options)
    for key in sorted(xo.keys() | yo.keys()):
        where, head = f"{subject} key {key}", f"'{y.id}' in {mid}: option {key}"
        if key not in yo:
            change("option", "removed", where, f"{head} (to '{xo[key]}') removed", before=xo[key])
        elif key not in xo:
            change("option", "added", where, f"{head} (to '{yo[key]}') added", after=yo[key])
        elif xo[key] != yo[key]:
            change("option", "changed", where,
                   f"{head} now goes to '{yo[key]}' (was '{xo[key]}')",
                   before=xo[key], after=yo[key])  # fmt: skip
    for name in NODE_FIELDS:
        if getattr(x, name) != getattr(y, name):
            before, after = field_text(getattr(x, name)), field_text(getattr(y, name))
            change("node", "changed", subject, f"'{y.id}' in {mid}: {name} {before} -> {after}",
                   before=before, after=after)  # fmt: skip
    return out

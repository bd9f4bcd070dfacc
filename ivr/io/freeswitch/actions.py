"""What each ``<entry action=...>`` of a FreeSWITCH menu becomes (docs/importers.md).

``menu-sub`` and ``menu-exec-app ivr NAME`` go to that menu; ``menu-back`` to the menu that
entered this one, ``menu-top`` to the first menu of the call (a branch when several could
have: the model keeps no stack); ``menu-exit`` ends the call; ``menu-play-sound`` plays and
comes back; ``menu-exec-app`` runs an application: ``transfer``, ``bridge``, ``callcenter``
and ``fifo`` reach a person (an ``agent``, the destination recorded), ``playback`` plays and
comes back, ``hangup`` and ``voicemail`` end the call, anything else is a branch on a caller
attribute standing for its result, and a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.diagnostics import did_you_mean
from ivr.io.platform import Import
from ivr.model.types import Facts, Node

if TYPE_CHECKING:
    from ivr.io.freeswitch.parse import FsEntry, FsMenu

ACTIONS = ("menu-exit", "menu-sub", "menu-exec-app", "menu-play-sound", "menu-back", "menu-top")
HUMANS = {"transfer", "bridge", "callcenter", "fifo", "conference", "valet_park"}
HANGUPS = {"hangup": "", "voicemail": "voicemail", "respond": ""}


def build_entry(
    e: FsEntry,
    node_id: str,
    m: FsMenu,
    menus: dict[str, FsMenu],
    parents: dict[str, list[str]],
    roots: list[str],
    nodes: dict[str, Node],
    imp: Import,
) -> str:
    """The node an entry's digits lead to (made into ``nodes`` when it is a new one)."""
    note = Import.cite(e.loc, e.text)
    if e.action not in ACTIONS:
        imp.error(
            e.loc,
            f"unknown action '{e.action}' (one of {', '.join(ACTIONS)})"
            + did_you_mean(e.action, ACTIONS),
        )
        return m.name
    if e.action == "menu-sub":
        return _menu(e.param.strip(), e, node_id, menus, nodes, imp)
    if e.action == "menu-exit":
        nodes[node_id] = Node(
            node_id, "hangup", say=m.attrs.get("exit-sound", ""), facts=Facts(note=note), loc=e.loc
        )
        return node_id
    if e.action == "menu-play-sound":
        return _play(node_id, e.param, m.name, e, note, nodes)
    if e.action == "menu-back":
        return _one_of(parents[m.name], e, node_id, "the menu that entered it", m, nodes, imp)
    if e.action == "menu-top":
        tops = [r for r in roots if r != m.name] or [m.name]
        tops = [r for r in tops if _reaches(r, m.name, menus, parents)] or tops
        return _one_of(tops, e, node_id, "the first menu of the call", m, nodes, imp)
    app, _, args = e.param.strip().partition(" ")
    app = app.lower()
    if app == "ivr":
        return _menu(args.strip(), e, node_id, menus, nodes, imp)
    if app in HUMANS:
        nodes[node_id] = Node(
            node_id,
            "callback" if e.notes.get("type") == "callback" else "agent",
            queue=f"{app} {args.strip()}".strip(),
            facts=Facts(note=note),
            loc=e.loc,
        )
        return node_id
    if app in ("playback", "speak", "say", "phrase"):
        return _play(node_id, args, m.name, e, note, nodes)
    if app in HANGUPS:
        nodes[node_id] = Node(
            node_id,
            "hangup",
            say=HANGUPS[app],
            facts=Facts(note=note + (" (a message, not a person)" if app == "voicemail" else "")),
            loc=e.loc,
        )
        return node_id
    hang = node_id + ".hangup"
    nodes[hang] = Node(hang, "hangup", facts=Facts(inferred=("all",), note=note), loc=e.loc)
    nodes[node_id] = imp.unknown(
        node_id,
        e.param.strip() or e.action,
        [("continues", m.name), ("hangs-up", hang)],
        e.loc,
        app,
        f"menu-exec-app {e.param.strip()}: what application '{app}' does cannot be known "
        "from the menu",
    )
    return node_id


def _menu(name: str, e: FsEntry, node_id: str, menus: dict, nodes: dict, imp: Import) -> str:
    if name in menus:
        return name
    imp.finding(
        e.loc,
        "import-dangling",
        f"{e.action} {name}: no menu '{name}' is defined{did_you_mean(name, menus)}; "
        "FreeSWITCH ends the call there",
        "error",
    )
    nodes[node_id] = Node(
        node_id,
        "hangup",
        facts=Facts(inferred=("all",), note=Import.cite(e.loc, e.text)),
        loc=e.loc,
    )
    return node_id


def _play(node_id: str, sound: str, back: str, e: FsEntry, note: str, nodes: dict) -> str:
    seconds = e.notes.get("duration")
    nodes[node_id] = Node(
        node_id,
        "prompt",
        say=e.notes.get("say", sound.strip()),
        duration=float(seconds or 0),
        barge_in=False,
        next=back,
        facts=Facts(inferred=("duration",) * (seconds is None), note=note),
        loc=e.loc,
    )
    return node_id


def _one_of(
    names: list[str], e: FsEntry, node_id: str, what: str, m: FsMenu, nodes: dict, imp: Import
) -> str:
    if not names:  # back from the first menu: the IVR ends
        why = f" ({m.name} is the first menu: going back leaves the IVR)"
        facts = Facts(inferred=("all",), note=Import.cite(e.loc, e.text) + why)
        nodes[node_id] = Node(node_id, "hangup", facts=facts, loc=e.loc)
        return node_id
    if len(names) == 1:
        return names[0]
    imp.finding(
        e.loc,
        "import-approximated",
        f"{e.action}: {what} could be any of {', '.join(names)}; a branch on caller "
        "attribute 'came_from' stands for it",
    )
    nodes[node_id] = imp.unknown(
        node_id, f"{e.action} from {m.name}", [(n, n) for n in names], e.loc, "came_from", rule=None
    )
    return node_id


def _reaches(start: str, goal: str, menus: dict, parents: dict[str, list[str]]) -> bool:
    seen, todo = {goal}, [goal]
    while todo:
        for p in parents.get(todo.pop(), []):
            if p == start:
                return True
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return start == goal

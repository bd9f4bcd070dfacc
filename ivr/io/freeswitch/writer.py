"""The model to FreeSWITCH IVR menus: ``ivr export PATH --to freeswitch -o ivr.conf.xml``.

Each ``menu`` node is a ``<menu>`` (its name the node id, its prompt ``greet-long``, its
timeout ``timeout``, its retries ``max-failures`` and ``max-timeouts``, its exit the
retries' hangup); each option an ``<entry>``: another menu is ``menu-sub``, a person
``menu-exec-app transfer QUEUE XML default`` (a callback annotated so), a hangup
``menu-exec-app hangup``, a prompt that comes back to the menu ``menu-play-sound``.
FreeSWITCH menus say no more: a branch on the caller, a prompt leading elsewhere, a timeout to
another node, a transfer to another file cannot be written, and the export is refused with
every node that has them (export to Asterisk instead).

>>> import ivr, os, tempfile
>>> from ivr.model.types import Entry, Menu, Node, Timeout
>>> menu = Menu("m", entries=(Entry("e", "0890", "main"),), nodes=(
...     Node("main", "menu", say="Sales 1", options=(("1", "sales"),),
...          timeout=Timeout(5, "main")), Node("sales", "agent", queue="sales")))
>>> out = os.path.join(tempfile.mkdtemp(), "ivr.conf.xml")
>>> [os.path.basename(p) for p in export(ivr.Hotline((menu,)), Path(out))]
['ivr.conf.xml']
>>> ivr.simulate(ivr.load(out), "main", "1").outcome
'agent'
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from ivr.errors import InputError
from ivr.io.atomic import write_atomic
from ivr.model.types import Entry, Hotline, Menu, Node

FOREVER = 100  # max-failures / max-timeouts for a menu without retries


def dial_of(menu: Menu, entry: Entry, hotline: Hotline | None = None) -> str:
    """The address an exported entry of ``hotline`` is dialled by."""
    from ivr.io.freeswitch.reader import address  # noqa: PLC0415

    return address(menu_name(menu, entry.start, hotline))


def menu_name(menu: Menu, node_id: str, hotline: Hotline | None = None) -> str:
    """The ``<menu name>`` of a menu node: its id, with its file's menu id first when the
    hotline has several files (FreeSWITCH names menus in one namespace)."""
    several = hotline is not None and len(hotline.menus) > 1
    return _clean(f"{menu.id}-{node_id}" if several else node_id)


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters become spaces."""
    return "".join(c if c.isprintable() or c == " " else " " for c in text)


def _problems(m: Menu) -> list[str]:
    nodes = m.node_map()
    out = []
    for n in m.nodes:
        if n.type in ("branch", "transfer"):
            out.append(f"node '{n.id}' is a {n.type}")
        elif n.type == "prompt":
            users = [x.id for x in m.nodes if x.type == "menu" and n.id in dict(x.options).values()]
            if any(n.next != u for u in users) or not users:
                out.append(f"prompt '{n.id}' does not lead back to the menu that plays it")
        elif n.type == "menu":
            if n.timeout is not None and n.timeout.to != n.id:
                out.append(f"the timeout of menu '{n.id}' leads elsewhere ('{n.timeout.to}')")
            if n.invalid not in (None, n.id):
                out.append(f"an invalid key at menu '{n.id}' leads elsewhere ('{n.invalid}')")
            if n.retries is not None and nodes[n.retries.then].type != "hangup":
                out.append(f"the retries of menu '{n.id}' lead to a {nodes[n.retries.then].type}")
    out += [
        f"entry '{e.id}' starts at a {nodes[e.start].type}"
        for e in m.entries
        if nodes[e.start].type != "menu"
    ]
    return out


def _entry(m: Menu, n: Node, key: str, target: Node, h: Hotline) -> list[str]:
    if target.type == "menu":
        name = quoteattr(menu_name(m, target.id, h))
        return [f'<entry action="menu-sub" digits="{key}" param={name}/>']
    if target.type in ("agent", "callback"):
        note = ["<!-- ivr type=callback -->"] if target.type == "callback" else []
        param = _clean(f"transfer {target.queue or target.id} XML default")
        return [*note, f'<entry action="menu-exec-app" digits="{key}" param={quoteattr(param)}/>']
    if target.type == "prompt":
        said = _clean(target.say).replace('"', "'").replace("--", "- -")
        sound = quoteattr(_clean(target.say or target.id))
        return [
            f'<!-- ivr duration={target.duration!r} say="{said}" -->',
            f'<entry action="menu-play-sound" digits="{key}" param={sound}/>',
        ]
    return [f'<entry action="menu-exec-app" digits="{key}" param="hangup"/>']


def _menu(m: Menu, n: Node, h: Hotline) -> list[str]:
    nodes = m.node_map()
    attrs = {"name": menu_name(m, n.id, h), "greet-long": _clean(n.say or n.id)}
    if n.timeout is not None:
        attrs["timeout"] = str(round(n.timeout.after * 1000))
    else:
        attrs["timeout"] = "600000"
    tries = n.retries.max if n.retries is not None else FOREVER
    attrs["max-failures"] = attrs["max-timeouts"] = str(tries)
    if n.retries is not None:
        attrs["exit-sound"] = _clean(nodes[n.retries.then].say or n.retries.then)
    attrs["digit-len"] = "1"
    head = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
    lines = [f"<menu {head}>", f"  <!-- ivr duration={n.duration!r} -->"]
    for key, target in n.options:
        lines += ["  " + line for line in _entry(m, n, key, nodes[target], h)]
    return [*lines, "</menu>"]


def _reached(m: Menu) -> set[str]:
    nodes = m.node_map()
    seen = {e.start for e in m.entries}
    todo = list(seen)
    while todo:
        n = nodes[todo.pop()]
        nxt = [t for _, t in n.options]
        nxt += [
            x
            for x in (n.timeout and n.timeout.to, n.invalid, n.retries and n.retries.then, n.next)
            if x
        ]
        for t in nxt:
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


def export(hotline: Hotline, out: Path) -> list[str]:
    """Write ``hotline`` as one ``ivr.conf.xml`` at ``out`` (in a folder: ivr.conf.xml)."""
    problems = [f"{m.file or m.id}: {p}" for m in hotline.menus for p in _problems(m)]
    if problems:
        raise InputError(
            "FreeSWITCH IVR menus cannot say this (export to asterisk instead):\n  "
            + "\n  ".join(problems)
        )
    target = out / "ivr.conf.xml" if out.is_dir() else out
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- Written by ivr export from {hotline.path or 'a hotline'} -->",
        '<configuration name="ivr.conf" description="IVR menus">',
        "  <menus>",
    ]
    for m in hotline.menus:
        reached = _reached(m)
        left = [n.id for n in m.nodes if n.type == "menu" and n.id not in reached]
        if left:  # FreeSWITCH would take a menu no call reaches for one a call starts at
            lines.append(f"    <!-- left out, no call reaches them: {', '.join(left)} -->")
        starts = [e.start for e in m.entries]
        menus = sorted(
            (n for n in m.nodes if n.type == "menu" and n.id in reached),
            key=lambda n: starts.index(n.id) if n.id in starts else len(starts),
        )
        for n in menus:
            lines += ["    " + line for line in _menu(m, n, hotline)]
    lines += ["  </menus>", "</configuration>"]
    write_atomic(target, "\n".join(lines) + "\n")
    return [str(target)]

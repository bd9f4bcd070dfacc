"""The edges a simulated call took through the compiled graph: what a diagram lights up.

>>> import ivr
>>> from ivr.sim.run import simulate
>>> menu = ivr.load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main: {type: menu, say: "Operator - 0", duration: 4, options: {"0": human}}
...   human: {type: agent}
... ''')
>>> path_of_call(ivr.compile(menu), simulate(menu, "0890", "0"))
[('demo#0890', 'demo/main', 0), ('demo/main', 'demo/human', 0)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.graph.build import entry_key, node_key

if TYPE_CHECKING:
    import networkx as nx

    from ivr.sim.run import Call

EdgeRef = tuple[str, str, int]
"""One edge of the compiled graph: (tail, head, networkx edge key)."""


def path_of_call(g: nx.MultiDiGraph, call: Call) -> list[EdgeRef]:
    """The edges a simulated call took, in order: the highlight of a ``--dial/--keys`` call.

    Replays the call's events over the graph: the entry edge, then at each node the edge its
    leaving event names (a key's option, a timeout, an invalid key, a retry, a branch, a
    transfer, a prompt's next), through prompts that play in silence. ValueError when the call
    does not fit the graph.
    """
    if call.entry is None or not call.events:
        return []
    start = _entry_node(g, call)
    path: list[EdgeRef] = []
    cur = start
    menu = g.nodes[start]["menu"]
    leave: tuple[str, str | None, str] | None = ("entry", None, "")
    for event in call.events[1:]:
        if not event.node:
            continue
        if leave is not None and leave[0] == "transfer":
            menu = _transfer_menu(g, cur, menu)
        here = node_key(menu, event.node)
        if leave is not None and not (event.kind == "retry" and here == cur):
            cur, menu = _take(g, cur, here, leave, path)
            leave = None
        if here != cur:
            raise ValueError(f"the call's event at {here} does not follow the graph from {cur}")
        data = g.nodes[cur]
        kind = event.kind
        node = data.get("node")
        if kind in ("timeout", "invalid", "retry", "branch", "transfer"):
            leave = (kind, None, event.detail)
        elif kind in ("press", "key") and data["type"] == "menu" and node is not None:
            if node.option(event.key or "") is not None:
                leave = ("option", event.key, "")
        elif kind in ("barge-in", "play") and data["type"] == "prompt":
            leave = ("next", None, "")
    if leave is not None and leave[0] != "entry":
        _take(g, cur, None, leave, path)
    return path


def _transfer_menu(g: nx.MultiDiGraph, cur: str, menu: str) -> str:
    for _, v, d in g.out_edges(cur, data=True):
        if d["kind"] == "transfer":
            return g.nodes[v]["menu"]
    return menu


def _entry_node(g: nx.MultiDiGraph, call: Call) -> str:
    entry = call.entry
    candidates = [
        n for n, d in g.nodes(data=True) if d.get("kind") == "entry" and d.get("entry") == entry
    ]
    exact = [n for n in candidates if g.nodes[n]["entry"] is entry]
    found = exact or candidates
    if not found:
        raise ValueError(f"the call's entry {entry.id if entry else '?'} is not in the graph")
    if len(found) > 1 and call.menu:  # equal entries in two files: the one of the call's menu
        found = [n for n in found if n == entry_key(call.menu, entry.id)] or found
    return found[0]


def _take(
    g: nx.MultiDiGraph,
    cur: str,
    target: str | None,
    leave: tuple[str, str | None, str],
    path: list[EdgeRef],
) -> tuple[str, str]:
    """Append the edge ``leave`` names out of ``cur`` (then silent prompts up to ``target``)."""
    kind, key, detail = leave
    out = [
        (u, v, k, d)
        for u, v, k, d in g.out_edges(cur, keys=True, data=True)
        if d["kind"] == kind and (key is None or d["key"] == key)
    ]
    if kind == "branch" and len(out) > 1:
        out.sort(key=lambda e: not _branch_matches(e[3], detail))
        if target is not None:
            out.sort(key=lambda e: _chain(g, e[1], target) is None)
    if not out:
        raise ValueError(f"the call leaves {cur} by {kind} {key or ''}, which the graph lacks")
    u, v, k, _ = out[0]
    path.append((u, v, k))
    if kind == "transfer":  # into the target file's entry, on to its start
        starts = [
            (v, w, kk)
            for _, w, kk, d in g.out_edges(v, keys=True, data=True)
            if d["kind"] == "entry"
        ]
        if starts:
            path.append(starts[0])
            v = starts[0][1]
    if target is not None and v != target:
        chain = _chain(g, v, target)
        if chain is None:
            raise ValueError(f"the call goes from {cur} to {target}, which the graph does not")
        path.extend(chain)
        v = target
    return v, g.nodes[v]["menu"]


def _branch_matches(d: dict, detail: str) -> bool:
    if d.get("otherwise"):
        return detail == "else"
    return d["condition"] is not None and d["condition"].describe() == detail


def _chain(g: nx.MultiDiGraph, start: str, target: str) -> list[EdgeRef] | None:
    """The ``next`` edges from ``start`` through prompts to ``target`` (prompts heard silently)."""
    chain: list[EdgeRef] = []
    cur = start
    seen = {cur}
    while cur != target:
        if g.nodes[cur].get("type") != "prompt":
            return None
        nxt = [
            (u, v, k)
            for u, v, k, d in g.out_edges(cur, keys=True, data=True)
            if d["kind"] == "next"
        ]
        if not nxt or nxt[0][1] in seen:
            return None
        chain.append(nxt[0])
        cur = nxt[0][1]
        seen.add(cur)
    return chain

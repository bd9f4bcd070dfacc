"""Shortest paths over a :class:`~ivr.routing.lazy_graph.Lazy` state graph: Dijkstra with
every predecessor on a shortest path, the tie-break on keys, and what a path spells.
"""

from __future__ import annotations

import heapq
import itertools

from ivr.routing.lazy_graph import Lazy


def shortest(
    graph: Lazy,
    source: tuple,
    target: tuple | None = None,
    cutoff: int | None = None,
    settle: int | None = None,
) -> tuple[dict[tuple, int], dict[tuple, list[tuple]]]:
    """Dijkstra from ``source``: (distance, every predecessor on a shortest path) per state.

    With ``target`` it stops once every state as near as the target is settled (what the
    tie-break needs); with ``cutoff`` it ignores states farther than that; with ``settle`` it
    gives up (two empty dicts) once it has settled that many states.

    >>> class Line:  # a -> b -> c, 2 s each, and a -> c with a key in 5 s
    ...     def out(self, s):
    ...         return {"a": [("b", None, 0, 2, "next", None), ("c", "1", 1, 5, "option", None)],
    ...                 "b": [("c", None, 0, 2, "next", None)]}.get(s, [])
    >>> dist, pred = shortest(Lazy(Line(), lambda tr: tr[3]), "a")
    >>> dist, pred["c"]
    ({'a': 0, 'b': 2, 'c': 4}, ['b'])
    """
    succ, is_open = graph.succ, graph._open
    dist: dict[tuple, int] = {}
    seen = {source: 0}
    pred: dict[tuple, list[tuple]] = {source: []}
    tie = itertools.count()
    heap = [(0, next(tie), source)]
    push, pop = heapq.heappush, heapq.heappop
    stop = None
    while heap:
        d, _, u = pop(heap)
        if u in dist:
            continue
        if stop is not None and d > stop:
            break
        dist[u] = d
        if settle is not None and len(dist) > settle:
            return {}, {}
        if u == target:
            stop = d
        if not is_open(u, d):
            continue
        for v, (w, _tr) in succ(u).items():
            vd = d + w
            if cutoff is not None and vd > cutoff:
                continue
            if v in dist:
                if vd == dist[v]:
                    pred[v].append(u)
                continue
            old = seen.get(v)
            if old is None or vd < old:
                seen[v] = vd
                pred[v] = [u]
                push(heap, (vd, next(tie), v))
            elif vd == old:
                pred[v].append(u)
    return dist, pred


def lex_path(
    graph: Lazy, pred: dict, source: tuple, target: tuple, more: tuple = ()
) -> list | None:
    """Among the shortest paths that ``pred`` holds, the one with the smallest key sequence
    (to ``target`` or any of ``more``: one walk for many tied ends).

    ``pred`` lists every predecessor on a shortest path (:func:`shortest`), so these edges
    form a DAG of all optimal paths: the best suffix of keys from each of its states is found
    once, in post-order, each edge looked at a bounded number of times.
    """
    tight: dict[tuple, set] = {}  # state -> its successors in the DAG of paths to target
    ends = {target, *more}
    todo = list(ends)
    reach = set(ends)
    while todo:
        v = todo.pop()
        for u in pred.get(v, ()):
            tight.setdefault(u, set()).add(v)
            if u not in reach:
                reach.add(u)
                todo.append(u)
    if source not in reach:
        return None
    adj = graph.adj

    def nxt(u: tuple) -> list:  # tight successors, in the adjacency's (deterministic) order
        mine = tight.get(u, ())
        return [v for v in adj[u] if v in mine] if mine else []

    best: dict = dict.fromkeys(ends, ())
    choice: dict = {}
    opened: dict = {}  # state -> its tight successors, once opened
    stack = [source]
    while stack:
        u = stack[-1]
        if u in best:
            stack.pop()
            continue
        if u not in opened:
            opened[u] = succs = nxt(u)
            stack.extend(v for v in succs if v not in best and v not in opened)
            continue
        stack.pop()
        top = None
        for v in opened[u]:
            if v not in best:
                continue  # on the stack (a zero-weight loop) or dead
            tr = adj[u][v][1]
            label = tr[1] if tr is not None else None
            suffix = best[v] if label is None else (label, *best[v])
            if top is None or suffix < top:
                top = suffix
                choice[u] = v
        if top is not None:
            best[u] = top
    if source not in best:
        return None
    path = [source]
    while path[-1] not in ends:
        path.append(choice[path[-1]])
    return path


def transitions(adj: dict, path: list) -> list[tuple]:
    """The transitions along ``path`` (``adj``: state -> {next: (weight, transition)})."""
    out = []
    for u, v in itertools.pairwise(path):
        tr = adj[u][v][1]
        if tr is not None:
            out.append(tr)
    return out


def path_weight(adj: dict, path: list) -> int:
    """The weight of ``path`` (``adj``: state -> {next: (weight, transition)})."""
    return sum(adj[u][v][0] for u, v in itertools.pairwise(path))


def keys_of(trs: list[tuple]) -> tuple[str, ...]:
    """The keys a caller presses along transitions (silences to come at the end dropped)."""
    from ivr.sim.run import SILENCE  # noqa: PLC0415

    keys = [tr[1] for tr in trs if tr[1] is not None]
    while keys and keys[-1] == SILENCE:
        keys.pop()
    return tuple(keys)

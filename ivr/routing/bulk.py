"""The best route over the whole compiled graph at once, in C (scipy's csgraph).

The route search's state graph (:mod:`ivr.routing.states`) is the compiled graph itself
wherever a caller has nothing typed ahead and no failure counted: those are the states
``(node, None, ())``, and from such a state every way out is one compiled edge, weighing what
the kernel says an early caller spends on it (the edge's ``seconds``, from
:func:`ivr.sim.kernel.early_seconds`, and a press for a key). Only a prompt with barge-in (after
which a key is typed ahead, or the caller's next move is a silence) and a menu with
``retries`` (which counts failures) lead out of that plain part. So when the caller reaches no
such node within the call limit, Dijkstra over the compiled edges -- scipy's, in C -- is the
exact search; otherwise :func:`best` answers None and the state search runs instead.

Ties are broken as the state search does (the smallest key sequence among every shortest
route, then the entry listed first) without looking at every tied human: the edges on a
shortest route are marked (``dist[u] + w == dist[v]``, and ``v`` reaches a best human over
such edges), and a walk from the entries takes the smallest key at each step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.graph.build import node_key
from ivr.graph.index import EDGE_KINDS, TYPES, graph_index
from ivr.graphcache import cached
from ivr.model.types import HUMAN_TYPES
from ivr.routing.states import Transition
from ivr.sim.kernel import SILENCE, branch_step, other_key

if TYPE_CHECKING:
    from ivr.routing.finder import Finder

SCALE = 1 << 20  # a time weight in C: microseconds * SCALE + presses (exact in a float64)
_KEY = "ivr.routing.bulk.arrays"
_K = {k: i for i, k in enumerate(EDGE_KINDS)}


class Arrays:
    """The graph's edges as numpy arrays, derived once per graph (kept in its cache)."""

    def __init__(self, g):
        import numpy as np  # noqa: PLC0415

        ix = graph_index(g)
        self.ix = ix
        self.n = n = len(ix.names)
        self.src = np.frombuffer(ix.src, dtype=np.intc).astype(np.int64)
        self.dst = np.frombuffer(ix.dst, dtype=np.intc).astype(np.int64)
        kinds = np.frombuffer(ix.kinds, dtype=np.int8)
        self.kinds = kinds
        self.us = np.rint(np.frombuffer(ix.seconds, dtype=np.float64) * 1e6).astype(np.int64)
        self.presses = ((kinds == _K["option"]) | (kinds == _K["invalid"])).astype(np.int64)
        types = np.frombuffer(ix.types, dtype=np.int8)
        self.flags = np.frombuffer(ix.flags, dtype=np.int8)
        plain = self.flags == 0
        # a plain node's ways out; a retry edge leaves only a menu with retries
        self.usable = plain[self.src] & (kinds != _K["retry"]) & (kinds >= 0)
        self.human = np.isin(types, [TYPES.index(t) for t in HUMAN_TYPES])
        self.branches = np.flatnonzero(types == TYPES.index("branch")).tolist()
        pairs = np.sort(self.src * (n + 1) + self.dst)  # (a sort: np.unique hashes, 10x slower)
        self.parallel = bool(np.any(pairs[1:] == pairs[:-1]))  # two edges join the same nodes
        self.ok = len(self.src) == len(kinds) == len(self.us) and len(self.flags) == n


def arrays(g) -> Arrays:
    return cached(g, _KEY, Arrays)


def best(finder: Finder, by: str, free: bool, starts: list[tuple]):
    """The best route of ``finder``'s caller by ``by`` ("time" or "keys") over the plain part
    of the graph: ``(entry state, transitions)``, ``()`` when no human is reached, or None
    when this search cannot answer (no scipy, or the caller reaches a node that leads out of
    the plain part, or, by keys, a node past the call limit)."""
    try:
        import numpy as np  # noqa: PLC0415
        from scipy.sparse.csgraph import dijkstra  # noqa: PLC0415
    except ImportError:
        return None
    a = arrays(finder.g)
    if not a.ok or by not in ("time", "keys"):
        return None
    from ivr.routing.finder import LIMIT_US  # noqa: PLC0415

    n = a.n
    mask = a.usable.copy()
    if a.branches:  # a branch goes the one way its case (for this caller, at this hour) says
        chosen = np.full(n, -1, dtype=np.int64)
        nodes = finder.g.nodes
        for i in a.branches:
            d = nodes[a.ix.names[i]]
            way = branch_step(d["node"], finder.who, finder.minute).way
            if way is not None and way.to is not None:
                chosen[i] = a.ix.number_of(node_key(d["menu"], way.to))
        is_branch = a.kinds == _K["branch"]
        mask &= ~is_branch | (chosen[a.src] == a.dst)
    first = [a.ix.number_of(s[0]) for s in starts]
    edges = np.flatnonzero(mask)
    src = np.concatenate([a.src[edges], np.full(len(first), n, dtype=np.int64)])
    dst = np.concatenate([a.dst[edges], np.array(first, dtype=np.int64)])
    us = np.concatenate([a.us[edges], np.zeros(len(first), dtype=np.int64)])
    pr = np.concatenate([a.presses[edges], np.zeros(len(first), dtype=np.int64)])
    size = n + 1
    if by == "time":
        w = us * SCALE + pr
        limit = LIMIT_US * SCALE + SCALE - 1  # any presses at the last microsecond
        dist = dijkstra(_csr(np, src, dst, w, size, a.parallel), indices=n, limit=limit)
        reached = np.isfinite(dist)
        di = np.where(reached, dist, 0).astype(np.int64)
        tight = reached[src] & reached[dst] & (di[src] + w == di[dst])
    else:
        presses = dijkstra(_csr(np, src, dst, pr, size, a.parallel), indices=n)
        reached = np.isfinite(presses)
        pi = np.where(reached, presses, 0).astype(np.int64)
        ptight = reached[src] & reached[dst] & (pi[src] + pr == pi[dst])
        t = dijkstra(_csr(np, src[ptight], dst[ptight], us[ptight], size, a.parallel), indices=n)
        if np.any(t[reached] > LIMIT_US):
            return None  # the state search leaves such a state unexpanded: let it judge
        ti = np.where(reached, t, 0).astype(np.int64)
        tight = ptight & (ti[src] + us == ti[dst])
        di = pi * (1 << 40) + ti  # for ranking the humans only (Python ints below)
    finder.meter.spend(int(reached.sum()), finder.where)
    if np.any(a.flags[reached[:n]] != 0):
        return None
    humans = np.flatnonzero(a.human & reached[:n])
    load = finder.by_name[starts[0][0]][1].load  # the group's (see Finder.groups)
    best_total, targets = _targets(finder, a, humans, di, by, free, load)
    if not len(targets):
        return ()
    on = _reaching(np, src[tight], dst[tight], targets, size)
    keep = tight & on[dst]
    path = _walk(finder, a, edges, np.flatnonzero(keep), src, dst, targets)
    if path is None:
        return None
    origin, chain = path
    return starts[origin], [_transition(finder, a, int(edges[p])) for p in chain]


def _csr(np, src, dst, w, size, parallel=True):
    """A CSR matrix of the lightest of parallel edges (scipy would add them up)."""
    from scipy.sparse import csr_matrix  # noqa: PLC0415

    if parallel and len(src):
        order = np.lexsort((w, dst, src))
        src, dst, w = src[order], dst[order], w[order]
        first = np.ones(len(src), dtype=bool)
        first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
        src, dst, w = src[first], dst[first], w[first]
    return csr_matrix((w.astype(np.float64), (src, dst)), shape=(size, size))


def _targets(finder: Finder, a: Arrays, humans, di, by: str, free: bool, load: float):
    """(best weight, [the humans that reach it]) among the reached humans (with waits: each
    human's counted as the state search counts it, for the entries' ``load``)."""
    names, nodes = a.ix.names, finder.g.nodes
    waits = finder.with_wait
    best_w = None
    targets: list[int] = []
    if not waits and not free:  # the common case, in numpy: no human is set apart
        if not len(humans):
            return None, np_array([])
        w = di[humans]
        low = w.min()
        return int(low), humans[w == low]
    for h in humans.tolist():
        node = nodes[names[h]]["node"]
        if free and node.cost is not None and node.cost.rank() != 0:
            continue
        extra = round(finder.counted_wait(names[h], load) * 1e6) if waits else 0
        w = int(di[h]) + (extra * SCALE if by == "time" else extra)
        if best_w is None or w < best_w:
            best_w, targets = w, [h]
        elif w == best_w:
            targets.append(h)
    return best_w, np_array(targets)


def np_array(xs: list[int]):
    import numpy as np  # noqa: PLC0415

    return np.array(xs, dtype=np.int64)


def _reaching(np, src, dst, targets, size: int):
    """Whether each node reaches one of ``targets`` over the edges ``src -> dst``."""
    from scipy.sparse import csr_matrix  # noqa: PLC0415
    from scipy.sparse.csgraph import breadth_first_order  # noqa: PLC0415

    top = size  # one node in front of every target, on the reversed graph
    rows = np.concatenate([dst, np.full(len(targets), top, dtype=np.int64)])
    cols = np.concatenate([src, targets])
    ones = np.ones(len(rows), dtype=np.int8)
    m = csr_matrix((ones, (rows, cols)), shape=(size + 1, size + 1))
    order = breadth_first_order(m, top, directed=True, return_predecessors=False)
    on = np.zeros(size + 1, dtype=bool)
    on[order] = True
    return on


def _label(finder: Finder, a: Arrays, j: int) -> str | None:
    """The caller's input along edge ``j``: a key, ``_`` for a silence, or None."""
    kind = EDGE_KINDS[a.kinds[j]]
    if kind == "option":
        return a.ix.keys[j]
    if kind == "timeout":
        return SILENCE
    if kind == "invalid":
        return other_key(finder.g.nodes[a.ix.names[a.src[j]]]["node"])
    return None


def _walk(finder, a, edges, marked, src, dst, targets):
    """(entry number, the edges of the route) over the marked edges ``src -> dst``.

    ``marked`` are their places among the search's edges: below ``len(edges)`` a graph edge
    (``edges[p]``), above it the edge from the dial to entry ``p - len(edges)``. Layer by
    layer: the nodes reached with the smallest keys so far (closed over the edges that take no
    input), each with the first entry that reaches it so; the next layer follows the smallest
    key out of this one.
    """
    import numpy as np  # noqa: PLC0415

    m = len(edges)
    layer: dict[int, tuple] = {}  # node -> (entry number, parent node, place of the edge in)
    dials = marked[marked >= m]
    for p in dials.tolist():
        layer[int(dst[p])] = (p - m, None, None)
    inner = marked[marked < m]
    inner = inner[np.argsort(src[inner], kind="stable")]
    heads = src[inner]
    goal = np.zeros(a.n + 1, dtype=bool)
    goal[targets] = True

    def out(u: int) -> list[int]:
        lo, hi = np.searchsorted(heads, [u, u + 1])
        return inner[lo:hi].tolist()

    labels: dict[int, str | None] = {}

    def label(p: int) -> str | None:
        if p not in labels:
            labels[p] = _label(finder, a, int(edges[p]))
        return labels[p]

    back: list[dict[int, tuple]] = []
    for _round in range(a.n + 2):
        todo = sorted(layer, key=lambda x: layer[x][0])
        while todo:  # the edges that take no input, the first entry first
            u = todo.pop()
            origin = layer[u][0]
            for p in out(u):
                if label(p) is None:
                    v = int(dst[p])
                    if v not in layer or layer[v][0] > origin:
                        layer[v] = (origin, u, p)
                        todo.append(v)
        back.append(layer)
        done = [x for x in layer if goal[x]]
        if done:
            end = min(done, key=lambda x: layer[x][0])
            return layer[end][0], _chain(back, end, label)
        keys = [label(p) for u in layer for p in out(u)]
        smallest = min((k for k in keys if k is not None), default=None)
        if smallest is None:
            return None
        nxt: dict[int, tuple] = {}
        for u in sorted(layer, key=lambda x: layer[x][0]):
            origin = layer[u][0]
            for p in out(u):
                if label(p) == smallest:
                    v = int(dst[p])
                    if v not in nxt or nxt[v][0] > origin:
                        nxt[v] = (origin, u, p)
        layer = nxt
    return None


def _chain(back: list[dict[int, tuple]], end: int, label) -> list[int]:
    """The places of the edges from an entry to ``end``, read back through the layers."""
    chain: list[int] = []
    node, i = end, len(back) - 1
    while True:
        _origin, parent, p = back[i][node]
        if p is None:
            return chain[::-1]
        chain.append(p)
        if label(p) is not None:
            i -= 1
        node = parent


def _transition(finder: Finder, a: Arrays, j: int) -> Transition:
    """Edge ``j`` of the graph's arrays as the state search's transition."""
    names = a.ix.names
    u, v = names[a.src[j]], names[a.dst[j]]
    kind = EDGE_KINDS[a.kinds[j]]
    key = a.ix.keys[j]
    ref = None
    for k, d in finder.g[u][v].items():
        if d.get("kind") == kind and d.get("key") == key:
            ref = (u, v, k)
            break
    label = _label(finder, a, j)
    return Transition((v, None, ()), label, int(a.presses[j]), a.us[j] / 1e6, kind, ref)

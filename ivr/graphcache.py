"""Values derived from a networkx graph, kept until the graph changes.

A graph's ``__networkx_cache__`` is the per-graph cache that networkx empties on every change
made through its methods (``add_edge``, ``remove_node``, ...), so a value kept there is never
stale: the next call after an edit derives a fresh one. (Code that changes attribute dicts in
place should empty it too: ``g.__networkx_cache__.clear()``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")

ROWS = "ivr.graph.rows"
"""Where :func:`ivr.compile` keeps the rows it built a small graph from (``add_nodes_from``,
``add_edges_from``): :func:`ivr.graph.index.graph_index` numbers them when first asked, for
less than reading the graph's views costs."""


def cached(g: nx.Graph, key: str, make: Callable[[nx.Graph], T]) -> T:
    """``make(g)``, kept in ``g``'s cache under ``key`` until ``g`` next changes.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b")])
    >>> cached(g, "demo.edges", lambda g: g.number_of_edges())
    1
    >>> _ = g.add_edge("b", "c")
    >>> cached(g, "demo.edges", lambda g: g.number_of_edges())
    2
    """
    cache = getattr(g, "__networkx_cache__", None)
    got = cache.get(key) if cache is not None else None
    if got is None:
        got = make(g)
        if cache is not None:
            cache[key] = got
    return got


def keep(g: nx.Graph, key: str, value: object) -> None:
    """Keep ``value`` (which must be derived from ``g`` as it is) until ``g`` next changes."""
    cache = getattr(g, "__networkx_cache__", None)
    if cache is not None:
        cache[key] = value


def taken(g: nx.Graph, key: str) -> object | None:
    """The value kept under ``key`` in ``g``'s cache, no longer kept (None when there is none):
    for a value wanted once, such as the rows :func:`ivr.compile` built a graph from."""
    cache = getattr(g, "__networkx_cache__", None)
    return cache.pop(key, None) if cache is not None else None

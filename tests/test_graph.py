"""``ivr.compile`` builds its graph with networkx's public calls; the graph's integer index
(``ivr.graph.index``) always describes the graph as it is, edited or not."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

import ivr
from ivr.graph.index import graph_index
from ivr.lint import lint_graph, rule
from ivr.model.types import Hotline, Menu, Node

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate_menu_text, generated_hotline  # noqa: E402


def generated(n_nodes: int, seed: int) -> Hotline:
    return ivr.load_menu_text(generate_menu_text(n_nodes, seed), f"generated-{n_nodes}.yaml")


def _hotlines():
    yield ivr.load(ROOT / "menus" / "mts")
    for n, seed in ((300, 0), (1000, 3)):
        yield generated(n, seed)


def _index_edges(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    ix = graph_index(g)
    return sorted((ix.names[u], ix.names[v]) for u, v in zip(ix.src, ix.dst, strict=True))


@pytest.mark.parametrize("hotline", list(_hotlines()), ids=["mts", "gen300", "gen1000"])
def test_the_index_numbers_every_node_edge_and_human(hotline):
    g = ivr.compile(hotline)
    ix = graph_index(g)
    assert ix.names == list(g)
    assert _index_edges(g) == sorted((u, v) for u, v, _ in g.edges(keys=True))
    humans = [n for n, d in g.nodes(data=True) if d.get("type") in ("agent", "callback")]
    assert [ix.names[i] for i in ix.humans] == humans


def test_parallel_edges_are_kept_and_indexed():
    menu = Menu(id="m", nodes=(Node("a", "prompt", next="b"), Node("b", "menu",
                options=(("1", "a"), ("2", "a"), ("3", "b")))))  # fmt: skip
    g = ivr.compile(menu)
    assert sorted(g["m/b"]["m/a"]) == [0, 1]
    assert graph_index(g).names == ["m/a", "m/b"]
    assert _index_edges(g) == [("m/a", "m/b"), ("m/b", "m/a"), ("m/b", "m/a"), ("m/b", "m/b")]


def test_a_menu_built_in_python_with_a_dangling_reference_is_refused_with_its_message():
    menu = Menu(id="m", nodes=(Node("a", "prompt", next="ghost"), Node("ghosts", "hangup")))
    for use in (ivr.compile, lambda m: ivr.simulate(m, "0890"), ivr.routes):
        with pytest.raises(ivr.LoadError) as caught:
            use(menu)
        assert str(caught.value) == (
            "'next' of node 'a' points to 'ghost', which does not exist (did you mean 'ghosts'?)"
        )


def test_every_edit_made_through_networkx_gives_a_fresh_index():
    g = ivr.compile(generated(200, 1))
    n = g.number_of_nodes()
    g.add_edge("x", "y")
    assert graph_index(g).names[n:] == ["x", "y"]
    assert ("x", "y") in _index_edges(g)
    g.remove_node("x")
    assert "x" not in graph_index(g).names and ("x", "y") not in _index_edges(g)
    assert nx.has_path(g, next(iter(g)), next(iter(g)))


def _no_human(g: nx.MultiDiGraph, monkeypatch, min_nodes: int) -> list[str]:
    monkeypatch.setattr("ivr.lint.engine.ARRAY_SEARCH_MIN", min_nodes)
    return sorted(str(f) for f in lint_graph(g, rules=[rule("no-human")]))


def _big() -> Hotline:
    return generated_hotline(20_000, 0)  # the same menu as model objects: no 5 MB of YAML


def test_no_human_on_an_edited_20000_node_graph_is_the_same_on_both_paths(monkeypatch):
    pytest.importorskip("scipy")
    g = ivr.compile(_big())
    before = _no_human(g, monkeypatch, 0)
    assert before == _no_human(g, monkeypatch, 10**9)
    # cut a menu off from its humans: remove every edge out of a menu node that leads to one
    reported = " ".join(before)
    menu = next(
        n
        for n, d in g.nodes(data=True)
        if d.get("type") == "menu"
        and f"no human can be reached from menu node '{d['id']}'" not in reported
    )
    for _, v, k in list(g.out_edges(menu, keys=True)):
        g.remove_edge(menu, v, k)
    cut = _no_human(g, monkeypatch, 0)
    assert cut == _no_human(g, monkeypatch, 10**9)  # the same node count, other edges
    assert len(cut) > len(before)
    g.add_node("m/orphan", kind="node", type="prompt", id="orphan", menu="m",
               file="x.yaml", line=1, col=1)  # fmt: skip
    with_arrays = _no_human(g, monkeypatch, 0)
    without = _no_human(g, monkeypatch, 10**9)
    assert with_arrays == without
    assert "x.yaml:1:1: no human can be reached from prompt node 'orphan'" in with_arrays
    assert f"no human can be reached from menu node '{g.nodes[menu]['id']}'" in " ".join(
        with_arrays
    )
    assert len(with_arrays) > len(before)


@pytest.mark.parametrize("hotline", list(_hotlines()), ids=["mts", "gen300", "gen1000"])
def test_the_index_of_the_rows_a_graph_was_built_from_is_the_index_of_the_graph(hotline):
    from ivr.graph.index import _derive

    numbered = graph_index(ivr.compile(hotline))  # from the rows, small or big
    g = ivr.compile(hotline)
    g.__networkx_cache__.clear()  # read from the graph's views
    derived = _derive(g)
    for name in ("names", "humans", "types", "flags", "data"):
        assert getattr(numbered, name) == getattr(derived, name), name

    def edges(ix):  # the rows list a node's parallel edges apart: the same edges, in any order
        return sorted(zip(ix.src, ix.dst, ix.kinds, ix.seconds, map(str, ix.keys), strict=True))

    assert edges(numbered) == edges(derived)

"""``ivr.compile`` writes nodes and edges straight into networkx's dicts (for speed): the graph
must be exactly the one ``add_nodes_from`` + ``add_edges_from`` build."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

import ivr
from ivr.graph import build as graph
from ivr.model.types import Hotline, Menu, Node

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate_menu_text  # noqa: E402


def _public(hotline: Hotline) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(hotline=hotline)
    files = {m.file.rsplit("/", 1)[-1]: m for m in hotline.menus}
    node_rows: list = []
    edge_rows: list = []
    for menu in hotline.menus:
        graph._compile_menu(menu, files, node_rows, edge_rows)
    g.add_nodes_from(node_rows)
    g.add_edges_from(edge_rows)
    return g


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert {k: v for k, v in a.graph.items() if k != "index"} == b.graph
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert list(a.in_edges(keys=True, data=True)) == list(b.in_edges(keys=True, data=True))
    for u, v, k in a.edges(keys=True):
        assert a.pred[v][u][k] is a.succ[u][v][k]  # one dict per edge, as networkx keeps it


def _hotlines():
    yield ivr.load(ROOT / "menus" / "mts")
    for n, seed in ((300, 0), (1000, 3)):
        yield ivr.load_menu_text(generate_menu_text(n, seed), f"generated-{n}.yaml")


@pytest.mark.parametrize("hotline", list(_hotlines()), ids=["mts", "gen300", "gen1000"])
def test_compile_equals_the_public_networkx_calls(hotline):
    _same(ivr.compile(hotline), _public(graph.as_hotline(hotline)))


@pytest.mark.parametrize("hotline", list(_hotlines()), ids=["mts", "gen300", "gen1000"])
def test_the_index_numbers_every_node_edge_and_human(hotline):
    g = ivr.compile(hotline)
    ix = graph.graph_index(g)
    assert ix is not None and ix.names == list(g)
    edges = sorted((ix.names[u], ix.names[v]) for u, v in zip(ix.src, ix.dst, strict=True))
    assert edges == sorted((u, v) for u, v, _ in g.edges(keys=True))
    humans = [n for n, d in g.nodes(data=True) if d.get("type") in ("agent", "callback")]
    assert [ix.names[i] for i in ix.humans] == humans


def test_edges_to_nodes_no_row_names_are_added_bare_as_networkx_does():
    menu = Menu(id="m", nodes=(Node("a", "prompt", next="ghost"), Node("b", "menu",
                options=(("1", "a"), ("2", "a"), ("3", "b")))))  # fmt: skip
    g = ivr.compile(menu)
    _same(g, _public(graph.as_hotline(menu)))
    assert g.nodes["m/ghost"] == {}
    assert graph.graph_index(g) is None  # an edge ends at a node no row names: no index
    assert sorted(g["m/b"]["m/a"]) == [0, 1]


def test_the_graph_is_usable_afterwards():
    g = ivr.compile(ivr.load_menu_text(generate_menu_text(200, 1), "g.yaml"))
    n = g.number_of_nodes()
    g.add_edge("x", "y")
    assert g.number_of_nodes() == n + 2
    assert nx.has_path(g, "x", "y")

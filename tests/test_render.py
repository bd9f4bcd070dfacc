"""Diagrams (issue 6): DOT, SVG through Graphviz, Mermaid, highlighted routes, the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ivr
from ivr.cli.app import main
from ivr.diagram import GraphvizMissing, path_of_call, render, route_edges, to_dot, to_mermaid
from ivr.diagram import escape as esc
from ivr.diagram.labels import edge_text, node_text
from ivr.diagram.looks import ROUTE_COLOUR
from ivr.graph.build import entry_key, node_key
from ivr.model.types import Entry, Menu, Node, Timeout, Wait
from ivr.testing.strategies import callers, hotlines, hours, key_sequences

HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed")
SVG = "{http://www.w3.org/2000/svg}"


# A prompt that tries to break every format: quotes, brackets, HTML, backslashes, Cyrillic.
NASTY = 'Здравствуйте! "МТС" [1] {x} (y) <b>bold</b> & \\ back\\slash | `tick` #35; end\\'
NASTY_YAML = json.dumps(NASTY, ensure_ascii=False)

MAIN = f"""\
ivr: 1
id: main-line
title: 'Main line "Оператор" <test> [x]'
caller:
  network: [mts, other]
entries:
  - {{dial: "0890", title: "Short <number>", when: {{network: mts}}, start: hello}}
  - {{dial: "+7 800 250-08-90", title: "Free from any phone", start: hello}}
nodes:
  hello: {{type: prompt, say: {NASTY_YAML}, duration: 12, next: who}}
  who:
    type: branch
    cases:
      - {{when: {{network: mts}}, to: main}}
      - {{when: {{hour: "22:00-06:00"}}, to: night}}
    else: main
  night: {{type: hangup, say: "Мы работаем днём", duration: 3}}
  main:
    type: menu
    say: "Баланс — 1, услуги — 2, другое — 3"
    duration: 8
    options: {{"1": bal, "2": services, "3": other, "9": main}}
    timeout: {{after: 5, to: main}}
    invalid: main
    retries: {{max: 3, then: bye}}
  services:
    type: menu
    say: "operator 0, callback 5"
    duration: 5
    barge_in: false
    options: {{"0": human, "5": cb}}
    timeout: {{after: 5, to: human}}
  bal: {{type: prompt, say: "balance is", duration: 4, next: main}}
  human: {{type: agent, queue: "general", wait: {{mean: 1200}}}}
  cb: {{type: callback, say: "we call you back"}}
  other: {{type: transfer, duration: 1, to: {{file: b-other.yaml, entry: "0990"}}}}
  bye: {{type: hangup, say: Goodbye, duration: 2}}
"""

OTHER = """\
ivr: 1
id: other-line
title: Other line
entries:
  - {dial: "0990", start: m}
nodes:
  m: {type: menu, say: "press 1 for a human", duration: 3, options: {"1": h},
      timeout: {after: 3, to: h}}
  h: {type: agent}
"""


@pytest.fixture
def demo(demo_file: Path) -> Path:
    return demo_file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    menus = tmp_path / "menus"
    menus.mkdir()
    (menus / "a-main.yaml").write_text(MAIN, encoding="utf-8")
    (menus / "b-other.yaml").write_text(OTHER, encoding="utf-8")
    return menus


def svg_tree(data: bytes):
    return ElementTree.fromstring(data)


def groups(root, cls: str) -> dict[str, dict]:
    """SVG ``<g>`` elements whose class list holds ``cls``: id -> {class, title, texts, ...}."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        classes = g.get("class", "").split()
        if cls not in classes:
            continue
        title = g.find(f"{SVG}title")
        paths = [p for tag in ("path", "polygon", "ellipse") for p in g.iter(f"{SVG}{tag}")]
        out[g.get("id")] = {
            "class": classes,
            "title": title.text if title is not None else None,
            "texts": [t.text or "" for t in g.iter(f"{SVG}text")],
            "stroke": {p.get("stroke") for p in paths},
            "width": {p.get("stroke-width") for p in paths},
            "tooltips": [a.get("{http://www.w3.org/1999/xlink}title") for a in g.iter(f"{SVG}a")],
        }
    return out


def svg_name(text: str) -> str:
    """An SVG id as the name it was made from: ``&amp;`` is ``&``, ``&#N;`` the character N."""
    return re.sub(r"&(amp|#\d+);", lambda m: "&" if m[1] == "amp" else chr(int(m[1][1:])), text)


def edge_id(u: str, v: str, k: int) -> str:
    return f"e:{u}->{v}:{k}"


# --- path_of_call ------------------------------------------------------------------------------


def test_path_of_call_follows_keys_typeahead_and_timeouts(demo: Path) -> None:
    hotline = ivr.load(demo)
    g = ivr.compile(hotline)
    path = path_of_call(g, ivr.simulate(hotline, "0890", "2 0", {"network": "mts"}))
    assert path == [
        ("demo#0890", "demo/news", 0),
        ("demo/news", "demo/main", 0),
        ("demo/main", "demo/services", 0),
        ("demo/services", "demo/human", 0),
    ]
    silent = path_of_call(g, ivr.simulate(hotline, "0890", "", {"network": "mts"}))
    kinds = [g.edges[e]["kind"] for e in silent]
    assert kinds == ["entry", "next", "timeout", "timeout", "retry"]
    assert silent[-1][1] == "demo/bye"
    wrong = path_of_call(g, ivr.simulate(hotline, "0890", "7 7 7", {"network": "mts"}))
    assert [g.edges[e]["kind"] for e in wrong] == ["entry", "next", "invalid", "invalid", "retry"]


def test_path_of_call_crosses_branches_and_transfers(folder: Path) -> None:
    hotline = ivr.load(folder)
    g = ivr.compile(hotline)
    call = ivr.simulate(hotline, "0890", "3 1", {"network": "mts"})
    path = path_of_call(g, call)
    assert [g.edges[e]["kind"] for e in path] == [
        "entry", "next", "branch", "option", "transfer", "entry", "option",
    ]  # fmt: skip
    assert path[-1][1] == node_key("other-line", "h")
    # the caller from another network takes the "else" branch, not the first case
    other = path_of_call(g, ivr.simulate(hotline, "+7 800 250-08-90", "2", {"network": "other"}))
    branch = next(e for e in other if g.edges[e]["kind"] == "branch")
    assert g.edges[branch].get("otherwise") is True
    not_served = ivr.simulate(hotline, "0890", "", {"network": "other"})
    assert not_served.outcome == "not-served" and path_of_call(g, not_served) == []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), hotline=hotlines())
def test_path_of_call_is_a_walk_to_where_the_call_ends(data, hotline) -> None:
    g = ivr.compile(hotline)
    _menu, entry = data.draw(st.sampled_from(hotline.entries()))
    call = ivr.simulate(
        hotline, entry.dial, data.draw(key_sequences()), data.draw(callers(hotline)),
        data.draw(hours()), limit=600.0,
    )  # fmt: skip
    path = path_of_call(g, call)
    if call.outcome == "not-served":
        assert path == []
        return
    assert path and g.nodes[path[0][0]]["kind"] == "entry"
    for (_, v, _), (u2, _, _) in zip(path, path[1:], strict=False):
        assert v == u2
    for u, v, k in path:
        assert g.has_edge(u, v, k)
    assert path[-1][1] == node_key(call.menu, call.node)


# --- DOT and SVG --------------------------------------------------------------------------------


@needs_dot
def test_svg_parses_and_holds_every_node_and_edge(folder: Path) -> None:
    hotline = ivr.load(folder)
    g = ivr.compile(hotline)
    root = svg_tree(render(hotline, "svg"))
    nodes = groups(root, "node")
    titles = {n["title"] for n in nodes.values()}
    assert set(g.nodes) <= titles
    assert {f"n:{name}" for name in g.nodes} <= set(nodes)
    edges = groups(root, "edge")
    assert {edge_id(u, v, k) for u, v, k in g.edges(keys=True)} == set(edges)
    # shapes and classes follow the node type; the prompt's whole text is in its tooltip
    hello = nodes[f"n:{node_key('main-line', 'hello')}"]
    assert "ivr-prompt" in hello["class"]
    assert any(tip and "Здравствуйте" in tip and "<b>bold</b>" in tip for tip in hello["tooltips"])
    assert "Free from any phone" in " ".join(
        nodes[f"n:{entry_key('main-line', '+78002500890')}"]["texts"]
    )
    timeout = edges[edge_id("main-line/main", "main-line/main", 1)]
    assert "ivr-timeout" in timeout["class"] and "timeout 5 s" in timeout["texts"]
    # a legend and one cluster per menu file
    assert any("ivr-legend" in n["class"] for n in nodes.values())
    clusters = [g_ for g_ in root.iter(f"{SVG}g") if g_.get("class") == "cluster"]
    labels = [" ".join(t.text or "" for t in c.iter(f"{SVG}text")) for c in clusters]
    assert any("a-main.yaml" in x for x in labels) and any("b-other.yaml" in x for x in labels)


@needs_dot
def test_highlighted_route_is_marked_and_numbered(folder: Path) -> None:
    hotline = ivr.load(folder)
    g = ivr.compile(hotline)
    route = path_of_call(g, ivr.simulate(hotline, "0890", "3 1", {"network": "mts"}))
    root = svg_tree(render(g, "svg", route))
    edges = groups(root, "edge")
    for step, (u, v, k) in enumerate(route, 1):
        e = edges[edge_id(u, v, k)]
        assert "ivr-route" in e["class"]
        assert e["stroke"] == {ROUTE_COLOUR}
        assert e["width"] == {"3.2"}
        assert f"{step}." in e["texts"]
    key3 = edges[edge_id("main-line/main", "main-line/other", 0)]
    assert "key 3" in " ".join(key3["texts"])
    others = [e for i, e in edges.items() if i not in {edge_id(*r) for r in route}]
    assert others and all("ivr-route" not in e["class"] for e in others)
    assert all(ROUTE_COLOUR not in e["stroke"] for e in others)
    nodes = groups(root, "node")
    assert ROUTE_COLOUR in nodes[f"n:{node_key('other-line', 'h')}"]["stroke"]
    assert ROUTE_COLOUR not in nodes[f"n:{node_key('main-line', 'human')}"]["stroke"]


def test_highlight_rejects_an_edge_not_in_the_graph(demo: Path) -> None:
    with pytest.raises(ValueError, match="not in the graph"):
        to_dot(ivr.load(demo), [("demo/main", "demo/human", 0)])


@needs_dot
@pytest.mark.parametrize(
    "say",
    [
        'He said "press <1>" & left',
        "a trailing backslash \\",
        "\\N \\G \\l \\n escString sequences",
        "<<b>html</b>>",
        ']; node [shape=none]; x -> y [label="',
        "line one\nline two\ttab",
        "Нажмите «1» — {скобки} [и] (ещё)",
    ],
)
def test_dot_labels_are_escaped(tmp_path: Path, say: str) -> None:
    text = DEMO.replace('say: "News of the day"', f"say: {json.dumps(say)}")
    menu = ivr.load_menu_text(text, "demo.yaml")
    source = to_dot(menu)
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr.strip(), done.stderr.decode()
    root = svg_tree(done.stdout)
    news = groups(root, "node")["n:demo/news"]
    loaded = " ".join(menu.node("news").say.split())
    # the label shows the prompt as it is: no \N turned into the node's name, no HTML
    assert " ".join(" ".join(news["texts"][1:]).split()) == loaded
    # and the tooltip holds all of it (a backslash drawn as its look-alike, see dot_tooltip)
    tip = " ".join(next(t for t in news["tooltips"] if t).split())
    assert loaded.replace("\\", esc.BACKSLASH_IN_TOOLTIP) in tip
    assert {edge_id(u, v, k) for u, v, k in ivr.compile(menu).edges(keys=True)} == set(
        groups(root, "edge")
    )


@needs_dot
def test_png_and_pdf_come_from_dot(demo: Path) -> None:
    assert render(ivr.load(demo), "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert render(ivr.load(demo), "pdf")[:5] == b"%PDF-"


@needs_dot
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hotline=hotlines())
def test_dot_of_random_menus_parses(hotline) -> None:
    done = subprocess.run(
        ["dot", "-Tcanon"], input=to_dot(hotline).encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()


# Text that needs every kind of escaping, for the fast paths of to_dot (the usual nodes are
# written without _node_text, a name or prompt without a special character as it is)
_TRICKY = st.lists(
    st.sampled_from([
        "a", "b", " ", "  ", "\t", "\n", "\x00", "\x7f", "\xa0", "\u2028", '"', "\\", "<", ">", "&",
        "&amp;", "\\N", "Ж", "«", "—", "…", "😀", "x" * 30, ",", "-",
    ]),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    ids=st.lists(st.one_of(st.just("main"), _TRICKY.filter(bool)), min_size=2, max_size=6,
                 unique=True),
    menu_id=st.sampled_from(["m", 'm<&>"x\\', "меню"]),
)  # fmt: skip
def test_dot_nodes_say_what_node_text_says(data, ids, menu_id) -> None:
    nodes = []
    for i, nid in enumerate(ids):
        nxt = ids[(i + 1) % len(ids)]
        kind = data.draw(st.sampled_from(["menu", "prompt", "hangup", "branch", "agent",
                                          "callback"]))  # fmt: skip
        say = data.draw(_TRICKY)
        if kind == "menu":
            node = Node(nid, kind, say=say, barge_in=data.draw(st.booleans()),
                        options=(("1", nxt),), timeout=Timeout(5.0, nxt))  # fmt: skip
        elif kind in ("agent", "callback"):
            wait = data.draw(st.sampled_from([None, 30.0, 95.0, 45.5]))
            node = Node(nid, kind, say=say, queue=data.draw(_TRICKY),
                        wait=None if wait is None else Wait(wait))  # fmt: skip
        else:
            node = Node(nid, kind, say=say, next=nxt if kind == "prompt" else None)
        nodes.append(node)
    menu = Menu(id=menu_id, title="t", file="f.yaml", nodes=tuple(nodes),
                entries=(Entry("e", "0100", ids[0], title=data.draw(_TRICKY)),))  # fmt: skip
    g = ivr.compile(menu)
    source = to_dot(g)
    for name, node_data in g.nodes(data=True):
        head, detail, tip = node_text(node_data)
        label = f"<b>{esc.html_line(head)}</b>"
        shown = esc.html("\n".join(detail)).replace("\n", "<br/>")
        if shown:  # (a prompt of blanks only adds no empty line)
            label += f'<br/><font point-size="9">{shown}</font>'
        quoted = f'"{esc.dot_name(name)}"'
        assert f"\t\t{quoted} [label=<{label}> tooltip={esc.dot_tooltip(tip)} id=" in source
    for u, v, k, d in g.edges(keys=True, data=True):  # the tooltip: kind, text, seconds
        text = edge_text(g, u, d)
        tip = (
            d["kind"]
            + (f" {text}" if text else "")
            + (f" ({d['seconds']:g} s)" if d["seconds"] else "")
        )
        qu, qv = esc.dot_name(u), esc.dot_name(v)
        assert f'[id="e:{qu}->{qv}:{k}" tooltip={esc.dot_tooltip(tip)} label=' in source
    if HAS_DOT:  # and Graphviz reads it without a word, into SVG that parses
        done = subprocess.run(
            ["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=False
        )
        assert done.returncode == 0 and not done.stderr.strip(), done.stderr.decode()
        drawn = groups(svg_tree(done.stdout), "node")  # one per graph node, and the legend
        ids = [svg_name(i) for i, n in drawn.items() if "ivr-legend" not in n["class"]]
        assert sorted(ids) == sorted(f"n:{name}" for name in g)


@needs_dot
def test_distinct_node_names_stay_distinct_graphviz_nodes() -> None:
    # Graphviz passes entities through to SVG, turns a second space into a no-break space and
    # has no room for control characters: each of these pairs once made one SVG node
    ids = ["a&", "a&amp;", "t<", "t&lt;", "a\tb", "a b", "a  b", "a \xa0b", "a\x00b", "a\x01b"]
    # and edge ids: e:m/a->m/b -> m/c and e:m/a -> m/b->m/c read alike but for the escape
    ids += ["a->m/b", "c", "a", "b->m/c"]
    nodes = [
        Node(nid, "prompt", say="hi", next=ids[(i + 1) % len(ids)]) for i, nid in enumerate(ids)
    ]
    menu = Menu(id="m", title="t", file="f.yaml", nodes=tuple(nodes),
                entries=(Entry("e", "0100", ids[0]),))  # fmt: skip
    g = ivr.compile(menu)
    source = to_dot(g)
    laid_out = subprocess.run(["dot", "-Tjson"], input=source.encode(), capture_output=True,
                              check=True).stdout  # fmt: skip
    names = [o["name"] for o in json.loads(laid_out)["objects"] if o["name"].startswith("m/")]
    assert len(set(names)) == len(ids)
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
    drawn = groups(svg_tree(done.stdout), "node")  # (a dict by id: equal ids would be one)
    assert len(drawn) == g.number_of_nodes() + 1  # and the legend
    assert {svg_name(i) for i in drawn} >= {f"n:m/{nid}" for nid in ids}
    edges = groups(svg_tree(done.stdout), "edge")
    assert len(edges) == g.number_of_edges()
    assert {svg_name(i) for i in edges} == {f"e:{u}->{v}:{k}" for u, v, k in g.edges(keys=True)}


# --- Mermaid ------------------------------------------------------------------------------------

NODE_LINE = re.compile(
    r'^    n\d+(\[/|\[\[|\(\[|\(\(|\{\{|\[|\(|\{)"[^"]*"(/\]|\]\]|\]\)|\)\)|\}\}|\]|\)|\}):::\w+$'
)
EDGE_LINE = re.compile(r'^  n\d+ (-->|-\.->|==>)(\|"[^"]*"\|)? n\d+$')


def test_mermaid_has_one_line_per_node_and_edge_and_escapes(folder: Path) -> None:
    hotline = ivr.load(folder)
    g = ivr.compile(hotline)
    text = to_mermaid(hotline)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    node_lines = [x for x in lines if NODE_LINE.match(x)]
    edge_lines = [x for x in lines if EDGE_LINE.match(x)]
    assert len(node_lines) == g.number_of_nodes()
    assert len(edge_lines) == g.number_of_edges()
    other = [x for x in lines[1:] if x not in node_lines and x not in edge_lines]
    assert all(re.match(r"^  (subgraph c\d+\[\"[^\"]*\"\]|end|classDef \w+ .*|linkStyle .*)$", x)
               for x in other), other  # fmt: skip
    hello = next(x for x in node_lines if "Здравствуйте" in x)  # Cyrillic kept as it is
    assert "#quot;МТС#quot;" in hello and "#lt;b#gt;bold#lt;/b#gt;" in hello
    assert "[1] {x}<br>(y)" in hello  # brackets are safe inside a "..." label
    assert "#amp;" in hello and "#92;" in hello and "#96;tick#96;" in hello and "#35;" in hello
    assert esc.mermaid_escape(NASTY).endswith("#35;35; end#92;")
    assert '  subgraph c0["Main line #quot;Оператор#quot; #lt;test#gt; [x] · a-main.yaml"]' in lines


def test_mermaid_marks_the_route(folder: Path) -> None:
    hotline = ivr.load(folder)
    g = ivr.compile(hotline)
    route = path_of_call(g, ivr.simulate(hotline, "0890", "2 0", {"network": "mts"}))
    lines = to_mermaid(g, route).splitlines()
    thick = [x for x in lines if "==>" in x]
    assert len(thick) == len(route)
    assert any('"4. key 2"' in x for x in thick)
    assert any(x.startswith("  linkStyle") and "stroke-width:3px" in x for x in lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hotline=hotlines())
def test_mermaid_of_random_menus_is_line_per_item(hotline) -> None:
    g = ivr.compile(hotline)
    lines = to_mermaid(hotline).splitlines()
    assert sum(1 for x in lines if NODE_LINE.match(x)) == g.number_of_nodes()
    assert sum(1 for x in lines if EDGE_LINE.match(x)) == g.number_of_edges()


# --- CLI ------------------------------------------------------------------------------------------


def test_cli_dot_and_mermaid_to_stdout(demo: Path, capsysbinary) -> None:
    assert main(["render", str(demo), "--format", "dot"]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith("digraph ivr {") and '"demo/main"' in out
    assert main(["render", str(demo), "--format", "mermaid"]) == 0
    assert capsysbinary.readouterr().out.decode().startswith("flowchart LR\n")


@needs_dot
def test_cli_dial_keys_writes_svg_atomically(demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out" / "demo.svg"
    out.parent.mkdir()
    code = main(["render", str(demo), "-o", str(out), "--dial", "0890", "--keys", "2 0",
                 "--caller", "network=mts"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert os.listdir(out.parent) == ["demo.svg"]  # no temporary file left behind
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()
    edges = groups(svg_tree(out.read_bytes()), "edge")
    assert "ivr-route" in edges[edge_id("demo/services", "demo/human", 0)]["class"]
    assert "ivr-route" not in edges[edge_id("demo/services", "demo/human", 1)]["class"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@needs_dot
def test_cli_format_from_suffix_and_binary_refused_on_a_terminal(
    demo: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    png = tmp_path / "demo.png"
    assert main(["render", str(demo), "-o", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert main(["render", str(demo), "--format", "png"]) == 2
    assert "binary" in capsys.readouterr().err


def test_cli_usage_errors(demo: Path, tmp_path: Path, capsys) -> None:
    assert main(["render", str(demo), "-o", str(tmp_path / "x.txt")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["render", str(demo), "--format", "dot", "--keys", "2"]) == 2
    assert "--keys needs --dial" in capsys.readouterr().err
    assert main(["render", str(demo), "--format", "dot", "--dial", "0999"]) == 2
    assert "no entry" in capsys.readouterr().err
    assert main(["render", str(demo), "--format", "dot", "--caller", "network=mtss"]) == 2
    assert "did you mean" in capsys.readouterr().err
    assert main(["render", str(demo), "--route", "best", "--dial", "0890"]) == 2
    capsys.readouterr()
    assert main(["render", str(demo), "--format", "dot", "-o", str(tmp_path / "no" / "x.dot")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_missing_graphviz_exits_2_and_dot_still_works(
    demo: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None
    for fmt in ("svg", "png", "pdf"):
        out = tmp_path / f"demo.{fmt}"
        assert main(["render", str(demo), "--format", fmt, "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert "Graphviz" in err and "apt-get install graphviz" in err and "brew install" in err
        assert not out.exists()
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        render(ivr.load(demo), "svg")
    dot_file = tmp_path / "demo.dot"
    assert main(["render", str(demo), "-o", str(dot_file)]) == 0
    assert dot_file.read_text(encoding="utf-8").startswith("digraph ivr {")
    assert main(["render", str(demo), "--format", "mermaid"]) == 0
    assert "flowchart LR" in capsys.readouterr().out


def test_route_best_without_a_route_to_a_human_exits_1(tmp_path: Path, capsys) -> None:
    menu = tmp_path / "bye.yaml"
    menu.write_text(
        'ivr: 1\nentries: [{dial: "0890", start: bye}]\nnodes: {bye: {type: hangup}}\n',
        encoding="utf-8",
    )
    assert main(["render", str(menu), "--format", "dot", "--route", "best"]) == 1  # a finding
    assert "no route reaches a human for this caller" in capsys.readouterr().err


def test_route_best_lights_up_the_best_route(demo: Path, capsysbinary) -> None:
    code = main(["render", str(demo), "--format", "dot", "--route", "best",
                 "--caller", "network=mts"])  # fmt: skip
    assert code == 0
    out = capsysbinary.readouterr().out.decode()
    route = [line for line in out.splitlines() if "ivr-route" in line]
    assert route and any('"demo/services" -> "demo/human"' in line for line in route)


def test_route_edges_of_a_route_object_without_edges(demo: Path) -> None:
    class Route:  # what a route may look like: the number it dials and its keys
        dial = "0890"
        keys = ("2", "0")

    hotline = ivr.load(demo)
    g = ivr.compile(hotline)
    edges = route_edges(Route(), hotline, g, caller={"network": "mts"})
    assert edges[-1] == ("demo/services", "demo/human", 0)


def test_render_offers_exactly_the_formats_the_library_draws():
    # the CLI keeps its own list so that `ivr --help` does not import the renderer
    from ivr.cli.cmd_render import FORMATS as CHOICES
    from ivr.diagram import FORMATS

    assert set(CHOICES) == set(FORMATS)

"""Diagrams of a hotline: Graphviz DOT, SVG/PNG/PDF through the ``dot`` program, Mermaid.

A diagram has one cluster per menu file, entries drawn as the numbers a caller dials, a shape
and a colour for each node type, edges labelled by key (timeouts dashed, invalid input dotted,
branches labelled by their condition) and a legend. A *highlight* is a list of graph edges
``(u, v, key)`` (``key`` the networkx edge key): the route is drawn bold and coloured, its steps
numbered. :func:`path_of_call` turns a simulated :class:`~ivr.simulate.Call` into such a list.

>>> from ivr.io.yaml.reader import load_menu_text
>>> from ivr.sim.run import simulate
>>> menu = load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main: {type: menu, say: "Operator - 0", duration: 4, options: {"0": human}}
...   human: {type: agent}
... ''')
>>> from ivr.graph.build import compile
>>> path_of_call(compile(menu), simulate(menu, "0890", "0"))
[('demo#0890', 'demo/main', 0), ('demo/main', 'demo/human', 0)]
>>> print(to_mermaid(menu).splitlines()[0])
flowchart LR

The ``graphviz`` package and networkx are imported inside the functions that need them: the
command line starts fast.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ivr.errors import INSTALL_HINT as INSTALL_HINT  # re-exported: their old home
from ivr.errors import GraphvizMissing as GraphvizMissing
from ivr.errors import InputError
from ivr.errors import RenderError as RenderError
from ivr.errors import RoutesUnavailable as RoutesUnavailable
from ivr.graph.build import compile as compile_graph
from ivr.model.types import Hotline, Menu
from ivr.sim.path import path_of_call as path_of_call  # the edges a call took

if TYPE_CHECKING:
    import networkx as nx


FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
PROGRAM_FORMATS = ("svg", "png", "pdf")
BINARY_FORMATS = ("png", "pdf")
SUFFIX_FORMATS = {
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}

EdgeRef = tuple[str, str, int]
"""One edge of the compiled graph: (tail, head, networkx edge key)."""

# --- looks -------------------------------------------------------------------------------------

FONT = "Helvetica,Arial,DejaVu Sans,sans-serif"
ROUTE_COLOUR = "#e11d48"

# type: (shape, style, fill, border, legend text)
NODE_STYLES: dict[str, tuple[str, str, str, str, str]] = {
    "entry": ("cds", "filled", "#ffedd5", "#c2410c", "number to dial"),
    "menu": ("box", "rounded,filled", "#dbeafe", "#1d4ed8", "menu: press a key"),
    "prompt": ("note", "filled", "#f3f4f6", "#6b7280", "prompt: plays, then goes on"),
    "branch": ("diamond", "filled", "#ede9fe", "#6d28d9", "branch on caller or hour"),
    "agent": ("doubleoctagon", "filled", "#bbf7d0", "#15803d", "agent: a human answers"),
    "callback": ("box3d", "filled", "#d9f99d", "#4d7c0f", "callback: a human calls back"),
    "transfer": ("rarrow", "filled", "#fef3c7", "#b45309", "transfer to another menu"),
    "hangup": ("octagon", "filled", "#fecaca", "#b91c1c", "hangup"),
}
# kind: (style, colour, legend text)
EDGE_STYLES: dict[str, tuple[str, str, str]] = {
    "entry": ("bold", "#c2410c", "the call starts (caller condition)"),
    "option": ("solid", "#1f2937", "key pressed (label: the key)"),
    "next": ("solid", "#9ca3af", "prompt ends, call goes on"),
    "timeout": ("dashed", "#4b5563", "timeout: caller stays silent"),
    "invalid": ("dotted", "#b91c1c", "invalid key"),
    "retry": ("dotted", "#7f1d1d", "too many failed attempts"),
    "branch": ("solid", "#6d28d9", "branch (label: the condition)"),
    "transfer": ("bold", "#b45309", "transfer"),
}
LABEL_WIDTH = 28  # characters per line of a node label
LABEL_CHARS = 75  # text shown in a node label; the tooltip holds all of it

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_CONTROL_KEEP_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
# a character that dot_string, dot_tooltip or _html changes: a text without one is written as it is
_SPECIAL = re.compile(r'["&<>\\\x00-\x1f\x7f]')
BACKSLASH_IN_TOOLTIP = "\u29f5"  # ⧵ (reverse solidus operator): see dot_tooltip
# Mermaid entity codes (#name; / #number;) inside "..." labels: nothing can end the label early
_MERMAID = str.maketrans(
    {
        '"': "#quot;",
        "#": "#35;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "|": "#124;",
        "`": "#96;",
        "\\": "#92;",
    }
)


def _clean(text: str) -> str:
    """One line of plain text: control characters and runs of white space become one space."""
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def shorten(text: str, width: int = LABEL_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters.

    >>> shorten("Balance - 1, services - 2, operator - 0", 20)
    'Balance - 1…'
    """
    text = _clean(text)
    return text if len(text) <= width else _cut(text, width)


def _cut(text: str, width: int) -> str:
    """A clean ``text`` longer than ``width`` cut as :func:`shorten` cuts it."""
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-—") + "…"


def wrap(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """Greedy word wrap (``textwrap`` is slow on 100,000 labels); long words stay whole.

    >>> wrap("Balance - 1, services - 2", 12)
    ['Balance - 1,', 'services - 2']
    """
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = text.find(" ", width)
            if cut < 0:
                break
        lines.append(text[:cut])
        text = text[cut + 1 :]
    if text:
        lines.append(text)
    return lines


_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\\", "\\\\"))
_TIP_ESCAPES = (("&", "&amp;"), ("\\", BACKSLASH_IN_TOOLTIP), ('"', '\\"'))


def _escape(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    """Each replacement in order, made only where its character occurs: an ``in`` test is much
    cheaper than a ``replace()`` that finds nothing in non-ASCII text."""
    for old, new in replacements:
        if old in text:
            text = text.replace(old, new)
    return text


def _html(text: str) -> str:
    """Text for a Graphviz HTML-like label: entities for ``& < > "``, ``\\`` for a backslash.

    (Graphviz reads ``\\N``, ``\\G`` … in labels as the node's or graph's name; a doubled
    backslash is one literal backslash.)
    """
    if not text.isprintable():
        text = _CONTROL_KEEP_NEWLINE.sub(" ", text)
    return _escape(text, _HTML_ESCAPES)


def _html_line(text: str) -> str:
    """:func:`_html` for a label's one-line text (a name, a title): a newline is a space, and
    the text is never empty (Graphviz rejects ``<b></b>``, or a bare newline, as a syntax error).

    >>> _html_line("a\\nb <c>"), _html_line("")
    ('a b &lt;c&gt;', ' ')
    """
    return _html(text).replace("\n", " ") or " "


def mermaid_escape(text: str) -> str:
    """Text made safe inside a Mermaid ``"..."`` label: entity codes for ``" # < > & | ` \\``.

    >>> mermaid_escape('Press "1" <now> [ok]')
    'Press #quot;1#quot; #lt;now#gt; [ok]'
    """
    return _clean(text).translate(_MERMAID)


# --- what a node and an edge say ---------------------------------------------------------------


_KEYS_LATER = "(keys only after the prompt)"  # a menu without barge-in


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:g} s"


def _node_text(data: dict) -> tuple[str, list[str], str]:
    """(title, detail lines, tooltip) of a graph node."""
    if data["kind"] == "entry":
        e = data["entry"]
        lines = [shorten(e.title, 40)] if e.title else []
        if e.when:
            lines.append(shorten(e.when.describe(), 40))
        if not e.cost.free:
            lines.append(shorten(e.cost.describe(), 40))
        tip = [f"dial {e.dial}", e.title, f"when {e.when.describe()}", e.cost.describe()]
        return e.dial, lines, "\n".join(t for t in tip if t)
    n = data["node"]
    say = n.say or ""
    lines = wrap(shorten(say)) if say else []
    kind = n.type
    if kind in ("agent", "callback"):
        extra = [n.queue] if n.queue else []
        if n.wait is not None:
            extra.append(f"wait ~{_minutes(n.wait.mean)}")
        if extra:
            lines.append(", ".join(extra))
    elif kind == "transfer" and n.to is not None:
        lines.append(f"to {n.to.file} {n.to.entry}")
    elif kind == "menu" and not n.barge_in:
        lines.append(_KEYS_LATER)
    tip = f"{n.id} ({kind})" + (f": {say}" if say else "")
    if data.get("line"):
        tip += f"\n{data['file']}:{data['line']}"
    return n.id, lines, tip


_FIXED_TEXT = {"next": "", "invalid": "invalid", "entry": "", "transfer": "transfer"}


def _edge_text(g: nx.MultiDiGraph, u: str, d: dict) -> str:
    kind = d["kind"]
    if kind == "option":
        return str(d["key"])
    if kind == "timeout":
        node = g.nodes[u].get("node")
        after = node.timeout.after if node is not None and node.timeout else None
        return f"timeout {after:g} s" if after is not None else "timeout"
    if kind == "invalid":
        return "invalid"
    if kind == "retry":
        return f"{d.get('after', '?')} failures"
    if kind == "branch":
        return (
            "else" if d.get("otherwise") else (d["condition"].describe() if d["condition"] else "")
        )
    if kind == "entry":  # the entry node shows its condition already
        return ""
    if kind == "transfer":
        return "transfer"
    return ""


# --- graph, groups, highlight ------------------------------------------------------------------


def as_graph(graph_or_hotline: Any) -> nx.MultiDiGraph:
    """A compiled graph from a graph, a :class:`Hotline` or a :class:`Menu`."""
    if isinstance(graph_or_hotline, (Hotline, Menu)):
        return compile_graph(graph_or_hotline)
    return graph_or_hotline


def _groups(g: nx.MultiDiGraph) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(menu id, cluster title, [(node name, data)]) per menu, in the hotline's file order."""
    by_menu: dict[str, list[tuple[str, dict]]] = {}
    menu: object = None  # no menu yet: the first node starts a list
    members: list[tuple[str, dict]] = []
    for item in g.nodes(data=True):  # a menu's nodes come one after another: one test each
        mid = item[1].get("menu", "")
        if mid != menu:
            menu = mid
            members = by_menu.setdefault(mid, [])
        members.append(item)
    hotline = g.graph.get("hotline")
    titles: dict[str, str] = {}
    order: list[str] = []
    if isinstance(hotline, Hotline):
        for m in hotline.menus:
            base = os.path.basename(m.file) if m.file else ""
            titles[m.id] = m.title or m.id
            if base and base != m.title:
                titles[m.id] += f" · {base}"
            order.append(m.id)
    order += [mid for mid in by_menu if mid not in titles]
    return [(mid, titles.get(mid, mid), by_menu[mid]) for mid in order if mid in by_menu]


def _steps(g: nx.MultiDiGraph, highlight: Iterable[Sequence] | None) -> dict[EdgeRef, list[int]]:
    """Edge -> the step numbers (1-based) at which the route takes it; ValueError if not there."""
    steps: dict[EdgeRef, list[int]] = {}
    for i, edge in enumerate(highlight or (), 1):
        u, v = edge[0], edge[1]
        if len(edge) > 2:
            k = edge[2]
            if not g.has_edge(u, v, k):
                raise ValueError(f"the route's edge {u} -> {v} (key {k}) is not in the graph")
        else:
            keys = list(g[u][v]) if g.has_edge(u, v) else []
            if not keys:
                raise ValueError(f"the route's edge {u} -> {v} is not in the graph")
            k = keys[0]
        steps.setdefault((u, v, k), []).append(i)
    return steps


def _route_nodes(steps: dict[EdgeRef, list[int]]) -> set[str]:
    return {n for u, v, _ in steps for n in (u, v)}


def _route_text(kind: str, text: str) -> str:
    return f"key {text}" if kind == "option" else text


def _step_text(numbers: list[int]) -> str:
    return ",".join(str(i) for i in numbers)


# --- DOT ---------------------------------------------------------------------------------------


def to_dot(
    graph_or_hotline: Any,
    highlight: Iterable[Sequence] | None = None,
    *,
    legend: bool = True,
    title: str | None = None,
) -> str:
    """DOT text of a hotline, a menu or a compiled graph, built with the ``graphviz`` package.

    ``highlight`` is a list of edges ``(u, v, key)``: drawn bold in a colour of their own, each
    labelled with its step number(s). Every label is escaped: a prompt cannot break the file.
    SVG made from it carries ``id`` ``n:<node>`` / ``e:<u>-><v>:<key>`` and ``class``
    ``ivr-node ivr-<type>`` / ``ivr-edge ivr-<kind>`` (plus ``ivr-route`` on the route). A
    node's label shows its prompt shortened, its tooltip the whole prompt; an edge's tooltip
    says its kind, text and seconds (its ``<title>`` in SVG names its ends).
    """
    import graphviz  # noqa: PLC0415  (lazy: the CLI starts fast)

    g = as_graph(graph_or_hotline)
    steps = _steps(g, highlight)
    on_route = _route_nodes(steps)
    heading = title if title is not None else _heading(g.graph.get("hotline"))
    dot = graphviz.Digraph(
        "ivr",
        graph_attr={
            "rankdir": "LR",
            "fontname": FONT,
            "fontsize": "16",
            "labelloc": "t",
            "label": f"<{_html_line(heading)}>" if heading else "",
            "nodesep": "0.25",
            "ranksep": "0.5",
            "newrank": "true",
            "bgcolor": "white",
            "pad": "0.3",
        },
        node_attr={"fontname": FONT, "fontsize": "11", "penwidth": "1.2", "margin": "0.12,0.06"},
        edge_attr={"fontname": FONT, "fontsize": "10", "arrowsize": "0.7"},
    )
    if legend:
        _legend(dot, bool(steps))
    collecting = gc.isenabled()
    gc.disable()  # a list of strings holds no cycles: no collection passes over the big graph
    try:
        source = dot.source  # the Digraph's own text: head, attributes, legend
        cut = source.rindex("}")
        body: list[str] = [source[:cut]]
        escaped = _dot_nodes(body, g, on_route)
        body.extend(_dot_edges(g, steps, escaped))
        body.append(source[cut:])
        return "".join(body)
    finally:
        if collecting:
            gc.enable()


# node types whose label and tooltip _dot_nodes writes itself (what _node_text says of them)
_PLAIN_TYPES = frozenset(("menu", "prompt", "hangup", "branch", "agent", "callback"))


def _label_text(say: str) -> str:
    """A prompt as a node label shows it: :func:`shorten`, :func:`wrap`, :func:`_html`, the
    lines joined by ``<br/>``; "" when nothing printable is left.

    >>> _label_text('Press "1" for the <balance> & more, or stay on the line')
    'Press &quot;1&quot; for the &lt;balance&gt;<br/>&amp; more, or stay on the line'
    """
    if not say.isprintable():
        say = _clean(say)
    elif "  " in say or say[0] == " " or say[-1] == " ":  # printable: a space is the only blank
        say = " ".join(say.split())
    if len(say) > LABEL_WIDTH:
        if len(say) > LABEL_CHARS:
            say = _cut(say, LABEL_CHARS)
        say = "\n".join(wrap(say))
    say = _escape(say, _HTML_ESCAPES)  # no control character is left: _html without its check
    if "\n" in say:
        say = say.replace("\n", "<br/>")
    return say


def _dot_nodes(body: list[str], g: nx.MultiDiGraph, on_route: set[str]) -> dict[str, str]:
    """A cluster of node statements per menu, appended to ``body``.

    The usual nodes are written here (what :func:`_node_text` says of them, escaped); entries,
    transfers and others go through :func:`_node_text`. A name or an id without a character to
    escape (most) is written as it is. Returns the names that needed escaping: name -> what
    is written inside its DOT quotes.
    """
    special = _SPECIAL.search
    escaped: dict[str, str] = {}
    node_look = {
        t: f' shape={shape} style="{style}" fillcolor="{fill}" color="{border}"'
        f' class="ivr-node ivr-{t}"' + (' margin="0.3,0.1"' if shape == "cds" else "")
        for t, (shape, style, fill, border, _) in NODE_STYLES.items()
    }
    route_node = f' color="{ROUTE_COLOUR}" penwidth=3'
    queues: dict[str, str] = {}  # an agent's queue -> its label text, escaped
    waits: dict[float, str] = {}  # a mean wait -> its label text
    plain = _PLAIN_TYPES
    for i, (_mid, cluster_title, members) in enumerate(_groups(g)):
        # the cluster's lines go straight into the body: Digraph.subgraph() would copy each one
        body.append(
            f"\tsubgraph cluster_{i} {{\n\t\tlabel=<{_html_line(cluster_title)}>"
            ' style="rounded,filled"'
            ' fillcolor="#f9fafb" color="#d1d5db" fontsize=14 margin=12\n'
        )
        add = body.append
        for name, data in members:
            if special(name) is None:
                quoted = name
            else:
                quoted = escaped[name] = dot_string(name)[1:-1]
            node = data.get("node")
            if node is not None and node.type in plain:
                kind = node.type
                head = node.id
                if head.isalnum() or (head and special(head) is None):
                    tip = head
                else:
                    tip = _tip(head)
                    head = _html_line(head)
                say = node.say
                if say:
                    shown = _label_text(say)
                    tip = f"{tip} ({kind}): {_tip(say)}"
                else:
                    shown = ""
                    tip = f"{tip} ({kind})"
                if kind == "menu":
                    if not node.barge_in:
                        shown = f"{shown}<br/>{_KEYS_LATER}" if shown else _KEYS_LATER
                elif kind == "agent" or kind == "callback":  # "queue, wait ~N min"
                    extra = node.queue
                    if extra:
                        extra = queues.get(extra) or queues.setdefault(
                            extra, _html(extra).replace("\n", "<br/>")
                        )
                    if node.wait is not None:
                        mean = node.wait.mean
                        wait = waits.get(mean)
                        if wait is None:
                            wait = waits[mean] = f"wait ~{_minutes(mean)}"
                        extra = f"{extra}, {wait}" if extra else wait
                    if extra:
                        shown = f"{shown}<br/>{extra}" if shown else extra
                line = data.get("line")
                if line:
                    tip += "\\n" + _tip(f"{data['file']}:{line}")
            else:
                if node is not None or data.get("kind") == "entry":
                    head, detail, tip = _node_text(data)
                else:  # a bare node (not made by ivr.compile): its name
                    head, detail, tip = str(name), [], str(name)
                head = _html_line(head)
                shown = _html("\n".join(detail)).replace("\n", "<br/>")  # lines hold no newline
                tip = _tip(tip)
            look = node_look.get(data.get("type"), "")
            if on_route and name in on_route:
                look += route_node
            if shown:
                add(
                    f'\t\t"{quoted}" [label=<<b>{head}</b><br/><font point-size="9">{shown}</font>>'
                    f' tooltip="{tip}" id="n:{quoted}"{look}]\n'
                )
            else:
                add(
                    f'\t\t"{quoted}" [label=<<b>{head}</b>>'
                    f' tooltip="{tip}" id="n:{quoted}"{look}]\n'
                )
        body.append("\t}\n")
    return escaped


def _dot_edges(
    g: nx.MultiDiGraph, steps: dict[EdgeRef, list[int]], escaped: dict[str, str]
) -> list[str]:
    """One edge statement per graph edge, route edges bold, coloured and numbered.

    A statement is the edge's own head (its ends, its id) and a tail (tooltip, label, looks)
    shared by every edge of the same kind, text and seconds: the tails are made once. The
    tooltip names no node: Graphviz gives each SVG edge a ``<title>`` of ``tail->head``.
    ``escaped`` is :func:`_dot_nodes`'s: the names that are not written as they are.
    """
    edge_look = {
        kind: f' style={style} color="{colour}" fontcolor="{colour}" class="ivr-edge ivr-{kind}"'
        for kind, (style, colour, _) in EDGE_STYLES.items()
    }
    route_edge = f' color="{ROUTE_COLOUR}" fontcolor="{ROUTE_COLOUR}" penwidth=3.2 arrowsize=1'
    tails: dict[tuple, str] = {}

    def tail(kind: str, text: str, seconds: float, numbers: list[int] | None) -> str:
        tip = f" {_tip(text)}" if text else ""
        if seconds:
            tip += f" ({seconds:g} s)"
        look = edge_look.get(kind, "")
        if numbers is None:
            label = f"<{_html(text)}>" if text else '""'
        else:
            label = f"<<b>{_step_text(numbers)}.</b> {_route_text(kind, _html(text))}>"
            look = look.replace('class="', 'class="ivr-route ') + route_edge + " weight=3"
        return f'{kind}{tip}" label={label}{look}]\n'

    def text_of(kind: str, x: Any) -> str:  # an edge's text from what the loop keeps of it
        if kind == "option":
            return str(x)
        if kind == "timeout":
            return f"timeout {x:g} s" if x is not None else "timeout"
        if kind == "retry":
            return f"{x} failures"
        return fixed.get(kind, x)

    # per edge: (kind, x, seconds) names its tail, x what its text is made of (an option's
    # key, a timeout's seconds, ...): the text itself is made once per tail, in text_of
    fixed = _FIXED_TEXT
    nodes = g.nodes
    unset = object()
    lines: list[str] = []
    add = lines.append
    for u, nbrs in g.adjacency():
        qu = escaped.get(u, u) if escaped else u
        after: Any = unset
        for v, by_key in nbrs.items():
            qv = escaped.get(v, v) if escaped else v
            for k, d in by_key.items():
                kind = d["kind"]
                if kind == "option":
                    x = d["key"]
                elif kind in fixed:
                    x = None
                elif kind == "timeout":
                    if after is unset:
                        node = nodes[u].get("node")
                        after = node.timeout.after if node is not None and node.timeout else None
                    x = after
                elif kind == "retry":
                    x = d.get("after", "?")
                else:
                    x = _edge_text(g, u, d)
                if steps and (u, v, k) in steps:
                    end = tail(kind, text_of(kind, x), d["seconds"], steps[u, v, k])
                else:
                    key = (kind, x, d["seconds"])
                    end = tails.get(key)
                    if end is None:
                        end = tails[key] = tail(kind, text_of(kind, x), d["seconds"], None)
                add(f'\t"{qu}" -> "{qv}" [id="e:{qu}->{qv}:{k}" tooltip="{end}')
    return lines


def dot_string(text: str) -> str:
    r"""Text as a quoted DOT string for a name or a plain label, shown as it is.

    Quotes are escaped and backslashes doubled (so ``\N`` stays two characters, not the node's
    name); control characters become spaces, a newline the escape ``\n``. The ``graphviz``
    package's ``quote(escape(text))`` is close, but four times slower and lets NUL through.

    >>> print(dot_string('say "hi" \\ <b>'))
    "say \"hi\" \\ <b>"
    """
    if not text.isprintable():
        text = _CONTROL_KEEP_NEWLINE.sub(" ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_tooltip(text: str) -> str:
    r"""Text as a quoted DOT string for a ``tooltip``.

    Graphviz (2.43 at least) reads a tooltip's backslashes twice, so no number of them shows
    one reliably: a backslash is drawn as the look-alike ``⧵`` (U+29F5). ``&`` is written
    ``&amp;`` (Graphviz decodes entities in tooltips); newlines stay line breaks.

    >>> print(dot_tooltip('a "b" & c\\d'))
    "a \"b\" &amp; c⧵d"
    """
    return '"' + _tip(text) + '"'


def _tip(text: str) -> str:
    """:func:`dot_tooltip` without the quotes around it."""
    printable = text.isprintable()  # no newline, no control character
    if not printable:
        text = _CONTROL_KEEP_NEWLINE.sub(" ", text)
    text = _escape(text, _TIP_ESCAPES)
    if not printable and "\n" in text:  # last: the escape's own backslash stays one
        text = text.replace("\n", "\\n")
    return text


def _heading(hotline: Any) -> str:
    if isinstance(hotline, Hotline) and hotline.path:
        return os.path.basename(hotline.path.rstrip("/")) or hotline.path
    return ""


def _legend(dot: Any, with_route: bool) -> None:
    """A legend: one table node, node types (colour, shape) beside edge styles."""
    types = [
        f'<td bgcolor="{fill}" border="1" color="{border}"><b>{t}</b></td>'
        f'<td align="left">{_html(text)} ({SHAPE_WORDS.get(shape, shape)})</td>'
        for t, (shape, _style, fill, border, text) in NODE_STYLES.items()
    ]
    edges = [(style, colour, text) for style, colour, text in EDGE_STYLES.values()]
    if with_route:
        edges.append(("bold", ROUTE_COLOUR, "the route, steps numbered"))
    samples = [
        f'<td><font color="{colour}">{_sample(style)}</font></td>'
        f'<td align="left">{_html(text)}</td>'
        for style, colour, text in edges
    ]
    blank = "<td></td><td></td>"
    rows = "".join(
        f"<tr>{types[i] if i < len(types) else blank}<td> </td>"
        f"{samples[i] if i < len(samples) else blank}</tr>"
        for i in range(max(len(types), len(samples)))
    )
    dot.body.append(
        '\tsubgraph cluster_legend {\n\t\tlabel=Legend style=rounded color="#9ca3af" fontsize=12\n'
        '\t\t"legend" [shape=plain class="ivr-legend" tooltip="legend" fontsize=9 label=<<table '
        f'border="0" cellborder="0" cellspacing="2" cellpadding="2">{rows}</table>>]\n\t}}\n'
    )


SHAPE_WORDS = {
    "cds": "tag",
    "box": "box",
    "note": "note",
    "diamond": "diamond",
    "doubleoctagon": "double octagon",
    "box3d": "3-D box",
    "rarrow": "arrow",
    "octagon": "octagon",
}


def _sample(style: str) -> str:
    return {"dashed": "– – –", "dotted": "· · · ·", "bold": "<b>━━━</b>"}.get(style, "———")


# --- Mermaid -----------------------------------------------------------------------------------

MERMAID_SHAPES = {  # type: (open, close) around a "..." label
    "entry": ("[/", "/]"),
    "menu": ("[", "]"),
    "prompt": ("(", ")"),
    "branch": ("{", "}"),
    "agent": ("([", "])"),
    "callback": ("{{", "}}"),
    "transfer": ("[[", "]]"),
    "hangup": ("((", "))"),
}


def to_mermaid(graph_or_hotline: Any, highlight: Iterable[Sequence] | None = None) -> str:
    """A Mermaid ``flowchart LR`` (GitHub renders it in Markdown): one line per node and edge.

    Node ids are ``n0, n1, …``; every label is a ``"..."`` string whose quotes, ``#``, ``<``,
    ``>``, ``&``, ``|`` and backquotes are entity codes (``#quot;`` …), so prompt text in any
    script cannot break the diagram. Route edges are thick (``==>``) and numbered.
    """
    g = as_graph(graph_or_hotline)
    steps = _steps(g, highlight)
    ids: dict[str, str] = {}
    out = ["flowchart LR"]
    for i, (_mid, cluster_title, members) in enumerate(_groups(g)):
        out.append(f'  subgraph c{i}["{mermaid_escape(cluster_title)}"]')
        for name, data in members:
            nid = ids[name] = f"n{len(ids)}"
            head, detail, _tip = _node_text(data)
            text = "<br>".join(mermaid_escape(x) for x in [head, *detail[:3]])
            t = data.get("type", "menu")
            opening, closing = MERMAID_SHAPES.get(t, ("[", "]"))
            out.append(f'    {nid}{opening}"{text}"{closing}:::{t}')
        out.append("  end")
    dashed: list[str] = []
    dotted: list[str] = []
    route: list[str] = []
    for index, (u, v, k, d) in enumerate(g.edges(keys=True, data=True)):
        kind = d["kind"]
        text = mermaid_escape(_edge_text(g, u, d))
        numbers = steps.get((u, v, k))
        if numbers is not None:
            arrow = "==>"
            text = f"{_step_text(numbers)}. {_route_text(kind, text)}".rstrip()
            route.append(str(index))
        elif kind in ("timeout", "invalid", "retry"):
            arrow = "-.->"
            (dashed if kind == "timeout" else dotted).append(str(index))
        else:
            arrow = "-->"
        label = f'|"{text}"|' if text else ""
        out.append(f"  {ids[u]} {arrow}{label} {ids[v]}")
    for t, (_shape, _style, fill, border, _text) in NODE_STYLES.items():
        out.append(f"  classDef {t} fill:{fill},stroke:{border},color:#111")
    if dashed:
        out.append(f"  linkStyle {','.join(dashed)} stroke-dasharray:6 4")
    if dotted:
        out.append(f"  linkStyle {','.join(dotted)} stroke:#b91c1c,stroke-dasharray:2 3")
    if route:
        out.append(f"  linkStyle {','.join(route)} stroke:{ROUTE_COLOUR},stroke-width:3px")
    return "\n".join(out) + "\n"


# --- Graphviz programs -------------------------------------------------------------------------


def dot_program() -> str:
    """The path of Graphviz's ``dot``; :class:`GraphvizMissing` when it is not installed."""
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing("dot")
    return found


def run_dot(source: str, fmt: str = "svg", timeout: float | None = None) -> bytes:
    """Pipe DOT text through ``dot -T<fmt>``; the output as bytes.

    :class:`GraphvizMissing` without Graphviz, :class:`RenderError` when ``dot`` fails.
    """
    if fmt not in PROGRAM_FORMATS:
        raise InputError(f"'{fmt}' is not one of {', '.join(PROGRAM_FORMATS)}")
    program = dot_program()
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:  # removed between which() and run()
        raise GraphvizMissing("dot") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot -T{fmt} failed (exit {done.returncode}): {message}")
    return done.stdout


def render(
    graph_or_hotline: Any,
    format: str = "svg",  # noqa: A002  (the word the CLI uses)
    highlight: Iterable[Sequence] | None = None,
    *,
    legend: bool = True,
) -> bytes | str:
    """A diagram: ``str`` for ``dot`` and ``mermaid``, bytes (from ``dot``) for svg, png, pdf."""
    if format == "mermaid":
        return to_mermaid(graph_or_hotline, highlight)
    if format not in FORMATS:
        raise InputError(f"unknown format '{format}': one of {', '.join(FORMATS)}")
    if format != "dot":
        dot_program()  # fail before the work when Graphviz is missing
    source = to_dot(graph_or_hotline, highlight, legend=legend)
    return source if format == "dot" else run_dot(source, format)


# --- routes --------------------------------------------------------------------------------------


def route_edges(route: Any, hotline: Hotline, g: nx.MultiDiGraph, **call: Any) -> list[EdgeRef]:
    """The edges of a route object: its ``edges`` if it has them, else its call replayed.

    A route that knows its entry's number and its keys (``entry.dial`` or ``dial``, ``keys``)
    is simulated with ``call`` (``caller``, ``at``) and mapped with :func:`path_of_call`.
    """
    edges = getattr(route, "edges", None)
    if edges is not None and not callable(edges):
        return [tuple(e[:3]) for e in edges]  # type: ignore[misc]
    from ivr.sim.run import simulate  # noqa: PLC0415

    entry = getattr(route, "entry", None)
    dial = getattr(entry, "dial", None) or getattr(route, "dial", None)
    if dial is None:
        raise ValueError("the route names neither its edges nor the number it dials")
    keys = getattr(route, "keys", "")
    return path_of_call(g, simulate(hotline, dial, keys, **call))


def best_route_edges(
    hotline: Hotline, g: nx.MultiDiGraph, caller: dict[str, str], at: str
) -> list[EdgeRef]:
    """The best route's edges from ``ivr.routes`` (RoutesUnavailable while it does not exist)."""
    import importlib  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    try:
        spec = importlib.util.find_spec("ivr.routing.search")
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise RoutesUnavailable("routes are not available yet (the routes module is missing)")
    module = importlib.import_module("ivr.routing.search")
    finder = getattr(module, "routes", None)
    if finder is None:
        raise RoutesUnavailable("routes are not available yet (ivr.routes has no routes())")
    import inspect  # noqa: PLC0415

    extra = {"graph": g} if "graph" in inspect.signature(finder).parameters else {}
    result = finder(hotline, caller=caller, at=at, **extra)
    best = _first_route(result)
    if best is None:
        raise InputError("no route reaches a human for this caller")
    return route_edges(best, hotline, g, caller=caller, at=at)


def _first_route(result: Any) -> Any:
    if result is None:
        return None
    if getattr(result, "edges", None) is not None and not callable(result.edges):
        return result
    for name in ("best", "routes"):
        inner = getattr(result, name, None)
        if inner is not None and not callable(inner):
            return _first_route(inner)
    if isinstance(result, dict):
        return _first_route(result.get("routes"))
    if isinstance(result, (list, tuple)):
        return result[0] if result else None
    return result


# --- writing -----------------------------------------------------------------------------------


def format_for(path: str | None, fmt: str | None) -> str:
    """The format asked for, else the one an output file's suffix names, else ``svg``.

    >>> format_for("menu.png", None), format_for(None, None), format_for("x.txt", "dot")
    ('png', 'svg', 'dot')
    """
    if fmt:
        return fmt
    if path is None or path == "-":
        return "svg"
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIX_FORMATS:
        raise InputError(
            f"cannot tell the format from '{path}': give --format "
            f"({', '.join(FORMATS)}) or a file ending in {', '.join(SUFFIX_FORMATS)}"
        )
    return SUFFIX_FORMATS[suffix]


def highlight_for(
    hotline: Hotline,
    caller: dict[str, str] | None = None,
    at: str = "12:00",
    route: str | None = None,
    dial: str | None = None,
    keys: str | None = None,
) -> tuple[nx.MultiDiGraph, list[EdgeRef] | None]:
    """The compiled graph and the edges to highlight for ``ivr render``'s options.

    ``route="best"``: the best route to a human from ``ivr.routes`` for this caller;
    ``dial`` (and ``keys``): the path of that simulated call; neither: no highlight.
    ValueError for an unknown number or caller, RoutesUnavailable before routes exist.
    """
    from ivr.sim.run import resolve_caller, simulate  # noqa: PLC0415

    g = compile_graph(hotline)
    if route is None and dial is None:
        if caller:
            resolve_caller(hotline, caller)  # a typo in --caller is still an error
        return g, None
    if route is not None:
        if route != "best":
            raise InputError(f"--route takes 'best', not '{route}'")
        who = resolve_caller(hotline, caller)
        return g, best_route_edges(hotline, g, who, at)
    assert dial is not None
    return g, path_of_call(g, simulate(hotline, dial, keys or "", caller, at))

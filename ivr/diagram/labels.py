"""What a node and an edge of a diagram say, as plain text: the only copy.

The writers (:mod:`ivr.diagram.dot`, :mod:`ivr.diagram.mermaid`) escape these texts for their
format (:mod:`ivr.diagram.escape`); they never make texts of their own.

>>> import ivr
>>> g = ivr.compile(ivr.load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: main}}
...   human: {type: agent, queue: general, wait: {mean: 600}}
... '''))
>>> node_text(g.nodes["demo/human"])
('human', ['general, wait ~10 min'], 'human (agent)\\n<text>:7')
>>> [edge_text(g, u, d) for u, v, d in g.out_edges("demo/main", data=True)]
['0', 'timeout 5 s']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ivr.diagram.escape import clean
from ivr.model.types import HUMAN_TYPES

if TYPE_CHECKING:
    import networkx as nx

LABEL_WIDTH = 28  # characters per line of a node label
LABEL_CHARS = 75  # text shown in a node label; the tooltip holds more of it
TIP_CHARS = 1500  # text shown in a tooltip; a longer one ends with where the rest is
KEYS_LATER = "(keys only after the prompt)"  # a menu without barge-in


def shorten(text: str, width: int = LABEL_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters.

    >>> shorten("Balance - 1, services - 2, operator - 0", 20)
    'Balance - 1…'
    """
    text = clean(text)
    return text if len(text) <= width else cut(text, width)


def cut(text: str, width: int) -> str:
    """A clean ``text`` longer than ``width`` cut as :func:`shorten` cuts it.

    >>> cut("one two three", 9)
    'one two…'
    """
    head = text[: width - 1]
    space = head.rfind(" ")
    if space > width // 2:
        head = head[:space]
    return head.rstrip(" ,;:-—") + "…"


def wrap(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """Greedy word wrap (``textwrap`` is slow on 100,000 labels); long words stay whole.

    >>> wrap("Balance - 1, services - 2", 12)
    ['Balance - 1,', 'services - 2']
    """
    lines: list[str] = []
    while len(text) > width:
        at = text.rfind(" ", 0, width + 1)
        if at <= 0:
            at = text.find(" ", width)
            if at < 0:
                break
        lines.append(text[:at])
        text = text[at + 1 :]
    if text:
        lines.append(text)
    return lines


def minutes(seconds: float) -> str:
    """A wait in words: seconds up to a minute and a half, minutes beyond.

    >>> minutes(45), minutes(1200)
    ('45 s', '20 min')
    """
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:g} s"


def node_text(data: dict) -> tuple[str, list[str], str]:
    """(title, detail lines, tooltip) of a graph node: its id (an entry: the number dialled),
    its prompt shortened and wrapped (the tooltip holds all of it) and what else it says.

    >>> from ivr.model.types import Node
    >>> node_text({"kind": "node", "node": Node("bye", "hangup", say="Goodbye")})
    ('bye', ['Goodbye'], 'bye (hangup): Goodbye')
    """
    if data["kind"] == "entry":
        e = data["entry"]
        lines = [shorten(e.title, 40)] if e.title else []
        if e.when:
            lines.append(shorten(e.when.describe(), 40))
        if not e.cost.free:
            lines.append(shorten(e.cost.describe(), 40))
        parts = [f"dial {e.dial}", e.title, f"when {e.when.describe()}", e.cost.describe()]
        return e.dial, lines, "\n".join(t for t in parts if t)
    n = data["node"]
    say = n.say or ""
    lines = wrap(shorten(say)) if say else []
    kind = n.type
    if kind in HUMAN_TYPES:
        extra = [n.queue] if n.queue else []
        if n.wait is not None:
            extra.append(f"wait ~{minutes(n.wait.mean)}")
        if extra:
            lines.append(", ".join(extra))
    elif kind == "transfer" and n.to is not None:
        lines.append(f"to {n.to.file} {n.to.entry}")
    elif kind == "menu" and not n.barge_in:
        lines.append(KEYS_LATER)
    if len(say) > TIP_CHARS:
        say = cut(say, TIP_CHARS) + " (the whole text: below)"
    tip = f"{shorten(n.id, 200)} ({kind})" + (f": {say}" if say else "")
    if data.get("line"):
        tip += f"\n{data['file']}:{data['line']}"
    return (n.id if len(n.id) <= 60 else shorten(n.id, 60)), lines, tip


_FIXED_TEXT = {"next": "", "invalid": "invalid", "entry": "", "transfer": "transfer"}


def edge_subject(g: nx.MultiDiGraph, u: str, d: dict) -> Any:
    """What an edge's text is made of: an option's key, a timeout's seconds, a retry's count,
    a branch's condition in words; None for the kinds whose text never changes.

    Edges with equal (kind, subject) say the same: a writer makes the text once for them all.

    >>> edge_subject(None, "m/main", {"kind": "retry", "after": 3})
    3
    """
    kind = d["kind"]
    if kind == "option":
        return d["key"]
    if kind in _FIXED_TEXT:
        return None
    if kind == "timeout":
        node = g.nodes[u].get("node")
        return node.timeout.after if node is not None and node.timeout else None
    if kind == "retry":
        return d.get("after", "?")
    if kind == "branch":
        if d.get("otherwise"):
            return "else"
        return d["condition"].describe() if d["condition"] else ""
    return ""


def edge_words(kind: str, subject: Any) -> str:
    """The text of an edge of ``kind`` from its :func:`edge_subject`.

    >>> edge_words("option", "0"), edge_words("timeout", 5.0), edge_words("retry", 3)
    ('0', 'timeout 5 s', '3 failures')
    """
    if kind == "option":
        return str(subject)
    if kind == "timeout":
        return f"timeout {subject:g} s" if subject is not None else "timeout"
    if kind == "retry":
        return f"{subject} failures"
    if kind in _FIXED_TEXT:
        return _FIXED_TEXT[kind]
    return subject


def edge_text(g: nx.MultiDiGraph, u: str, d: dict) -> str:
    """The text of the edge ``d`` out of ``u``: a key, "timeout 5 s", a condition, "invalid".

    >>> edge_text(None, "m/main", {"kind": "option", "key": "5"})
    '5'
    """
    return edge_words(d["kind"], edge_subject(g, u, d))


def route_text(kind: str, text: str) -> str:
    """An edge's text on a highlighted route: a key reads "key 2".

    >>> route_text("option", "2"), route_text("timeout", "timeout 5 s")
    ('key 2', 'timeout 5 s')
    """
    return f"key {text}" if kind == "option" else text


def step_text(numbers: list[int]) -> str:
    """The step numbers at which a route takes an edge: "3" or "3,7".

    >>> step_text([3, 7])
    '3,7'
    """
    return ",".join(str(i) for i in numbers)

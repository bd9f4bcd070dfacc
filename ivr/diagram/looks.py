"""How a diagram looks: a shape and colours per node type, a style per edge kind, the route's
colour. Shared by the DOT and Mermaid writers and by the gallery's legend."""

from __future__ import annotations

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
# a Graphviz shape in words, for legends
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


# the shape of each node type in Mermaid: (open, close) around a "..." label
MERMAID_SHAPES = {
    "entry": ("[/", "/]"),
    "menu": ("[", "]"),
    "prompt": ("(", ")"),
    "branch": ("{", "}"),
    "agent": ("([", "])"),
    "callback": ("{{", "}}"),
    "transfer": ("[[", "]]"),
    "hangup": ("((", "))"),
}

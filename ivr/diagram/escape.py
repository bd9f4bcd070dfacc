"""Text made safe for each place a diagram puts it: DOT names and strings, Graphviz HTML-like
labels, tooltips, Mermaid labels. The only copy of these rules: the writers call them."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
CONTROL_KEEP_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
SPECIAL = re.compile(r'["&<>\\\x00-\x1f\x7f]')
"""A character that :func:`dot_name`, :func:`dot_string`, :func:`tip` or :func:`html` changes:
a text without one is written as it is."""
BACKSLASH_IN_TOOLTIP = "\u29f5"  # ⧵ (reverse solidus operator): see dot_tooltip

# "]" too: Graphviz rejects a text that is only "]" inside an element (<b>]</b>: syntax error)
_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\\", "\\\\"),
                 ("]", "&#93;"))  # fmt: skip
_TIP_ESCAPES = (("&", "&amp;"), ("\\", BACKSLASH_IN_TOOLTIP), ('"', '\\"'))
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
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SECOND_SPACE = re.compile(r"(?<= ) ")


def clean(text: str) -> str:
    """One line of plain text: control characters and runs of white space become one space.

    >>> clean(" a\\t\\x00 b\\n")
    'a b'
    """
    if not text.isprintable():
        text = CONTROL.sub(" ", text)
    return " ".join(text.split())


def replace_each(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    """Each replacement in order, made only where its character occurs: an ``in`` test is much
    cheaper than a ``replace()`` that finds nothing in non-ASCII text.

    >>> replace_each("a<b", (("<", "&lt;"), (">", "&gt;")))
    'a&lt;b'
    """
    for old, new in replacements:
        if old in text:
            text = text.replace(old, new)
    return text


def html(text: str) -> str:
    """Text for a Graphviz HTML-like label: entities for ``& < > "``, ``\\\\`` for a backslash.

    (Graphviz reads ``\\N``, ``\\G`` … in labels as the node's or graph's name; a doubled
    backslash is one literal backslash.) Control characters but the newline become spaces.

    >>> html('say "1" & <go>'), html("]")
    ('say &quot;1&quot; &amp; &lt;go&gt;', '&#93;')
    """
    if not text.isprintable():
        text = CONTROL_KEEP_NEWLINE.sub(" ", text)
    return replace_each(text, _HTML_ESCAPES)


def html_line(text: str) -> str:
    """:func:`html` for a label's one-line text (a name, a title): a newline is a space, and
    the text is never empty (Graphviz rejects ``<b></b>``, or a bare newline, as a syntax error).

    >>> html_line("a\\nb <c>"), html_line("")
    ('a b &lt;c&gt;', ' ')
    """
    return html(text).replace("\n", " ") or " "


def dot_string(text: str) -> str:
    r"""Text as a quoted DOT string for a plain label, shown as it is.

    Quotes are escaped and backslashes doubled (so ``\N`` stays two characters, not the node's
    name); control characters become spaces, a newline the escape ``\n``. The ``graphviz``
    package's ``quote(escape(text))`` is close, but four times slower and lets NUL through.

    >>> print(dot_string('say "hi" \\ <b>'))
    "say \"hi\" \\ <b>"
    """
    if not text.isprintable():
        text = CONTROL_KEEP_NEWLINE.sub(" ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_name(name: str) -> str:
    r"""A graph node's name as it is written inside DOT quotes (and in its ``id``): one for one.

    Quotes are escaped and backslashes doubled, as in :func:`dot_string`. Graphviz's SVG writer
    passes an entity such as ``&amp;`` through as it is, so ``a&`` and ``a&amp;`` (or ``t<``
    and ``t&lt;``) would be one SVG id; it writes the second of two spaces as a no-break
    space; and a control character has no place in SVG at all. So ``&``, control characters
    and a space after a space are written as references that the SVG shows as text: the SVG id
    of a node is ``n:`` and its name with ``&`` read ``&amp;``, a control character or such a
    space ``&#N;`` (``N`` its code in decimal), and so is the ``>`` of ``->`` (an edge's id is
    ``e:<u>-><v>:<key>``). Distinct names stay distinct, and so do edge ids; a usual name is
    returned as it is (the same object).

    >>> dot_name("main/menu"), dot_name("a&"), dot_name("a&amp;"), dot_name("a\tb")
    ('main/menu', 'a&amp;amp;', 'a&amp;amp;amp;', 'a&amp;#9;b')
    """
    if SPECIAL.search(name) is None and "  " not in name:
        return name
    if "&" in name:
        name = name.replace("&", "&amp;amp;")
    if not name.isprintable():
        name = _NAME_CONTROL.sub(lambda m: f"&amp;#{ord(m.group())};", name)
    if "  " in name:
        name = _SECOND_SPACE.sub("&amp;#32;", name)
    if "->" in name:  # the edge ids' separator: e:<u>-><v>:<key> has one reading
        name = name.replace("->", "-&amp;#62;")
    return name.replace("\\", "\\\\").replace('"', '\\"')


def dot_tooltip(text: str) -> str:
    r"""Text as a quoted DOT string for a ``tooltip``.

    Graphviz (2.43 at least) reads a tooltip's backslashes twice, so no number of them shows
    one reliably: a backslash is drawn as the look-alike ``⧵`` (U+29F5). ``&`` is written
    ``&amp;`` (Graphviz decodes entities in tooltips); newlines stay line breaks.

    >>> print(dot_tooltip('a "b" & c\\d'))
    "a \"b\" &amp; c⧵d"
    """
    return '"' + tip(text) + '"'


def tip(text: str) -> str:
    """:func:`dot_tooltip` without the quotes around it.

    >>> tip("line 1\\nline 2")
    'line 1\\\\nline 2'
    """
    printable = text.isprintable()  # no newline, no control character
    if not printable:
        text = CONTROL_KEEP_NEWLINE.sub(" ", text)
    text = replace_each(text, _TIP_ESCAPES)
    if not printable and "\n" in text:  # last: the escape's own backslash stays one
        text = text.replace("\n", "\\n")
    return text


def mermaid_escape(text: str) -> str:
    """Text made safe inside a Mermaid ``"..."`` label: entity codes for ``" # < > & | ` \\``.

    >>> mermaid_escape('Press "1" <now> [ok]')
    'Press #quot;1#quot; #lt;now#gt; [ok]'
    """
    return clean(text).translate(_MERMAID)

"""XML for the importers: read through defusedxml, every element located.

:func:`parse_xml` parses untrusted bytes (no entity expansion, no external entities or DTDs
fetched, the declared encoding honoured, nesting limited) into elements that know their line
and column (:class:`XmlElement`, :func:`located`); :func:`notes_of` reads an ``ivr`` annotation
comment. Problems go to an :class:`ivr.io.platform.Import` as located errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from ivr.model.types import Loc

if TYPE_CHECKING:
    from ivr.io.platform import Import

MAX_DEPTH = 64  # XML elements nested deeper than this are refused


class XmlElement(ET.Element):
    """An element that knows where it stands: ``line`` and ``col`` (1-based)."""

    line: int = 0
    col: int = 0


class _Located:
    """A tree builder target that records each element's position in the file."""

    def __init__(self, comments: bool = False, bare: tuple[str, ...] = ()) -> None:
        self.builder = ET.TreeBuilder(element_factory=XmlElement, insert_comments=comments)
        self.parser: Any = None
        self.depth = 0
        self.comments = comments
        self.bare = bare

    def comment(self, text: str) -> None:
        if self.comments:
            self.builder.comment(text)

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self.parser.parser.CurrentLineNumber)
        element = self.builder.start(tag, attrs)
        element.line = self.parser.parser.CurrentLineNumber  # type: ignore[attr-defined]
        element.col = self.parser.parser.CurrentColumnNumber + 1  # type: ignore[attr-defined]
        return element

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return self.builder.end(tag)

    def attach(self, parser: Any) -> None:
        """Take ``parser``'s elements straight from its expat parser: what :meth:`start` and
        :meth:`end` do under ``ElementTree.XMLParser._start`` and ``_end``, without those
        two Python calls an element and one a text. The names are ``ElementTree``'s
        (``{namespace}name``, memoized), an element's without a namespace of ``bare``."""
        self.parser = parser
        expat = parser.parser
        start, end = self.builder.start, self.builder.end
        names: dict[str, str] = parser._names
        tags: dict[str, str] = {}  # expat's name of an element -> its tag
        bare = tuple("{" + ns + "}" for ns in self.bare)

        def fix(name: str) -> str:  # ElementTree's name, memoized
            got: str = parser._fixname(name)
            return got

        def tag_of(name: str) -> str:
            got = fix(name)
            for ns in bare:
                if got.startswith(ns):
                    got = got[len(ns) :]
                    break
            tags[name] = got
            return got

        def on_start(tag: str, attrs: list[str]) -> ET.Element:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _TooDeep(expat.CurrentLineNumber)
            attrib = {}
            for i in range(0, len(attrs), 2):
                key = attrs[i]
                attrib[names.get(key) or fix(key)] = attrs[i + 1]
            element = start(tags.get(tag) or tag_of(tag), attrib)
            element.line = expat.CurrentLineNumber  # type: ignore[attr-defined]
            element.col = expat.CurrentColumnNumber + 1  # type: ignore[attr-defined]
            return element

        def on_end(tag: str) -> ET.Element:
            self.depth -= 1
            return end(tags.get(tag) or tag_of(tag))

        expat.StartElementHandler = on_start
        expat.EndElementHandler = on_end
        expat.CharacterDataHandler = self.builder.data  # as self.data does, in C

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> ET.Element:
        return self.builder.close()


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


def parse_xml(
    data: bytes, shown: str, imp: Import, comments: bool = False, bare: tuple[str, ...] = ()
) -> XmlElement | None:
    """The root of an XML document, every element located; None with the error recorded.

    Parsed by defusedxml (no entity expansion, no external entities or DTDs fetched); the
    encoding the document declares is honoured; nesting deeper than :data:`MAX_DEPTH` is
    refused. With ``comments``, comments are kept as elements whose ``tag`` is
    ``xml.etree.ElementTree.Comment`` (for ``ivr`` annotations, :func:`notes_of`). The tags
    of elements in a namespace of ``bare`` are their local names (``menu``, not
    ``{http://www.w3.org/2001/vxml}menu``); attributes keep theirs.

    >>> from ivr.io.platform import Import
    >>> imp = Import("x.xml")
    >>> root = parse_xml(b'<a>\\n  <b n="1"/>\\n</a>', "x.xml", imp)
    >>> [(e.tag, e.line, e.col) for e in root.iter()]
    [('a', 1, 1), ('b', 2, 3)]
    >>> parse_xml(b'<a><b></a>', "x.xml", imp), str(imp.errors[0])
    (None, 'x.xml:1:9: not well-formed XML: mismatched tag')
    """
    from defusedxml import DefusedXmlException  # noqa: PLC0415
    from defusedxml.ElementTree import DefusedXMLParser  # noqa: PLC0415

    target = _Located(comments, bare)
    parser = DefusedXMLParser(target=target)
    target.attach(parser)
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, col = exc.position
        reason = str(exc).split(":", 1)[0]
        imp.error(Loc(shown, line, col + 1), f"not well-formed XML: {reason}")
        return None
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        imp.error(Loc(shown, line, 1), f"refused: {exc} (entities and DTDs are not expanded)")
        return None
    except _TooDeep as exc:
        imp.error(Loc(shown, exc.line, 1), f"elements nested deeper than {MAX_DEPTH}: not read")
        return None
    except (LookupError, ValueError) as exc:  # an encoding the declaration names, unknown
        imp.error(Loc(shown, 1, 1), f"cannot read: {exc}")
        return None
    return root


def located(element: ET.Element, shown: str) -> Loc:
    """Where an element of :func:`parse_xml` stands."""
    return Loc(shown, getattr(element, "line", 0), getattr(element, "col", 0))


_ANNOTATION = re.compile(r"^\s*ivr\s*:?\s+(.*)$", re.DOTALL)
_PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')


def notes_of(comment: str) -> dict[str, str]:
    """The ``key=value`` pairs of an ``ivr`` annotation comment (``{}`` for another comment):
    what a platform file cannot say for itself, such as a prompt's length.

    >>> notes_of(' ivr duration=8 say="Sales, press 1" ')
    {'duration': '8', 'say': 'Sales, press 1'}
    """
    m = _ANNOTATION.match(comment)
    if not m:
        return {}
    out: dict[str, str] = {}
    for key, value in _PAIR.findall(m.group(1)):
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"')
        out[key] = value
    return out

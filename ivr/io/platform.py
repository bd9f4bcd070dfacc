"""What every importer of another platform's files shares: reading untrusted text and XML with
located messages, citing the source in notes, marking what was inferred, and standing in for
what cannot be known.

An importer (``ivr/io/<platform>/reader.py``, see ``docs/importers.md``) reads its files with
:func:`read_text` or :func:`parse_xml`, records problems in an :class:`Import`, builds plain
model objects and ends with :meth:`Import.finish`, which validates the menus it built and
returns what a reader returns: ``(hotline, diagnostics)``.

Two kinds of problem:

* **errors** (:meth:`Import.error`, rule ``load``): the file is not what it claims to be (not
  UTF-8, not well-formed XML, an unknown element or action, too large); the hotline is refused
  and every command exits 2 with all of them, ``file:line:col: message``;
* **findings** (:meth:`Import.finding`, a rule id of :data:`RULES`): the model stands, but a
  step could not be mapped (it is modelled as an explicit step, see :meth:`Import.unknown`) or
  a reference goes nowhere; they ride on ``Hotline.findings`` and ``ivr check`` reports them.

>>> imp = Import("pbx.conf")
>>> imp.cite(Loc("pbx.conf", 12, 1), "Dial(SIP/100)")
'pbx.conf:12: Dial(SIP/100)'
>>> attr = imp.unknown_attribute("AGI(check.agi)", ("continues", "hangs up"))
>>> attr, imp.caller
('agi', (('agi', ('continues', 'hangs up')),))
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ivr.diagnostics import Diagnostic
from ivr.model.types import Case, Condition, Facts, Hotline, Loc, Menu, Node
from ivr.model.validation import hotline_problems, menu_problems

MAX_BYTES = 8 * 1024 * 1024  # a platform file larger than this is refused, not read
MAX_DEPTH = 64  # XML elements nested deeper than this are refused

RULES = {
    "import-unmapped": "a step the model cannot follow (a script, a variable, an unknown "
    "application): modelled as a branch on a caller attribute standing for its result",
    "import-dangling": "a reference that goes nowhere (a Goto to a context that does not "
    "exist, a sub-menu no file defines): the call ends there",
    "import-approximated": "a step modelled more coarsely than the platform runs it (a "
    "pattern that matches more than one key, a time condition on weekdays)",
}
"""The rule ids of importers' findings (docs/importers.md lists them with their fixes)."""


@dataclass
class Import:
    """The problems, caller attributes and ids of one import (one hotline)."""

    path: str
    errors: list[Diagnostic] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    _attrs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _words: list[tuple[str, str, str]] = field(default_factory=list)
    _known: dict[str, str] = field(default_factory=dict)

    def error(self, loc: Loc, message: str) -> None:
        """The file is refused: ``message`` at ``loc`` (rule ``load``)."""
        self.errors.append(Diagnostic(loc, message))

    def finding(self, loc: Loc, rule: str, message: str, severity: str = "warning") -> None:
        """A located finding about the imported menus (``rule`` one of :data:`RULES`)."""
        assert rule in RULES, rule
        self.findings.append(Diagnostic(loc, message, rule, severity))

    @staticmethod
    def cite(loc: Loc, text: str = "") -> str:
        """A node's ``note``: the platform file and line it comes from, and what stands there."""
        where = f"{loc.file}:{loc.line}" if loc.line else loc.file
        text = " ".join(text.split())
        if len(text) > 160:
            text = text[:157] + "..."
        return f"{where}: {text}" if text else where

    def unknown_attribute(
        self, what: str, values: Sequence[str], hint: str = "", words: Sequence[str] = ()
    ) -> str:
        """A caller attribute standing for the result of ``what`` (one per distinct ``what``),
        declared with ``values``; its name is made from ``hint`` or ``what``'s first word.
        ``words`` says each value for route instructions (default ``"when WHAT: VALUE"``)."""
        if what in self._known:
            return self._known[what]
        base = _slug(hint or re.split(r"[\s(]", what.strip(), maxsplit=1)[0]) or "unknown"
        name, n = base, 1
        while name in self._attrs:
            n += 1
            name = f"{base}{n}"
        self._known[what] = name
        self._attrs[name] = tuple(values)
        for i, v in enumerate(values):
            said = words[i] if i < len(words) else f"when {what}: {v}"
            self._words.append((name, v, said))
        return name

    def declare(self, name: str, values: Sequence[str]) -> None:
        """Declare caller attribute ``name`` with ``values`` (values added to an existing one)."""
        old = self._attrs.get(name, ())
        self._attrs[name] = (*old, *(v for v in values if v not in old))

    def unknown(
        self,
        node_id: str,
        what: str,
        outcomes: Sequence[tuple[str, str]],
        loc: Loc,
        hint: str = "",
        message: str = "",
        rule: str | None = "import-unmapped",
        words: Sequence[str] = (),
    ) -> Node:
        """A branch standing for a result nobody can know from the file: one case per
        ``(value, node)`` of ``outcomes`` on a caller attribute made for ``what``, the last
        one the ``else``; and its finding (none with ``rule=None``: an outcome the platform
        documents, such as a call nobody answers). Every outcome is explored by routes and
        lint."""
        attr = self.unknown_attribute(what, [v for v, _ in outcomes], hint, words)
        cases = tuple(
            Case(Condition(((attr, (v,)),), loc=loc), to, loc=loc) for v, to in outcomes[:-1]
        )
        shown = ", ".join(f"{attr}={v}" for v, _ in outcomes)
        if rule is not None:
            self.finding(
                loc,
                rule,
                (message or f"{what}: its result cannot be known from the file")
                + f"; modelled as a branch on caller attribute '{attr}' ({shown})",
            )
        return Node(
            node_id,
            "branch",
            cases=cases,
            otherwise=outcomes[-1][1],
            facts=Facts(inferred=("all",), note=self.cite(loc, what)),
            loc=loc,
        )

    @property
    def caller(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The caller attributes :meth:`unknown` declared, for ``Menu.caller``."""
        return tuple(self._attrs.items())

    @property
    def caller_words(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(self._words)

    def finish(self, menus: Iterable[Menu]) -> tuple[Hotline | None, list[Diagnostic]]:
        """The hotline of ``menus`` with its findings, and every error (the import's own, then
        what :func:`ivr.validate` finds in what was built); None when there were errors."""
        built = tuple(menus)
        hotline = Hotline(built, self.path, tuple(self.findings))
        problems = list(self.errors)
        if not problems:
            for m in built:
                problems.extend(sorted(menu_problems(m), key=lambda d: (d.loc.line, d.loc.col)))
            problems.extend(hotline_problems(hotline))
        if any(d.severity == "error" for d in problems):
            return None, problems
        return hotline, problems


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")


def slug(text: str) -> str:
    """A node-id-friendly form of a platform's name for something.

    >>> slug("Main Menu!"), slug("s")
    ('main_menu', 's')
    """
    return _slug(text) or "x"


# -- text ---------------------------------------------------------------------------------------
def read_bytes(path: str | Path, shown: str, imp: Import, limit: int = MAX_BYTES) -> bytes | None:
    """A file's bytes, or None with the error recorded (missing, unreadable, too large, not a
    regular file: opening a FIFO would wait forever)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            imp.error(Loc(shown), "not a regular file (a FIFO, a device, a folder): not read")
            return None
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        imp.error(Loc(shown), "no such file or folder")
        return None
    except OSError as exc:
        imp.error(Loc(shown), f"cannot read: {exc.strerror or exc}")
        return None
    if len(data) > limit:
        imp.error(Loc(shown), f"larger than {limit // (1024 * 1024)} MB: not read")
        return None
    return data


def decode(data: bytes, shown: str, imp: Import) -> str | None:
    """UTF-8 text (a byte-order mark honoured, UTF-16 too) with lines ending in ``\\n``; None
    with the error located at the first byte that is not UTF-8."""
    encoding = "utf-8"
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            encoding = name
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        imp.error(
            Loc(shown, line, col),
            f"not UTF-8: byte 0x{data[exc.start]:02x} ({exc.reason}); save the file as UTF-8",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, shown: str, imp: Import, limit: int = MAX_BYTES) -> str | None:
    """:func:`read_bytes` then :func:`decode`."""
    data = read_bytes(path, shown, imp, limit)
    return None if data is None else decode(data, shown, imp)


# -- XML ----------------------------------------------------------------------------------------
class XmlElement(ET.Element):
    """An element that knows where it stands: ``line`` and ``col`` (1-based)."""

    line: int = 0
    col: int = 0


class _Located:
    """A tree builder target that records each element's position in the file."""

    def __init__(self, comments: bool = False) -> None:
        self.builder = ET.TreeBuilder(element_factory=XmlElement, insert_comments=comments)
        self.parser: Any = None
        self.depth = 0
        self.comments = comments

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

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> ET.Element:
        return self.builder.close()


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


def parse_xml(data: bytes, shown: str, imp: Import, comments: bool = False) -> XmlElement | None:
    """The root of an XML document, every element located; None with the error recorded.

    Parsed by defusedxml (no entity expansion, no external entities or DTDs fetched); the
    encoding the document declares is honoured; nesting deeper than :data:`MAX_DEPTH` is
    refused. With ``comments``, comments are kept as elements whose ``tag`` is
    ``xml.etree.ElementTree.Comment`` (for ``ivr`` annotations, :func:`annotations`).

    >>> imp = Import("x.xml")
    >>> root = parse_xml(b'<a>\\n  <b n="1"/>\\n</a>', "x.xml", imp)
    >>> [(e.tag, e.line, e.col) for e in root.iter()]
    [('a', 1, 1), ('b', 2, 3)]
    >>> parse_xml(b'<a><b></a>', "x.xml", imp), str(imp.errors[0])
    (None, 'x.xml:1:9: not well-formed XML: mismatched tag')
    """
    from defusedxml import DefusedXmlException  # noqa: PLC0415
    from defusedxml.ElementTree import DefusedXMLParser  # noqa: PLC0415

    target = _Located(comments)
    parser = DefusedXMLParser(target=target)
    target.parser = parser
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
    for key, value in re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)', m.group(1)):
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"')
        out[key] = value
    return out


def entry_points(order: Sequence[str], links: dict[str, set[str]]) -> list[str]:
    """Where calls start, among named parts (contexts, menus) that send calls to each other
    (``links``): the parts no other part outside their own cycle reaches, the first in
    ``order`` of each cycle (a main menu and the sub-menus that come back to it).

    >>> entry_points(["main", "sub", "other"], {"main": {"sub"}, "sub": {"main"}, "other": set()})
    ['main', 'other']
    """
    import networkx as nx  # noqa: PLC0415  (only importers need it here)

    g = nx.DiGraph()
    g.add_nodes_from(order)
    g.add_edges_from((a, b) for a, tos in links.items() for b in tos if a != b)
    dag = nx.condensation(g)
    rank = {name: i for i, name in enumerate(order)}
    firsts = [
        min(dag.nodes[c]["members"], key=rank.__getitem__)
        for c in dag.nodes
        if dag.in_degree(c) == 0
    ]
    return sorted(firsts, key=rank.__getitem__)

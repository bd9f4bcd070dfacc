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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ivr.diagnostics import Diagnostic
from ivr.io import sourcetext
from ivr.io.platform_xml import MAX_DEPTH as MAX_DEPTH  # the XML half of the frame
from ivr.io.platform_xml import XmlElement as XmlElement
from ivr.io.platform_xml import located as located
from ivr.io.platform_xml import notes_of as notes_of
from ivr.io.platform_xml import parse_xml as parse_xml
from ivr.io.sourcetext import MAX_BYTES, SourceProblem
from ivr.model.types import Case, Condition, Entry, Facts, Hotline, Loc, Menu, Node
from ivr.model.validation import hotline_problems, menu_problems

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
        self,
        what: str,
        values: Sequence[str],
        hint: str = "",
        words: Sequence[str] = (),
        attribute: str | None = None,
    ) -> str:
        """A caller attribute standing for the result of ``what`` (one per distinct ``what``),
        declared with ``values``; named ``attribute`` when given (a name the platform file
        uses, values merged), else made from ``hint`` or ``what``'s first word. ``words`` says
        each value for route instructions (default ``"when WHAT: VALUE"``)."""
        if attribute is not None:
            name = attribute
            self.declare(name, values)
        elif what in self._known:
            return self._known[what]
        else:
            base = _slug(hint or re.split(r"[\s(]", what.strip(), maxsplit=1)[0]) or "unknown"
            name, n = base, 1
            while name in self._attrs:
                n += 1
                name = f"{base}{n}"
            self._attrs[name] = tuple(values)
        self._known[what] = name
        said = {(a, v) for a, v, _ in self._words}
        for i, v in enumerate(values):
            if (name, v) not in said:
                self._words.append((name, v, words[i] if i < len(words) else f"when {what}: {v}"))
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
        attribute: str | None = None,
        severity: str = "warning",
    ) -> Node:
        """A branch standing for a result nobody can know from the file: one case per
        ``(value, node)`` of ``outcomes`` on a caller attribute made for ``what`` (or named
        ``attribute``), the last one the ``else``; and its finding (none with ``rule=None``:
        an outcome the platform documents, such as a call nobody answers). Every outcome is
        explored by routes and lint."""
        attr = self.unknown_attribute(what, [v for v, _ in outcomes], hint, words, attribute)
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
                severity,
            )
        return Node(
            node_id,
            "branch",
            cases=cases,
            otherwise=outcomes[-1][1],
            facts=Facts(inferred=("all",), note=self.cite(loc, what)),
            loc=loc,
        )

    def entry(
        self, ident: str, address: str, start: str, loc: Loc, said: str, title: str = ""
    ) -> Entry:
        """An entry dialled by the platform's own ``address`` (``x@y``, no numbering plan); its
        note cites ``loc`` and what ``said`` there."""
        return Entry(
            id=ident,
            dial=address,
            start=start,
            region="",
            title=title or address,
            facts=Facts(inferred=("cost",), note=self.cite(loc, said)),
            loc=loc,
        )

    def menu(self, stem: str, what: str, anchor: str, entries: Iterable[Entry],
             nodes: Iterable[Node]) -> Menu:  # fmt: skip
        """The one menu of the file or folder imported: its id the file's stem, the caller
        attributes declared, the nodes in file and line order."""
        return Menu(
            id=slug(stem),
            title=f"{Path(self.path).name} ({what})",
            note=f"imported from {self.path} by ivr import (docs/importers.md#{anchor})",
            file=self.path,
            caller=self.caller,
            caller_words=self.caller_words,
            entries=tuple(entries),
            nodes=tuple(sorted(nodes, key=lambda n: (n.loc.file, n.loc.line, n.id))),
            loc=Loc(self.path, 1, 1),
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


# -- text ----------------------------------------------------------------------------------------
# The text itself is read by ivr.io.sourcetext (one implementation for every format); these
# record its located problem in the import instead of raising it.
def read_bytes(path: str | Path, shown: str, imp: Import, limit: int = MAX_BYTES) -> bytes | None:
    """A file's bytes, or None with the error recorded (missing, unreadable, too large, not a
    regular file: opening a FIFO would wait forever)."""
    try:
        return sourcetext.read_bytes(path, shown, "a platform file", limit)
    except SourceProblem as exc:
        imp.errors.append(exc.diagnostic)
        return None


def decode(data: bytes, shown: str, imp: Import) -> str | None:
    """Text (a byte-order mark honoured, UTF-8 otherwise) with lines ending in ``\\n``; None
    with the error located at the first byte that is not UTF-8 (or a NUL byte)."""
    try:
        text = sourcetext.decode(data, shown, "a platform file")
    except SourceProblem as exc:
        imp.errors.append(exc.diagnostic)
        return None
    return sourcetext.lines_ending_in_newline(text)


def read_text(path: str | Path, shown: str, imp: Import, limit: int = MAX_BYTES) -> str | None:
    """:func:`read_bytes` then :func:`decode`."""
    data = read_bytes(path, shown, imp, limit)
    return None if data is None else decode(data, shown, imp)


def entry_points(order: Sequence[str], links: dict[str, set[str]]) -> list[str]:
    """Where calls start, among named parts (contexts, menus) that send calls to each other
    (``links``): the parts no other part outside their own cycle reaches, the first in
    ``order`` of each cycle (a main menu and the sub-menus that come back to it).

    >>> entry_points(["main", "sub", "other"], {"main": {"sub"}, "sub": {"main"}, "other": set()})
    ['main', 'other']
    """
    sccs = _components(order, links)
    of = {name: i for i, members in enumerate(sccs) for name in members}
    entered = {of[b] for a, tos in links.items() for b in tos if b in of and of.get(a) != of[b]}
    rank = {name: i for i, name in enumerate(order)}
    firsts = [min(m, key=rank.__getitem__) for i, m in enumerate(sccs) if i not in entered]
    return sorted(firsts, key=rank.__getitem__)


def _components(order: Sequence[str], links: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of the parts (Tarjan's algorithm, without
    recursion: a dialplan's contexts may chain thousands deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    known = set(order)
    for root in order:
        if root in index:
            continue
        work = [(root, iter(sorted(t for t in links.get(root, ()) if t in known)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append(
                        (child, iter(sorted(t for t in links.get(child, ()) if t in known)))
                    )
                    break
                if child in on:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        x = stack.pop()
                        on.discard(x)
                        members.append(x)
                        if x == node:
                            break
                    out.append(members)
    return out

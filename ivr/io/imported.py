"""Building one menu from a file of named states: what the flow importers share (Twilio
Studio, Amazon Connect, VoiceXML), on top of :class:`ivr.io.platform.Import`.

An importer walks its platform's states and calls :class:`MenuBuilder` for each node it makes;
:meth:`MenuBuilder.build` then resolves references, turns a reference to a state the file does
not have into an explicit stand-in (a hang-up that says so) plus a located finding, applies the
file's ``ivr`` annotation (:mod:`ivr.io.annotation`), and validates the menu. Problems, caller
attributes and stand-in branches are the builder's :class:`~ivr.io.platform.Import` (``imp``),
as for the other importers; :func:`hotline_of` makes the hotline of a folder's menus. Every
node's ``note`` cites the platform file and line; what the file did not say is listed in
``inferred``.

Findings carry the importers' rule ids (:data:`ivr.io.platform.RULES`, docs/importers.md):
``import-dangling`` for a transition to a state the file does not have (severity error: the
call ends there), ``import-unmapped`` for a step whose result the file cannot tell (speech, a
function's or HTTP request's result, a variable, a template, a step ivr does not model).

>>> from ivr.model.types import Node
>>> b = MenuBuilder("flow.json", "flow")
>>> b.add(Node("main", "prompt", say="Hello", next="gone"), Loc("flow.json", 3, 5))
>>> b.entry("flow", "flow@studio", "main", Loc("flow.json", 1, 1))
>>> menu, problems = b.build()
>>> [n.id for n in menu.nodes], [str(p) for p in problems]
(['main', 'gone?'], ["flow.json:3:5: 'next' of 'main' goes to 'gone', which the file does not \
have; the call is modelled as ending there"])
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ivr.diagnostics import Diagnostic, Loc, did_you_mean
from ivr.io.annotation import apply
from ivr.io.platform import Import
from ivr.model.types import Case, Entry, Facts, Hotline, Menu, Node, Retries, Timeout
from ivr.model.validation import hotline_problems, menu_problems

LOCK_SUFFIX = ".lock.json"
"""What ``ivr lock`` writes beside menus (``ivr.lock.json``, ``<stem>.lock.json``): no flow."""
WORDS_PER_SECOND = 2.5
"""How fast a text-to-speech prompt is taken to play (150 words a minute) when a platform
file gives the words of a prompt but not its length."""


def speech_seconds(text: str, loops: int = 1) -> float:
    """How long ``text`` takes to say ``loops`` times, at :data:`WORDS_PER_SECOND`, rounded up
    to half seconds (0 for no words).

    >>> speech_seconds("Press 1 for sales, 2 for support"), speech_seconds("")
    (3.0, 0.0)
    """
    words = len(text.split())
    if not words:
        return 0.0
    half_seconds = -(-words * 2 // WORDS_PER_SECOND)  # ceiling
    return max(1.0, half_seconds / 2) * max(1, loops)


def flow_id(name: str) -> str:
    """A flow's name as a menu id and the first part of its address (``<id>@studio``).

    >>> flow_id("Support line (EN)")
    'Support-line-EN'
    """
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "flow"


def files_of(path: str | os.PathLike[str], suffixes: Sequence[str]) -> list[Path]:
    """The files a path stands for: itself, or a folder's files with one of ``suffixes``, in
    name order (hidden ones and routes locks, ``*.lock.json``, left out)."""
    p = Path(path)
    if not p.is_dir():
        return [p]
    return sorted(
        f
        for f in p.iterdir()
        if f.name.endswith(tuple(suffixes))
        and not f.name.startswith(".")
        and not f.name.endswith(LOCK_SUFFIX)
    )


def hotline_of(
    path: str | os.PathLike[str],
    menus: Iterable[Menu],
    problems: Iterable[Diagnostic],
    failed: Sequence[str] = (),
    none_found: str = "",
) -> tuple[Hotline | None, list[Diagnostic]]:
    """What a reader of a file or folder returns: the hotline of ``menus`` with the findings
    among ``problems`` (those with an importer's rule id) on ``Hotline.findings``, and the
    errors (the files', then the checks across files); None when no menu could be built.
    ``failed`` names the files that could not be read; ``none_found`` is the error for a
    folder with no file of the format."""
    built = tuple(menus)
    found = list(problems)
    if none_found and not built and not failed and Path(path).is_dir():
        found.append(Diagnostic(Loc(str(path)), none_found))
    findings = tuple(d for d in found if d.rule != "load")
    errors = [d for d in found if d.rule == "load"]
    hotline = Hotline(built, str(path), findings)
    errors.extend(hotline_problems(hotline, failed))
    return (hotline if built else None), errors


class MenuBuilder:
    """Collects the nodes, entries and findings of one imported menu file."""

    def __init__(self, file: str, menu_id: str, title: str = "", note: str = ""):
        self.file = file
        self.menu_id = menu_id
        self.title = title
        self.note = note
        self.nodes: dict[str, Node] = {}
        self.entries: list[Entry] = []
        self.imp = Import(file)
        """The import's problems and the caller attributes that stand for unknown results."""
        self.key_time: float | None = None
        self.annotation: object = None
        """What the file's ``ivr`` annotation says (:mod:`ivr.io.annotation`), if it has one."""
        self.locate: Callable[[str, str], Loc | None] = lambda node_id, target: None
        """Where node ``node_id`` names ``target`` (the importer's position map), for findings."""

    # -- what an importer calls -----------------------------------------------------------------
    def add(self, node: Node, loc: Loc, where: dict[str, tuple[int, int]] | None = None) -> None:
        """Add ``node``, located at ``loc`` (``where``: the lines of some of its fields)."""
        if node.id in self.nodes:
            first = self.nodes[node.id].loc
            self.error(loc, f"state '{node.id}' is defined twice (first at line {first.line})")
            return
        # the node was just made for this builder, which owns it: located in place (a
        # dataclasses.replace per node is a third of a large import's time)
        object.__setattr__(node, "loc", loc)
        if where:
            object.__setattr__(node, "where", where)
        self.nodes[node.id] = node

    def entry(self, name: str, address: str, start: str, loc: Loc) -> None:
        """An entry ``name`` dialled by the platform's own ``address``, starting at ``start``."""
        self.entries.append(Entry(id=name, dial=address, start=start, loc=loc))

    def attribute(self, name: str, values: Iterable[str]) -> None:
        """Declare a caller attribute (values in order, merged with earlier ones)."""
        self.imp.declare(name, tuple(values))

    def finding(self, loc: Loc, message: str, rule: str, severity: str = "warning") -> None:
        self.imp.finding(loc, rule, message, severity)

    def error(self, loc: Loc, message: str) -> None:
        self.imp.error(loc, message)

    @property
    def problems(self) -> list[Diagnostic]:
        """Every problem so far: the errors, then the findings."""
        return self.imp.errors + self.imp.findings

    def unknown(
        self,
        node_id: str,
        attribute: str,
        outcomes: Sequence[tuple[str, str]],
        loc: Loc,
        note: str,
        message: str = "",
        severity: str = "warning",
    ) -> Node:
        """A branch on caller attribute ``attribute`` standing for a result the file cannot
        tell (:meth:`ivr.io.platform.Import.unknown`); with ``message``, its
        ``import-unmapped`` finding."""
        node = self.imp.unknown(node_id, attribute, outcomes, loc, attribute=attribute,
                                message=message, rule="import-unmapped" if message else None,
                                severity=severity)  # fmt: skip
        return dataclasses.replace(node, facts=Facts(note=note))

    def ending(self, loc: Loc, say: str = "") -> str:
        """The id of a hang-up where the flow simply ends (a transition with no next state)."""
        node_id = "(end)"
        if node_id not in self.nodes:
            note = "the flow ends here: the platform hangs up"
            self.add(Node(node_id, "hangup", say=say, facts=Facts(note=note)), loc)
        return node_id

    # -- the result ------------------------------------------------------------------------------
    def build(self) -> tuple[Menu | None, list[Diagnostic]]:
        """The menu and every problem: the importer's, dangling references, validation."""
        self._resolve()
        menu = Menu(
            id=self.menu_id,
            title=self.title,
            note=self.note,
            file=self.file,
            caller=self.imp.caller,
            caller_words=self.imp.caller_words,
            entries=tuple(self.entries),
            nodes=tuple(self.nodes.values()),
            key_time=self.key_time or 1.0,
            loc=Loc(self.file, 1, 1),
        )
        if self.annotation is not None:
            try:
                annotated = apply(menu, self.annotation)  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                self.finding(
                    menu.loc,
                    f"the ivr annotation of this file is not one ivr wrote ({exc!r}); ignored",
                    "import-unmapped",
                )
            else:
                self._said_by_annotation(menu, annotated)
                menu = annotated
        if not menu.entries:
            self.error(Loc(self.file, 1, 1), "no entry: nothing in the file answers a call")
        problems = menu_problems(menu)
        out = self.problems + sorted(problems, key=lambda d: (d.loc.line, d.loc.col))
        errors = any(d.severity == "error" for d in out)
        return (None if errors and not self.nodes else menu), out

    def _said_by_annotation(self, menu: Menu, annotated: Menu) -> None:
        """Findings about steps the annotation says in full drop: the tests of a branch its
        platform writes as several steps, the helper steps no node leads to any more (an
        exported file imports without findings of its own making)."""
        ann = self.annotation
        assert isinstance(ann, dict)
        ids = {state: d.get("id", state) for state, d in ann["nodes"].items()}
        full = {s for s, d in ann["nodes"].items() if d.get("type") == "branch" and "else" in d}
        kept = {n.id for n in annotated.nodes}
        stale = {
            (n.loc.line, n.loc.col)
            for n in menu.nodes
            if n.id in full or ids.get(n.id, n.id) not in kept
        }
        if stale:
            self.imp.findings = [
                d for d in self.imp.findings
                if d.rule == "import-dangling" or (d.loc.line, d.loc.col) not in stale
            ]  # fmt: skip

    def _resolve(self) -> None:
        """Dangling references become stand-in hang-ups, each with a finding where it is."""
        known = set(self.nodes)
        for node in list(self.nodes.values()):
            fixed = _redirect(node, known, self)
            if fixed is not node:
                self.nodes[node.id] = fixed
        for i, e in enumerate(self.entries):
            if e.start not in known and e.start not in self.nodes:
                self.entries[i] = dataclasses.replace(
                    e, start=self._stand_in(e.start, f"the entry '{e.id}'", e.loc)
                )

    def _stand_in(self, target: str, what: str, loc: Loc) -> str:
        node_id = f"{target}?"
        if node_id not in self.nodes:
            note = f"stands in for '{target}', which the file does not have"
            self.nodes[node_id] = Node(node_id, "hangup", facts=Facts(note=note), loc=loc)
        self.finding(
            loc,
            f"{what} goes to '{target}', which the file does not have; the call is modelled "
            "as ending there" + did_you_mean(target, [n for n in self.nodes if "?" not in n]),
            "import-dangling",
            "error",
        )
        return node_id


def _redirect(node: Node, known: set[str], b: MenuBuilder) -> Node:
    changes: dict[str, object] = {}

    def fix(target: str, field: str) -> str:
        if target in known:
            return target
        pos = node.where.get(field)
        loc = Loc(node.loc.file, *pos) if pos else (b.locate(node.id, target) or node.loc)
        return b._stand_in(target, f"'{field}' of '{node.id}'", loc)

    if node.next is not None and node.next not in known:
        changes["next"] = fix(node.next, "next")
    if any(t not in known for _, t in node.options):
        changes["options"] = tuple((k, fix(t, "options." + k)) for k, t in node.options)
    if node.timeout is not None and node.timeout.to not in known:
        changes["timeout"] = Timeout(node.timeout.after, fix(node.timeout.to, "timeout"))
    if node.invalid is not None and node.invalid not in known:
        changes["invalid"] = fix(node.invalid, "invalid")
    if node.retries is not None and node.retries.then not in known:
        changes["retries"] = Retries(node.retries.max, fix(node.retries.then, "retries"))
    if any(c.to not in known for c in node.cases):
        changes["cases"] = tuple(
            Case(c.when, fix(c.to, f"case {i + 1}"), c.loc) if c.to not in known else c
            for i, c in enumerate(node.cases)
        )
    if node.otherwise is not None and node.otherwise not in known:
        changes["otherwise"] = fix(node.otherwise, "else")
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type]

"""Lint rules over the compiled graph: stable ids, default severities, person-readable messages.

Each rule has a stable id and a default severity; a node can silence a rule for itself with
``suppress: [rule-id]``, and ``[tool.ivr]`` in ``pyproject.toml`` selects rules, changes their
severity and sets the budgets (see :mod:`ivr.config` and ``docs/rules.md``). Searches are done
once per graph and shared by the rules (a reverse search from every human at once, one
multi-source Dijkstra for the time to a human, one breadth-first search for the depth — never
a search per node).

:data:`CATALOG` lists every rule ``ivr check`` can report, including those that are not graph
rules: ``unknown-reference`` and ``bad-number`` (a menu that does not load),
``documented-claim-broken`` (:mod:`ivr.check`) and ``routes-lock`` (:mod:`ivr.lock`).
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from ivr.diagnostics import Diagnostic
from ivr.graph.index import graph_index
from ivr.model.types import HUMAN_TYPES, TERMINAL_TYPES, Loc

if TYPE_CHECKING:
    import networkx as nx

    from ivr.lint.config import Config


@dataclass(frozen=True)
class Rule:
    """A graph rule: ``run(ctx)`` yields (graph node or Loc, message) for each finding."""

    id: str
    severity: str
    summary: str
    run: Callable[[Lint], Iterable[tuple[str | Loc, str]]]
    budget: str | None = None
    configurable: bool = True


def _reach(g: nx.MultiDiGraph, starts: Iterable[str], backwards: bool = False) -> set[str]:
    """Every graph node reachable from ``starts`` (following edges backwards if asked)."""
    step = getattr(g, "_pred" if backwards else "_succ", None) or (g.pred if backwards else g.succ)
    seen = set(starts)
    todo = deque(seen)
    while todo:
        for nxt in step[todo.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _nodes(g: nx.MultiDiGraph) -> Iterable[tuple[str, dict]]:
    return ((n, d) for n, d in g.nodes(data=True) if d.get("kind") == "node")


_INF = float("inf")

ARRAY_SEARCH_MIN = 20_000
"""Graphs of at least this many nodes are searched with scipy, when it is installed: below
that, importing scipy takes longer than the search it saves."""


class Lint:
    """One lint run over a compiled graph: the budgets and the searches the rules share.

    Each search runs at most once per run, whichever rules ask for it.
    """

    def __init__(self, g: nx.MultiDiGraph, budgets: dict[str, float] | None = None):
        from ivr.lint.config import DEFAULT_BUDGETS  # noqa: PLC0415

        self.g = g
        self.budgets = {**DEFAULT_BUDGETS, **(budgets or {})}

    @cached_property
    def nodes(self) -> list[tuple[str, dict]]:
        return list(_nodes(self.g))

    @cached_property
    def entries(self) -> list[str]:
        return [n for n, d in self.g.nodes(data=True) if d.get("kind") == "entry"]

    @cached_property
    def humans(self) -> list[str]:
        """Agents and callbacks (from the graph's index)."""
        index = graph_index(self.g)
        return [index.names[i] for i in index.humans]

    @cached_property
    def reached(self) -> set[str]:
        """Graph nodes some entry leads to."""
        return _reach(self.g, self.entries)

    @cached_property
    def can_reach_human(self) -> set[str]:
        """Graph nodes from which an agent or a callback can be reached (one reverse search)."""
        return _reach(self.g, self.humans, backwards=True)

    @cached_property
    def cannot_reach_human(self) -> list[str]:
        """Graph nodes from which no agent or callback can be reached, in the graph's order.

        On a big graph with scipy installed, one breadth-first search in C over the graph's
        :class:`~ivr.graph.GraphIndex`; otherwise the complement of :attr:`can_reach_human`.
        """
        index = graph_index(self.g)
        if len(index.names) >= ARRAY_SEARCH_MIN:
            found = index.without_path_to_human()
            if found is not None:
                return found
        reach = self.can_reach_human
        return [n for n in self.g if n not in reach]

    @cached_property
    def depth(self) -> dict[str, int]:
        """Fewest key presses from any entry to each node (one 0-1 breadth-first search)."""
        g = self.g
        succ = getattr(g, "_succ", None) or g.succ
        nodes = g.nodes
        dist: dict[str, int] = dict.fromkeys(self.entries, 0)
        todo = deque(self.entries)
        while todo:
            u = todo.popleft()
            du = dist[u]
            for v, keyed in succ[u].items():
                w = min(_presses(nodes[u], e) for e in keyed.values())
                if du + w < dist.get(v, _INF):
                    dist[v] = du + w
                    if w:
                        todo.append(v)
                    else:
                        todo.appendleft(v)
        return dist

    @cached_property
    def seconds_to_human(self) -> dict[str, float]:
        """Least seconds from each node to a human (one multi-source Dijkstra, edges reversed).

        Edge times are the graph's ``seconds``, except that a barge-in prompt leading on to a
        prompt, a branch or a menu costs nothing: a caller cuts it by typing the next key ahead.
        Conditions are not applied, so this is the time of the luckiest caller.
        """
        g = self.g
        pred = getattr(g, "_pred", None) or g.pred
        nodes = g.nodes
        dist: dict[str, float] = dict.fromkeys(self.humans, 0.0)
        heap = [(0.0, h) for h in self.humans]
        heapq.heapify(heap)
        while heap:
            dv, v = heapq.heappop(heap)
            if dv > dist[v]:
                continue
            skippable = nodes[v].get("type") in ("prompt", "branch", "menu")
            for u, keyed in pred[v].items():
                du = nodes[u]
                w = min(
                    0.0
                    if (skippable and e["kind"] == "next" and du.get("barge_in")
                        and du.get("type") == "prompt")
                    else e["seconds"]
                    for e in keyed.values()
                )  # fmt: skip
                if dv + w < dist.get(u, _INF):
                    dist[u] = dv + w
                    heapq.heappush(heap, (dv + w, u))
        return dist


def _presses(u: dict, e: dict) -> int:
    kind = e["kind"]
    if kind in ("option", "invalid"):
        return 1
    if kind == "retry":
        node = u.get("node")
        silent = node is not None and node.timeout is not None and node.timeout.to == node.id
        return 0 if silent else int(e.get("after", 1))
    return 0


def _unreachable(ctx: Lint) -> Iterable[tuple[str, str]]:
    reached = ctx.reached
    for n, d in ctx.nodes:
        if n not in reached:
            yield n, f"node '{d['id']}' cannot be reached from any entry"


def _dead_end(ctx: Lint) -> Iterable[tuple[str, str]]:
    g = ctx.g
    for n, d in ctx.nodes:
        if d["type"] not in TERMINAL_TYPES and g.out_degree(n) == 0:
            yield n, f"{d['type']} node '{d['id']}' has no way out and is not an end of the call"


def _no_human(ctx: Lint) -> Iterable[tuple[str, str]]:
    """One reverse search from every human at once. (A node that no entry reaches is
    reported once, by ``unreachable``, when that rule runs too.)"""
    g = ctx.g
    nodes = getattr(g, "_node", None) or g.nodes
    for n in ctx.cannot_reach_human:
        d = nodes[n]
        if d.get("kind") == "node" and d["type"] not in TERMINAL_TYPES:
            yield n, f"no human can be reached from {d['type']} node '{d['id']}'"


def _loop_no_exit(ctx: Lint) -> Iterable[tuple[str, str]]:
    import networkx as nx  # noqa: PLC0415

    g = ctx.g
    ends = [n for n, d in ctx.nodes if d["type"] in TERMINAL_TYPES]
    can_end = _reach(g, ends, backwards=True)
    trapped = g.subgraph(n for n, d in ctx.nodes if n not in can_end)
    for component in nx.strongly_connected_components(trapped):
        first = min(component)
        if len(component) > 1 or trapped.has_edge(first, first):
            ids = sorted(g.nodes[n]["id"] for n in component)
            yield (
                first,
                (
                    f"loop with no exit: {' -> '.join(ids)} -> ... never ends in an agent, "
                    "a callback or a hangup"
                ),
            )


def _menu_missing(field: str, why: str) -> Callable[[Lint], Iterable[tuple[str, str]]]:
    def run(ctx: Lint) -> Iterable[tuple[str, str]]:
        for n, d in ctx.nodes:
            if d["type"] == "menu" and getattr(d["node"], field) is None:
                yield n, f"menu '{d['id']}' has no '{field}': {why}"

    return run


def _budget(value: float) -> str:
    return f"{value:g}"


def _too_many_options(ctx: Lint) -> Iterable[tuple[str, str]]:
    limit = ctx.budgets["max_options"]
    for n, d in ctx.nodes:
        count = len(d["node"].options) if d["type"] == "menu" else 0
        if count > limit:
            yield (
                n,
                (
                    f"menu '{d['id']}' offers {count} options, more than the budget of "
                    f"{_budget(limit)} (max_options): callers forget long lists; split the menu"
                ),
            )


def _too_deep(ctx: Lint) -> Iterable[tuple[str, str]]:
    limit = ctx.budgets["max_depth"]
    depth = ctx.depth
    for n, d in ctx.nodes:
        if d["type"] in ("menu", *HUMAN_TYPES) and depth.get(n, 0) > limit:
            what = "menu" if d["type"] == "menu" else f"{d['type']}"
            yield (
                n,
                (
                    f"{what} '{d['id']}' takes {depth[n]} key presses from the nearest entry, more "
                    f"than the budget of {_budget(limit)} (max_depth)"
                ),
            )


def _slow_to_human(ctx: Lint) -> Iterable[tuple[str, str]]:
    limit = ctx.budgets["max_seconds_to_human"]
    seconds = ctx.seconds_to_human
    g = ctx.g
    for n in ctx.entries:
        s = seconds.get(n)
        if s is not None and s > limit:
            d = g.nodes[n]
            yield (
                n,
                (
                    f"from entry '{d['id']}' (dial {d['dial']}) the fastest way to a human takes "
                    f"{s:g} s, more than the budget of {_budget(limit)} s (max_seconds_to_human)"
                ),
            )


# -- keys a prompt names ----------------------------------------------------------------------

_WORD_KEYS = {
    "*": ("star", "asterisk", "звёздочк", "звездочк"),
    "#": ("pound", "hash", "решётк", "решетк", "диез"),
    "0": ("zero", "ноль", "нуль"),
    "1": ("one", "один", "одну", "единиц"),
    "2": ("two", "два", "двойк"),
    "3": ("three", "три", "тройк"),
    "4": ("four", "четыре", "четвёрк", "четверк"),
    "5": ("five", "пять", "пятёрк", "пятерк"),
    "6": ("six", "шесть", "шестёрк", "шестерк"),
    "7": ("seven", "семь", "семёрк", "семерк"),
    "8": ("eight", "восемь", "восьмёрк", "восьмерк"),
    "9": ("nine", "девять", "девятк"),
}
_WORD_TO_KEY = {w: k for k, words in _WORD_KEYS.items() for w in words}
_WORDS = "|".join(sorted((re.escape(w) + r"\w*" for w in _WORD_TO_KEY), key=len, reverse=True))
# a single key: a lone digit (not a phone number such as "8 800 ..."), * or #, a key word, A-D
_KEY = r"(?:(?<![\d])\d(?![\d])(?![\s\-]*\d\d)|[*#]|(?i:" + _WORDS + r")\b|[A-D](?![\w]))"
_SEP = r"(?:\s*[,/]\s*|\s+(?i:or|and|или|либо|и)\s+)"
_TRIGGER = (
    r"(?i:\b(?:press(?:ing)?|push|dial|enter|select|choose|нажмите|нажми|нажав|нажимайте|"
    r"наберите|набрав|наберите|жмите|выберите)|\b(?:key|button|клавиш[ауие]?|кнопк[ауие]?)\b)"
)
_FILLER = r"(?:\s+(?i:the|key|button|number|digit|on|на|клавишу|кнопку|цифру)\b)*"
_NAMED = re.compile(
    _TRIGGER
    + _FILLER
    + r"\s*(?P<keys>"
    + _KEY
    + r"(?:"
    + _SEP
    + _KEY
    + r")*)"
    # "Balance - 1, operator - 0" / "баланс — 1"
    + r"|(?:^|(?<=\s))[—–-]\s*(?P<dash>\d|[*#])(?=\s*(?:$|[,.;:!?)]|\s+(?i:or|and|или|и)\s))"
    # "1 — balance", "2 - продажи"
    + r"|(?<![\w*#.,/:\-])(?P<lead>\d|[*#])\s+[—–-]\s+(?=[^\W\d])"
    # "1 for balance"
    + r"|(?<![\w*#.,/:\-])(?P<for>\d|[*#])\s+(?i:for)\s"
)
_ONE_KEY = re.compile(_KEY)


def _as_key(token: str) -> str:
    if len(token) == 1:
        return token.upper() if token.upper() in "ABCD" else token
    low = token.lower()
    for word, key in _WORD_TO_KEY.items():
        if low.startswith(word):
            return key
    return token


def named_keys(text: str) -> set[str]:
    """The keys a prompt tells the caller to press ("press 3", "нажмите 3", "balance — 1").

    >>> sorted(named_keys("For balance press 1 or 2. Operator - 0."))
    ['0', '1', '2']
    >>> sorted(named_keys("Для связи с оператором нажмите 0, баланс — 1"))
    ['0', '1']
    >>> sorted(named_keys("Call 8 800 250 08 90, open 24/7 for you"))
    []
    """
    return set(_named_keys(text))


@lru_cache(maxsize=8192)
def _named_keys(text: str) -> frozenset[str]:
    keys: set[str] = set()
    for m in _NAMED.finditer(text):
        if m.group("keys"):
            keys.update(_as_key(t) for t in _ONE_KEY.findall(m.group("keys")))
        for name in ("dash", "lead", "for"):
            if m.group(name):
                keys.add(m.group(name))
    return frozenset(keys)


_LONE_DIGIT = {d: re.compile(rf"(?<![\w]){d}(?![\w])") for d in "0123456789"}


def mentions(text: str, key: str) -> bool:
    """Whether a prompt mentions ``key`` at all (a lone digit, the symbol or its word).

    >>> mentions("sections 2 and 5 lead on", "5"), mentions("12 months", "2")
    (True, False)
    """
    if key in _named_keys(text):
        return True
    if key.isdigit():
        return _LONE_DIGIT[key].search(text) is not None
    words = [re.escape(w) for w in _WORD_KEYS.get(key, ())]
    symbol = re.escape(key) if key in "*#" else rf"\b{key}\b(?=\W*$)"
    return re.search("|".join([symbol, *words]), text, re.IGNORECASE) is not None


def _menu_after(g: nx.MultiDiGraph, n: str) -> dict | None:
    """The menu a prompt's ``next`` chain leads to (through prompts only), or None."""
    seen = set()
    d = g.nodes[n]
    while d.get("type") == "prompt" and n not in seen:
        seen.add(n)
        nxt = [v for _, v, e in g.out_edges(n, data=True) if e["kind"] == "next"]
        if not nxt:
            return None
        n = nxt[0]
        d = g.nodes[n]
    return d if d.get("type") == "menu" else None


def _prompt_key_missing(ctx: Lint) -> Iterable[tuple[str, str]]:
    for n, d in ctx.nodes:
        if d["type"] not in ("menu", "prompt") or not d["say"]:
            continue
        named = _named_keys(d["say"])
        if not named:
            continue
        menu = d if d["type"] == "menu" else _menu_after(ctx.g, n)
        if menu is None:
            continue
        have = {k for k, _ in menu["node"].options}
        for key in sorted(named - have):
            where = "its menu" if menu is d else f"the menu '{menu['id']}' it leads to"
            yield (
                n,
                (
                    f"the prompt of {d['type']} '{d['id']}' tells the caller to press {key}, but "
                    f"{where} has no option {key} (options: {', '.join(sorted(have)) or 'none'})"
                ),
            )


def _key_not_announced(ctx: Lint) -> Iterable[tuple[str, str]]:
    for n, d in ctx.nodes:
        if d["type"] != "menu" or not d["say"] or not _named_keys(d["say"]):
            continue
        for key, target in d["node"].options:
            if not mentions(d["say"], key):
                yield (
                    n,
                    (
                        f"menu '{d['id']}' has option {key} (to '{target}'), which its prompt "
                        "never mentions: a hidden key only the initiated find"
                    ),
                )


MIN_REASON = 10


def _disputed_without_reason(ctx: Lint) -> Iterable[tuple[str | Loc, str]]:
    hotline = ctx.g.graph.get("hotline")
    if hotline is None:
        return
    for m in hotline.menus:
        for e in m.entries:
            if e.disputed and len(e.disputed.strip()) < MIN_REASON:
                yield (
                    e.loc,
                    (
                        f"entry '{e.id}' is marked disputed ('{e.disputed}') without a reason: say "
                        "which source disagrees and why the model differs"
                    ),
                )
        for c in m.documented:
            if c.disputed and len(c.disputed.strip()) < MIN_REASON:
                keys = f"keys '{c.keys_text}'" if c.keys else "no keys"
                yield (
                    c.loc,
                    (
                        f"documented claim (dial {c.dial}, {keys}) is marked disputed "
                        f"('{c.disputed}') without a reason: say why the model disagrees with "
                        f"source {', '.join(c.source)}"
                    ),
                )


RULES: tuple[Rule, ...] = (
    Rule("unreachable", "warning", "a node no entry leads to", _unreachable),
    Rule("dead-end", "error", "a node with no way out that does not end the call", _dead_end),
    Rule("loop-no-exit", "error", "a cycle from which the call can never end", _loop_no_exit),
    Rule("no-human", "warning", "a node from which no agent or callback is reachable", _no_human),
    Rule(
        "no-timeout",
        "warning",
        "a menu that waits forever for a key",
        _menu_missing("timeout", "a silent caller waits forever"),
    ),
    Rule(
        "no-invalid",
        "info",
        "a menu that ignores unknown keys",
        _menu_missing("invalid", "an unknown key is ignored without a word"),
    ),
    Rule(
        "too-many-options",
        "warning",
        "a menu with more options than the budget",
        _too_many_options,
        "max_options",
    ),  # fmt: skip
    Rule(
        "too-deep",
        "warning",
        "a menu or human more key presses deep than the budget",
        _too_deep,
        "max_depth",
    ),  # fmt: skip
    Rule(
        "slow-to-human",
        "warning",
        "an entry whose fastest way to a human is over the budget",
        _slow_to_human,
        "max_seconds_to_human",
    ),  # fmt: skip
    Rule(
        "prompt-key-missing",
        "warning",
        "a prompt that names a key the menu does not have",
        _prompt_key_missing,
    ),  # fmt: skip
    Rule(
        "key-not-announced",
        "info",
        "an option key the menu's prompt never mentions",
        _key_not_announced,
    ),  # fmt: skip
    Rule(
        "disputed-without-reason",
        "warning",
        "a disputed claim or entry that gives no reason",
        _disputed_without_reason,
    ),  # fmt: skip
)


def _elsewhere(ctx: Lint) -> Iterable[tuple[str, str]]:
    return ()


# Rules reported outside the graph lint: load errors, documented claims, the routes lock.
OTHER_RULES: tuple[Rule, ...] = (
    Rule(
        "unknown-reference",
        "error",
        "a reference to a node, file or entry that does not exist",
        _elsewhere,
        configurable=False,
    ),  # fmt: skip
    Rule(
        "bad-number",
        "error",
        "an entry number that does not parse as a telephone number",
        _elsewhere,
        configurable=False,
    ),  # fmt: skip
    Rule(
        "documented-claim-broken",
        "error",
        "a documented key sequence that no longer does what its source says",
        _elsewhere,
        configurable=False,
    ),  # fmt: skip
    Rule("routes-lock", "error", "best routes that differ from the lock file", _elsewhere),
)
CATALOG: tuple[Rule, ...] = RULES + OTHER_RULES


def rule(rule_id: str) -> Rule:
    """The catalog entry of a rule id (KeyError for an unknown one)."""
    for r in CATALOG:
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)


_LOAD_KINDS = (
    ("bad-number", ("is not a telephone number", "does not parse as a telephone number",
                    "is not a valid telephone number")),
    ("unknown-reference", ("which does not exist", "which is not a menu file of this folder",
                           "which has no such entry", "which no entry of this hotline has",
                           "which 'sources' does not list")),
)  # fmt: skip


def load_rule(diagnostic: Diagnostic) -> str:
    """The rule id of a load error: ``unknown-reference``, ``bad-number`` or ``load``.

    >>> message = "'next' of node 'a' points to 'b', which does not exist"
    >>> load_rule(Diagnostic(Loc("m.yaml", 3, 4), message))
    'unknown-reference'
    """
    if diagnostic.rule != "load":
        return diagnostic.rule
    for kind, phrases in _LOAD_KINDS:
        if any(p in diagnostic.message for p in phrases):
            return kind
    return "load"


def _suppressed(g: nx.MultiDiGraph, n: str, d: dict, rule_id: str) -> bool:
    model = d.get("node")
    if model is None and d.get("kind") == "entry":  # an entry answers to its start node
        start = next(iter(g.succ[n]), None)
        model = g.nodes[start].get("node") if start is not None else None
    return model is not None and rule_id in model.suppress


def lint(
    g: nx.MultiDiGraph, rules: Iterable[Rule] = RULES, config: Config | None = None
) -> list[Diagnostic]:
    """Run the rules over a compiled graph; findings sorted by file, line and rule.

    ``config`` (an :class:`ivr.config.Config`) selects rules, overrides severities and sets the
    budgets; without it every rule runs at its default severity on the default budgets.
    """
    ctx = Lint(g, config.budgets if config is not None else None)
    out: list[Diagnostic] = []
    rules = list(rules)
    ran = {r.id for r in rules if config is None or config.enabled(r.id)}
    for r in rules:
        if config is not None and not config.enabled(r.id):
            continue
        severity = config.severity_of(r.id, r.severity) if config is not None else r.severity
        for where, message in r.run(ctx):
            if isinstance(where, Loc):
                out.append(Diagnostic(where, message, r.id, severity))
                continue
            d = g.nodes[where]
            if _suppressed(g, where, d, r.id):
                continue
            out.append(Diagnostic(Loc(d["file"], d["line"], d["col"]), message, r.id, severity))
    if {"unreachable", "no-human"} <= ran:  # an unreachable node: say so once
        unreachable = {d.loc for d in out if d.rule == "unreachable"}
        out = [d for d in out if d.rule != "no-human" or d.loc not in unreachable]
    out.sort(key=lambda x: (x.loc.file, x.loc.line, x.loc.col, x.rule))
    return out

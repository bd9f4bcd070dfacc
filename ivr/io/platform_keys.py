"""Which choice the keys a caller presses select, when choices are more than one key long:
a small automaton over DTMF keys, shared by the importers.

Choices (Asterisk extensions ``100``, ``_1XX``, ``_[3-9#]``, ``_9.``; FreeSWITCH entries'
digits) are lists of key sets; :class:`Matcher` steps a set of (choice, position) pairs key
by key, the way the platforms collect digits: a key no choice can take is invalid at once;
when what was pressed completes a choice and no longer one could follow, the call goes there
at once; otherwise it waits the inter-digit timeout for more. :class:`KeyStates` makes those
waits menu nodes.

>>> m = Matcher([("1", pattern_of("1")), ("10", pattern_of("10")), ("_2X", pattern_of("_2X"))])
>>> start = m.start()
>>> m.best(m.step(start, "1")), m.more(m.step(start, "1"))
('1', True)
>>> m.best(m.step(m.step(start, "2"), "7")), m.more(m.step(m.step(start, "2"), "7"))
('_2X', False)
>>> m.step(start, "3")
frozenset()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ivr.model.types import Facts, Loc, Node, Timeout

KEYS = "0123456789*#ABCD"
KEY_ORDER = {k: i for i, k in enumerate(KEYS)}
_CLASSES = {"X": "0123456789", "Z": "123456789", "N": "23456789"}
ANY = "any"  # '.': one or more keys; '!': zero or more (only last in a pattern)
ANY0 = "any0"

Element = frozenset[str] | str


def pattern_of(exten: str) -> list[Element] | None:
    """An extension as a list of key sets (``ANY``/``ANY0`` for ``.``/``!``); None when a
    caller cannot dial it with keys (``s``, ``i``, ``start``).

    >>> pattern_of("_[3-9#]") == [frozenset("3456789#")]
    True
    >>> pattern_of("s") is None, pattern_of("_9.")[-1]
    (True, 'any')
    """
    if not exten.startswith("_"):
        if exten and all(c in KEYS for c in exten):
            return [frozenset(c) for c in exten]
        return None
    out: list[Element] = []
    i, body = 0, exten[1:]
    while i < len(body):
        c = body[i].upper()
        if c in _CLASSES:
            out.append(frozenset(_CLASSES[c]))
        elif c == ".":
            out.append(ANY)
        elif c == "!":
            out.append(ANY0)
        elif c == "[":
            end = body.find("]", i)
            if end < 0:
                return None
            out.append(frozenset(_expand(body[i + 1 : end])))
            i = end
        elif c in KEYS:
            out.append(frozenset(c))
        elif c in "-":
            pass  # a separator for readability: _1-800-XXX
        else:
            return None  # letters outside a class: not dialled with keys
        i += 1
    return out or None


def single_keys(targets: dict[str, str]) -> tuple[tuple[str, str], ...] | None:
    """The options when every choice is one key, in key order (no automaton, no wait for
    more keys: what most menus are); None when a choice is longer or a pattern.

    >>> single_keys({"2": "b", "1": "a"}), single_keys({"10": "x"})
    ((('1', 'a'), ('2', 'b')), None)
    """
    if all(len(k) == 1 and k in KEY_ORDER for k in targets):
        return tuple(sorted(targets.items(), key=lambda kv: KEY_ORDER[kv[0]]))
    return None


def _expand(spec: str) -> set[str]:
    out: set[str] = set()
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            lo, hi = spec[i], spec[i + 2]
            out.update(chr(c) for c in range(ord(lo), ord(hi) + 1) if chr(c) in KEYS)
            i += 3
        else:
            if spec[i] in KEYS:
                out.add(spec[i])
            i += 1
    return out


def _size(pattern: Sequence[Element]) -> int:
    """How much a pattern matches (smaller: more specific, as Asterisk prefers)."""
    return sum(1000 if isinstance(e, str) else len(e) for e in pattern)


class Matcher:
    """The extensions of one context (its includes after it), stepped key by key."""

    def __init__(self, extensions: Sequence[tuple[str, list[Element]]]):
        self.names = [name for name, _ in extensions]
        self.patterns = [p for _, p in extensions]
        self.exact = [not name.startswith("_") for name in self.names]

    def start(self) -> frozenset[tuple[int, int]]:
        return frozenset((i, 0) for i in range(len(self.patterns)))

    def step(self, state: frozenset[tuple[int, int]], key: str) -> frozenset[tuple[int, int]]:
        out = set()
        for i, p in state:
            pattern = self.patterns[i]
            if p < len(pattern):
                e = pattern[p]
                if isinstance(e, str) or key in e:
                    out.add((i, p + 1))
            elif pattern and isinstance(pattern[-1], str):
                out.add((i, p))  # '.' or '!' at the end: any number of keys more
        return frozenset(out)

    def _complete(self, i: int, p: int) -> bool:
        pattern = self.patterns[i]
        return p >= len(pattern) or (p == len(pattern) - 1 and pattern[p] == ANY0)

    def best(self, state: frozenset[tuple[int, int]]) -> str | None:
        """The extension what was pressed selects if no key follows (None: none)."""
        done = sorted(
            (not self.exact[i], _size(self.patterns[i]), i)
            for i, p in state
            if self._complete(i, p)
        )
        return self.names[done[0][2]] if done else None

    def more(self, state: frozenset[tuple[int, int]]) -> bool:
        """Whether a longer extension could still follow."""
        for i, p in state:
            pattern = self.patterns[i]
            if p < len(pattern) or isinstance(pattern[-1], str):
                return True
        return False


class KeyStates:
    """The menu nodes of keys being collected, made on demand into ``nodes``.

    ``target(name)`` is the node a completed choice leads to; ``invalid`` where a key no
    choice takes leads; ``after`` the inter-digit timeout (seconds); node ids are
    ``prefix + keys pressed``. Past ``max_states`` waits, longer choices are cut short
    (:attr:`cut` is then True: the importer reports it).
    """

    def __init__(
        self,
        matcher: Matcher,
        target: Callable[[str], str],
        invalid: str,
        after: float,
        prefix: str,
        loc: Loc,
        nodes: dict[str, Node],
        inferred: tuple[str, ...] = (),
        max_states: int = 400,
    ):
        self.m, self.target, self.invalid, self.after = matcher, target, invalid, after
        self.prefix, self.loc, self.nodes, self.inferred = prefix, loc, nodes, inferred
        self.memo: dict[frozenset, str] = {}
        self.max_states = max_states
        self.cut = False
        self._first: tuple[tuple[str, str], ...] | None = None

    def options(self) -> tuple[tuple[str, str], ...]:
        """The first key's options: the keys some choice starts with (made once)."""
        if self._first is None:
            start = self.m.start()
            out = []
            for key in KEYS:
                state = self.m.step(start, key)
                if state:
                    out.append((key, self._state(state, key)))
            self._first = tuple(out)
        return self._first

    def _state(self, state: frozenset, pressed: str) -> str:
        if state in self.memo:
            return self.memo[state]
        best = self.m.best(state)
        if best is not None and not self.m.more(state):
            self.memo[state] = self.target(best)
            return self.memo[state]
        if len(self.memo) >= self.max_states:
            self.cut = True
            return self.target(best) if best is not None else self.invalid
        node_id = self.memo[state] = self.prefix + pressed
        options = []
        for key in KEYS:
            nxt = self.m.step(state, key)
            if nxt:
                options.append((key, self._state(nxt, pressed + key)))
        to = self.target(best) if best is not None else self.invalid
        self.nodes[node_id] = Node(
            node_id,
            "menu",
            options=tuple(options),
            timeout=Timeout(self.after, to, loc=self.loc),
            invalid=self.invalid,
            facts=Facts(
                inferred=self.inferred + ("duration",),
                note=f"keys {pressed} so far: waiting {self.after:g} s for more",
            ),
            loc=self.loc,
            suppress=("too-many-options",),  # keys being collected, not a spoken list
        )
        return node_id

"""Menus of a chosen shape and size, built as model objects: for scale benchmarks and tests.

Each function returns a :class:`~ivr.model.Hotline` of one menu whose size grows with ``n``
(1 or more: :class:`~ivr.errors.InputError` below, as each function's ``Raises:`` says);
:func:`ivr.io.yaml.writer.dump` writes it as a menu file. ``benchmarks/bench_scale.py`` times
``ivr`` on each shape at ``n`` and ``2n``.

>>> import ivr
>>> [len(shape(40).menus[0].nodes) > 0 for shape in SHAPES.values()]
[True, True, True, True, True, True]
"""

from __future__ import annotations

from collections.abc import Callable

from ivr.errors import InputError
from ivr.model.types import (
    Case,
    Claim,
    Condition,
    Entry,
    Facts,
    Hotline,
    Menu,
    Node,
    Retries,
    Source,
    Timeout,
)

DIAL = "0890"


def _size(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"a shape's size is a whole number, 1 or more, not {n!r}")


def _hotline(name: str, nodes: list[Node], entries: tuple[Entry, ...] = (), **menu) -> Hotline:
    entries = entries or (Entry(id=DIAL, dial=DIAL, start=nodes[0].id),)
    m = Menu(id=name, file=f"{name}.yaml", entries=entries, nodes=tuple(nodes), **menu)
    return Hotline((m,), m.file)


def prompt_chain(n: int) -> Hotline:
    """``n`` prompts one after another (barge-in on, off, on, ...), then an agent.

    Raises: :class:`~ivr.errors.InputError` for ``n`` below 1.

    >>> import ivr
    >>> h = prompt_chain(4)
    >>> [(n.id, n.barge_in) for n in h.menus[0].nodes][:2], ivr.simulate(h, DIAL).outcome
    ([('p0', True), ('p1', False)], 'agent')
    """
    _size(n)
    nodes = [
        Node(
            f"p{i}",
            "prompt",
            say=f"Recording {i}",
            duration=2.0,
            barge_in=i % 2 == 0,
            next=f"p{i + 1}" if i + 1 < n else "human",
        )  # fmt: skip
        for i in range(n)
    ]
    return _hotline("prompt-chain", [*nodes, Node("human", "agent")])


def claimed_entries(n: int) -> Hotline:
    """``n`` entries (numbers 100, 101, ...), each starting at its own menu ``0`` -> an agent,
    and one documented claim per entry.

    Raises: :class:`~ivr.errors.InputError` for ``n`` below 1.

    >>> import ivr
    >>> h = claimed_entries(3)
    >>> len(h.menus[0].entries), len(h.menus[0].documented), ivr.simulate(h, "101", "0").outcome
    (3, 3, 'agent')
    """
    _size(n)
    nodes, entries, claims = [], [], []
    for i in range(n):
        dial = str(100 + i)
        nodes.append(Node(f"m{i}", "menu", say="Operator - 0", duration=3.0,
                          options=(("0", "human"),)))  # fmt: skip
        entries.append(Entry(id=dial, dial=dial, start=f"m{i}", facts=Facts(source=("A",))))
        claims.append(Claim(dial=dial, keys=("0",), expect="agent", source=("A",)))
    nodes.append(Node("human", "agent"))
    return _hotline("claimed-entries", nodes, tuple(entries), documented=tuple(claims),
                    sources=(Source("A", "Operator website"),))  # fmt: skip


def retry_chain(n: int) -> Hotline:
    """``n`` menus in a row where silence moves on to the next menu and counts as a failure
    (``retries: 3``, then a hangup); only the last menu's ``0`` reaches an agent.

    Raises: :class:`~ivr.errors.InputError` for ``n`` below 1.

    >>> import ivr
    >>> ivr.simulate(retry_chain(3), DIAL, "_ _ 0").outcome
    'agent'
    """
    _size(n)
    nodes = []
    for i in range(n):
        nxt = f"m{i + 1}" if i + 1 < n else "bye"
        options = (("0", "human"),) if i + 1 == n else (("9", "bye"),)
        nodes.append(Node(f"m{i}", "menu", say="Please hold", duration=2.0, options=options,
                          timeout=Timeout(3.0, nxt), retries=Retries(3, "bye")))  # fmt: skip
    return _hotline("retry-chain", [*nodes, Node("human", "agent"), Node("bye", "hangup")])


def tree(n: int, arity: int = 4) -> Hotline:
    """A full ``arity``-ary tree of ``n`` menus (menu ``i``'s key ``k`` leads to menu
    ``arity*i + k``); a key of a menu without that child reaches an agent of its own.

    Raises: :class:`~ivr.errors.InputError` for ``n`` below 1.

    >>> import ivr
    >>> h = tree(5)
    >>> sum(n.type == "agent" for n in h.menus[0].nodes), ivr.simulate(h, DIAL, "1 1").outcome
    (16, 'agent')
    """
    _size(n)
    nodes, agents = [], []
    for i in range(n):
        options = []
        for k in range(1, arity + 1):
            child = arity * i + k
            if child < n:
                options.append((str(k), f"m{child}"))
            else:
                agents.append(Node(f"a{i}_{k}", "agent"))
                options.append((str(k), agents[-1].id))
        nodes.append(Node(f"m{i}", "menu", say="Choose", duration=2.0, options=tuple(options)))
    return _hotline("tree", nodes + agents)


def many_values(n: int) -> Hotline:
    """One caller attribute with ``n`` values; a branch on the last one.

    Raises: :class:`~ivr.errors.InputError` for ``n`` below 1.

    >>> import ivr
    >>> ivr.simulate(many_values(3), DIAL, caller={"plan": "p2"}).node
    'vip'
    """
    _size(n)
    values = tuple(f"p{i}" for i in range(n))
    start = Node("start", "branch", cases=(Case(Condition((("plan", (values[-1],)),)), "vip"),),
                 otherwise="human")  # fmt: skip
    nodes = [start, Node("human", "agent"), Node("vip", "agent")]
    return _hotline("many-values", nodes, caller=(("plan", values),))


def long_chain(n: int) -> Hotline:
    """``n`` prompts of 60 s each before the only agent: past the simulator's 3,600 s call
    limit once ``n`` > 60, so no route reaches the human.

    Raises: :class:`~ivr.errors.InputError` for ``n`` below 1.

    >>> import ivr
    >>> ivr.routes(long_chain(61))
    []
    """
    _size(n)
    nodes = [
        Node(
            f"p{i}",
            "prompt",
            say="Please hold",
            duration=60.0,
            barge_in=False,
            next=f"p{i + 1}" if i + 1 < n else "human",
        )  # fmt: skip
        for i in range(n)
    ]
    return _hotline("long-chain", [*nodes, Node("human", "agent")])


SHAPES: dict[str, Callable[[int], Hotline]] = {
    "prompt-chain": prompt_chain,
    "claimed-entries": claimed_entries,
    "retry-chain": retry_chain,
    "tree": tree,
    "many-values": many_values,
    "long-chain": long_chain,
}
"""Every shape by name."""

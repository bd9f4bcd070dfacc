"""Hypothesis strategies for voice menus: random valid menus, callers, hours, keys and walks.

Part of the public API, for property tests of ``ivr`` itself and of your own menus:

* :func:`menus` — random *valid* :class:`~ivr.model.Menu` objects: every reference resolves,
  there is at least one entry, node types mix prompts, menus, branches, agents, callbacks and
  hangups, conditions test declared caller attributes and hours, timeouts, invalid-key handling
  and retries are sometimes there, barge-in goes both ways, durations stay in the loader's
  ranges, and documented claims are sometimes present. ``ivr.dump.dump`` of any of them loads
  back equal;
* :func:`hotlines` — one file, or two files where the first transfers into an entry of the
  second (``Target(file="<name>.yaml", entry=<entry id>)``; the menus' ``file`` fields end with
  that name);
* :func:`key_sequences` — DTMF keys, sometimes ``_`` (stay silent until the menu times out);
* :func:`walks` — key sequences along real options of a menu, so a walk goes somewhere rather
  than bouncing off invalid keys;
* :func:`callers` — caller attributes a menu or hotline declares; :func:`hours` — ``"HH:MM"``.

Testing your own menu: every walk a caller may take through it ends (in a human or a hangup)
instead of leaving the caller stuck in silence:

>>> import ivr
>>> from hypothesis import given, settings
>>> from ivr.testing.strategies import callers, hours, walks
>>> menu = ivr.load_menu_text('''
... ivr: 1
... caller: {network: [mts, other]}
... entries: [{dial: "0890", start: main}]
... nodes:
...   main:
...     type: menu
...     say: "Balance - 1, operator - 0"
...     duration: 6
...     options: {"1": balance, "0": queue}
...     timeout: {after: 5, to: queue}
...     invalid: main
...     retries: {max: 3, then: queue}
...   balance: {type: prompt, say: "Your balance is ...", duration: 4, next: main}
...   queue: {type: branch, cases: [{when: {network: mts}, to: human}], else: bye}
...   human: {type: agent}
...   bye: {type: hangup, say: "Call 8 800 250 08 90", duration: 3}
... ''')
>>> @settings(max_examples=25, deadline=None)
... @given(keys=walks(menu, entry="0890"), caller=callers(menu), at=hours())
... def test_no_caller_is_left_waiting(keys, caller, at):
...     call = ivr.simulate(menu, "0890", keys, caller=caller, at=at)
...     assert call.outcome in ("agent", "hangup"), call.transcript()
>>> test_no_caller_is_left_waiting()

And a property of the tool itself, over random menus:

>>> from ivr.io.yaml.writer import dump
>>> from ivr.testing.strategies import menus
>>> @settings(max_examples=10, deadline=None)
... @given(menus(max_nodes=6))
... def test_round_trip(m):
...     assert ivr.load_menu_text(dump(m), m.file) == m
>>> test_round_trip()
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ivr.errors import InputError
from ivr.graph.build import as_hotline
from ivr.model.numbers import digits_of
from ivr.model.types import (
    DTMF_KEYS,
    FREE,
    Claim,
    Condition,
    Entry,
    Hotline,
    Menu,
    Source,
    Target,
)
from ivr.model.validation import sound
from ivr.testing.parts import (  # the pieces; hours, key_sequences, conditions public here too
    _ATTRIBUTES,
    _BOOL,
    _BYTE,
    _MENU_NAMES,
    MENU_NODE_TYPES,
    SILENCE,
    _caller,
    _caller_declaration,
    _chance,
    _claim,
    _condition,
    _cost,
    _dials,
    _facts,
    _key_times,
    _menu_ids,
    _node,
    _node_ids,
    _pick,
    _short_texts,
    _subset,
    conditions,
    hours,
    key_sequences,
)

__all__ = [
    "MAX_NODES",
    "MENU_NODE_TYPES",
    "callers",
    "conditions",
    "hotlines",
    "hours",
    "key_sequences",
    "menus",
    "walks",
]


@st.composite
def _menu(
    draw: st.DrawFn,
    min_nodes: int,
    max_nodes: int,
    node_types: Sequence[str],
    claims: bool,
    menu_id: str | None = None,
    caller: tuple[tuple[str, tuple[str, ...]], ...] | None = None,
    targets: Sequence[Target] = (),
    avoid_dials: Sequence[str] = (),
) -> Menu:
    if menu_id is None:
        menu_id = draw(_menu_ids)
    sources = tuple(
        Source(
            sid,
            title=draw(_short_texts),
            date=_pick(draw, ("", "2024-05-01")),
            url=_pick(draw, ("", "https://example.org/a")),
        )  # fmt: skip
        for sid in _subset(draw, ("A", "B", "C", "seed"), 3)
    )
    source_ids = [s.id for s in sources]
    if caller is None:
        caller = _caller_declaration(draw)
    ids = draw(
        st.lists(
            _node_ids,
            min_size=max(1, min_nodes),
            max_size=max(1, min_nodes, max_nodes),
            unique=True,
        )  # fmt: skip
    )
    # menus are what a hotline is made of: drawn three times as often as other types
    types = [*node_types, *(["transfer"] if targets else [])]
    types = [kind for kind in types for _ in range(3 if kind == "menu" else 1)]
    kinds = [_pick(draw, types) for _ in ids]
    if targets and "transfer" not in kinds:
        kinds[draw(_BYTE) % len(ids)] = "transfer"
    nodes = tuple(
        _node(draw, node_id, kind, ids, caller, source_ids, targets)
        for node_id, kind in zip(ids, kinds, strict=True)
    )
    entries = []
    for i, dial in enumerate(_dials(draw, 1 + draw(_BYTE) % 3, avoid_dials)):
        short = len(digits_of(dial)) <= 6
        entries.append(
            Entry(
                id=f"e{i}" if _chance(draw, 3) else digits_of(dial),
                dial=dial,
                start=_pick(draw, ids),
                when=_condition(draw, caller) if _chance(draw, 3) else Condition(),
                cost=_cost(draw) if _chance(draw, 3) else FREE,
                region=_pick(draw, ("RU", "RU", "RU", "KZ")) if short else "RU",
                title=_pick(draw, ("", "", "from abroad")),
                facts=_facts(draw, source_ids, ("dial", "when", "cost", "start")),
                disputed=_pick(draw, ("", "", "source B gives another number")),
            )
        )
    documented: tuple[Claim, ...] = ()
    if claims and source_ids and draw(_BOOL):  # a claim cites at least one source
        documented = tuple(
            _claim(draw, entries, caller, ids, source_ids) for _ in range(1 + draw(_BYTE) % 3)
        )
    return Menu(
        id=menu_id,
        title=_pick(draw, ("", "", "Support line", "Горячая линия")),
        note=_pick(draw, ("", "", "Built from the seed article.\nDurations inferred.")),
        file=f"{menu_id}.yaml",
        key_time=draw(_key_times),
        sources=sources,
        caller=caller,
        entries=tuple(entries),
        nodes=nodes,
        documented=documented,
    )


def menus(
    min_nodes: int = 1,
    max_nodes: int = 12,
    *,
    node_types: Sequence[str] = MENU_NODE_TYPES,
    claims: bool = True,
) -> st.SearchStrategy[Menu]:
    """Random valid one-file menus of ``min_nodes`` to ``max_nodes`` nodes.

    Every reference resolves and there is at least one entry; loops, unreachable nodes and
    menus with no way to a human are allowed (they are valid files; the lint rules judge them).
    ``node_types`` limits the types drawn; ``claims=False`` leaves out documented claims (a
    drawn claim dials one of the menu's entries and cites its sources, but expects a random
    outcome: whether it holds is chance). ``menu.file`` is
    ``"<id>.yaml"``; load a dumped menu back with ``load_menu_text(text, menu.file)``.

    Raises: :class:`~ivr.errors.InputError` (also a ``ValueError``) for ``node_types`` that
    are not some of :data:`MENU_NODE_TYPES`, or sizes out of :data:`MAX_NODES`.
    """
    unknown = set(node_types) - set(MENU_NODE_TYPES)
    if unknown or not node_types:
        raise InputError(f"node_types must be some of {', '.join(MENU_NODE_TYPES)}")
    _check_sizes(min_nodes, max_nodes)
    return _menu(min_nodes, max_nodes, tuple(node_types), claims)


MAX_NODES = 64
"""The most nodes a drawn menu may ask for: its node ids come from a small pool."""


def _check_sizes(min_nodes: int, max_nodes: int) -> None:
    if not 0 <= min_nodes <= MAX_NODES or not 0 <= max_nodes <= MAX_NODES:
        raise InputError(f"min_nodes and max_nodes must be 0 to {MAX_NODES}, not "
                         f"{min_nodes} and {max_nodes}")  # fmt: skip


@st.composite
def hotlines(
    draw: st.DrawFn,
    min_nodes: int = 1,
    max_nodes: int = 8,
    *,
    files: int | None = None,
    claims: bool = True,
) -> Hotline:
    """One menu file, or two where the first transfers into an entry of the second.

    With two files the first has at least one ``transfer`` node with ``to`` =
    ``Target("<second id>.yaml", <entry id of the second>)``; the files share caller
    declarations (the second may declare one more attribute). ``files`` forces 1 or 2.

    Raises (when drawn): :class:`~ivr.errors.InputError` (also a ``ValueError``) for ``files``
    other than 1 or 2, or sizes out of :data:`MAX_NODES`.
    """
    count = files if files is not None else 1 + draw(_BYTE) % 2
    if count not in (1, 2):
        raise InputError(f"files must be 1 or 2, not {files}")
    _check_sizes(min_nodes, max_nodes)
    caller = _caller_declaration(draw)
    if count == 1:
        menu = draw(_menu(min_nodes, max_nodes, MENU_NODE_TYPES, claims, caller=caller))
        return Hotline((menu,), "")
    first_id, second_id = draw(
        st.lists(st.sampled_from(_MENU_NAMES), min_size=2, max_size=2, unique=True)
    )
    second_caller = caller
    extra = [name for name in _ATTRIBUTES if name not in dict(caller)]
    if extra and bool(draw(_BOOL)):  # bool(): mypy would type the draw from `extra`
        second_caller = (*caller, (extra[0], _ATTRIBUTES[extra[0]][:2]))
    second = draw(_menu(min_nodes, max_nodes, MENU_NODE_TYPES, claims, menu_id=second_id,
                        caller=second_caller))  # fmt: skip
    targets = [Target(second.file, e.id) for e in second.entries]
    first = draw(_menu(min_nodes, max_nodes, MENU_NODE_TYPES, claims, menu_id=first_id,
                       caller=caller, targets=targets,
                       avoid_dials=[e.dial for e in second.entries]))  # fmt: skip
    return Hotline((first, second), "")


@st.composite
def _callers_of(draw: st.DrawFn, declared: dict[str, Sequence[str]]) -> dict[str, str]:
    return _caller(draw, declared)


def callers(menu_or_hotline: Menu | Hotline) -> st.SearchStrategy[dict[str, str]]:
    """Caller attributes (``{"network": "mts", ...}``) among those the menu or hotline declares.

    Some attributes are left out: ``simulate`` then takes the first declared value.

    Raises: nothing.
    """
    return _callers_of(dict(as_hotline(menu_or_hotline).caller_attributes))


@st.composite
def walks(
    draw: st.DrawFn,
    menu_or_hotline: Menu | Hotline,
    entry: str | None = None,
    max_size: int = 8,
) -> list[str]:
    """Keys along real options: pressed at menus the call can actually reach from an entry.

    Starting at ``entry`` (an entry id or number; any entry when None) the walk follows the menu:
    at a menu it mostly presses one of the options, sometimes stays silent (``_``, when the menu
    has a timeout) or presses an unknown key; prompts are followed, branches take any of their
    ways (the walk does not know the caller), transfers go on in the target file. The walk ends
    at a human or a hangup or after ``max_size`` keys.

    Raises (when drawn): :class:`~ivr.errors.LoadError` for menus that do not validate,
    :class:`~ivr.errors.InputError` for menus with no entry.
    """
    hotline = sound(menu_or_hotline)
    pairs = hotline.entries()
    if not pairs:
        raise InputError("the menus have no entry: a walk starts at one")
    if entry is not None:
        pairs = [(m, e) for m, e in pairs if entry in (e.id, e.dial)] or pairs
    menu, start = _pick(draw, pairs)
    nodes = menu.node_map()
    current = start.start
    keys: list[str] = []
    for _ in range(4 * max_size + 16):
        if len(keys) >= max_size:
            break
        node = nodes[current]
        if node.type == "prompt" and node.next is not None:
            current = node.next
        elif node.type == "branch":
            ways = [c.to for c in node.cases] + [node.otherwise]
            current = _pick(draw, [w for w in ways if w is not None])
        elif node.type == "transfer" and node.to is not None:
            try:
                menu = hotline.menu(node.to.file)
            except KeyError:
                break
            nodes = menu.node_map()
            current = next(e.start for e in menu.entries if node.to.entry in (e.id, e.dial))
        elif node.type == "menu":
            choice = draw(_BYTE) % 10
            unknown = [k for k in DTMF_KEYS if node.option(k) is None]
            if node.options and choice < 7:
                key, current = _pick(draw, node.options)
                keys.append(key)
            elif node.timeout is not None and choice < 9:
                keys.append(SILENCE)
                current = node.timeout.to
            elif unknown:
                keys.append(_pick(draw, unknown))
                current = node.invalid or current
            else:
                break
        else:  # agent, callback, hangup: the call is over
            break
    return keys

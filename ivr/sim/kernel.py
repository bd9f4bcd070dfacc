"""The step rules of a call: the one place that says what happens at a node.

For a node, the caller's situation there (a key typed ahead, the caller's next input, how long
the call has been at a menu, the menu's failures so far) :func:`step` gives the one transition
that leaves it: the way out it takes (one edge of the compiled graph), what it consumes (a key,
a silence ``_``, a listen ``.``, the typed-ahead key, or nothing), and what it costs in seconds
and presses. The simulator (:mod:`ivr.sim.run`) follows one caller through these steps; the
route search (:mod:`ivr.routing.states`) asks for every input a caller could give and unfolds
the steps into its state graph; :mod:`ivr.sim.reach` sums them for the luckiest caller. The
rules are those of ``docs/semantics.md``.

>>> from ivr.model.types import Node, Timeout
>>> menu = Node("main", "menu", duration=6, options=(("0", "human"),),
...             timeout=Timeout(5, "main"))
>>> s = step(menu, key_time=1, intent="0")
>>> s.way.kind, s.way.to, s.key, s.presses, s.seconds, s.reason
('option', 'human', '0', 1, 1.0, 'at-once')
>>> s = step(menu, key_time=1, intent=SILENCE)
>>> s.way.kind, s.consumes, s.seconds
('timeout', '_', 11.0)
"""

from __future__ import annotations

from collections.abc import Mapping

from ivr._record import NamedTuple
from ivr.model.clock import Moment
from ivr.model.types import DTMF_KEYS, HUMAN_TYPES, Case, Condition, Entry, Node, Target

SILENCE = "_"  # stay silent at this menu until it times out
LISTEN = "."  # hear prompts to their end: the next key waits until this menu has spoken
BUFFER = "buffer"  # what a step consumes when it takes the key typed ahead


class Way(NamedTuple):
    """One way out of a node: what the compiled graph has as one edge out of it.

    ``kind`` is the edge kind (option, next, timeout, invalid, retry, branch, transfer); ``to``
    the node id it leads to in the same file (None for a transfer, which names ``target``);
    ``key`` an option's key; ``condition`` a branch case's (None for ``else``, ``otherwise``).
    """

    kind: str
    to: str | None
    key: str | None = None
    condition: Condition | None = None
    otherwise: bool = False
    target: Target | None = None


class Step(NamedTuple):
    """One transition out of a node, for one input of the caller.

    ``way`` is None when the call stays at the node (an ignored key, a listen) or goes nowhere
    (``reason`` no-timeout: silence at a menu that waits forever). ``consumes`` is the caller's
    input it uses: a key, ``SILENCE``, ``LISTEN``, ``BUFFER`` (the key typed ahead) or None (a
    step the line drives, or silence because the keys ran out). ``seconds`` is what the step
    takes; ``at`` the clock when it ends and ``press_at`` when its key is pressed, for a step
    that started at clock ``now`` (0 unless given: then ``at`` is ``seconds``). ``buffer`` is
    the key typed ahead after it; ``fails`` the node's failure count after it (None: unchanged,
    a menu without ``retries`` counts none); ``failure`` what failed ("timeout", "invalid", or
    "ignored": a key a menu without ``invalid`` lets pass) when the step is a failure.
    """

    way: Way | None
    reason: str
    consumes: str | None = None
    key: str | None = None
    presses: int = 0
    seconds: float = 0.0
    press_at: float = 0.0
    at: float = 0.0
    buffer: str | None = None
    fails: int | None = None
    failure: str = ""


# The commonest steps (a key that is an option, a prompt heard) are made as plain tuples of
# every field in order: the keyword constructors took a sixth of a simulated call.
_new = tuple.__new__


def is_key(intent: str | None) -> bool:
    """Whether the caller's next input is a key to press (not silence, a listen or nothing)."""
    return intent is not None and intent not in (SILENCE, LISTEN)


def step(
    node: Node,
    *,
    key_time: float,
    buffered: str | None = None,
    intent: str | None = None,
    now: float = 0.0,
    started: float | None = None,
    fails: int = 0,
    who: Mapping[str, str] | None = None,
    minute: int | Moment = 0,
) -> Step:
    """The transition out of ``node`` for a caller whose next input is ``intent``.

    ``buffered``: the key typed ahead into this node; ``now``: the clock; ``started``: the
    clock when the call came to this menu (earlier than ``now`` after ignored keys or a
    listen); ``fails``: the menu's failures so far; ``who``
    and ``minute``: the caller and the time a branch tests (minutes since midnight, an
    ordinary day, or a :class:`~ivr.model.clock.Moment` with its weekday or date). An agent,
    callback or hangup ends the
    call: :func:`ending` says how.
    """
    kind = node.type
    if kind == "menu":
        return menu_step(node, key_time, buffered, intent, now, started, fails)
    if kind == "prompt":
        return prompt_step(node, key_time, buffered, intent, now)
    if kind == "branch":
        return branch_step(node, who or {}, minute, now)
    if kind == "transfer":
        return transfer_step(node, buffered, now)
    raise ValueError(f"a {kind} node ends the call: no step leaves it")


def ending(node: Node) -> tuple[str, float] | None:
    """(outcome, seconds the node takes) of a node that ends the call, else None.

    A human answers the moment the call enters the node; a hangup plays its ``say`` first.
    """
    if node.type in HUMAN_TYPES:
        return node.type, 0.0
    if node.type == "hangup":
        return "hangup", node.duration
    return None


def connect_seconds(entry: Entry) -> float:
    """Expected seconds from dialling ``entry`` to its answer: 0 for a number that connects
    at once, else its ``connect`` delay over the chance an attempt connects (redials counted).

    >>> from ivr.model.types import Connect
    >>> connect_seconds(Entry("0890", "0890", "main", connect=Connect(30, 0.25)))
    40.0
    """
    return entry.connect.expected() if entry.connect is not None else 0.0


def queue_wait(node: Node, minute: int | Moment, entry: Entry | None = None) -> float | None:
    """The expected queue wait at a human ``node`` at ``minute`` (minutes since midnight or a
    :class:`~ivr.model.clock.Moment`), for a call that dialled ``entry`` (its ``load`` scales
    the wait); None when no one knows it. A node with ``staffing`` has the Erlang C wait of its
    calls, handle time and agents at that time (inf when the queue never clears); else its
    ``wait`` of the hour, times the factor of the day (``by_day``: holidays).

    >>> from ivr.model.types import Staffing, Wait
    >>> human = Node("h", "agent", wait=Wait(600))
    >>> queue_wait(human, 0), queue_wait(human, 0, Entry("0605", "0605", "h", load=0.5))
    (600.0, 300.0)
    >>> queue_wait(Node("h", "agent"), 0) is None
    True
    >>> round(queue_wait(Node("h", "agent", staffing=Staffing(200, 180, 11)), 0))
    123
    """
    if node.staffing is not None:
        wait = float(node.staffing.wait(minute))
    elif node.wait is not None:
        wait = float(node.wait.at(minute))
    else:
        return None
    return wait * entry.load if entry is not None else wait


def prompt_step(
    node: Node, key_time: float, buffered: str | None, intent: str | None, now: float = 0.0
) -> Step:
    """A prompt: cut by a key (typed ahead already, or pressed now) when it has barge-in, or
    heard to its end; a key typed ahead rides on to the next node either way."""
    way = _new(Way, ("next", node.next, None, None, False, None))
    if node.barge_in and buffered is not None:
        return Step(way, "typed-ahead", at=now, buffer=buffered)
    if node.barge_in and is_key(intent):
        at = now + key_time
        return Step(way, "barge-in", intent, intent, 1, key_time, at, at, buffer=intent)
    at = now + node.duration
    return _new(Step, (way, "heard", None, None, 0, node.duration, 0.0, at, buffered, None, ""))


def branch_step(node: Node, who: Mapping[str, str], minute: int | Moment, now: float = 0.0) -> Step:
    """A branch: the first case that holds for the caller at the hour, else ``else``; no time,
    and a key typed ahead passes through (the caller of :func:`step` keeps it)."""
    case = branch_case(node, who, minute)
    if case is None:
        return Step(Way("branch", node.otherwise, otherwise=True), "else", at=now)
    return Step(Way("branch", case.to, condition=case.when), "case", at=now)


def branch_case(node: Node, who: Mapping[str, str], minute: int | Moment) -> Case | None:
    """The case of a branch that decides for this caller at this time (None: ``else``): its
    hours, weekdays and dates are tested by :meth:`~ivr.model.types.Condition.holds`."""
    for case in node.cases:  # (Condition.holds reads the mapping as it is: no copy)
        if case.when.holds(who, minute):
            return case
    return None


def transfer_step(node: Node, buffered: str | None, now: float = 0.0) -> Step:
    """A transfer: its ``duration``, and a key typed ahead is dropped (the other line never
    heard it). The call goes on at the target entry's start (:func:`ivr.sim.run.simulate`
    finds it in the hotline)."""
    reason = "transfer" if buffered is None else "transfer-drops-key"
    way = Way("transfer", None, target=node.to)
    return Step(way, reason, seconds=node.duration, at=now + node.duration)


def press_seconds(node: Node, key_time: float) -> float:
    """Seconds from a menu's start to its first key pressed as early as the menu accepts it."""
    return float(key_time if node.barge_in else node.duration + key_time)


def early_seconds(node: Node, key_time: float) -> tuple[float, float, float, float]:
    """What each way out of ``node`` takes a caller who presses as early as the menu accepts
    and never types ahead: (a key at a menu, the prompt heard to its end, the timeout, the
    transfer), in seconds -- what the steps above give. A retry and a branch take none.

    >>> early_seconds(Node("m", "menu", duration=6, barge_in=False), key_time=1)
    (7.0, 6.0, 6.0, 6.0)
    """
    heard = float(node.duration)
    silence = heard + node.timeout.after if node.timeout is not None else heard
    press = float(key_time) if node.barge_in else heard + key_time
    return press, heard, silence, heard


def menu_keys(node: Node) -> tuple[str, ...]:
    """The keys worth pressing at a menu: its options, then one key that is none of them when
    the menu has ``invalid`` (see :func:`other_key`)."""
    keys = tuple(k for k, _ in node.options)
    other = other_key(node) if node.invalid is not None else None
    return keys + ((other,) if other else ())


KEY_ORDER = "".join(sorted(DTMF_KEYS))
"""The order ties between key sequences break in, and unknown keys are chosen in."""


def other_key(node: Node) -> str | None:
    """The first key (in ``KEY_ORDER``) that is not an option of ``node``.

    >>> other_key(Node("m", "menu", options=(("#", "a"), ("*", "b"))))
    '0'
    """
    return next((k for k in KEY_ORDER if node.option(k) is None), None)


def menu_step(
    node: Node,
    key_time: float,
    buffered: str | None,
    intent: str | None,
    now: float = 0.0,
    started: float | None = None,
    fails: int = 0,
) -> Step:
    """A menu that started at clock ``started`` (default ``now``): it takes the key typed ahead
    at once, then a listen (wait for the prompt's end), a key (at once with barge-in, after the
    prompt without), or silence (``timeout.after`` seconds after the prompt ends).

    Clock times are summed as the simulator always has (from the prompt's end), so a replay
    and the state graph (``now`` 0) agree to the last bit.
    """
    prompt_end = (now if started is None else started) + node.duration
    heard = max(now, prompt_end)  # the clock once the prompt has played
    if buffered is not None:
        return _key(node, buffered, BUFFER, "typed-ahead", 0, now, now, fails)
    if intent == LISTEN:
        return Step(None, "listen", LISTEN, seconds=heard - now, at=heard)
    if is_key(intent):
        assert intent is not None
        at = (now if node.barge_in else heard) + key_time
        reason = "at-once" if node.barge_in else "after-prompt"
        return _key(node, intent, intent, reason, 1, now, at, fails)
    consumes = SILENCE if intent == SILENCE else None
    if node.timeout is None:
        return Step(None, "no-timeout", consumes, seconds=heard - now, at=heard)
    at = heard + node.timeout.after
    way = Way("timeout", node.timeout.to)
    return _fail(node, "timeout", way, "timeout", consumes, None, 0, now, at, fails)


def _key(
    node: Node,
    key: str,
    consumes: str,
    reason: str,
    presses: int,
    now: float,
    at: float,
    fails: int,
) -> Step:
    target = node.option(key)
    seconds = at - now
    if target is not None:  # an option: the menu's failures start again
        way = _new(Way, ("option", target, key, None, False, None))
        return _new(Step, (way, reason, consumes, key, presses, seconds, at, at, None, 0, ""))
    if node.invalid is None:  # ignored: the menu goes on waiting
        return Step(None, reason, consumes, key, presses, seconds, at, at, failure="ignored")
    way = Way("invalid", node.invalid)
    return _fail(node, "invalid", way, reason, consumes, key, presses, now, at, fails)


def _fail(
    node: Node,
    failure: str,
    way: Way,
    reason: str,
    consumes: str | None,
    key: str | None,
    presses: int,
    now: float,
    at: float,
    fails: int,
) -> Step:
    """A timeout or an invalid key: the ``retries.max``-th failure follows ``retries.then``
    instead (the way is then a ``retry``), and starts the count again."""
    count: int | None = None
    if node.retries is not None:
        count = fails + 1
        if count >= node.retries.max:
            way, count = Way("retry", node.retries.then), 0
    return Step(way, reason, consumes, key, presses, at - now, at, at, fails=count,
                failure=failure)  # fmt: skip

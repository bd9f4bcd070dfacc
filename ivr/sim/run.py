"""A call on a virtual clock: dial an entry, press keys as early as the menu accepts them.

The semantics (see ``docs/semantics.md``):

* the clock starts when the entry answers; a node with ``say`` plays for ``duration`` seconds;
  a key takes ``key_time`` seconds to press (the ``key_time`` of the file the call is in, after
  a transfer the target file's, unless the call sets ``key_time``);
* on a menu with barge-in the caller presses at once; without it, after the prompt ends;
* on a prompt with barge-in a key pressed early cuts the prompt and is carried to the next menu
  (type-ahead); a prompt without barge-in is heard to its end;
* when the keys run out the caller stays silent: a menu waits ``timeout.after`` seconds after its
  prompt ends and follows ``timeout.to``; an unknown key follows ``invalid`` (or is ignored when
  the menu has none); the ``retries.max``-th failure at a node follows ``retries.then``;
* the call ends at an agent, a callback or a hangup, or is ``stuck`` at the time limit (its
  seconds are the limit, or the moment the clock passed it when a step overshot it: the
  clock never runs backwards, so ``seconds`` is never before an event of the transcript), or
  ``stuck`` at once in a loop that takes no time and no key (zero-duration prompts, branches).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import field
from functools import partial

from ivr._record import NamedTuple, record
from ivr.errors import InputError
from ivr.model.clock import parse_moment
from ivr.model.keys import CALLER_MARKS, DTMF_KEYS, key_problem, split_keys
from ivr.model.types import DEFAULT_AT, HUMAN_TYPES, Entry, Hotline, Menu, Node
from ivr.model.validation import sound
from ivr.sim.callers import choose_entry, resolve_caller
from ivr.sim.events import Event, make_event
from ivr.sim.kernel import (
    BUFFER,
    LISTEN,
    SILENCE,
    Step,
    Way,
    connect_seconds,
    ending,
    menu_step,
    prompt_step,
    queue_wait,
    step,
)

__all__ = ["DEFAULT_LIMIT", "LISTEN", "MAX_STEPS", "SILENCE", "Call", "Event", "Taken",
           "choose_entry", "resolve_caller", "simulate"]  # fmt: skip

DEFAULT_LIMIT = 3600.0
MAX_STEPS = 100_000
_PRESSABLE = frozenset((*DTMF_KEYS, *CALLER_MARKS))  # what key_problem lets pass, at once
_ENDS = frozenset((*HUMAN_TYPES, "hangup"))  # the node types ending() ends a call at


class Taken(NamedTuple):
    """A way out of a node that a call took: the menu (file) id, the node id, the way."""

    menu: str
    node: str
    way: Way


_taken = partial(tuple.__new__, Taken)  # Taken((menu, node, way)) without its Python __new__


@record
class Call:
    """What a simulated call came to.

    ``trail`` is every way out of a node the call took, in order (the entry it dialled, each
    option, prompt, timeout, branch, transfer...): :func:`ivr.sim.path.path_of_call` maps it
    onto the compiled graph.

    Raises: nothing: a record of what :func:`ivr.simulate` did; its methods only read it.
    """

    outcome: str
    node: str | None
    menu: str | None
    seconds: float
    entry: Entry | None
    keys: tuple[str, ...]
    pressed: tuple[tuple[str, float], ...] = ()
    notes: tuple[tuple, ...] = field(default=(), repr=False)
    trail: tuple[Taken, ...] = field(default=(), repr=False)
    _made: list = field(default_factory=list, repr=False, compare=False)

    @property
    def events(self) -> tuple[Event, ...]:
        """The transcript's events, made from the compact ``notes`` on first use (a call
        notes an event per step; most calls -- a route's replay, a claim's check -- are never
        printed)."""
        if not self._made:
            self._made.append(tuple(make_event(t, where, kind, menu, **dict(data))
                                    for t, where, kind, menu, data in self.notes))  # fmt: skip
        return self._made[0]

    @property
    def reached_human(self) -> bool:
        return self.outcome in HUMAN_TYPES

    def transcript(self) -> str:
        """The call's events, one a line; long texts cut, repeated steps summarised."""
        from ivr.sim.events import transcript  # noqa: PLC0415

        return transcript(self.events)

    def as_json(self) -> dict:
        return {
            "outcome": self.outcome,
            "node": self.node,
            "menu": self.menu,
            "seconds": round(self.seconds, 3),
            "dial": self.entry.dial if self.entry else None,
            "entry": self.entry.id if self.entry else None,
            "keys": " ".join(self.keys),
            "presses": [{"key": k, "at": round(t, 3)} for k, t in self.pressed],
            "wait": round(self.wait, 3) if self.wait is not None else None,
            "events": [e.as_json() for e in self.events],
        }

    @property
    def wait(self) -> float | None:
        """The expected queue wait in seconds at the hour of the call where it reached a human
        (the entry's ``load`` counted); None where it did not, or no source gives the wait."""
        if not self.reached_human:
            return None
        return next((e.wait for e in reversed(self.events) if e.kind == self.outcome), None)


def simulate(
    menus: Hotline | Menu,
    dial: str,
    keys: str | Iterable[str] = "",
    caller: Mapping[str, str] | None = None,
    at: str = DEFAULT_AT,
    *,
    key_time: float | None = None,
    limit: float = DEFAULT_LIMIT,
    until_input: bool = False,
) -> Call:
    """Simulate one call and return its outcome, node, seconds and transcript.

    Raises: :class:`~ivr.errors.InputError` for a number no entry answers, a key a telephone
    does not have, an undeclared caller attribute or value, an ``at`` that is not ``HH:MM``, a
    ``key_time`` or ``limit`` that is not a number of seconds above 0;
    :class:`~ivr.errors.LoadError` for menus that do not validate.

    >>> from ivr.io.yaml.reader import load_menu_text
    >>> menu = load_menu_text('''
    ... ivr: 1
    ... entries: [{dial: "0890", start: news}]
    ... nodes:
    ...   news: {type: prompt, say: "News of the day", duration: 20, next: main}
    ...   main:
    ...     type: menu
    ...     say: "Balance - 1, operator - 0"
    ...     duration: 6
    ...     options: {"0": human, "1": news}
    ...     timeout: {after: 5, to: human}
    ...   human: {type: agent}
    ... ''')
    >>> call = simulate(menu, "0890", "0")
    >>> call.outcome, call.node, call.seconds
    ('agent', 'human', 1.0)
    >>> simulate(menu, "0890").seconds
    31.0

    A ``_`` among the keys stays silent at that menu until it times out. With ``until_input``
    the call stops with outcome ``waiting`` where the keys run out at a menu (the interactive
    ``ivr call`` asks the caller there).
    """
    hotline = sound(menus)
    if key_time is not None and not 0 < key_time < math.inf:  # NaN fails both
        raise InputError(f"key_time is {key_time:g}: it must be a number of seconds above 0")
    if not limit > 0:
        raise InputError(f"limit is {limit:g}: it must be a number of seconds above 0")
    who = resolve_caller(hotline, caller)
    minute = parse_moment(at)
    pending = list(split_keys(keys) if isinstance(keys, str) else keys)
    for k in pending:  # "2 x" and "ten" are refused here as ivr call --keys refuses them
        problem = key_problem(k) if k not in _PRESSABLE else None
        if problem:
            raise InputError(f"key '{k}' {problem}")
    all_keys = tuple(pending)
    menu, entry, served = choose_entry(hotline, dial, who, minute)
    events: list[tuple] = []  # (t, node, kind, menu, fields): Call.events makes Events
    pressed: list[tuple[str, float]] = []
    trail: list[Taken] = []
    buffered: str | None = None  # a key typed ahead during a prompt (done() reports it)

    def note(t: float, where: str, kind: str, **data) -> None:
        events.append((t, where, kind, menu.id, tuple(data.items()) if data else ()))

    def call(outcome: str, node: str | None, t: float) -> Call:
        return Call(outcome, node, menu.id, t, entry, all_keys, tuple(pressed), tuple(events),
                    tuple(trail))  # fmt: skip

    def done(outcome: str, node: str | None, t: float, **data) -> Call:
        if buffered is not None:
            note(t, node or "", "ignored", key=buffered, reason="unused")
        note(t, node or "", outcome, **data)
        for k in pending:
            if k not in (SILENCE, LISTEN):
                note(t, node or "", "ignored", key=k, reason="ended")
        return call(outcome, node, t)

    note(0.0, entry.id, "dial", text=entry.dial)
    if not served:
        plus = entry.needs_plus and entry.when.holds(who, minute)  # dialled without +
        return done("not-served", None, 0.0, condition=entry.when,
                    reason="needs-plus" if plus else "")  # fmt: skip
    nodes = menu.node_map()
    kt = key_time if key_time is not None else menu.key_time
    t = connect_seconds(entry)
    if t:
        note(t, entry.id, "connect", seconds=t)
    current = entry.start
    trail.append(_taken((menu.id, entry.id, Way("entry", current))))
    failures: dict[tuple[str, str], int] = {}

    def press(s: Step, where: str) -> None:
        pending.pop(0)
        assert s.key is not None
        pressed.append((s.key, s.press_at))
        events.append((s.press_at, where, "press", menu.id, (("key", s.key), ("reason", s.reason))))

    # the states met since the clock last moved (a repeat is a loop): the first one alone
    # until a second comes at the same time (most steps move the clock)
    seen: set[tuple] | None = None
    first: tuple | None = None
    seen_at = t

    for _step in range(MAX_STEPS):
        if t > limit:
            return done("stuck", current, t, reason="limit", seconds=limit)
        state = (menu.id, current, buffered, len(pending))
        if t != seen_at or first is None:
            seen_at, first, seen = t, state, None
        else:
            if seen is None:
                seen = {first}
            if state in seen:
                return done("stuck", current, t, reason="loop")
            seen.add(state)
        node: Node = nodes[current]
        end = ending(node) if node.type in _ENDS else None
        if end is not None:
            outcome, seconds = end
            if outcome != "hangup":
                wait = queue_wait(node, minute, entry)
                return done(outcome, current, t, text=node.say, wait=wait)
            if node.say:
                note(t, current, "play", text=node.say, reason="heard")
            return done("hangup", current, t + seconds)
        intent = pending[0] if pending else None
        if node.type == "branch":
            s = step(node, key_time=kt, who=who, minute=minute)
            assert s.way is not None
            note(t, current, "branch", reason=s.reason, way=s.way, condition=s.way.condition)
            if s.way.to is not None:  # a branch without else that no case takes stays: a loop
                trail.append(_taken((menu.id, current, s.way)))
                current = s.way.to
            continue
        if node.type == "transfer":
            assert node.to is not None  # the loader guarantees it
            s = step(node, key_time=kt, buffered=buffered, now=t)
            other = hotline.menu(node.to.file)
            target = next(e for e in other.entries if node.to.entry in (e.id, e.dial))
            line = f"{target.title} ({target.dial})" if target.title else target.dial
            note(t, current, "transfer", reason="transfer", way=s.way, text=line)
            trail.append(_taken((menu.id, current, s.way)))
            t = s.at
            menu = other
            nodes = menu.node_map()
            kt = key_time if key_time is not None else menu.key_time  # the new file's own
            current = target.start
            trail.append(_taken((menu.id, target.id, Way("entry", current))))
            if buffered is not None:
                note(t, current, "ignored", key=buffered, reason="transfer")
            buffered = None
            continue
        if node.type == "prompt":
            s = prompt_step(node, kt, buffered, intent, t)  # what step() gives a prompt
            way, reason = s.way, s.reason
            assert way is not None and way.to is not None  # the loader guarantees a next
            if reason == "heard":
                if node.say:
                    events.append((t, current, "play", menu.id, (("text", node.say),
                                   ("reason", "heard"), ("way", way))))  # fmt: skip
            elif reason == "barge-in":
                press(s, current)
            t = s.at
            if reason != "heard":
                note(t, current, "barge-in", text=node.say, reason=reason, way=way)
            buffered = s.buffer
            trail.append(_taken((menu.id, current, way)))
            current = way.to
            continue
        # a menu: play, take keys, or wait out the silence
        mid = menu.id
        if node.say:
            events.append((t, current, "play", mid, (("text", node.say), ("reason", "heard"))))
        started = t
        slot = (mid, current)
        while True:
            if until_input and buffered is None and not pending:
                return call("waiting", current, t)
            intent = pending[0] if pending else None
            s = menu_step(node, kt, buffered, intent, t, started, failures.get(slot, 0))
            way, reason, consumes, key, presses, _s, press_at, t, _b, fails, failure = s
            if consumes == BUFFER:
                buffered = None
                note(t, current, "key", key=key, reason="typed-ahead")
            elif presses:  # what press() does, inline: the commonest step of a call
                pending.pop(0)
                assert key is not None
                pressed.append((key, press_at))
                events.append((press_at, current, "press", mid, (("key", key), ("reason", reason))))
            elif consumes is not None:  # a listen or a silence used up
                pending.pop(0)
            if reason == "listen":
                note(t, current, "listen", reason="listen")
                continue
            if reason == "no-timeout":
                return done("stuck", current, max(t, limit), reason="no-timeout")
            if failure == "timeout":
                assert node.timeout is not None
                note(t, current, "timeout", reason="timeout", seconds=node.timeout.after)
            elif failure:
                note(t, current, failure, key=key, reason=failure)
            if fails:
                failures[slot] = fails
            elif fails == 0 and failures:
                failures.pop(slot, None)
            if way is None:  # an ignored key: the menu goes on waiting
                continue
            if way.kind == "retry":
                assert node.retries is not None
                note(t, current, "retry", reason="retries-exhausted", way=way,
                     attempts=node.retries.max)  # fmt: skip
            trail.append(_taken((mid, current, way)))
            assert way.to is not None
            current = way.to
            break
    return done("stuck", current, t, reason="steps", attempts=MAX_STEPS)

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.graph.build import as_hotline
from ivr.io.yaml.reader import find_entries, split_keys
from ivr.model.types import DEFAULT_AT, Entry, Hotline, Menu, Node, parse_hhmm

DEFAULT_LIMIT = 3600.0
MAX_STEPS = 100_000
SILENCE = "_"  # stay silent at this menu until it times out
LISTEN = "."  # hear prompts to their end: the next key waits until this menu has spoken


@dataclass(frozen=True)
class Event:
    """One line of a call's transcript."""

    t: float
    node: str
    kind: str
    detail: str = ""
    key: str | None = None

    def as_json(self) -> dict:
        out = {"t": round(self.t, 3), "node": self.node, "event": self.kind, "detail": self.detail}
        if self.key is not None:
            out["key"] = self.key
        return out

    def __str__(self) -> str:
        key = f"{self.key} " if self.key is not None else ""
        return f"{_clock(self.t)}  {self.node:<22} {self.kind:<9} {key}{self.detail}".rstrip()


def _clock(seconds: float) -> str:
    whole = int(seconds)
    frac = seconds - whole
    text = f"{whole // 60:02d}:{whole % 60:02d}"
    return text + (f".{int(round(frac * 10)) % 10}" if frac > 1e-9 else "  ")


@dataclass(frozen=True)
class Call:
    """What a simulated call came to."""

    outcome: str
    node: str | None
    menu: str | None
    seconds: float
    entry: Entry | None
    keys: tuple[str, ...]
    pressed: tuple[tuple[str, float], ...] = ()
    events: tuple[Event, ...] = field(default=(), repr=False)

    @property
    def reached_human(self) -> bool:
        return self.outcome in ("agent", "callback")

    def transcript(self) -> str:
        return "\n".join(str(e) for e in self.events)

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
            "events": [e.as_json() for e in self.events],
        }


def resolve_caller(hotline: Hotline, caller: Mapping[str, str] | None) -> dict[str, str]:
    """Check a caller's attributes against the hotline and fill the rest with defaults.

    The default of an attribute is the first value its ``caller`` declaration lists.
    ValueError (with a did-you-mean) for an unknown attribute or value.
    """
    declared = hotline.caller_attributes
    out = {name: values[0] for name, values in declared.items() if values}
    for name, value in (caller or {}).items():
        if name not in declared:
            raise InputError(
                f"caller attribute '{name}' is not declared by this hotline "
                f"({', '.join(declared) or 'none'}){did_you_mean(name, declared)}"
            )
        if value not in declared[name]:
            raise InputError(
                f"'{value}' is not a value of caller attribute '{name}' "
                f"({', '.join(declared[name])}){did_you_mean(value, declared[name])}"
            )
        out[name] = value
    return out


def choose_entry(
    hotline: Hotline, dial: str, caller: Mapping[str, str], minute: int
) -> tuple[Menu, Entry, bool]:
    """The entry that answers ``dial`` for this caller: (menu, entry, serves this caller).

    ValueError when no entry has that number at all.
    """
    found = find_entries(hotline, dial)
    if not found:
        dials = [e.dial for _, e in hotline.entries()]
        raise InputError(f"no entry of this hotline answers '{dial}'" + did_you_mean(dial, dials))
    for menu, entry in found:
        if entry.when.holds(dict(caller), minute):
            return menu, entry, True
    return found[0][0], found[0][1], False


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
    hotline = as_hotline(menus)
    who = resolve_caller(hotline, caller)
    minute = parse_hhmm(at)
    pending = list(split_keys(keys) if isinstance(keys, str) else keys)
    all_keys = tuple(pending)
    menu, entry, served = choose_entry(hotline, dial, who, minute)
    events: list[Event] = []
    pressed: list[tuple[str, float]] = []
    buffered: str | None = None  # a key typed ahead during a prompt (done() reports it)

    def done(outcome: str, node: str | None, t: float, detail: str) -> Call:
        if buffered is not None:
            events.append(
                Event(t, node or "", "ignored", f"key {buffered} typed ahead, never used", buffered)
            )
        events.append(Event(t, node or "", outcome, detail))
        for k in pending:
            if k not in (SILENCE, LISTEN):
                events.append(Event(t, node or "", "ignored", "never pressed: call ended", k))
        return Call(
            outcome,
            node,
            menu.id,
            t,
            entry,
            all_keys,
            tuple(pressed),
            tuple(events),
        )

    events.append(Event(0.0, entry.id, "dial", f"{entry.dial} ({menu.id})"))
    if not served:
        return done("not-served", None, 0.0, f"this number serves only {entry.when.describe()}")
    nodes = menu.node_map()
    kt = key_time if key_time is not None else menu.key_time
    t = 0.0
    current = entry.start
    failures: dict[tuple[str, str], int] = {}

    def press(at_time: float, where: str, detail: str) -> str:
        key = pending.pop(0)
        pressed.append((key, at_time))
        events.append(Event(at_time, where, "press", detail, key))
        return key

    seen_at, seen = t, set()  # states met since the clock last moved: a repeat is a loop

    for _step in range(MAX_STEPS):
        if t > limit:
            return done("stuck", current, t, f"time limit of {limit:g} s reached")
        state = (menu.id, current, buffered, len(pending))
        if t != seen_at:
            seen_at, seen = t, set()
        elif state in seen:
            return done("stuck", current, t, "a loop that takes no time and no key: it never ends")
        seen.add(state)
        node: Node = nodes[current]
        kind = node.type
        if kind in ("agent", "callback"):
            wait = f"; expected wait {node.wait.at(minute) / 60:g} min" if node.wait else ""
            return done(kind, current, t, (node.say or "a human") + wait)
        if kind == "hangup":
            if node.say:
                events.append(Event(t, current, "play", node.say))
            return done("hangup", current, t + node.duration, "the line hangs up")
        if kind == "branch":
            target = next((c.to for c in node.cases if c.when.holds(who, minute)), node.otherwise)
            case = next(
                (c for c in node.cases if c.to == target and c.when.holds(who, minute)), None
            )
            events.append(Event(t, current, "branch", case.when.describe() if case else "else"))
            current = target or current
            continue
        if kind == "transfer":
            assert node.to is not None  # the loader guarantees it
            events.append(Event(t, current, "transfer", f"to {node.to.file} {node.to.entry}"))
            t += node.duration
            menu = hotline.menu(node.to.file)
            nodes = menu.node_map()
            kt = key_time if key_time is not None else menu.key_time  # the new file's own
            current = next(e.start for e in menu.entries if node.to.entry in (e.id, e.dial))
            if buffered is not None:
                events.append(
                    Event(
                        t, current, "ignored", "typed-ahead key dropped by the transfer", buffered
                    )
                )
            buffered = None
            continue
        if kind == "prompt":
            if node.barge_in and (buffered or (pending and pending[0] not in (SILENCE, LISTEN))):
                if buffered is None:
                    buffered = press(t + kt, current, "during the prompt (barge-in)")
                    t += kt
                events.append(Event(t, current, "barge-in", f"prompt cut: {_short(node.say)}"))
            else:
                if node.say:
                    events.append(Event(t, current, "play", node.say))
                t += node.duration
            assert node.next is not None
            current = node.next
            continue
        # a menu: play, take keys, or wait out the silence
        if node.say:
            events.append(Event(t, current, "play", node.say))
        prompt_end = t + node.duration
        while True:
            if buffered is None and pending and pending[0] == LISTEN:
                pending.pop(0)
                t = max(t, prompt_end)
                events.append(Event(t, current, "listen", "heard the menu to its end"))
                continue
            silent = bool(pending) and pending[0] == SILENCE and buffered is None
            if silent:
                pending.pop(0)
            if buffered is not None:
                key, buffered = buffered, None
                events.append(Event(t, current, "key", "typed ahead", key))
            elif pending and not silent:
                start = t if node.barge_in else max(t, prompt_end)
                key = press(start + kt, current, "" if node.barge_in else "after the prompt")
                t = start + kt
            else:
                if until_input and not silent:
                    return Call("waiting", current, menu.id, t, entry, all_keys, tuple(pressed),
                                tuple(events))  # fmt: skip
                if node.timeout is None:
                    t = max(t, prompt_end, limit)
                    return done("stuck", current, t, "silence and no timeout: the menu waits")
                t = max(t, prompt_end) + node.timeout.after
                events.append(Event(t, current, "timeout", f"{node.timeout.after:g} s of silence"))
                current = _fail(node, current, node.timeout.to, failures, events, t, menu.id)
                break
            target = node.option(key)
            if target is not None:
                failures.pop((menu.id, current), None)
                current = target
                break
            if node.invalid is None:
                events.append(Event(t, current, "ignored", f"no option {key}", key))
                continue
            events.append(Event(t, current, "invalid", f"no option {key}", key))
            current = _fail(node, current, node.invalid, failures, events, t, menu.id)
            break
    return done("stuck", current, t, f"more than {MAX_STEPS} steps without an end")


def _fail(
    node: Node,
    current: str,
    target: str,
    failures: dict[tuple[str, str], int],
    events: list[Event],
    t: float,
    menu_id: str,
) -> str:
    """Count a failed attempt at a menu; the ``retries.max``-th one follows ``retries.then``."""
    if node.retries is None:
        return target
    slot = (menu_id, current)
    failures[slot] = failures.get(slot, 0) + 1
    if failures[slot] >= node.retries.max:
        failures.pop(slot)
        events.append(Event(t, current, "retry", f"{node.retries.max} failed attempts"))
        return node.retries.then
    return target


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

"""The lines of a call's transcript: structured, and put into words only when printed.

An :class:`Event` says what happened (``kind``), where and when, and why in data: the way out
of the node the call took (``way``: edge kind, key, condition), the ``reason``, and numbers
(``seconds`` of silence, ``attempts``, the expected ``wait``). Its ``detail`` -- the words of
the transcript and of ``--json`` -- is made from those fields by :func:`words`; code that needs
to know what happened reads the fields, never the words.

``reason`` is one of:

======================  ===========================================================
at-once                 a key pressed at a menu with barge-in, as soon as it starts
after-prompt            a key pressed at a menu without barge-in, when its prompt ends
barge-in                a key pressed during a barge-in prompt: it cuts the prompt
typed-ahead             the key typed ahead, taken by a menu or cutting a prompt
heard                   a prompt or menu prompt played (to its end, for a prompt)
listen                  the caller heard the menu out (``.``)
timeout                 silence until the menu's timeout
invalid / ignored       a key that is no option (invalid: the menu has ``invalid``)
retries-exhausted       the ``retries.max``-th failure at a menu
case / else             the branch case that decided
transfer                the call is transferred; a typed-ahead key is dropped
unused / ended          a key typed ahead never used / a key never pressed
no-timeout, limit,      why a call is ``stuck``
loop, steps
======================  ===========================================================
"""

from __future__ import annotations

from dataclasses import fields

from ivr._record import record
from ivr.model.clock import roughly
from ivr.model.types import HUMAN_TYPES, Condition
from ivr.sim.kernel import Way


@record
class Event:
    """One line of a call's transcript.

    Raises: nothing.

    >>> e = Event(5.0, "main", "timeout", reason="timeout", seconds=5.0)
    >>> e.detail, e.as_json()
    ('5 s of silence', {'t': 5.0, 'node': 'main', 'event': 'timeout', 'detail': '5 s of silence'})
    """

    t: float
    node: str
    kind: str
    key: str | None = None
    reason: str = ""
    way: Way | None = None
    text: str = ""  # what the menu data says here: a node's say, the dialled number
    menu: str = ""  # the id of the menu (file) the node is in
    condition: Condition | None = None  # of a branch case, or of an entry that does not serve
    seconds: float | None = None  # of silence (timeout), or the time limit
    attempts: int | None = None  # failed attempts (retry), or steps (stuck)
    wait: float | None = None  # expected queue wait at a human, seconds

    @property
    def detail(self) -> str:
        """The event in words, as the transcript prints it."""
        return words(self)

    @property
    def not_an_option(self) -> bool:
        """A key the menu had no option for (invalid, or ignored by a menu without invalid)."""
        return (
            self.key is not None
            and self.reason in ("invalid", "ignored")
            and (self.kind in ("invalid", "ignored"))
        )

    def as_json(self) -> dict:
        out = {"t": round(self.t, 3), "node": self.node, "event": self.kind, "detail": self.detail}
        if self.key is not None:
            out["key"] = self.key
        if self.menu:  # the menu (file) the node is in: a call may cross files
            out["menu"] = self.menu
        return out

    def __str__(self) -> str:
        key = f"{self.key} " if self.key is not None else ""
        detail = self.detail
        if len(detail) > LINE_TEXT:  # the whole text is in the menu file, at the node
            detail = f"{detail[: LINE_TEXT - 1]}… ({len(detail):,} characters)"
        return f"{clock(self.t)}  {self.node:<22} {self.kind:<9} {key}{detail}".rstrip()


LINE_TEXT = 200  # characters of a prompt's text on a transcript line
MAX_PERIOD = 8  # the longest repeated run of steps a transcript summarises


def transcript(events: tuple[Event, ...] | list[Event]) -> str:
    """The lines of a call, a run of steps that repeats (a prompt that loops to itself, a menu
    that times out again and again) printed once and then summarised.

    >>> loop = [Event(float(t), "p", "play", text="hi") for t in range(3600)]
    >>> print(transcript(loop))
    00:00    p                      play      hi
    00:01    p                      play      hi
             … p repeated 3,598 more times, until 59:59
    """
    out: list[str] = []
    sig = [(e.node, e.kind, e.key, e.reason, e.text) for e in events]
    i, n = 0, len(events)
    while i < n:
        for period in range(1, MAX_PERIOD + 1):
            reps = 1
            while sig[i + reps * period : i + (reps + 1) * period] == sig[i : i + period] and (
                i + (reps + 1) * period <= n
            ):
                reps += 1
            if reps >= 3:  # two runs shown, the rest summarised
                out.extend(str(e) for e in events[i : i + 2 * period])
                names = " -> ".join(dict.fromkeys(e.node for e in events[i : i + period]))
                end = events[i + reps * period - 1].t
                out.append(f"         … {names} repeated {reps - 2:,} more times, until "
                           f"{clock(end).rstrip()}")  # fmt: skip
                i += reps * period
                break
        else:
            out.append(str(events[i]))
            i += 1
    return "\n".join(out)


_DEFAULTS = {f.name: f.default for f in fields(Event)}
_new = object.__new__


def make_event(t: float, node: str, kind: str, menu: str, **data) -> Event:
    """``Event(t, node, kind, menu=menu, **data)``, built without the frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` per field): a call notes an event per step, and
    that ``__init__`` was a third of a simulated call. ``data`` must name fields of Event
    (the simulator's own calls do; nothing checks it here).

    >>> make_event(5.0, "main", "timeout", "m", reason="timeout", seconds=5.0) == Event(
    ...     5.0, "main", "timeout", reason="timeout", menu="m", seconds=5.0)
    True
    """
    e = _new(Event)
    d = e.__dict__
    d.update(_DEFAULTS)
    d["t"], d["node"], d["kind"], d["menu"] = t, node, kind, menu
    d.update(data)
    return e


def clock(seconds: float) -> str:
    """``mm:ss`` (and tenths when there are any).

    >>> clock(61.0), clock(7.5)
    ('01:01  ', '00:07.5')
    """
    whole = int(seconds)
    frac = seconds - whole
    text = f"{whole // 60:02d}:{whole % 60:02d}"
    return text + (f".{int(round(frac * 10)) % 10}" if frac > 1e-9 else "  ")


def short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_FIXED = {
    ("press", "barge-in"): "during the prompt (barge-in)",
    ("press", "after-prompt"): "after the prompt",
    ("key", "typed-ahead"): "typed ahead",
    ("listen", "listen"): "heard the menu to its end",
    ("hangup", ""): "the line hangs up",
    ("ignored", "transfer"): "typed-ahead key dropped by the transfer",
    ("ignored", "ended"): "never pressed: call ended",
    ("stuck", "no-timeout"): "silence and no timeout: the menu waits",
    ("stuck", "loop"): "a loop that takes no time and no key: it never ends",
}


def words(e: Event) -> str:
    """The ``detail`` of an event: its fields in words."""
    fixed = _FIXED.get((e.kind, e.reason))
    if fixed is not None:
        return fixed
    kind = e.kind
    if kind == "dial":
        return f"{e.text} ({e.menu})"
    if kind == "connect":
        return f"the line answers after {roughly(e.seconds)} (expected, redials counted)"
    if kind == "not-served" and e.reason == "needs-plus":
        return "this number connects only when dialled with + (international form)"
    if kind == "not-served":
        return f"this number serves only {(e.condition or Condition()).describe()}"
    if kind in HUMAN_TYPES:
        wait = f"; expected wait {roughly(e.wait)}" if e.wait is not None else ""
        return (e.text or "a human") + (wait or "; the wait is not known")
    if kind == "play":
        return e.text
    if kind == "barge-in":
        return f"prompt cut: {short(e.text)}"
    if kind == "branch":
        return e.condition.describe() if e.condition is not None else "else"
    if kind == "transfer":
        if e.text:  # the line as a caller knows it: its title and number
            return f"to {e.text}"
        target = e.way.target if e.way is not None else None
        return f"to {target.file} {target.entry}" if target is not None else "to another line"
    if kind == "timeout":
        return f"{e.seconds:g} s of silence"
    if kind in ("invalid", "ignored") and e.reason in ("invalid", "ignored"):
        return f"no option {e.key}"
    if kind == "ignored" and e.reason == "unused":
        return f"key {e.key} typed ahead, never used"
    if kind == "retry":
        return f"{e.attempts} failed attempts"
    if kind == "stuck" and e.reason == "limit":
        return f"time limit of {e.seconds:g} s reached"
    if kind == "stuck" and e.reason == "steps":
        return f"more than {e.attempts} steps without an end"
    return ""

"""``ivr call`` at a terminal: the call plays on the virtual clock, the caller presses keys as
the prompts run.

The menus speak as the clock runs (``--speed`` times real time); a key pressed while a prompt
plays is pressed then (a menu that allows barge-in cuts the prompt, one that does not keeps
it for later or ignores it, as the simulator says); a key pressed after the prompt answers the
menu; silence past a menu's timeout is silence. Keys: 0-9 * # A-D; ``_`` stay silent until
the menu moves on; ``.`` hear the prompt out now; Enter skip to the next moment that needs the
caller; ``?`` help; ``q``, Ctrl-C or Ctrl-D hang up. A summary ends every call.

The call itself is always :func:`ivr.simulate` of the keys so far (``until_input``): this
module only decides *when* each key comes, so the transcript is the simulator's.
"""

from __future__ import annotations

import os
import select
import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from ivr.model.types import Hotline
    from ivr.sim.run import Call

# q; Ctrl-D (end of input in a terminal without line editing); Ctrl-C read as a key (a
# terminal sends SIGINT instead: KeyboardInterrupt ends the call the same way)
HANG_UP = ("q", "\x04", "\x03")
SKIP = ("\r", "\n")
HELP = """\
keys: 0-9 * # A-D press a key (during a prompt too: barge-in where the menu allows it)
      _  stay silent until the menu moves on     .  hear the prompt out now
      Enter  skip ahead to the next moment you are needed
      ?  this help     q, Ctrl-C or Ctrl-D  hang up"""


def clock(seconds: float) -> str:
    """``MM:SS`` of a call's clock.

    >>> clock(75.4)
    '01:15'
    """
    s = int(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


class Keyboard:
    """Single key presses from a terminal (cbreak mode, restored on exit), or lines from a
    stream that is not one."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.fd = stream.fileno()
        self.saved: list | None = None

    def __enter__(self) -> Keyboard:
        import termios  # noqa: PLC0415
        import tty  # noqa: PLC0415

        try:
            self.saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        except termios.error:
            self.saved = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            import termios  # noqa: PLC0415

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def key(self, timeout: float | None) -> str | None:
        """The next key pressed within ``timeout`` seconds (None: wait), else None; "" at
        the end of input."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 1)
        return data.decode("utf-8", "replace") if data else ""


class Session:
    """One interactive call: the keys so far, the events shown, the clock."""

    def __init__(self, hotline: Hotline, dial: str, caller: dict[str, str], at: str,
                 speed: float, out: TextIO) -> None:  # fmt: skip
        from ivr.sim.callers import resolve_caller  # noqa: PLC0415

        self.hotline, self.dial, self.at, self.speed, self.out = hotline, dial, at, speed, out
        self.caller = resolve_caller(hotline, caller)
        self.keys: list[str] = []
        self.shown = 0
        self.now = 0.0  # the call's clock, in seconds
        self.call = self.replay()

    def replay(self) -> Call:
        from ivr.sim.run import simulate  # noqa: PLC0415

        self.call = simulate(self.hotline, self.dial, self.keys, self.caller, self.at,
                             until_input=True)  # fmt: skip
        return self.call

    def say(self, text: str = "") -> None:
        self.out.write("\r\x1b[K" + text + "\n")
        self.out.flush()

    def status(self, text: str) -> None:
        self.out.write("\r\x1b[K" + text)
        self.out.flush()

    def header(self) -> None:
        who = self.hotline.describe_caller(self.caller)
        attrs = ", ".join(f"{k}={v}" for k, v in self.caller.items())
        self.say(f"Calling {self.dial} as {who or 'a caller'} ({attrs or 'no attributes'}) "
                 f"at {self.at}; clock {self.speed:g}x real time; ? help, q hangs up.")  # fmt: skip

    def waiting_menu(self) -> tuple[float, float | None]:
        """(when the waiting menu's prompt ends, when its silence times out: None if never)."""
        from ivr.sim.session import waiting_times  # noqa: PLC0415

        return waiting_times(self.hotline, self.call)

    def show_until(self, t: float) -> None:
        """Print the events up to clock ``t``."""
        events = self.call.events
        while self.shown < len(events) and events[self.shown].t <= t + 1e-9:
            self.say(str(events[self.shown]))
            self.shown += 1

    def press(self, key: str) -> None:
        """The caller presses ``key`` now: during the waiting menu's prompt as it is, after
        it once the prompt is heard out."""
        from ivr.sim.session import keys_after_press  # noqa: PLC0415

        if self.call.outcome == "waiting":
            end, _ = self.waiting_menu()
            self.keys = keys_after_press(self.keys, key, self.now, end)
        else:
            self.keys.append(key)
        before = self.call.events[: self.shown]
        self.replay()
        events = self.call.events
        same = 0
        while same < min(len(before), len(events)) and str(before[same]) == str(events[same]):
            same += 1
        if same < len(before):  # the simulator took the key earlier than it was typed
            taken = events[same].t
            self.say(f"(the key counts from {clock(taken)}: a caller may press it that early)")
            self.now = min(self.now, max(taken, self.call.seconds))
        self.shown = same

    def summary(self, why: str = "") -> str:
        call = self.call
        pressed = " ".join(k for k, _t in call.pressed) or "none"
        if call.outcome == "waiting":
            end = f"you hung up at {clock(self.now)} in '{call.node}'" + (
                f" ({why})" if why else ""
            )
        else:
            where = f" at '{call.node}'" if call.node else ""
            end = f"{call.outcome}{where} after {call.seconds:g} s"
        who = ",".join(f"{k}={v}" for k, v in self.caller.items())
        keys = " ".join(self.keys)
        return (f"-> {end}; keys pressed: {pressed}\n"
                f"   replay: ivr call PATH --dial '{self.dial}' --keys '{keys}' --caller {who}"
                f" --at {self.at}")  # fmt: skip


def interactive_call(hotline: Hotline, dial: str, caller: dict[str, str], at: str,
                     speed: float = 1.0, stdin: TextIO | None = None,
                     out: TextIO | None = None) -> int:  # fmt: skip
    """Play a call at a terminal, the caller at the keyboard; the exit status (0)."""
    from ivr.model.keys import key_problem  # noqa: PLC0415
    from ivr.sim.run import LISTEN, SILENCE  # noqa: PLC0415

    out = out or sys.stdout
    s = Session(hotline, dial, caller, at, max(speed, 0.01), out)
    s.header()
    why = ""
    try:
        with Keyboard(stdin or sys.stdin) as keyboard:
            while True:
                call = s.call
                if call.outcome != "waiting":  # the call has ended: show it to its end
                    s.now = max(s.now, call.seconds)
                    s.show_until(call.seconds)
                    break
                end, timeout = s.waiting_menu()
                pending = [e.t for e in call.events[s.shown :]]
                target = min([*pending, end if s.now < end else timeout or float("inf")])
                target = max(target, s.now)
                if target == float("inf"):
                    s.show_until(s.now)
                    s.status(f"[{clock(s.now)}] {call.node}: waiting for a key (? for help) ")
                    key = keyboard.key(None)
                else:
                    s.show_until(s.now)
                    phase = "listening" if s.now < end else "your turn"
                    s.status(f"[{clock(s.now)}] {call.node}: {phase} (? for help) ")
                    step = min(target - s.now, 1.0)  # redraw the clock at least every second
                    started = time.monotonic()
                    key = keyboard.key(step / s.speed)
                    s.now += (time.monotonic() - started) * s.speed if key else step
                    if key is None and timeout is not None and s.now >= timeout - 1e-9:
                        s.press(SILENCE)  # the caller stayed silent: the menu moves on
                        continue
                if key is None:
                    continue
                if key == "" or key.lower() in HANG_UP:
                    why = {"": "end of input", "\x04": "end of input", "\x03": "Ctrl-C"}.get(
                        key, ""
                    )
                    break
                if key == "?":
                    s.say(HELP)
                elif key in SKIP:  # fast-forward to the next moment the caller is needed
                    s.now = max(s.now, end if s.now < end else (timeout or s.now))
                    s.show_until(s.now)
                    if timeout is not None and s.now >= timeout - 1e-9:
                        s.press(SILENCE)
                elif key == " ":
                    continue
                elif key_problem(key.upper()) is None:
                    pressed = key.upper() if key not in (SILENCE, LISTEN) else key
                    if pressed == LISTEN:
                        s.now = max(s.now, end)
                    s.press(pressed)
                    if pressed == SILENCE and timeout is not None:
                        s.now = max(s.now, timeout)
                else:
                    s.say(f"'{key}' is not a telephone key (0-9 * # A-D; ? for help)")
    except KeyboardInterrupt:
        why = "Ctrl-C"
    s.say(s.summary(why))
    return 0

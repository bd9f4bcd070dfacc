"""``ivr call`` at a terminal: hear each menu, type the keys to press there."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ivr.model.types import Hotline

QUIT = ("q", "quit", "exit")


def interactive_call(hotline: Hotline, dial: str, caller: dict[str, str], at: str) -> int:
    """Read the prompts, type keys at each menu: the keys are pressed once the menu has spoken.

    Enter alone stays silent, ``q`` (or end of input) hangs up; the exit status is 0.
    """
    from ivr.model.keys import split_keys  # noqa: PLC0415
    from ivr.model.types import DTMF_KEYS  # noqa: PLC0415
    from ivr.sim.run import LISTEN, SILENCE, simulate  # noqa: PLC0415

    keys: list[str] = [LISTEN]
    shown = 0
    print("Interactive call: type keys and Enter at a menu; Enter alone stays silent; q quits.")
    while True:
        call = simulate(hotline, dial, keys, caller, at, until_input=True)
        for event in call.events[shown:]:
            print(event)
        shown = len(call.events)
        if call.outcome != "waiting":
            print(f"-> {call.outcome} at '{call.node}' after {call.seconds:g} s")
            return 0
        try:
            typed = input(f"[{call.seconds:6.1f} s] {call.node}> ").strip()
        except EOFError:
            print()
            return 0
        if typed.lower() in QUIT:
            return 0
        pressed = [k.upper() for k in split_keys(typed)]
        bad = [k for k in pressed if len(k) != 1 or k not in DTMF_KEYS]
        if bad:
            print(f"'{bad[0]}' is not a telephone key (0-9 * # A B C D)")
            continue
        # typed after hearing the menu: press them there, then hear the next menu out
        keys.extend([*pressed, LISTEN] if pressed else [SILENCE, LISTEN])

"""``ivr call PATH --dial NUMBER [--keys KEYS]``: simulate a call and print its transcript
(interactive at a terminal when no keys are given; keys piped on stdin are pressed)."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import (
    add_at,
    add_caller,
    add_command,
    add_format,
    caller_of,
    check_keys,
    output_format,
    print_json,
)

HELP = "simulate a call: dial, press keys, see the transcript"
DESCRIPTION = """\
Simulate a call on the menus' virtual clock: dial a number, press keys, see what the caller
hears and where the call ends. Without --keys at a terminal, the call is interactive: the
prompts play as the clock runs and you press keys as a caller would (? for help). Without
--keys and with stdin not a terminal, the keys are read from stdin (echo "2 0" | ivr call …).
Keys: 0-9 * # A-D; _ stays silent until the menu moves on; . hears the menu out first.
Exit status 0 (whatever the outcome), 2 for a mistake in the menus or the options."""
EXAMPLES = """\
ivr call menus/mts --dial 0890 --keys "2 0" --caller mts,home
ivr call menus/mts --dial 0890 --caller mts,home          # interactive at a terminal
echo "2 0" | ivr call menus/mts --dial 0890 --caller mts   # keys from stdin
ivr call menus/mts --dial 0890 --keys "_ . 0" --json       # the call as JSON"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "call", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("path", metavar="PATH", help="menu file or folder")
    p.add_argument("--dial", metavar="NUMBER",
                   help="the number to dial (or the platform's address, e.g. 100@default); "
                   "needed only when the hotline has more than one entry")  # fmt: skip
    p.add_argument("--keys", metavar="KEYS",
                   help='keys to press, e.g. "2 0" (_ = stay silent, . = hear the menu out); '
                   "without: an interactive call at a terminal, else keys from stdin")  # fmt: skip
    add_caller(p)
    add_at(p)
    p.add_argument("--speed", type=float, default=1.0, metavar="X",
                   help="interactive: the clock runs X times real time (default 1)")  # fmt: skip
    add_format(p, "call")
    p.set_defaults(run=run)


def outcome_line(call) -> str:  # noqa: ANN001  # an ivr.Call
    """The last line of a call's transcript: how it ended, where, after how long."""
    where = f" at '{call.node}'" if call.node else ""
    return f"-> {call.outcome}{where} after {call.seconds:g} s"


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.report.jsondoc import envelope  # noqa: PLC0415

    fmt = output_format(args)
    hotline = ivr.load(args.path)
    if args.dial is None:
        from ivr.model.numbers import only_dial  # noqa: PLC0415

        args.dial = only_dial(hotline)
    caller = caller_of(hotline, args.caller)
    keys = args.keys
    if keys is None and sys.stdin.isatty() and fmt == "text":
        from ivr.cli.interactive import interactive_call  # noqa: PLC0415

        return interactive_call(hotline, args.dial, caller, args.at, args.speed)
    if keys is None:
        from ivr.model.clock import parse_moment  # noqa: PLC0415
        from ivr.sim.callers import choose_entry, resolve_caller  # noqa: PLC0415

        # a number no entry answers is said before anything is read from stdin
        choose_entry(hotline, args.dial, resolve_caller(hotline, caller), parse_moment(args.at))
        keys = "" if sys.stdin.isatty() else " ".join(sys.stdin.read().split())
    check_keys(keys)
    call = ivr.simulate(hotline, args.dial, keys, caller, args.at)
    if fmt == "json":
        print_json(envelope(call.as_json()))
    else:
        print(call.transcript())
        print(outcome_line(call))
    return 0

"""``ivr call PATH [--dial NUMBER] [--keys KEYS]``: simulate a call and print its transcript
(interactive at a terminal when no keys are given)."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_at, check_keys, parse_caller, print_json

HELP = "simulate a call: dial, press keys, see the transcript"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("call", parents=common, help=HELP)
    p.add_argument("path", metavar="PATH", help="menu file or folder")
    p.add_argument("--dial", metavar="NUMBER",
                   help="the number to dial (or the platform's address, e.g. 100@default); "
                   "needed only when the hotline has more than one entry")  # fmt: skip
    p.add_argument("--keys", metavar="KEYS",
                   help='keys to press, e.g. "2 0" (_ = stay silent); without, at a terminal: '
                   "type them as the call goes")  # fmt: skip
    p.add_argument("--caller", metavar="K=V,...", help="caller attributes, e.g. network=mts")
    add_at(p)
    p.add_argument("--json", action="store_true", help="print the call as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415

    hotline = ivr.load(args.path)
    if args.dial is None:
        from ivr.model.numbers import only_dial  # noqa: PLC0415

        args.dial = only_dial(hotline)
    caller = parse_caller(args.caller)
    check_keys(args.keys or "")
    if args.keys is None and sys.stdin.isatty() and not args.json:
        from ivr.cli.interactive import interactive_call  # noqa: PLC0415

        return interactive_call(hotline, args.dial, caller, args.at)
    call = ivr.simulate(hotline, args.dial, args.keys or "", caller, args.at)
    if args.json:
        print_json(call.as_json())
    else:
        print(call.transcript())
        print(f"-> {call.outcome} at '{call.node}' after {call.seconds:g} s")
    return 0

"""``ivr export PATH --to PLATFORM -o OUT``: menus in another platform's format."""

from __future__ import annotations

import argparse
import sys

HELP = "write menus in another platform's format (asterisk, freeswitch, voicexml, ...)"
TARGETS = ("asterisk", "freeswitch", "voicexml", "twilio-studio", "amazon-connect")


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", parents=common, help=HELP)
    p.add_argument("path", metavar="PATH", help="menu file or folder (any format ivr reads)")
    p.add_argument("--to", required=True, choices=TARGETS, help="the platform to write for")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the file (or folder, for several files) to write")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ivr.io.platform_convert import export  # noqa: PLC0415

    for path in export(args.path, args.to, args.output):
        print(f"wrote {path}", file=sys.stderr)
    return 0

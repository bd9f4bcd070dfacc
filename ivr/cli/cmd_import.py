"""``ivr import FILE... [-o DIR]``: another platform's menus as format-1 YAML."""

from __future__ import annotations

import argparse
import sys

HELP = "write another platform's menus (Asterisk, FreeSWITCH, ...) as ivr menu files"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", parents=common, help=HELP,
                       description=HELP + ": each node's note cites the file and line it comes "
                       "from; what the file does not say is marked inferred")  # fmt: skip
    p.add_argument("paths", nargs="+", metavar="FILE", help="platform file or folder")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="folder to write <menu>.yaml files to (default: print them)")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ivr.io.platform_convert import convert  # noqa: PLC0415

    done = convert(args.paths, args.output)
    for name, text in done.texts:
        if len(done.texts) > 1:
            sys.stdout.write(f"# {name}\n")
        sys.stdout.write(text)
    for path in done.written:
        print(f"wrote {path}", file=sys.stderr)
    for finding in done.findings:
        print(f"{finding} [{finding.rule}]", file=sys.stderr)
    return 1 if any(f.severity != "info" for f in done.findings) else 0

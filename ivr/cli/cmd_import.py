"""``ivr import FILE... [-o DIR]``: another platform's menus as format-1 YAML."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_command

HELP = "write another platform's menus (Asterisk, FreeSWITCH, ...) as ivr menu files"
DESCRIPTION = """\
Another platform's menus (an Asterisk extensions.conf, FreeSWITCH ivr.conf.xml or
ivr_menus/*.xml, VoiceXML documents, Twilio Studio or Amazon Connect flows, detected from the
name or the content) as ivr menu files: each node's note cites the file and line it comes
from; what the file does not say is marked inferred. Every other command reads these files
directly too. Exit status 1 when the import has findings (a step that could not be mapped,
a reference that goes nowhere); they are printed on stderr, located, with their rule."""
EXAMPLES = """\
ivr import extensions.conf                        # print the menus as YAML
ivr import flows/ -o menus/support                # a folder of Studio flows, written as files
ivr import --from voicexml main.xml -o menus/x    # when the name does not tell the format"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "import", common, HELP, DESCRIPTION, EXAMPLES)
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

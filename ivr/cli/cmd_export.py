"""``ivr export PATH --to PLATFORM -o OUT``: menus in another platform's format."""

from __future__ import annotations

import argparse
import sys

HELP = "write menus in another platform's format (asterisk, freeswitch, voicexml, ...)"
TARGETS = ("asterisk", "freeswitch", "voicexml", "twilio-studio", "amazon-connect")
DESCRIPTION = """\
The menus (in any format ivr reads) written for another platform: an Asterisk dialplan, a
FreeSWITCH ivr.conf.xml, VoiceXML 2.1 documents, Twilio Studio or Amazon Connect flows. What
the platform has no field for rides along in an 'ivr' annotation, so that importing the file
back gives the same calls; what it cannot say at all is refused (exit 2, each node named,
nothing written). docs/importers.md says what maps to what."""
EXAMPLES = """\
ivr export menus/mts --to asterisk -o extensions.conf
ivr export menus/mts --to twilio-studio -o flows/      # a flow per menu file
ivr export menus/mts/short.yaml --to voicexml -o short.vxml"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    from ivr.cli.options import add_command  # noqa: PLC0415

    p = add_command(sub, "export", common, HELP, DESCRIPTION, EXAMPLES)
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

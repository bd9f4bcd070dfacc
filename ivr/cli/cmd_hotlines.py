"""``ivr hotlines``: the hotlines that ship with ivr (``ivr route ID`` loads one by its id)."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_command, add_format, output_format, print_json

HELP = "list the hotlines shipped with ivr (use an id as PATH: ivr route mts)"
DESCRIPTION = """\
The hotlines that come with ivr, each with its menu files and their titles. Every command that
takes a PATH takes such an id too, so they work after pip install, outside a checkout."""
EXAMPLES = """\
ivr hotlines
ivr route mts --caller mts,abroad
ivr hotlines --json"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "hotlines", common, HELP, DESCRIPTION, EXAMPLES)
    add_format(p, "hotlines")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ivr.io.shipped import hotlines  # noqa: PLC0415
    from ivr.report.jsondoc import envelope  # noqa: PLC0415

    found = hotlines()
    if output_format(args) == "json":
        print_json(envelope({"hotlines": found}))
        return 0
    if not found:
        print("no hotlines are shipped with this ivr")
    for h in found:
        print(f"{h['id']}  ({h['path']})")
        for f in h["files"]:
            print(f"  {f['file']}: {f['title']}")
    return 0

"""``ivr schema``: print the JSON Schema of menu files (for editors and CI)."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_command

HELP = "print the JSON Schema of menu files"
DESCRIPTION = """\
Print the JSON Schema of menu format 1 (the same as the ivr/menu.schema.json shipped with
ivr): editors check and complete menu files with it, CI can validate them."""
EXAMPLES = """\
ivr schema > menu.schema.json
# then, first line of a menu file: # yaml-language-server: $schema=menu.schema.json"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "schema", common, HELP, DESCRIPTION, EXAMPLES)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ivr.io.yaml.schema import schema_text  # noqa: PLC0415

    sys.stdout.write(schema_text())
    return 0

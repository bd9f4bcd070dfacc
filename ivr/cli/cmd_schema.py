"""``ivr schema``: print the JSON Schema of menu files (for editors and CI)."""

from __future__ import annotations

import argparse
import sys

HELP = "print the JSON Schema of menu files"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("schema", parents=common, help=HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ivr.io.yaml.schema import schema_text  # noqa: PLC0415

    sys.stdout.write(schema_text())
    return 0

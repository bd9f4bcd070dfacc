"""``ivr check PATH...``: load menus, replay every documented path, lint; print a report."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_command, output_format
from ivr.report import registry

HELP = "load menus, replay every documented path, lint"
DESCRIPTION = """\
Load menu files, replay every documented path (the claims of each file's `documented:`) on
the simulator, and lint the graph: unreachable nodes, dead ends, loops, no human reachable.
Exit status: 0 clean, 1 a broken claim or an error-level finding, 2 files that do not load."""
EXAMPLES = """\
ivr check menus/mts
ivr check menus --format github            # annotations on a pull request's lines
ivr check menus --format junit > ivr.xml   # for CI servers
ivr check mts --json                       # a shipped hotline, the JSON report"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "check", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    shown = ", ".join(f"{name} ({text})" for name, (_, _, text) in registry.FORMATS.items())
    p.add_argument("--format", default=None, choices=registry.names(), help=shown)
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--folders", action="store_true",
                   help="check the folder (hotline) of each menu file given; skip other YAML "
                   "(for pre-commit, which passes changed files)")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415

    paths = args.paths
    if args.folders:
        from ivr.io.discover import hotline_folders  # noqa: PLC0415

        paths = hotline_folders(paths)
        if not paths:
            print("no menu files among the files given")
            return 0
    report = ivr.check(paths)
    sys.stdout.write(registry.render(report, output_format(args)))
    return report.exit_code

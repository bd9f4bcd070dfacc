"""``ivr check PATH...``: load menus, replay every documented path, lint; print a report."""

from __future__ import annotations

import argparse
import sys

from ivr.report import registry

HELP = "load menus, replay every documented path, lint"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", parents=common, help=HELP)
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    shown = ", ".join(f"{name} ({text})" for name, (_, _, text) in registry.FORMATS.items())
    p.add_argument("--format", default="text", choices=registry.names(), help=shown)
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
    sys.stdout.write(registry.render(report, "json" if args.json else args.format))
    return report.exit_code

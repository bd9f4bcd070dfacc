"""``ivr check PATH...``: load menus, replay every documented path, lint; print a report."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.cmd_mutate import percent
from ivr.cli.options import add_budget
from ivr.report import registry

HELP = "load menus, replay every documented path, lint"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", parents=common, help=HELP)
    add_budget(p)  # the routes-lock rule searches routes
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    shown = ", ".join(f"{name} ({text})" for name, (_, _, text) in registry.FORMATS.items())
    p.add_argument("--format", default="text", choices=registry.names(), help=shown)
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--folders", action="store_true",
                   help="check the folder (hotline) of each menu file given; skip other YAML "
                   "(for pre-commit, which passes changed files)")  # fmt: skip
    p.add_argument("--coverage", action="store_true",
                   help="also report what the documented claims cover: nodes, edges, entries "
                   "and humans, per file, and what no claim reaches")  # fmt: skip
    p.add_argument("--fail-under", type=percent, metavar="PCT",
                   help="exit 1 when claims coverage is below PCT percent "
                   "(implies --coverage)")  # fmt: skip
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
    measure = args.coverage or args.fail_under is not None
    report = ivr.check(paths, coverage=measure)
    sys.stdout.write(registry.render(report, "json" if args.json else args.format))
    code = report.exit_code
    cov = report.coverage
    if cov is not None and args.fail_under is not None and cov.below(args.fail_under):
        print(f"ivr check: claims coverage {cov.percent:.1f}% is below "
              f"--fail-under {args.fail_under:g}%", file=sys.stderr)  # fmt: skip
        code = max(code, 1)
    return code

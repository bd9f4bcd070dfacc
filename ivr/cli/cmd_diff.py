"""``ivr diff OLD NEW`` or ``ivr diff PATH --rev REV``: what a change to the menus does to
callers — structure, documented claims, routes."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_at, add_budget
from ivr.errors import GitError, UsageError

FORMATS = ("text", "json", "markdown")

HELP = "what a change to the menus does: structure, claims, routes"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff", parents=common, help=HELP)
    p.add_argument("old", metavar="OLD", help="menus before (file or folder), or PATH with --rev")
    p.add_argument("new", nargs="?", metavar="NEW", help="the menus after (file or folder)")
    p.add_argument("--rev", metavar="REV", help="compare PATH with its state at a git revision")
    add_at(p)
    add_budget(p)
    p.add_argument("--format", default="text", choices=FORMATS,
                   help="text (default), json, markdown (a pull-request comment)")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.checking.diff.compare import diff_revision  # noqa: PLC0415

    if (args.new is None) == (args.rev is None):
        raise UsageError("give two paths (ivr diff OLD NEW) or one path and --rev REV")
    if args.rev is None:
        report = ivr.diff(args.old, args.new, args.at)
    else:
        try:
            report = diff_revision(args.old, args.rev, args.at)
        except GitError as exc:
            raise UsageError(f"--rev {args.rev}: {exc}") from None
    sys.stdout.write(report.render(args.format))
    return report.exit_code

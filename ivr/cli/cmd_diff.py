"""``ivr diff OLD NEW`` or ``ivr diff PATH --rev REV``: what a change to the menus does to
callers — structure, documented claims, routes."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_at, add_budget, add_command, add_format, output_format
from ivr.errors import GitError, UsageError

FORMATS = ("text", "json", "markdown")

HELP = "what a change to the menus does: structure, claims, routes"
DESCRIPTION = """\
What a change to the menus does to callers: the structure (menus, nodes, options, prompts,
entries), the documented claims (broken, fixed) and every caller's best route. Compare two
paths, or a path with its state at a git revision. Exit status 1 when a change is a
regression (a claim broke, a caller lost a route or a route got worse)."""
EXAMPLES = """\
ivr diff menus/mts --rev main                     # this branch's menus against main's
ivr diff old/mts menus/mts --format markdown      # a pull-request comment
ivr diff menus/mts --rev HEAD~1 --json"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "diff", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("old", metavar="OLD", help="menus before (file or folder), or PATH with --rev")
    p.add_argument("new", nargs="?", metavar="NEW", help="the menus after (file or folder)")
    p.add_argument("--rev", metavar="REV", help="compare PATH with its state at a git revision")
    add_at(p)
    add_budget(p)
    add_format(p, "diff", "; markdown: a pull-request comment")
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
    sys.stdout.write(report.render(output_format(args)))
    return report.exit_code

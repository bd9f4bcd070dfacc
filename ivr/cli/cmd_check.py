"""``ivr check PATH...``: load menus, replay every documented path, lint; print a report."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.cmd_mutate import percent
from ivr.cli.options import add_budget, add_command, output_format
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
ivr check mts --json                       # a shipped hotline, the JSON report
ivr check menus/mts --extend-select gethuman   # also the GetHuman standard (off by default)"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "check", common, HELP, DESCRIPTION, EXAMPLES)
    add_budget(p)  # the routes-lock rule searches routes
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    shown = ", ".join(f"{name} ({text})" for name, (_, _, text) in registry.FORMATS.items())
    p.add_argument("--format", default=None, choices=registry.names(), help=shown)
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
    p.add_argument("--select", action="append", metavar="RULES",
                   help="run only these rules: ids or families, comma-separated (replaces "
                   "the selection of [tool.ivr]; 'all' is every rule on by default)")  # fmt: skip
    p.add_argument("--extend-select", action="append", metavar="RULES",
                   help="also run these rules: ids or families, comma-separated "
                   "(--extend-select gethuman: the GetHuman standard, docs/rules.md)")  # fmt: skip
    p.set_defaults(run=run)


def _names(given: list[str] | None) -> list[str] | None:
    if given is None:
        return None
    return [n.strip() for item in given for n in item.split(",") if n.strip()]


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415

    paths = args.paths
    if args.folders:
        from ivr.io.discover import hotline_folders  # noqa: PLC0415

        paths = hotline_folders(paths)
        if not paths:
            print("no menu files among the files given")
            return 0
    from ivr.errors import ConfigError, UsageError  # noqa: PLC0415
    from ivr.lint.config import Config  # noqa: PLC0415

    select, extend = _names(args.select), _names(args.extend_select) or []
    try:  # a misspelt rule is the command line's mistake: exit 2 before anything is loaded
        Config().selecting(select, extend)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    measure = args.coverage or args.fail_under is not None
    report = ivr.check(paths, coverage=measure, select=select, extend_select=extend)
    sys.stdout.write(registry.render(report, output_format(args)))
    code = report.exit_code
    cov = report.coverage
    if cov is not None and args.fail_under is not None and cov.below(args.fail_under):
        print(f"ivr check: claims coverage {cov.percent:.1f}% is below "
              f"--fail-under {args.fail_under:g}%", file=sys.stderr)  # fmt: skip
        code = max(code, 1)
    return code

"""``ivr mutate PATH``: break the menus on purpose, one change at a time, and report which
changes ``ivr check`` does not notice.

Exit status: 0, or 1 when ``--fail-under PCT`` is given and the score is below it; 2 for menus
that do not load or do not pass ``ivr check`` to begin with.
"""

from __future__ import annotations

import argparse
import os
import sys

HELP = "mutation testing: which single changes of the menus ivr check does not notice"
DESCRIPTION = """\
Mutation testing of the documented claims: the menus are changed on purpose, one change at a
time (an option removed, a human made a hangup, a timeout moved, ...), and each mutant is run
through ivr check. A mutant the check does not notice survived: no claim (or lock) covers that
part of the menu. The score is the share of mutants killed. Exit status 1 when --fail-under
is given and the score is below it; 2 for menus that do not pass ivr check to begin with."""
EXAMPLES = """\
ivr mutate menus/mts                              # the score and every surviving mutant
ivr mutate menus/mts --as-locked -j 2             # as if a routes lock were kept; 2 processes
ivr mutate menus/mts --operator remove-option --json
ivr mutate menus/mts --fail-under 40              # in CI: fail below 40 %"""


def percent(text: str) -> float:
    """A ``--fail-under`` value: a percentage from 0 to 100 (``90`` or ``90%``).

    >>> percent("87.5%")
    87.5
    """
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 100")
    return value


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    from ivr.cli.options import add_command, add_format  # noqa: PLC0415

    p = add_command(sub, "mutate", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    add_format(p, "mutate")
    p.add_argument("--fail-under", type=percent, metavar="PCT",
                   help="exit 1 when the mutation score is below PCT percent")  # fmt: skip
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="check mutants in N processes (default 1)")  # fmt: skip
    # the names are checked by ivr.mutate (an unknown one is listed with the known ones), so
    # that building this parser imports nothing of the model
    p.add_argument("--operator", action="append", metavar="OP",
                   help="only this mutation operator (repeatable): hangup, remove-option, ... "
                   "(docs/evidence.md)")  # fmt: skip
    p.add_argument("--sample", type=int, metavar="N",
                   help="check at most N mutants, spread evenly (for large menus)")  # fmt: skip
    p.add_argument("--as-locked", action="store_true",
                   help="without a routes lock file, compare best routes with the unmutated "
                   "menus' (what 'ivr lock' would catch)")  # fmt: skip
    p.set_defaults(run=run)


class Bar:
    """A one-line progress bar on stderr, drawn only on a terminal (not in pipes, not in CI)."""

    WIDTH = 30

    def __init__(self) -> None:
        term = os.environ.get("TERM", "")
        self.on = sys.stderr.isatty() and not os.environ.get("CI") and term != "dumb"
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.on or total == 0:
            return
        filled = self.WIDTH * done // total
        if filled == self.shown and done != total:
            return
        self.shown = filled
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} mutants")
        if done == total:
            sys.stderr.write("\r" + " " * (self.WIDTH + 30) + "\r")
        sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.checking.mutate.operators import OPERATORS  # noqa: PLC0415
    from ivr.cli.options import output_format  # noqa: PLC0415
    from ivr.errors import UsageError  # noqa: PLC0415

    as_json = output_format(args) == "json"
    if args.jobs < 1:
        raise UsageError(f"-j takes a number of processes, 1 or more, not {args.jobs}")
    if args.sample is not None and args.sample < 1:
        raise UsageError(f"--sample takes a number of mutants, 1 or more, not {args.sample}")
    report = ivr.mutate(
        args.paths,
        operators=tuple(args.operator or OPERATORS),
        jobs=args.jobs,
        as_locked=args.as_locked,
        sample=args.sample,
        progress=None if as_json else Bar(),
    )
    if as_json:
        from ivr.cli.options import print_json  # noqa: PLC0415

        print_json(report.as_json())
    else:
        sys.stdout.write(report.as_text())
    if args.fail_under is not None and report.below(args.fail_under):
        print(f"ivr mutate: mutation score {report.score:.1%} is below --fail-under "
              f"{args.fail_under:g}%", file=sys.stderr)  # fmt: skip
        return 1
    return 0

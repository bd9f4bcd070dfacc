"""``ivr route PATH...``: how to reach a human — number, keys, dial string, time, cost."""

from __future__ import annotations

import argparse

from ivr.cli.options import (
    add_at,
    add_budget,
    add_caller,
    add_command,
    add_format,
    output_format,
    print_json,
)

HELP = "how to reach a human: number, keys, dial string, time, cost"
DESCRIPTION = """\
How a caller reaches a human: the number to dial, the keys to press and when, the time, the
cost, a dial string the phone dials by itself and a tel: link. With --caller, the best route
of that caller (-k N: the N best); without, a table of the best route of every caller.
Exit status 1 when a caller asked about (or a row of the table) has no route to a human."""
EXAMPLES = """\
ivr route menus/mts --caller mts,abroad          # an MTS SIM abroad: values alone will do
ivr route menus/mts --caller network=other --caller location=roaming
ivr route menus/mts --caller mts,home --by time --at 16:00 -k 3
ivr route menus/mts --by pareto --json            # every route not beaten on keys, time, cost
ivr route menus/mts                               # a table: every caller's best route"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "route", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    add_caller(p, "; without: a table of every caller")
    add_at(p)
    add_budget(p)
    p.add_argument("--by", default="keys", metavar="keys|time|cost|pareto",
                   help="what to minimise (default: keys); pareto: every route no other beats "
                   "on keys, time and cost at once")  # fmt: skip
    p.add_argument("-k", type=int, default=1, metavar="N", help="also the next-best N-1 routes")
    p.add_argument("--with-wait", action="store_true", help="count the expected queue wait")
    p.add_argument("--trust", default="any", metavar="documented|sourced|any",
                   help="what a route may rest on: documented (a text's claim gives it), sourced "
                   "(no inferred step), any (default); routes rank by evidence first")  # fmt: skip
    add_format(p, "route")
    p.add_argument("--channels", action="store_true",
                   help="also name the hotline's other ways to a human (web chat, form, e-mail, "
                   "social networks, app, shop), as it lists them; named anyway for a caller no "
                   "voice route serves")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.report.routes import answer_routes  # noqa: PLC0415

    fmt = output_format(args)
    hotlines = [ivr.load(p) for p in args.paths]
    answer = answer_routes(hotlines, args.caller, args.at, args.by, args.k, args.with_wait,
                           args.trust, args.channels)  # fmt: skip
    if fmt == "json":
        print_json(answer.document())
    else:
        print(answer.as_text())
    return answer.exit_code

"""``ivr when PATH --caller ...``: the expected time to a human at every hour of the day, for
the best route of each number; the best hour and number."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_caller, add_command, add_format, output_format, print_json

HELP = "when to call: the time to a human (route + queue) hour by hour, the best hour"
DESCRIPTION = """\
When to call: for one caller, the expected time to a human (the best route's time plus the
queue's wait) at every hour of an ordinary working day, for each number, and the best hour and
number. With --agents, what a change of a queue's staffing does (the hotline needs 'staffing').
Exit status 1 when no hour has a route to a human for that caller."""
EXAMPLES = """\
ivr when menus/mts --caller mts,home              # an MTS SIM at home: values alone will do
ivr when menus/mts --caller network=other --caller location=abroad --json
ivr when menus/mts --caller mts,home --format svg -o when.svg   # a chart (ivr[chart])
ivr when tests/fixtures/staffed --agents 11:00=+1   # one more agent from 11:00 to 12:00"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "when", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("path", metavar="PATH", help="menu file or folder (one hotline)")
    add_caller(p)
    add_format(p, "when", "; text: a table and a sparkline; json: the hours; svg, png: a chart "
               "(needs matplotlib: pip install 'ivr[chart]')")  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the chart")
    p.add_argument("--agents", action="append", default=[], metavar="HOURS=CHANGE[@QUEUE]",
                   help="what a change of staffing does, before and after: 11:00=+1 (one more "
                   "agent from 11:00 to 12:00), 09:00-12:00=-2, 11:00=15 (exactly 15); "
                   "@QUEUE for one queue; repeat to combine. Needs 'staffing'")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.cli.options import caller_of  # noqa: PLC0415
    from ivr.routing.when import when  # noqa: PLC0415

    fmt = output_format(args)
    hotline = ivr.load(args.path)
    caller = caller_of(hotline, args.caller)
    plan = when(hotline, caller)
    before = None
    if args.agents:
        from ivr.routing.when import compare, parse_agents, with_agents  # noqa: PLC0415

        changes = [parse_agents(a) for a in args.agents]
        before, plan = plan, when(with_agents(hotline, changes), caller)
    if fmt == "json":
        doc = plan.as_json()
        if before is not None:
            doc["agents"] = [c.text() for c in changes]
            doc["before"] = {k: v for k, v in before.as_json().items() if k in ("hours", "best")}
        print_json(doc)
    elif fmt in ("svg", "png"):
        from ivr.diagram.when_chart import when_chart  # noqa: PLC0415
        from ivr.errors import UsageError  # noqa: PLC0415
        from ivr.io.atomic import write_output  # noqa: PLC0415

        if fmt == "png" and args.output is None:
            raise UsageError("--format png writes a file: give -o FILE")
        write_output(args.output, when_chart(plan, fmt))
    elif before is not None:
        print(f"staffing changed: {', '.join(c.text() for c in changes)}")
        print(compare(before, plan))
        print(f"before: {before.advice()}")
        print(f"after:  {plan.advice()}")
    else:
        print(plan.table())
        print(f"{plan.sparkline()}  00:00 to 23:00")
        print(plan.advice())
    return 0 if plan.best is not None else 1

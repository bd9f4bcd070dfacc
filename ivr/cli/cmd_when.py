"""``ivr when PATH --caller ...``: the expected time to a human at every hour of the day, for
the best route of each number; the best hour and number."""

from __future__ import annotations

import argparse

from ivr.cli.options import parse_caller, print_json

HELP = "when to call: the time to a human (route + queue) hour by hour, the best hour"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("when", parents=common, help=HELP)
    p.add_argument("path", metavar="PATH", help="menu file or folder (one hotline)")
    p.add_argument("--caller", metavar="K=V,...", help="caller attributes, e.g. network=mts")
    p.add_argument("--format", default="text", choices=("text", "svg", "png"),
                   help="text: a table and a sparkline (default); svg, png: a chart "
                   "(needs matplotlib: pip install 'ivr[chart]')")  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the chart")
    p.add_argument("--json", action="store_true", help="print the hours as JSON")
    p.add_argument("--agents", action="append", default=[], metavar="HOURS=CHANGE[@QUEUE]",
                   help="what a change of staffing does, before and after: 11:00=+1 (one more "
                   "agent from 11:00 to 12:00), 09:00-12:00=-2, 11:00=15 (exactly 15); "
                   "@QUEUE for one queue; repeat to combine. Needs 'staffing'")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.routing.when import when  # noqa: PLC0415

    hotline = ivr.load(args.path)
    caller = parse_caller(args.caller)
    plan = when(hotline, caller)
    before = None
    if args.agents:
        from ivr.routing.when import compare, parse_agents, with_agents  # noqa: PLC0415

        changes = [parse_agents(a) for a in args.agents]
        before, plan = plan, when(with_agents(hotline, changes), caller)
    if args.json:
        doc = plan.as_json()
        if before is not None:
            doc["agents"] = [c.text() for c in changes]
            doc["before"] = {k: v for k, v in before.as_json().items() if k in ("hours", "best")}
        print_json(doc)
    elif args.format in ("svg", "png"):
        from ivr.diagram.when_chart import when_chart  # noqa: PLC0415
        from ivr.errors import UsageError  # noqa: PLC0415
        from ivr.io.atomic import write_output  # noqa: PLC0415

        if args.format == "png" and args.output is None:
            raise UsageError("--format png writes a file: give -o FILE")
        write_output(args.output, when_chart(plan, args.format))
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

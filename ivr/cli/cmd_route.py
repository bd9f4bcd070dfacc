"""``ivr route PATH...``: how to reach a human — number, keys, dial string, time, cost."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_at, add_budget, parse_caller, print_json

HELP = "how to reach a human: number, keys, dial string, time, cost"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("route", parents=common, help=HELP)
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    p.add_argument("--caller", metavar="K=V,...",
                   help="caller attributes; without: a table of every caller")  # fmt: skip
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
    p.add_argument("--json", action="store_true", help="print routes as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.routing.budget import OutOfBudget  # noqa: PLC0415
    from ivr.routing.instructions import format_route, format_table, route_json  # noqa: PLC0415
    from ivr.routing.search import best_routes  # noqa: PLC0415

    hotlines = [ivr.load(p) for p in args.paths]
    table_wanted = args.caller is None and args.by != "pareto"
    out: list[dict] = []
    text: list[str] = []
    status = 0
    stopped: OutOfBudget | None = None
    for hotline in hotlines:
        if stopped is not None:
            break
        if table_wanted:
            try:
                table = best_routes(hotline, args.at, args.by, args.with_wait, trust=args.trust)
            except OutOfBudget as stop:  # keep the rows found; say so below
                stopped, table = stop, list(stop.found or [])
            out.extend(route_json(route) for _who, route in table if route is not None)
            text.append(format_table(table, hotline, args.at, args.trust))
            continue
        caller = parse_caller(args.caller)
        try:
            found = ivr.routes(
                hotline, caller, args.at, args.by, args.k, args.with_wait, trust=args.trust
            )
        except OutOfBudget as stop:  # keep the routes found; say so below
            stopped, found = stop, list(stop.found or [])
        if not found and stopped is None:
            status = 1
            trusted = f" resting on {args.trust} steps" if args.trust != "any" else ""
            text.append(
                f"{hotline.path}: no route to a human{trusted} for this caller at {args.at}"
            )
        for i, route in enumerate(found):
            out.append(route_json(route))
            head = f"Route {i + 1} of {len(found)}\n" if len(found) > 1 else ""
            text.append(head + format_route(route))
    if stopped is not None:
        status = 1
        text.append(str(stopped.diagnostic()))
    if args.json:
        doc: dict = {"version": 1, "routes": out}
        if stopped is not None:
            doc["stopped"] = stopped.diagnostic().as_json()
        print_json(doc)
    else:
        print("\n".join(text) if table_wanted else "\n\n".join(text))
    return status

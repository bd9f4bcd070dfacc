"""``ivr route PATH...``: how to reach a human — number, keys, dial string, time, cost."""

from __future__ import annotations

import argparse

from ivr.cli.options import (
    add_at,
    add_budget,
    add_caller,
    add_command,
    add_format,
    caller_of,
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
    p.add_argument("--channels", action="store_true",
                   help="also name the hotline's other ways to a human (web chat, form, e-mail, "
                   "social networks, app, shop), as it lists them; named anyway for a caller no "
                   "voice route serves")  # fmt: skip
    add_format(p, "route")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.report.routes import route_table, routes_document, why_unreached  # noqa: PLC0415
    from ivr.routing.budget import OutOfBudget  # noqa: PLC0415
    from ivr.routing.channels import channel_json, channels_for, channels_text  # noqa: PLC0415
    from ivr.routing.instructions import format_route  # noqa: PLC0415
    from ivr.routing.search import best_routes  # noqa: PLC0415

    fmt = output_format(args)
    hotlines = [ivr.load(p) for p in args.paths]
    table_wanted = args.caller is None and args.by != "pareto"
    found: list = []
    unreached: list[tuple[dict[str, str], str]] = []
    text: list[str] = []
    stopped: OutOfBudget | None = None
    channels: list = []
    for hotline in hotlines:
        if stopped is not None:
            break
        if table_wanted:
            try:
                table = best_routes(hotline, args.at, args.by, args.with_wait, trust=args.trust)
            except OutOfBudget as stop:  # keep the rows found; say so below
                stopped, table = stop, list(stop.found or [])
            found.extend(route for _who, route in table if route is not None)
            unreached.extend((who, why_unreached(hotline, who, args.at, args.trust))
                             for who, route in table if route is None)  # fmt: skip
            text.append(route_table(table, hotline, args.at, trust=args.trust))
            lost = [who for who, route in table if route is None]
            if args.channels or lost:
                seen = channels_for(hotline) if args.channels else []
                for who in lost:
                    seen += [x for x in channels_for(hotline, who, args.at) if x not in seen]
                channels += seen
                text.append("\n" + channels_text(seen))
            continue
        caller = caller_of(hotline, args.caller)
        try:
            routes = ivr.routes(
                hotline, caller, args.at, args.by, args.k, args.with_wait, trust=args.trust
            )
        except OutOfBudget as stop:  # keep the routes found; say so below
            stopped, routes = stop, list(stop.found or [])
        if not routes and stopped is None:
            from ivr.sim.callers import resolve_caller  # noqa: PLC0415

            who = resolve_caller(hotline, caller)
            unreached.append((who, why_unreached(hotline, who, args.at, args.trust)))
            trusted = f" resting on {args.trust} steps" if args.trust != "any" else ""
            text.append(f"{hotline.path}: no route to a human{trusted} for this caller at "
                        f"{args.at}: {unreached[-1][1]}")  # fmt: skip
        for i, route in enumerate(routes):
            found.append(route)
            head = f"Route {i + 1} of {len(routes)}\n" if len(routes) > 1 else ""
            text.append(head + format_route(route))
        if args.channels or not routes:
            seen = channels_for(hotline, caller, args.at)
            channels += seen
            text.append(channels_text(seen))
    if stopped is not None:
        text.append(str(stopped.diagnostic()))
    if fmt == "json":
        doc = routes_document(found, unreached)
        if args.channels or unreached:
            doc["channels"] = [channel_json(c) for _m, c in channels]
        if stopped is not None:
            doc["stopped"] = stopped.diagnostic().as_json()
        print_json(doc)
    else:
        print("\n".join(text) if table_wanted else "\n\n".join(text))
    return 1 if unreached or stopped is not None else 0

"""``ivr render PATH``: draw menus as DOT, SVG, PNG, PDF or Mermaid, a route lit up."""

from __future__ import annotations

import argparse
import sys

from ivr.cli.options import add_at, add_caller, add_command, caller_of
from ivr.errors import UsageError

FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
LAYOUTS = ("auto", "dot", "sfdp")

HELP = "draw menus: DOT, SVG, PNG, PDF or Mermaid, a route lit up"
DESCRIPTION = """\
Draw menus as a diagram: a cluster per file, entries as the numbers a caller dials, edges
labelled by key (timeouts dashed, invalid input dotted). --route best or --dial/--keys draw
a route or a call bold, its steps numbered. SVG, PNG and PDF need Graphviz's `dot`; past
300 nodes or 900 edges it lays them out with sfdp (force-directed, straight edges, seconds)
instead of dot's layered layout (can take minutes): --layout dot or sfdp forces one."""
EXAMPLES = """\
ivr render menus/mts -o mts.svg
ivr render menus/mts --format svg -o mts.svg --route best --caller mts,home
ivr render menus/mts/short.yaml --format mermaid --dial 0890 --keys "2 0" --caller mts
ivr render menus --layout dot -o menus.svg   # the layered layout at any size: wait for it"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "render", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("path", metavar="PATH", help="menu file or folder: a cluster per file")
    p.add_argument("--format", choices=FORMATS,
                   help="output format (default: from the -o suffix, else svg)")  # fmt: skip
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (default: stdout)")
    p.add_argument("--layout", choices=LAYOUTS, default="auto",
                   help="svg/png/pdf: dot (layered), sfdp (force-directed, straight edges) or "
                   "auto (default: dot, sfdp past 300 nodes or 900 edges)")  # fmt: skip
    add_caller(p)
    add_at(p)
    way = p.add_mutually_exclusive_group()
    way.add_argument("--route", choices=("best",), help="highlight the best route to a human")
    way.add_argument("--dial", metavar="NUMBER", help="highlight the path of a simulated call")
    p.add_argument("--keys", metavar="KEYS", help='keys of that call, e.g. "2 0" (with --dial)')
    p.add_argument("--no-legend", action="store_true", help="leave the legend out")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr import diagram as draw  # noqa: PLC0415

    fmt = draw.format_for(args.output, args.format)
    to_stdout = args.output in (None, "-")
    if fmt in draw.BINARY_FORMATS and to_stdout and sys.stdout.isatty():
        raise UsageError(f"{fmt.upper()} is binary: write it to a file with -o FILE")
    if args.keys is not None and args.dial is None:
        raise UsageError("--keys needs --dial NUMBER")
    if fmt in draw.PROGRAM_FORMATS:
        draw.dot_program()  # no Graphviz: say so before any work
    hotline = ivr.load(args.path)
    graph, highlight = draw.highlight_for(
        hotline, caller_of(hotline, args.caller), args.at, args.route, args.dial, args.keys
    )
    data = draw.render(graph, fmt, highlight, legend=not args.no_legend, layout=args.layout,
                       note=lambda text: print(f"ivr: {text}", file=sys.stderr))  # fmt: skip
    from ivr.io.atomic import write_output  # noqa: PLC0415

    write_output(args.output, data)  # a file atomically; -, a device or a FIFO streamed
    return 0

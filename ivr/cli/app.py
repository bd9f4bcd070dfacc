"""The ``ivr`` command: a thin shell over the library.

Exit status: 0 clean, 1 findings, 2 input or usage error. A user's mistake is a located message,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ivr.diagnostics import LoadError


class UsageError(Exception):
    """A command-line mistake: printed as ``ivr: message``, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its usage line
        self.print_usage(sys.stderr)
        raise UsageError(message)


def parse_caller(text: str | None) -> dict[str, str]:
    """``network=mts,location=home`` → a dict; UsageError for anything else.

    >>> parse_caller("network=mts, location=home")
    {'network': 'mts', 'location': 'home'}
    """
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"--caller takes name=value pairs separated by commas, not '{part}'")
        out[name.strip()] = value.strip()
    return out


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_check(args: argparse.Namespace) -> int:
    from ivr.checking.runner import check
    from ivr.report.formats import render

    paths = args.paths
    if args.folders:
        from ivr.report.formats import hotline_folders

        paths = hotline_folders(paths)
        if not paths:
            print("no menu files among the files given")
            return 0
    report = check(paths)
    fmt = "json" if args.json else args.format
    sys.stdout.write(render(report, fmt))
    return report.exit_code


def cmd_lock(args: argparse.Namespace) -> int:
    from ivr.checking.lockfile import write_lock

    hotline = _load(args.path)
    try:
        status, messages, _ = write_lock(hotline, args.update, args.at, args.by)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    for message in messages:
        print(message)
    return status


def _load(path: str):
    from ivr.io.yaml.reader import load

    return load(path)


def cmd_call(args: argparse.Namespace) -> int:
    from ivr.sim.run import simulate

    hotline = _load(args.path)
    caller = parse_caller(args.caller)
    _check_keys(args.keys or "")
    if args.keys is None and sys.stdin.isatty() and not args.json:
        return _interactive(hotline, args.dial, caller, args.at)
    try:
        call = simulate(hotline, args.dial, args.keys or "", caller, args.at)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _print_json(call.as_json())
    else:
        print(call.transcript())
        print(f"-> {call.outcome} at '{call.node}' after {call.seconds:g} s")
    return 0


def _check_keys(text: str) -> None:
    """UsageError for a key a telephone does not have (``--keys "2 a"``: did you mean 'A'?)."""
    from ivr.io.yaml.reader import split_keys
    from ivr.model.types import key_problem

    for key in split_keys(text):
        problem = key_problem(key)
        if problem:
            raise UsageError(f"--keys: '{key}' {problem}")


def _interactive(hotline, dial: str, caller: dict[str, str], at: str) -> int:
    """Read the prompts, type keys at each menu: the keys are pressed once the menu has spoken."""
    from ivr.io.yaml.reader import split_keys
    from ivr.model.types import DTMF_KEYS
    from ivr.sim.run import LISTEN, SILENCE, simulate

    keys: list[str] = [LISTEN]
    shown = 0
    print("Interactive call: type keys and Enter at a menu; Enter alone stays silent; q quits.")
    while True:
        try:
            call = simulate(hotline, dial, keys, caller, at, until_input=True)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        for event in call.events[shown:]:
            print(event)
        shown = len(call.events)
        if call.outcome != "waiting":
            print(f"-> {call.outcome} at '{call.node}' after {call.seconds:g} s")
            return 0
        try:
            typed = input(f"[{call.seconds:6.1f} s] {call.node}> ").strip()
        except EOFError:
            print()
            return 0
        if typed.lower() in ("q", "quit", "exit"):
            return 0
        pressed = [k.upper() for k in split_keys(typed)]
        bad = [k for k in pressed if len(k) != 1 or k not in DTMF_KEYS]
        if bad:
            print(f"'{bad[0]}' is not a telephone key (0-9 * # A B C D)")
            continue
        # typed after hearing the menu: press them there, then hear the next menu out
        keys.extend([*pressed, LISTEN] if pressed else [SILENCE, LISTEN])


def cmd_route(args: argparse.Namespace) -> int:
    from ivr.io.yaml.reader import load
    from ivr.routing.instructions import format_route, format_table, route_json
    from ivr.routing.search import best_routes, routes

    hotlines = [load(p) for p in args.paths]
    out: list[dict] = []
    text: list[str] = []
    status = 0
    for hotline in hotlines:
        try:
            if args.caller is None and args.by != "pareto":
                table = best_routes(hotline, args.at, args.by, args.with_wait)
                out.extend(route_json(route) for _who, route in table if route is not None)
                text.append(format_table(table, hotline, args.at))
                continue
            found = routes(
                hotline, parse_caller(args.caller), args.at, args.by, args.k, args.with_wait
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if not found:
            status = 1
            text.append(f"{hotline.path}: no route to a human for this caller at {args.at}")
        for i, route in enumerate(found):
            out.append(route_json(route))
            head = f"Route {i + 1} of {len(found)}" if len(found) > 1 else ""
            text.append((head + "\n" if head else "") + format_route(route))
    if args.json:
        _print_json({"version": 1, "routes": out})
    else:
        print(
            "\n\n".join(text) if args.caller is not None or args.by == "pareto" else "\n".join(text)
        )
    return status


def cmd_render(args: argparse.Namespace) -> int:
    from ivr.diagram import draw as rd

    try:
        fmt = rd.format_for(args.output, args.format)
        to_stdout = args.output in (None, "-")
        if fmt in rd.BINARY_FORMATS and to_stdout and sys.stdout.isatty():
            raise UsageError(f"{fmt.upper()} is binary: write it to a file with -o FILE")
        if args.keys is not None and args.dial is None:
            raise UsageError("--keys needs --dial NUMBER")
        if fmt in rd.PROGRAM_FORMATS:
            rd.dot_program()  # no Graphviz: say so before any work
        hotline = _load(args.path)
        graph, highlight = rd.highlight_for(
            hotline, parse_caller(args.caller), args.at, args.route, args.dial, args.keys
        )
        data = rd.render(graph, fmt, highlight, legend=not args.no_legend)
    except (ValueError, rd.GraphvizMissing, rd.RoutesUnavailable, rd.RenderError) as exc:
        raise UsageError(str(exc)) from None
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    else:
        try:
            from ivr.io.atomic import write_atomic

            write_atomic(args.output, raw)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from ivr.checking.diffing import GitError, diff, diff_revision

    if (args.new is None) == (args.rev is None):
        raise UsageError("give two paths (ivr diff OLD NEW) or one path and --rev REV")
    try:
        if args.rev is not None:
            report = diff_revision(args.old, args.rev, args.at)
        else:
            report = diff(args.old, args.new, args.at)
    except GitError as exc:
        raise UsageError(f"--rev {args.rev}: {exc}") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    sys.stdout.write(report.render(args.format))
    return report.exit_code


def cmd_schema(args: argparse.Namespace) -> int:
    from ivr.io.yaml.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ivr import __version__

    parser = _Parser(
        prog="ivr",
        description="Telephone voice menus as graphs: reach a human, test menu changes.",
    )
    parser.add_argument("--version", action="version", version=f"ivr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("check", help="load menus, replay every documented path, lint")
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    p.add_argument("--format", default="text", choices=("text", "json", "junit", "github"),
                   help="text (default), json, junit (JUnit XML), github")  # fmt: skip
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--folders", action="store_true",
                   help="check the folder (hotline) of each menu file given; skip other YAML "
                   "(for pre-commit, which passes changed files)")  # fmt: skip
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("lock", help="record the best route of every caller in a lock file")
    p.add_argument("path", metavar="PATH", help="menu folder (PATH/ivr.lock.json) or file")
    p.add_argument("--update", action="store_true", help="overwrite a lock that differs")
    p.add_argument("--at", default="12:00", metavar="HH:MM", help="time of day (default 12:00)")
    p.add_argument("--by", default="keys", choices=("keys", "time", "cost"),
                   help="what the best route minimises (default: keys)")  # fmt: skip
    p.set_defaults(run=cmd_lock)

    p = sub.add_parser("call", help="simulate a call: dial, press keys, see the transcript")
    p.add_argument("path", metavar="PATH", help="menu file or folder")
    p.add_argument("--dial", required=True, metavar="NUMBER", help="the number to dial")
    p.add_argument("--keys", metavar="KEYS", help='keys to press, e.g. "2 0" (_ = stay silent)')
    p.add_argument("--caller", metavar="K=V,...", help="caller attributes, e.g. network=mts")
    p.add_argument("--at", default="12:00", metavar="HH:MM", help="time of day (default 12:00)")
    p.add_argument("--json", action="store_true", help="print the call as JSON")
    p.set_defaults(run=cmd_call)

    p = sub.add_parser("route", help="how to reach a human: number, keys, dial string, time, cost")
    p.add_argument("paths", nargs="+", metavar="PATH", help="menu file or folder (one hotline)")
    p.add_argument("--caller", metavar="K=V,...", help="caller attributes; without: a table")
    p.add_argument("--at", default="12:00", metavar="HH:MM", help="time of day (default 12:00)")
    p.add_argument("--by", default="keys", metavar="keys|time|cost|pareto",
                   help="what to minimise (default: keys)")  # fmt: skip
    p.add_argument("-k", type=int, default=1, metavar="N", help="also the next-best N-1 routes")
    p.add_argument("--with-wait", action="store_true", help="count the expected queue wait")
    p.add_argument("--json", action="store_true", help="print routes as JSON")
    p.set_defaults(run=cmd_route)

    p = sub.add_parser("render", help="draw menus: DOT, SVG, PNG, PDF or Mermaid, a route lit up")
    p.add_argument("path", metavar="PATH", help="menu file or folder: a cluster per file")
    p.add_argument(
        "--format",
        choices=("dot", "svg", "png", "pdf", "mermaid"),
        help="output format (default: from the -o suffix, else svg)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (default: stdout)")
    p.add_argument("--caller", metavar="K=V,...", help="caller attributes, e.g. network=mts")
    p.add_argument("--at", default="12:00", metavar="HH:MM", help="time of day (default 12:00)")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--route", choices=("best",), help="highlight the best route to a human")
    way.add_argument("--dial", metavar="NUMBER", help="highlight the path of a simulated call")
    p.add_argument("--keys", metavar="KEYS", help='keys of that call, e.g. "2 0" (with --dial)')
    p.add_argument("--no-legend", action="store_true", help="leave the legend out")
    p.set_defaults(run=cmd_render)

    p = sub.add_parser("diff", help="what a change to the menus does: structure, claims, routes")
    p.add_argument("old", metavar="OLD", help="menus before (file or folder), or PATH with --rev")
    p.add_argument("new", nargs="?", metavar="NEW", help="the menus after (file or folder)")
    p.add_argument("--rev", metavar="REV", help="compare PATH with its state at a git revision")
    p.add_argument("--at", default="12:00", metavar="HH:MM", help="time of day (default 12:00)")
    p.add_argument("--format", default="text", choices=("text", "json", "markdown"),
                   help="text (default), json, markdown (a pull-request comment)")  # fmt: skip
    p.set_defaults(run=cmd_diff)

    p = sub.add_parser("schema", help="print the JSON Schema of menu files")
    p.set_defaults(run=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return 2
        return args.run(args)
    except SystemExit as exc:  # --help and --version: argparse exits; main returns the code
        return exc.code if isinstance(exc.code, int) else 0
    except UsageError as exc:
        print(f"ivr: {exc}", file=sys.stderr)
        return 2
    except LoadError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0

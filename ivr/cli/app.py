"""The ``ivr`` command: the parser, assembled from one module per command, and :func:`main`.

Exit status: 0 clean, 1 findings, 2 a mistake in the input or the command line (a located
message, never a traceback), 3 an internal error: a bug in ``ivr``, one line on stderr, the
traceback with ``--debug``.

A command module (``ivr/cli/cmd_<name>.py``) has ``add_to(sub, common)``, which adds its
subparser and sets ``run``, and ``run(args) -> int``; it imports the library inside ``run``,
so ``ivr --help`` loads none of it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ivr.cli import cmd_call, cmd_check, cmd_diff, cmd_lock, cmd_render, cmd_route, cmd_schema
from ivr.cli.options import Parser, add_debug
from ivr.cli.options import parse_caller as parse_caller  # re-exported: its old home
from ivr.errors import IvrError, LoadError, UsageError
from ivr.printable import printable

COMMANDS = (cmd_check, cmd_lock, cmd_call, cmd_route, cmd_render, cmd_diff, cmd_schema)
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def build_parser() -> argparse.ArgumentParser:
    """The ``ivr`` parser with every command of :data:`COMMANDS`."""
    from ivr import __version__  # noqa: PLC0415

    parser = Parser(
        prog="ivr",
        description="Telephone voice menus as graphs: reach a human, test menu changes.",
        epilog="Exit status: 0 clean, 1 findings, 2 a mistake in the menus or the command "
        "line, 3 a bug in ivr.",
    )
    parser.add_argument("--version", action="version", version=f"ivr {__version__}")
    add_debug(parser, default=False)
    common = argparse.ArgumentParser(add_help=False)
    add_debug(common)  # also after the command: ivr call ... --debug
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        command.add_to(sub, [common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ivr`` with ``argv`` (default: the command line); the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # known before parsing, so that a failure anywhere can honour it
    debug = "--debug" in (argv[: argv.index("--")] if "--" in argv else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return args.run(args)
    except SystemExit as exc:  # --help and --version: argparse exits; main returns the code
        return exc.code if isinstance(exc.code, int) else 0
    except LoadError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return EXIT_USAGE
    except IvrError as exc:  # UsageError, InputError, GitError, GraphvizMissing, ...
        print(f"ivr: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file that vanished, a folder not writable: not a bug of ivr
        where = f"{exc.filename}: " if exc.filename else ""
        print(printable(f"ivr: {where}{exc.strerror or exc}"), file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug in ivr: say so, do not dress it up as a usage error
        return internal_error(exc, debug)


def internal_error(exc: BaseException, debug: bool) -> int:
    """Report a bug in ``ivr`` on stderr: the traceback with ``debug``, else one line; 3."""
    if debug:
        import traceback  # noqa: PLC0415

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        hint = ""
    else:
        hint = " (run with --debug for the traceback)"
    print(f"ivr: internal error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
    return EXIT_INTERNAL


__all__ = ["UsageError", "build_parser", "main", "parse_caller"]

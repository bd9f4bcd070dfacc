"""The ``ivr`` command: the parser, assembled from one module per command, and :func:`main`.

Exit status: 0 clean, 1 findings, 2 a mistake in the input or the command line (a located
message, never a traceback), 3 an internal error: a bug in ``ivr``, one line on stderr, the
traceback with ``--debug``.

A command ``NAME`` is the module ``ivr/cli/cmd_<NAME>.py``, listed by name in
:data:`COMMANDS`. It has ``HELP`` (its line in ``ivr --help``), ``add_to(sub, common)``,
which adds its subparser and sets ``run``, and ``run(args) -> int``; it imports the library
inside ``run``, so ``ivr --help`` loads none of it. Only the module and the parser of the
command being run are loaded and built (``ivr --help`` lists the others by their ``HELP``):
building every subparser took a tenth of ``ivr route``'s start-up.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from ivr.cli.options import Parser, add_debug, add_from, run_command
from ivr.cli.options import parse_caller as parse_caller  # re-exported: its old home
from ivr.errors import IvrError, LoadError, UsageError
from ivr.printable import printable

# the commands, in the order `ivr --help` lists them: "name" is the module ivr.cli.cmd_<name>
COMMANDS: tuple[str, ...] = ("check", "lock", "call", "route", "render", "diff", "schema",
                             "import", "export", "mutate", "when",
                             "callers", "hotlines", "serve")  # fmt: skip
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def command_name(command: str | ModuleType) -> str:
    """The name of an entry of :data:`COMMANDS` (a name, or a command's module).

    >>> from ivr.cli import cmd_route
    >>> command_name(cmd_route), command_name("route")
    ('route', 'route')
    """
    if isinstance(command, str):
        return command
    return command.__name__.rsplit(".", 1)[-1].removeprefix("cmd_")


def command_module(command: str | ModuleType) -> ModuleType:
    """The module of an entry of :data:`COMMANDS`, imported on first use."""
    if isinstance(command, str):
        return importlib.import_module(f"ivr.cli.cmd_{command}")
    return command


def named_command(argv: Sequence[str]) -> str | None:
    """The command named on a command line: its first word that is not an option (the
    options before a command take no value), if any.

    >>> named_command(["--debug", "route", "menus/mts"])
    'route'
    >>> named_command(["--help"]) is None
    True
    """
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``ivr`` parser with every command of :data:`COMMANDS`; with ``only`` (a command's
    name), that command's full parser alone, the others a line of help each."""
    from ivr import __version__  # noqa: PLC0415

    parser = Parser(
        prog="ivr",
        description="Telephone voice menus as graphs: reach a human, test menu changes.",
        epilog="Exit status: 0 clean, 1 findings, 2 a mistake in the menus or the command "
        "line, 3 a bug in ivr. `ivr COMMAND --help` describes a command, with examples.",
    )
    parser.add_argument("--version", action="version", version=f"ivr {__version__}")
    add_debug(parser, default=False)
    common = Parser(add_help=False)
    add_debug(common)  # also after the command: ivr call ... --debug
    add_from(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    names = {command_name(c): c for c in COMMANDS}
    if only in names:
        command_module(names[only]).add_to(sub, [common])
        return parser
    for name, command in names.items():
        module = command_module(command)
        if only is None:
            module.add_to(sub, [common])
        else:  # no command named: argparse lists the choices (ivr --help, a misspelt name)
            sub.add_parser(name, help=module.HELP, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ivr`` with ``argv`` (default: the command line); the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # known before parsing, so that a failure anywhere can honour it
    debug = "--debug" in (argv[: argv.index("--")] if "--" in argv else argv)
    try:
        parser = build_parser(named_command(argv) or "")
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        if getattr(args, "from_format", None):  # --from NAME: every path read as NAME
            from ivr.io.registry import forced  # noqa: PLC0415

            with forced(args.from_format):
                return run_command(args)
        return run_command(args)
    except SystemExit as exc:  # --help and --version: argparse exits; main returns the code
        return exc.code if isinstance(exc.code, int) else 0
    except LoadError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return EXIT_USAGE
    except IvrError as exc:  # UsageError, InputError, GitError, GraphvizMissing, ...
        print(f"ivr: {printable(str(exc))}", file=sys.stderr)
        return getattr(exc, "exit_status", EXIT_USAGE)  # NoRoute: a finding, 1
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

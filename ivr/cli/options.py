"""What the commands share: the parser that raises instead of exiting, and the options'
parsers (``--caller``, ``--keys``) and shared arguments (``--at``, ``--debug``)."""

from __future__ import annotations

import argparse
import sys

from ivr.errors import UsageError

AT_HELP = (
    "when the call is made: a time of day (an ordinary working day), a weekday and time "
    "('Sat 16:00') or a date and time ('2026-12-31 16:00') (default 12:00)"
)


class Parser(argparse.ArgumentParser):
    """An argparse parser whose mistakes raise :class:`UsageError` (printed by ``main``)."""

    def error(self, message: str) -> None:  # type: ignore[override]  # argparse exits 2 too
        self.print_usage(sys.stderr)
        raise UsageError(message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes a formatter for every argument it adds (to check its metavar), and
        # each asks the terminal for its size: asked once here (start-up), the same width
        formatter = self.formatter_class(prog=self.prog, width=_help_width())  # type: ignore[call-arg]
        if hasattr(formatter, "_set_color"):  # Python 3.14: as argparse's own does
            formatter._set_color(getattr(self, "color", False))
        return formatter


_WIDTH: list[int] = []


def _help_width() -> int:
    """What argparse's HelpFormatter takes as its width: the terminal's columns less 2."""
    if not _WIDTH:
        import shutil  # noqa: PLC0415

        _WIDTH.append(shutil.get_terminal_size().columns - 2)
    return _WIDTH[0]


def add_command(
    sub: argparse._SubParsersAction,
    name: str,
    common: list[argparse.ArgumentParser],
    help: str,
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    """A command's parser: its line in ``ivr --help``, a description and examples (each
    ``command  # what it does``) for ``ivr NAME --help``."""
    lines = [f"  {line.strip()}" for line in examples.strip().splitlines()]
    return sub.add_parser(
        name,
        parents=common,
        help=help,
        description=description,
        epilog="examples:\n" + "\n".join(lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_format(parser: argparse.ArgumentParser, command: str, more: str = "") -> None:
    """``--format`` with the command's choices from the output registry, ``--json`` its alias
    (read the choice with :func:`output_format`)."""
    from ivr.report.registry import command_formats  # noqa: PLC0415

    choices = command_formats(command)
    parser.add_argument("--format", choices=choices, default=None,
                        help=f"output format (default {choices[0]}){more}")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="the same as --format json")


def output_format(args: argparse.Namespace, default: str = "text") -> str:
    """The format ``--format``/``--json`` chose; UsageError when they disagree."""
    fmt = getattr(args, "format", None)
    if getattr(args, "json", False):
        if fmt not in (None, "json"):
            raise UsageError(f"--json and --format {fmt} disagree: give one")
        return "json"
    return fmt or default


def add_debug(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """``--debug``: the traceback of an internal error (before or after the command name)."""
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="on an internal error (a bug in ivr, exit 3), print the traceback",
    )


def add_from(parser: argparse.ArgumentParser) -> None:
    """``--from NAME``: read menu paths as this format instead of detecting it."""
    parser.add_argument(
        "--from",
        dest="from_format",
        default=argparse.SUPPRESS,
        metavar="NAME",
        help="read the menu files as this format (yaml, asterisk, freeswitch, voicexml, "
        "twilio-studio, amazon-connect) instead of detecting it from their names and content",
    )


def _count(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


# the search budget's options: option, its type, its metavar, its help (the defaults are
# ivr.routing.budget's)
BUDGET_OPTIONS = (
    ("--max-states", _count, "N", "call states the route searches may expand (default 200,000)"),
    ("--max-seconds", float, "S", "seconds the route searches may take (default 8)"),
    ("--max-contexts", _count, "N", "caller contexts a table of routes looks at (default 1,024)"),
)


def add_budget(parser: argparse.ArgumentParser) -> None:
    """``--max-states``, ``--max-seconds``, ``--max-contexts``: the search budget
    (:class:`ivr.routing.budget.Budget`) of a command that searches routes."""
    for option, kind, metavar, text in BUDGET_OPTIONS:
        parser.add_argument(option, type=kind, default=argparse.SUPPRESS, metavar=metavar,
                            help=text)  # fmt: skip
    parser.set_defaults(budgeted=True)


def run_command(args: argparse.Namespace) -> int:
    """``args.run(args)`` within the search budget its options give; a budget that runs out
    is a finding (printed, exit 1), not an error."""
    if not getattr(args, "budgeted", False):  # a command that searches no routes
        return args.run(args)
    from ivr.routing.budget import MAX_SECONDS, Budget, OutOfBudget, limits  # noqa: PLC0415

    chosen = {k: getattr(args, k) for k in ("max_states", "max_seconds", "max_contexts")
              if hasattr(args, k)}  # fmt: skip
    chosen.setdefault("max_seconds", MAX_SECONDS)  # a command is bounded in time; the library not
    try:
        with limits(Budget(**chosen)):
            return args.run(args)
    except OutOfBudget as stop:
        print(stop.diagnostic())
        return 1


def add_at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", default="12:00", metavar="[DAY|DATE] HH:MM", help=AT_HELP)


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


CALLER_HELP = (
    "the caller: name=value pairs or values alone, comma-separated, e.g. "
    "network=mts,location=home or mts,home; repeat to add (ivr callers PATH lists "
    "them)"
)


def add_caller(parser: argparse.ArgumentParser, more: str = "") -> None:
    """``--caller``, repeatable: the values of every ``--caller`` merge."""
    parser.add_argument("--caller", action="append", metavar="WHO", help=CALLER_HELP + more)


def caller_of(hotline: object, texts: list[str] | None) -> dict[str, str]:
    """The caller that the ``--caller`` options describe, checked against the hotline."""
    from ivr.sim.callers import caller_from_text  # noqa: PLC0415

    return caller_from_text(hotline, texts)  # type: ignore[arg-type]


def check_keys(text: str) -> None:
    """UsageError for a key a telephone does not have (``--keys "2 a"``: did you mean 'A'?).

    >>> check_keys("2 0 _")
    >>> check_keys("2 x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ivr.errors.UsageError: --keys: 'x' is not a telephone key ...
    """
    from ivr.model.keys import split_keys  # noqa: PLC0415
    from ivr.model.types import key_problem  # noqa: PLC0415

    for key in split_keys(text):
        problem = key_problem(key)
        if problem:
            raise UsageError(f"--keys: '{key}' {problem}")


def print_json(data: object) -> None:
    """``data`` on stdout as indented UTF-8 JSON and a newline."""
    import json  # noqa: PLC0415  # not at start-up: most commands print text

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

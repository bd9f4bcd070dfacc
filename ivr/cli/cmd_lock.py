"""``ivr lock PATH``: record the best route of every caller in a lock file."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_at, add_budget, add_command, add_format, output_format, print_json

HELP = "record the best route of every caller in a lock file"
DESCRIPTION = """\
Record the best route of every caller context in PATH/ivr.lock.json, so that `ivr check`
reports when a change to the menus moves a caller's route (drift). An existing lock that
differs is left alone (exit 1, the differences listed) unless --update is given."""
EXAMPLES = """\
ivr lock menus/mts
ivr lock menus/mts --update --by time"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "lock", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("path", metavar="PATH", help="menu folder (PATH/ivr.lock.json) or file")
    p.add_argument("--update", action="store_true", help="overwrite a lock that differs")
    add_at(p)
    add_budget(p)
    p.add_argument("--by", default="keys", choices=("keys", "time", "cost"),
                   help="what the best route minimises (default: keys)")  # fmt: skip
    add_format(p, "lock")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.checking.lockfile import write_lock  # noqa: PLC0415

    status, messages, path = write_lock(ivr.load(args.path), args.update, args.at, args.by)
    if output_format(args) == "json":
        from ivr.report.jsondoc import envelope  # noqa: PLC0415

        print_json(envelope({"lock": str(path), "status": status, "messages": messages}))
        return status
    for message in messages:
        print(message)
    return status

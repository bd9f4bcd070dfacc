"""``ivr lock PATH``: record the best route of every caller in a lock file."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_at, add_budget

HELP = "record the best route of every caller in a lock file"


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("lock", parents=common, help=HELP)
    p.add_argument("path", metavar="PATH", help="menu folder (PATH/ivr.lock.json) or file")
    p.add_argument("--update", action="store_true", help="overwrite a lock that differs")
    add_at(p)
    add_budget(p)
    p.add_argument("--by", default="keys", choices=("keys", "time", "cost"),
                   help="what the best route minimises (default: keys)")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.checking.lockfile import write_lock  # noqa: PLC0415

    status, messages, _ = write_lock(ivr.load(args.path), args.update, args.at, args.by)
    for message in messages:
        print(message)
    return status

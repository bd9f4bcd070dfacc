"""``ivr serve [PATH...]``: the web page for callers and menu owners, and the JSON API."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_command
from ivr.errors import UsageError

HELP = "a web page for callers and menu owners, and a JSON API (needs ivr[web])"
DESCRIPTION = """\
Serve a web page and a JSON API on this machine. The caller's page: pick a hotline and your
situation, see the number (a tel: link), the keys, the steps, the evidence and the diagram
with the route lit; play the call on the virtual clock or press the keys yourself. The menu
owner's page: the check (claims, findings, coverage) and what a change between two git
revisions did. The API gives the JSON of ivr route, call, check, render and diff.
Without PATH, the hotlines shipped with ivr (ivr hotlines). Read-only; it listens on
127.0.0.1 unless --host says otherwise. Needs the extra: pip install 'ivr[web]'."""
EXAMPLES = """\
ivr serve                                  # the shipped hotlines on http://127.0.0.1:8000/
ivr serve menus/mts --port 8080
ivr serve menus/mts other/menus --port 0   # a free port: the first line says which
curl 'http://127.0.0.1:8000/api/route?hotline=mts&caller=mts,abroad'"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "serve", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="menu file or folder (one hotline each), or a shipped hotline's id; "
                   "none: every shipped hotline")  # fmt: skip
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument("--port", type=_port, default=8000,
                   help="the port (default 8000; 0: a free one)")  # fmt: skip
    p.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: '{text}'") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    missing = [m for m in ("starlette", "uvicorn", "jinja2") if not _importable(m)]
    if missing:
        raise UsageError(f"ivr serve needs the web extra: pip install 'ivr[web]' "
                         f"(missing: {', '.join(missing)})")  # fmt: skip
    from ivr.web.server import serve  # noqa: PLC0415

    return serve(args.paths, args.host, args.port)


def _importable(name: str) -> bool:
    import importlib.util  # noqa: PLC0415

    return importlib.util.find_spec(name) is not None

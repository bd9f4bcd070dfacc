"""Running ``ivr serve``: the application on uvicorn, on a socket bound before it starts (so
a port in use is one clear line, and port 0 picks a free one and says which)."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Sequence
from typing import TextIO

from ivr.errors import UsageError

KEEP_ALIVE = 5  # seconds an idle connection stays open
CONNECTIONS = 64  # connections at once; more are answered 503
HEADER_BYTES = 16 * 1024  # of a request's head


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; UsageError when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                         "(--port another, or --port 0 for a free one)") from None  # fmt: skip
    sock.set_inheritable(True)
    return sock


def serve(
    paths: Sequence[str | os.PathLike[str]] = (),
    host: str = "127.0.0.1",
    port: int = 8000,
    out: TextIO | None = None,
) -> int:
    """Serve the hotlines at ``paths`` (none: the shipped ones) until interrupted; 0."""
    import uvicorn  # noqa: PLC0415

    from ivr.web.app import create_app  # noqa: PLC0415
    from ivr.web.safety import is_loopback  # noqa: PLC0415

    out = out or sys.stdout
    app = create_app(paths, host)
    catalog = app.app.state.server.catalog
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"ivr serve: http://{shown}:{bound}/ serves {', '.join(catalog.ids()) or 'nothing'}"
          " (read-only; Ctrl-C stops)", file=out, flush=True)  # fmt: skip
    if not is_loopback(host):
        print(f"ivr serve: bound to {host}: anyone who can reach this address can use the "
              "page and the API (read-only)", file=sys.stderr, flush=True)  # fmt: skip
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE,
        limit_concurrency=CONNECTIONS,
        h11_max_incomplete_event_size=HEADER_BYTES,
        server_header=False,
        date_header=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0

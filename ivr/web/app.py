"""The Starlette application of ``ivr serve``: the caller's page (``/``), the menu owner's
(``/owner``), the JSON API (``/api/...``) and the package's static files (``/static/``).

Every request's work runs in a worker thread, at most :data:`~ivr.web.safety.WORKERS` at
once, its route searches within :data:`~ivr.web.safety.SEARCH_SECONDS` and the whole of it
within :data:`~ivr.web.safety.REQUEST_SECONDS`. An :class:`~ivr.errors.IvrError` is answered
with its message (the CLI's) and a 4xx status: as JSON under ``/api/``, in the page
elsewhere.

>>> from starlette.testclient import TestClient
>>> client = TestClient(create_app(), base_url="http://127.0.0.1")
>>> client.get("/api/hotlines").json()["hotlines"][0]["id"]
'mts'
>>> reply = client.get("/api/route", params={"hotline": "mts", "caller": "mts,home"})
>>> reply.status_code, reply.json()["routes"][0]["keys"]
(200, '2 0')
>>> reply = client.get("/api/route", params={"hotline": "mts", "caller": "xyz"})
>>> reply.status_code, reply.json()["error"][:40]
(400, "'xyz' is not a value of any caller attri")
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ivr.errors import GraphvizMissing, IvrError, NoRoute
from ivr.web import api, pages, safety
from ivr.web.catalog import Catalog

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def status_of(exc: BaseException) -> int:
    """The HTTP status of an error: its own ``status``, else 404 for no route, 422 for menus
    that do not load, 503 for a missing Graphviz, 400 for any other mistake."""
    from ivr.diagnostics import LoadError  # noqa: PLC0415

    own = getattr(exc, "status", None)
    if isinstance(own, int):
        return own
    if isinstance(exc, NoRoute):
        return 404
    if isinstance(exc, LoadError):
        return 422
    if isinstance(exc, GraphvizMissing):
        return 503
    return 400


def error_json(exc: BaseException) -> JSONResponse:
    from ivr.report.jsondoc import envelope  # noqa: PLC0415

    status = status_of(exc)
    return JSONResponse(envelope({**pages.error_of(exc), "status": status}), status)


def _asset_version() -> str:
    digest = hashlib.sha256()
    for f in sorted(STATIC.iterdir()):
        if f.is_file():
            digest.update(f.name.encode() + f.read_bytes())
    return digest.hexdigest()[:10]


class Server:
    """The application's state: the catalog, the templates, the worker limit."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.templates = Environment(
            loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True,
            lstrip_blocks=True,
        )  # fmt: skip
        self.templates.globals["asset"] = _asset_version()
        self.templates.filters["capfirst"] = lambda v: str(v)[:1].upper() + str(v)[1:]
        self.limiter = anyio.CapacityLimiter(safety.WORKERS)

    async def work(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker thread, its searches and its time bounded."""

        def bounded() -> Any:
            from ivr.routing.budget import Budget, limits  # noqa: PLC0415

            budget = Budget(max_states=safety.SEARCH_STATES, max_seconds=safety.SEARCH_SECONDS)
            with limits(budget):
                return fn(*args)

        with anyio.move_on_after(safety.REQUEST_SECONDS) as scope:
            return await anyio.to_thread.run_sync(
                bounded, abandon_on_cancel=True, limiter=self.limiter
            )
        if scope.cancelled_caught:
            raise safety.TooSlow(
                f"the request took longer than {safety.REQUEST_SECONDS:g} s and was stopped"
            )
        return None  # pragma: no cover

    def page(self, name: str, context: dict, status: int = 200) -> HTMLResponse:
        html = self.templates.get_template(name).render(**context)
        return HTMLResponse(html, status)

    # -- the API ----------------------------------------------------------------------------

    async def api_index(self, request: Request) -> Response:
        from ivr.report.jsondoc import envelope  # noqa: PLC0415

        return JSONResponse(envelope({"endpoints": ENDPOINTS}))

    async def api_hotlines(self, request: Request) -> Response:
        return await self.json(api.hotlines_doc, self.catalog)

    async def api_callers(self, request: Request) -> Response:
        q = request.query_params
        return await self.json(api.callers_doc, self.catalog, self.hotline(q))

    async def api_route(self, request: Request) -> Response:
        q = request.query_params
        caller = q.getlist("caller") or None
        return await self.json(api.route_doc, self.catalog, self.hotline(q), caller,
                               q.get("at"), q.get("by"), q.get("k"), q.get("trust"),
                               q.get("with_wait"))  # fmt: skip

    async def api_check(self, request: Request) -> Response:
        q = request.query_params
        return await self.json(api.check_doc, self.catalog, self.hotline(q), q.get("coverage"))

    async def api_diff(self, request: Request) -> Response:
        q = request.query_params
        return await self.json(api.diff_doc, self.catalog, self.hotline(q), q.get("old"),
                               q.get("new"), q.get("at"))  # fmt: skip

    async def api_render(self, request: Request) -> Response:
        q = request.query_params
        params = {k: (q.getlist(k) if k == "caller" else q.get(k)) for k in q}
        data, media = await self.work(api.diagram, self.catalog, self.hotline(q),
                                      q.get("format"), params)  # fmt: skip
        return Response(data, media_type=media)

    async def api_call(self, request: Request) -> Response:
        body = await read_json(request)
        return JSONResponse(await self.work(api.call_doc, self.catalog, body))

    async def json(self, fn: Callable[..., dict], *args: Any) -> Response:
        return JSONResponse(await self.work(fn, *args))

    @staticmethod
    def hotline(q: Any) -> str:
        hid = api.text(q.get("hotline"), "hotline")
        if not hid:
            raise api.BadRequest("'hotline' is missing: the id of a hotline (GET /api/hotlines)")
        return hid

    # -- the pages --------------------------------------------------------------------------

    async def caller(self, request: Request) -> Response:
        return await self.shown(request, pages.caller_page, "caller", "page", "_answer.html")

    async def owner(self, request: Request) -> Response:
        return await self.shown(request, pages.owner_page, "owner", "diff-result", "_diff.html")

    async def shown(self, request: Request, make: Callable[..., dict], where: str,
                    target: str, part: str) -> Response:  # fmt: skip
        """A page (``<where>.html``), or the ``part`` of it that htmx swaps into ``#target``;
        an error in the page (or the part) with its status."""
        params = _params(request)
        fragment = _fragment(request, target)
        try:
            context = await self.work(make, self.catalog, params)
        except IvrError as exc:
            return self.failed(exc, where, params, fragment)
        return self.page(part if fragment else f"{where}.html", context)

    def failed(self, exc: IvrError, where: str, params: dict, fragment: bool) -> HTMLResponse:
        status = status_of(exc)
        context = {**pages.error_of(exc), "status": status, "where": where,
                   "hotlines": self.listing(), "hotline": params.get("hotline")}  # fmt: skip
        return self.page("_error.html" if fragment else "error.html", context, status)

    def listing(self) -> list[dict]:
        try:
            return pages._listing(self.catalog)  # noqa: SLF001
        except IvrError:  # pragma: no cover
            return []


def guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    """An API handler whose :class:`~ivr.errors.IvrError` is answered as a JSON error."""

    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except IvrError as exc:
            return error_json(exc)

    answer.__name__ = getattr(handler, "__name__", "answer")
    return answer


def _fragment(request: Request, target: str) -> bool:
    """Whether htmx asks for the part of a page that it swaps into ``#target``."""
    h = request.headers
    return h.get("hx-request") == "true" and h.get("hx-target") == target


def _params(request: Request) -> dict:
    q = request.query_params
    return {k: q.getlist(k)[-1] for k in q}


async def read_json(request: Request) -> Any:
    """The request's JSON body, at most :data:`~ivr.web.safety.MAX_BODY` bytes however it is
    sent; TooLarge or BadRequest otherwise."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise api.BadRequest("send the body as JSON (Content-Type: application/json)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > safety.MAX_BODY:
            raise safety.TooLarge(f"the request body is larger than {safety.MAX_BODY:,} bytes")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise api.BadRequest(f"the body is not JSON: {exc}") from None


ENDPOINTS = [
    {"method": "GET", "path": "/api/hotlines", "as": "ivr hotlines --json"},
    {"method": "GET", "path": "/api/callers?hotline=ID", "as": "ivr callers ID --json"},
    {"method": "GET", "path": "/api/route?hotline=ID&caller=…&at=HH:MM&by=keys|time|cost|pareto"
     "&k=N&trust=…", "as": "ivr route ID --json"},
    {"method": "POST", "path": "/api/call", "body": "{hotline, dial, keys, caller, at, "
     "until_input}", "as": "ivr call ID --json"},
    {"method": "GET", "path": "/api/check?hotline=ID&coverage=1", "as": "ivr check ID --json"},
    {"method": "GET", "path": "/api/render?hotline=ID&format=svg|mermaid|dot&caller=…&at=…"
     "&route=best&by=…|dial=…&keys=…&scope=all|route", "as": "ivr render ID"},
    {"method": "GET", "path": "/api/diff?hotline=ID&old=REV&new=REV", "as":
     "ivr diff ID --rev REV --json"},
]  # fmt: skip


def create_app(paths: Sequence[str | os.PathLike[str]] = (), host: str = "127.0.0.1") -> Any:
    """The application serving the hotlines at ``paths`` (none: the shipped ones), wrapped
    in :class:`~ivr.web.safety.Limits`; it answers only ``Host`` names that
    :func:`~ivr.web.safety.allowed_hosts` allows for ``host``."""
    server = Server(Catalog(paths))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        detail = getattr(exc, "detail", "not found")
        if request.url.path.startswith("/api"):
            from ivr.report.jsondoc import envelope  # noqa: PLC0415

            message = f"{request.url.path[:100]}: {detail}".lower()
            return JSONResponse(envelope({"error": message, "status": status}), status)
        context = {"error": f"{detail}: {request.url.path[:100]}", "errors": [],
                   "status": status, "where": "", "hotlines": server.listing(),
                   "hotline": None}  # fmt: skip
        return server.page("error.html", context, status)

    routes = [
        Route("/", server.caller, methods=["GET"]),
        Route("/owner", server.owner, methods=["GET"]),
        Route("/api", guarded(server.api_index), methods=["GET"]),
        Route("/api/hotlines", guarded(server.api_hotlines), methods=["GET"]),
        Route("/api/callers", guarded(server.api_callers), methods=["GET"]),
        Route("/api/route", guarded(server.api_route), methods=["GET"]),
        Route("/api/check", guarded(server.api_check), methods=["GET"]),
        Route("/api/diff", guarded(server.api_diff), methods=["GET"]),
        Route("/api/render", guarded(server.api_render), methods=["GET"]),
        Route("/api/call", guarded(server.api_call), methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=safety.allowed_hosts(host))],
        exception_handlers={HTTPException: not_found},
    )
    app.state.server = server
    return safety.Limits(app)

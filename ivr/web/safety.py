"""What keeps ``ivr serve`` safe by default: the limits of a request, the headers of every
response (a strict Content-Security-Policy: scripts and styles from the server's own files
only, never inline), and the check of every SVG before it is sent or put into a page.

Every menu text reaches a page escaped (Jinja2's autoescape; the call player sets
``textContent``); the SVG comes from Graphviz, which escapes its labels, and
:func:`checked_svg` refuses any SVG that holds a script, an event handler, foreign content
or a ``javascript:`` link all the same.

>>> checked_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;script&gt;</text></svg>')
b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;script&gt;</text></svg>'
>>> checked_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
Traceback (most recent call last):
...
ivr.errors.RenderError: the diagram holds a <script> element: not sent
"""

from __future__ import annotations

import re

from ivr.errors import InputError, RenderError

MAX_BODY = 16 * 1024  # bytes of a request body (POST /api/call)
MAX_QUERY = 4 * 1024  # bytes of a query string
MAX_PATH = 512  # bytes of a URL path
REQUEST_SECONDS = 30.0  # a request's work, wall clock; then 503
SEARCH_SECONDS = 8.0  # the route searches of one request (ivr.routing.budget)
SEARCH_STATES = 200_000  # call states those searches may expand (ivr check's default)
WORKERS = 4  # requests whose work runs at once; the others wait their turn

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")

_FORBIDDEN = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener"}
_PROLOG = re.compile(rb"^.*?(?=<svg[\s>])", re.DOTALL)


class TooLarge(InputError):
    """A request larger than the server takes (HTTP 413)."""

    status = 413


class TooSlow(RenderError):
    """A request whose work took longer than :data:`REQUEST_SECONDS` (HTTP 503)."""

    status = 503


def checked_svg(data: bytes) -> bytes:
    """``data`` when it is an SVG document with nothing that could run: no ``script``,
    ``foreignObject``, ``iframe``, ``object``, ``embed`` element, no ``on…`` attribute, no
    link to ``javascript:`` or ``data:``; :class:`~ivr.errors.RenderError` otherwise (a bug:
    Graphviz escapes every label)."""
    from defusedxml import ElementTree  # noqa: PLC0415

    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # noqa: BLE001  # any parse failure: the SVG is not sent
        raise RenderError(f"the diagram is not well-formed SVG: {exc}") from None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
        if tag in _FORBIDDEN:
            raise RenderError(f"the diagram holds a <{tag}> element: not sent")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise RenderError(f"the diagram holds an event handler ({local}): not sent")
            if local == "href" and value.strip().lower().startswith(("javascript:", "data:")):
                raise RenderError("the diagram holds a script link: not sent")
    return data


def inline_svg(data: bytes) -> str:
    """An SVG document as an element to put inside a page: the XML declaration, the
    DOCTYPE and the comments before ``<svg`` left out.

    >>> inline_svg(b'<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg width="1"></svg>\\n')
    '<svg width="1"></svg>'
    """
    return _PROLOG.sub(b"", checked_svg(data), count=1).decode("utf-8").strip()


def allowed_hosts(host: str) -> list[str]:
    """The ``Host`` headers the server answers: on a loopback address only the loopback
    names (a web page elsewhere cannot reach the server through DNS rebinding); bound to
    another address, any.

    >>> allowed_hosts("127.0.0.1")
    ['127.0.0.1', 'localhost', '::1', '[::1]']
    >>> allowed_hosts("0.0.0.0")
    ['*']
    """
    if host in LOOPBACK or host.startswith("127."):
        return list(dict.fromkeys((host, *LOOPBACK)))
    return ["*"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine reaches.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
    (True, False)
    """
    return host in LOOPBACK or host.startswith("127.")


class Limits:
    """ASGI middleware: refuse a request too large before any work (414 for a long URL, 413
    for a body said to be too large, 405 for a method other than GET, HEAD and POST) and add
    :data:`HEADERS` to every response. A body sent without its length is counted as it is
    read (``ivr.web.app`` reads at most :data:`MAX_BODY` bytes)."""

    def __init__(self, app, headers: dict[str, str] | None = None) -> None:  # noqa: ANN001
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in (headers or HEADERS).items()]

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope)

        async def send_with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in have]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if problem is not None:
            status, text = problem
            await _reply(send_with_headers, status, text)
            return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def problem(scope) -> tuple[int, str] | None:  # noqa: ANN001
        if scope.get("method") not in ("GET", "HEAD", "POST"):
            return 405, f"the method {scope.get('method')} is not allowed: ivr serve is read-only"
        if len(scope.get("raw_path") or scope.get("path", "").encode()) > MAX_PATH:
            return 414, f"the URL path is longer than {MAX_PATH} bytes"
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            return 414, f"the query string is longer than {MAX_QUERY:,} bytes"
        for name, value in scope.get("headers", []):
            if name.lower() == b"content-length":
                try:
                    size = int(value)
                except ValueError:
                    return 400, "the Content-Length header is not a number"
                if size > MAX_BODY:
                    return 413, f"the request body is larger than {MAX_BODY:,} bytes"
        return None


async def _reply(send, status: int, message: str) -> None:  # noqa: ANN001
    import json  # noqa: PLC0415

    from ivr.report.jsondoc import envelope  # noqa: PLC0415

    body = json.dumps(envelope({"error": message, "status": status})).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})

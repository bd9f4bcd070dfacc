"""The JSON documents of ``ivr serve``'s API, each made by the same library function and JSON
builder as the CLI command it mirrors: ``GET /api/route`` is ``ivr route --json``
(:func:`ivr.report.routes.answer_routes`), ``POST /api/call`` is ``ivr call --json``
(:meth:`ivr.Call.as_json` in the one envelope), ``GET /api/check`` is ``ivr check --json``
(the output registry's ``json``), ``GET /api/render`` is ``ivr render``, ``GET /api/diff`` is
``ivr diff --json``, ``GET /api/hotlines`` and ``GET /api/callers`` are ``ivr hotlines`` and
``ivr callers`` with ``--json``.

Nothing here knows HTTP: a parameter that is wrong raises :class:`BadRequest` (an
:class:`~ivr.errors.InputError`) with the message the CLI would give, and ``ivr.web.app``
turns every :class:`~ivr.errors.IvrError` into a JSON error with a 4xx status.

>>> from ivr.web.catalog import Catalog
>>> catalog = Catalog()
>>> doc = route_doc(catalog, "mts", ["mts,home"])
>>> doc["version"], doc["routes"][0]["keys"]
(1, '2 0')
>>> call = {"hotline": "mts", "dial": "0890", "keys": "2 0", "caller": "mts"}
>>> call_doc(catalog, call)["outcome"]
'agent'
>>> call_doc(catalog, {**call, "keys": 5})
Traceback (most recent call last):
...
ivr.web.api.BadRequest: 'keys' must be a string of keys, e.g. "2 0", or a list of keys
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ivr.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from ivr.model.types import Hotline
    from ivr.web.catalog import Catalog

MAX_TEXT = 200  # characters of one parameter
MAX_KEYS = 200  # keys of one call
MAX_K = 10  # routes one request may ask for
CALL_FIELDS = ("hotline", "dial", "keys", "caller", "at", "until_input")
RENDER_FORMATS = {"svg": "image/svg+xml", "mermaid": "text/plain; charset=utf-8",
                  "dot": "text/vnd.graphviz; charset=utf-8"}  # fmt: skip


class BadRequest(InputError):
    """A parameter of a request that is missing, too long or of the wrong kind (HTTP 400)."""

    status = 400


def text(value: object, name: str, default: str | None = None) -> str | None:
    """A text parameter: at most :data:`MAX_TEXT` characters, no control characters.

    >>> text("12:00", "at"), text(None, "at", "12:00")
    ('12:00', '12:00')
    >>> text("a\\x00b", "at")
    Traceback (most recent call last):
    ...
    ivr.web.api.BadRequest: 'at' holds a control character
    """
    if value is None:
        return default
    if not isinstance(value, str):
        raise BadRequest(f"'{name}' must be a string")
    if len(value) > MAX_TEXT:
        raise BadRequest(f"'{name}' is {len(value):,} characters long: at most {MAX_TEXT}")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise BadRequest(f"'{name}' holds a control character")
    return value


def caller_texts(value: object) -> list[str] | None:
    """The caller as ``--caller`` texts: a text (``mts,home``, ``network=mts``), a list of
    texts (repeated ``caller=``), or a mapping of attribute to value; None when not given.

    >>> caller_texts({"network": "mts"}), caller_texts(["mts", "home"]), caller_texts(None)
    (['network=mts'], ['mts', 'home'], None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [text(value, "caller") or ""]
    if isinstance(value, Mapping):
        return [f"{text(k, 'caller')}={text(v, 'caller')}" for k, v in value.items()][:64]
    if isinstance(value, Sequence) and len(value) <= 64:
        return [text(v, "caller") or "" for v in value]
    raise BadRequest(
        "'caller' must be a string like attribute=value,..., a list of them or an object"
    )


def hotlines_doc(catalog: Catalog) -> dict:
    """``GET /api/hotlines``: the served hotlines as ``ivr hotlines --json`` lists them."""
    from ivr.report.jsondoc import envelope  # noqa: PLC0415

    return envelope({"hotlines": catalog.listing()})


def callers_doc(catalog: Catalog, hid: str) -> dict:
    """``GET /api/callers``: a hotline's caller attributes as ``ivr callers --json``."""
    from ivr.report.jsondoc import envelope  # noqa: PLC0415
    from ivr.sim.callers import caller_table  # noqa: PLC0415

    return envelope({"attributes": caller_table(catalog.load(hid))})


def route_doc(
    catalog: Catalog,
    hid: str,
    caller: object = None,
    at: str | None = None,
    by: str | None = None,
    k: object = None,
    trust: str | None = None,
    with_wait: object = None,
) -> dict:
    """``GET /api/route``: the document of ``ivr route --json`` (without a caller, the best
    route of every caller)."""
    from ivr.report.routes import answer_routes  # noqa: PLC0415

    hotline = catalog.load(hid)
    answer = answer_routes(
        [hotline],
        caller_texts(caller),
        text(at, "at", "12:00") or "12:00",
        text(by, "by", "keys") or "keys",
        count(k, "k", 1, MAX_K),
        flag(with_wait, "with_wait"),
        text(trust, "trust", "any") or "any",
    )
    return answer.document()


def count(value: object, name: str, default: int, most: int) -> int:
    """A whole number from 1 to ``most`` (a text of digits too).

    >>> count("3", "k", 1, 10), count(None, "k", 1, 10)
    (3, 1)
    """
    if value is None or value == "":
        return default
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 6:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
        raise BadRequest(f"'{name}' must be a whole number from 1 to {most}")
    return value


def flag(value: object, name: str) -> bool:
    """A yes/no parameter: true/false, or the texts 1/0, true/false, yes/no, on/off."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on", "0", "false",
                                                    "no", "off"):  # fmt: skip
        return value.lower() in ("1", "true", "yes", "on")
    raise BadRequest(f"'{name}' must be true or false")


def call_keys(value: object) -> str:
    """The keys of a call: a text (``"2 0"``) or a list of keys, at most :data:`MAX_KEYS`."""
    from ivr.model.keys import split_keys  # noqa: PLC0415

    if value is None:
        return ""
    if isinstance(value, str) and len(value) <= 4 * MAX_KEYS:
        keys = list(split_keys(value))
    elif isinstance(value, list) and all(isinstance(k, str) and len(k) <= 8 for k in value):
        keys = list(value)
    else:
        raise BadRequest("'keys' must be a string of keys, e.g. \"2 0\", or a list of keys")
    if len(keys) > MAX_KEYS:
        raise BadRequest(f"'keys' holds {len(keys):,} keys: at most {MAX_KEYS}")
    return " ".join(keys)


def call_doc(catalog: Catalog, body: object) -> dict:
    """``POST /api/call``: the document of ``ivr call --json`` for ``{hotline, dial, keys,
    caller, at}``. With ``until_input: true`` the call stops where the keys run out at a
    menu (outcome ``waiting``) and ``waiting`` says when that menu's prompt ends and when its
    silence times out: what the page's call player plays."""
    from ivr.report.jsondoc import envelope  # noqa: PLC0415
    from ivr.sim.callers import caller_from_text  # noqa: PLC0415
    from ivr.sim.run import simulate  # noqa: PLC0415
    from ivr.sim.session import waiting_json  # noqa: PLC0415

    if not isinstance(body, Mapping):
        raise BadRequest("the body must be a JSON object: {hotline, dial, keys, caller, at}")
    unknown = [str(k)[:40] for k in body if k not in CALL_FIELDS]
    if unknown:
        raise BadRequest(f"unknown field '{unknown[0]}' (the fields: {', '.join(CALL_FIELDS)})")
    hid = text(body.get("hotline"), "hotline")
    if not hid:
        raise BadRequest("'hotline' is missing: the id of a hotline (GET /api/hotlines)")
    keys = call_keys(body.get("keys"))
    hotline = catalog.load(hid)
    dial = text(body.get("dial"), "dial") or only_dial(hotline)
    caller = caller_from_text(hotline, caller_texts(body.get("caller")))
    at = text(body.get("at"), "at", "12:00") or "12:00"
    until_input = flag(body.get("until_input"), "until_input")
    call = simulate(hotline, dial, keys, caller, at, until_input=until_input)
    doc = envelope(call.as_json())
    if until_input:
        doc["waiting"] = waiting_json(hotline, call)
    return doc


def only_dial(hotline: Hotline) -> str:
    from ivr.model.numbers import only_dial as only  # noqa: PLC0415

    return only(hotline)


def check_doc(catalog: Catalog, hid: str, coverage: object = None) -> dict:
    """``GET /api/check``: the document of ``ivr check --json`` (``--coverage`` with
    ``coverage=1``)."""
    from ivr.checking.runner import check  # noqa: PLC0415
    from ivr.report.registry import render  # noqa: PLC0415

    catalog.load(hid)  # an unknown id, or files that no longer load, before the work
    report = check([catalog.path(hid)], coverage=flag(coverage, "coverage"))
    return json.loads(render(report, "json"))


def diff_doc(
    catalog: Catalog, hid: str, old: str | None, new: str | None = None, at: str | None = None
) -> dict:
    """``GET /api/diff``: the document of ``ivr diff --json`` between the hotline at git
    revision ``old`` and at ``new`` (none: the files as they are now)."""
    from ivr.checking.diff.compare import diff_revisions  # noqa: PLC0415
    from ivr.errors import GitError  # noqa: PLC0415

    old = text(old, "old")
    if not old:
        raise BadRequest("'old' is missing: the git revision to compare with (e.g. HEAD)")
    new = text(new, "new") or None
    try:
        report = diff_revisions(catalog.path(hid), old, new, text(at, "at", "12:00") or "12:00")
    except GitError as exc:
        raise BadRequest(f"{exc}") from None
    return json.loads(report.json_text())


def diagram(
    catalog: Catalog,
    hid: str,
    fmt: str | None = "svg",
    params: Mapping[str, Any] | None = None,
) -> tuple[str | bytes, str]:
    """``GET /api/render``: the diagram ``ivr render`` draws, and its media type. The
    ``params`` are ``ivr render``'s options: ``caller``, ``at``, ``route=best`` (with ``by``)
    or ``dial`` and ``keys``, and ``legend=0``; ``scope=route`` draws only the files the route
    passes through."""
    from ivr.diagram.clusters import focus, menus_of  # noqa: PLC0415
    from ivr.diagram.highlight import highlight_for  # noqa: PLC0415
    from ivr.diagram.output import render  # noqa: PLC0415
    from ivr.sim.callers import caller_from_text  # noqa: PLC0415

    params = params or {}
    fmt = text(fmt, "format", "svg") or "svg"
    if fmt not in RENDER_FORMATS:
        raise BadRequest(f"'format' is '{fmt}': one of {', '.join(RENDER_FORMATS)}")
    hotline = catalog.load(hid)
    route = text(params.get("route"), "route")
    dial = text(params.get("dial"), "dial")
    keys = params.get("keys")
    if route is not None and dial is not None:
        raise BadRequest("give 'route' or 'dial', not both")
    if keys is not None and dial is None:
        raise BadRequest("'keys' needs 'dial'")
    graph, highlight = highlight_for(
        hotline,
        caller_from_text(hotline, caller_texts(params.get("caller"))),
        text(params.get("at"), "at", "12:00") or "12:00",
        route,
        dial,
        call_keys(keys) if keys is not None else None,
        text(params.get("by"), "by", "keys") or "keys",
    )
    scope = text(params.get("scope"), "scope", "all")
    if scope not in ("all", "route"):
        raise BadRequest(f"'scope' is '{scope}': all or route")
    if scope == "route" and highlight:
        graph = focus(graph, menus_of(graph, highlight))
    legend = str(params.get("legend", "1")).lower() not in ("0", "false", "no", "off")
    data = render(graph, fmt, highlight, legend=legend)
    if fmt == "svg":
        from ivr.web.safety import checked_svg  # noqa: PLC0415

        data = checked_svg(data if isinstance(data, bytes) else data.encode())
    return data, RENDER_FORMATS[fmt]

"""What the pages of ``ivr serve`` show, made from the API's own documents (so a page and
``/api/...`` can never disagree): the caller's page (:func:`caller_page`) and the menu
owner's (:func:`owner_page`). Each returns the context of a Jinja2 template; every text in it
is escaped when the template renders it.

>>> from ivr.web.catalog import Catalog
>>> page = caller_page(Catalog(), {"hotline": "mts", "c.location": "abroad"})
>>> page["caller_text"], page["best"]["entry"]["dial"]
('network=mts,location=abroad,segment=private', '+7 495 766 01 66')
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ivr.errors import IvrError
from ivr.web import api

if TYPE_CHECKING:  # pragma: no cover
    from ivr.web.catalog import Catalog

BY = (("keys", "fewest keys"), ("time", "quickest"), ("cost", "cheapest"))  # (by, its words)
ALTERNATIVES = 3  # routes the caller's page shows: the best and the next ones
SPEEDS = (1, 2, 4, 8, 16)


def error_of(exc: BaseException) -> dict:
    """An error as pages and the API show it: the message, every located error of a load."""
    from ivr.diagnostics import LoadError  # noqa: PLC0415
    from ivr.printable import printable  # noqa: PLC0415

    lines = [str(e) for e in exc.errors] if isinstance(exc, LoadError) else []
    message = lines[0] if len(lines) == 1 else str(exc)
    if len(lines) > 1:
        message = f"the menu files do not load ({len(lines)} errors)"
    return {"error": printable(message), "errors": [printable(x) for x in lines]}


def _one(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list):
        value = value[-1] if value else None
    return api.text(value, name)


def _listing(catalog: Catalog) -> list[dict]:
    out = []
    for h in catalog.listing():
        titles = [f["title"] for f in h["files"] if f["title"]]
        files = len(h["files"])
        title = titles[0] if len(titles) == 1 else f"{h['id']} · {files} menu files"
        out.append({"id": h["id"], "title": title, "files": files})
    return out


def _hotline_id(catalog: Catalog, params: Mapping[str, Any]) -> str:
    hid = _one(params, "hotline")
    ids = catalog.ids()
    if not hid:
        if not ids:
            raise api.BadRequest("this server serves no hotline")
        return ids[0]
    catalog.path(hid)  # UnknownHotline (404) for an id not served
    return hid


def caller_page(catalog: Catalog, params: Mapping[str, Any]) -> dict:
    """The caller's page: the form (hotline, one choice per caller attribute, the time, what
    to minimise), the best route and the next ones in words, the call player's data and the
    diagram with the route lit. ``params`` are the query's: ``hotline``, ``c.<attribute>``,
    ``at``, ``by``, ``scope`` (``route``: the files on the route; ``all``)."""
    from ivr.sim.callers import caller_table  # noqa: PLC0415

    hid = _hotline_id(catalog, params)
    hotline = catalog.load(hid)
    at = _one(params, "at") or "12:00"
    by = _one(params, "by") or "keys"
    scope = _one(params, "scope") or "route"
    attributes = []
    chosen: dict[str, str] = {}
    for a in caller_table(hotline):
        value = _one(params, f"c.{a['name']}") or a["default"]
        if value not in [v["value"] for v in a["values"]]:  # another hotline's: its default
            value = a["default"]
        chosen[a["name"]] = value
        attributes.append({**a, "chosen": value})
    caller_text = ",".join(f"{k}={v}" for k, v in chosen.items())
    query = {"hotline": hid, **{f"c.{k}": v for k, v in chosen.items()}, "at": at, "by": by}
    page: dict[str, Any] = {
        "where": "caller",
        "hotlines": _listing(catalog),
        "hotline": hid,
        "attributes": attributes,
        "at": at,
        "by": by,
        "bys": BY,
        "scope": scope,
        "speeds": SPEEDS,
        "scope_urls": {
            name: "/?" + urlencode({**query, "scope": name}) for name in ("route", "all")
        },
        "caller_text": caller_text,
        "who": hotline.describe_caller(chosen),
        "dials": list(dict.fromkeys(e.dial for _, e in hotline.entries())),
        "best": None,
        "others": [],
        "unreached": None,
        "stopped": None,
        "svg": None,
        "svg_error": None,
        "legend": legend(),
        "start": None,
    }
    doc = api.route_doc(catalog, hid, [caller_text] if caller_text else [], at, by,
                        ALTERNATIVES)  # fmt: skip
    routes = [shown_route(r) for r in doc["routes"]]
    if routes:
        page["best"], page["others"] = routes[0], routes[1:]
        page["start"] = f"n:{routes[0]['menu']}#{routes[0]['entry']['id']}"
    if doc["unreached"]:
        page["unreached"] = doc["unreached"][0]["why"]
    if doc.get("stopped"):
        page["stopped"] = doc["stopped"].get("message", "")
    try:
        params_svg = {"caller": caller_text, "at": at, "scope": scope, "by": by, "legend": "0"}
        if page["best"] is not None:
            params_svg["route"] = "best"
        page["svg"] = svg_for(catalog, hid, params_svg)
    except IvrError as exc:
        page["svg_error"] = error_of(exc)["error"]
    return page


def legend() -> list[tuple[str, str]]:
    """The diagram's node types and what each means, for the legend under it (its colours
    are the CSS classes ``t-<type>`` of ``static/ivr.css``, the same as the diagram's)."""
    from ivr.diagram.looks import NODE_STYLES  # noqa: PLC0415

    return [(t, look[4]) for t, look in NODE_STYLES.items()]


def shown_route(route: dict) -> dict:
    """A route of ``ivr route --json`` with what the page says of it: its sources once each,
    its time and wait in words."""
    from ivr.model.clock import roughly  # noqa: PLC0415

    sources: dict[str, dict] = {}
    for s in route["sources"]:
        sources.setdefault(s["id"], {"id": s["id"], "title": s["title"], "disputed": None})
        if s.get("disputed"):
            sources[s["id"]]["disputed"] = s["disputed"]
    keys = route["keys"].split()
    return {
        **route,
        "key_list": keys,
        "source_list": list(sources.values()),
        "time_words": duration(route["seconds"]),
        "wait_words": roughly(route["wait"]) if route.get("wait") is not None else None,
        "level": (route.get("evidence") or {}).get("level", "inferred"),
        "sentence": (route.get("evidence") or {}).get("sentence", ""),
    }


def duration(seconds: float) -> str:
    """Seconds as people say them.

    >>> duration(36.0), duration(75.0), duration(120.0)
    ('36 s', '1 min 15 s', '2 min')
    """
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    m, s = divmod(s, 60)
    return f"{m} min" + (f" {s} s" if s else "")


_SVGS: OrderedDict[tuple, str] = OrderedDict()
_SVG_CACHE = 48
_SVG_LOCK = threading.Lock()


def svg_for(catalog: Catalog, hid: str, params: Mapping[str, Any]) -> str:
    """The SVG of ``GET /api/render`` for these parameters, as an element to put in a page
    (kept for the next request until the hotline's files change)."""
    from ivr.web.safety import inline_svg  # noqa: PLC0415

    key = (hid, catalog.signature(hid), tuple(sorted((k, str(v)) for k, v in params.items())))
    with _SVG_LOCK:
        got = _SVGS.get(key)
        if got is not None:
            _SVGS.move_to_end(key)
            return got
    data, _ = api.diagram(catalog, hid, "svg", params)
    shown = inline_svg(data if isinstance(data, bytes) else data.encode())
    with _SVG_LOCK:
        _SVGS[key] = shown
        while len(_SVGS) > _SVG_CACHE:
            _SVGS.popitem(last=False)
    return shown


def owner_page(catalog: Catalog, params: Mapping[str, Any]) -> dict:
    """The menu owner's page: the check (claims, findings, coverage) and, given ``old`` (and
    ``new``), the diff between two git revisions of the hotline."""
    from ivr.checking.diff.git import revisions, work_tree  # noqa: PLC0415

    hid = _hotline_id(catalog, params)
    path = catalog.path(hid)
    root = path if os.path.isdir(path) else os.path.dirname(path)
    doc = api.check_doc(catalog, hid, coverage=True)

    def rel(file: str) -> str:
        try:
            return os.path.relpath(file, root) if file else ""
        except ValueError:
            return file

    claims = [{**c, "file": rel(c["file"]), "caller_text": ",".join(
        f"{k}={v}" for k, v in c["caller"].items())} for c in doc["documented"]]  # fmt: skip
    findings = [{**f, "file": rel(f["file"])} for f in doc["findings"]]
    coverage = doc.get("coverage")
    if coverage is not None:
        coverage = {
            **coverage,
            "parts": [
                (name, coverage[name]["covered"], coverage[name]["total"])
                for name in ("nodes", "edges", "entries", "humans")
            ],  # fmt: skip
            "files": {rel(f): v for f, v in coverage["files"].items()},
            "uncovered": [{**u, "file": rel(u["file"])} for u in coverage["uncovered"]],
        }
    top = work_tree(path)
    page: dict[str, Any] = {
        "where": "owner",
        "hotlines": _listing(catalog),
        "hotline": hid,
        "summary": doc["summary"],
        "claims": claims,
        "findings": findings,
        "coverage": coverage,
        "git": top is not None,
        "folder": path,
        "revisions": revisions(path) if top is not None else [],
        "old": _one(params, "old") or "",
        "new": _one(params, "new") or "",
        "diff": None,
        "diff_error": None,
    }
    if page["old"] and top is not None:
        try:
            report = api.diff_doc(catalog, hid, page["old"], page["new"] or None)
            page["diff"] = shown_diff(report, rel)
        except IvrError as exc:
            page["diff_error"] = error_of(exc)["error"]
    return page


def shown_diff(report: dict, rel: Any) -> dict:
    """A diff of ``ivr diff --json`` grouped as the page shows it: regressions, then
    improvements, then the other changes."""
    changes = report["changes"]
    groups = [
        ("Regressions", "bad", [c for c in changes if c["regression"]]),
        ("Improvements", "good", [c for c in changes if c["improvement"]]),
        ("Other changes", "", [c for c in changes if not c["regression"] and
                               not c["improvement"]]),
    ]  # fmt: skip
    return {**report, "groups": [(title, tone, [{**c, "file": _short_file(c["file"], rel)}
                                               for c in cs]) for title, tone, cs in groups
                                 if cs]}  # fmt: skip


def _short_file(file: str, rel: Any) -> str:
    rev, sep, rest = file.partition(":")
    if sep and rest and "/" not in rev:  # REV:path, a file of a revision
        return f"{rev}:{rel(rest)}"
    return rel(file)

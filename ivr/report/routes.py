"""``ivr route``'s answer (:func:`answer_routes`, which ``GET /api/route`` of ``ivr serve``
gives too), its table of every caller's best route (at most 100 columns, its symbols
explained below it) and the one JSON document of routes.

>>> import ivr
>>> from ivr.routing.search import best_routes
>>> text = route_table(best_routes(ivr.load("menus/mts")), ivr.load("menus/mts"))
>>> max(len(line) for line in text.splitlines()) <= 100
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from ivr._record import mutable_record

if TYPE_CHECKING:  # pragma: no cover
    from ivr.model.types import Hotline
    from ivr.routing.budget import OutOfBudget
    from ivr.routing.route import Route

WIDTH = 100
VERSION = 1
NO_ROUTE = "—"


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


def why_unreached(hotline: Hotline | None, who: dict[str, str], at: str, trust: str = "any") -> str:
    """Why a caller has no route: no entry serves them, or no path reaches a human at ``at``
    (none resting on what ``trust`` allows)."""
    from ivr.routing.route import serves  # noqa: PLC0415

    if hotline is not None and serves(hotline, who, at):
        if trust != "any":  # routes may exist, but none rests on what was trusted
            return f"no {trust} route reaches a human at {at} (--trust {trust})"
        return f"no route reaches a human at {at}"
    return "no entry serves this caller"


def route_table(
    table: list[tuple[dict[str, str], Route | None]],
    hotline: Hotline | None = None,
    at: str = "12:00",
    width: int = WIDTH,
    trust: str = "any",
) -> str:
    """The best route of every caller context as an aligned table of at most ``width``
    columns (a column per caller attribute), then a legend of the symbols it uses.

    The dial string is shown when the table still fits; ``ivr route PATH --caller …`` gives it
    with the steps in words for one caller.
    """
    from ivr.routing.instructions import _level as evidence  # noqa: PLC0415
    from ivr.routing.instructions import dial_string  # noqa: PLC0415

    names = list(table[0][0]) if table else ["caller"]
    head = [*names, "dial", "keys", "evidence", "time", "reaches", "cost", "dial string"]
    rows: list[list[str]] = []
    symbols: set[str] = set()
    for who, route in table:
        values = [who.get(n, "") for n in names]
        if route is None:
            why = why_unreached(hotline, who, at, trust)
            rows.append([*values, NO_ROUTE, "", "", "", "", "", why])
            symbols.add(NO_ROUTE)
            continue
        keys = route.keys_text or "-"
        symbols.update(k for k in keys.split() if k in ("-", "_", "."))
        cost = route.cost
        price = "free" if cost.free else cost.describe()
        rows.append([*values, route.entry.dial, keys, evidence(route), f"{route.seconds:g} s",
                     route.outcome, price, dial_string(route)])  # fmt: skip
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    cost_col, string_col = len(head) - 2, len(head) - 1

    def total(ws: list[int]) -> int:
        return sum(ws) + 2 * (len(ws) - 1)

    if total(widths) > width:  # the dial string goes first: one caller's route gives it
        head = head[:string_col]
        rows = [r[:cost_col] + [r[string_col] if r[len(names)] == NO_ROUTE else r[cost_col]]
                for r in rows]  # fmt: skip
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        symbols.add("no dial string")
    if total(widths) > width:  # then the cost (or the reason) is cut short
        widths[cost_col] = max(4, widths[cost_col] - (total(widths) - width))
    lines = []
    for r in [head, *rows]:
        cells = [_cell(c, w).ljust(w) for c, w in zip(r, widths, strict=False)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines + _legend(symbols))


def _legend(symbols: set[str]) -> list[str]:
    said = {
        "-": "keys '-': press nothing, the call gets there by itself",
        "_": "'_': stay silent until the menu moves on",
        ".": "'.': listen to the end of the prompt before the next key",
        NO_ROUTE: f"'{NO_ROUTE}': no route to a human; the last column says why",
        "no dial string": "the dial string and the steps in words: ivr route PATH --caller …",
    }
    out = [said[s] for s in ("-", "_", ".", NO_ROUTE, "no dial string") if s in symbols]
    out.append("evidence: what the route rests on, documented > sourced > inferred (--trust)")
    return ["", *out]


def routes_document(
    found: list[Route], unreached: list[tuple[dict[str, str], str]] | None = None
) -> dict:
    """The JSON document of ``ivr route --format json``: ``version``, ``routes`` (each as
    :meth:`Route.to_json`) and ``unreached`` (the callers with no route, and why)."""
    from ivr.routing.instructions import route_json  # noqa: PLC0415

    return {
        "version": VERSION,
        "routes": [route_json(r) for r in found],
        "unreached": [{"caller": who, "why": why} for who, why in unreached or ()],
    }


@mutable_record
class RouteAnswer:
    """What ``ivr route`` (and ``GET /api/route``) answers: the routes found, the callers
    with none and why, the text to print, and the budget that stopped the search, if one
    did. :func:`answer_routes` makes it."""

    found: list[Route] = field(default_factory=list)
    unreached: list[tuple[dict[str, str], str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    table: bool = False
    stopped: OutOfBudget | None = None
    channels: list = field(default_factory=list)  # (menu, channel): other ways than a call
    channels_asked: bool = False

    def document(self) -> dict:
        """The JSON document of ``ivr route --format json``; ``channels`` when they were
        asked for or a caller has no voice route."""
        from ivr.routing.channels import channel_json  # noqa: PLC0415

        doc = routes_document(self.found, self.unreached)
        if self.channels_asked or self.unreached:
            doc["channels"] = [channel_json(c) for _m, c in self.channels]
        if self.stopped is not None:
            doc["stopped"] = self.stopped.diagnostic().as_json()
        return doc

    def as_text(self) -> str:
        """The text ``ivr route`` prints: the table, or each route in words."""
        return "\n".join(self.text) if self.table else "\n\n".join(self.text)

    @property
    def exit_code(self) -> int:
        """1 when a caller asked about has no route or the budget ran out, else 0."""
        return 1 if self.unreached or self.stopped is not None else 0


def answer_routes(
    hotlines: Sequence[Hotline],
    caller: list[str] | Mapping[str, str] | None = None,
    at: str = "12:00",
    by: str = "keys",
    k: int = 1,
    with_wait: bool = False,
    trust: str = "any",
    channels: bool = False,
) -> RouteAnswer:
    """The routes of ``ivr route``: with ``caller`` (``--caller`` texts, or a mapping), that
    caller's ``k`` best routes by ``by`` in each hotline; without (and ``by`` not
    ``pareto``), the table of every caller's best route. A budget that runs out keeps what
    was found (``stopped``). The hotline's other channels (chat, e-mail, ...) are named when
    ``channels`` asks for them, and for a caller no voice route serves.

    >>> import ivr
    >>> answer = answer_routes([ivr.load("menus/mts")], ["mts,home"])
    >>> [r.keys_text for r in answer.found], answer.exit_code
    (['2 0'], 0)
    """
    from ivr.routing.budget import OutOfBudget  # noqa: PLC0415
    from ivr.routing.instructions import format_route  # noqa: PLC0415
    from ivr.routing.search import best_routes, routes  # noqa: PLC0415
    from ivr.sim.callers import caller_from_text, resolve_caller  # noqa: PLC0415

    out = RouteAnswer(table=caller is None and by != "pareto", channels_asked=channels)
    for hotline in hotlines:
        if out.stopped is not None:
            break
        if out.table:
            try:
                table = best_routes(hotline, at, by, with_wait, trust=trust)
            except OutOfBudget as stop:  # keep the rows found; say so below
                out.stopped, table = stop, list(stop.found or [])
            out.found.extend(route for _who, route in table if route is not None)
            out.unreached.extend((who, why_unreached(hotline, who, at, trust))
                                 for who, route in table if route is None)  # fmt: skip
            out.text.append(route_table(table, hotline, at, trust=trust))
            lost = [who for who, route in table if route is None]
            if channels or lost:
                from ivr.routing.channels import channels_for, channels_text  # noqa: PLC0415

                seen = channels_for(hotline) if channels else []
                for who in lost:
                    seen += [x for x in channels_for(hotline, who, at) if x not in seen]
                out.channels += seen
                out.text.append("\n" + channels_text(seen))
            continue
        if caller is None or isinstance(caller, list):
            who = caller_from_text(hotline, caller)
        else:
            who = dict(caller)
        try:
            found = routes(hotline, who, at, by, k, with_wait, trust=trust)
        except OutOfBudget as stop:  # keep the routes found; say so below
            out.stopped, found = stop, list(stop.found or [])
        if not found and out.stopped is None:
            resolved = resolve_caller(hotline, who)
            out.unreached.append((resolved, why_unreached(hotline, resolved, at, trust)))
            trusted = f" resting on {trust} steps" if trust != "any" else ""
            out.text.append(f"{hotline.path}: no route to a human{trusted} for this caller at "
                            f"{at}: {out.unreached[-1][1]}")  # fmt: skip
        for i, route in enumerate(found):
            out.found.append(route)
            head = f"Route {i + 1} of {len(found)}\n" if len(found) > 1 else ""
            out.text.append(head + format_route(route))
        if channels or not found:
            from ivr.routing.channels import channels_for, channels_text  # noqa: PLC0415

            seen = channels_for(hotline, who, at)
            out.channels += seen
            out.text.append(channels_text(seen))
    if out.stopped is not None:
        out.text.append(str(out.stopped.diagnostic()))
    return out

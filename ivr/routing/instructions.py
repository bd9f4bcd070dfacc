"""A route for people and phones: plain-language steps, dial strings, ``tel:`` URIs, JSON.

Everything here is computed from the route's replayed call (its presses and their moments), so
the words and the pauses agree with the simulator.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ivr.model import numbers
from ivr.model.clock import roughly
from ivr.model.types import Hotline

if TYPE_CHECKING:
    from ivr.routing.route import Route

PAUSE_COMMA = 2.0  # seconds of one ',' on Android and iOS dialers
PAUSE_W = 1.0  # seconds of one 'W' on programmable dialers
# what becomes of a key typed ahead: a menu takes it ("key"), or it is lost
_FATES = ("key", "ignored", "agent", "callback", "transfer", "hangup")


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def number_of(route: Route) -> numbers.Number:
    return numbers.parse(route.entry.dial, route.entry.region)


def _pauses(route: Route, unit: float, mark: str) -> str:
    """The number, then each key after as many ``mark`` pauses (``unit`` seconds each) as it
    takes to cover the simulator's wait before that key, rounded up.

    A dialer sends each key at once, so the wait before a key is counted from the previous key
    (the first from the answer, with at least one pause for the line to answer): a key sent late
    because an earlier pause was rounded up still finds the menu it was meant for, as the whole
    call has shifted with it.
    """
    number = number_of(route)
    out = [number.e164 if not number.short else numbers.digits_of(route.entry.dial)]
    previous = 0.0
    for i, ((key, done), kt) in enumerate(zip(route.presses, _key_times(route), strict=True)):
        gap = max(0.0, done - kt - previous)
        count = max(1 if i == 0 else 0, math.ceil(gap / unit - 1e-9))
        out.append(mark * count + key)
        previous = done
    return "".join(out)


def _key_times(route: Route) -> list[float]:
    """How long each press of the route takes: the ``key_time`` of the file it is pressed in
    (after a transfer, the target file's)."""
    files = {m.id: m for m in route.hotline.menus} if route.hotline is not None else {}
    where = [e.menu for e in route.call.events if e.kind == "press"]
    return [files.get(mid, route.menu).key_time for mid in where]


def dial_string(route: Route) -> str:
    """The number and keys with ``,`` pauses (2 s each) that a phone dials by itself.

    >>> import ivr
    >>> r = ivr.routes(ivr.load("menus/mts"), caller={"network": "mts", "location": "home"})[0]
    >>> dial_string(r).startswith(number_of(r).e164 + ",")
    True
    """
    return _pauses(route, PAUSE_COMMA, ",")


def dial_string_w(route: Route) -> str:
    """The same with ``W`` pauses (1 s each), for programmable dialers."""
    return _pauses(route, PAUSE_W, "W")


def tel_uri(route: Route) -> str:
    """The RFC 3966 ``tel:`` URI of the number to dial."""
    return number_of(route).tel


def _who(route: Route) -> str:
    """How the menus name this caller, in their own words (the words of its caller values)."""
    return (route.hotline or Hotline((route.menu,))).describe_caller(route.caller)


def route_steps(route: Route, expected_wait: float | None = None) -> tuple[str, ...]:
    """Step-by-step instructions in plain words, one sentence a step."""
    number = number_of(route)
    shown = number.international if not number.short else number.dial
    cost = route.entry.cost.describe()
    who = _who(route)
    steps = [f"Dial {shown} ({cost}{', from ' + who if who else ''})."]
    heard: dict[str, str] = {}
    events = route.call.events
    for i, e in enumerate(events):
        if e.kind == "play":
            heard[e.node] = e.text
            if _waits_out(route, e.node) and any(x.kind == "press" for x in events[i + 1 :]):
                steps.append(
                    f"Let the recording play to the end (“{_short(e.text)}”): press nothing yet."
                )
        elif e.kind == "press" and e.reason == "barge-in":
            later = events[i + 1 :]
            cut = next((x.text for x in later if x.kind == "barge-in"), "")
            said = f" (“{_short(cut)}”)" if cut else ""
            fate = next((x for x in later if x.kind in _FATES), None)
            if fate is not None and fate.kind == "key":
                steps.append(
                    f"As soon as the recording starts{said}, press {e.key} — no need to wait."
                )
            else:  # the key only cuts the recording short: no menu takes it
                steps.append(
                    f"As soon as the recording starts{said}, press {e.key} to cut it short "
                    "(any key does; no menu takes it)."
                )
        elif e.kind == "press":
            prompt = heard.get(e.node, "")
            said = f" (“{_short(prompt)}”)" if prompt else ""
            if e.reason == "after-prompt":
                steps.append(f"Wait for the menu to finish{said}, then press {e.key}.")
            else:
                steps.append(f"When the menu starts{said}, press {e.key} — no need to wait.")
        elif e.kind == "retry":
            gives_up = f"{e.attempts} failed attempts in all: the menu gives up and moves on"
            if steps[-1].endswith("the menu moves on)."):
                steps[-1] = steps[-1][: -len("the menu moves on).")] + gives_up + ")."
            else:
                steps[-1] = steps[-1].rstrip(".") + f" ({gives_up})."
        elif e.kind == "invalid":
            steps[-1] = steps[-1].rstrip(".") + " (not an option there: the menu moves on)."
        elif e.kind == "timeout":
            steps.append(
                f"Stay silent; after {e.seconds:g} s of silence the menu moves on by itself."
            )
        elif e.kind == "transfer":
            steps.append(f"The call is transferred to {_target_words(route, e)}; stay on the line.")
        elif e.kind == "agent":
            wait = (
                f"; the expected wait at {route.at} is {roughly(expected_wait)}"
                if expected_wait is not None
                else "; how long the queue takes is not known"
            )
            said = e.text or "a human"
            steps.append(f"Stay on the line: a specialist answers (“{_short(said, 80)}”){wait}.")
        elif e.kind == "callback":
            steps.append("Hang up when the robot confirms: a specialist calls you back.")
    if len(steps) == 2 and not route.presses and route.outcome == "agent":
        steps.insert(1, "Press nothing: stay on the line.")
    return tuple(steps)


def _target_words(route: Route, event) -> str:
    """The line a transfer goes on to, as a caller knows it: its title and number."""
    target = event.way.target if event.way is not None else None
    menus = route.hotline.menus if route.hotline is not None else (route.menu,)
    if target is None:
        return "another line"
    entry = next(
        (e for m in menus if m.file.endswith(target.file) for e in m.entries
         if target.entry in (e.id, e.dial)),
        None,
    )  # fmt: skip
    if entry is None:
        return "another line"
    return f"{entry.title} ({entry.dial})" if entry.title else entry.dial


def _waits_out(route: Route, node_id: str) -> bool:
    """Whether ``node_id`` is a barge-in prompt along the route: one the caller could cut
    short, and hears out only because a key pressed then would go astray."""
    menus = route.hotline.menus if route.hotline is not None else (route.menu,)
    for u, _v, _k in route.edges:
        menu_id, sep, nid = u.partition("/")
        if sep and nid == node_id:
            node = next((n for m in menus if m.id == menu_id for n in m.nodes if n.id == nid), None)
            return node is not None and node.type == "prompt" and node.barge_in
    return False


def route_json(route: Route) -> dict:
    """The JSON shape of ``ivr route --json`` (one route)."""
    number = number_of(route)
    cost = route.cost
    return {
        "caller": route.caller,
        "at": route.at,
        "file": route.menu.file,
        "menu": route.menu.id,
        "entry": {
            "id": route.entry.id,
            "dial": route.entry.dial,
            "e164": number.e164,
            "national": number.national,
            "international": number.international,
        },
        "keys": route.keys_text,
        "key_count": route.key_count,
        "presses": [{"key": k, "at": round(t, 3)} for k, t in route.presses],
        "dial_string": dial_string(route),
        "dial_string_w": dial_string_w(route),
        "tel": tel_uri(route),
        "seconds": round(route.seconds, 3),
        "wait": round(route.wait, 3) if route.wait is not None else None,
        "cost": {
            "free": cost.free,
            "per_minute": cost.per_minute,
            "currency": cost.currency,
            "note": cost.note,
            "words": cost.describe(),
        },
        "outcome": route.outcome,
        "node": route.node,
        "steps": list(route.steps),
        "sources": [s.as_json() for s in route.sources],
        "disputed": route.disputed,
        "evidence": _evidence_json(route),
    }


def _evidence_json(route: Route) -> dict | None:
    """The route's evidence as JSON, with the sentence ``ivr route`` prints for people."""
    if route.evidence is None:
        return None
    return {**route.evidence.as_json(), "sentence": route.evidence.sentence(route)}


def format_route(route: Route) -> str:
    """A route as a person reads it in a terminal."""
    number = number_of(route)
    lines = list(route.steps)
    if route.evidence is not None:
        lines.append(f"Evidence ({route.evidence.level}): {route.evidence.sentence(route)}")
    keys = route.keys_text or "none — stay on the line"
    lines.append(f"Keys: {keys}")
    national = f"   within {number.region}: {number.national}" if not number.short else ""
    lines.append(f"Dial string: {dial_string(route)}   {tel_uri(route)}{national}")
    wait = f" + {roughly(route.wait)} in the queue" if route.wait is not None else ""
    if route.wait_unknown:
        wait = " + a queue wait no source gives (not known)"
    lines.append(
        f"Time to a human: {route.seconds:g} s{wait}; cost: {route.cost.describe()}; "
        f"outcome: {route.outcome} ({route.node})"
    )
    if route.sources:
        ids = dict.fromkeys(s.id for s in route.sources)
        disputes = dict.fromkeys(s.disputed for s in route.sources if s.disputed)
        lines.append(f"Sources: {', '.join(ids)}")
        lines.extend(f"Disputed: {' '.join(d.split())}" for d in disputes)
    return "\n".join(lines)


def format_table(
    table: list[tuple[dict[str, str], Route | None]],
    hotline: Hotline | None = None,
    at: str = "12:00",
    trust: str = "any",
) -> str:
    """The best route of every caller context as an aligned text table.

    A context without a route says why: no entry serves that caller, or (given the
    ``hotline``) entries serve the caller but none of their paths reaches a human at ``at``.
    """
    from ivr.routing.route import serves  # noqa: PLC0415

    names = ",".join(table[0][0]) if table else "caller"
    head = (names, "dial", "keys", "evidence", "time", "reaches", "cost", "dial string")
    rows = [head]
    for who, route in table:
        caller = ",".join(who.values())
        if route is None:
            why = "no entry serves this caller"
            if hotline is not None and serves(hotline, who, at):
                why = f"no route reaches a human at {at}"
                if trust != "any":  # routes may exist, but none rests on what was trusted
                    why = f"no {trust} route reaches a human at {at} (--trust {trust})"
            rows.append((caller, "—", "", "", "", "", "", why))
            continue
        rows.append(
            (
                caller,
                route.entry.dial,
                route.keys_text or "-",
                _level(route),
                f"{route.seconds:g} s",
                route.outcome,
                _short(route.cost.describe(), 32),
                dial_string(route),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
    lines = ("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) for r in rows)
    return "\n".join(line + "  " + r[-1] for line, r in zip(lines, rows, strict=True)).rstrip()


def _level(route: Route) -> str:
    """The evidence column: the level, and "disputed" when the model doubts the route."""
    ev = route.evidence
    if ev is None:
        return "?"
    return ev.level + (", disputed" if ev.disputed else "")

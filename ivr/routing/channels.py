"""The other ways to a human a hotline lists (``channels``): a web chat, a form, e-mail,
social networks, an app, a shop. ``ivr route`` names them when no voice route serves a caller,
and with ``--channels``.

>>> import ivr
>>> [c.id for _m, c in channels_for(ivr.load("menus/mts"), {"network": "other"})][:3]
['chat', 'form', 'email']
"""

from __future__ import annotations

from collections.abc import Mapping

from ivr.model.clock import parse_moment, roughly
from ivr.model.types import DEFAULT_AT, Channel, Hotline, Menu
from ivr.sim.callers import resolve_caller


def channels_for(
    hotline: Hotline, caller: Mapping[str, str] | None = None, at: str | None = DEFAULT_AT
) -> list[tuple[Menu, Channel]]:
    """The channels whose ``when`` holds for ``caller`` at ``at`` (every channel when
    ``caller`` is None), in file order."""
    if caller is None:
        return hotline.channels()
    who = resolve_caller(hotline, caller)
    moment = parse_moment(at or DEFAULT_AT)
    return [(m, c) for m, c in hotline.channels() if c.when.holds(who, moment)]


def channel_json(channel: Channel) -> dict:
    """The JSON of one channel in ``ivr route --json`` (``"channels"``)."""
    reply = channel.reply
    return {
        "id": channel.id,
        "kind": channel.kind,
        "title": channel.title,
        "address": channel.address,
        "when": channel.when.describe(),
        "reply": round(reply.mean, 3) if reply is not None else None,
        "needs": channel.needs,
        "sources": list(channel.facts.source),
        "inferred": list(channel.facts.inferred),
        "disputed": channel.disputed,
    }


def channel_line(channel: Channel) -> str:
    """One channel as a line of text: what, where, how soon, what to bring, its sources."""
    what = channel.title or channel.kind
    where = f": {channel.address}" if channel.address else ""
    reply = channel.reply
    soon = f"; a human answers in {roughly(reply.mean)}" if reply is not None else ""
    needs = f"; bring {channel.needs}" if channel.needs else ""
    cited = f" ({', '.join(channel.facts.source)})" if channel.facts.source else ""
    return f"- {what}{where}{soon}{needs}{cited}"


def channels_text(found: list[tuple[Menu, Channel]]) -> str:
    """The block ``ivr route`` prints: a head line and one line per channel."""
    if not found:
        return "Other ways to a human: the hotline lists none for this caller."
    return "\n".join(
        ["Other ways to a human (not by phone):", *(channel_line(c) for _m, c in found)]
    )

"""THE definition of menu format 1: every section, its fields, their kinds, ranges and docs.

The YAML reader takes its field lists, required fields and number ranges from here; the writer
its field order and defaults; ``ivr schema`` (the JSON Schema, ``ivr/io/json_schema.py``) and
the field tables of ``docs/format.md`` (``python -m ivr.io.doc_tables``) are generated from it;
the Hypothesis strategies draw numbers in its ranges. Change the format here first (a node
type's own fields in :mod:`ivr.io.node_spec`; what a field is, :mod:`ivr.io.fields`).

A section is a mapping of the format (the top level, an entry, a node of one type, a claim,
...); each :class:`Field` says what its value is (:attr:`Field.kind`), whether it is required,
its range, its default and a one-line doc.

>>> SECTIONS["retries"].names()
('max', 'then')
>>> SECTIONS["retries"].field("max").range()
(1, 100)
>>> node_fields("prompt")
('type', 'say', 'duration', 'barge_in', 'next', 'suppress', 'source', 'inferred', 'note')
>>> required("branch")
('type', 'cases', 'else')
"""

from __future__ import annotations

from ivr.io.fields import KINDS as KINDS  # re-exported: the table's pieces, one import path
from ivr.io.fields import Field as Field
from ivr.io.fields import Section as Section
from ivr.io.fields import field_of as _f
from ivr.io.fields import provenance as _provenance
from ivr.io.node_spec import COMMON_HEAD, COMMON_TAIL, NODE_TYPE_FIELDS
from ivr.io.node_spec import MAX_SECONDS as MAX_SECONDS
from ivr.io.node_spec import TYPE_DOCS as TYPE_DOCS
from ivr.model.types import DEFAULT_AT, DEFAULT_KEY_TIME, NODE_TYPES, OUTCOMES

FORMAT_VERSION = 1
MENU_SUFFIXES = (".yaml", ".yml")
DEFAULT_REGION = "RU"
"""The numbering plan of a file that names none, kept so that the files written before ``region``
existed still load as they did; new files say their ``region`` (docs/format.md)."""

DAY = 86_400.0
"""The longest wait in a queue, in seconds."""
EXCLUDE = "exclude"
"""The name under ``caller`` that lists caller combinations that cannot occur (so no caller
attribute may be called so)."""


PART_FIELDS = ("options",)
"""Fields whose parts ``inferred`` may mark one by one: ``options.1`` is option 1 alone."""


def inferred_part(name: str) -> tuple[str, str] | None:
    """``(field, part)`` of an ``inferred`` name that marks one part of a field, else None.

    >>> inferred_part("options.1"), inferred_part("timeout")
    (('options', '1'), None)
    """
    field, dot, part = name.partition(".")
    return (field, part) if dot and field in PART_FIELDS and part else None


CHANNEL_KINDS = ("chat", "form", "email", "social", "app", "shop", "other")
CHANNEL_DOCS = {
    "chat": "a chat on a web site, answered by people",
    "form": "a feedback form on a web site",
    "email": "an e-mail address",
    "social": "social networks (pages, groups, their chats)",
    "app": "a mobile app",
    "shop": "an office or shop, in person",
    "other": "any other way",
}
OUTCOME_DOCS = {
    "agent": "the call ends at an agent node (a live human)",
    "callback": "the call ends at a callback node",
    "hangup": "the line hangs up on the caller",
    "not-served": "the dialled entry does not serve this caller at this hour",
    "stuck": "the call never ends: a silent menu with no timeout, or the time limit",
}

SECTIONS: dict[str, Section] = {}


def _section(name: str, doc: str, *fields: Field) -> None:
    SECTIONS[name] = Section(name, doc, fields)


_section(
    "top",
    "One menu file of a hotline: entries (numbers to dial), nodes (the voice menu as a graph) "
    "and documented claims. A folder of such files is one hotline.",
    _f("ivr", "version", "The format version of this file: 1", required=True),
    _f("id", "text", "The menu's id, unique in its folder (default: the file name without "
       ".yaml)"),
    _f("title", "text", "A title for people"),
    _f("note", "text", "A free note about this menu file"),
    _f("key_time", "number", "Seconds a caller takes to press one key", min=0.05, max=60,
       default=DEFAULT_KEY_TIME),
    _f("region", "text", "The country whose numbering plan the numbers of this file belong "
       "to, as a two-letter region code; an entry's 'region' overrides it",
       default=DEFAULT_REGION),
    _f("sources", "map", "The texts facts cite, by id: every 'source' in this file names one "
       "of them", of="source"),
    _f("caller", "attributes", "The attributes a condition may test, each with its allowed "
       "values: one, a list, or a mapping of each value to the words instructions use for such "
       "a caller ({home: in the home region, abroad: abroad}). The first value is the default "
       "for a caller who does not say. 'exclude' (not an attribute) lists the combinations "
       "that cannot occur, each a mapping of attributes to values ({network: landline, "
       "location: roaming}): such callers get no routes and no claim may be about them"),
    _f("entries", "list", "How a caller reaches this menu: the numbers to dial", of="entry"),
    _f("nodes", "map", "The states of a call, by id. Every reference to a node (next, "
       "options, timeout.to, ...) names one of these ids", required=True, of="node"),
    _f("documented", "list", "Claims from sources (dial, keys, expected outcome): each is "
       "replayed by ivr check and must hold", of="claim"),
    _f("channels", "list", "The hotline's other ways to a human, not by voice (a web chat, a "
       "form, e-mail, social networks, an app, a shop): ivr route names them when no voice "
       "route serves a caller, and with --channels", of="channel"),
)  # fmt: skip
_section(
    "source",
    "A text that facts cite: a title alone, or {title, date, url, note}.",
    _f("title", "text", "The title of the text (an article, a help page, a call)"),
    _f("date", "text", "When it was published or checked, e.g. 2024-05-01"),
    _f("note", "text", "What the text is, or what to keep in mind about it"),
    _f("url", "text", "Where to read it"),
)
_section(
    "entry",
    "A number a caller dials to reach this menu, who may dial it, what it costs and the node "
    "the call starts at.",
    _f("dial", "dial", "The number as dialled: a short code (\"0890\") or a full number "
       "(\"+7 800 250-08-90\", \"8 800 250 0890\"); spaces, dashes, dots and brackets are "
       "allowed. It must parse as a number of 'region' (2 to 6 digits are a carrier short code "
       "and are taken as they are). Quote it, or a leading 0 or + may be lost to YAML",
       required=True),
    _f("id", "text", "A name for this entry, unique in the file (default: the digits of "
       "'dial'). Needed when two entries share a number (e.g. one per caller network)"),
    _f("title", "text", "A title for people (e.g. 'from a phone abroad')"),
    _f("when", "condition", "Who this number serves (callers and hours); others get "
       "'not-served'. Default: everyone, at every hour", of="condition"),
    _f("cost", "cost", "What the call costs the caller: 'free' (the default) or "
       "{per_minute: 15, currency: EUR}", of="cost"),
    _f("start", "node", "The node the call starts at when this entry answers", required=True),
    _f("region", "text", "The country whose numbering plan 'dial' belongs to, as a two-letter "
       "region code (default: the file's 'region')"),
    _f("disputed", "text", "Why this entry is doubted, when a source gives it but another "
       "source or the model disagrees; kept as the sources say"),
    _f("connect", "section", "How well the number connects: a delay before the answer and a "
       "chance that an attempt fails (the caller dials again). Counted in the call's time as "
       "the expected seconds to the answer, delay / (1 - failure)", of="connect"),
    _f("load", "number", "How loaded the queues are for callers of this number, as a factor of "
       "every queue wait reached through it (0.5: half the wait, 2: twice)", min=0, max=100,
       default=1.0),
    _f("needs_plus", "boolean", "Whether the number connects only when dialled in "
       "international form, with + (dialled otherwise the call is not served)", default=False),
    *_provenance("entry"),
)  # fmt: skip
_section(
    "connect",
    "How well a number connects.",
    _f("delay", "number", "Seconds from dialling to the answer", min=0, max=MAX_SECONDS,
       default=0.0),
    _f("failure", "number", "The chance that an attempt does not connect, 0 to 0.99 (the "
       "caller dials again, so 1 / (1 - failure) attempts are made on average)", min=0,
       max=0.99, default=0.0),
)  # fmt: skip
_section(
    "condition",
    "Who or when: caller attributes (declared under 'caller') with the values that qualify, "
    "'hour' ranges, weekdays and dates of the call. Every part named must hold; any of its "
    "listed values will do. An empty condition holds for everyone at every hour. A call whose "
    "time names no day is on an ordinary working day: a Wednesday that is no listed date.",
    _f("hour", "hours", "The hours of the day: one range HH:MM-HH:MM or a list (any will do). "
       "The end is excluded; a range may wrap midnight (22:00-06:00); 24:00 is the end of the "
       "day. A range may start with weekdays: \"Mon-Fri 09:00-18:00\""),
    _f("days", "days", "The weekdays: Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges (Mon-Fri; "
       "Fri-Mon wraps the week) and lists (Sat,Sun); one or a list, any will do"),
    _f("dates", "dates", "The dates: MM-DD is that day every year, YYYY-MM-DD one day, A/B "
       "the days from A to B, both included (01-01/01-08; 12-31/01-08 wraps the year); one or "
       "a list, any will do (holidays)"),
)  # fmt: skip
_section(
    "cost",
    "What a call costs the caller: 'free', or a mapping of these fields.",
    _f("free", "boolean", "Whether the call is free (default: true when per_minute is 0, else "
       "false; {} alone means paid at an unknown rate)"),
    _f("per_minute", "number", "The price of a minute, in 'currency'", min=0, max=10_000),
    _f("currency", "text", "The currency of per_minute, e.g. EUR"),
    _f("note", "text", "A note on the price (e.g. 'at the home tariff')"),
)  # fmt: skip
_section(
    "node",
    "One state of a call. The fields a node may have depend on its 'type'; a field of another "
    "type is an error.",
    *COMMON_HEAD,
    *COMMON_TAIL,
)
for _type in NODE_TYPES:
    _article = "An" if _type[0] in "aeiou" else "A"
    _section(_type, f"{_article} {_type} node. {TYPE_DOCS[_type]}", *NODE_TYPE_FIELDS[_type])
_section(
    "timeout",
    "What a silent caller gets.",
    _f("after", "number", "Seconds of silence after the prompt ends", required=True, min=0.1,
       max=600),
    _f("to", "node", "The node a silent caller goes to (often the menu itself, to repeat it)",
       required=True),
)  # fmt: skip
_section(
    "retries",
    "How many failures a menu takes.",
    _f("max", "integer", "The failure that leaves the menu: 3 means the third failure goes to "
       "'then'", required=True, min=1, max=100),
    _f("then", "node", "The node the max-th failure goes to", required=True),
)  # fmt: skip
_section(
    "case",
    "One case of a branch.",
    _f("when", "condition", "Who or when this case applies to (all attributes must hold; any "
       "listed value or hour range will do)", required=True, of="condition"),
    _f("to", "node", "The node the call goes to when this case holds", required=True),
)  # fmt: skip
_section(
    "wait",
    "The expected wait in a queue, in seconds.",
    _f("mean", "number", "The usual wait in seconds", required=True, min=0, max=DAY),
    _f("min", "number", "The shortest wait in seconds; not more than 'mean'", min=0, max=DAY),
    _f("max", "number", "The longest wait in seconds; not less than 'mean'", min=0, max=DAY),
    _f("by_hour", "list", "Waits that differ by hour of the day: the first item whose 'hours' "
       "contain the hour of the call replaces 'mean'", of="by_hour"),
    _f("by_day", "list", "Waits that differ by weekday or date (holidays): the first item "
       "whose 'days' or 'dates' hold multiplies the wait of the hour by its 'factor'",
       of="by_day"),
)  # fmt: skip
_section(
    "by_hour",
    "The mean wait in some hours of the day.",
    _f("hours", "span", "The hours, as one range HH:MM-HH:MM (end excluded; may wrap "
       "midnight, e.g. 22:00-06:00; may start with weekdays, Sat-Sun 10:00-18:00)",
       required=True),
    _f("mean", "number", "The usual wait in seconds in these hours", required=True, min=0,
       max=DAY),
)  # fmt: skip
_section(
    "by_day",
    "A factor of the wait on some weekdays or dates; give 'days', 'dates' or both (both must "
    "hold).",
    _f("days", "days", "The weekdays (Mon-Fri, Sat,Sun), one or a list"),
    _f("dates", "dates", "The dates (MM-DD every year, YYYY-MM-DD, A/B from A to B "
       "included), one or a list"),
    _f("factor", "number", "What the wait of the hour is multiplied by on those days (2: twice "
       "as long)", required=True, min=0, max=100),
)  # fmt: skip
_section(
    "staffing",
    "What a team knows of its queue; the expected wait follows by Erlang C: 'calls' per hour "
    "of 'handle' seconds each carry calls x handle / 3600 erlangs, and with more agents than "
    "that the mean wait is P(wait) x handle / (agents - erlangs); with no more agents than "
    "erlangs the queue never clears.",
    _f("calls", "number", "Calls offered per hour", required=True, min=0, max=1_000_000),
    _f("handle", "number", "Seconds of an agent's time per call (talk and wrap-up)",
       required=True, min=1, max=DAY),
    _f("agents", "integer", "Agents on duty", required=True, min=0, max=100_000),
    _f("by_hour", "list", "Staffing that differs by hour of the day: the first item whose "
       "'hours' contain the hour of the call replaces what it gives", of="staff_hour"),
)  # fmt: skip
_section(
    "staff_hour",
    "A queue's staffing in some hours; what an item leaves out stays as the queue gives it.",
    _f("hours", "span", "The hours, as one range HH:MM-HH:MM (end excluded; may wrap "
       "midnight; may start with weekdays, Mon-Fri 09:00-18:00)", required=True),
    _f("calls", "number", "Calls offered per hour in these hours", min=0, max=1_000_000),
    _f("handle", "number", "Seconds of an agent's time per call in these hours", min=1,
       max=DAY),
    _f("agents", "integer", "Agents on duty in these hours", min=0, max=100_000),
)  # fmt: skip
_section(
    "channel",
    "A way to a human that is not a voice menu: a web chat, a form, e-mail, social networks, "
    "an app, a shop.",
    _f("id", "text", "A name for this channel, unique in the hotline", required=True),
    _f("kind", "choice", "What kind of channel it is", required=True, values=CHANNEL_KINDS,
       value_docs=tuple(CHANNEL_DOCS[k] for k in CHANNEL_KINDS)),
    _f("title", "text", "What people call it (e.g. 'the chat on the operator's site')"),
    _f("address", "text", "Where to find it: a web address, an e-mail address, the app's "
       "name, 'the nearest shop'"),
    _f("when", "condition", "Who may use it and when (default: everyone, at every hour)",
       of="condition"),
    _f("reply", "section", "How soon a human answers, in seconds, as a wait (mean, min, max)",
       of="wait"),
    _f("needs", "text", "What the caller must have or bring (e.g. an identity document)"),
    _f("disputed", "text", "Why this channel is doubted, when a source gives it but another "
       "source or the model disagrees"),
    *_provenance("channel"),
)  # fmt: skip
_section(
    "target",
    "Where a transfer goes.",
    _f("file", "file", "The menu file, a plain file name in the same folder ending in .yaml or "
       ".yml (no folders: a hotline is one folder)", required=True),
    _f("entry", "text", "The entry of that file: its 'id', or its 'dial' number",
       required=True),
)  # fmt: skip
_section(
    "claim",
    "A documented claim: a source says that dialling this number and pressing these keys "
    "reaches 'expect'. ivr check replays it: it must hold (or, when 'disputed', must not).",
    _f("dial", "entry_ref", "The number to dial: the 'dial' or 'id' of an entry of this "
       "hotline (any file of the folder)", required=True),
    _f("keys", "keys", "The keys the source says to press, in order: \"2 0\", \"2,0\", \"2-0\" "
       "or \"20\"; _ stays silent at a menu until it times out, . hears the menu out before "
       "the next key. Empty or absent: no keys (the caller just waits). Quote it: * and # mean "
       "something else in YAML"),
    _f("caller", "caller", "The caller the claim is about: attribute -> one value (attributes "
       "left out take their first declared value)"),
    _f("at", "moment", "When the call is made: a time of day HH:MM (00:00 to 23:59, an "
       "ordinary working day), 'Sat 16:00' (a weekday) or '2026-12-31 16:00' (a date)",
       default=DEFAULT_AT),
    _f("expect", "choice", "How the call must end", default="agent", values=OUTCOMES,
       value_docs=tuple(OUTCOME_DOCS[o] for o in OUTCOMES)),
    _f("node", "text", "The node the call must end at (any file of the folder), if it "
       "matters"),
    _f("source", "texts", "The source (an id under 'sources') that makes this claim; one id or "
       "a list. Optional: a team testing its own menu may have nothing to cite (lint rule "
       "claim-without-source asks for one where the file declares 'sources')"),
    _f("disputed", "text", "Why the model deliberately disagrees with this claim. A disputed "
       "claim is replayed too and is ok while it does NOT hold; when it starts to hold, check "
       "reports the dispute as stale"),
    _f("note", "text", "A free note about this claim"),
)  # fmt: skip


def node_fields(node_type: str) -> tuple[str, ...]:
    """The fields a node of ``node_type`` may have, in the order a menu file writes them."""
    own = SECTIONS[node_type].names()
    head = tuple(f.name for f in COMMON_HEAD)
    return head + own + tuple(f.name for f in COMMON_TAIL)


def node_field(node_type: str, name: str) -> Field:
    """The field ``name`` of a node of ``node_type`` (common or its type's own)."""
    own = SECTIONS[node_type]
    return own.field(name) if name in own.names() else SECTIONS["node"].field(name)


def required(node_type: str) -> tuple[str, ...]:
    """The fields a node of ``node_type`` must have, ``type`` first."""
    return ("type", *SECTIONS[node_type].required())


def owners(name: str) -> tuple[str, ...]:
    """The node types whose own field ``name`` is (empty for a field every node has).

    >>> owners("queue")
    ('agent', 'callback')
    """
    return tuple(t for t in NODE_TYPES if name in SECTIONS[t].names())


COMMON_NODE_FIELDS = tuple(f.name for f in (*COMMON_HEAD, *COMMON_TAIL))
"""The fields every node may have."""
TYPE_FIELDS: dict[str, tuple[str, ...]] = {t: SECTIONS[t].names() for t in NODE_TYPES}
"""Each node type's own fields."""
ALL_NODE_FIELDS = tuple(dict.fromkeys(f for t in NODE_TYPES for f in node_fields(t)))
"""Every field some node may have, each once."""

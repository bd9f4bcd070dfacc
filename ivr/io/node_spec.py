"""The node part of the field table (:mod:`ivr.io.spec`): what each node type means, the fields
every node has (:data:`COMMON_HEAD`, :data:`COMMON_TAIL`) and each type's own
(:data:`NODE_TYPE_FIELDS`). :mod:`ivr.io.spec` makes them sections; change a node type here.

>>> [f.name for f in NODE_TYPE_FIELDS["prompt"]]
['next']
"""

from __future__ import annotations

from ivr.io.fields import Field, provenance
from ivr.io.fields import field_of as _f
from ivr.model.types import NODE_TYPES

MAX_SECONDS = 3600.0
"""The longest a recording plays (``duration``)."""

TYPE_DOCS = {
    "prompt": "Plays 'say' for 'duration' seconds, then goes to 'next'. With barge-in a key "
    "pressed during it cuts it short and is carried to the next menu (type-ahead).",
    "menu": "Plays 'say', then takes a key: 'options' by key, 'timeout' after silence, "
    "'invalid' on a key with no option, 'retries' after repeated failures.",
    "branch": "Routes without a word by caller attribute or hour of the call: the first case "
    "whose 'when' holds, otherwise 'else'.",
    "agent": "A live human, behind a queue: the call reaches a human here.",
    "callback": "A human calls the caller back: reached, but reported as a callback.",
    "transfer": "Goes on at an entry of another menu file of the same folder (same hotline).",
    "hangup": "Plays 'say' (if any) and hangs up: the call ends without a human.",
}

COMMON_HEAD = (
    _f("type", "choice", "What kind of node this is", required=True, values=NODE_TYPES,
       value_docs=tuple(TYPE_DOCS[t] for t in NODE_TYPES)),
    _f("say", "say", "What the node plays (the words of the recording, or a summary). May be "
       "left empty"),
    _f("duration", "number", "How long 'say' plays, in seconds. Counted for prompt, menu, "
       "transfer and hangup nodes; a branch takes no time and a call is counted as reaching an "
       "agent or callback the moment it enters the node", min=0, max=MAX_SECONDS, default=0.0),
    _f("barge_in", "boolean", "Whether a key pressed while 'say' plays is acted on at once "
       "(true) or the caller must wait for the end of the prompt (false)", default=True),
)  # fmt: skip
COMMON_TAIL = (
    _f("suppress", "texts", "Lint rule ids silenced for this node only, one or a list, e.g. "
       "no-timeout or unreachable (every rule is listed in docs/rules.md)"),
    *provenance("node")[:2],
    _f("note", "text", "A free note about this node (why it is modelled so, what a source "
       "says)"),
)  # fmt: skip

HUMAN_FIELDS = (
    _f("queue", "text", "The name of the queue (team) behind this human; free text"),
    _f("wait", "section", "The expected wait in the queue, in seconds. Reported with the call; "
       "counted in time-to-human only when asked", of="wait"),
    _f("staffing", "section", "What the team knows of this queue: calls per hour, handle time "
       "and agents on duty, by hour; the wait then follows by Erlang C (instead of 'wait', "
       "which a node with staffing does not give)", of="staffing"),
    _f("cost", "cost", "What being served here costs the caller, when it differs from the call "
       "itself: 'free' or {per_minute, currency}", of="cost"),
)  # fmt: skip

NODE_TYPE_FIELDS: dict[str, tuple[Field, ...]] = {
    "prompt": (
        _f("next", "node", "The node the call goes to when the prompt ends (or is cut short)",
           required=True),
    ),
    "menu": (
        _f("options", "options", "The node each telephone key leads to. Keys are single DTMF "
           "symbols 0-9 * # A B C D; quote them: {\"1\": balance, \"0\": operator}",
           required=True),
        _f("timeout", "section", "What happens when the caller stays silent: 'after' seconds "
           "past the end of the prompt the call goes to 'to'. Without a timeout a silent caller "
           "waits forever (the call is 'stuck')", of="timeout"),
        _f("invalid", "node", "The node a key with no option leads to. Without it such a key "
           "is ignored and the menu goes on waiting"),
        _f("retries", "section", "How many failed attempts (timeouts and invalid keys at this "
           "node together) the menu takes: the max-th failure goes to 'then' instead. A key "
           "with an option resets the count", of="retries"),
    ),
    "branch": (
        _f("cases", "list", "Conditions tried in order; the first whose 'when' holds for the "
           "caller at the hour of the call decides where the call goes", required=True,
           of="case"),
        _f("else", "node", "The node the call goes to when no case holds", required=True),
    ),
    "agent": HUMAN_FIELDS,
    "callback": HUMAN_FIELDS,
    "transfer": (
        _f("to", "section", "Where the call goes on: an entry of another menu file in the same "
           "folder", required=True, of="target"),
    ),
    "hangup": (),
}  # fmt: skip

"""Menus as Twilio Studio flows: ``ivr export PATH --to twilio-studio -o OUT``.

Each menu file becomes one flow definition (the JSON the Console imports and the REST API's
``Definition`` takes): its entry is the ``Trigger``; a menu node a ``gather-input-on-call``
(``number_of_digits`` 1, ``stop_gather`` its barge-in) whose keypress goes to a
``split-based-on`` testing that gather's ``{{widgets.NAME.Digits}}``, one ``match`` per option,
``noMatch`` to the invalid key's node; a prompt a ``say-play``; a branch a ``split-based-on``
on ``{{flow.data.ATTRIBUTE}}`` (and the hour of ``'now'``); an agent or callback an
``enqueue-call``; a transfer a ``run-subflow`` of the other file's flow; a hang-up a
``say-play`` that ends the flow. What Studio cannot say (prompt lengths, retries, waits,
costs, the numbers dialled, callbacks) is the ``ivr`` annotation in the flow's
``description`` (:mod:`ivr.io.annotation`).

>>> import ivr, json
>>> flow = studio_flow(ivr.load("menus/mts").menus[0])
>>> flow["initial_state"], flow["states"][0]["type"]
('Trigger', 'trigger')
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ivr.errors import InputError
from ivr.io.annotation import annotate
from ivr.io.atomic import write_atomic
from ivr.io.twilio.conditions import (
    DATE_ARGUMENT,
    DAY_HOUR_ARGUMENT,
    HOUR_ARGUMENT,
    date_regex,
    day_span_regex,
    span_regex,
)
from ivr.model.clock import split_span
from ivr.model.types import Condition, Entry, Hotline, Menu, Node

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def dial_of(menu: Menu, entry: Entry, hotline: Hotline | None = None) -> str:
    """The address an exported entry is dialled by: its own (the annotation keeps it)."""
    return entry.dial


def widget_names(menu: Menu) -> dict[str, str]:
    """A Studio widget name (letters, digits, underscores) for each node id, unique."""
    used = {"Trigger", "entries"}
    names = {}
    for n in menu.nodes:
        base = n.id if _NAME.fullmatch(n.id) else "n_" + re.sub(r"[^A-Za-z0-9_]", "_", n.id)
        name, i = base, 1
        while name in used or name.endswith("_keys"):
            i += 1
            name = f"{base}_{i}"
        used.add(name)
        names[n.id] = name
    return names


def _t(event: str, target: str | None = None, **more: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"event": event}
    if target is not None:
        d["next"] = target
    d.update(more)
    return d


def _conditions(when: Condition) -> list[dict[str, Any]]:
    out = []
    for attr, values in when.attrs:
        arg = "{{flow.data." + attr + "}}"
        kind = "equal_to" if len(values) == 1 else "matches_any_of"
        out.append({"friendly_name": f"{attr} {','.join(values)}", "arguments": [arg],
                    "type": kind, "value": ",".join(values)})  # fmt: skip
    plain = all(not split_span(h)[0] for h in when.hours)
    if when.hours and plain:
        out.append({"friendly_name": "hour " + ", ".join(when.hours),
                    "arguments": [HOUR_ARGUMENT], "type": "regex",
                    "value": span_regex(*when.hours)})  # fmt: skip
    elif when.hours:  # hours of their own weekdays: one test of the weekday and the time
        out.append({"friendly_name": "hour " + ", ".join(when.hours),
                    "arguments": [DAY_HOUR_ARGUMENT], "type": "regex",
                    "value": day_span_regex(*when.hours)})  # fmt: skip
    if when.days or when.dates:
        out.append({"friendly_name": "day " + ", ".join((*when.days, *when.dates)),
                    "arguments": [DATE_ARGUMENT], "type": "regex",
                    "value": date_regex(when.days, when.dates)})  # fmt: skip
    return out


def _widgets(n: Node, name: dict[str, str], menu_file: str) -> list[dict[str, Any]]:
    w = name[n.id]
    if n.type == "prompt":
        return [{"name": w, "type": "say-play", "properties": {"say": n.say, "loop": 1},
                 "transitions": [_t("audioComplete", name[n.next or n.id])]}]  # fmt: skip
    if n.type == "hangup":
        return [{"name": w, "type": "say-play", "properties": {"say": n.say or "Goodbye."},
                 "transitions": [_t("audioComplete")]}]  # fmt: skip
    if n.type in ("agent", "callback"):
        return [{"name": w, "type": "enqueue-call",
                 "properties": {"queue_name": n.queue or "ivr"},
                 "transitions": [_t("callComplete"), _t("failedToEnqueue"),
                                 _t("callFailure")]}]  # fmt: skip
    if n.type == "transfer":
        assert n.to is not None
        flow = Path(n.to.file).stem
        params = [{"key": "entry", "value": n.to.entry}]
        return [{"name": w, "type": "run-subflow",
                 "properties": {"flow_sid": flow, "parameters": params},
                 "transitions": [_t("completed"), _t("failed")]}]  # fmt: skip
    if n.type == "branch":
        matches = [_t("match", name[c.to], conditions=_conditions(c.when)) for c in n.cases]
        first = next((a for c in n.cases for a, _ in c.when.attrs), "")
        source = "{{flow.data." + first + "}}" if first else HOUR_ARGUMENT
        return [{"name": w, "type": "split-based-on", "properties": {"input": source},
                 "transitions": [_t("noMatch", name[n.otherwise or n.id]), *matches]}]  # fmt: skip
    # a menu: the gather, and the split on its digits
    keys = w + "_keys"
    digits = "{{widgets." + w + ".Digits}}"
    matches = [
        _t(
            "match",
            name[to],
            conditions=[
                {"friendly_name": k, "arguments": [digits], "type": "equal_to", "value": k}
            ],
        )  # fmt: skip
        for k, to in n.options
    ]
    props: dict[str, Any] = {"say": n.say, "loop": 1, "number_of_digits": 1,
                             "stop_gather": n.barge_in,
                             "finish_on_key": "" if n.option("#") else "#"}  # fmt: skip
    if n.timeout is not None:
        props["timeout"] = max(1, math.ceil(n.timeout.after))  # whole seconds in Studio
    on_timeout = name[n.timeout.to] if n.timeout else None
    return [
        {"name": w, "type": "gather-input-on-call", "properties": props,
         "transitions": [_t("keypress", keys), _t("speech"), _t("timeout", on_timeout)]},
        {"name": keys, "type": "split-based-on", "properties": {"input": digits},
         "transitions": [_t("noMatch", name[n.invalid or n.id]), *matches]},
    ]  # fmt: skip


def studio_flow(menu: Menu) -> dict[str, Any]:
    """The Studio flow definition of one menu file."""
    name = widget_names(menu)
    ann = annotate(menu, name)
    for n in menu.nodes:
        if n.type == "menu" and n.timeout is not None and n.timeout.after != int(n.timeout.after):
            ann["nodes"][name[n.id]]["timeout_after"] = n.timeout.after  # whole seconds in Studio
    states: list[dict[str, Any]] = []
    starts = list(dict.fromkeys(e.start for e in menu.entries))
    if len(starts) == 1:
        trigger_to = name[starts[0]]
    else:  # several entries: which number was dialled
        trigger_to = "entries"
        matches = [
            _t("match", name[e.start], conditions=[{"friendly_name": e.dial,
               "arguments": ["{{trigger.call.To}}"], "type": "equal_to", "value": e.dial}])
            for e in menu.entries
        ]  # fmt: skip
        states.append({"name": "entries", "type": "split-based-on",
                       "properties": {"input": "{{trigger.call.To}}"},
                       "transitions": [_t("noMatch", name[starts[0]]), *matches]})  # fmt: skip
    trigger = {"name": "Trigger", "type": "trigger", "properties": {"offset": {"x": 0, "y": 0}},
               "transitions": [_t("incomingMessage"), _t("incomingCall", trigger_to),
                               _t("incomingRequest")]}  # fmt: skip
    for n in menu.nodes:
        states.extend(_widgets(n, name, menu.file))
    title = menu.title or menu.id
    return {
        "description": f"{title} (exported by ivr)\nivr: "
        + json.dumps(ann, ensure_ascii=False, separators=(",", ":")),
        "states": [trigger, *states],
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": True},
    }


def studio_text(menu: Menu) -> str:
    return json.dumps(studio_flow(menu), ensure_ascii=False, indent=2) + "\n"


GATHERED = frozenset("0123456789*#")
"""The keys a ``gather-input-on-call`` collects: Twilio's DTMF digits have no A-D."""


def unsupported(hotline: Hotline) -> list[str]:
    """Located messages for what a flow cannot express (options on the keys A-D); none:
    the export loses nothing of the calls."""
    return [
        f"{n.loc}: option '{k}' of node '{n.id}': a Twilio Studio gather takes only 0-9, * and #"
        for m in hotline.menus
        for n in m.nodes
        for k, _ in n.options
        if k not in GATHERED
    ]


def export(hotline: Hotline, out: Path) -> list[str]:
    """Write each menu as ``<file stem>.json`` in the folder ``out`` (one menu: ``out`` may
    be the file itself, ending in ``.json``); the paths written.

    Raises InputError (writing nothing) when a menu has an option Studio cannot gather."""
    if problems := unsupported(hotline):
        raise InputError("\n".join(problems))
    if len(hotline.menus) == 1 and out.suffix == ".json":
        write_atomic(out, studio_text(hotline.menus[0]))
        return [str(out)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for m in hotline.menus:
        target = out / f"{Path(m.file).stem or m.id}.json"
        write_atomic(target, studio_text(m))
        written.append(str(target))
    return written

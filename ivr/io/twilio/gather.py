"""A Studio ``gather-input-on-call`` as a menu: the keys a caller can press, decided by the
``split-based-on`` that tests the gather's ``{{widgets.NAME.Digits}}`` (evaluated on each key
string, in order, as Studio does); a value of several digits is a chain of one-key menus
(``NAME·1``), ``number_of_digits`` ending it. A gather that takes speech only is a prompt and a
branch on what the caller says (docs/importers.md#twilio-studio).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ivr.io.imported import speech_seconds
from ivr.io.twilio.conditions import evaluate
from ivr.model.keys import DTMF_KEYS
from ivr.model.types import Facts, Loc, Node, Timeout

if TYPE_CHECKING:
    from ivr.io.twilio.reader import _Flow as Flow

DEFAULT_TIMEOUT = 5.0
"""Studio's Gather Input on Call "Timeout": 5 seconds (docs/importers.md, platform defaults)."""
DEFAULT_FINISH = "#"


def number(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def whole(value: object, default: int) -> int:
    n = number(value)
    return int(n) if n is not None and n >= 0 else default


def gather(
    f: Flow, name: str, w: Mapping[str, Any], props: Mapping[str, Any], loc: Loc, note: str
) -> None:
    b = f.b
    say = str(props.get("say") or (f"(plays {props['play']})" if props.get("play") else ""))
    f._templates(name, "say", say)
    inferred = ["duration"]
    timeout = number(props.get("timeout"))
    if timeout is None:
        timeout = DEFAULT_TIMEOUT
        inferred.append("timeout")
    barge = props.get("stop_gather", True) not in (False, "false")
    if "stop_gather" not in props:
        inferred.append("barge_in")
    nexts = f._nexts(w)
    on_timeout = nexts.get("timeout") or b.ending(loc)
    duration = speech_seconds(say, whole(props.get("loop"), 1))
    speech_only = str(props.get("input", "")).strip() == "speech" or (
        "keypress" not in nexts and "speech" in nexts
    )
    if "speech" in nexts:
        b.finding(loc, f"'{name}' takes speech (to '{nexts['speech']}'): "
                  + ("it takes no keys, so what the caller says is caller attribute "
                     f"'speech at {name}'" if speech_only else
                     "a caller who presses keys never takes that way"),
                  "import-unmapped", "warning" if speech_only else "info")  # fmt: skip
    if speech_only:
        branch = f"{name}·speech"
        facts = Facts(inferred=tuple(inferred), note=note)
        b.add(Node(name, "prompt", say=say, duration=duration + timeout, barge_in=barge,
                   next=branch, facts=facts), loc)  # fmt: skip
        b.add(b.unknown(branch, f"speech at {name}",
                              [("said", nexts.get("speech") or b.ending(loc)),
                               ("silent", on_timeout)], loc, note), loc)  # fmt: skip
        return
    finish = str(props.get("finish_on_key", DEFAULT_FINISH) or "")
    digits = whole(props.get("number_of_digits"), 0)
    keys = [k for k in DTMF_KEYS if k not in finish]
    split = f._split_of(name)
    if split is not None:
        resolve, values, invalid = _digit_rules(f, split)
    else:
        target = nexts.get("keypress") or b.ending(loc)

        def resolve(_: str) -> str | None:
            return target

        values, invalid = [], None
    options = _digit_tree(f, name, "", keys, digits, resolve, values, invalid, timeout, loc)
    node = Node(name, "menu", say=say, duration=duration, barge_in=barge, options=options,
                timeout=Timeout(timeout, on_timeout), invalid=invalid,
                facts=Facts(inferred=tuple(inferred), note=note))  # fmt: skip
    b.add(node, loc)


def _digit_rules(f: Flow, split: str) -> tuple[Any, list[str], str]:
    """How the split decides on typed digits: (resolve, multi-key values, noMatch)."""
    s = f.widgets[split]
    rules = []
    values: list[str] = []
    for t in s.get("transitions") or ():
        if not isinstance(t, dict) or t.get("event") != "match":
            continue
        conds = [c for c in t.get("conditions") or () if isinstance(c, dict)]
        rules.append((conds, t.get("next") or f.b.ending(f.loc(split))))
        for c in conds:
            if c.get("type") in ("equal_to", "matches_any_of"):
                values += [v.strip() for v in str(c.get("value", "")).split(",")]
    no_match = f._next(s, "noMatch")
    simple = ("equal_to", "matches_any_of")
    if all(len(c) == 1 and c[0].get("type") in simple for c, _ in rules):
        table: dict[str, str] = {}  # the usual split: a table of values, the first match wins
        for conds, target in rules:
            value = str(conds[0].get("value", ""))
            listed = value.split(",") if conds[0].get("type") == "matches_any_of" else [value]
            for v in listed:
                table.setdefault(v.strip().lower(), str(target))
        return table.get, [v for v in values if len(v) > 1], no_match

    def resolve(typed: str) -> str | None:
        for conds, target in rules:
            if conds and all(evaluate(c, typed) for c in conds):
                return str(target)
        return None

    return resolve, [v for v in values if len(v) > 1], no_match


def _digit_tree(
    f: Flow, name, prefix, keys, digits, resolve, values, invalid, timeout, loc
) -> tuple[tuple[str, str], ...]:
    """Options for the next key after ``prefix``: a key that completes a value goes to its
    target; one that begins a longer value goes to a one-key menu for the rest."""
    options = []
    for k in keys:
        typed = prefix + k
        longer = digits != len(typed) and any(v.startswith(typed) for v in values)
        if longer:
            node_id = f"{name}·{typed}"
            sub = _digit_tree(f, name, typed, keys, digits, resolve, values, invalid,
                                   timeout, loc)  # fmt: skip
            then = resolve(typed) or invalid or f.b.ending(loc)
            f.b.add(Node(node_id, "menu", options=sub, timeout=Timeout(timeout, then),
                            invalid=invalid, facts=Facts(note=f"{name} after '{typed}'",
                            inferred=("timeout",))), loc)  # fmt: skip
            options.append((k, node_id))
        else:
            target = resolve(typed)
            if target is not None:
                options.append((k, target))
    return tuple(options)

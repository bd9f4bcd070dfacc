"""Import benchmark (issue 13, item 8): importing a generated 10,000-node platform file, as a
ratio to parsing the same file alone.

    python benchmarks/bench_import.py            # 7 repetitions
    python benchmarks/bench_import.py --quick    # 3 repetitions
    python benchmarks/bench_import.py --phases   # and where the time goes, per node

Each case generates a file, then times, interleaved repetition by repetition, ``ivr.load`` of
it (reading, parsing, building the model, validating it) against the baseline parse a tool
needs before it can do anything with the file:

* ``asterisk``: a dialplan of 3,334 contexts, each a menu (``Background``, ``WaitExten``) with
  two sub-menus, a queue, ``t`` and ``i`` extensions — 10,002 nodes; the baseline splits it
  into lines and each statement into context / extension / priority / application, with
  comments stripped (the least a dialplan reader does);
* ``freeswitch``: ``ivr.conf.xml`` with 2,500 menus of three entries (10,000 nodes); the
  baseline is ``xml.etree.ElementTree.fromstring`` (C, no element lines, no defusing);
* ``voicexml``: one document of 2,500 menus and 7,500 forms (10,000 dialogs), against
  ``ElementTree.fromstring``;
* ``twilio-studio`` and ``amazon-connect``: a flow of 2,500 menus (a gather and its split; a
  ``GetParticipantInput``), each with a prompt, a queue and a goodbye (10,000 nodes), against
  ``json.loads``.

Both sides read the file's text from disk. The baseline is the parse alone (in C for XML and
JSON; for a dialplan, Python's split of each line into its fields) and keeps nothing: no line
or column of anything, no check. ``ivr.load`` also locates every element or
state (what its messages and notes cite), builds the model and runs :func:`ivr.validate`'s
checks once (the reader's; ``vouch`` spares the second).

Times are CPU time; the figures are medians of the per-repetition ratios. Goal: <= 3x.
Exit status 0 when every goal is met, 1 otherwise. Add a case to CASES (and PARSERS).

``--phases`` splits one warm ``ivr.load`` of each case (the cyclic collector paused, as
``ivr.load`` pauses it) into the located parse (``parse_xml``; ``parse_json`` and the
``Positions`` of the states; the dialplan's ``parse``), the validation of what was built
(``menu_problems`` and ``hotline_problems``) and the rest, the reader's building of the
model, in microseconds per node.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ivr  # noqa: E402

GOAL = 3.0


def asterisk_text(contexts: int = 3334) -> str:
    out = ["[general]", "autofallthrough=yes", ""]
    for i in range(contexts):
        kids = [k for k in (3 * i + 1, 3 * i + 2) if k < contexts]
        out += [
            f"[menu{i}]",
            f"exten => s,1,Background(menu-{i}) ;ivr duration=6",
            " same => n,WaitExten(5)",
        ]
        out += [f"exten => {d},1,Goto(menu{k},s,1)" for d, k in zip("12", kids, strict=False)]
        out += [
            f"exten => 0,1,Queue(team{i % 50})",
            "exten => t,1,Goto(s,1)",
            "exten => i,1,Playback(invalid)",
            " same => n,Goto(s,1)",
            "",
        ]
    return "\n".join(out)


def asterisk_baseline(text: str) -> int:
    """Lines, comments stripped, statements split into their fields."""
    count = 0
    for line in text.split("\n"):
        code = line.split(";", 1)[0].strip()
        if not code:
            continue
        if code.startswith("["):
            count += 1
            continue
        _, _, rest = code.partition("=>")
        fields = rest.split(",", 2)
        count += len(fields)
    return count


def freeswitch_text(menus: int = 2500) -> str:
    out = ['<?xml version="1.0"?>', '<configuration name="ivr.conf">', "<menus>"]
    for i in range(menus):
        kid = 2 * i + 1
        out.append(
            f'<menu name="m{i}" greet-long="m{i}.wav" timeout="5000" max-failures="3" '
            'max-timeouts="3">'
        )
        if kid < menus:
            out.append(f'<entry action="menu-sub" digits="1" param="m{kid}"/>')
        out.append(f'<entry action="menu-exec-app" digits="0" param="transfer {i} XML default"/>')
        out.append('<entry action="menu-exec-app" digits="9" param="hangup"/>')
        out.append("</menu>")
    out += ["</menus>", "</configuration>"]
    return "\n".join(out)


def freeswitch_baseline(text: str) -> int:
    return len(ElementTree.fromstring(text.encode()))


def studio_text(units: int = 2500) -> str:
    """A Studio flow of 2,500 gathers, each with its split on the digits (1: the next gather,
    2: a say-play back to it, 0: a queue, 9: a goodbye): 10,000 widgets that are nodes."""
    states: list[dict] = [{"name": "Trigger", "type": "trigger", "properties": {},
                           "transitions": [{"event": "incomingCall", "next": "g0"}]}]  # fmt: skip
    for i in range(units):
        kid = 2 * i + 1
        digits = "{{widgets.g" + str(i) + ".Digits}}"

        def match(value: str, to: str, digits: str = digits) -> dict:
            cond = {"friendly_name": value, "arguments": [digits], "type": "equal_to",
                    "value": value}  # fmt: skip
            return {"event": "match", "next": to, "conditions": [cond]}

        matches = [match("2", f"info{i}"), match("0", f"q{i}"), match("9", f"bye{i}")]
        if kid < units:
            matches.insert(0, match("1", f"g{kid}"))
        states += [
            {"name": f"g{i}", "type": "gather-input-on-call",
             "properties": {"say": f"Menu {i}: press 1, 2, 0 or 9", "number_of_digits": 1,
                            "timeout": 5},
             "transitions": [{"event": "keypress", "next": f"s{i}"},
                             {"event": "timeout", "next": f"g{i}"}]},
            {"name": f"s{i}", "type": "split-based-on", "properties": {"input": digits},
             "transitions": [{"event": "noMatch", "next": f"g{i}"}, *matches]},
            {"name": f"info{i}", "type": "say-play", "properties": {"say": f"About {i}."},
             "transitions": [{"event": "audioComplete", "next": f"g{i}"}]},
            {"name": f"q{i}", "type": "enqueue-call", "properties": {"queue_name": f"team{i % 50}"},
             "transitions": [{"event": "callComplete"}]},
            {"name": f"bye{i}", "type": "say-play", "properties": {"say": "Goodbye."},
             "transitions": [{"event": "audioComplete"}]},
        ]  # fmt: skip
    flow = {"description": "bench", "states": states, "initial_state": "Trigger",
            "flags": {"allow_concurrent_calls": True}}  # fmt: skip
    return json.dumps(flow, indent=2)


def connect_text(units: int = 2500) -> str:
    """An Amazon Connect flow of 2,500 GetParticipantInput menus (1: the next menu, 2: a
    message back to it, 0: a queue, 9: a goodbye): 10,000 actions that are nodes, and the
    UpdateContactTargetQueue before each transfer."""
    actions: list[dict] = []
    for i in range(units):
        kid = 2 * i + 1
        conds = [(k, t) for k, t in (("1", f"m{kid}"), ("2", f"info{i}"), ("0", f"set{i}"),
                                     ("9", f"bye{i}")) if k != "1" or kid < units]  # fmt: skip
        actions += [
            {"Identifier": f"m{i}", "Type": "GetParticipantInput",
             "Parameters": {"Text": f"Menu {i}: press 1, 2, 0 or 9", "StoreInput": "False",
                            "InputTimeLimitSeconds": "5"},
             "Transitions": {"NextAction": f"m{i}", "Conditions": [
                 {"NextAction": t, "Condition": {"Operator": "Equals", "Operands": [k]}}
                 for k, t in conds],
                 "Errors": [{"NextAction": f"m{i}", "ErrorType": "InputTimeLimitExceeded"},
                            {"NextAction": f"m{i}", "ErrorType": "NoMatchingCondition"}]}},
            {"Identifier": f"info{i}", "Type": "MessageParticipant",
             "Parameters": {"Text": f"About {i}."}, "Transitions": {"NextAction": f"m{i}"}},
            {"Identifier": f"set{i}", "Type": "UpdateContactTargetQueue",
             "Parameters": {"QueueId": f"team{i % 50}"}, "Transitions": {"NextAction": f"q{i}"}},
            {"Identifier": f"q{i}", "Type": "TransferContactToQueue", "Parameters": {},
             "Transitions": {}},
            {"Identifier": f"bye{i}", "Type": "DisconnectParticipant", "Parameters": {},
             "Transitions": {}},
        ]  # fmt: skip
    return json.dumps({"Version": "2019-10-30", "StartAction": "m0", "Actions": actions}, indent=2)


def voicexml_text(units: int = 2500) -> str:
    """A VoiceXML document of 2,500 menus (1: the next menu, 2: a form that prompts and comes
    back, 0: a transfer, 9: a goodbye): 10,000 dialogs."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">']  # fmt: skip
    for i in range(units):
        kid = 2 * i + 1
        out.append(f'<menu id="m{i}"><prompt>Menu {i}: press 1, 2, 0 or 9</prompt>')
        if kid < units:
            out.append(f'<choice dtmf="1" next="#m{kid}"/>')
        out += [f'<choice dtmf="2" next="#info{i}"/><choice dtmf="0" next="#q{i}"/>',
                f'<choice dtmf="9" next="#bye{i}"/><noinput><reprompt/></noinput></menu>',
                f'<form id="info{i}"><block><prompt>About {i}.</prompt>'
                f'<goto next="#m{i}"/></block></form>',
                f'<form id="q{i}"><transfer name="t" dest="tel:+1500555{i:04d}"/></form>',
                f'<form id="bye{i}"><block><prompt>Goodbye.</prompt><disconnect/>'
                "</block></form>"]  # fmt: skip
    return "\n".join([*out, "</vxml>"])


CASES: list[tuple[str, str, Callable[[], str], Callable[[str], int]]] = [
    ("asterisk", "extensions.conf", asterisk_text, asterisk_baseline),
    ("freeswitch", "ivr.conf.xml", freeswitch_text, freeswitch_baseline),
    ("voicexml", "menus.vxml", voicexml_text, freeswitch_baseline),
    ("twilio-studio", "flow.studio.json", studio_text, lambda text: len(json.loads(text))),
    ("amazon-connect", "flow.connect.json", connect_text, lambda text: len(json.loads(text))),
]


def _asterisk_parse(path: Path) -> object:
    from ivr.io.asterisk.parse import parse  # noqa: PLC0415
    from ivr.io.platform import Import, read_text  # noqa: PLC0415

    imp = Import(str(path))
    return parse(read_text(path, str(path), imp) or "", str(path), imp)


def _xml_parse(path: Path) -> object:
    from ivr.io.platform import Import, parse_xml, read_bytes  # noqa: PLC0415

    imp = Import(str(path))
    return parse_xml(read_bytes(path, str(path), imp) or b"", str(path), imp)


def _json_parse(key: str) -> Callable[[Path], object]:
    def parse(path: Path) -> object:
        from ivr.io.sourcetext import Positions, parse_json, read_text  # noqa: PLC0415

        text = read_text(path, str(path), "a flow")
        return parse_json(text, str(path)), Positions(text, str(path), key)

    return parse


BASELINES = {
    "asterisk": "line split into fields",
    "freeswitch": "`ElementTree.fromstring`",
    "voicexml": "`ElementTree.fromstring`",
    "twilio-studio": "`json.loads`",
    "amazon-connect": "`json.loads`",
}
"""What each case's baseline does (the table's baseline column)."""

PARSERS: dict[str, Callable[[Path], object]] = {
    "asterisk": _asterisk_parse,
    "freeswitch": _xml_parse,
    "voicexml": _xml_parse,
    "twilio-studio": _json_parse("name"),
    "amazon-connect": _json_parse("Identifier"),
}
"""What each reader parses a file into before it builds anything (``--phases``)."""


def _validation(hotline: ivr.Hotline) -> None:
    from ivr.model.validation import hotline_problems, menu_problems  # noqa: PLC0415

    for m in hotline.menus:
        menu_problems(m)
    hotline_problems(hotline)


def phases(name: str, path: Path, nodes: int, reps: int) -> str:
    """µs a node of the whole load: the located parse + the validation + the rest (building)."""
    from ivr._gcpause import gc_paused  # noqa: PLC0415

    def best(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(reps):
            with gc_paused():
                times.append(_cpu(fn))
        return min(times)

    whole = best(lambda: ivr.load(path))
    parse = best(lambda: PARSERS[name](path))
    hotline = ivr.load(path)
    check = best(lambda: _validation(hotline))
    per = 1e6 / nodes
    return (
        f"{whole * per:.0f} = {parse * per:.0f} + {check * per:.0f} + "
        f"{(whole - parse - check) * per:.0f}"
    )


def _cpu(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--phases", action="store_true", help="where the time goes, per node")
    args = parser.parse_args()
    reps = 3 if args.quick else 7
    extra = " µs a node = parse + checks + building |" if args.phases else ""
    print("| platform | nodes | file | ivr.load | baseline | ratio | goal |" + extra)
    print("| --- | --- | --- | --- | --- | --- | --- |" + " --- |" * bool(extra))
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for name, file_name, make, baseline in CASES:
            path = Path(folder) / file_name
            text = make()
            path.write_text(text, encoding="utf-8")
            hotline = ivr.load(path)  # warm up; and the node count
            nodes = sum(len(m.nodes) for m in hotline.menus)
            ours, theirs = [], []
            for _ in range(reps):
                theirs.append(_cpu(lambda b=baseline, p=path: b(p.read_text(encoding="utf-8"))))
                ours.append(_cpu(lambda p=path: ivr.load(p)))
            ratio = statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
            met = ratio <= GOAL
            ok = ok and met
            split = f" {phases(name, path, nodes, reps)} |" if args.phases else ""
            print(
                f"| {name} | {nodes:,} | {len(text) / 1e6:.1f} MB | "
                f"{statistics.median(ours):.2f} s | {statistics.median(theirs) * 1e3:.0f} ms "
                f"({BASELINES[name]}) | "
                f"**{ratio:.1f}x** | <= {GOAL:g}x: {'met' if met else 'missed'} |" + split
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

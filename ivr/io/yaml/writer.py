"""The model back to a menu file: ``dump(menu)`` writes format-1 YAML that loads back equal.

``ivr.load_menu_text(dump(menu), menu.file) == menu`` for every menu the loader accepts (equality
ignores source locations). Fields at their defaults (in :mod:`ivr.io.spec`) are left out
(``barge_in: true``, ``duration: 0``, an entry ``region`` that is the file's, an entry ``id``
that is just the digits of its number, ...), so a dumped file reads like one a person wrote.
Dial strings, keys, option keys, hours and any text a YAML reader could take for a number, a
date, a boolean or null are quoted: ``"0605"`` stays a string in YAML 1.1 (where it would be
octal 389) and in YAML 1.2, and ``"#"`` is not a comment.

>>> from ivr.io.yaml.reader import load_menu_text
>>> menu = load_menu_text('''
... ivr: 1
... id: demo
... sources: {A: {title: "text A"}}
... caller: {network: [mts, other]}
... entries: [{dial: "0605", when: {network: mts}, start: main, source: A}]
... nodes:
...   main:
...     type: menu
...     say: "Operator - 0, repeat - #"
...     duration: 8
...     barge_in: false
...     options: {"0": human, "#": main}
...     timeout: {after: 5, to: human}
...   human: {type: agent, wait: {mean: 600}}
... documented:
...   - {dial: "0605", keys: "0", caller: {network: mts}, source: A}
... ''')
>>> text = dump(menu)
>>> print(text, end="")
# yaml-language-server: $schema=../../ivr/menu.schema.json
ivr: 1
id: demo
sources:
  A: {title: text A}
caller:
  network: [mts, other]
entries:
- dial: "0605"
  when: {network: mts}
  start: main
  source: A
nodes:
  main:
    type: menu
    say: 'Operator - 0, repeat - #'
    duration: 8
    barge_in: false
    options: {"0": human, "#": main}
    timeout: {after: 5, to: human}
  human:
    type: agent
    wait: {mean: 600}
documented:
- {dial: "0605", keys: "0", caller: {network: mts}, source: A}
>>> load_menu_text(text) == menu
True
"""

from __future__ import annotations

import os
from typing import Any, TypeVar

import yaml

from ivr.errors import InputError
from ivr.io import spec
from ivr.io.atomic import write_atomic
from ivr.io.spec import FORMAT_VERSION, SECTIONS
from ivr.io.yaml.style import FLOW_WIDTH as FLOW_WIDTH  # re-exported: their first home
from ivr.io.yaml.style import Dumper, number, one_or_list, text_scalar
from ivr.io.yaml.style import Flow as Flow
from ivr.io.yaml.style import FlowList as FlowList
from ivr.io.yaml.style import Quoted as Quoted
from ivr.model.numbers import digits_of
from ivr.model.types import (
    FREE,
    NODE_TYPES,
    Channel,
    Claim,
    Condition,
    Cost,
    DayWait,
    Entry,
    Facts,
    Menu,
    Node,
    Source,
    Staffing,
    Wait,
)

SCHEMA = "../../ivr/menu.schema.json"
"""Where the ``yaml-language-server`` comment points: the schema seen from ``menus/<hotline>/``."""


def _condition(cond: Condition) -> Flow:
    out = Flow()
    for name, values in cond.attrs:
        out[text_scalar(name)] = one_or_list(values)
    if cond.hours:
        out["hour"] = one_or_list(cond.hours, quote=True)
    if cond.days:
        out["days"] = one_or_list(cond.days, quote=True)
    if cond.dates:
        out["dates"] = one_or_list(cond.dates, quote=True)
    return out


def _cost(cost: Cost) -> str | Flow:
    if cost == FREE:
        return "free"
    out = Flow()
    if cost.free != (cost.per_minute == 0):  # the loader infers free from a zero rate
        out["free"] = cost.free
    if cost.per_minute is not None:
        out["per_minute"] = number(cost.per_minute)
    if cost.currency is not None:
        out["currency"] = text_scalar(cost.currency)
    if cost.note:
        out["note"] = text_scalar(cost.note)
    return out


def _facts(facts: Facts, out: dict[str, Any]) -> None:
    if facts.source:
        out["source"] = one_or_list(facts.source)
    if facts.inferred:
        out["inferred"] = FlowList(text_scalar(f) for f in facts.inferred)
    if facts.note:
        out["note"] = text_scalar(facts.note)


def _source(source: Source) -> Flow:
    out = Flow()
    for name in ("title", "date", "note", "url"):
        value = getattr(source, name)
        if value:
            out[name] = text_scalar(value)
    return out


def _default(section: str, name: str) -> object:
    """What the format takes when the field is absent (so the writer leaves it out)."""
    return SECTIONS[section].field(name).default


_Fields = TypeVar("_Fields", bound=dict)


def _in_order(out: _Fields, names: tuple[str, ...]) -> _Fields:
    """``out`` (a dict or a :class:`Flow`) with its fields in the spec's order."""
    ordered = type(out)((name, out[name]) for name in names if name in out)
    assert len(ordered) == len(out), set(out) - set(names)
    return ordered


def _entry(entry: Entry, region: str) -> dict[str, Any]:
    out: dict[str, Any] = {"dial": Quoted(entry.dial)}
    if entry.id != digits_of(entry.dial):
        out["id"] = text_scalar(entry.id)
    if entry.title:
        out["title"] = text_scalar(entry.title)
    if entry.when:
        out["when"] = _condition(entry.when)
    if entry.cost != FREE:
        out["cost"] = _cost(entry.cost)
    out["start"] = text_scalar(entry.start)
    if entry.region != region:
        out["region"] = Quoted(entry.region) if not entry.region else text_scalar(entry.region)
    if entry.disputed:
        out["disputed"] = text_scalar(entry.disputed)
    if entry.connect is not None:
        out["connect"] = Flow(
            delay=number(entry.connect.delay), failure=number(entry.connect.failure)
        )
    if entry.load != 1.0:
        out["load"] = number(entry.load)
    if entry.needs_plus:
        out["needs_plus"] = True
    _facts(entry.facts, out)
    return _in_order(out, SECTIONS["entry"].names())


def _wait(wait: Wait) -> Flow | dict[str, Any]:
    out: dict[str, Any] = Flow(mean=number(wait.mean))
    if wait.min is not None:
        out["min"] = number(wait.min)
    if wait.max is not None:
        out["max"] = number(wait.max)
    if wait.by_hour:
        out = dict(out)
        out["by_hour"] = [Flow(hours=Quoted(h.hours), mean=number(h.mean)) for h in wait.by_hour]
    if wait.by_day:
        out = dict(out)
        out["by_day"] = [_by_day(d) for d in wait.by_day]
    return out


def _by_day(item: DayWait) -> Flow:
    out = Flow()
    if item.days:
        out["days"] = one_or_list(item.days, quote=True)
    if item.dates:
        out["dates"] = one_or_list(item.dates, quote=True)
    out["factor"] = number(item.factor)
    return out


def _staffing(staff: Staffing) -> Flow | dict[str, Any]:
    out: dict[str, Any] = Flow(calls=number(staff.calls), handle=number(staff.handle),
                               agents=staff.agents)  # fmt: skip
    if staff.by_hour:
        out = dict(out)
        items = []
        for h in staff.by_hour:
            item = Flow(hours=Quoted(h.hours))
            for name in ("calls", "handle", "agents"):
                value = getattr(h, name)
                if value is not None:
                    item[name] = number(value)
            items.append(item)
        out["by_hour"] = items
    return out


def _channel(channel: Channel) -> dict[str, Any]:
    out: dict[str, Any] = {"id": text_scalar(channel.id), "kind": channel.kind}
    for name in ("title", "address"):
        if getattr(channel, name):
            out[name] = text_scalar(getattr(channel, name))
    if channel.when:
        out["when"] = _condition(channel.when)
    if channel.reply is not None:
        out["reply"] = _wait(channel.reply)
    for name in ("needs", "disputed"):
        if getattr(channel, name):
            out[name] = text_scalar(getattr(channel, name))
    _facts(channel.facts, out)
    return _in_order(out, SECTIONS["channel"].names())


def _node(node: Node) -> dict[str, Any]:
    fields: dict[str, Any] = {"type": node.type}
    if node.say:
        fields["say"] = text_scalar(node.say)
    if node.duration != _default("node", "duration"):
        fields["duration"] = number(node.duration)
    if node.barge_in != _default("node", "barge_in"):
        fields["barge_in"] = node.barge_in
    if node.next is not None:
        fields["next"] = text_scalar(node.next)
    if node.options or node.type == "menu":
        fields["options"] = Flow((Quoted(k), text_scalar(v)) for k, v in node.options)
    if node.timeout is not None:
        fields["timeout"] = Flow(after=number(node.timeout.after), to=text_scalar(node.timeout.to))
    if node.invalid is not None:
        fields["invalid"] = text_scalar(node.invalid)
    if node.retries is not None:
        fields["retries"] = Flow(max=node.retries.max, then=text_scalar(node.retries.then))
    if node.cases or node.type == "branch":
        fields["cases"] = [Flow(when=_condition(c.when), to=text_scalar(c.to)) for c in node.cases]
    if node.otherwise is not None:
        fields["else"] = text_scalar(node.otherwise)
    if node.queue:
        fields["queue"] = text_scalar(node.queue)
    if node.wait is not None:
        fields["wait"] = _wait(node.wait)
    if node.staffing is not None:
        fields["staffing"] = _staffing(node.staffing)
    if node.cost is not None:
        fields["cost"] = _cost(node.cost)
    if node.to is not None:
        fields["to"] = Flow(file=text_scalar(node.to.file), entry=text_scalar(node.to.entry))
    if node.suppress:
        fields["suppress"] = FlowList(text_scalar(s) for s in node.suppress)
    _facts(node.facts, fields)
    known = node.type in NODE_TYPES
    allowed = spec.node_fields(node.type) if known else ()
    wrong = [name for name in fields if name not in allowed]
    missing = [name for name in spec.required(node.type) if name not in fields] if known else []
    if not known or wrong or missing:
        problem = (
            f"unknown type '{node.type}'"
            if not known
            else f"field(s) {', '.join(wrong)} do not apply to a {node.type} node"
            if wrong
            else f"a {node.type} node needs {', '.join(missing)}"
        )
        raise InputError(
            f"node '{node.id}' cannot be written as format {FORMAT_VERSION}: {problem}"
        )
    return _in_order(fields, allowed)


def _claim(claim: Claim) -> Flow:
    out = Flow(dial=Quoted(claim.dial))
    if claim.keys:
        out["keys"] = Quoted(" ".join(claim.keys))
    if claim.caller:
        out["caller"] = Flow((text_scalar(k), text_scalar(v)) for k, v in claim.caller)
    if claim.at != _default("claim", "at"):
        out["at"] = Quoted(claim.at)
    if claim.expect != _default("claim", "expect"):
        out["expect"] = text_scalar(claim.expect)
    if claim.node is not None:
        out["node"] = text_scalar(claim.node)
    if claim.source:
        out["source"] = one_or_list(claim.source)
    if claim.disputed:
        out["disputed"] = text_scalar(claim.disputed)
    if claim.note:
        out["note"] = text_scalar(claim.note)
    return _in_order(out, SECTIONS["claim"].names())


def to_data(menu: Menu) -> dict[str, Any]:
    """The menu as plain data in format-1 layout (dicts, lists, str, numbers, bools).

    Defaults are left out. The dicts, lists and strings are subclasses that only tell the YAML
    writer how to lay them out; they compare, serialise (``json.dumps``) and behave as plain ones.
    ValueError for a model no menu file could hold (a field on a node type it does not apply to).

    >>> from ivr.model.types import Entry, Menu, Node
    >>> menu = Menu("m", entries=(Entry("0890", "0890", "bye"),), nodes=(Node("bye", "hangup"),))
    >>> data = to_data(menu)
    >>> data["entries"], data["nodes"]
    ([{'dial': '0890', 'start': 'bye'}], {'bye': {'type': 'hangup'}})
    """
    data: dict[str, Any] = {"ivr": FORMAT_VERSION, "id": text_scalar(menu.id)}
    if menu.title:
        data["title"] = text_scalar(menu.title)
    if menu.note:
        data["note"] = text_scalar(menu.note)
    if menu.key_time != _default("top", "key_time"):
        data["key_time"] = number(menu.key_time)
    region = file_region(menu)
    if region != _default("top", "region"):
        data["region"] = Quoted(region) if not region else text_scalar(region)
    if menu.sources:
        data["sources"] = {text_scalar(s.id): _source(s) for s in menu.sources}
    if menu.caller:
        words = {(a, v): w for a, v, w in menu.caller_words}
        data["caller"] = {
            text_scalar(name): Flow(
                (text_scalar(v), text_scalar(words.get((name, v), ""))) for v in values
            )
            if any((name, v) in words for v in values)
            else FlowList(text_scalar(v) for v in values)
            for name, values in menu.caller
        }
        if menu.caller_exclude:
            data["caller"]["exclude"] = [_condition(c) for c in menu.caller_exclude]
    if menu.entries:
        data["entries"] = [_entry(e, region) for e in menu.entries]
    data["nodes"] = {text_scalar(n.id): _node(n) for n in menu.nodes}
    if menu.documented:
        data["documented"] = [_claim(c) for c in menu.documented]
    if menu.channels:
        data["channels"] = [_channel(c) for c in menu.channels]
    return _in_order(data, SECTIONS["top"].names())


def file_region(menu: Menu) -> str:
    """The ``region`` a file of ``menu`` declares: its entries' most common one (the first of
    those tied); the format's default when it has no entries.

    >>> from ivr.model.types import Entry, Menu
    >>> file_region(Menu("m", entries=(Entry("a", "0890", "x", region="KZ"),)))
    'KZ'
    """
    if not menu.entries:
        return str(_default("top", "region"))
    counts: dict[str, int] = {}
    for e in menu.entries:
        counts[e.region] = counts.get(e.region, 0) + 1
    return max(counts, key=lambda r: counts[r])


def dump(menu: Menu, schema: str | None = SCHEMA) -> str:
    """The menu as format-1 YAML text that ``ivr.load_menu_text`` loads back equal.

    The first line is a ``yaml-language-server`` comment pointing at ``schema`` (editors then
    complete and check the file); ``schema=None`` leaves it out.
    """
    body = yaml.dump(
        to_data(menu),
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    head = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return head + body


def dump_file(menu: Menu, path: str | os.PathLike[str], schema: str | None = SCHEMA) -> None:
    """Write the menu to ``path`` atomically (see :func:`ivr.atomic.write_atomic`)."""
    write_atomic(path, dump(menu, schema))

"""How the writer's YAML reads like a person's: strings quoted where a reader could take them
for something else (:class:`Quoted`, :func:`text_scalar`), short mappings and lists on one line
(:class:`Flow`, :class:`FlowList`, up to :data:`FLOW_WIDTH` characters), whole numbers without
``.0``. :class:`Dumper` writes them.

>>> import yaml
>>> yaml.dump({"dial": text_scalar("0605"), "to": Flow(after=5, to="main")}, Dumper=Dumper,
...           sort_keys=False)
'dial: "0605"\\nto: {after: 5, to: main}\\n'
"""

from __future__ import annotations

import re

import yaml


class Quoted(str):
    """A string always written double-quoted (dial strings, keys, hours)."""

    __slots__ = ()


class Flow(dict):
    """A mapping written on one line, ``{after: 5, to: main}``, when it is short enough."""

    __slots__ = ()


class FlowList(list):
    """A list written on one line, ``[mts, other]``, when it is short enough."""

    __slots__ = ()


class Dumper(yaml.CSafeDumper):
    """``yaml.CSafeDumper`` that knows :class:`Quoted`, :class:`Flow` and :class:`FlowList`."""


def _represent_quoted(dumper: Dumper, data: Quoted) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


FLOW_WIDTH = 80
"""Longest a :class:`Flow` mapping or :class:`FlowList` may get on one line; longer ones are
written in block style (one field a line) instead of wrapping inside the braces."""


def _width(data: object) -> int:
    """About how many characters ``data`` takes written in flow style."""
    if isinstance(data, dict):
        return 2 + sum(_width(k) + _width(v) + 4 for k, v in data.items())
    if isinstance(data, list):
        return 2 + sum(_width(v) + 2 for v in data)
    return len(str(data)) + (2 if isinstance(data, Quoted) else 0)


def _represent_flow(dumper: Dumper, data: Flow) -> yaml.Node:
    flow = _width(data) <= FLOW_WIDTH
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_flow_list(dumper: Dumper, data: FlowList) -> yaml.Node:
    flow = _width(data) <= FLOW_WIDTH
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


Dumper.add_representer(Quoted, _represent_quoted)
Dumper.add_representer(Flow, _represent_flow)
Dumper.add_representer(FlowList, _represent_flow_list)

# Plain scalars some YAML reader (1.1 or 1.2) would take for something else than text.
_AMBIGUOUS = re.compile(
    r"""[-+]?(?:[0-9][0-9a-zA-Z_.:+-]*|\.[0-9][0-9a-zA-Z_.:+-]*|\.inf|\.nan)
      |y|n|yes|no|on|off|true|false|null|~|=|<<|""",
    re.IGNORECASE | re.VERBOSE,
)


def text_scalar(value: str) -> str:
    """Text, quoted when a YAML reader might read it as a number, date, boolean or null."""
    return Quoted(value) if _AMBIGUOUS.fullmatch(value) else value


def number(value: float) -> int | float:
    """Whole numbers as ints (``20``, not ``20.0``); the loader reads both as the same float."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def one_or_list(values: tuple[str, ...], quote: bool = False) -> str | FlowList:
    wrap = Quoted if quote else text_scalar
    if len(values) == 1:
        return wrap(values[0])
    return FlowList(wrap(v) for v in values)

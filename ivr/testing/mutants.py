"""Mutants of menu files at the text, data and meaning level, as an attacker or a careless
generator would make them (Hypothesis strategies; :mod:`ivr.testing.fuzz` runs them):

- ``text``: characters and lines: a line deleted, doubled or cut, brackets, control characters,
  every line break YAML accepts, huge numbers, long runs;
- ``data``: the YAML tree: a value replaced by another type, a huge or negative number, a long
  text, a key dropped or misspelt, a subtree copied, an anchor aliased many times;
- ``meaning``: the menu: an option sent elsewhere or to itself, ``retries: {max: 100}``, a
  prompt that loops to itself, odd node ids (``]``, a newline, a terminal escape), long says.

>>> from hypothesis import find
>>> find(mutants(MINI, ("text",)), lambda m: "\\x1b" in m.text).level
'text'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st

from ivr.errors import InputError

MINI = """\
ivr: 1
id: mini
entries: [{dial: "0890", start: main}]
nodes:
  main:
    type: menu
    say: "Balance - 1. Operator - 0."
    options: {"1": balance, "0": human}
    timeout: {after: 5, to: main}
    retries: {max: 3, then: bye}
  balance: {type: prompt, say: "Your balance is fine.", next: main}
  human: {type: agent}
  bye: {type: hangup}
"""

LEVELS = ("text", "data", "meaning")

HOSTILE = ["\x1b[2J", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\t", "]", "[",
           "{", "}", "&a", "*a", "!!python/object:os.system", "%", "@", "`", "|", ">", "#",
           "? ", "- ", ": ", "'", '"', "\\", "\ufeff", "\u202e"]  # fmt: skip
ODD_IDS = ["]", "a\nb", "\x1b[31mred", "x" * 300, "a b", "-", "0", "ü", "a:b", "#", "."]
BIG_NUMBERS = [0, -1, 10**9, 10**30, 1e308, float("nan"), 3600, 100, 0.0001]


@dataclass(frozen=True)
class Mutant:
    """A mutated menu text and how it was made (``level``: text, data or meaning)."""

    text: str
    level: str
    how: str


# -- text level ------------------------------------------------------------------------------
@st.composite
def text_mutants(draw: st.DrawFn, seed: str) -> Mutant:
    """The seed's text with a few character or line edits.

    Raises: nothing.
    """
    lines = seed.splitlines(keepends=True)
    hows = []
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["delete", "double", "cut", "insert", "breaks", "repeat"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if what == "delete" and len(lines) > 1:
            del lines[i]
        elif what == "double" and lines:
            lines.insert(i, lines[i])
        elif what == "cut" and lines:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif what == "insert" and lines:
            at = draw(st.integers(0, len(lines[i])))
            bit = draw(st.sampled_from(HOSTILE))
            lines[i] = lines[i][:at] + bit + lines[i][at:]
        elif what == "breaks":
            brk = draw(st.sampled_from(["\r", "\r\n", "\x85", "\u2028", "\u2029"]))
            lines = [line.replace("\n", brk) for line in lines]
        elif what == "repeat" and lines:
            at = draw(st.integers(0, len(lines[i])))
            run = draw(st.sampled_from(["[", "{", "- ", "9", "x", "#["])) * draw(
                st.sampled_from([70, 500, 5000])
            )
            lines[i] = lines[i][:at] + run + lines[i][at:]
        hows.append(f"{what}@{i}")
    return Mutant("".join(lines), "text", " ".join(hows))


# -- data level ------------------------------------------------------------------------------
def _paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


def _load(seed: str) -> Any:
    try:
        return yaml.load(seed, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise InputError(f"the seed is not YAML: {str(exc).splitlines()[0]}") from None


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


@st.composite
def data_mutants(draw: st.DrawFn, seed: str) -> Mutant:
    """The seed's YAML tree with a value, a key or a subtree changed, dumped again.

    Raises (when drawn): :class:`~ivr.errors.InputError` for a seed that is not YAML.
    """
    data = _load(seed)
    hows = []
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths[1:] or paths))
        what = draw(st.sampled_from(["value", "number", "long", "drop", "misspell", "copy"]))
        if what == "value":
            new = draw(st.sampled_from([None, True, "", [], {}, "x", ["a", 1], {"k": "v"}]))
            data = _set(data, path, new)
        elif what == "number":
            data = _set(data, path, draw(st.sampled_from(BIG_NUMBERS)))
        elif what == "long":
            data = _set(data, path, draw(st.sampled_from(["a", "ü", "[", "p "])) * 20_000)
        elif what == "drop" and path:
            parent = _get(data, path[:-1])
            if isinstance(parent, dict) or (isinstance(parent, list) and parent):
                del parent[path[-1]]
        elif what == "misspell" and path and isinstance(_get(data, path[:-1]), dict):
            parent = _get(data, path[:-1])
            parent[str(path[-1])[::-1] + "x"] = parent.pop(path[-1])
        elif what == "copy":
            data = _set(data, path, [_get(data, path)] * 3)
        hows.append(f"{what}:{'/'.join(map(str, path))}")
    return Mutant(_dump(data), "data", " ".join(hows))


# -- meaning level ---------------------------------------------------------------------------
@st.composite
def meaning_mutants(draw: st.DrawFn, seed: str) -> Mutant:
    """The seed's menu with its structure changed: targets, loops, retries, ids, texts (the
    data level's mutants for a seed with no nodes).

    Raises (when drawn): :class:`~ivr.errors.InputError` for a seed that is not YAML.
    """
    data = _load(seed)
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, dict) or not nodes:
        return draw(data_mutants(seed))
    hows: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        ids = list(nodes)
        nid = draw(st.sampled_from(ids))
        node = nodes[nid] if isinstance(nodes[nid], dict) else {}
        what = draw(st.sampled_from(["retarget", "self-loop", "retries", "rename", "say",
                                     "loop-prompt", "alias-bomb", "silent"]))  # fmt: skip
        if what == "retarget" and isinstance(node.get("options"), dict) and node["options"]:
            key = draw(st.sampled_from(list(node["options"])))
            node["options"][key] = draw(st.sampled_from([*ids, "nowhere", "other.yaml#x"]))
        elif what == "self-loop":
            node["next"] = nid
            node.setdefault("type", "prompt")
        elif what == "retries":
            node["retries"] = {"max": draw(st.sampled_from([0, 100, 10**6])), "then": nid}
        elif what == "rename":
            new = draw(st.sampled_from(ODD_IDS))
            nodes[new] = nodes.pop(nid)
            text = _dump(data).replace(f": {nid}\n", f": {new!r}\n")
            data = _load(text) if text else data
            nodes = data["nodes"]
        elif what == "say":
            node["say"] = draw(st.sampled_from(["Оператор ", "x", "\x1b[2J", "]"])) * 5_000
        elif what == "loop-prompt":
            nodes[nid] = {"type": "prompt", "say": "p" * 1000, "next": nid}
        elif what == "alias-bomb":
            text = _dump(data).replace("nodes:\n", f"x: &big '{'z' * 50_000}'\nnodes:\n", 1)
            text += "".join(f"  n{i}: {{type: prompt, say: *big, next: {nid}}}\n"
                            for i in range(draw(st.sampled_from([10, 300]))))  # fmt: skip
            return Mutant(text, "meaning", " ".join([*hows, what]))
        elif what == "silent":
            node["barge_in"] = False
            node["duration"] = draw(st.sampled_from([0, 1, 3600]))
        hows.append(f"{what}:{nid!r}")
    return Mutant(_dump(data), "meaning", " ".join(hows))


def mutants(seed: str, levels: tuple[str, ...] = LEVELS) -> st.SearchStrategy[Mutant]:
    """Mutants of ``seed`` at the given levels.

    Raises (when drawn): :class:`~ivr.errors.InputError` for a seed that is not YAML.
    """
    makers = {"text": text_mutants, "data": data_mutants, "meaning": meaning_mutants}
    return st.one_of(*(makers[level](seed) for level in levels))

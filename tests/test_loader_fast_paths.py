"""The loader's fast paths (plain text keys and scalars, plain mappings met once) change speed,
never results: with them switched off, every file loads to the same model, locations included,
or fails with the same messages in the same order.

Switching off is done by making the class checks of ``ivr.io.yaml.access`` (``_Scalar``,
``_Mapping``) never match.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from ivr.diagnostics import LoadError
from ivr.io.yaml import access
from ivr.io.yaml import reader as loader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate_menu_text  # noqa: E402


class _Never:
    """A class no YAML node is: every ``node.__class__ is ...`` fast-path test fails."""


def _outcome(text: str) -> object:
    try:
        menu = loader.load_menu_text(text, "m.yaml")
    except LoadError as exc:
        return [str(e) for e in exc.errors]
    return dataclasses.astuple(menu)  # every field, locations included


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _outcome(text)
    with monkeypatch.context() as m:
        m.setattr(access, "_Scalar", _Never)
        m.setattr(access, "_Mapping", _Never)
        slow = _outcome(text)
    return fast, slow


MUTATIONS = (
    lambda v, rng: "[" + v + "]",  # a list where a scalar was
    lambda v, rng: "{x: " + v + "}",  # a mapping
    lambda v, rng: "",  # nothing (null)
    lambda v, rng: "!!python/name:os.system " + v,  # a tag that is not plain data
    lambda v, rng: "-" + v,  # negative
    lambda v, rng: v + "_0",  # underscores in a number, a dangling reference
    lambda v, rng: "1e9",  # out of range
    lambda v, rng: "0x1F",  # an int that is not decimal
    lambda v, rng: "2.5",  # a float
    lambda v, rng: "yes",  # a boolean
    lambda v, rng: "'" + v + "'",  # quoted: text, not a number
    lambda v, rng: "~",  # null
    lambda v, rng: "&a " + v,  # an anchor (harmless)
)


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(10, len(lines))
        line = lines[i]
        choice = rng.random()
        if choice < 0.15:
            lines.insert(i, line)  # a duplicate key (or entry)
        elif choice < 0.25:
            del lines[i]  # a missing field
        elif choice < 0.35 and ":" in line:
            head, _, tail = line.partition(":")
            lines[i] = head[:-1] + head[-1:].upper() + "x:" + tail  # an unknown field
        elif ": " in line:
            head, _, tail = line.rpartition(": ")
            tail = tail.rstrip("}] ")
            mutation = rng.choice(MUTATIONS)
            lines[i] = head + ": " + mutation(tail, rng) + line[len(head) + 2 + len(tail) :]
    return "\n".join(lines) + "\n"


def test_valid_generated_menus_load_the_same(monkeypatch):
    for n, seed in ((40, 0), (200, 1), (600, 2)):
        fast, slow = _both(generate_menu_text(n, seed), monkeypatch)
        assert isinstance(fast, tuple)
        assert fast == slow


@pytest.mark.parametrize("seed", range(40))
def test_broken_menus_fail_the_same(seed, monkeypatch):
    rng = random.Random(seed)
    base = generate_menu_text(60, seed)
    for _ in range(10):
        text = _mutate(base, rng)
        fast, slow = _both(text, monkeypatch)
        assert fast == slow, text


def test_aliases_and_merge_keys_are_still_caught(monkeypatch):
    text = (
        "ivr: 1\n"
        "nodes:\n"
        "  a: &n {type: hangup}\n"
        "  b: *n\n"
        "  c: {<<: *n, say: hi}\n"
        "  d: {type: prompt, next: a, next: b}\n"
        "  ? [x]\n"
        "  : {type: hangup}\n"
    )
    fast, slow = _both(text, monkeypatch)
    assert fast == slow
    assert any("merge keys" in e for e in fast)
    assert any("duplicate key 'next'" in e for e in fast)


def _tags(node: Any) -> list[tuple[str, object]]:
    """(tag, value or kind) of every node of a composed tree, in document order."""
    import yaml  # noqa: PLC0415

    if isinstance(node, yaml.ScalarNode):
        return [(node.tag, node.value)]
    items = (
        node.value if isinstance(node, yaml.SequenceNode) else [x for kv in node.value for x in kv]
    )  # type: ignore[attr-defined]
    return [(node.tag, type(node).__name__)] + [t for item in items for t in _tags(item)]  # type: ignore[attr-defined]


def test_the_composer_resolves_every_tag_as_pyyaml_does() -> None:
    """ivr's composer (its resolver's table laid out once, plain texts met again looked up,
    the path-resolver hooks left out) gives each node the tag PyYAML's own safe loader gives."""
    import yaml  # noqa: PLC0415

    from ivr.io.yaml.safe import compose_text  # noqa: PLC0415

    plain = ["1", "1", "-2", "+3", "0x1F", "0o17", "1_000", "1.5", ".5", "1e3", ".inf", "-.Inf",
             ".nan", "yes", "Yes", "no", "NO", "on", "off", "y", "n", "true", "False", "~", "null",
             "Null", "", "2024-03-01", "2024-03-01 10:00:00", "=", "<<x", "note", "note", "0890",
             "8 800 250 08 90", "Привет", "-", "x: y"]  # fmt: skip
    lines = [f"- {v}" if v != "x: y" else "- {x: y}" for v in plain]
    lines += [f"- '{v}'" for v in plain] + [f'- "{v}"' for v in plain]
    lines += ["- !!str 1", "- !!int '7'", "- &a yes", "- *a", "- [1, yes, ~, '1']",
              "- {1: one, yes: true, ~: null}", "- |\n  1", "- >\n  yes"]  # fmt: skip
    text = "\n".join(lines) + "\n"
    ours = compose_text("t.yaml", text)
    theirs = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert _tags(ours) == _tags(theirs)
    kinds = ("int", "float", "bool", "null", "str", "timestamp")
    assert {t for t, _ in _tags(ours)} >= {"tag:yaml.org,2002:" + k for k in kinds}

"""Issue 15 items 4 and 5: the YAML screens hold for every line break and style, never trip on
comments or block scalars, and an alias costs what it repeats."""

from __future__ import annotations

import pytest

from ivr.errors import LoadError
from ivr.io.yaml import safe
from ivr.io.yaml.reader import load_menu_text

BASE = "ivr: 1\nentries: [{dial: '0890', start: human}]\nnodes:\n  human: {type: agent, say: hi}\n"


def _error(text: str) -> str:
    with pytest.raises(LoadError) as caught:
        load_menu_text(text, "m.yaml")
    return str(caught.value)


@pytest.mark.parametrize(
    "extra",
    [
        "# " + "[" * 70 + "\n",
        "# " + "{" * 5000 + "\n",
        "  bye:\n    type: hangup\n    say: |\n      " + "[" * 70 + "\n",
        "  bye:\n    type: hangup\n    say: >\n      " + "- " * 40 + "\n",
        "  bye: {type: hangup, say: '" + "[" * 100 + "'}\n",
    ],
    ids=["comment", "comment-braces", "literal-block", "folded-block", "quoted"],
)
def test_brackets_in_comments_and_texts_never_trip_the_depth_limit(extra: str) -> None:
    assert load_menu_text(BASE + extra).id


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"],
                         ids=["LF", "CR", "CRLF", "NEL", "LS", "PS"])  # fmt: skip
def test_the_value_limit_holds_for_every_line_break(brk: str, monkeypatch) -> None:
    monkeypatch.setattr(safe, "MAX_VALUES", 20_000)
    message = _error("ivr: 1" + brk + ("? k" + brk) * 20_000)
    assert "more than 20,000 YAML values" in message and message.startswith("m.yaml:")


@pytest.mark.parametrize("brk", ["\n", "\r", "\x85", "\u2028"], ids=["LF", "CR", "NEL", "LS"])
def test_the_depth_limit_holds_for_every_line_break(brk: str) -> None:
    text = brk.join(" " * (2 * i) + f"k{i}:" for i in range(200)) + brk
    assert "nested more than 64 levels deep" in _error(text)


def test_a_large_scalar_aliased_many_times_counts_as_written_out() -> None:
    prompt = "x" * 100_000
    nodes = "".join(f"  n{i}: {{type: agent, say: *p}}\n" for i in range(2000))
    text = f"ivr: 1\nentries: [{{dial: '0890', start: n0}}]\np: &p '{prompt}'\nnodes:\n{nodes}"
    message = _error(text)
    assert "aliases repeat text to over" in message and message.startswith("m.yaml:")


def test_aliases_of_aliases_count_what_they_expand_to(monkeypatch) -> None:
    monkeypatch.setattr(safe, "MAX_VALUES", 10_000)
    layers = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    layers += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 5)]
    message = _error("ivr: 1\n" + "\n".join(layers) + "\n")
    assert "an alias counts as what it repeats" in message


def test_a_few_aliases_of_small_values_still_load() -> None:
    text = BASE.replace("say: hi}", "say: &hi hello}") + "  a2: {type: agent, say: *hi}\n"
    assert load_menu_text(text.replace("nodes:", "nodes:")).id

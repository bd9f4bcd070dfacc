"""The examples of ``docs/testing.md`` run and pass: a user copying them gets working tests."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import ivr

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "testing.md").read_text("utf-8"), re.S)


def test_the_page_has_its_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_example_runs_and_its_tests_pass(block):
    space: dict = {"__name__": f"docs_testing_{block}"}
    exec(compile(BLOCKS[block], f"docs/testing.md[{block}]", "exec"), space)  # noqa: S102
    tests = {name: fn for name, fn in space.items() if name.startswith("test_")}
    assert tests
    mts = ivr.load(ROOT / "menus" / "mts")
    for fn in tests.values():
        wanted = inspect.signature(fn).parameters
        fn(**({"ivr_hotline": mts} if "ivr_hotline" in wanted else {}))


def test_the_silent_caller_example_catches_the_regression_it_describes():
    space: dict = {"__name__": "docs_testing_regression"}
    broken = BLOCKS[0].replace(
        "cases: [{when: {network: mts}, to: human}]", "cases: [{when: {network: mts}, to: bye}]"
    )
    assert broken != BLOCKS[0]
    exec(compile(broken, "docs/testing.md[0]", "exec"), space)  # noqa: S102
    space["test_every_walk_ends_in_a_human_or_a_goodbye"]()
    with pytest.raises(AssertionError, match="hangup"):
        space["test_silence_reaches_a_human_on_the_mts_network"]()

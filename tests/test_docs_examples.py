"""The ```python examples of README.md and docs/*.md run, and do what they say.

A block that defines ``test_*`` functions is a test file a user would copy: each of its tests
runs (with the ``ivr_hotline`` / ``ivr_menu`` of its ``@pytest.mark.ivr`` marker) and passes.
Any other block runs as a script from the repository root; a ``print(...)  # text`` line must
print ``text``. Examples written as ``>>>`` sessions run as doctests (pyproject.toml).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import re

import pytest
from conftest import ROOT

import ivr

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
BLOCKS = {
    f"{page.relative_to(ROOT)}[{i}]": code
    for page in PAGES
    for i, code in enumerate(FENCE.findall(page.read_text(encoding="utf-8")))
    if not code.lstrip().startswith(">>>")
}


@contextlib.contextmanager
def in_root():
    """The examples name paths from the repository root (``ivr.load("menus/mts")``)."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


PRINTED = re.compile(r"^\s*print\(.*\)\s+#\s*(?P<text>.+?)\s*$")


def run_block(name: str, code: str) -> tuple[dict, list[tuple[int, str]]]:
    """Run a block as a module named after it; return its namespace and (line, text) of each
    ``print``."""
    printed: list[tuple[int, str]] = []

    def recording_print(*args: object, sep: str = " ", **_: object) -> None:
        printed.append((inspect.currentframe().f_back.f_lineno, sep.join(map(str, args))))

    space: dict = {"__name__": re.sub(r"\W", "_", name), "print": recording_print}
    with in_root(), contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, name, "exec"), space)  # noqa: S102
    return space, printed


def fixtures_of(fn) -> dict:
    """What the pytest plugin would give the test: the hotline and menu of its marker."""
    wanted = inspect.signature(fn).parameters
    marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "ivr"]
    if not {"ivr_hotline", "ivr_menu"} & set(wanted):
        return {}
    assert marks, f"{fn.__name__} takes ivr fixtures but has no @pytest.mark.ivr"
    hotline = ivr.load(ROOT / marks[0].args[0])
    menu = marks[0].kwargs.get("menu")
    given = {"ivr_hotline": hotline, "ivr_menu": hotline.menu(menu) if menu else None}
    return {name: given[name] for name in wanted if name in given}


def test_the_pages_have_their_examples():
    assert len(BLOCKS) >= 6
    assert {"README.md[0]", "docs/testing.md[0]", "docs/ci.md[0]"} <= set(BLOCKS)


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_example_runs_and_does_what_it_says(name):
    code = BLOCKS[name]
    space, printed = run_block(name, code)
    tests = {k: fn for k, fn in space.items() if k.startswith("test_") and callable(fn)}
    for fn in tests.values():
        with in_root():
            fn(**fixtures_of(fn))
    said = dict(printed)
    for n, line in enumerate(code.splitlines(), 1):
        match = PRINTED.match(line)
        if match:
            assert said.get(n) == match["text"], f"{name} line {n}: {line.strip()}"
    assert tests or printed or "=" in code, f"{name} neither tests nor shows anything"


def test_the_silent_caller_example_catches_the_regression_it_describes():
    block = BLOCKS["docs/testing.md[0]"]
    broken = block.replace(
        "cases: [{when: {network: mts}, to: human}]", "cases: [{when: {network: mts}, to: bye}]"
    )
    assert broken != block
    space, _ = run_block("docs/testing.md[0] broken", broken)
    space["test_every_walk_ends_in_a_human_or_a_goodbye"]()
    with pytest.raises(AssertionError, match="hangup"):
        space["test_silence_reaches_a_human_on_the_mts_network"]()

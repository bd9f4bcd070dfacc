"""``ivr.validate``: the semantic checks run on the model, however it was built; the readers'
registry (``ivr.load`` goes through it)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import ivr
from ivr.errors import InputError, LoadError
from ivr.io import registry
from ivr.model.types import (
    Case,
    Claim,
    Condition,
    Entry,
    Facts,
    Hotline,
    Menu,
    Node,
    Source,
    Target,
    Timeout,
)

TEXT = """\
ivr: 1
sources: {A: a text}
caller: {network: [mts, other]}
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, options: {"1": bye, "0": human}, timeout: {after: 5, to: main}}
  human: {type: agent}
  bye: {type: hangup}
documented: [{dial: "0890", keys: "0", source: A}]
"""


def _menu() -> Menu:
    return ivr.load_menu_text(TEXT, "menus/x.yaml")


def test_a_sound_hotline_has_no_problems():
    assert ivr.validate(ivr.load("menus/mts")) == []
    assert ivr.validate(_menu()) == []


def test_a_dangling_start_made_with_replace_is_found_where_the_file_had_it():
    """The model accepts it (``ivr.compile`` builds a graph, the simulator would fail with a
    KeyError): validate says what is wrong, at the 'start' the file gave."""
    menu = _menu()
    entry = dataclasses.replace(menu.entries[0], start="mian")
    broken = Hotline((dataclasses.replace(menu, entries=(entry,)),), "menus/x.yaml")
    [problem] = ivr.validate(broken)
    assert str(problem) == (
        "menus/x.yaml:4:33: 'start' of entry '0890' points to 'mian', which does not exist "
        "(did you mean 'main'?)"
    )
    assert problem.severity == "error" and problem.rule == "load"


def test_a_model_built_in_python_is_checked_too():
    menu = Menu(
        "m",
        file="m.yaml",
        sources=(Source("A"),),
        caller=(("network", ("mts", "other")),),
        entries=(
            Entry("e", "0890", "main", when=Condition((("netwrk", ("mts",)),))),
            Entry("e", "call us", "main", facts=Facts(source=("B",))),
        ),
        nodes=(
            Node("main", "menu", options=(("1", "bye"), ("x", "main")), timeout=Timeout(5, "mian")),
            Node(
                "route",
                "branch",
                cases=(Case(Condition(hours=("9-18",)), "bye"),),
                otherwise="main",
            ),
            Node("go", "transfer", to=Target("other.yaml", "e")),
        ),
        documented=(Claim("0999", keys=("2", "a"), expect="human", at="25:00", source=("A",)),),
    )
    messages = [d.message for d in ivr.validate(menu)]
    expected = [
        "'when' of entry '0890' tests caller attribute 'netwrk', which 'caller' does not declare"
        " (did you mean 'network'?)",
        "'call us' is not a telephone number (digits, spaces, dashes, a leading +)",
        "entry 'call us' cites source 'B', which 'sources' does not list",
        "entry id 'e' is used twice (also line 0); give one of them its own 'id'",
        "'timeout.to' of node 'main' points to 'mian', which does not exist (did you mean 'main'?)",
        "option key 'x' of node 'main' is not a telephone key (one of 0-9 * # A B C D)",
        "option '1' of node 'main' points to 'bye', which does not exist",
        "'when' of case 1 of node 'route': '9' is not a time of day HH:MM",
        "'to' of case 1 of node 'route' points to 'bye', which does not exist",
        "'a' in keys '2 a' is not a telephone key (0-9 * # A-D; _ to stay silent, . to hear "
        "the menu out) (did you mean 'A'?)",
        "'at' of documented claim: '25:00' is not a time of day HH:MM",
        "'expect' is 'human'; it must be one of agent, callback, hangup, not-served, stuck",
        "node 'go' transfers to 'other.yaml', which is not a menu file of this folder "
        "(did you mean 'm.yaml'?)",
        "documented claim dials '0999', which no entry of this hotline has",
    ]
    assert sorted(messages) == sorted(expected)


def test_the_yaml_reader_reports_what_validate_finds_at_the_values():
    text = TEXT.replace('"1": bye', '"1": by').replace("source: A}", "source: Z}")
    with pytest.raises(LoadError) as caught:
        ivr.load_menu_text(text, "menus/x.yaml")
    assert [str(e) for e in caught.value.errors] == [
        "menus/x.yaml:6:37: option '1' of node 'main' points to 'by', which does not exist "
        "(did you mean 'bye'?)",
        "menus/x.yaml:9:48: documented claim cites source 'Z', which 'sources' does not list",
    ]


def test_validate_takes_a_menu_or_a_hotline():
    menu = dataclasses.replace(_menu(), nodes=_menu().nodes[:1])
    assert ivr.validate(menu) == ivr.validate(Hotline((menu,), menu.file))
    assert {d.message.split(" points")[0] for d in ivr.validate(menu)} == {
        "option '1' of node 'main'",
        "option '0' of node 'main'",
    }


# -- the registry of readers ---------------------------------------------------------------------
def test_load_reads_yaml_unless_told_otherwise():
    assert "yaml" in registry.formats()
    assert registry.load("menus/mts") == ivr.load("menus/mts", format="yaml")


def test_an_unknown_format_is_a_mistake_with_a_suggestion():
    with pytest.raises(InputError, match=r"no reader for format 'yml'.*did you mean 'yaml'"):
        ivr.load("menus/mts", format="yml")


def test_a_registered_reader_is_used_and_its_diagnostics_raised(tmp_path: Path):
    from ivr.diagnostics import Diagnostic
    from ivr.model.types import Loc

    def read_lines(path):
        """A toy format: one line, the number; the call goes straight to a human."""
        dial = Path(path).read_text(encoding="utf-8").strip()
        menu = Menu(
            "toy",
            file=str(path),
            entries=(Entry(dial, dial, "human"),),
            nodes=(Node("human", "agent"),),
        )
        hotline = Hotline((menu,), str(path))
        problems = ivr.validate(hotline)
        if not dial.isdigit():
            problems.append(Diagnostic(Loc(str(path), 1, 1), "not a number"))
        return hotline, problems

    registry.register(registry.Format("toy", read_lines, (".toy",)))
    try:
        good = tmp_path / "a.toy"
        good.write_text("0890\n", encoding="utf-8")
        assert ivr.simulate(ivr.load(good, format="toy"), "0890", "").outcome == "agent"
        bad = tmp_path / "b.toy"
        bad.write_text("call us\n", encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            ivr.load(bad, format="toy")
        assert [e.message for e in caught.value.errors][-1] == "not a number"
    finally:
        registry._READERS.pop("toy")

# ruff: noqa: E501  (menus written inline, one node a line)
"""The GetHuman rule pack: each rule fires on a small menu and not on its fix; off by default,
on with ``--extend-select gethuman`` or ``[tool.ivr]``; how menus/mts fares (docs/mts.md)."""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest

import ivr
from ivr.checking.runner import check
from ivr.cli.app import main
from ivr.graph.build import compile
from ivr.lint import CATALOG, lint_graph
from ivr.lint.config import Config, ConfigError

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"
PACK = Config().selecting(extend_select=["gethuman"])


def found(text: str, config: Config = PACK) -> list:
    g = compile(ivr.load_menu_text(textwrap.dedent(text)))
    return [d for d in lint_graph(g, config=config) if d.rule.startswith("gethuman-")]


def rules(text: str, config: Config = PACK) -> set[str]:
    return {d.rule for d in found(text, config)}


GOOD = """\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator - 0, call me back - 1", duration: 6, options: {"0": human, "1": back}, timeout: {after: 5, to: main}, invalid: main, retries: {max: 3, then: human}}
  human: {type: agent, wait: {mean: 300}}
  back: {type: callback}
"""


def test_a_menu_that_meets_the_standard_has_no_finding():
    assert found(GOOD) == []


INFO = '  info: {type: menu, say: "More - 1", options: {"1": human}, timeout: {after: 5, to: info}, invalid: info}\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace('"0": human, ', "").replace(" invalid: main,", ""),
            "0 is not an option and the menu ignores it",
        ),
        (GOOD.replace('"0": human', '"0": main'), "0 is an option that comes back to this menu"),
        (GOOD.replace('"0": human, ', ""), "0 is a wrong key that comes back to this menu"),
        (
            GOOD.replace('"0": human', '"0": info') + INFO,
            "0 leads to 'info' (option), from which no person answers",
        ),
    ],
)
def test_zero_that_does_not_reach_a_person(text, message):
    got = [
        d.message for d in found(text) if d.rule == "gethuman-zero" and "menu 'main'" in d.message
    ]
    assert len(got) == 1 and message in got[0] and "make 0 an option" in got[0]


def test_zero_passes_when_silence_after_it_reaches_a_person():
    """0 to a prompt, then a menu whose timeout goes to an agent: no more keys are needed."""
    text = GOOD.replace('"0": human', '"0": hold') + (
        '  hold: {type: prompt, say: "Connecting", duration: 2, next: queue_menu}\n'
        '  queue_menu: {type: menu, say: "Stay on the line, or 0", options: {"0": human}, timeout: {after: 3, to: human}, invalid: queue_menu}\n'
    )
    assert "gethuman-zero" not in rules(text)


def test_zero_as_a_wrong_key_to_an_operator_counts():
    text = GOOD.replace('"0": human, ', "").replace("invalid: main", "invalid: human")
    assert "gethuman-zero" not in rules(text)


def test_silence_that_hangs_up():
    text = GOOD.replace("then: human", "then: bye") + '  bye: {type: hangup, say: "Goodbye"}\n'
    (d,) = [d for d in found(text) if d.rule == "gethuman-silence"]
    assert "menu 'main'" in d.message and (d.loc.line, d.loc.col) == (4, 9)
    # through a prompt the timeout leads to
    text = GOOD.replace("timeout: {after: 5, to: main}", "timeout: {after: 5, to: sorry}") + (
        '  sorry: {type: prompt, say: "Sorry", duration: 2, next: bye}\n  bye: {type: hangup}\n'
    )
    assert "gethuman-silence" in rules(text)
    # a wrong key that hangs up is not silence
    text = GOOD.replace("invalid: main", "invalid: bye") + "  bye: {type: hangup}\n"
    assert "gethuman-silence" not in rules(text)


def test_silence_is_judged_at_the_menu_that_hangs_up_only():
    text = GOOD.replace("timeout: {after: 5, to: main}", "timeout: {after: 5, to: second}") + (
        '  second: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: second}, invalid: second, retries: {max: 2, then: bye}}\n'
        "  bye: {type: hangup}\n"
    )
    got = [d.message for d in found(text) if d.rule == "gethuman-silence"]
    assert len(got) == 1 and "menu 'second'" in got[0]


@pytest.mark.parametrize(
    ("human", "hold", "fires"),
    [
        ("{type: agent}", "Please hold", True),
        ("{type: agent}", "Please hold, your wait is about 4 minutes", False),
        ("{type: agent}", "Время ожидания около 3 мин", False),
        ("{type: agent}", "You are number 3 in the queue", False),
        ("{type: agent, wait: {mean: 120}}", "Please hold", False),
        ("{type: agent, staffing: {calls: 100, handle: 180, agents: 8}}", "Please hold", False),
        ("{type: callback}", "Please hold", False),
    ],
)
def test_wait_estimate(human, hold, fires):
    text = f"""\
ivr: 1
entries: [{{dial: "0890", start: hold}}]
nodes:
  hold: {{type: prompt, say: "{hold}", duration: 3, next: human}}
  human: {human}
"""
    assert ("gethuman-wait" in rules(text)) is fires


def test_callback_offered_by_the_numbers_that_queue():
    text = GOOD.replace(', "1": back', "").replace("call me back - 1", "more")
    text = text.replace("  back: {type: callback}\n", "")
    (d,) = [d for d in found(text) if d.rule == "gethuman-callback"]
    assert "agent 'human'" in d.message and "type: callback" in d.message
    # a callback on another number does not help the callers of this one
    other = (
        text.replace(
            'entries: [{dial: "0890", start: main}]',
            'entries: [{dial: "0890", start: main}, {dial: "0891", start: back}]',
        )
        + "  back: {type: callback}\n"
    )
    assert "gethuman-callback" in rules(other)
    assert "gethuman-callback" not in rules(GOOD)


def test_barge_in_and_prompt_length():
    text = GOOD.replace("duration: 6,", "duration: 25, barge_in: false,")
    got = {d.rule: d.message for d in found(text)}
    assert "25 s" in got["gethuman-barge-in"] and "barge_in: true" in got["gethuman-barge-in"]
    assert "plays 25 s (budget 20, max_prompt_seconds)" in got["gethuman-prompt-length"]
    long_say = GOOD.replace("Operator - 0, call me back - 1", "x" * 201)
    (d,) = [d for d in found(long_say) if d.rule == "gethuman-prompt-length"]
    assert "says 201 characters (budget 200, max_prompt_chars)" in d.message
    roomy = Config.from_table(
        {"extend-select": ["gethuman"], "budgets": {"max_prompt_seconds": 30}}
    )
    assert "gethuman-prompt-length" not in rules(text, roomy)


# -- selection --------------------------------------------------------------------------------
def test_the_pack_is_a_family_off_by_default():
    pack = [r for r in CATALOG if r.family == "gethuman"]
    assert len(pack) == 6 and all(not r.default and r.id.startswith("gethuman-") for r in pack)
    bad = GOOD.replace("duration: 6,", "duration: 6, barge_in: false,")
    assert rules(bad, Config()) == set() and "gethuman-barge-in" in rules(bad)
    assert lint_graph(compile(ivr.load_menu_text(bad))) == lint_graph(
        compile(ivr.load_menu_text(bad)), config=Config()
    )


def test_off_by_default_on_the_mts_menus():
    report = check(MTS)
    assert not [d for d in report.findings if d.rule.startswith("gethuman-")]
    assert main(["check", str(MTS)]) == 0


def mts_table() -> dict[str, int]:
    text = (ROOT / "docs" / "mts.md").read_text(encoding="utf-8")
    section = text[text.index("## GetHuman standard") :]
    return {
        m[0]: int(m[1]) for m in re.findall(r"^\| `(gethuman-[a-z-]+)` \| (\d+) \|", section, re.M)
    }


def test_extend_select_on_the_mts_menus_gives_what_docs_mts_records(capsys):
    assert "ivr check menus/mts --extend-select gethuman" in (ROOT / "docs" / "mts.md").read_text(
        "utf-8"
    )
    code = main(["check", str(MTS), "--extend-select", "gethuman"])
    out = capsys.readouterr().out
    assert code == 0  # the pack's findings are warnings
    counts = Counter(re.findall(r"\[(gethuman-[a-z-]+)\]$", out, re.M))
    assert {r: n for r, n in mts_table().items() if n} == dict(counts)
    assert set(mts_table()) == {r.id for r in CATALOG if r.family == "gethuman"}
    line = next(line for line in out.splitlines() if "[gethuman-" in line)
    assert re.match(r"^\S*menus/mts/\w+\.yaml:\d+:\d+: warning: ", line)


def test_extend_select_in_pyproject_and_select_on_the_command_line(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.ivr]\nextend-select = ['gethuman']\n", "utf-8")
    menu = tmp_path / "main.yaml"
    menu.write_text(GOOD.replace("duration: 6,", "duration: 6, barge_in: false,"), "utf-8")
    assert {d.rule for d in check(menu).findings} == {"gethuman-barge-in"}
    # --select replaces the selection, extend-select of [tool.ivr] included
    assert {d.rule for d in check(menu, select=["no-invalid"]).findings} == set()
    assert {d.rule for d in check(menu, select=["gethuman-barge-in"]).findings} == {
        "gethuman-barge-in"
    }
    (tmp_path / "pyproject.toml").write_text(
        "[tool.ivr]\nextend-select = ['gethuman']\ndisable = ['gethuman-barge-in']\n", "utf-8"
    )
    assert {d.rule for d in check(menu).findings} == set()
    capsys.readouterr()
    assert main(["check", str(menu), "--extend-select", "gethuman,no-invalid"]) == 0
    assert "[gethuman-barge-in]" not in capsys.readouterr().out  # disable wins


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--extend-select", "gethumn"], "unknown rule 'gethumn' (did you mean 'gethuman'?)"),
        (["--select", "gethuman-zer"], "did you mean 'gethuman-zero'?"),
        (["--extend-select", "all"], "unknown rule 'all'"),
    ],
)
def test_a_misspelt_selection_is_exit_2(capsys, argv, message):
    assert main(["check", str(MTS), *argv]) == 2
    assert message in capsys.readouterr().err


def test_config_table_mistakes():
    with pytest.raises(ConfigError, match="did you mean 'gethuman'"):
        Config.from_table({"extend-select": ["gethumn"]})
    with pytest.raises(ConfigError, match="both 'enable' and 'select'"):
        Config.from_table({"enable": ["all"], "select": ["all"]})
    assert Config.from_table({"select": ["gethuman"]}).enabled("gethuman-zero")
    assert not Config.from_table({"select": ["gethuman"]}).enabled("dead-end")
    assert not Config.from_table({"enable": ["all"]}).enabled("gethuman-zero")
    assert Config.from_table({"enable": ["too"]}).enabled("too-deep")

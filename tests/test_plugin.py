# ruff: noqa: E501  (menus written inline, one node a line)
"""The pytest plugin: ``--ivr PATH`` / ``ivr_paths`` turn menus into test items; fixtures."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
from pathlib import Path

import pytest

# pytester's in-process runs drop the modules a run imported; PyYAML's C extension cannot be
# imported twice, so ivr (and with it yaml) is imported here, once, for every run
import ivr  # noqa: F401
import ivr.testing.pytest_plugin  # noqa: F401

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"

# when ivr is installed the entry point loads the plugin; else load it by name
_INSTALLED = any(
    e.value == "ivr.testing.pytest_plugin"
    for e in importlib.metadata.entry_points(group="pytest11")
)
PLUGIN = [] if _INSTALLED else ["-p", "ivr.testing.pytest_plugin"]
PLUGIN += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]  # imported above, on purpose

GOOD = """\
ivr: 1
sources: {A: "support article"}
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Balance - 1, operator - 0", options: {"1": balance, "0": human}, timeout: {after: 5, to: main}, invalid: main, retries: {max: 3, then: bye}}
  balance: {type: prompt, say: "Your balance is 100 roubles", duration: 4, next: main}
  human: {type: agent}
  bye: {type: hangup}
documented:
  - {dial: "0890", keys: "0", expect: agent, source: A}
  - {dial: "0890", keys: "1", expect: hangup, source: A}
"""


@pytest.fixture
def menus(pytester: pytest.Pytester) -> Path:
    folder = pytester.path / "menus" / "demo"
    folder.mkdir(parents=True)
    (folder / "main.yaml").write_text(GOOD, encoding="utf-8")
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    return folder


def test_nothing_changes_without_ivr(pytester, menus):
    result = pytester.runpytest(*PLUGIN, "-v")
    result.assert_outcomes(passed=1)
    assert "main.yaml" not in result.stdout.str()
    assert "ivr: menus" not in result.stdout.str()


def test_menu_files_become_items(pytester, menus):
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "-v")
    out = result.stdout.str()
    assert "ivr: menus menus/demo" in out
    assert "main.yaml::documented: dial 0890, keys 0 (line 10) PASSED" in out
    assert "main.yaml::documented: dial 0890, keys 1 (line 11) PASSED" in out
    assert "main.yaml::rule dead-end PASSED" in out
    assert "main.yaml::rule no-human PASSED" in out
    assert "test_plain.py::test_plain PASSED" in out  # the tests still run along
    rules = out.count("main.yaml::rule ")
    assert rules >= 12
    result.assert_outcomes(passed=1 + 2 + rules)


def test_broken_claim_fails_with_the_transcript(pytester, menus):
    (menus / "main.yaml").write_text(GOOD.replace('"0": human}', '"9": human}'), encoding="utf-8")
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus))
    out = result.stdout.str()
    assert result.ret == 1
    assert "FAILED menus/demo/main.yaml::documented: dial 0890, keys 0 (line 10)" in out
    assert 'documented claim broken: dial 0890, keys "0"' in out
    assert "transcript of the call:" in out
    assert "main                   play      Balance - 1, operator - 0" in out
    assert "0890                   dial      0890" in out


def test_rule_items_fail_on_errors_and_show_warnings(pytester, menus):
    text = GOOD.replace(
        "  bye: {type: hangup}",
        "  bye: {type: hangup}\n  limbo: {type: menu, say: Hold, options: {}}",
    )
    text = text.replace('"1": balance, "0": human}', '"1": balance, "0": human, "7": limbo}')
    (menus / "main.yaml").write_text(text, encoding="utf-8")
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "-rA")
    out = result.stdout.str()
    assert "FAILED menus/demo/main.yaml::rule dead-end" in out
    assert "menu node 'limbo' has no way out and is not an end of the call [dead-end]" in out
    assert "PASSED menus/demo/main.yaml::rule no-human" in out  # a warning does not fail
    assert "warning: no human can be reached from menu node 'limbo' [no-human]" in out
    assert result.ret == 1


def test_menus_that_do_not_load(pytester, menus):
    (menus / "main.yaml").write_text(GOOD.replace("next: main}", "next: mian}"), encoding="utf-8")
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus))
    out = result.stdout.str()
    result.assert_outcomes(passed=1, failed=1)
    assert "main.yaml::load" in out
    assert "main.yaml:6:82: 'next' of node 'balance' points to 'mian'" in out


def test_ini_option(pytester, menus):
    pytester.makeini("[pytest]\nivr_paths = menus/demo\n")
    result = pytester.runpytest(*PLUGIN, "-v")
    assert "main.yaml::documented: dial 0890, keys 0 (line 10) PASSED" in result.stdout.str()


def test_a_single_file_and_a_parent_folder(pytester, menus):
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus / "main.yaml"), "-v")
    assert "main.yaml::documented: dial 0890, keys 0 (line 10) PASSED" in result.stdout.str()
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus.parent), "-v")
    assert "main.yaml::documented: dial 0890, keys 0 (line 10) PASSED" in result.stdout.str()


def test_other_yaml_files_are_left_alone(pytester, menus):
    (pytester.path / "other.yaml").write_text("not: [a, menu\n", encoding="utf-8")
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), str(pytester.path))
    assert "other.yaml" not in result.stdout.str()
    assert result.ret == 0


def test_missing_path_is_a_usage_error(pytester):
    result = pytester.runpytest(*PLUGIN, "--ivr", "nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--ivr: no such file or folder" in result.stderr.str()


def test_disabled_rules_have_no_item(pytester, menus):
    (pytester.path / "pyproject.toml").write_text("[tool.ivr]\ndisable = ['key-not-announced']\n")
    (pytester.path / ".git").mkdir()
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "-v")
    out = result.stdout.str()
    assert "rule dead-end" in out and "rule key-not-announced" not in out


def test_fixtures(pytester, menus):
    pytester.makepyfile(
        test_fixtures=f"""
        import pytest
        import ivr

        @pytest.mark.ivr({str(menus)!r})
        def test_hotline(ivr_hotline):
            assert [m.id for m in ivr_hotline.menus] == ["main"]

        @pytest.mark.ivr({str(menus)!r}, menu="main.yaml")
        def test_menu(ivr_menu):
            assert ivr.simulate(ivr_menu, "0890", "0").outcome == "agent"

        def test_from_the_option(ivr_menu):
            assert ivr_menu.id == "main"

        @pytest.mark.ivr({str(MTS)!r})
        def test_many_menus_need_a_name(ivr_menu):
            pass
        """
    )
    result = pytester.runpytest(*PLUGIN, "--ivr", str(menus), "test_fixtures.py")
    result.stdout.fnmatch_lines(["test_fixtures.py ...E*"])
    assert result.parseoutcomes()["errors"] == 1
    assert "name one with @pytest.mark.ivr(path, menu=" in result.stdout.str()
    result = pytester.runpytest(*PLUGIN, "test_fixtures.py::test_from_the_option")
    result.assert_outcomes(skipped=1)


def test_the_mts_menus_as_items(pytester):
    folder = pytester.path / "mts"
    shutil.copytree(MTS, folder, ignore=shutil.ignore_patterns("*.lock.json"))
    result = pytester.runpytest(*PLUGIN, "--ivr", str(folder), "-q")
    assert result.ret == 0
    assert "failed" not in result.stdout.str()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_entry_point_is_declared():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["entry-points"]["pytest11"] == {"ivr": "ivr.testing.pytest_plugin"}


def test_project_runs_without_the_plugin_interfering(pytester, menus):
    # the plugin loaded, no --ivr: a folder with menu files and tests is collected as before
    (menus / "test_inner.py").write_text("def test_inner():\n    pass\n")
    result = pytester.runpytest(*PLUGIN, str(pytester.path))
    result.assert_outcomes(passed=2)

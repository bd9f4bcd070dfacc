"""The test setup itself: CI runs Hypothesis reproducibly, and the suite runs what CI runs."""

from __future__ import annotations

import doctest
import importlib
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, profile_for
from hypothesis import Phase, settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        ({}, "dev"),
        ({"CI": "true"}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "ci"),  # CI cannot be talked out of it
        ({"CI": "false"}, "dev"),
        ({"CI": ""}, "dev"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ],
)
def test_the_profile_follows_the_ci_variable(environ, profile):
    assert profile_for(environ) == profile


def test_the_ci_profile_is_reproducible():
    ci = settings.get_profile("ci")
    assert ci.derandomize is True
    assert ci.database is None  # nothing replayed from an earlier run on the same machine
    assert ci.print_blob is True
    assert ci.deadline is None  # a busy machine's timing must not decide a result
    # a failure reports as soon as it is shrunk: the explain phase's tracer made it minutes
    assert Phase.explain not in ci.phases
    assert {Phase.explicit, Phase.generate, Phase.shrink} <= set(ci.phases)
    assert settings.get_profile("dev").derandomize is False


def hypothesis_tests() -> list:
    """Every Hypothesis test function of the suite, its module imported if need be."""
    found = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        module = sys.modules.get(path.stem) or importlib.import_module(path.stem)
        found += [
            (f"{path.name}::{name}", fn)
            for name, fn in vars(module).items()
            if name.startswith("test_") and getattr(fn, "is_hypothesis_test", False)
        ]
    return found


def test_no_hypothesis_test_overrides_the_profiles_randomness():
    tests = hypothesis_tests()
    assert len(tests) >= 20, "the suite's Hypothesis tests were not found"
    for name, fn in tests:
        # the settings the test runs under: its @settings on top of the loaded profile
        own = fn._hypothesis_internal_use_settings
        assert own.derandomize == settings.default.derandomize, name
        assert own.database == settings.default.database, name


def test_no_test_file_picks_its_own_seed_or_profile():
    pattern = re.compile(r"derandomize|@seed\(|load_profile|database\s*=|random\.seed\(")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        if path.name not in ("conftest.py", Path(__file__).name)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders


def test_ci_runs_the_readmes_test_command_under_the_ci_profile():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m pytest\n" in readme
    assert script[-1] == "python3 -m pytest"
    assert any(re.fullmatch(r"export CI=\S+", line) for line in script)


def test_the_test_command_runs_the_docstring_and_page_examples():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_ini = config["tool"]["pytest"]["ini_options"]
    assert {"tests", "ivr", "docs"} <= set(pytest_ini["testpaths"])
    assert "--doctest-modules" in pytest_ini["addopts"].split()
    assert "--doctest-glob=*.md" in pytest_ini["addopts"].split()
    finder = doctest.DocTestFinder()
    examples = 0  # docstrings with examples: 48 when they were first run as tests
    for path in sorted((ROOT / "ivr").rglob("*.py")):
        if path.name == "__main__.py":
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        examples += sum(1 for t in finder.find(importlib.import_module(name)) if t.examples)
    assert examples >= 48


def test_the_package_ships_its_type_hints_and_mypy_is_configured():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert (ROOT / "ivr" / "py.typed").is_file()
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["ivr"]
    mypy = config["tool"]["mypy"]
    assert mypy["files"] == ["ivr"]
    assert mypy["python_version"] == "3.10"
    extra = " ".join(config["project"]["optional-dependencies"]["test"])
    assert "mypy" in extra and "types-PyYAML" in extra
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line.split("#")[0].strip() == "mypy" for line in script)

"""The test setup itself: CI runs Hypothesis reproducibly, and the suite runs what CI runs."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, profile_for
from hypothesis import settings


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

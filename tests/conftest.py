"""Shared test fixtures: the demo hotline, and the Hypothesis profiles.

``run_main`` runs an ``ivr`` command in this process and returns its exit status and what it
printed; ``run_ivr`` runs one in a fresh process. The demo hotline is the small menu most tests
start from: a news prompt that barge-in cuts, a
main menu with retries, a services menu without barge-in, an agent and a goodbye. Use the
``demo_file`` fixture for a file on disk, or import the text (``from conftest import DEMO``) to
change a piece of it first.

Hypothesis runs under one of two profiles. ``ci`` is reproducible and quick to report:
examples are derived from each test's own name (``derandomize``), no database replays examples
from earlier runs, a failure prints the blob that reproduces it, and there is no explain phase
(its tracer made a failing test run for many minutes before it reported). It is loaded whenever
the environment variable ``CI`` is set (``.ci/run`` sets it); ``dev``, the default elsewhere,
draws new examples on each run and remembers failures in ``.hypothesis/``.
``HYPOTHESIS_PROFILE`` picks one by name where ``CI`` is not set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).resolve().parents[1]

DEMO = """\
ivr: 1
id: demo
sources:
  A: {title: "text A"}
caller:
  network: [mts, other]
entries:
  - {dial: "0890", when: {network: mts}, start: news, source: A}
nodes:
  news: {type: prompt, say: "News of the day", duration: 20, next: main}
  main:
    type: menu
    say: "Balance 1, services 2"
    duration: 8
    options: {"1": bal, "2": services}
    timeout: {after: 5, to: main}
    invalid: main
    retries: {max: 3, then: bye}
  services:
    type: menu
    say: "operator 0"
    duration: 5
    barge_in: false
    options: {"0": human}
    timeout: {after: 5, to: human}
    invalid: services
  bal: {type: prompt, say: "balance is", duration: 4, next: main}
  human: {type: agent, wait: {mean: 1200, min: 300, max: 2400}}
  bye: {type: hangup, say: Goodbye, duration: 2}
documented:
  - {dial: "0890", keys: "2 0", caller: {network: mts}, source: A}
  - {dial: "0890", keys: "", caller: {network: mts}, source: A, expect: hangup}
"""

# both on top of Hypothesis's own defaults (Hypothesis loads a profile of its own under CI)
settings.register_profile(
    "ci",
    parent=settings.get_profile("default"),
    derandomize=True,
    database=None,
    # no explain phase: its tracer reruns a failing example line by line, so a failure in CI
    # took many minutes to report; the shrunk example and its blob are enough
    phases=tuple(phase for phase in Phase if phase is not Phase.explain),
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    parent=settings.get_profile("default"),
    max_examples=100,
    deadline=None,  # two cores shared by everything else: a deadline would only be noise
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def profile_for(environ: Mapping[str, str]) -> str:
    """The Hypothesis profile for this environment: ``ci`` whenever ``CI`` is set."""
    if environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return "ci"
    return environ.get("HYPOTHESIS_PROFILE") or "dev"


settings.load_profile(profile_for(os.environ))


def write_menu(folder: Path, text: str | bytes, name: str = "menu.yaml") -> Path:
    """``text`` written to ``folder/name`` (bytes as they are, text as UTF-8)."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """The demo hotline as ``demo.yaml`` in a fresh folder."""
    return write_menu(tmp_path, DEMO, "demo.yaml")


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``ivr argv`` in this process: (exit status, stdout, stderr); no traceback may reach
    them. (:func:`run_ivr` runs a fresh process instead.)"""
    from ivr.cli.app import main  # noqa: PLC0415

    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    return code, out, err


def run_ivr(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m ivr args`` in a fresh process from the repository root, this tree first on
    the import path, no terminal on stdin; no traceback may reach its output."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(
        [sys.executable, "-m", "ivr", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, PYTHONPATH=path),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this run is CI's (``.ci/run`` sets ``CI``)."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def needed(module: str, why: str):
    """``module`` imported; where it is missing, the test fails in CI and is skipped elsewhere
    (``pip install -e '.[test]'`` brings it)."""
    try:
        return __import__(module)
    except ImportError:
        if in_ci():
            pytest.fail(f"{module} is missing in CI ({why}): .ci/run installs '.[test]'")
        pytest.skip(
            f"{module} is not installed ({why}): pip install -e '.[test]'", allow_module_level=True
        )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After the run: how often the route oracle's best routes reached each hard case
    (``tests/test_routes_properties.py``), when its optimality test ran."""
    oracle = sys.modules.get("test_routes_properties")
    if oracle is not None and oracle.REACHED["examples"]:
        terminalreporter.write_line(oracle.oracle_summary())

"""Issue 15 item 7: menus mutated at the text, data and meaning level keep the contract.

A fixed small budget on every CI run (under the ``ci`` profile: reproducible): the library on
mutants of a small menu and of ``menus/mts``, the command line (in child processes limited to
2 GB and 10 s) on a few, and every case in ``tests/corpus/`` (the issue's defects and what
``benchmarks/fuzz.py`` found) replayed. ``python benchmarks/fuzz.py --minutes N`` runs longer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ivr.testing.fuzz import MINI, Mutant, check_cli, check_contract, mutants

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))
MTS = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "menus" / "mts").glob("*.yaml")}


# The bound is 10 s on an idle machine; CI shares its cores, so the tests allow 30 s
# (a hang still fails: the searches' budgets stop long before)
SECONDS = 30.0


def fast(examples: int) -> settings:
    """The profile's settings (``ci``: reproducible) with a fixed number of mutants."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))


@fast(60)
@given(mutants(MINI))
def test_mutants_of_a_small_menu_keep_the_library_contract(mutant: Mutant) -> None:
    assert check_contract(mutant.text, SECONDS, original=MINI) == [], mutant.how


@fast(8)
@given(mutants(MTS["short.yaml"]))
def test_mutants_of_the_mts_menus_keep_the_library_contract(mutant: Mutant) -> None:
    beside = {k: v for k, v in MTS.items() if k != "short.yaml"}
    assert check_contract(mutant.text, SECONDS, beside=beside, name="short.yaml") == [], mutant.how


@fast(2)
@given(mutants(MINI))
def test_mutants_keep_the_command_line_contract(mutant: Mutant) -> None:
    assert check_cli(mutant.text, (("check",), ("route",)), SECONDS) == [], mutant.how


@pytest.mark.parametrize("case", CORPUS, ids=[p.stem for p in CORPUS])
def test_the_corpus_keeps_the_library_contract(case: Path) -> None:
    assert check_contract(case.read_text(encoding="utf-8"), SECONDS) == []


def test_the_corpus_keeps_the_command_line_contract() -> None:
    # one child process per command, on the largest cases of the issue
    for name in ("prompt-looping-to-itself", "alias-of-a-large-prompt", "retries-100"):
        text = (ROOT / "tests" / "corpus" / f"{name}.yaml").read_text(encoding="utf-8")
        assert (
            check_cli(text, (("call", "--dial", "0890", "--keys", ""), ("route",)), SECONDS) == []
        ), name


def test_the_contract_catches_a_bug(monkeypatch) -> None:
    import ivr

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(ivr, "routes", broken)
    assert check_contract(MINI) == ["routes: KeyError: 'boom'"]

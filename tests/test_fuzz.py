"""Issue 15 item 7: menus mutated at the text, data and meaning level keep the contract.

A fixed small budget on every CI run (under the ``ci`` profile: reproducible): the library on
mutants of a small menu and of ``menus/mts`` (each operation bounded in time and, through the
soft ``RLIMIT_AS``, to 2 GB more memory than the test process had), the command line (in child
processes limited to 2 GB and 10 s) on a few, and every case in ``tests/corpus/`` (the issue's
defects and what ``benchmarks/fuzz.py`` found) replayed. ``python benchmarks/fuzz.py --minutes
N`` runs longer.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivr.testing.fuzz import MINI, Mutant, check_cli, check_contract, mutants

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))
MTS = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "menus" / "mts").glob("*.yaml")}


# The issue's bound is 10 s on an idle machine; CI shares its cores, so the tests allow 30 s
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


CALL = ("call", "--dial", "0890", "--keys", "")
REPORTS = (("check", "--format", "junit"), ("check", "--format", "github"))
DOT = ("render", "--format", "dot", "-o", "-")


# the largest cases of the issue, each with the commands that hung, ballooned or flooded
CLI_CASES = {
    "prompt-looping-to-itself": (CALL, ("route",)),  # printed 2.1 GB using 6.9 GB
    "alias-of-a-large-prompt": (CALL, ("route",), *REPORTS),  # junit: 28 s, 7.9 GB
    "alias-under-the-limit": (CALL, *REPORTS, DOT),  # loads: long texts cut, not amplified
    "retries-100": (CALL, ("route",)),  # 57 s and 1.3 GB
    "many-caller-contexts": (("route",), ("lock",)),  # past 30 s
}


@pytest.mark.parametrize("name", CLI_CASES)
def test_the_corpus_keeps_the_command_line_contract(name: str) -> None:
    # one child process per command (2 GB, 10 s of CPU); what each prints is proportional to
    # the menu's meaning: 5 MB at most
    text = (ROOT / "tests" / "corpus" / f"{name}.yaml").read_text(encoding="utf-8")
    assert check_cli(text, CLI_CASES[name], SECONDS, max_output=5 * 1024**2) == [], name


def test_the_contract_catches_a_bug(monkeypatch) -> None:
    import ivr

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(ivr, "routes", broken)
    assert check_contract(MINI) == ["routes: KeyError: 'boom'"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_the_contract_catches_a_balloon(monkeypatch) -> None:
    import ivr

    def balloon(*args, **kwargs):
        return bytearray(3 * 1024**3)  # refused at once under the limit: nothing is touched

    monkeypatch.setattr(ivr, "routes", balloon)
    assert check_contract(MINI) == ["routes: over 2 GB of memory"]
    # and the limit is lifted again after each operation
    import resource

    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY


# Every defect under "Why" of issue 15, and where it is kept from coming back: a corpus case
# (replayed above, through the library and, for the largest, the command line) or a test
DEFECTS = {
    "-o /dev/null replaced the device with a regular file": [
        "test_safety_io.py::test_a_device_is_written_to_not_replaced",
        "test_safety_io.py::test_render_to_dev_null_keeps_the_device"],
    "a FIFO or a symlink given as -o was replaced": [
        "test_safety_io.py::test_a_fifo_is_streamed_into",
        "test_safety_io.py::test_a_symlink_is_written_through_and_stays_a_link"],
    "a SIGKILL mid-write left stray .tmp files": [
        "test_safety_io.py::test_a_later_write_removes_what_a_sigkill_left",
        "test_safety_io.py::test_a_terminated_write_leaves_no_temp_file"],
    "ivr diff --rev=--output=FILE made git write FILE": [
        "test_safety_io.py::test_diff_rev_output_writes_no_file",
        "test_safety_io.py::test_a_revision_that_could_be_an_option_is_refused"],
    "symlinks out of the folder, to /dev/zero or /etc, FIFOs, directories named *.yaml": [
        "test_safety_io.py::test_symlinks_out_of_the_folder_fifos_and_directories_are_reported",
        "test_safety_io.py::test_a_single_file_never_follows_a_transfer_through_a_symlink_out"],
    "terminal escapes in a field name printed raw, a newline in a node id": [
        "corpus/escape-in-a-field-name",
        "test_safety_io.py::test_control_characters_in_a_menu_come_out_escaped"],
    "mutants kept route, lock, diff or the best-route highlight running past 10 s": [
        "test_fuzz.py::test_mutants_of_a_small_menu_keep_the_library_contract",
        "test_budget.py::test_one_budget_covers_every_search_inside_limits"],
    "retries: {max: 100}: ivr route took 57 s and 1.3 GB": [
        "corpus/retries-100",
        "test_budget.py::test_a_second_of_budget_answers_the_retries_menu_within_seconds"],
    "1.68 M caller contexts: ivr route and ivr lock past 30 s": [
        "corpus/many-caller-contexts",
        "test_budget.py::test_caller_contexts_are_bounded_and_the_rows_found_are_kept"],
    "dot -Tsvg ran over 10 minutes": [
        "test_safety_io.py::test_dot_has_a_time_limit_and_a_cheaper_layout_for_large_diagrams"],
    "a 100 kB prompt aliased 2,000 times: junit 7.9 GB, render dot 201 MB, call 200 MB": [
        "corpus/alias-of-a-large-prompt", "corpus/alias-under-the-limit",
        "test_safety_yaml.py::test_a_large_scalar_aliased_many_times_counts_as_written_out",
        "test_safety_output.py::test_a_report_has_a_size_cap_and_says_what_it_left_out"],
    "a 1 MB prompt looping to itself: ivr call printed 2.1 GB": [
        "corpus/prompt-looping-to-itself",
        "test_safety_output.py::test_a_megabyte_prompt_that_loops_prints_a_few_hundred_bytes"],
    "2 million values split by CR or U+2028 passed the value guard": [
        "test_safety_yaml.py::test_the_value_limit_holds_for_every_line_break"],
    "70 '[' in a comment or a block scalar tripped the nesting pre-check": [
        "corpus/brackets-in-comments",
        "test_safety_yaml.py::test_brackets_in_comments_and_texts_never_trip_the_depth_limit"],
    "tracebacks of ivr lock when the write fails": [
        "test_safety_io.py::test_every_write_failure_is_one_line_exit_2",
        "test_safety_io.py::test_lock_on_a_directory_lock_says_cannot_write"],
    "a traceback of ivr check on a folder it may not read": [
        "test_safety_io.py::test_check_on_an_unreadable_folder_is_located"],
    "best_route_edges and path_of_call raised bare ValueErrors": [
        "test_safety_output.py::test_best_route_edges_raises_only_the_documented_family",
        "test_safety_output.py::test_path_of_call_on_another_graph_is_an_ivr_error"],
    "a say over 16,384 characters, a long title or id, a node id ']' could not be drawn": [
        "corpus/say-over-16384", "corpus/odd-node-ids",
        "test_safety_output.py::test_valid_menus_with_long_texts_and_odd_ids_can_be_drawn"],
    "render --dial --keys after a silent prompt and a transfer that drops a typed-ahead key": [
        "test_safety_output.py::test_dial_keys_after_a_silent_prompt_and_a_transfer_that_drops_a_key"],
    "no route exited 0 in the route table and 2 in render --route best": [
        "corpus/no-route",
        "test_safety_output.py::test_no_route_exits_1_in_the_table_and_in_render"],
}  # fmt: skip


@pytest.mark.parametrize("defect", DEFECTS)
def test_every_defect_of_the_issue_is_a_corpus_case_or_a_test(defect: str) -> None:
    for where in DEFECTS[defect]:
        if where.startswith("corpus/"):
            assert (ROOT / "tests" / "corpus" / f"{where[7:]}.yaml").is_file(), where
            continue
        file, name = where.split("::")
        tree = ast.parse((ROOT / "tests" / file).read_text(encoding="utf-8"))
        assert name in {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}, where


def test_every_corpus_case_says_what_it_keeps_from_coming_back() -> None:
    for case in CORPUS:
        first = case.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(("# issue 15", "# found by")), case.name
        named = f"corpus/{case.stem}"
        assert case.stem.startswith("found-") or any(named in w for w in DEFECTS.values())


def test_the_ci_profile_draws_the_same_mutants_on_every_run() -> None:
    # what CI fuzzes is reproducible: the ci profile's mutants of a seed, drawn twice, agree
    def drawn() -> list[str]:
        seen: list[str] = []

        @settings(parent=settings.get_profile("ci"), max_examples=25)
        @given(mutants(MINI))
        def collect(mutant: Mutant) -> None:
            seen.append(mutant.text)

        collect()
        return seen

    first = drawn()
    assert len(first) >= 20 and first == drawn()


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_an_empty_file_has_text_mutants_too(data) -> None:
    # "double" once indexed the lines of an empty seed (IndexError in the fuzz harness)
    from ivr.testing.mutants import text_mutants

    mutant = data.draw(text_mutants(""))
    assert mutant.level == "text" and isinstance(mutant.text, str)

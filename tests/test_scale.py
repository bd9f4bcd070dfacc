"""Shapes that once made the search or the simulator grow much faster than the menu: the answers
they must give (speed itself is measured in benchmarks/bench_scale.py)."""

from __future__ import annotations

import subprocess
import sys

import ivr
from ivr.testing.generate import claimed_entries, long_chain, many_values, retry_chain, tree


def test_no_route_when_the_human_is_past_the_call_limit():
    assert ivr.routes(long_chain(61), by="time") == []
    assert ivr.routes(long_chain(61), by="pareto") == []
    [route] = ivr.routes(long_chain(59), by="time")
    assert route.outcome == "agent" and route.seconds == 59 * 60


def test_the_best_route_in_a_tree_of_ties_is_the_smallest_keys():
    h = tree(21)  # menus 5..20 have agents under every key, all equally far
    best = ivr.routes(h, by="time")[0]
    assert best.keys == ("1", "1", "1")
    [front] = ivr.routes(h, by="pareto")  # every agent ties on keys, time and cost
    assert front.keys == ("1", "1", "1")


def test_silence_through_a_chain_of_menus_with_retries_reaches_the_agent():
    [route] = ivr.routes(retry_chain(5), by="time")
    assert route.keys == ("_", "_", "_", "_", "0") and route.outcome == "agent"


def test_caller_attributes_are_kept_and_cannot_be_changed_through_the_copy():
    h = many_values(1000)
    attrs = h.caller_attributes
    attrs["plan"] = ()
    assert len(h.caller_attributes["plan"]) == 1000
    assert ivr.simulate(h, "0890", caller={"plan": "p999"}).node == "vip"


def test_every_claim_of_many_entries_holds():
    from ivr.checking.runner import check_hotline  # noqa: PLC0415

    report = check_hotline(claimed_entries(50))
    assert report.broken == []


def test_instructions_do_not_import_the_search():
    code = "import sys, ivr.routing.instructions; print('ivr.routing.search' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

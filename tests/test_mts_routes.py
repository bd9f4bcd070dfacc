"""The best routes of menus/mts, caller context by caller context, against what the texts say.

The texts (the seed article: the ``sources`` of menus/mts) tell a caller which number to dial and
which keys to press; they recommend the free numbers. So a route here is judged ``by="cost"``
(cheapest, then fastest): from every context it must exist, dial the number the texts give that
caller, and press a key sequence a text documents for that number.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ivr
from ivr.routing.search import best_routes, caller_contexts, routes

MENUS = Path(__file__).resolve().parent.parent / "menus" / "mts"

SHORT = {"0890", "08460", "0605"}
FEDERAL = "8 800 250 08 90"
CORPORATE = "8 800 250 09 90"
INTL = "+7 495 766 01 66"
INTL_B = "+7 495 766 91 66"
UKRAINE = {"+38 050 508 1111", "111"}

# documented key sequences, by number (FACTS.md, "What the caller hears and presses")
SHORT_KEYS = {("2", "0"), ("5", "0")}  # a reader's "1 0" is disputed: no text gives key 1
FEDERAL_KEYS = {("1",), ("0",), ("2", "0"), ("4", "0"), ("1", "0"), ("1", "2", "4", "0")}
ROAMING_KEYS = {("1", "0")}


@pytest.fixture(scope="module")
def hotline() -> ivr.Hotline:
    return ivr.load(MENUS)


@pytest.fixture(scope="module")
def graph(hotline):
    return ivr.compile(hotline)


def starts_with_one_of(keys: tuple[str, ...], documented: set[tuple[str, ...]]) -> bool:
    """The documented keys come first; any more only cut recordings short or decline a survey."""
    return any(keys[: len(d)] == d for d in documented)


def expected(who: dict[str, str]) -> tuple[set[str], bool, set[tuple[str, ...]] | None, str]:
    """(numbers the texts give, free?, documented keys or None for any, outcome)."""
    network, location, segment = who["network"], who["location"], who["segment"]
    if location == "abroad":
        if network == "mts":  # free from an MTS SIM in any country; the robot calls back (B)
            return {INTL}, True, {()}, "callback"
        return {INTL, INTL_B}, False, {()}, "agent"  # paid from anything else (B, E)
    if segment == "corporate" and network != "foreign":
        # corporate clients (A B); a claim that says nothing of the segment covers them too
        numbers, _free, keys, _outcome = expected({**who, "segment": "private"})
        return {CORPORATE} | numbers, True, (keys or set()) | {()}, "agent"
    if network == "foreign":
        # in Russia with a foreign SIM: the Moscow number at the caller's rate (E); a Ukrainian
        # SIM in Crimea has its own paid lines (A)
        return {INTL} | (UKRAINE if location == "crimea" else set()), False, None, "agent"
    if location == "roaming" and network == "mts":  # B: 0890 or 8 800, the message, 1, then 0
        return {"0890", FEDERAL}, True, ROAMING_KEYS, "agent"
    if network == "mts":  # the short numbers, 2 0 / 5 0 (A B C D)
        return SHORT | {FEDERAL}, True, SHORT_KEYS | FEDERAL_KEYS, "agent"
    return {FEDERAL}, True, FEDERAL_KEYS, "agent"  # other operators and landlines in Russia


def contexts() -> list[dict[str, str]]:
    return caller_contexts(ivr.load(MENUS))


@pytest.mark.parametrize("who", contexts(), ids=lambda w: ",".join(w.values()))
def test_the_cheapest_route_is_what_the_texts_tell_this_caller(hotline, graph, who) -> None:
    found = routes(hotline, who, by="cost", graph=graph)
    assert found, "every caller can reach MTS somehow: the texts give a number for each"
    r = found[0]
    numbers, free, keys, outcome = expected(who)
    assert r.entry.dial in numbers, r.entry.dial
    assert r.cost.free is free
    assert r.outcome == outcome
    if keys is not None:
        assert starts_with_one_of(r.keys, keys), r.keys_text
    assert r.entry.when.holds(who, 12 * 60)
    call = ivr.simulate(hotline, r.entry.dial, r.keys, who, r.at)
    assert (call.outcome, call.node, call.seconds) == (r.outcome, r.node, r.seconds)


def test_mts_sim_at_home(hotline, graph) -> None:
    who = {"network": "mts", "location": "home"}
    # the texts' own "2 0" (A B C) on the short number, whatever the objective: documented
    # beats the faster "1 0 # #", which no text gives at home and which skips the survey only
    # because the model infers that an invalid key moves on
    for by in ("keys", "time", "cost"):
        best = routes(hotline, who, by=by, graph=graph)[0]
        assert (best.entry.dial, best.keys, best.evidence.level) == (
            "0890",
            ("2", "0"),
            "documented",
        )
        assert [c.source for c in best.evidence.claims] == [("A",), ("B",), ("C",)]
    fast = routes(hotline, who, by="time", graph=graph, evidence=False)[0]
    assert fast.evidence.level == "inferred" and fast.total < best.total  # "# #" at the survey
    # the Pareto set, with evidence as a measure, keeps both the texts' route and the fast one
    pareto = routes(hotline, who, by="pareto", graph=graph)
    assert pareto[0].evidence.level == "documented" and pareto[0].keys == ("2", "0")
    assert any(r.evidence.level == "inferred" and r.total < pareto[0].total for r in pareto)


def test_a_documented_sequence_cites_its_texts(hotline, graph) -> None:
    # B: in national roaming, 0890 or 8 800 250 08 90, wait for the message, press 1, then 0
    r = routes(hotline, {"network": "mts", "location": "roaming"}, by="cost", graph=graph)[0]
    assert r.keys == ("1", "0")
    assert ("B", "claim") in {(s.id, s.via) for s in r.sources}


def test_mts_sim_abroad_is_called_back_for_free_with_no_keys(hotline, graph) -> None:
    who = {"network": "mts", "location": "abroad"}
    for by in ("keys", "time", "cost"):
        r = routes(hotline, who, by=by, graph=graph)[0]
        assert (r.entry.dial, r.keys, r.outcome, r.cost.free) == (INTL, (), "callback", True)
    assert r.call.entry.when.holds(who, 12 * 60)


def test_other_operator_in_russia_dials_the_free_federal_number(hotline, graph) -> None:
    for location in ("home", "roaming", "crimea"):
        r = routes(hotline, {"network": "other", "location": location}, by="cost", graph=graph)[0]
        assert (r.entry.dial, r.cost.free) == (FEDERAL, True)


def test_foreign_sim_abroad_pays(hotline, graph) -> None:
    for by in ("keys", "time", "cost"):
        r = routes(hotline, {"network": "foreign", "location": "abroad"}, by=by, graph=graph)[0]
        assert r.entry.dial in {INTL, INTL_B}
        assert not r.cost.free


def test_the_afternoon_changes_the_queue_not_the_number(hotline, graph) -> None:
    who = {"network": "mts", "location": "home"}
    noon = routes(hotline, who, by="cost", at="12:00", with_wait=True, graph=graph)[0]
    late = routes(hotline, who, by="cost", at="16:00", with_wait=True, graph=graph)[0]
    assert late.wait is not None and late.wait <= 15 * 60
    assert noon.wait is not None and late.total < noon.total  # B: fewer callers after 15:00
    # 0605 is less loaded (A B): with the waits counted it is the number to call
    assert noon.entry.dial == late.entry.dial == "0605"


def test_the_table_has_a_route_for_every_context(hotline) -> None:
    table = best_routes(hotline, by="cost")
    assert len(table) == len(caller_contexts(hotline))
    assert all(route is not None for _who, route in table)

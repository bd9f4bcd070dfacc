"""A claim's call is simulated once and shared (by claims that agree, and by the documented
route it gives): what is shared must be what a fresh simulation makes."""

from __future__ import annotations

import pytest

import ivr
from ivr.graph.evidence import claim_walks
from ivr.io.yaml.reader import load_menu_text
from ivr.model.types import as_hotline
from ivr.sim.callers import caller_contexts

TWO_ENTRIES = """\
ivr: 1
id: two
region: RU
sources: {A: "the help page", B: "a forum post"}
caller:
  network: [mts, other]
entries:
  - {id: first, dial: "0890", start: main, when: {network: mts}, source: A}
  - {id: second, dial: "0890", start: other, source: A}
  - {id: free, dial: "+7 800 250-08-90", start: main, source: B}
nodes:
  main:
    type: menu
    say: "Balance 1, operator 0"
    duration: 6
    options: {"0": human, "1": balance}
    timeout: {after: 5, to: human}
    source: A
  other: {type: menu, say: "Operator 2", duration: 3, options: {"2": human}, source: A}
  balance: {type: prompt, say: "Your balance is 100", duration: 4, next: main, source: B}
  human: {type: agent}
documented:
  - {dial: "0890", keys: "0", caller: {network: mts}, source: A}
  - {dial: "0890", keys: "0", caller: {network: mts}, source: B}
  - {dial: second, keys: "2", caller: {network: mts}, source: A}
  - {dial: "88002500890", keys: "1 0", source: B}
  - {dial: "+7 800 250 08 90", keys: "1 0", source: A}
  - {dial: "0890", keys: "2", caller: {network: other}, source: B}
"""


@pytest.fixture(scope="module", params=["mts", "two"])
def hotline(request):
    if request.param == "mts":
        return ivr.load("menus/mts")
    return as_hotline(load_menu_text(TWO_ENTRIES, "two.yaml"))


def test_every_walk_is_its_own_claims_call(hotline):
    for who in [None, *caller_contexts(hotline)]:
        for _menu, claim, call, _edges in claim_walks(hotline, who, "12:00" if who else None):
            as_who = who if who is not None else dict(claim.caller)
            at = "12:00" if who else claim.at
            assert call == ivr.simulate(hotline, claim.dial, claim.keys, as_who, at), claim


@pytest.mark.parametrize("by", ["keys", "time"])
def test_a_route_is_the_call_its_entry_and_keys_make(hotline, by):
    seen = 0
    for who in caller_contexts(hotline):
        for route in ivr.routes(hotline, who, "12:00", by, k=3):
            fresh = ivr.simulate(hotline, route.entry.dial, route.keys, who, "12:00")
            assert route.call == fresh, (who, route.keys_text)
            assert route.outcome in ("agent", "callback")
            seen += route.evidence.level == "documented"
    assert seen  # the claims gave documented routes, the shared calls among them


def test_a_claim_dialling_an_entry_not_chosen_by_its_number_gives_no_documented_route():
    h = load_menu_text(TWO_ENTRIES, "two.yaml")
    # the claim dials entry 'second' by its id; its number 0890 reaches 'first' for mts
    found = ivr.routes(h, {"network": "mts"}, k=5)
    assert all(r.entry.id != "second" for r in found)
    assert [r.keys_text for r in found if r.evidence.level == "documented"][:1] == ["0"]


def test_a_replay_takes_a_call_handed_in_only_when_the_entrys_number_makes_it():
    from ivr.graph.build import compile
    from ivr.routing.finder import Finder

    h = as_hotline(load_menu_text(TWO_ENTRIES, "two.yaml"))
    menu = h.menus[0]
    second = next(e for e in menu.entries if e.id == "second")
    mts = {"network": "mts"}
    by_id = ivr.simulate(h, "second", "2", mts)  # entry 'second', reached by its id
    assert by_id.entry is second and by_id.outcome == "agent"
    finder = Finder(h, compile(h), mts, "12:00", False)
    # dialling its number 0890 reaches 'first' for this caller: the handed call is not taken
    assert finder.replay_keys(menu, second, ("2",), (), by_id) is None
    first = next(e for e in menu.entries if e.id == "first")
    call = ivr.simulate(h, "0890", "0", mts)
    route = finder.replay_keys(menu, first, ("0",), (), call)
    assert route is not None and route.call is call

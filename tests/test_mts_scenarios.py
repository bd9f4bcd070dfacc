"""Worked scenarios on the MTS hotline menus (menus/mts): what a caller relies on.

Times are exact: the clock of ``ivr.simulate`` is virtual (key_time 1 s, durations and timeouts
from the menu files). Where a number below changes, a menu file changed what a caller hears.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ivr
from ivr.model.types import parse_hhmm

MENUS = Path(__file__).resolve().parent.parent / "menus" / "mts"
SCHEMA_LINE = "# yaml-language-server: $schema=../../ivr/menu.schema.json"

MTS_HOME = {"network": "mts", "location": "home"}
MTS_ROAMING = {"network": "mts", "location": "roaming"}
MTS_ABROAD = {"network": "mts", "location": "abroad"}
FOREIGN_ABROAD = {"network": "foreign", "location": "abroad"}
OTHER_HOME = {"network": "other", "location": "home"}

FEDERAL = "8 800 250 08 90"
INTL = "+7 495 766 01 66"
INTL_B = "+7 495 766 91 66"


@pytest.fixture(scope="module")
def hotline() -> ivr.Hotline:
    return ivr.load(MENUS)


@pytest.fixture(scope="module")
def report() -> ivr.Report:
    return ivr.check(MENUS)


def wait_of(hotline: ivr.Hotline, call: ivr.Call):
    return hotline.menu(call.menu).node(call.node).wait


# --- the files as a whole ---------------------------------------------------------------------


def test_check_is_clean(report: ivr.Report) -> None:
    assert report.exit_code == 0
    assert report.broken == []
    assert report.errors == []
    assert [f"{f.loc}: {f.message}" for f in report.findings] == []
    assert len(report.results) >= 14


def test_every_file_starts_with_the_schema_line_and_declares_the_caller(hotline) -> None:
    files = sorted(MENUS.glob("*.yaml"))
    assert [f.name for f in files] == ["federal.yaml", "international.yaml", "short.yaml"]
    for f in files:
        assert f.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    for menu in hotline.menus:
        assert dict(menu.caller) == {
            "network": ("mts", "other", "landline", "foreign"),
            "location": ("home", "roaming", "crimea", "abroad"),
            "segment": ("private", "corporate", "vip"),
        }
        sources = {s.id: s for s in menu.sources}
        assert set("ABCDE") <= set(sources)
        assert sources["A"].title.startswith("Мтс короткий номер оператора")
        assert sources["E"].date == "2019-04"


def test_every_number_of_the_fact_sheet_is_an_entry(hotline) -> None:
    dials = {re.sub(r"\D", "", e.dial) for _, e in hotline.entries()}
    assert dials == {
        "0890", "08460", "0605",
        "88002500890", "88002500990", "88002508250",
        "74957660166", "74957669166",
        "380505081111", "111",
    }  # fmt: skip
    ids = [e.id for _, e in hotline.entries()]
    assert len(ids) == len(set(ids))
    for _, e in hotline.entries():
        assert e.when, f"entry {e.id} does not say who may call it"
        assert e.facts.source, f"entry {e.id} cites no source"
        assert e.cost.free or e.cost.note, f"paid entry {e.id} does not say what it costs"


def test_every_node_cites_a_source_or_is_marked_inferred(hotline) -> None:
    for menu in hotline.menus:
        for node in menu.nodes:
            assert node.facts.source or node.facts.inferred, f"{menu.id}/{node.id}"
            if node.type == "menu":
                assert node.timeout is not None and node.invalid is not None, f"{menu.id}/{node.id}"


def test_claims_hold_by_their_own_keys(report: ivr.Report) -> None:
    """A claim that holds presses every key it names, and none of them is refused."""
    for r in report.results:
        if r.claim.disputed:
            continue
        assert r.holds, r.describe()
        assert [k for k, _ in r.call.pressed] == list(r.claim.keys), r.describe()
        assert not any(e.kind in ("invalid", "ignored") for e in r.call.events), r.describe()


def test_disputed_claims_are_replayed_and_do_not_hold(report: ivr.Report) -> None:
    disputed = [r for r in report.results if r.claim.disputed]
    # A: 8 800 not served from MTS; A: wait on the line abroad; E: 8 800 250 8 250 (keys not
    # given); the reader Nadezhda's "1 0" (no number, no key 1)
    assert {(r.claim.dial, r.claim.source) for r in disputed} == {
        ("8 800 250 08 90", ("A",)), ("+7 495 766 01 66", ("A",)),
        ("8 800 250 8 250", ("E",)), ("08460", ("C-nadezhda",)),
    }  # fmt: skip
    for r in disputed:
        assert r.ok and not r.holds


# --- short numbers ----------------------------------------------------------------------------


def test_mts_sim_at_home_presses_2_0_on_0890(hotline) -> None:
    call = ivr.simulate(hotline, "0890", "2 0", caller=MTS_HOME)
    assert (call.outcome, call.menu, call.node) == ("agent", "mts-short", "agent")
    # 2 cuts the greeting at 1 s and is typed ahead through the news; 0 at 2 s; the survey
    # (8 s + 5 s of silence), the hold message (6 s), the noon paid offer (10 s + 5 s).
    assert call.pressed == (("2", 1.0), ("0", 2.0))
    assert call.seconds == 36.0
    assert call.entry is not None and call.entry.cost.free


def test_keys_pressed_early_skip_the_news(hotline) -> None:
    """C: "don't wait for the robot"; D: 5 and 0 right after the connection."""
    short = hotline.menu("mts-short")
    news_and_greeting = short.node("welcome").duration + short.node("news").duration
    for keys in ("2 0", "5 0"):
        call = ivr.simulate(hotline, "0890", keys, caller=MTS_HOME)
        assert call.node == "agent"
        assert call.seconds == 36.0 < news_and_greeting + short.node("main").duration
        assert any(e.kind == "barge-in" and e.node == "news" for e in call.events)


def test_after_15_there_is_no_overload_offer(hotline) -> None:
    call = ivr.simulate(hotline, "0890", "2 0", caller=MTS_HOME, at="16:00")
    assert call.node == "agent"
    assert call.seconds == 21.0
    assert not any(e.node == "overload_offer" for e in call.events)


def test_queue_wait_after_15_is_lower_than_at_noon(hotline) -> None:
    for dial, caller in (("0890", MTS_HOME), (FEDERAL, OTHER_HOME), (INTL, FOREIGN_ABROAD)):
        keys = "" if dial == INTL else "2 0"
        noon = ivr.simulate(hotline, dial, keys, caller=caller)
        evening = ivr.simulate(hotline, dial, keys, caller=caller, at="16:00")
        assert noon.node == evening.node == "agent"
        wait = wait_of(hotline, noon)
        assert wait.mean == 1200  # B: 20 minutes on average, which the day's hours average
        day = [wait.at(minute) for minute in range(0, 24 * 60)]
        assert sum(day) / len(day) == pytest.approx(1200)
        assert wait.at(parse_hhmm("12:00")) > 1200  # B: longer in the daytime
        assert wait.at(parse_hhmm("16:00")) < wait.at(parse_hhmm("12:00"))
        assert wait.at(parse_hhmm("03:00")) < wait.at(parse_hhmm("12:00"))  # B: less at night
        assert (wait.min, wait.max) == (300, 2400)  # D: 5 to 40 minutes


def test_paid_priority_offer_at_noon(hotline) -> None:
    """D: when overloaded the robot offers a paid connection without the wait."""
    call = ivr.simulate(hotline, "0890", "2 0 1 1", caller=MTS_HOME)
    assert call.node == "agent_paid"
    assert call.seconds == 10.0
    node = hotline.menu("mts-short").node("agent_paid")
    assert node.cost is not None and not node.cost.free and node.cost.per_minute is None
    assert wait_of(hotline, call).mean < 1200
    # after 15:00 no offer: the last 1 is never pressed
    evening = ivr.simulate(hotline, "0890", "2 0 1 1", caller=MTS_HOME, at="16:00")
    assert (evening.node, len(evening.pressed)) == ("agent", 3)


def test_premium_subscribers_are_served_out_of_turn(hotline) -> None:
    call = ivr.simulate(hotline, "0890", "2 0", caller={**MTS_HOME, "segment": "vip"})
    assert (call.node, call.seconds) == ("agent_priority", 21.0)


def test_roaming_caller_needs_1_0(hotline) -> None:
    for dial in ("0890", FEDERAL):
        call = ivr.simulate(hotline, dial, "1 0", caller=MTS_ROAMING)
        assert (call.outcome, call.node) == ("agent", "agent_roaming")
        # the 12 s voice message is heard to its end (B: "wait for the voice message")
        assert call.pressed == (("1", 13.0), ("0", 14.0))
        assert call.seconds == 14.0
        assert call.entry is not None and call.entry.cost.free
        # the home sequence pressed at once is refused by the roaming menu
        wrong = ivr.simulate(hotline, dial, "2 0", caller=MTS_ROAMING)
        assert not wrong.reached_human
        assert [e.key for e in wrong.events if e.kind == "invalid"] == ["2", "0"]


def test_silence_on_0890_ends_the_call(hotline) -> None:
    call = ivr.simulate(hotline, "0890", "", caller=MTS_HOME)
    assert (call.outcome, call.node) == ("hangup", "goodbye")
    # greeting 8 + news 30 + three rounds of the menu (20 s + 10 s) + goodbye 3
    assert call.seconds == 131.0


def test_crimea_uses_the_same_menu_with_its_own_entry(hotline) -> None:
    call = ivr.simulate(hotline, "0890", "2 0", caller={"network": "mts", "location": "crimea"})
    assert call.entry is not None and call.entry.id == "0890-crimea"
    assert "8 800 250 08 90" in call.entry.facts.note
    # the same 36 s of menu, after B's bad connection: 120 s an attempt, 3 in 10 failing
    assert call.node == "agent"
    assert call.seconds == pytest.approx(120 / 0.7 + 36.0)
    fallback = ivr.routes(hotline, {"network": "mts", "location": "crimea"}, by="cost")[0]
    assert fallback.entry.dial != "0890"  # B warns about 0890 from Crimea


@pytest.mark.parametrize("dial", ["0890", "08460", "0605"])
def test_foreign_sim_cannot_use_the_short_numbers(hotline, dial: str) -> None:
    for caller in (FOREIGN_ABROAD, {"network": "foreign", "location": "crimea"}, MTS_ABROAD):
        call = ivr.simulate(hotline, dial, "2 0", caller=caller)
        assert (call.outcome, call.node, call.seconds) == ("not-served", None, 0.0)
        assert call.pressed == ()


@pytest.mark.parametrize(
    "caller",
    [{"network": "landline", "location": "roaming"}, {"network": "foreign", "location": "home"},
     {"network": "foreign", "location": "roaming"}],
)  # fmt: skip
def test_callers_that_cannot_exist_are_refused_and_get_no_routes(hotline, caller) -> None:
    """A landline does not roam; a foreign SIM has no home region in Russia (B: national
    roaming is for subscribers of a Russian region)."""
    with pytest.raises(ivr.IvrError, match="no such caller"):
        ivr.simulate(hotline, "8 800 250 08 90", "0", caller=caller)
    with pytest.raises(ivr.IvrError, match="no such caller"):
        ivr.routes(hotline, caller)
    from ivr.routing.search import best_routes  # noqa: PLC0415

    for who, _route in best_routes(hotline):
        assert not all(who[k] == v for k, v in caller.items())


@pytest.mark.parametrize("dial", ["08460", "0605"])
def test_08460_and_0605_answer_like_0890(hotline, dial: str) -> None:
    call = ivr.simulate(hotline, dial, "2 0", caller={**MTS_HOME, "segment": "private"})
    assert (call.node, call.seconds) == ("agent", 36.0)


# --- 8 800 ------------------------------------------------------------------------------------


def test_8800_from_another_operator_works(hotline) -> None:
    call = ivr.simulate(hotline, FEDERAL, "2 0", caller=OTHER_HOME)
    assert (call.outcome, call.menu, call.node) == ("agent", "mts-federal", "agent")
    assert call.entry is not None and call.entry.id == "88002500890" and call.entry.cost.free
    assert call.seconds == 38.0


@pytest.mark.parametrize(
    ("keys", "seconds"),
    [("1", 57.0), ("0", 37.0), ("2 0", 38.0), ("4 0", 38.0), ("1 0", 38.0), ("1 2 4 0", 40.0)],
)
def test_every_8800_sequence_reaches_an_agent(hotline, keys: str, seconds: float) -> None:
    call = ivr.simulate(hotline, FEDERAL, keys, caller={"network": "landline", "location": "home"})
    assert (call.node, call.seconds) == ("agent", seconds)


def test_8800_from_an_mts_sim_follows_b_c_d_e(hotline) -> None:
    call = ivr.simulate(hotline, FEDERAL, "4 0", caller=MTS_HOME)
    assert call.node == "agent"
    assert call.entry is not None and call.entry.id == "88002500890-mts"
    assert call.entry.disputed.startswith("conflict 1")


def test_8800_only_from_inside_russia(hotline) -> None:
    for network in ("mts", "other", "landline", "foreign"):
        caller = {"network": network, "location": "abroad"}
        call = ivr.simulate(hotline, FEDERAL, "2 0", caller=caller)
        assert call.outcome == "not-served"


def test_corporate_number_serves_corporate_clients(hotline) -> None:
    corporate = {**OTHER_HOME, "segment": "corporate"}
    corp = ivr.simulate(hotline, "8 800 250 09 90", "", caller=corporate)
    assert (corp.outcome, corp.node, corp.seconds) == ("agent", "corp_agent", 10.0)
    private = ivr.simulate(hotline, "8 800 250 09 90", "", caller=OTHER_HOME)
    assert private.outcome == "not-served"


def test_group_number_leads_to_the_federal_menu(hotline) -> None:
    call = ivr.simulate(hotline, "8 800 250 8 250", "2 0", caller=OTHER_HOME)
    assert call.entry is not None and "start" in call.entry.facts.inferred
    assert (call.node, call.seconds) == ("agent", 38.0)


# --- from abroad --------------------------------------------------------------------------------


def test_mts_sim_abroad_gets_a_free_callback(hotline) -> None:
    call = ivr.simulate(hotline, INTL, "", caller=MTS_ABROAD)
    assert (call.outcome, call.node, call.seconds) == ("callback", "callback", 15.0)
    assert call.reached_human
    assert call.entry is not None and call.entry.cost.free


def test_foreign_sim_abroad_pays_an_unknown_rate(hotline) -> None:
    for dial in (INTL, INTL_B):
        call = ivr.simulate(hotline, dial, "", caller=FOREIGN_ABROAD)
        assert (call.outcome, call.node) == ("agent", "agent")
        cost = call.entry.cost
        assert not cost.free and cost.per_minute is None and "international" in cost.note


def test_0166_from_russia_is_paid_and_has_no_shortcut(hotline) -> None:
    """Inside Russia the Moscow number leads into the 8 800 menu (inferred), not to a queue."""
    call = ivr.simulate(hotline, INTL, "2 0", caller=MTS_HOME)
    assert call.entry is not None and call.entry.id == "74957660166-russia"
    assert not call.entry.cost.free
    assert any(e.kind == "transfer" for e in call.events)
    assert (call.menu, call.node, call.seconds) == ("mts-federal", "agent", 38.0)
    silent = ivr.simulate(hotline, INTL, "", caller=MTS_HOME)
    assert not silent.reached_human


def test_ukrainian_sim_in_crimea(hotline) -> None:
    ua = {"network": "foreign", "location": "crimea"}
    for dial in ("+38 050 508 1111", "111"):
        call = ivr.simulate(hotline, dial, "", caller=ua)
        assert (call.outcome, call.node) == ("agent", "ua_agent")
        assert call.entry is not None and call.entry.region == "UA" and not call.entry.cost.free
        mts_sim = ivr.simulate(hotline, dial, "", caller={"network": "mts", "location": "crimea"})
        assert mts_sim.outcome == "not-served"


# --- the five conflicts -------------------------------------------------------------------------

CONFLICT = re.compile(r"conflict (\d)\b")


def _conflicts(*texts: str) -> set[int]:
    return {int(n) for t in texts for n in CONFLICT.findall(t)}


def _by_conflict(report: ivr.Report, n: int):
    return [r for r in report.results if n in _conflicts(r.claim.note, r.claim.disputed)]


def _disputed_entries(hotline, n: int) -> list[str]:
    return [e.id for _, e in hotline.entries() if n in _conflicts(e.disputed)]


def test_conflict_1_8800_from_mts(report, hotline) -> None:
    claims = _by_conflict(report, 1)
    disputed = [r for r in claims if r.claim.disputed]
    assert len(disputed) == 1
    assert disputed[0].claim.source == ("A",) and disputed[0].claim.expect == "not-served"
    working = [
        r for r in claims if not r.claim.disputed and dict(r.claim.caller)["network"] == "mts"
    ]
    assert working and all(r.holds for r in working)
    assert _disputed_entries(hotline, 1) == ["88002500890-mts"]


def test_conflict_2_number_from_abroad(report, hotline) -> None:
    claims = _by_conflict(report, 2)
    assert sorted(r.claim.dial for r in claims) == [INTL, INTL_B]
    assert all(r.holds and not r.claim.disputed for r in claims)  # both numbers are kept
    assert _disputed_entries(hotline, 2) == ["74957669166"]  # B's number, B alone


def test_conflict_3_keys_on_8800(report) -> None:
    claims = _by_conflict(report, 3)
    assert {(r.claim.keys_text, r.claim.source) for r in claims} == {
        ("1", ("A",)), ("0", ("A",)), ("2 0", ("B",)), ("4 0", ("C",)), ("1 0", ("C",)),
        ("1 2 4 0", ("C-guest",)), ("1 0", ("B",)),
    }  # fmt: skip
    assert sum(bool(r.claim.disputed) for r in claims) == 0  # one menu takes every sequence
    assert all(r.holds for r in claims)


def test_conflict_4_keys_on_short_numbers(report) -> None:
    claims = _by_conflict(report, 4)
    on_0890 = {
        (r.claim.keys_text, src) for r in claims if r.claim.dial == "0890" for src in r.claim.source
    }
    assert on_0890 == {
        ("2 0", "A"), ("2 0", "B"), ("2 0", "C"), ("5 0", "C"), ("5 0", "D"), ("1 0", "B"),
    }  # fmt: skip
    assert sum(bool(r.claim.disputed) for r in claims) == 0
    assert all(r.holds for r in claims)


def test_conflict_5_08460_app_only(report, hotline) -> None:
    claims = _by_conflict(report, 5)
    # C says 08460 is "shown only in the app", not that it cannot be dialled: C's own steps
    # dial it (2 0 or 5 0), so no claim says it is not served; the entry records the doubt
    assert not [r for r in claims if r.claim.disputed]
    assert claims and all(r.holds for r in claims)
    assert {s for r in claims for s in r.claim.source} == {"A", "B", "C"}
    assert _disputed_entries(hotline, 5) == ["08460"]


def test_reader_comments_are_cited(report) -> None:
    cited = {s for r in report.results for s in r.claim.source}
    assert {"A", "B", "C", "D", "E", "C-guest", "C-nadezhda"} <= cited

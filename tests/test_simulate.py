"""Worked examples of the call semantics, with exact seconds (see ``ivr.simulate``'s docstring).

Every menu here uses the default ``key_time`` of 1 s unless it says otherwise.
"""

from __future__ import annotations

import textwrap
import time

import pytest

import ivr
from ivr.sim.run import simulate


def menu(text: str) -> ivr.Menu:
    return ivr.load_menu_text(textwrap.dedent(text))


def kinds(call: ivr.Call) -> list[tuple[float, str, str]]:
    return [(e.t, e.node, e.kind) for e in call.events]


def one_menu(barge_in: bool = True, duration: float = 10, extra: str = "") -> ivr.Menu:
    return menu(
        f"""
        ivr: 1
        entries: [{{dial: "0890", start: main}}]
        nodes:
          main:
            type: menu
            say: "Operator - 1"
            duration: {duration}
            barge_in: {str(barge_in).lower()}
            options: {{"1": human}}
            {extra}
          human: {{type: agent}}
        """
    )


# -- barge-in ------------------------------------------------------------------------------


def test_barge_in_menu_takes_the_key_at_arrival_plus_key_time():
    call = simulate(one_menu(barge_in=True), "0890", "1")
    assert (call.outcome, call.node, call.seconds) == ("agent", "human", 1.0)
    assert call.pressed == (("1", 1.0),)


def test_key_time_argument_sets_the_press_time():
    call = simulate(one_menu(barge_in=True), "0890", "1", key_time=0.25)
    assert call.seconds == 0.25
    assert call.pressed == (("1", 0.25),)


def test_menu_key_time_field_sets_the_press_time():
    m = menu(
        """
        ivr: 1
        key_time: 2.5
        entries: [{dial: "0890", start: main}]
        nodes:
          main: {type: menu, duration: 10, barge_in: false, options: {"1": human}}
          human: {type: agent}
        """
    )
    assert simulate(m, "0890", "1").seconds == 12.5


def test_barge_in_off_waits_for_the_whole_prompt():
    call = simulate(one_menu(barge_in=False, duration=10), "0890", "1")
    assert (call.outcome, call.seconds) == ("agent", 11.0)
    assert call.pressed == (("1", 11.0),)
    press = next(e for e in call.events if e.kind == "press")
    assert press.detail == "after the prompt"


NEWS = """
    ivr: 1
    entries: [{{dial: "0890", start: news}}]
    nodes:
      news: {{type: prompt, say: "News of the day", duration: 20, barge_in: {news}, next: main}}
      main:
        type: menu
        say: "Balance 1, services 2"
        duration: 8
        barge_in: {main}
        options: {{"2": human}}
        {extra}
      human: {{type: agent}}
"""


def test_typed_ahead_key_cuts_a_barge_in_prompt_and_is_used_by_the_next_menu():
    call = simulate(menu(NEWS.format(news="true", main="true", extra="")), "0890", "2")
    assert (call.outcome, call.seconds) == ("agent", 1.0)
    assert call.pressed == (("2", 1.0),)
    assert kinds(call) == [
        (0.0, "0890", "dial"),
        (1.0, "news", "press"),
        (1.0, "news", "barge-in"),
        (1.0, "main", "play"),
        (1.0, "main", "key"),
        (1.0, "human", "agent"),
    ]


def test_typed_ahead_key_is_acted_on_even_where_the_menu_has_no_barge_in():
    # the key was pressed during the previous (barge-in) prompt, not during this menu's prompt
    call = simulate(menu(NEWS.format(news="true", main="false", extra="")), "0890", "2")
    assert (call.outcome, call.seconds) == ("agent", 1.0)


def test_prompt_without_barge_in_is_heard_to_its_end():
    call = simulate(menu(NEWS.format(news="false", main="true", extra="")), "0890", "2")
    assert (call.outcome, call.seconds) == ("agent", 21.0)
    assert call.pressed == (("2", 21.0),)


def test_neither_prompt_nor_menu_with_barge_in():
    call = simulate(menu(NEWS.format(news="false", main="false", extra="")), "0890", "2")
    assert (call.outcome, call.seconds) == ("agent", 29.0)


def test_no_keys_hears_a_barge_in_prompt_fully():
    m = menu(NEWS.format(news="true", main="true", extra="timeout: {after: 5, to: human}"))
    call = simulate(m, "0890")
    assert (call.outcome, call.seconds) == ("agent", 33.0)  # 20 news + 8 menu + 5 timeout


# -- timeout, invalid input, retries -------------------------------------------------------


@pytest.mark.parametrize("barge_in", [True, False])
def test_timeout_fires_after_prompt_end_plus_after(barge_in):
    m = one_menu(barge_in=barge_in, duration=8, extra="timeout: {after: 5, to: human}")
    call = simulate(m, "0890")
    assert (call.outcome, call.seconds) == ("agent", 13.0)
    assert (13.0, "main", "timeout") in kinds(call)


def test_an_ignored_key_during_the_prompt_does_not_delay_the_timeout():
    # the menu has no 'invalid': 9 (pressed at 1 s) is ignored; the timeout still fires 5 s
    # after the 8 s prompt ends
    m = one_menu(barge_in=True, duration=8, extra="timeout: {after: 5, to: human}")
    call = simulate(m, "0890", "9")
    assert [(e.t, e.kind) for e in call.events if e.key == "9"] == [
        (1.0, "press"),
        (1.0, "ignored"),
    ]
    assert call.seconds == 13.0


INVALID = """
    ivr: 1
    entries: [{dial: "0890", start: main}]
    nodes:
      main:
        type: menu
        say: "Operator - 1"
        duration: 4
        options: {"1": human}
        timeout: {after: 2, to: main}
        invalid: sorry
        retries: {max: 3, then: bye}
      sorry: {type: prompt, say: "No such option", duration: 3, barge_in: false, next: main}
      human: {type: agent}
      bye: {type: hangup, say: "Goodbye", duration: 2}
"""


def test_unknown_key_follows_invalid():
    call = simulate(menu(INVALID), "0890", "9 1")
    # 9 at 1 s -> sorry plays 3 s (1..4) -> main again at 4, 1 pressed at 5
    assert (call.outcome, call.seconds) == ("agent", 5.0)
    assert (1.0, "main", "invalid") in kinds(call)
    assert call.pressed == (("9", 1.0), ("1", 5.0))


def test_unknown_key_is_ignored_where_the_menu_has_no_invalid():
    m = one_menu(barge_in=True, duration=8, extra="timeout: {after: 5, to: human}")
    call = simulate(m, "0890", "9 1")
    assert (call.outcome, call.seconds) == ("agent", 2.0)
    assert [e.kind for e in call.events if e.key == "9"] == ["press", "ignored"]


def test_the_retries_max_th_silence_follows_retries_then():
    call = simulate(menu(INVALID), "0890")
    # three timeouts at 6, 12, 18 s; the third goes to 'bye', which plays 2 s
    assert [e.t for e in call.events if e.kind == "timeout"] == [6.0, 12.0, 18.0]
    assert (18.0, "main", "retry") in kinds(call)
    assert (call.outcome, call.node, call.seconds) == ("hangup", "bye", 20.0)


def test_the_retries_max_th_failure_counts_invalid_keys_and_timeouts_together():
    call = simulate(menu(INVALID), "0890", "9 9")
    # 9 at 1 -> sorry 1..4 -> 9 at 5 -> sorry 5..8 -> main at 8, silent: timeout at 8+4+2=14
    assert [e.t for e in call.events if e.kind in ("invalid", "timeout")] == [1.0, 5.0, 14.0]
    assert (call.outcome, call.seconds) == ("hangup", 16.0)


def test_fewer_failures_than_retries_max_do_not_trigger_retries_then():
    call = simulate(menu(INVALID), "0890", "9 9 1")
    assert (call.outcome, call.seconds) == ("agent", 9.0)
    assert not [e for e in call.events if e.kind == "retry"]


def test_taking_an_option_resets_the_failure_count():
    m = menu(
        """
        ivr: 1
        entries: [{dial: "0890", start: main}]
        nodes:
          main:
            type: menu
            options: {"1": main, "0": human}
            invalid: main
            retries: {max: 2, then: bye}
          human: {type: agent}
          bye: {type: hangup}
        """
    )
    assert simulate(m, "0890", "9 1 9 0").outcome == "agent"  # 9 fails, 1 resets, 9 fails once
    assert simulate(m, "0890", "9 9 0").outcome == "hangup"  # the second failure is the last


# -- silence, stuck, limits ----------------------------------------------------------------


def test_menu_without_timeout_and_a_silent_caller_is_stuck_at_the_limit():
    call = simulate(one_menu(duration=8), "0890")
    assert (call.outcome, call.node, call.seconds) == ("stuck", "main", 3600.0)
    call = simulate(one_menu(duration=8), "0890", limit=120)
    assert (call.outcome, call.seconds) == ("stuck", 120.0)


def test_stuck_is_never_before_the_prompt_it_waits_through():
    call = simulate(one_menu(duration=300, barge_in=False), "0890", "9", limit=60)
    assert call.outcome == "stuck"
    assert call.seconds == 301.0  # the ignored 9 was pressed after the prompt, at 301 s
    assert all(e.t <= call.seconds for e in call.events)


def test_a_timeout_loop_is_stuck_once_the_clock_passes_the_limit():
    m = one_menu(duration=3000, extra="timeout: {after: 500, to: main}")
    call = simulate(m, "0890")
    assert call.outcome == "stuck"
    times = [e.t for e in call.events]
    assert times == sorted(times)  # the clock never runs backwards
    assert call.seconds == 7000.0  # the second timeout is where the clock passed 3600 s


@pytest.mark.parametrize(
    "nodes",
    [
        "a: {type: prompt, next: b}\n  b: {type: prompt, next: a}",
        "a: {type: branch, cases: [], else: b}\n  b: {type: prompt, say: hi, next: a}",
        "a: {type: prompt, next: a, barge_in: false}\n  b: {type: agent}",
    ],
)
def test_a_zero_duration_loop_is_stuck_without_hanging(nodes):
    m = ivr.load_menu_text(f'ivr: 1\nentries: [{{dial: "0890", start: a}}]\nnodes:\n  {nodes}\n')
    started = time.monotonic()
    call = simulate(m, "0890")
    assert (call.outcome, call.seconds) == ("stuck", 0.0)
    assert simulate(m, "0890", "1 2 _ 3").outcome == "stuck"
    assert time.monotonic() - started < 10


# -- branches --------------------------------------------------------------------------------

BRANCH = """
    ivr: 1
    caller: {network: [mts, other], segment: [private, vip]}
    entries: [{dial: "0890", start: who}]
    nodes:
      who:
        type: branch
        cases:
          - {when: {network: mts, segment: vip}, to: vip}
          - {when: {network: mts}, to: human}
        else: bye
      vip: {type: callback}
      human: {type: agent}
      bye: {type: hangup}
"""


@pytest.mark.parametrize(
    ("caller", "outcome"),
    [
        ({"network": "mts", "segment": "vip"}, "callback"),
        ({"network": "mts"}, "agent"),  # segment defaults to the first declared: private
        ({"network": "other", "segment": "vip"}, "hangup"),
        ({}, "agent"),  # network defaults to mts
    ],
)
def test_branch_by_caller_attribute(caller, outcome):
    call = simulate(menu(BRANCH), "0890", caller=caller)
    assert call.outcome == outcome
    assert call.seconds == 0.0


def test_unknown_caller_attribute_or_value_is_a_clear_error():
    with pytest.raises(ValueError, match="did you mean 'network'"):
        simulate(menu(BRANCH), "0890", caller={"netwrk": "mts"})
    with pytest.raises(ValueError, match="not a value"):
        simulate(menu(BRANCH), "0890", caller={"network": "beeline"})


HOURS = """
    ivr: 1
    entries: [{{dial: "0890", start: clock}}]
    nodes:
      clock: {{type: branch, cases: [{{when: {{hour: "{span}"}}, to: open}}], else: closed}}
      open: {{type: agent}}
      closed: {{type: hangup}}
"""


@pytest.mark.parametrize(
    ("at", "outcome"),
    [("08:59", "hangup"), ("09:00", "agent"), ("12:00", "agent"), ("17:59", "agent"),
     ("18:00", "hangup"), ("23:00", "hangup")],
)  # fmt: skip
def test_branch_by_hour(at, outcome):
    assert simulate(menu(HOURS.format(span="09:00-18:00")), "0890", at=at).outcome == outcome


@pytest.mark.parametrize(
    ("at", "outcome"),
    [("21:59", "hangup"), ("22:00", "agent"), ("23:59", "agent"), ("00:00", "agent"),
     ("05:59", "agent"), ("06:00", "hangup"), ("12:00", "hangup")],
)  # fmt: skip
@pytest.mark.parametrize("span", ["22:00-06:00", "22:00 - 06:00", "22:00-6:00"])
def test_branch_by_an_hour_range_that_wraps_midnight(span, at, outcome):
    assert simulate(menu(HOURS.format(span=span)), "0890", at=at).outcome == outcome


def test_hour_range_until_24_00():
    m = menu(HOURS.format(span="15:00-24:00"))
    assert simulate(m, "0890", at="23:59").outcome == "agent"
    assert simulate(m, "0890", at="14:59").outcome == "hangup"


# -- entries and transfers -------------------------------------------------------------------


def test_not_served_when_the_entry_excludes_the_caller():
    m = menu(
        """
        ivr: 1
        caller: {network: [mts, other]}
        entries: [{dial: "0890", when: {network: mts}, start: human}]
        nodes:
          human: {type: agent}
        """
    )
    call = simulate(m, "0890", "1", caller={"network": "other"})
    assert (call.outcome, call.node, call.seconds) == ("not-served", None, 0.0)
    assert [e.kind for e in call.events] == ["dial", "not-served", "ignored"]
    assert simulate(m, "0890", caller={"network": "mts"}).outcome == "agent"


def test_not_served_by_hour():
    m = menu(
        """
        ivr: 1
        entries: [{dial: "0890", when: {hour: "09:00-18:00"}, start: human}]
        nodes:
          human: {type: agent}
        """
    )
    assert simulate(m, "0890", at="20:00").outcome == "not-served"
    assert simulate(m, "0890", at="10:00").outcome == "agent"


def test_two_entries_with_one_number_serve_different_callers():
    m = menu(
        """
        ivr: 1
        caller: {network: [mts, other]}
        entries:
          - {dial: "0890", id: own, when: {network: mts}, start: human}
          - {dial: "0890", id: guest, start: bye}
        nodes:
          human: {type: agent}
          bye: {type: hangup}
        """
    )
    assert simulate(m, "0890", caller={"network": "mts"}).entry.id == "own"
    assert simulate(m, "0890", caller={"network": "other"}).entry.id == "guest"


def test_unknown_number_is_a_clear_error():
    with pytest.raises(ValueError, match="did you mean '0890'"):
        simulate(one_menu(), "0891")


def test_transfer_into_another_files_entry(tmp_path):
    (tmp_path / "a.yaml").write_text(
        textwrap.dedent(
            """
            ivr: 1
            id: a
            entries: [{dial: "0890", start: main}]
            nodes:
              main: {type: menu, say: "Other line - 0", duration: 5, options: {"0": xfer}}
              xfer:
                type: transfer
                say: "Connecting"
                duration: 2
                to: {file: b.yaml, entry: support}
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        textwrap.dedent(
            """
            ivr: 1
            id: b
            entries: [{dial: "8 800 250 08 90", id: support, start: hello}]
            nodes:
              hello: {type: prompt, say: "Welcome to b", duration: 3, barge_in: false, next: main}
              main: {type: menu, say: "Operator - 0", duration: 4, options: {"0": human}}
              human: {type: agent}
            """
        ),
        encoding="utf-8",
    )
    hotline = ivr.load(tmp_path)
    call = simulate(hotline, "0890", "0 0")
    # 0 at 1 s, transfer 2 s (1..3), b's hello heard fully (3..6), 0 at 7 s
    assert (call.outcome, call.menu, call.node, call.seconds) == ("agent", "b", "human", 7.0)
    assert call.pressed == (("0", 1.0), ("0", 7.0))
    assert (1.0, "xfer", "transfer") in kinds(call)
    # the same node ids in two files are told apart by the menu the call is in
    assert simulate(hotline, "8 800 250 08 90", "0").seconds == 4.0


def test_after_a_transfer_keys_take_the_target_files_key_time(tmp_path):
    (tmp_path / "a.yaml").write_text(
        'ivr: 1\nid: a\nkey_time: 2\nentries: [{dial: "0890", start: main}]\nnodes:\n'
        '  main: {type: menu, options: {"0": x}}\n'
        '  x: {type: transfer, to: {file: b.yaml, entry: "0500"}}\n',
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        'ivr: 1\nid: b\nkey_time: 0.5\nentries: [{dial: "0500", start: main}]\nnodes:\n'
        '  main: {type: menu, options: {"0": human}}\n  human: {type: agent}\n',
        encoding="utf-8",
    )
    hotline = ivr.load(tmp_path)
    assert simulate(hotline, "0890", "0 0").pressed == (("0", 2.0), ("0", 2.5))
    assert simulate(hotline, "0890", "0 0", key_time=1).pressed == (("0", 1.0), ("0", 2.0))


# -- silence key and interactive calls -------------------------------------------------------

SILENT = """
    ivr: 1
    entries: [{dial: "0890", start: news}]
    nodes:
      news: {type: prompt, say: "News", duration: 10, next: main}
      main:
        type: menu
        duration: 8
        options: {"1": human}
        timeout: {after: 5, to: second}
      second: {type: menu, duration: 4, options: {"2": human2}}
      human: {type: agent}
      human2: {type: agent}
"""


def test_silence_key_waits_out_a_menu_then_presses_on():
    call = simulate(menu(SILENT), "0890", "_ 2")
    # '_' does not cut the barge-in news: 10 s; main plays 8 s and times out 5 s later: 23 s;
    # 2 pressed at once at 'second' (barge-in): 24 s
    assert (call.outcome, call.node, call.seconds) == ("agent", "human2", 24.0)
    assert call.pressed == (("2", 24.0),)
    assert (23.0, "main", "timeout") in kinds(call)


def test_silence_key_at_a_menu_with_no_timeout_is_stuck():
    assert simulate(menu(SILENT), "0890", "_ _").outcome == "stuck"


def test_until_input_stops_where_the_keys_run_out_at_a_menu():
    call = simulate(menu(SILENT), "0890", until_input=True)
    assert (call.outcome, call.node, call.seconds) == ("waiting", "main", 10.0)
    call = simulate(menu(SILENT), "0890", "_", until_input=True)
    assert (call.outcome, call.node, call.seconds) == ("waiting", "second", 23.0)
    call = simulate(menu(SILENT), "0890", "1", until_input=True)
    assert (call.outcome, call.seconds) == ("agent", 1.0)


def test_keys_left_when_the_call_ends_are_reported_as_ignored():
    call = simulate(one_menu(), "0890", "1 2 3")
    assert call.pressed == (("1", 1.0),)
    assert [(e.kind, e.key) for e in call.events[-2:]] == [("ignored", "2"), ("ignored", "3")]


def test_the_example_of_design_md():
    m = menu(
        """
        ivr: 1
        entries: [{dial: "0890", start: news}]
        nodes:
          news: {type: prompt, say: "News", duration: 25, barge_in: true, next: main}
          main:
            type: menu
            say: "Balance - 1. Mobile services - 2."
            duration: 18
            options: {"1": balance, "2": services}
            timeout: {after: 7, to: main}
            invalid: main
            retries: {max: 3, then: goodbye}
          services: {type: menu, say: "operator - 0", duration: 10, options: {"0": queue}}
          queue: {type: agent, queue: general}
          balance: {type: prompt, say: "Your balance is", duration: 8, next: main}
          goodbye: {type: hangup, say: "Goodbye"}
        """
    )
    assert simulate(m, "0890", "2 0").seconds == 2.0
    silent = simulate(m, "0890")
    assert (silent.outcome, silent.seconds) == ("hangup", 25.0 + 3 * 25.0)


def test_listen_mark_hears_prompts_and_menu_out_before_the_next_key():
    menu = ivr.load_menu_text(
        "ivr: 1\n"
        "entries: [{dial: '0890', start: news}]\n"
        "nodes:\n"
        "  news: {type: prompt, say: News, duration: 20, next: main}\n"
        "  main: {type: menu, say: 'Operator - 0', duration: 6, options: {'0': human}}\n"
        "  human: {type: agent}\n"
    )
    assert simulate(menu, "0890", "0").seconds == 1.0  # typed ahead into the news
    heard = simulate(menu, "0890", ". 0")
    assert heard.outcome == "agent" and heard.seconds == 27.0  # 20 + 6 heard, 1 to press
    assert [e.kind for e in heard.events if e.kind in ("listen", "ignored")] == ["listen"]


def test_a_transfer_names_the_line_as_a_caller_knows_it_not_its_file() -> None:
    call = ivr.simulate(
        ivr.load("menus/mts"), "+7 495 766 01 66", "_", {"network": "other", "location": "home"}
    )
    line = next(row for row in call.transcript().splitlines() if " transfer " in row)
    assert line.endswith("transfer  to the free federal number, from other operators and "
                         "landlines (8 800 250 08 90)")  # fmt: skip
    assert ".yaml" not in line

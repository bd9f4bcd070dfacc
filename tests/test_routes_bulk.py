"""The best route over the whole graph in C (``ivr.routing.bulk``) is the state search's.

When a route search settles many states it tries the plain part of the compiled graph with
scipy; here every search takes that way (``EAGER`` 0) and is compared with the state search
alone, on random menus (where it applies: no barge-in prompt, no ``retries`` on the way) and
on the deep tree where every agent ties.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ivr
from ivr.routing import bulk, finder
from ivr.testing import generate
from ivr.testing.strategies import callers, hotlines, hours

pytest.importorskip("scipy")


def _both(monkeypatch, hotline, who, at, by, with_wait=False):
    slow = ivr.routes(hotline, who, at, by, with_wait=with_wait)
    used = []
    real = bulk.best

    def spy(*args):
        got = real(*args)
        used.append(got is not None)
        return got

    with monkeypatch.context() as m:
        m.setattr(finder, "EAGER", 0)
        m.setattr(bulk, "best", spy)
        fast = ivr.routes(hotline, who, at, by, with_wait=with_wait)
    return slow, fast, any(used)


def _same(a, b) -> None:
    assert [(r.entry.id, r.keys, r.outcome, r.node, r.seconds) for r in a] == [
        (r.entry.id, r.keys, r.outcome, r.node, r.seconds) for r in b
    ]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_search_in_c_finds_the_state_search_route(data) -> None:
    hotline = data.draw(hotlines())
    who = data.draw(callers(hotline))
    at = data.draw(hours())
    by = data.draw(st.sampled_from(("time", "keys")))
    with_wait = data.draw(st.booleans())
    with pytest.MonkeyPatch.context() as mp:
        slow, fast, _used = _both(mp, hotline, who, at, by, with_wait)
    _same(slow, fast)


@pytest.mark.parametrize("by", ["time", "keys"])
def test_the_deep_tree_where_every_agent_ties(monkeypatch, by) -> None:
    hotline = generate.tree(400)
    slow, fast, used = _both(monkeypatch, hotline, None, "12:00", by)
    assert used  # the tree is plain: the search in C answered
    _same(slow, fast)
    # the oracle: every key sequence up to 5 long, by the simulator; the least time (and
    # presses), then the smallest keys
    best = min(
        (call.seconds, len(keys), keys)
        for n in range(1, 6)
        for keys in itertools.product("1234", repeat=n)
        if (call := ivr.simulate(hotline, generate.DIAL, keys)).outcome == "agent"
    )
    assert (fast[0].seconds, fast[0].key_count, fast[0].keys) == best


MENU_WITH_AN_UNKNOWN_WAIT = """\
ivr: 1
id: line
sources: {A: {title: The operator's site}}
entries:
- {id: e0, dial: "8 800 250 08 90", start: welcome}
nodes:
  welcome:
    type: menu
    say: Press 0 for a call back
    barge_in: false
    options: {"0": back}
    timeout: {after: 0.1, to: queue}
    invalid: welcome
  queue: {type: agent}
  back: {type: callback, wait: {mean: 0}}
"""


def test_the_search_in_c_counts_an_unknown_wait_as_the_state_search_does(tmp_path) -> None:
    # with waits counted, an agent whose wait no one knows ranks after a callback known to
    # take none; the search in C counted that unknown wait as 0 and chose the agent
    path = tmp_path / "line.yaml"
    path.write_text(MENU_WITH_AN_UNKNOWN_WAIT, encoding="utf-8")
    hotline = ivr.load(path)
    with pytest.MonkeyPatch.context() as mp:
        slow, fast, used = _both(mp, hotline, None, "12:00", "time", with_wait=True)
    assert used
    _same(slow, fast)
    assert (fast[0].keys, fast[0].outcome) == (("0",), "callback")

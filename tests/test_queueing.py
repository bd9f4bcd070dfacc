"""Erlang C against values computed another way: Erlang B's recursion (B(n) = A B(n-1) /
(n + A B(n-1)), C = N B / (N - A (1 - B))) and the standard table's figures for 10 erlangs."""

from __future__ import annotations

import math

import pytest

from ivr.model.queueing import erlangs, mean_wait, wait_probability


def _by_erlang_b(a: float, agents: int) -> float:
    b = 1.0
    for n in range(1, agents + 1):
        b = a * b / (n + a * b)
    return agents * b / (agents - a * (1 - b))


@pytest.mark.parametrize(
    ("agents", "table"), [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741)]
)
def test_ten_erlangs_wait_as_the_table_says(agents: int, table: float) -> None:
    # 200 calls an hour of 3 minutes each: 10 erlangs
    assert erlangs(200, 180) == 10
    assert round(wait_probability(200, 180, agents), 4) == table
    assert mean_wait(200, 180, agents) == pytest.approx(table * 180 / (agents - 10), abs=0.01)


@pytest.mark.parametrize(("calls", "handle", "agents"),
                         [(30, 240, 3), (900, 300, 80), (5000, 420, 600), (1, 60, 1)])  # fmt: skip
def test_erlang_c_agrees_with_erlang_b_recursion(calls: float, handle: float, agents: int) -> None:
    a = erlangs(calls, handle)
    assert wait_probability(calls, handle, agents) == pytest.approx(_by_erlang_b(a, agents))


def test_an_extra_agent_shortens_the_wait_and_too_few_never_clear() -> None:
    waits = [mean_wait(1000, 300, n) for n in range(84, 90)]
    assert math.isinf(mean_wait(1000, 300, 83))  # 83.3 erlangs
    assert all(x > y for x, y in zip(waits, waits[1:], strict=False))
    assert mean_wait(0, 300, 5) == 0.0 and wait_probability(0, 300, 5) == 0.0

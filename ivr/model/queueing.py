"""Queue waits from staffing: Erlang C (standard library only).

A queue that gets ``calls`` per hour, each taking ``handle`` seconds of an agent's time, and
served by ``agents`` agents, carries ``A = calls * handle / 3600`` erlangs of traffic. While
``agents > A`` the queue is stable and the probability that a call waits is Erlang C::

    P(wait) = (A^N / N!) * N / (N - A) / (sum_{k<N} A^k / k! + (A^N / N!) * N / (N - A))

and the mean wait of all calls (the "average speed of answer") is ``P(wait) * handle / (N -
A)``. The sums are taken in logarithms, so hundreds of agents do not overflow.

>>> round(wait_probability(200, 180, 11), 4)   # 10 erlangs, 11 agents
0.6821
>>> round(mean_wait(200, 180, 14), 1)           # the same traffic, 14 agents
7.8
>>> mean_wait(200, 180, 10)                     # no more agents than erlangs: it never clears
inf
"""

from __future__ import annotations

import math


def erlangs(calls: float, handle: float) -> float:
    """The traffic of ``calls`` per hour of ``handle`` seconds each, in erlangs."""
    return calls * handle / 3600.0


def wait_probability(calls: float, handle: float, agents: int) -> float:
    """The chance that a call waits for an agent (1 when the queue never clears)."""
    a = erlangs(calls, handle)
    if a <= 0:
        return 0.0
    if agents <= a:
        return 1.0
    log_a = math.log(a)
    terms = [k * log_a - math.lgamma(k + 1) for k in range(agents)]
    top = agents * log_a - math.lgamma(agents + 1) + math.log(agents / (agents - a))
    peak = max(max(terms), top)
    below = sum(math.exp(t - peak) for t in terms)
    last = math.exp(top - peak)
    return last / (below + last)


def mean_wait(calls: float, handle: float, agents: int) -> float:
    """The expected wait of a call in seconds (inf when ``agents`` cannot clear the traffic)."""
    a = erlangs(calls, handle)
    if a <= 0:
        return 0.0
    if agents <= a:
        return math.inf
    return wait_probability(calls, handle, agents) * handle / (agents - a)

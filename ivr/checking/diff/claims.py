"""The documented-claims layer of ``ivr diff``: every claim of either side replayed on both.

A claim that held and no longer does *broke* (a regression), one that was broken and now holds
is *fixed*; a claim added that does not hold is a regression too.
"""

from __future__ import annotations

from ivr.checking.diff.report import Change
from ivr.checking.runner import ClaimResult, claim_words
from ivr.errors import IvrError
from ivr.model.types import Claim, Hotline, Menu


def claim_changes(old: Hotline, new: Hotline) -> list[Change]:
    """The claims that broke, were fixed, added or removed between ``old`` and ``new``."""
    out: list[Change] = []
    olds = {_claim_key(c): (m, c) for m, c in old.claims()}
    news = {_claim_key(c): (m, c) for m, c in new.claims()}
    for key in [*olds, *(k for k in news if k not in olds)]:
        menu, claim = news.get(key) or olds[key]
        what = _describe(claim)
        after = _replay(new, menu, claim)
        if key not in olds:
            broken = not _ok(after)
            message = f"documented: {what}"
            if broken:
                message += f"; it does not hold: {_outcome(after)}"
            out.append(Change("claim", "added", what, message, regression=broken,
                              after=_outcome(after), loc=claim.loc))  # fmt: skip
            continue
        old_menu, old_claim = olds[key]
        before = _replay(old, old_menu, old_claim)
        was, now = _outcome(before), _outcome(after)
        broke = _ok(before) and not _ok(after)
        if key not in news:
            if broke:
                message = f"documented: {what}; removed and no longer holds: now {now}"
                out.append(Change("claim", "broke", what, message, regression=True, before=was,
                                  after=now, loc=old_claim.loc))  # fmt: skip
            else:
                message = f"documented: {what}"
                out.append(Change("claim", "removed", what, message, loc=old_claim.loc))
        elif broke:
            message = f"documented: {what}; was {was}, now {now}"
            out.append(Change("claim", "broke", what, message, regression=True, before=was,
                              after=now, loc=claim.loc))  # fmt: skip
        elif not _ok(before) and _ok(after):
            message = f"documented: {what}; holds again: now {now}"
            out.append(Change("claim", "fixed", what, message, improvement=True, before=was,
                              after=now, loc=claim.loc))  # fmt: skip
    return out


def _claim_key(c: Claim) -> tuple:
    return (c.dial, c.keys, c.caller, c.at, c.expect, c.node)


def _describe(claim: Claim) -> str:
    return f"{claim_words(claim)} expecting {claim.expect}"


def _replay(h: Hotline, menu: Menu, claim: Claim) -> ClaimResult | str:
    """The claim replayed on ``h``, or why it cannot be (a number no entry of ``h`` answers)."""
    from ivr.sim.run import simulate  # noqa: PLC0415

    try:
        call = simulate(h, claim.dial, claim.keys, dict(claim.caller), claim.at)
    except IvrError as exc:
        return str(exc)
    return ClaimResult(menu, claim, call)


def _ok(result: ClaimResult | str) -> bool:
    return not isinstance(result, str) and result.ok


def _outcome(result: ClaimResult | str) -> str:
    if isinstance(result, str):
        return result
    return f"{result.call.outcome} at '{result.call.node}' after {result.call.seconds:g} s"

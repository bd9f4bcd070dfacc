"""Every documented claim in ``menus/`` is its own test item, replayed by the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

import ivr
from ivr.checking.runner import ClaimResult

MENUS = Path(__file__).resolve().parent.parent / "menus"
HOTLINES = sorted(p for p in MENUS.iterdir() if p.is_dir())


def _claims() -> list:
    params = []
    for folder in HOTLINES:
        hotline = ivr.load(folder)
        for menu, claim in hotline.claims():
            name = (
                f"{folder.name}/{Path(menu.file).name}:{claim.loc.line} "
                f"{claim.dial} [{claim.keys_text}] {','.join(claim.source)}"
            )
            params.append(pytest.param(hotline, menu, claim, id=name))
    return params


def test_there_are_hotlines_with_claims():
    assert HOTLINES, "menus/ holds no hotline folder"
    assert len(_claims()) >= 14


@pytest.mark.parametrize(("hotline", "menu", "claim"), _claims())
def test_documented_claim(hotline, menu, claim):
    call = ivr.simulate(hotline, claim.dial, claim.keys, dict(claim.caller), claim.at)
    result = ClaimResult(menu, claim, call)
    assert result.ok, f"{result.describe()}\n\n{call.transcript()}"

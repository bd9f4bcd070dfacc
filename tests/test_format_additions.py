"""The format's additions for what texts about a hotline need: callers that cannot exist,
days and dates in conditions, the quality and load of an entry, unknown waits."""

from __future__ import annotations

import pytest

import ivr
from ivr.io.yaml.reader import load_menu_text
from ivr.io.yaml.writer import dump
from ivr.sim.callers import caller_contexts

EXCLUDING = """
ivr: 1
region: ""
caller:
  network: [sim, landline]
  location: [home, roaming]
  exclude:
    - {network: landline, location: roaming}
entries: [{dial: "0890", start: human}]
nodes:
  human: {type: agent}
"""


def test_an_excluded_caller_gets_no_context_and_no_call() -> None:
    menu = load_menu_text(EXCLUDING)
    contexts = caller_contexts(ivr.Hotline((menu,)))
    assert {"network": "landline", "location": "roaming"} not in contexts
    assert len(contexts) == 3
    with pytest.raises(ivr.IvrError, match="no such caller: network=landline, location=roaming"):
        ivr.simulate(menu, "0890", caller={"network": "landline", "location": "roaming"})
    assert ivr.simulate(menu, "0890", caller={"network": "landline"}).outcome == "agent"


def test_exclude_survives_a_dump_and_load() -> None:
    menu = load_menu_text(EXCLUDING)
    again = load_menu_text(dump(menu))
    assert again.caller_exclude == menu.caller_exclude
    assert again.caller == menu.caller


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("{network: landlin, location: roaming}", "'landlin' is not a value"),
        ("{netwrk: landline}", "does not declare"),
        ('{network: landline, hour: "09:00-10:00"}', "tests the hour"),
    ],
)
def test_a_wrong_exclude_is_located(item: str, message: str) -> None:
    text = EXCLUDING.replace("{network: landline, location: roaming}", item)
    with pytest.raises(ivr.LoadError, match=message):
        load_menu_text(text)


def test_a_claim_about_an_excluded_caller_is_an_error() -> None:
    text = EXCLUDING + (
        "sources: {A: a text}\n"
        'documented: [{dial: "0890", caller: {network: landline, location: roaming}, source: A}]\n'
    )
    with pytest.raises(ivr.LoadError, match="cannot exist"):
        _load_folder(text)


def _load_folder(text: str) -> None:
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "m.yaml").write_text(text, encoding="utf-8")
        ivr.load(tmp)

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


QUALITY = """
ivr: 1
region: RU
entries:
  - {id: far, dial: "0890", start: menu, connect: {delay: 60, failure: 0.5}}
  - {dial: "0605", start: menu, load: 0.5}
  - {dial: "+7 495 766 01 66", start: menu, needs_plus: true}
nodes:
  menu:
    type: menu
    say: "Operator 0"
    duration: 5
    options: {"0": human}
  human: {type: agent, wait: {mean: 600}}
  quiet: {type: agent}
"""


def test_a_connect_delay_counts_from_the_dialling_with_its_redials() -> None:
    menu = load_menu_text(QUALITY)
    call = ivr.simulate(menu, "0890", "0")
    # 60 s an attempt, half of them fail: 120 s expected to the answer, then the key at 1 s
    assert call.seconds == 121.0
    assert call.events[1].kind == "connect" and call.events[1].detail.startswith(
        "the line answers after about 2 min"
    )
    assert call.pressed == (("0", 121.0),)


def test_load_scales_the_queue_wait_and_routes_with_waits_prefer_the_lighter_number() -> None:
    menu = load_menu_text(QUALITY)
    assert ivr.simulate(menu, "0605", "0").events[-1].wait == 300.0
    assert ivr.simulate(menu, "0890", "0").events[-1].wait == 600.0
    best = ivr.routes(menu, by="time", with_wait=True)[0]
    assert (best.entry.dial, best.wait, best.total) == ("0605", 300.0, 301.0)
    # without the waits the time alone decides: 0605 and +7 495 ... both take 1 s
    assert ivr.routes(menu, by="time")[0].seconds == 1.0


def test_a_number_that_needs_plus_is_not_served_dialled_nationally() -> None:
    menu = load_menu_text(QUALITY)
    national = ivr.simulate(menu, "8 495 766 01 66", "0")
    assert national.outcome == "not-served"
    said = next(e for e in national.events if e.kind == "not-served")
    assert "only when dialled with +" in said.detail
    assert ivr.simulate(menu, "+7 495 766-01-66", "0").outcome == "agent"
    again = load_menu_text(dump(menu))
    assert [(e.connect, e.load, e.needs_plus) for e in again.entries] == [
        (e.connect, e.load, e.needs_plus) for e in menu.entries
    ]
    with pytest.raises(ivr.LoadError, match="not in international form"):
        load_menu_text(
            QUALITY.replace(
                '"+7 495 766 01 66", start: menu, needs', '"8 495 766 01 66", start: menu, needs'
            )
        )


def test_an_unknown_wait_is_said_and_never_counted_as_nothing() -> None:
    text = QUALITY.replace('options: {"0": human}', 'options: {"0": human, "1": quiet}')
    menu = load_menu_text(text)
    call = ivr.simulate(menu, "0605", "1")
    assert call.events[-1].wait is None
    assert call.events[-1].detail.endswith("the wait is not known")
    best = ivr.routes(menu, by="time", with_wait=True)[0]
    assert best.node == "human"  # the known 5 min beat a wait no one knows, though 0 s is less
    quiet = ivr.routes(menu, by="keys", with_wait=True, k=10)
    unknown = next(r for r in quiet if r.node == "quiet")
    assert unknown.wait is None and unknown.wait_unknown
    assert "not known" in "\n".join(unknown.steps)

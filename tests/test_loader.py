"""The loader's happy path: every field lands in the model, defaults, folders, equality."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.io.discover import menu_files
from ivr.io.registry import load
from ivr.io.yaml.reader import load_menu_text
from ivr.model.keys import split_keys
from ivr.model.types import (
    DEFAULT_AT,
    DEFAULT_KEY_TIME,
    FREE,
    Case,
    Condition,
    Cost,
    Facts,
    HourWait,
    Loc,
    Retries,
    Source,
    Target,
    Timeout,
    Wait,
)
from ivr.sim.run import simulate

FULL = """\
ivr: 1
id: demo
title: A demo hotline
key_time: 0.5
note: a file note
sources:
  A: {title: "Help page", date: 2024-05-01, url: "https://example.org/help", note: "text A"}
  B: "Forum post"
caller:
  network: [mts, other]
  segment: [private, vip]
entries:
  - dial: "0890"
    when: {network: mts, hour: ["09:00-18:00", "20:00 - 22:00"]}
    cost: free
    start: news
    source: A
  - id: landline
    dial: "+7 495 766-01-66"
    title: from a landline
    when: {network: [mts, other]}
    cost: {per_minute: 15, currency: RUB, note: roaming}
    start: route
    region: RU
    source: [A, B]
    inferred: [cost]
    note: an entry note
    disputed: B doubts it
nodes:
  news: {type: prompt, say: "News of the day", duration: 20, barge_in: false, next: main}
  main:
    type: menu
    say: "Balance 1, services 2"
    duration: 8
    options: {"1": bal, "2": route, "*": main, "#": bye, "D": bye}
    timeout: {after: 5, to: main}
    invalid: main
    retries: {max: 3, then: bye}
    inferred: [timeout, invalid]
    suppress: no-invalid
  route:
    type: branch
    cases:
      - {when: {segment: vip}, to: callme}
      - {when: {hour: "22:00-06:00"}, to: bye}
    else: human
  bal: {type: prompt, say: "", next: main}
  human:
    type: agent
    say: a specialist
    queue: general
    wait:
      mean: 1200
      min: 300
      max: 2400
      by_hour: [{hours: "15:00-24:00", mean: 900}]
    cost: {free: false, per_minute: 2.5, currency: RUB}
    source: B
  callme: {type: callback, queue: vip}
  out: {type: transfer, say: Transferring, duration: 3, to: {file: other.yaml, entry: "0100"}}
  bye: {type: hangup, say: Goodbye, duration: 2}
documented:
  - {dial: "0890", keys: "2", caller: {network: mts}, source: A}
  - dial: "+7 495 766-01-66"
    keys: "1-2-4-0"
    caller: {segment: vip}
    at: "16:00"
    expect: callback
    node: callme
    source: [A, B]
    disputed: why not
    note: a claim note
"""


@pytest.fixture(scope="module")
def menu():
    other = "ivr: 1\nentries: [{dial: '0100', start: x}]\nnodes: {x: {type: hangup}}\n"
    # the transfer target must exist: load FULL as one file of a two-file hotline
    return _folder_menu(FULL, other)


def _folder_menu(text: str, other: str):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "demo.yaml").write_text(text, encoding="utf-8")
        Path(tmp, "other.yaml").write_text(other, encoding="utf-8")
        return load(tmp).menu("demo")


def test_top_level_fields(menu):
    assert menu.id == "demo"
    assert menu.title == "A demo hotline"
    assert menu.version == 1
    assert menu.key_time == 0.5
    assert menu.file.endswith("demo.yaml")
    assert menu.loc.line == 1


def test_sources(menu):
    a, b = menu.sources
    assert a == Source("A", "Help page", "2024-05-01", "text A", "https://example.org/help")
    assert b == Source("B", title="Forum post")
    assert a.loc.line == 7


def test_caller_attributes_keep_declared_order(menu):
    assert menu.caller == (("network", ("mts", "other")), ("segment", ("private", "vip")))


def test_entry_fields(menu):
    first, second = menu.entries
    assert first.id == "0890"  # default: the digits of dial
    assert first.dial == "0890"
    assert first.start == "news"
    assert first.when.attrs == (("network", ("mts",)),)
    assert first.when.hours == ("09:00-18:00", "20:00 - 22:00")
    assert first.cost == FREE
    assert first.region == "RU"
    assert first.facts == Facts(("A",))
    assert second.id == "landline"
    assert second.title == "from a landline"
    assert second.when == Condition((("network", ("mts", "other")),))
    assert second.cost == Cost(False, 15.0, "RUB", "roaming")
    assert second.facts == Facts(("A", "B"), ("cost",), "an entry note")
    assert second.disputed == "B doubts it"
    assert second.loc.line == first.loc.line + 5


def test_entry_id_defaults_to_the_digits_of_dial():
    text = "ivr: 1\nentries: [{dial: '+7 (495) 766-01-66', start: x}]\nnodes: {x: {type: hangup}}\n"
    assert load_menu_text(text).entries[0].id == "+74957660166"


def test_prompt_fields(menu):
    news = menu.node("news")
    assert (news.type, news.say, news.duration, news.barge_in, news.next) == (
        "prompt",
        "News of the day",
        20.0,
        False,
        "main",
    )
    bal = menu.node("bal")
    assert bal.say == ""
    assert bal.duration == 0.0
    assert bal.barge_in is True  # the default


def test_menu_fields(menu):
    main = menu.node("main")
    assert main.options == (("1", "bal"), ("2", "route"), ("*", "main"), ("#", "bye"), ("D", "bye"))
    assert main.option("2") == "route"
    assert main.option("9") is None
    assert main.timeout == Timeout(5.0, "main")
    assert main.invalid == "main"
    assert main.retries == Retries(3, "bye")
    assert main.facts.inferred == ("timeout", "invalid")
    assert main.suppress == ("no-invalid",)
    assert main.timeout.loc.line == FULL.splitlines().index("    timeout: {after: 5, to: main}") + 1


def test_branch_fields(menu):
    route = menu.node("route")
    assert route.cases == (
        Case(Condition((("segment", ("vip",)),)), "callme"),
        Case(Condition(hours=("22:00-06:00",)), "bye"),
    )
    assert route.otherwise == "human"


def test_agent_and_callback_fields(menu):
    human = menu.node("human")
    assert human.queue == "general"
    assert human.say == "a specialist"
    assert human.wait == Wait(1200.0, 300.0, 2400.0, (HourWait("15:00-24:00", 900.0),))
    assert human.wait.at(16 * 60) == 900.0
    assert human.cost == Cost(False, 2.5, "RUB")
    assert human.facts.source == ("B",)
    assert human.terminal
    callme = menu.node("callme")
    assert (callme.type, callme.queue, callme.wait) == ("callback", "vip", None)


def test_transfer_and_hangup_fields(menu):
    out = menu.node("out")
    assert out.to == Target("other.yaml", "0100")
    assert out.duration == 3.0
    bye = menu.node("bye")
    assert (bye.type, bye.say, bye.duration, bye.terminal) == ("hangup", "Goodbye", 2.0, True)


def test_claims(menu):
    first, second = menu.documented
    assert first.dial == "0890"
    assert first.keys == ("2",)
    assert first.caller == (("network", "mts"),)
    assert first.at == DEFAULT_AT == "12:00"
    assert first.expect == "agent"
    assert first.node is None
    assert first.source == ("A",)
    assert second.keys == ("1", "2", "4", "0")
    assert second.caller == (("segment", "vip"),)
    assert second.at == "16:00"
    assert (second.expect, second.node) == ("callback", "callme")
    assert second.source == ("A", "B")
    assert (second.disputed, second.note) == ("why not", "a claim note")
    assert second.keys_text == "1 2 4 0"


MINIMAL = "ivr: 1\nnodes: {bye: {type: hangup}}\n"


def test_defaults_of_a_minimal_file():
    menu = load_menu_text(MINIMAL, "menus/minimal.yaml")
    assert menu.id == "minimal"  # the file name without .yaml
    assert menu.title == ""
    assert menu.key_time == DEFAULT_KEY_TIME == 1.0
    assert menu.sources == menu.entries == menu.documented == menu.caller == ()
    bye = menu.nodes[0]
    assert (bye.say, bye.duration, bye.barge_in, bye.next, bye.options) == ("", 0.0, True, None, ())
    assert bye.facts == Facts()
    assert bye.loc == Loc("menus/minimal.yaml", 2, len("nodes: {bye: ") + 1)


def test_claim_defaults():
    text = (
        "ivr: 1\nsources: {A: a}\nentries: [{dial: '0890', start: h}]\n"
        "nodes: {h: {type: agent}}\ndocumented: [{dial: '0890', source: A}]\n"
    )
    claim = load_menu_text(text).documented[0]
    assert (claim.keys, claim.caller, claim.at, claim.expect, claim.node) == (
        (),
        (),
        "12:00",
        "agent",
        None,
    )
    assert claim.disputed == claim.note == ""


@pytest.mark.parametrize(
    ("text", "free", "rate"),
    [("free", True, None), ("{per_minute: 0}", True, 0.0), ("{note: paid}", False, None)],
)
def test_cost_forms(text, free, rate):
    menu = load_menu_text(
        f"ivr: 1\nentries: [{{dial: '0890', start: h, cost: {text}}}]\n"
        "nodes: {h: {type: agent}}\n"
    )
    cost = menu.entries[0].cost
    assert (cost.free, cost.per_minute) == (free, rate)


@pytest.mark.parametrize("value", ["true", "yes", "on", "True"])
def test_yaml_11_booleans(value):
    menu = load_menu_text(f"ivr: 1\nnodes: {{p: {{type: prompt, barge_in: {value}, next: p}}}}\n")
    assert menu.nodes[0].barge_in is True


def test_barge_in_false():
    menu = load_menu_text("ivr: 1\nnodes: {p: {type: prompt, barge_in: false, next: p}}\n")
    assert menu.nodes[0].barge_in is False


def test_anchors_and_aliases_are_plain_data():
    text = """\
ivr: 1
nodes:
  a: {type: menu, options: {"0": h}, timeout: &t {after: 5, to: h}}
  b: {type: menu, options: {"0": h}, timeout: *t}
  h: {type: agent}
"""
    menu = load_menu_text(text)
    assert menu.node("a").timeout == menu.node("b").timeout == Timeout(5.0, "h")


def test_utf8_bom_and_cyrillic(tmp_path):
    path = tmp_path / "ru.yaml"
    path.write_bytes(
        "\ufeffivr: 1\ntitle: Служба поддержки\nnodes: {bye: {type: hangup}}\n".encode()
    )
    assert load(path).menus[0].title == "Служба поддержки"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("2 0", ("2", "0")),
        ("2,0", ("2", "0")),
        ("1-2-4-0", ("1", "2", "4", "0")),
        ("20", ("2", "0")),
        ("", ()),
        ("   ", ()),
        ("_ 0", ("_", "0")),
        ("*#", ("*", "#")),
        ("1, 2 , 3", ("1", "2", "3")),
        ("12 3", ("12", "3")),  # with separators each part is one key (the loader flags '12')
    ],
)
def test_split_keys(text, keys):
    assert split_keys(text) == keys


# -- folders -------------------------------------------------------------------------------

FIRST = """\
ivr: 1
id: first
entries: [{dial: "0890", start: main}]
nodes:
  main:
    {type: menu, say: "federal 9", duration: 4, options: {"9": go}, timeout: {after: 5, to: main}}
  go: {type: transfer, say: Transferring, duration: 3, to: {file: second.yaml, entry: federal}}
"""
SECOND = """\
ivr: 1
id: second
entries: [{id: federal, dial: "8 800 250 08 90", start: hello}]
nodes:
  hello: {type: prompt, say: Hello, duration: 2, next: human}
  human: {type: agent}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "first.yaml").write_text(FIRST, encoding="utf-8")
    (tmp_path / "second.yaml").write_text(SECOND, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a menu")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ignored.yaml").write_text("not even YAML: [")
    return tmp_path


def test_folder_loads_every_menu_file(folder):
    hotline = load(folder)
    assert [m.id for m in hotline.menus] == ["first", "second"]
    assert hotline.path == str(folder)
    assert hotline.menu("second").file == str(folder / "second.yaml")
    assert hotline.menu("second.yaml").id == "second"


def test_transfer_between_files_is_resolved(folder):
    hotline = load(folder)
    go = hotline.menu("first").node("go")
    assert go.to == Target("second.yaml", "federal")
    call = simulate(hotline, "0890", "9")
    assert (call.outcome, call.menu, call.node) == ("agent", "second", "human")
    assert call.seconds == 1 + 3 + 2  # key, transfer message, hello


def test_transfer_by_dial_instead_of_id(folder):
    (folder / "first.yaml").write_text(FIRST.replace("entry: federal", 'entry: "8 800 250 08 90"'))
    assert simulate(load(folder), "0890", "9").outcome == "agent"


def test_claim_may_dial_an_entry_of_another_file(folder):
    (folder / "first.yaml").write_text(
        FIRST + "sources: {A: a}\ndocumented: [{dial: '+78002500890', source: A}]\n"
    )
    hotline = load(folder)
    assert hotline.menu("first").documented[0].dial == "+78002500890"


def test_single_file_of_a_folder(folder):
    hotline = load(folder / "second.yaml")
    assert [m.id for m in hotline.menus] == ["second"]
    assert hotline.path == str(folder / "second.yaml")


def test_caller_attributes_are_the_union_of_the_files(folder):
    (folder / "first.yaml").write_text(
        FIRST.replace("entries:", "caller: {network: [mts, other]}\nentries:")
    )
    (folder / "second.yaml").write_text(
        SECOND.replace("entries:", "caller: {network: [other, tele2], segment: [a]}\nentries:")
    )
    assert load(folder).caller_attributes == {
        "network": ("mts", "other", "tele2"),
        "segment": ("a",),
    }


def test_menu_files_order(tmp_path):
    for name in ("b.yaml", "a.yml", "C.yaml", "c.txt", "a.yaml.bak", "10.yaml", "9.yaml"):
        (tmp_path / name).write_text("ivr: 1\n")
    (tmp_path / "d.yaml").mkdir()
    assert [p.name for p in menu_files(tmp_path)] == [
        "10.yaml",
        "9.yaml",
        "C.yaml",
        "a.yml",
        "b.yaml",
    ]
    assert menu_files(tmp_path / "b.yaml") == [tmp_path / "b.yaml"]


def test_menu_files_of_a_single_file_is_that_file_whatever_its_name(tmp_path):
    path = tmp_path / "menu.txt"
    assert menu_files(path) == [path]


# -- equality --------------------------------------------------------------------------------


def test_model_equality_ignores_locations():
    a = load_menu_text(MINIMAL, "a.yaml")
    b = load_menu_text(
        "# a comment moves every line\n\n" + MINIMAL.replace("{bye:", "{ bye:"), "a.yaml"
    )
    assert a.nodes[0].loc != b.nodes[0].loc
    assert a == b
    assert hash(a) == hash(b)


def test_model_equality_sees_values():
    a = load_menu_text(MINIMAL, "a.yaml")
    b = load_menu_text(MINIMAL.replace("hangup}", "hangup, say: bye}"), "a.yaml")
    assert a != b


def test_flow_and_block_style_load_equal():
    flow = (
        'ivr: 1\nnodes: {m: {type: menu, options: {"0": h}, timeout: {after: 5, to: h}}, '
        "h: {type: agent}}\n"
    )
    block = """\
ivr: 1
nodes:
  m:
    type: menu
    options:
      "0": h
    timeout:
      after: 5
      to: h
  h:
    type: agent
"""
    assert load_menu_text(flow, "x.yaml") == load_menu_text(block, "x.yaml")


def test_whole_hotline_equality(folder, tmp_path_factory):
    copy = tmp_path_factory.mktemp("copy")
    for name in ("first.yaml", "second.yaml"):
        (copy / name).write_text("# moved\n" + (folder / name).read_text())
    a, b = load(folder), load(copy)
    assert a.menus[0].nodes == b.menus[0].nodes
    assert a.menus[1].entries == b.menus[1].entries

"""The JSON Schema of menu files agrees with the loader.

The loader is the authority; the schema is what an editor checks while a menu is typed. They
must agree on every structural question (fields per node type, required fields, value types
and ranges, keys, enumerations): a menu the loader reads validates, and each structural mistake
is rejected by both. What a schema cannot see (references between nodes, cited sources,
declared caller attributes, numbers that parse, other files) stays with the loader alone.
"""

from __future__ import annotations

import json
import math
import re
import string
from pathlib import Path

import pytest
import yaml
from conftest import DEMO
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import ivr
from ivr.cli.app import main
from ivr.io import json_schema, spec
from ivr.io.yaml import sections
from ivr.io.yaml.schema import schema, schema_text
from ivr.lint.rules import RULES
from ivr.model import types as model

ROOT = Path(__file__).resolve().parent.parent
MENUS = ROOT / "menus"
MENU_FILES = sorted(p for p in MENUS.rglob("*") if p.suffix in spec.MENU_SUFFIXES)
SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")

VALIDATOR = Draft202012Validator(schema())


# -- helpers -----------------------------------------------------------------------------
def as_data(text: str) -> object:
    """YAML text as the plain data a schema validator sees.

    Scalars are read as the loader reads them: a number where YAML resolves one and it
    parses, true/false for YAML booleans, None for null, and otherwise the text as written
    (so ``at: 12:00`` stays text, as in YAML 1.2 and in the loader, not sexagesimal 720).
    """
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _plain(node)


def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if kind == "bool":
        return node.value.lower() in ("true", "yes", "on", "y")
    if kind in ("int", "float"):
        plain = node.value.replace("_", "")
        for convert in (int, float):
            try:
                value = convert(plain)
            except ValueError:
                continue
            if isinstance(value, int) or math.isfinite(value):
                return value
    return node.value


def schema_errors(data: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)
    ]


def loader_errors(text: str) -> list[str]:
    try:
        ivr.load_menu_text(text, "menus/x.yaml")
    except ivr.LoadError as exc:
        return [str(e) for e in exc.errors]
    return []


def dump(data: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


def _walk(node: object, path: str = "#"):
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def _resolve(s: dict, sub: dict) -> dict:
    while "$ref" in sub and "description" not in sub:
        sub = s["$defs"][sub["$ref"].removeprefix("#/$defs/")]
    return sub


# -- the schema itself -------------------------------------------------------------------
def test_schema_is_a_valid_draft_2020_12_schema():
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(s)


def test_schema_text_is_the_shipped_json_and_the_cli_prints_it(capsys):
    assert json.loads(schema_text()) == schema()
    assert schema() is not schema()  # a fresh dict each time
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()


def test_every_reference_resolves_and_every_property_has_a_description():
    s = schema()
    missing = []
    for path, sub in _walk(s):
        ref = sub.get("$ref")
        if isinstance(ref, str):
            assert ref.removeprefix("#/$defs/") in s["$defs"], f"{path}: {ref} does not resolve"
        if "/if" in path:  # the conditions of if/then only test a node's type
            continue
        for kind in ("properties", "patternProperties"):
            for name, prop in (sub.get(kind) or {}).items():
                if isinstance(prop, dict) and not _resolve(s, prop).get("description"):
                    missing.append(f"{path}/{kind}/{name}")
        extra = sub.get("additionalProperties")
        if isinstance(extra, dict) and not _resolve(s, extra).get("description"):
            missing.append(f"{path}/additionalProperties")
    assert not missing, "properties without a description:\n" + "\n".join(missing)


def test_field_lists_match_the_spec():
    s = schema()
    d = s["$defs"]
    sections = spec.SECTIONS
    assert list(s["properties"]) == list(sections["top"].names())
    assert s["required"] == ["ivr", "nodes"] == list(sections["top"].required())
    assert list(d["entry"]["properties"]) == list(sections["entry"].names())
    assert d["entry"]["required"] == ["dial", "start"]
    assert list(d["claim"]["properties"]) == list(sections["claim"].names())
    assert d["claim"]["required"] == ["dial"]  # a claim may cite no source (lint asks)
    assert list(d["node"]["properties"]) == list(spec.ALL_NODE_FIELDS)
    assert d["field_type"]["enum"] == list(model.NODE_TYPES)
    assert d["claim"]["properties"]["expect"]["enum"] == list(model.OUTCOMES)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in d["node"]["allOf"]}
    assert list(branches) == list(model.NODE_TYPES)
    for node_type in model.NODE_TYPES:
        own = d[branches[node_type]["$ref"].removeprefix("#/$defs/")]
        fields = spec.node_fields(node_type)
        assert set(fields) == set(spec.COMMON_NODE_FIELDS + spec.TYPE_FIELDS[node_type])
        assert list(own["properties"]) == list(fields), node_type
        assert own["required"] == list(spec.required(node_type))
        assert own["additionalProperties"] is False
        assert own["properties"]["inferred"]["anyOf"][0]["enum"] == [*fields, "all"]


def test_the_loader_reads_the_fields_of_the_spec():
    for name, section in spec.SECTIONS.items():
        assert sections.FIELDS[name] == (section.names(), section.required()), name


def test_the_shipped_schema_is_the_one_the_spec_generates():
    """``ivr/menu.schema.json`` is generated: ``python -m ivr.io.json_schema`` rewrites it."""
    shipped = (ROOT / "ivr" / "menu.schema.json").read_text(encoding="utf-8")
    assert shipped == json_schema.text(), "run: python -m ivr.io.json_schema"
    assert json_schema.main(["--check"]) == 0


def test_the_schema_check_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "menu.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(json_schema, "SCHEMA_PATH", stale)
    assert json_schema.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert json_schema.main([]) == 0
    assert stale.read_text(encoding="utf-8") == json_schema.text()


def test_option_key_pattern_is_exactly_the_telephone_keys():
    (pattern,) = schema()["$defs"]["field_options"]["patternProperties"]
    for c in string.printable + "аА":
        assert bool(re.search(pattern, c)) == (c in model.DTMF_KEYS), repr(c)
    assert pattern == "^[0-9*#A-D]$"


def test_suppress_help_names_real_lint_rules():
    help_text = schema()["$defs"]["field_suppress"]["description"]
    assert "e.g. no-timeout or unreachable" in help_text
    assert {"no-timeout", "unreachable"} <= {rule.id for rule in RULES}


# -- the menus of this repository --------------------------------------------------------
def test_there_are_menu_files():
    assert MENU_FILES, f"no menu files under {MENUS}"


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=str(p.relative_to(MENUS))) for p in MENU_FILES]
    or [pytest.param(None, id="no-menu-files")],
)
def test_menu_file_validates(path: Path | None):
    assert path is not None, f"no menu files under {MENUS}"
    text = path.read_text(encoding="utf-8")
    assert schema_errors(as_data(text)) == []
    first = text.splitlines()[0] if text else ""
    match = SCHEMA_COMMENT.match(first)
    assert match, f"{path.name} does not start with '# yaml-language-server: $schema=...'"
    assert (path.parent / match.group(1)).resolve() == ROOT / "ivr" / "menu.schema.json"


# -- menus both accept -------------------------------------------------------------------

FULL = """\
# yaml-language-server: $schema=../../ivr/menu.schema.json
ivr: 1
id: full
title: Every field of format 1
key_time: 0.5
note: a menu that uses every field
sources:
  A: "a title alone"
  B: {title: "A help page", date: 2024-05-01, url: "https://example.org/help", note: seed}
caller:
  network: [mts, other]
  location: [home, roaming, abroad]
  segment: private
entries:
  - dial: "0890"
    id: short
    title: from an MTS phone
    when: {network: mts, location: [home, roaming], hour: ["00:00-24:00"]}
    cost: free
    start: hello
    source: [A, B]
  - dial: "+7 800 250-08-90"
    when: {network: other}
    cost: {per_minute: 0}
    start: hello
    region: RU
    inferred: [cost]
  - dial: "8 (495) 766-01-66"
    cost: {free: false, per_minute: 2.5, currency: RUB, note: at the home tariff}
    start: hello
    disputed: B lists it, A does not
    inferred: all
    note: the Moscow number
nodes:
  hello: {type: prompt, say: Hello, duration: 3.5, barge_in: false, next: route}
  route:
    type: branch
    cases:
      - {when: {hour: "09:00-18:00"}, to: main}
      - {when: {location: abroad, hour: ["22:00-06:00", "18:00-22:00"]}, to: later}
    else: main
    note: night routing
  main:
    type: menu
    say:
    duration: 0
    options: {"1": main, "0": human, "*": main, "#": bye, "A": later}
    timeout: {after: 0.1, to: main}
    invalid: main
    retries: {max: 1, then: bye}
    source: A
    inferred: [timeout, retries]
    suppress: [no-invalid, loop-no-exit]
  human:
    type: agent
    say: Please hold
    queue: general
    wait:
      mean: 600
      min: 0
      max: 86400
      by_hour:
        - {hours: "18:00-23:00", mean: 1800}
        - {hours: "23:00 - 09:00", mean: 60}
    cost: {per_minute: 0, currency: RUB}
    source: B
  later: {type: callback, queue: night, wait: {mean: 3600}, cost: free, inferred: wait}
  bye: {type: hangup, say: Goodbye, duration: 2, suppress: unreachable}
documented:
  - {dial: "0890", keys: "0", caller: {network: mts, location: home}, at: "10:00", source: A}
  - {dial: short, keys: "1-1-0", source: [A, B], node: human, note: via the main menu}
  - {dial: "0890", keys: "_ _", expect: hangup, source: B}
  - {dial: "88002500890", keys: 0, caller: {network: other}, at: "9:30", source: A}
  - {dial: "0890", keys: "0", caller: {network: other}, expect: not-served, source: A}
  - {dial: "0890", keys: "9", expect: agent, source: B, disputed: "the model says hangup"}
"""

MINIMAL = "ivr: 1\nnodes: {bye: {type: hangup}}\n"


@pytest.mark.parametrize("text", [DEMO, FULL, MINIMAL], ids=["demo", "full", "minimal"])
def test_valid_menus_pass_both(text: str):
    assert loader_errors(text) == []
    assert schema_errors(as_data(text)) == []


def test_a_hotline_folder_with_a_transfer_passes_both(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(
        "ivr: 1\n"
        'entries: [{dial: "0890", start: go}]\n'
        "nodes:\n"
        "  go: {type: transfer, say: Transferring, duration: 2, to: {file: b.yml, entry: main}}\n"
        "documented: [{dial: '0890', source: S, node: desk}]\n"
        "sources: {S: seed}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yml").write_text(
        "ivr: 1\n"
        'entries: [{dial: "+7 495 766-01-66", id: main, start: desk}]\n'
        "nodes: {desk: {type: agent}}\n",
        encoding="utf-8",
    )
    hotline = ivr.load(tmp_path)
    assert [m.id for m in hotline.menus] == ["a", "b"]
    for f in ("a.yaml", "b.yml"):
        assert schema_errors(as_data((tmp_path / f).read_text(encoding="utf-8"))) == []


# -- menus both reject -------------------------------------------------------------------
def _menu(node: str, extra: str = "") -> str:
    """A menu whose node 'x' is ``node`` (a YAML flow mapping), with every target present."""
    return (
        "ivr: 1\n"
        "sources: {A: a}\n"
        "caller: {network: [mts, other]}\n"
        'entries: [{dial: "0890", start: x}]\n'
        "nodes:\n"
        f"  x: {node}\n"
        "  bye: {type: hangup}\n" + extra
    )


def _claim(fields: str) -> str:
    return _menu("{type: agent}", f'documented: [{{dial: "0890", source: A, {fields}}}]\n')


INVALID = {
    # a field of another node type
    "prompt-with-options": (
        _menu('{type: prompt, next: bye, options: {"1": bye}}'),
        "field 'options' does not apply to a prompt node",
    ),
    "agent-with-next": (_menu("{type: agent, next: bye}"), "does not apply to a agent node"),
    "hangup-with-timeout": (
        _menu("{type: hangup, timeout: {after: 5, to: bye}}"),
        "does not apply to a hangup node",
    ),
    "menu-with-else": (
        _menu('{type: menu, options: {"1": bye}, else: bye}'),
        "does not apply to a menu node",
    ),
    "menu-with-to": (
        _menu('{type: menu, options: {"1": bye}, to: {file: b.yaml, entry: e}}'),
        "does not apply to a menu node",
    ),
    "transfer-with-wait": (
        _menu("{type: transfer, to: {file: b.yaml, entry: e}, wait: {mean: 5}}"),
        "does not apply to a transfer node",
    ),
    "misspelt-field": (_menu("{type: prompt, nxt: bye}"), "unknown field 'nxt'"),
    # option keys
    "option-key-lowercase": (_menu('{type: menu, options: {"a": bye}}'), "did you mean 'A'?"),
    "option-key-two-digits": (_menu('{type: menu, options: {"10": bye}}'), "not a telephone key"),
    "option-key-letter": (_menu("{type: menu, options: {x: bye}}"), "not a telephone key"),
    "option-key-plus": (_menu('{type: menu, options: {"+": bye}}'), "not a telephone key"),
    "options-a-list": (_menu("{type: menu, options: [bye]}"), "must be a mapping"),
    # numbers out of range or of the wrong kind
    "negative-duration": (_menu("{type: hangup, duration: -1}"), "between 0 and 3600"),
    "duration-too-long": (_menu("{type: hangup, duration: 3600.5}"), "between 0 and 3600"),
    "duration-text": (_menu('{type: hangup, duration: "5"}'), "must be a number"),
    "duration-true": (_menu("{type: hangup, duration: true}"), "must be a number"),
    "timeout-zero": (
        _menu('{type: menu, options: {"1": bye}, timeout: {after: 0, to: bye}}'),
        "between 0.1 and 600",
    ),
    "retries-zero": (
        _menu('{type: menu, options: {"1": bye}, retries: {max: 0, then: bye}}'),
        "between 1 and 100",
    ),
    "retries-fraction": (
        _menu('{type: menu, options: {"1": bye}, retries: {max: 2.5, then: bye}}'),
        "must be a whole number",
    ),
    "negative-wait": (_menu("{type: agent, wait: {mean: -5}}"), "between 0 and 86400"),
    "wait-without-mean": (_menu("{type: agent, wait: {min: 5}}"), "is missing 'mean'"),
    "price-too-high": (
        _menu("{type: agent, cost: {per_minute: 10001}}"),
        "between 0 and 10000",
    ),
    "key-time-zero": (MINIMAL + "key_time: 0\n", "between 0.05 and 60"),
    "format-2": ("ivr: 2\nnodes: {bye: {type: hangup}}\n", "format version 2 is not known"),
    "barge-in-maybe": (_menu("{type: hangup, barge_in: maybe}"), "must be true or false"),
    # node types and required fields
    "unknown-type": (_menu("{type: menuu}"), "unknown type 'menuu'"),
    "type-missing": (_menu("{say: hello}"), "is missing 'type'"),
    "node-not-a-mapping": (_menu("hangup"), "must be a mapping"),
    "prompt-without-next": (_menu("{type: prompt}"), "is missing 'next'"),
    "menu-without-options": (_menu("{type: menu}"), "is missing 'options'"),
    "branch-without-else": (_menu("{type: branch, cases: []}"), "is missing 'else'"),
    "transfer-without-to": (_menu("{type: transfer}"), "is missing 'to'"),
    "case-without-to": (
        _menu("{type: branch, cases: [{when: {network: mts}}], else: bye}"),
        "is missing 'to'",
    ),
    "timeout-without-to": (
        _menu('{type: menu, options: {"1": bye}, timeout: {after: 5}}'),
        "is missing 'to'",
    ),
    "say-a-list": (_menu("{type: hangup, say: [a, b]}"), "must be text"),
    # provenance
    "inferred-field-of-another-type": (
        _menu("{type: prompt, next: bye, inferred: options}"),
        "names 'options', which is not one of its fields",
    ),
    "inferred-unknown": (_menu("{type: agent, inferred: [wait, speed]}"), "names 'speed'"),
    # top level and entries
    "top-level-typo": ("ivr: 1\nnodez: {}\n", "unknown field 'nodez'"),
    "nodes-missing": ("ivr: 1\n", "is missing 'nodes'"),
    "ivr-missing": ("nodes: {bye: {type: hangup}}\n", "is missing 'ivr'"),
    "sources-a-list": ("ivr: 1\nsources: [A]\nnodes: {}\n", "must be a mapping"),
    "entry-without-start": (
        'ivr: 1\nentries: [{dial: "0890"}]\nnodes: {}\n',
        "is missing 'start'",
    ),
    "entry-unknown-field": (
        'ivr: 1\nentries: [{dial: "0890", start: bye, price: 5}]\nnodes: {bye: {type: hangup}}\n',
        "unknown field 'price'",
    ),
    "entry-dial-letters": (
        'ivr: 1\nentries: [{dial: "call us", start: bye}]\nnodes: {bye: {type: hangup}}\n',
        "is not a telephone number",
    ),
    "cost-cheap": (
        'ivr: 1\nentries: [{dial: "0890", start: bye, cost: cheap}]\n'
        "nodes: {bye: {type: hangup}}\n",
        "must be 'free' or a mapping",
    ),
    "cost-unknown-field": (
        'ivr: 1\nentries: [{dial: "0890", start: bye, cost: {rate: 5}}]\n'
        "nodes: {bye: {type: hangup}}\n",
        "unknown field 'rate'",
    ),
    # hours
    "hour-without-minutes": (
        _menu('{type: branch, cases: [{when: {hour: "9-18"}, to: bye}], else: bye}'),
        "is not a time of day",
    ),
    "hour-minute-60": (
        _menu('{type: branch, cases: [{when: {hour: "09:00-18:60"}, to: bye}], else: bye}'),
        "is not a time of day",
    ),
    "hour-past-midnight": (
        _menu('{type: branch, cases: [{when: {hour: "22:00-24:01"}, to: bye}], else: bye}'),
        "is not a time of day",
    ),
    "hour-no-range": (
        _menu('{type: branch, cases: [{when: {hour: "09:00"}, to: bye}], else: bye}'),
        "is not an hour range",
    ),
    "by-hour-list": (
        _menu('{type: agent, wait: {mean: 5, by_hour: [{hours: ["09:00-18:00"], mean: 9}]}}'),
        "must be text",
    ),
    # transfer targets
    "transfer-up-a-folder": (
        _menu("{type: transfer, to: {file: ../b.yaml, entry: e}}"),
        "never outside it",
    ),
    "transfer-not-yaml": (
        _menu("{type: transfer, to: {file: b.txt, entry: e}}"),
        "ending in .yaml",
    ),
    "transfer-without-entry": (_menu("{type: transfer, to: {file: b.yaml}}"), "missing 'entry'"),
    # documented claims
    "claim-bad-key": (_claim('keys: "2 x"'), "'x' in keys '2 x' is not a telephone key"),
    "claim-glued-keys-among-spaced": (_claim('keys: "20 1"'), "'20' in keys"),
    "claim-lowercase-key": (_claim('keys: "a"'), "'a' in keys"),
    "claim-expect-human": (_claim("expect: human"), "'expect' is 'human'"),
    "claim-at-25": (_claim('at: "25:00"'), "is not a time of day"),
    "claim-at-noon": (_claim("at: noon"), "is not a time of day"),
    "claim-at-with-spaces": (_claim('at: " 12:00"'), "is not a time of day"),
    "claim-caller-list": (_claim("caller: {network: [mts, other]}"), "must be text"),
    "claim-inferred": (_claim("inferred: keys"), "unknown field 'inferred'"),
}


@pytest.mark.parametrize(("text", "message"), INVALID.values(), ids=INVALID.keys())
def test_invalid_menus_are_rejected_by_both(text: str, message: str):
    errors = loader_errors(text)
    assert errors, "the loader accepted it"
    assert any(message in e for e in errors), errors
    assert all(re.match(r"menus/x\.yaml:\d+:\d+: ", e) for e in errors), errors
    assert schema_errors(as_data(text)), "the schema accepted it"


def test_top_level_note_must_be_text():
    text = MINIMAL + "note: [a, {b: c}]\n"
    assert schema_errors(as_data(text))
    assert loader_errors(text)


# -- systematic agreement ----------------------------------------------------------------
SAMPLE_VALUES = {
    "say": "Hello",
    "duration": 5,
    "barge_in": False,
    "suppress": ["unreachable"],
    "source": "A",
    "inferred": "all",
    "note": "a note",
    "next": "bye",
    "options": {"1": "bye"},
    "timeout": {"after": 5, "to": "bye"},
    "invalid": "bye",
    "retries": {"max": 3, "then": "bye"},
    "cases": [{"when": {"network": "mts", "hour": "09:00-18:00"}, "to": "bye"}],
    "else": "bye",
    "queue": "general",
    "wait": {
        "mean": 60,
        "by_hour": [{"hours": "22:00-06:00", "mean": 5}],
        "by_day": [{"dates": ["01-01/01-08", "05-09"], "factor": 1.5}],
    },
    "staffing": {
        "calls": 200,
        "handle": 180,
        "agents": 11,
        "by_hour": [{"hours": "Mon-Fri 09:00-18:00", "agents": 12}],
    },
    "cost": {"per_minute": 15, "currency": "RUB"},
    "to": {"file": "b.yaml", "entry": "e"},
}
# the least node of each type: its required fields (from the spec, so a new type needs no entry)
BASE_NODES = {
    t: {"type": t, **{f: SAMPLE_VALUES[f] for f in spec.required(t) if f != "type"}}
    for t in model.NODE_TYPES
}


def _hotline_accepts(menu: dict, tmp_path: Path) -> list[str]:
    """Loader errors of ``menu`` as x.yaml beside a b.yaml with entry 'e' (for transfers)."""
    (tmp_path / "x.yaml").write_text(dump(menu), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        'ivr: 1\nentries: [{dial: "0891", id: e, start: d}]\nnodes: {d: {type: agent}}\n',
        encoding="utf-8",
    )
    try:
        ivr.load(tmp_path)
    except ivr.LoadError as exc:
        return [str(e) for e in exc.errors]
    return []


def _with_node(node: dict) -> dict:
    return {
        "ivr": 1,
        "sources": {"A": "a"},
        "caller": {"network": ["mts", "other"]},
        "entries": [{"dial": "0890", "start": "x"}],
        "nodes": {"x": node, "bye": {"type": "hangup"}},
    }


def test_every_field_of_its_own_type_passes_both(tmp_path: Path):
    for node_type, base in BASE_NODES.items():
        for field in spec.node_fields(node_type):
            if field == "type":
                continue
            menu = _with_node({**base, field: SAMPLE_VALUES[field]})
            assert _hotline_accepts(menu, tmp_path) == [], (node_type, field)
            assert schema_errors(menu) == [], (node_type, field)


@pytest.mark.parametrize("node_type", model.NODE_TYPES)
def test_every_field_of_another_type_is_rejected_by_both(node_type: str):
    own = spec.node_fields(node_type)
    for field in (f for f in spec.ALL_NODE_FIELDS if f not in own):
        menu = _with_node({**BASE_NODES[node_type], field: SAMPLE_VALUES[field]})
        errors = loader_errors(dump(menu))
        assert any(f"field '{field}' does not apply to a {node_type} node" in e for e in errors)
        assert schema_errors(menu), (node_type, field)


@pytest.mark.parametrize("node_type", model.NODE_TYPES)
def test_every_required_field_missing_is_rejected_by_both(node_type: str):
    for field in spec.required(node_type):
        node = {k: v for k, v in BASE_NODES[node_type].items() if k != field}
        menu = _with_node(node)
        assert any(f"is missing '{field}'" in e for e in loader_errors(dump(menu)))
        assert schema_errors(menu), (node_type, field)


RANGES = [  # (where, low, high, whole numbers only): written out, and checked against the spec
    ("key_time", 0.05, 60, False),
    ("duration", 0, 3600, False),
    ("timeout.after", 0.1, 600, False),
    ("retries.max", 1, 100, True),
    ("cost.per_minute", 0, 10_000, False),
    ("wait.mean", 0, 86_400, False),
    ("wait.min", 0, 86_400, False),
    ("wait.max", 0, 86_400, False),
    ("by_hour.mean", 0, 86_400, False),
    ("entry.load", 0, 100, False),
    ("connect.delay", 0, 3600, False),
    ("connect.failure", 0, 0.99, False),
    ("by_day.factor", 0, 100, False),
    ("staffing.calls", 0, 1_000_000, False),
    ("staffing.handle", 1, 86_400, False),
    ("staffing.agents", 0, 100_000, True),
    ("staff_hour.calls", 0, 1_000_000, False),
    ("staff_hour.handle", 1, 86_400, False),
    ("staff_hour.agents", 0, 100_000, True),
]


def test_the_ranges_tested_are_every_range_of_the_spec():
    """Each number of the spec is tested below, with the range written out here."""
    of_spec = {
        (section.name, f.name): (f.min, f.max, f.kind == "integer")
        for section in spec.SECTIONS.values()
        for f in section.fields
        if f.kind in ("number", "integer")
    }
    where = {"key_time": "top", "duration": "node"}
    tested = {
        (where[w], w) if w in where else tuple(w.split(".")): (low, high, whole)
        for w, low, high, whole in RANGES
    }
    assert tested == of_spec


def _menu_with_number(where: str, value: float) -> dict:
    if where == "key_time":
        return {**_with_node({"type": "agent"}), "key_time": value}
    if where in ("entry.load", "connect.delay", "connect.failure"):
        menu = _with_node({"type": "agent"})
        section, key = where.split(".")
        entry = menu["entries"][0]
        if section == "entry":
            entry[key] = value
        else:
            entry["connect"] = {key: value}
        return menu
    node: dict = {"type": "menu", "options": {"1": "bye"}}
    if where == "duration":
        node["duration"] = value
    elif where == "timeout.after":
        node["timeout"] = {"after": value, "to": "bye"}
    elif where == "retries.max":
        node["retries"] = {"max": value, "then": "bye"}
    else:
        node = {"type": "agent"}
        if where == "cost.per_minute":
            node["cost"] = {"per_minute": value}
        elif where == "by_hour.mean":
            node["wait"] = {"mean": 1, "by_hour": [{"hours": "09:00-18:00", "mean": value}]}
        elif where == "by_day.factor":
            node["wait"] = {"mean": 1, "by_day": [{"days": "Sat-Sun", "factor": value}]}
        elif where.startswith("staffing."):
            node["staffing"] = {"calls": 10, "handle": 60, "agents": 2, where[9:]: value}
        elif where.startswith("staff_hour."):
            item = {"hours": "09:00-18:00", where[11:]: value}
            node["staffing"] = {"calls": 10, "handle": 60, "agents": 2, "by_hour": [item]}
        else:
            key = where.split(".")[1]
            node["wait"] = {"mean": value} if key == "mean" else {"mean": 0, key: value}
    return _with_node(node)


@pytest.mark.parametrize(("where", "low", "high", "whole"), RANGES, ids=[r[0] for r in RANGES])
def test_numeric_ranges_agree(where: str, low: float, high: float, whole: bool):
    inside = [low, high, (low + high) / 2 if not whole else (low + high) // 2]
    outside = [low - 0.01, high + 0.01, -1]
    if whole:
        outside.append(low + 0.5)
    for value in inside:
        menu = _menu_with_number(where, value)
        assert loader_errors(dump(menu)) == [], (where, value)
        assert schema_errors(menu) == [], (where, value)
    for value in outside:
        menu = _menu_with_number(where, value)
        assert loader_errors(dump(menu)), (where, value)
        assert schema_errors(menu), (where, value)


def _agree(menu: dict) -> None:
    text = dump(menu)
    loader_ok = not loader_errors(text)
    schema_ok = not schema_errors(as_data(text))
    assert loader_ok == schema_ok, (text, loader_errors(text), schema_errors(as_data(text)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789*#ABCDabx+_ ", min_size=0, max_size=3))
def test_option_keys_agree(key: str):
    _agree(_with_node({"type": "menu", "options": {key: "bye"}}))


def _claim_with_keys(keys: str) -> dict:
    menu = _with_node({"type": "agent"})
    menu["documented"] = [{"dial": "0890", "keys": keys, "source": "A"}]
    return menu


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789*#ABCDab_ ,-x\t", min_size=0, max_size=8))
def test_claim_keys_agree(keys: str):
    _agree(_claim_with_keys(keys))


@pytest.mark.parametrize("keys", ["0-9*", "12 34", "1, 23"])
def test_glued_keys_among_spaced_ones_are_rejected_by_both(keys: str):
    """Once a separator splits the keys, each part is one key: '9*' is two keys glued."""
    assert schema_errors(_claim_with_keys(keys))
    assert any("is not a telephone key" in e for e in loader_errors(dump(_claim_with_keys(keys))))


HOUR_TEXT = st.one_of(
    st.text(alphabet="0123456789:- ", min_size=0, max_size=13),
    st.builds(
        "{}:{}{}{}:{}".format,
        st.integers(0, 26).map(str),
        st.integers(0, 61).map("{:02d}".format),
        st.sampled_from(["-", " - ", "--", "- "]),
        st.integers(0, 25).map(lambda h: f"{h:02d}"),
        st.sampled_from(["00", "30", "59", "60", "5", "000"]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(HOUR_TEXT)
def test_hour_ranges_agree(span: str):
    node = {"type": "branch", "cases": [{"when": {"hour": span}, "to": "bye"}], "else": "bye"}
    _agree(_with_node(node))
    _agree(
        _with_node({"type": "agent", "wait": {"mean": 1, "by_hour": [{"hours": span, "mean": 2}]}})
    )


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789: ", min_size=0, max_size=7),
        st.builds("{}:{:02d}".format, st.integers(0, 30), st.integers(0, 70)),
    )
)
def test_claim_hour_agrees(at: str):
    menu = _with_node({"type": "agent"})
    menu["documented"] = [{"dial": "0890", "at": at, "source": "A"}]
    _agree(menu)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789+-(). x", min_size=1, max_size=14))
def test_schema_accepts_every_number_the_loader_accepts(dial: str):
    """Whether a number parses is the loader's (phonenumbers') call: the schema only never
    rejects a number the loader takes."""
    menu = _with_node({"type": "agent"})
    menu["entries"] = [{"dial": dial, "start": "x"}]
    text = dump(menu)
    if not loader_errors(text):
        assert schema_errors(as_data(text)) == []


def test_what_only_the_loader_can_see():
    """References, citations, declared attributes and numbers: valid shape, loader error."""
    cases = {
        "missing-node": (_menu('{type: menu, options: {"1": servces}}'), "does not exist"),
        "uncited-source": (_menu("{type: agent, source: Z}"), "cites source 'Z'"),
        "undeclared-attribute": (
            _menu("{type: branch, cases: [{when: {netwrk: mts}, to: bye}], else: bye}"),
            "does not declare",
        ),
        "undeclared-value": (
            _menu("{type: branch, cases: [{when: {network: beeline}, to: bye}], else: bye}"),
            "not a value of caller attribute",
        ),
        "wait-mean-outside": (_menu("{type: agent, wait: {mean: 9, min: 10, max: 20}}"), "mean 9"),
        "claim-unknown-dial": (
            _menu("{type: agent}", 'documented: [{dial: "0999", source: A}]\n'),
            "no entry of this hotline has",
        ),
    }
    for name, (text, message) in cases.items():
        assert any(message in e for e in loader_errors(text)), name
        assert schema_errors(as_data(text)) == [], name


# -- the examples of docs/format.md ----------------------------------------------------------
FORMAT_DOC = ROOT / "docs" / "format.md"


def _doc_blocks() -> list:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return [pytest.param(b, id=f"block-{i}") for i, b in enumerate(blocks)]


def _sub_validator(name: str) -> Draft202012Validator:
    s = schema()
    return Draft202012Validator(
        {"$schema": s["$schema"], "$defs": s["$defs"], "$ref": f"#/$defs/{name}"}
    )


@pytest.mark.parametrize("block", _doc_blocks())
def test_format_doc_examples_are_valid(block: str):
    """Every YAML example of docs/format.md is valid: whole menus for both, parts for the schema."""
    first = block.lstrip().split(":", 1)[0]
    if first in ("cost", "when"):  # one example per line
        validator = _sub_validator("cost" if first == "cost" else "condition")
        for line in block.splitlines():
            data = as_data(line)
            assert isinstance(data, dict) and not list(validator.iter_errors(data[first])), line
        return
    data = as_data(block)
    assert isinstance(data, dict)
    if "ivr" in data:
        assert loader_errors(block) == []
        assert schema_errors(data) == []
    elif set(data) <= set(spec.SECTIONS["top"].names()):
        assert schema_errors({"ivr": 1, "nodes": {}, **data}) == []
    else:  # a few nodes
        assert schema_errors({"ivr": 1, "nodes": data}) == []

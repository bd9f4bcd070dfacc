"""The field spec is the one definition of the format: the doc tables, the writer and the
strategies follow it (the reader and the schema are held to it in test_schema.py)."""

from __future__ import annotations

import ast
import inspect
import re

from hypothesis import given, settings

import ivr
from ivr.io import doc_tables, spec
from ivr.io.yaml.writer import dump, to_data
from ivr.model.types import Claim, Entry, Menu, Node
from ivr.testing import parts, strategies
from ivr.testing.strategies import menus


def test_every_field_has_a_known_kind_and_a_one_line_doc():
    for section in spec.SECTIONS.values():
        for f in section.fields:
            assert f.kind in spec.KINDS, (section.name, f.name)
            assert f.doc and "\n" not in f.doc, (section.name, f.name)
            if f.kind in ("number", "integer"):
                low, high = f.range()
                assert low < high
            if f.kind in ("section", "list", "map"):
                assert f.of in spec.SECTIONS, (section.name, f.name)


def test_the_doc_tables_are_up_to_date():
    """docs/format.md holds a generated table per section: ``python -m ivr.io.doc_tables``."""
    doc = doc_tables.DOC_PATH.read_text(encoding="utf-8")
    assert doc_tables.render(doc) == doc, "run: python -m ivr.io.doc_tables"
    assert doc_tables.main(["--check"]) == 0
    shown = doc_tables.sections_in(doc)
    assert len(shown) == len(set(shown))
    # every section has its table, but a condition (in prose) and the node types, which the
    # generated "types" table lists each with its fields (a type may have a table of its own)
    node_types = set(spec.NODE_TYPES)
    tables = {s for s in spec.SECTIONS if s not in node_types and s != "condition"}
    assert tables | {"types"} <= set(shown) <= {"types", *spec.SECTIONS}
    assert all(f"| `{t}` |" in doc_tables.table("types") for t in spec.NODE_TYPES)


def test_a_doc_table_lists_the_fields_of_its_section_in_order():
    rows = doc_tables.table("wait").splitlines()[2:]
    assert [re.match(r"\| `(\w+)` \|", r).group(1) for r in rows] == [
        "mean",
        "min",
        "max",
        "by_hour",
        "by_day",
    ]
    assert "| `mean` | yes | The usual wait in seconds (0 to 86400). |" in rows


def test_a_stale_doc_table_is_found_and_rewritten(tmp_path, monkeypatch, capsys):
    doc = tmp_path / "format.md"
    doc.write_text("# x\n\n<!-- fields: retries -->\n| old |\n<!-- /fields -->\n", encoding="utf-8")
    monkeypatch.setattr(doc_tables, "DOC_PATH", doc)
    assert doc_tables.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert doc_tables.main([]) == 0
    assert "| `then` | yes |" in doc.read_text(encoding="utf-8")
    assert doc_tables.main(["--check"]) == 0


@settings(max_examples=40, deadline=None)
@given(menus(max_nodes=8))
def test_the_writer_writes_fields_in_the_order_of_the_spec(menu):
    data = to_data(menu)

    def in_order(found: dict, names: tuple[str, ...]) -> None:
        assert set(found) <= set(names), set(found) - set(names)
        assert list(found) == [n for n in names if n in found]

    in_order(data, spec.SECTIONS["top"].names())
    for entry in data.get("entries", []):
        in_order(entry, spec.SECTIONS["entry"].names())
    for node in data["nodes"].values():
        in_order(node, spec.node_fields(node["type"]))
        for name in ("timeout", "retries", "wait", "to"):
            if isinstance(node.get(name), dict):
                section = "target" if name == "to" else name
                in_order(node[name], spec.SECTIONS[section].names())
    for claim in data.get("documented", []):
        in_order(claim, spec.SECTIONS["claim"].names())


def test_the_writer_leaves_out_the_defaults_of_the_spec():
    top, node, claim = (spec.SECTIONS[s] for s in ("top", "node", "claim"))
    menu = Menu(
        "m",
        key_time=top.field("key_time").default,
        entries=(Entry("0890", "0890", "bye", region=top.field("region").default),),
        nodes=(
            Node(
                "bye",
                "hangup",
                duration=node.field("duration").default,
                barge_in=node.field("barge_in").default,
            ),
        ),
        documented=(
            Claim(
                "0890",
                at=claim.field("at").default,
                expect=claim.field("expect").default,
                source=("A",),
            ),
        ),
    )
    data = to_data(menu)
    assert "key_time" not in data and "region" not in data
    assert data["entries"] == [{"dial": "0890", "start": "bye"}]
    assert data["nodes"] == {"bye": {"type": "hangup"}}
    assert data["documented"] == [{"dial": "0890", "source": "A"}]


def test_a_file_region_other_than_the_default_is_written_and_read_back():
    menu = Menu(
        "m",
        file="m.yaml",
        entries=(
            Entry("a", "8 800 250 08 90", "bye", region="RU"),
            Entry("b", "+44 20 7946 0000", "bye", region="GB"),
            Entry("c", "020 7946 0001", "bye", region="GB"),
        ),
        nodes=(Node("bye", "hangup"),),
    )
    text = dump(menu, schema=None)
    assert "\nregion: GB\n" in text and text.count("region:") == 2  # the file's, entry a's
    assert ivr.load_menu_text(text, "m.yaml") == menu


def test_without_region_a_national_number_is_refused_with_a_reason():
    text = 'ivr: 1\nregion: ""\nentries: [{dial: "8 800 250 08 90", start: bye}]\n'
    text += "nodes: {bye: {type: hangup}}\n"
    try:
        ivr.load_menu_text(text, "x.yaml")
    except ivr.LoadError as exc:
        [error] = exc.errors
    assert str(error).startswith("x.yaml:3:18: '8 800 250 08 90' is not in international form")
    assert "region" in error.message


def test_the_strategies_repeat_no_range_of_the_spec():
    """The number ranges of the format come from the spec, not from numbers in the source."""
    numbers = set()
    for module in (strategies, parts):
        tree = ast.parse(inspect.getsource(module))
        numbers |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    for section in spec.SECTIONS.values():
        for f in section.fields:
            if f.kind in ("number", "integer") and f.max >= 100:  # small ones are common
                assert f.max not in numbers, (section.name, f.name, f.max)


def test_caller_values_may_carry_the_words_instructions_use():
    text = (
        "ivr: 1\ncaller:\n  network: {mts: an MTS SIM, other: }\n  segment: [private, vip]\n"
        'entries: [{dial: "0890", start: bye}]\nnodes: {bye: {type: hangup}}\n'
    )
    menu = ivr.load_menu_text(text, "m.yaml")
    assert menu.caller == (("network", ("mts", "other")), ("segment", ("private", "vip")))
    assert menu.caller_words == (("network", "mts", "an MTS SIM"),)
    hotline = ivr.Hotline((menu,))
    assert hotline.describe_caller({"network": "mts", "segment": "vip"}) == "an MTS SIM"
    assert hotline.describe_caller({"network": "other"}) == ""
    assert ivr.load_menu_text(dump(menu), "m.yaml") == menu

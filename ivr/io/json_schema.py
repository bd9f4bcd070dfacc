"""The JSON Schema of menu files, generated from the field spec (:mod:`ivr.io.spec`).

``ivr/menu.schema.json`` is this module's output, shipped as package data (``ivr schema``
prints the shipped file; menu files point editors at it). After changing the spec, regenerate
it; a test fails while the shipped file differs::

    python -m ivr.io.json_schema            # rewrite ivr/menu.schema.json
    python -m ivr.io.json_schema --check    # exit 1 when it is out of date

Draft 2020-12 is declared, but only keywords draft-07 tools understand are used (``if``/``then``
per node type, each with ``additionalProperties: false``), because the YAML language server
validates as draft-07.

>>> s = build()
>>> s["required"], s["$defs"]["field_options"]["patternProperties"].keys()
(['ivr', 'nodes'], dict_keys(['^[0-9*#A-D]$']))
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ivr.io import spec
from ivr.io.spec import FORMAT_VERSION, MENU_SUFFIXES, SECTIONS, Field
from ivr.model.keys import CALLER_MARKS, DTMF_KEYS
from ivr.model.types import NODE_TYPES

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "menu.schema.json"

_HHMM = r"0*(?:(?:1?[0-9]|2[0-3]):[0-5][0-9]|24:00)"
_DAY = (
    "(?:"
    + "|".join(
        w
        for full in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        for name in (full[:3], full)
        for w in (name, name.capitalize(), name.upper())
    )
    + ")"
)
_DAYS_RE = rf"{_DAY}(?:\s*-\s*{_DAY})?(?:\s*,\s*{_DAY}(?:\s*-\s*{_DAY})?)*"
_SPAN = rf"^\s*(?:{_DAYS_RE}\s+)?{_HHMM}\s*-\s*{_HHMM}\s*$"
_AT = r"^0*(?:1?[0-9]|2[0-3]):[0-5][0-9]$"
_TIME = r"0*(?:1?[0-9]|2[0-3]):[0-5][0-9]"
_MOMENT = rf"^(?:{_TIME}|{_DAY}(?: {_TIME})?|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:[ T]{_TIME})?)$"
_DATE = r"(?:[0-9]{4}-)?[0-9]{2}-[0-9]{2}"
_DATES = rf"^\s*{_DATE}(?:\s*/\s*{_DATE})?\s*$"
_DIAL = r"^[\s().-]*\+?[\s().-]*[0-9][0-9\s().-]*$"
_TEXT_TYPES = ["string", "number", "boolean"]


def char_class(chars: str) -> str:
    """A regular-expression class of ``chars``, runs of 3 or more written as ranges.

    >>> char_class("0123456789*#ABCD")
    '[0-9*#A-D]'
    """
    out: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        run = chars[i : j + 1]
        out.append(f"{run[0]}-{run[-1]}" if len(run) >= 3 else "".join(_escape(c) for c in run))
        i = j + 1
    return "[" + "".join(out) + "]"


def _escape(c: str) -> str:
    return "\\" + c if c in "\\]^-" else c


def _num(value: object) -> object:
    """Whole numbers as JSON integers (``3600``, not ``3600.0``)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _one_or_list(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _inferred(f: Field, names: tuple[str, ...]) -> dict[str, Any]:
    item = {"type": "string", "enum": [*names, "all"]}
    parts = [p for p in spec.PART_FIELDS if p in names]
    if not parts:
        return {"description": f.described(), **_one_or_list(item)}
    alone = {"type": "string", "pattern": rf"^(?:{'|'.join(parts)})\.{char_class(DTMF_KEYS)}$"}
    either = {"anyOf": [item, alone]}
    return {"description": f.described(),
            "anyOf": [item, alone, {"type": "array", "items": either}]}  # fmt: skip


def _object(section: str, description: str | None = None) -> dict[str, Any]:
    """An inline object of a section's fields."""
    s = SECTIONS[section]
    out: dict[str, Any] = {"description": description or s.doc, "type": "object"}
    out["properties"] = {f.name: prop(f, s.names()) for f in s.fields}
    if s.required():
        out["required"] = list(s.required())
    out["additionalProperties"] = False
    return out


def prop(f: Field, siblings: tuple[str, ...] = ()) -> dict[str, Any]:
    """The schema of one field's value (``siblings``: the fields ``inferred`` may name)."""
    d = f.described()
    k = f.kind
    if k == "version":
        return {"description": d, "const": FORMAT_VERSION}
    if k == "text":
        return {"description": d, **_ref("text")}
    if k == "say":
        return {"description": d, "type": [*_TEXT_TYPES, "null"]}
    if k == "texts":
        return {"description": d, **_ref("texts")}
    if k == "node":
        return {"description": d, **_ref("node_id")}
    if k in ("number", "integer"):
        out: dict[str, Any] = {"description": d, "type": k}
        out.update(minimum=_num(f.min), maximum=_num(f.max))
        if f.default is not None:
            out["default"] = _num(f.default)
        return out
    if k == "boolean":
        out = {"description": d, "type": "boolean"}
        if f.default is not None:
            out["default"] = f.default
        return out
    if k == "choice":
        words = "; ".join(f"{v}: {w}" for v, w in zip(f.values, f.value_docs, strict=True))
        out = {"description": f"{d} {words}.", "type": "string", "enum": list(f.values)}
        out["enumDescriptions"] = list(f.value_docs)
        if f.default is not None:
            out["default"] = f.default
        return out
    if k == "dial":
        return {
            "description": d,
            "anyOf": [{"type": "string", "pattern": _DIAL}, {"type": "number"}],
        }
    if k == "entry_ref":
        return {"description": d, "anyOf": [{"type": "string"}, {"type": "number"}]}
    if k == "keys":
        key = char_class(DTMF_KEYS + "".join(CALLER_MARKS))
        pattern = rf"^[\s,-]*(?:{key}+|{key}(?:[\s,-]+{key})*)?[\s,-]*$"
        return {
            "description": d,
            "anyOf": [
                {"type": "string", "pattern": pattern},
                {"type": "integer"},
                {"type": "null"},
            ],
        }
    if k == "time":
        return {"description": d, "type": "string", "pattern": _AT, "default": f.default}
    if k == "moment":
        return {"description": d, "type": "string", "pattern": _MOMENT, "default": f.default}
    if k == "days":
        one = {"type": "string", "pattern": rf"^\s*{_DAYS_RE}\s*$"}
        return {"description": d, **_one_or_list(one)}
    if k == "dates":
        return {"description": d, **_one_or_list({"type": "string", "pattern": _DATES})}
    if k == "span":
        return {"description": d, **_ref("span")}
    if k == "hours":
        return {"description": d, **_one_or_list(_ref("span"))}
    if k == "file":
        suffixes = "|".join(s.lstrip(".") for s in MENU_SUFFIXES)
        return {"description": d, "type": "string", "pattern": rf"^[^/\\]*\.(?:{suffixes})$"}
    if k == "options":
        item = {"description": "The node this key leads to.", **_ref("node_id")}
        return {
            "description": d,
            "type": "object",
            "patternProperties": {f"^{char_class(DTMF_KEYS)}$": item},
            "additionalProperties": False,
        }
    if k == "inferred":
        return _inferred(f, siblings)
    if k == "attributes":
        worded = {
            "type": "object",
            "additionalProperties": {"description": "How instructions name such a caller.",
                                     "type": [*_TEXT_TYPES, "null"]},
        }  # fmt: skip
        values = {
            "description": "The values of this attribute (the first is the default), or each "
            "value with the words for such a caller.",
            "anyOf": [_ref("texts"), worded],
        }
        exclude = {
            "description": "Caller combinations that cannot occur: each a mapping of caller "
            "attributes to values (one or a list), all of which together rule a caller out.",
            "type": "array",
            "items": {"type": "object", "additionalProperties": _ref("texts")},
        }
        return {"description": d, "type": "object", "properties": {"exclude": exclude},
                "additionalProperties": values}  # fmt: skip
    if k == "caller":
        value = {"description": "One value of a caller attribute declared under 'caller'.",
                 **_ref("text")}  # fmt: skip
        return {"description": d, "type": "object", "additionalProperties": value}
    if k in ("condition", "cost"):
        return {"description": d, **_ref(k)}
    if k == "section":
        assert f.of is not None
        return _object(f.of, d)
    if k == "list":
        assert f.of is not None
        items = _ref(f.of) if f.of in ("entry", "claim") else _object(f.of)
        return {"description": d, "type": "array", "items": items}
    if k == "map":
        assert f.of is not None
        return {"description": d, "type": "object", "additionalProperties": _ref(f.of)}
    raise ValueError(f"field '{f.name}' has a kind the schema does not know: {k}")


def _node_defs() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    every = spec.ALL_NODE_FIELDS
    node: dict[str, Any] = {"description": SECTIONS["node"].doc, "type": "object"}
    node["properties"] = {
        name: _inferred(SECTIONS["node"].field(name), every)
        if name == "inferred"
        else _ref(f"field_{name}")
        for name in every
    }
    node["required"] = ["type"]
    node["additionalProperties"] = False
    node["allOf"] = [
        {
            "if": {"properties": {"type": {"const": t}}, "required": ["type"]},
            "then": _ref(f"{t}_node"),
        }
        for t in NODE_TYPES
    ]
    defs["node"] = node
    for name in every:
        if name == "inferred":
            continue
        owners = spec.owners(name)
        f = spec.node_field(owners[0] if owners else "node", name)
        field_def = prop(f)
        if owners:  # "menu: the node a key with no option leads to."
            doc = field_def["description"]
            field_def["description"] = f"{', '.join(owners)}: {doc[0].lower()}{doc[1:]}"
        defs[f"field_{name}"] = field_def
    for t in NODE_TYPES:
        names = spec.node_fields(t)
        about = SECTIONS[t].doc
        props: dict[str, Any] = {}
        for name in names:
            if name == "type":
                props[name] = {"description": about, "const": t}
            elif name == "inferred":
                f = SECTIONS["node"].field("inferred")
                props[name] = _inferred(f, names)
                props[name]["description"] = f.described().replace("this node", f"this {t} node")
            else:
                props[name] = _ref(f"field_{name}")
        defs[f"{t}_node"] = {
            "description": about,
            "type": "object",
            "properties": props,
            "required": list(spec.required(t)),
            "additionalProperties": False,
        }
    return defs


def build() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one menu file, as a dict."""
    top = SECTIONS["top"]
    condition = _object("condition")
    condition["additionalProperties"] = {
        "description": "A caller attribute declared under 'caller': one of its values or a list "
        "of them.",
        **_ref("texts"),
    }
    cost = SECTIONS["cost"]
    source = SECTIONS["source"]
    defs: dict[str, Any] = {
        "text": {
            "description": "Text. A YAML number or true/false is read as the text written.",
            "type": _TEXT_TYPES,
        },
        "texts": {"description": "One text or a list of texts.", **_one_or_list(_ref("text"))},
        "node_id": {
            "description": "The id of a node of this file (a key under 'nodes').",
            "type": _TEXT_TYPES,
        },
        "span": {
            "description": "A range of hours HH:MM-HH:MM (end excluded; may wrap midnight), "
            "which may start with weekdays: Mon-Fri 09:00-18:00.",
            "type": "string",
            "pattern": _SPAN,
        },
        "condition": condition,
        "cost": {
            "description": cost.doc,
            "anyOf": [
                {"description": "The call costs the caller nothing.", "const": "free"},
                {k: v for k, v in _object("cost").items() if k != "description"},
            ],
        },
        "source": {
            "description": source.doc,
            "anyOf": [
                _ref("text"),
                {k: v for k, v in _object("source").items() if k != "description"},
            ],
        },
        "entry": _object("entry"),
        "claim": _object("claim"),
        **_node_defs(),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"ivr menu file (format {FORMAT_VERSION})",
        "description": top.doc + " See docs/format.md.",
        "type": "object",
        "properties": {f.name: prop(f) for f in top.fields},
        "required": list(top.required()),
        "additionalProperties": False,
        "$defs": defs,
    }


def text() -> str:
    """The schema as the JSON text of ``ivr/menu.schema.json``."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``ivr/menu.schema.json``, or with ``--check`` say whether it is up to date."""
    args = sys.argv[1:] if argv is None else argv
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    if "--check" in args:
        if current != text():
            print(f"{SCHEMA_PATH} is out of date: run python -m ivr.io.json_schema")
            return 1
        return 0
    if current != text():
        SCHEMA_PATH.write_text(text(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

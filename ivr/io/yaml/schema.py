"""The JSON Schema of menu files (format 1), shipped as package data.

``ivr/menu.schema.json`` (draft 2020-12) describes the same format the loader reads: its
fields, per node type, with their value ranges and a description of each for editor hover
help. Menu files point editors at it with a first line such as::

    # yaml-language-server: $schema=../../ivr/menu.schema.json

The schema checks the shape of one file; what it cannot express (that a referenced node
exists, that a cited source is listed, that a number parses, transfers across files) is left
to :func:`ivr.load`, which is the authority. ``ivr schema`` prints it.

>>> s = schema()
>>> s["required"]
['ivr', 'nodes']
>>> from ivr.model.types import NODE_TYPES
>>> s["$defs"]["field_type"]["enum"] == list(NODE_TYPES), s["$defs"]["field_type"]["enum"][:2]
(True, ['prompt', 'menu'])
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

SCHEMA_FILE = "menu.schema.json"


def schema_text() -> str:
    """The schema as the JSON text shipped with the package (what ``ivr schema`` prints).

    >>> schema_text().startswith("{") and '"$schema"' in schema_text()
    True
    """
    return _read()


@lru_cache(maxsize=1)
def _read() -> str:
    return resources.files("ivr").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict:
    """The schema as a fresh dict (callers may change it freely).

    >>> schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> schema()["properties"]["ivr"]["const"]
    1
    """
    return json.loads(_read())

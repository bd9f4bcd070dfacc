"""A Twilio Studio flow file as data: the definition, wherever the export put it.

Studio flows come as the flow definition itself (``{"states": [...], "initial_state": ...}``,
what the Console's *Export to JSON* gives), as a Flow resource of the REST API (the
definition under ``definition``, with ``friendly_name``), as the Twilio CLI's output of
``twilio api:studio:v2:flows:fetch -o json`` (a list of one resource, ``friendlyName``), or
wrapped in a JavaScript module (``module.exports = {...}``, ``export default {...}``,
``const flow = {...}``), as deployment scripts keep them. :func:`definition` finds it.

>>> d = definition('module.exports = {"initial_state": "Trigger", "states": []};', "f.js")
>>> d.name, d.data["initial_state"], d.offset
('', 'Trigger', 17)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ivr.diagnostics import Diagnostic, Loc
from ivr.io.sourcetext import Lines, SourceProblem, parse_json

_JS_START = re.compile(
    r"(?:module\.exports|exports\.\w+|export\s+default|(?:const|let|var)\s+[\w$]+)\s*=?\s*(?={)"
)


@dataclass
class Definition:
    """The flow definition, its friendly name ('' when the file gives none), where it starts."""

    data: dict[str, Any]
    name: str
    offset: int


def _not_a_flow(display: str, text: str, offset: int, why: str) -> SourceProblem:
    loc = Lines(text).loc(display, offset)
    return SourceProblem(Diagnostic(loc, f"not a Twilio Studio flow: {why}"))


def definition(text: str, display: str) -> Definition:
    """The definition in ``text``; SourceProblem, located, for anything else."""
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        offset = len(text) - len(stripped)
        data, end = parse_json(text, display, offset)
        rest = text[end:].strip()
        if rest:
            raise _not_a_flow(display, text, end + text[end:].find(rest[0]), "text after the JSON")
    else:
        m = _JS_START.search(text)
        if m is None:
            raise _not_a_flow(
                display, text, 0, "neither JSON nor a JavaScript module that assigns an object"
            )
        offset = m.end()
        data, _ = parse_json(text, display, offset)
    return _unwrap(data, text, display, offset)


def _unwrap(data: Any, text: str, display: str, offset: int) -> Definition:
    if isinstance(data, list):  # the CLI: a list of Flow resources
        flows = [d for d in data if isinstance(d, dict) and "definition" in d]
        if len(flows) != 1:
            raise _not_a_flow(
                display, text, offset, f"a list of {len(flows)} Flow resources (one is read)"
            )
        data = flows[0]
    if not isinstance(data, dict):
        raise _not_a_flow(display, text, offset, f"a JSON {type(data).__name__}, not an object")
    name = str(data.get("friendly_name") or data.get("friendlyName") or "")
    if "definition" in data:
        inner = data["definition"]
        start = text.find('"definition"', offset)
        if isinstance(inner, str):  # some tools keep the definition as a JSON string
            inner, _ = parse_json(inner, f"{display} (its 'definition' string)")
        data, offset = inner, max(start, offset)
    if not isinstance(data, dict) or "states" not in data:
        found = ", ".join(sorted(map(str, data))[:6]) if isinstance(data, dict) else "no object"
        raise _not_a_flow(
            display, text, offset, f"no 'states' (found {found}): expected a flow definition"
        )
    if not isinstance(data["states"], list):
        raise SourceProblem(
            Diagnostic(Loc(display, *Lines(text).at(offset)), "'states' must be a list of widgets")
        )
    return Definition(data, name, offset)

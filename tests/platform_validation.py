"""Offline validation of exported platform files, for the tests (docs/importers.md#export):

* VoiceXML documents against the VoiceXML 2.1 DTD of Debian's ``w3c-sgml-lib``
  (``/usr/share/xml/w3c-sgml-lib/schema/dtd/REC-voicexml21-20070619/vxml.dtd``), with lxml;
* Twilio Studio and Amazon Connect flows against the JSON Schemas ``ivr`` ships
  (``ivr/io/twilio/flow.schema.json``, ``ivr/io/connect/flow.schema.json``), and every
  ``next`` / ``NextAction`` naming a widget or action of the flow;
* Asterisk dialplans through ``asterisklint dialplan-check`` — GPL, so only ever run as a
  separate process, never imported, never a dependency of ``ivr``.

A missing oracle skips the test on a developer's machine and fails it in CI (``CI`` set):
``.ci/run`` installs them all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import ivr

VXML_DTD = Path("/usr/share/xml/w3c-sgml-lib/schema/dtd/REC-voicexml21-20070619/vxml.dtd")
PACKAGE = Path(ivr.__file__).parent
SCHEMAS = {
    "twilio-studio": PACKAGE / "io" / "twilio" / "flow.schema.json",
    "amazon-connect": PACKAGE / "io" / "connect" / "flow.schema.json",
}


def missing(what: str) -> None:
    """Skip for want of an oracle, except in CI, where every oracle must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed")


def validate_vxml(path: Path) -> None:
    try:
        from lxml import etree
    except ImportError:
        missing("lxml (pip install lxml)")
    if not VXML_DTD.is_file():
        missing(f"the VoiceXML 2.1 DTD {VXML_DTD} (apt-get install w3c-sgml-lib)")
    dtd = etree.DTD(str(VXML_DTD))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    doc = etree.parse(str(path), parser)
    assert dtd.validate(doc), f"{path}: {dtd.error_log.filter_from_errors()}"


def validate_json(to: str, path: Path) -> None:
    try:
        import jsonschema
    except ImportError:
        missing("jsonschema (pip install jsonschema)")
    flow = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(flow, json.loads(SCHEMAS[to].read_text(encoding="utf-8")))
    if to == "amazon-connect":
        ids = [a["Identifier"] for a in flow["Actions"]]
        assert len(ids) == len(set(ids)), f"{path}: an Identifier is used twice"
        named = {flow["StartAction"]}
        for a in flow["Actions"]:
            moves = a["Transitions"]
            named.add(moves.get("NextAction", flow["StartAction"]))
            named.update(x["NextAction"] for x in (*moves.get("Errors", ()),
                                                   *moves.get("Conditions", ())))  # fmt: skip
        assert named <= set(ids), f"{path}: NextAction to no action: {named - set(ids)}"
    else:
        names = [w["name"] for w in flow["states"]]
        assert len(names) == len(set(names)), f"{path}: a widget name is used twice"
        nexts = {t["next"] for w in flow["states"] for t in w["transitions"] if "next" in t}
        assert flow["initial_state"] in names and nexts <= set(names), path


def asterisklint(path: Path) -> None:
    if shutil.which("asterisklint") is None:
        missing("asterisklint (pip install asterisklint; a GPL test oracle)")
    done = subprocess.run(
        ["asterisklint", "dialplan-check", path.name],
        cwd=path.parent, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout


def validate_export(to: str, folder: Path, lint: bool = False) -> None:
    """Validate every file an export to ``to`` wrote under ``folder`` (asterisklint with
    ``lint``: it takes most of a second a file)."""
    if to == "voicexml":
        for f in sorted(folder.rglob("*.vxml")):
            validate_vxml(f)
    elif to in SCHEMAS:
        for f in sorted(folder.rglob("*.json")):
            validate_json(to, f)
    elif to == "asterisk" and lint:
        for f in sorted(folder.rglob("*.conf")):
            asterisklint(f)

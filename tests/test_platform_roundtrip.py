"""Export, then import, on all five platforms: random ``ivr.testing`` hotlines and the MTS
hotline keep their routes, the outcomes of walks along their options and of their documented
claims (``ivr.testing.roundtrip``; on VoiceXML, Studio and Connect also the node and seconds
of every call). Every export is validated offline on the way: VoiceXML against the VoiceXML
2.1 DTD, Studio and Connect flows against their JSON Schemas (shipped in the package),
dialplans through asterisklint (a GPL test oracle, run as a separate process)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from platform_validation import validate_export

import ivr
from ivr.testing.roundtrip import EXACT, PLATFORMS, differences, portable, round_trip
from ivr.testing.strategies import hotlines, menus, walks

QUICK = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROOT = Path(__file__).resolve().parents[1]


def _check(hotline: ivr.Hotline, to: str, data) -> None:
    h = portable(hotline, to)
    if not any(m.entries for m in h.menus):
        return
    ivr.validate(h)
    keys = [data.draw(walks(h, m.entries[0].dial)) for m in h.menus if m.entries for _ in range(2)]
    with tempfile.TemporaryDirectory() as folder:
        back = round_trip(h, to, folder)
        validate_export(to, Path(folder))
    assert differences(h, back, to, keys) == []


@QUICK
@given(hotlines(max_nodes=6), st.data())
def test_asterisk_round_trip(h, data):
    _check(h, "asterisk", data)


@QUICK
@given(menus(max_nodes=7, node_types=("menu", "agent", "callback", "hangup")), st.data())
def test_freeswitch_round_trip(menu, data):
    _check(ivr.Hotline((menu,), menu.file), "freeswitch", data)


@QUICK
@given(hotlines(max_nodes=6), st.data())
def test_voicexml_round_trip(h, data):
    _check(h, "voicexml", data)


@QUICK
@given(hotlines(max_nodes=6), st.data())
def test_twilio_studio_round_trip(h, data):
    _check(h, "twilio-studio", data)


@QUICK
@given(hotlines(max_nodes=6), st.data())
def test_amazon_connect_round_trip(h, data):
    _check(h, "amazon-connect", data)


@pytest.mark.parametrize("to", PLATFORMS)
def test_the_mts_hotline_round_trips_as_far_as_the_platform_can_say_it(to, tmp_path):
    """docs/importers.md#export says what ``portable`` takes out per platform; on the
    annotated platforms it is only the numbers' lines, every claim is kept."""
    mts = ivr.load(ROOT / "menus/mts")
    if to == "freeswitch":
        with pytest.raises(ivr.IvrError, match="node 'by_location' is a branch"):
            ivr.export(mts, to, tmp_path / "refused.conf.xml")
    h = portable(mts, to)
    back = round_trip(h, to, tmp_path)
    validate_export(to, tmp_path)
    walked = [[k] for k in "0123456789*#"] + [["2", "0"], ["_", "1"]]
    assert differences(h, back, to, walked) == []
    if to in EXACT:
        assert len(list(h.claims())) == len(list(mts.claims()))
        # ivr's own export, annotation and all, imports without findings of its own making
        assert [str(d) for d in back.findings] == []


def test_an_exported_flow_is_read_back_without_an_annotation_from_its_structure(tmp_path):
    """Without the annotation (a flow edited in the platform's designer, which may drop it)
    the structure alone gives the same ways to a person."""
    mts = portable(ivr.load(ROOT / "menus/mts/short.yaml"), "amazon-connect")
    [written] = ivr.export(mts, "amazon-connect", tmp_path / "short.json")
    flow = json.loads(Path(written).read_text())
    del flow["Metadata"]["ivr"]
    Path(written).write_text(json.dumps(flow))
    back = ivr.load(written, format="amazon-connect")
    call = ivr.simulate(back, "short@connect", "2 0", caller={"location": "(other)"})
    assert call.outcome == "agent"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hotlines(max_nodes=6))
def test_exported_dialplans_pass_asterisklint(h):
    with tempfile.TemporaryDirectory() as folder:
        ivr.export(portable(h, "asterisk"), "asterisk", Path(folder) / "extensions.conf")
        validate_export("asterisk", Path(folder), lint=True)


def test_the_mts_dialplan_and_the_fixture_pass_asterisklint(tmp_path):
    ivr.export(ROOT / "menus/mts", "asterisk", tmp_path / "extensions.conf")
    validate_export("asterisk", tmp_path, lint=True)


def test_ci_installs_every_oracle_and_the_package_ships_the_schemas(tmp_path):
    """In CI the validation of exports must run, never be skipped (platform_validation.missing
    fails there): .ci/run installs the DTD's package, asterisklint and the test extra (lxml,
    jsonschema); the schemas ship in the built package."""
    import subprocess
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "w3c-sgml-lib" in script and "asterisklint" in script
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = " ".join(config["project"]["optional-dependencies"]["test"])
    assert "lxml" in extra and "jsonschema" in extra
    assert "asterisklint" not in " ".join(config["project"]["dependencies"] + [extra])  # GPL
    imported = [p for p in (ROOT / "ivr").rglob("*.py") if "import asterisklint" in p.read_text()]
    assert imported == []  # a separate process only, never imported
    lib = tmp_path / "lib"
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)  # fmt: skip
    for schema in ("io/twilio/flow.schema.json", "io/connect/flow.schema.json"):
        assert (lib / "ivr" / schema).is_file(), schema


def test_a_dialplan_has_no_key_time_and_the_round_trip_says_so() -> None:
    # a dialplan does not say how long a caller takes to press a key (the import takes 1 s):
    # a file's own key_time is what the export cannot carry (a random hotline with a 38.8 s
    # key_time came back with a callback tied with its best route)
    import dataclasses

    h = ivr.load(ROOT / "menus" / "mts")
    slow = ivr.Hotline((dataclasses.replace(h.menus[0], key_time=30.0), *h.menus[1:]), h.path)
    assert {m.key_time for m in portable(slow, "asterisk").menus} == {1.0}
    assert {m.key_time for m in portable(slow, "voicexml").menus} == {30.0, 1.0}
    fast = portable(slow, "asterisk")
    with tempfile.TemporaryDirectory() as folder:
        back = round_trip(fast, "asterisk", folder)
    assert {m.key_time for m in back.menus} == {1.0}
    assert differences(fast, back, "asterisk") == []

"""Export, then import: random ``ivr.testing`` menus keep their routes, the outcomes of walks
along their options and of their documented claims, through Asterisk and FreeSWITCH files
(``ivr.testing.roundtrip``); generated dialplans pass asterisklint when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ivr
from ivr.testing.roundtrip import differences, portable, round_trip
from ivr.testing.strategies import menus, walks

QUICK = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(menu, to: str, data) -> None:
    m = portable(menu, to)
    if not m.entries:
        return
    hotline = ivr.Hotline((m,), m.file)
    ivr.validate(hotline)
    keys = [data.draw(walks(m)) for _ in range(3)]
    with tempfile.TemporaryDirectory() as folder:
        back = round_trip(hotline, to, folder)
    assert differences(hotline, back, to, keys) == []


@QUICK
@given(menus(max_nodes=7), st.data())
def test_asterisk_round_trip(menu, data):
    _check(menu, "asterisk", data)


@QUICK
@given(menus(max_nodes=7, node_types=("menu", "agent", "callback", "hangup")), st.data())
def test_freeswitch_round_trip(menu, data):
    _check(menu, "freeswitch", data)


def test_freeswitch_export_refuses_what_it_cannot_say(tmp_path):
    with pytest.raises(ivr.IvrError, match="node 'by_location' is a branch"):
        ivr.export("menus/mts/federal.yaml", "freeswitch", tmp_path / "ivr.conf.xml")


@pytest.mark.skipif(
    shutil.which("asterisklint") is None,
    reason="asterisklint (GPL, a test oracle only) is not installed: pip install asterisklint",
)
def test_exported_dialplans_pass_asterisklint(tmp_path):
    out = tmp_path / "extensions.conf"
    ivr.export("menus/mts", "asterisk", out)
    done = subprocess.run(
        ["asterisklint", "dialplan-check", out.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout

"""The interactive ``ivr call``, driven through a pseudo-terminal as a caller would use it."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest
from conftest import ROOT

pty = pytest.importorskip("pty")


def _own_terminal() -> None:
    """In the child: the pty becomes its controlling terminal, so Ctrl-C is a SIGINT, and
    SIGINT has its default action (a test run started as a background job ignores it, and a
    Python started with it ignored never raises KeyboardInterrupt)."""
    import fcntl
    import signal
    import termios

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def call(keys: list[tuple[str, float]], speed: str = "40", after: float = 6.0,
         path: str = "menus/mts") -> str:  # fmt: skip
    """Run ``ivr call`` on a terminal; type each key after its pause; all it printed."""
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivr", "call", path, "--dial", "0890", "--speed", speed,
         *(["--caller", "mts,home"] if path == "menus/mts" else [])],
        stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
        start_new_session=True, preexec_fn=_own_terminal,
    )  # fmt: skip
    os.close(slave)
    out = b""

    def read(seconds: float) -> None:
        nonlocal out
        end = time.monotonic() + seconds
        while time.monotonic() < end and proc.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    return

    # the pauses count from the call's first line: on a loaded machine starting Python and
    # loading the menus can take longer than any pause
    started = time.monotonic() + 60
    while b"Calling " not in out and time.monotonic() < started and proc.poll() is None:
        read(0.05)
    for key, pause in keys:
        read(pause)
        os.write(master, key.encode())
    read(after)
    try:
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    read(0.2)
    os.close(master)
    return out.decode("utf-8", "replace").replace("\r\x1b[K", "\n")


def test_a_call_played_on_the_clock_with_keys_pressed_during_prompts():
    out = call([("?", 1.0), ("2", 0.3), ("0", 0.8)], speed="20")
    assert "Calling 0890 as an MTS SIM in the home region" in out  # the caller, shown
    assert "at 12:00" in out and "x real time" in out
    assert "_  stay silent until the menu moves on" in out  # ? shows the help
    assert "welcome                press     2 during the prompt (barge-in)" in out
    assert "section_2              press     0" in out
    last = [ln for ln in out.splitlines() if ln.startswith("-> ")][-1]
    assert last.startswith("-> agent at 'agent' after ")
    assert "keys pressed: 2 0" in last


def test_ctrl_c_and_end_of_input_end_with_a_summary():
    out = call([("\x03", 1.0)], after=2.0)
    assert "-> you hung up at " in out and "(Ctrl-C)" in out
    out = call([("\x04", 1.0)], after=2.0)
    assert "-> you hung up at " in out and "(end of input)" in out


def test_silence_and_listening_are_keys_too():
    out = call([(".", 1.5), ("_", 0.5), ("q", 0.5)], after=2.0)
    assert "main                   listen    heard the menu to its end" in out
    assert "main                   timeout   10 s of silence" in out
    assert "-> you hung up at " in out


def test_a_key_after_the_menu_has_spoken_answers_it(tmp_path):
    menu = tmp_path / "m.yaml"
    menu.write_text(
        "ivr: 1\n"
        "entries: [{dial: '0890', start: news}]\n"
        "nodes:\n"
        "  news: {type: prompt, say: News, duration: 20, next: main}\n"
        "  main: {type: menu, say: 'Operator - 0', duration: 6, options: {'0': human},\n"
        "         timeout: {after: 30, to: bye}}\n"
        "  human: {type: agent}\n"
        "  bye: {type: hangup}\n"
    )
    # at 10x: the news and the menu play for 2.6 s (after start-up), then 3 s of silence
    out = call([("x", 1.0), ("0", 3.0)], speed="10", after=3.0, path=str(menu))
    assert "'x' is not a telephone key" in out
    # the news and the menu play out (26 s), then 0 takes one second
    assert "-> agent at 'human' after 27 s" in out

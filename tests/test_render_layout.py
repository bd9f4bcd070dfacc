"""The layout of SVG/PNG/PDF diagrams: ``auto`` (dot, or sfdp past the size limits), or forced
``dot`` or ``sfdp`` at any size, in the library (``layout=``) and ``ivr render --layout``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO

import ivr
from ivr import diagram
from ivr.cli.app import main
from ivr.diagram import LAYOUTS, graphviz, layout_for, output, render, run_dot, to_dot
from ivr.errors import InputError, RenderError
from ivr.io.yaml.writer import dump
from ivr.testing.generate import prompt_chain

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
SFDP = "-Ksfdp"
NODE = b'class="node ivr&#45;node'
SMALL = to_dot(ivr.load_menu_text(DEMO))
LARGE = to_dot(prompt_chain(graphviz.LARGE_NODES))  # a little over the node limit


@pytest.fixture
def dot_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command lines ``dot`` would run with (it is not run: laying 2,000 nodes out takes
    the layered layout half a minute)."""
    calls: list[list[str]] = []

    def fake(cmd: list[str], **_kwargs) -> subprocess.CompletedProcess:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, b"<svg></svg>", b"")

    for module in (graphviz, output, diagram):  # each holds the name
        monkeypatch.setattr(module, "dot_program", lambda: "/usr/bin/dot")
    monkeypatch.setattr(graphviz.subprocess, "run", fake)
    return calls


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text(DEMO, encoding="utf-8")
    large.write_text(dump(prompt_chain(graphviz.LARGE_NODES).menus[0]), encoding="utf-8")
    return small, large


@pytest.mark.parametrize(
    ("source", "layout", "sfdp", "told"),
    [
        (SMALL, "auto", False, False),
        (LARGE, "auto", True, True),
        (SMALL, "dot", False, False),
        (LARGE, "dot", False, False),
        (SMALL, "sfdp", True, False),
        (LARGE, "sfdp", True, False),
    ],
)
def test_layout_for_each_choice_and_size(source: str, layout: str, sfdp: bool, told: bool):
    chosen = layout_for(source, layout)
    assert (SFDP in chosen.args) is sfdp
    assert bool(chosen.note) is told  # only auto's own choice is explained
    if told:
        assert "sfdp" in chosen.note and "--layout dot" in chosen.note


def test_run_dot_passes_the_layout_and_tells_only_autos_choice(dot_calls):
    notes: list[str] = []
    for layout in LAYOUTS:
        assert run_dot(LARGE, "svg", note=notes.append, layout=layout) == b"<svg></svg>"
    auto, dot, sfdp = dot_calls
    assert auto[:2] == ["/usr/bin/dot", "-Tsvg"] and SFDP in auto
    assert dot == ["/usr/bin/dot", "-Tsvg"]  # the layered layout, whatever the size
    assert sfdp == auto
    assert len(notes) == 1 and "laid out with sfdp" in notes[0]


def test_an_unknown_layout_is_an_input_error_before_any_work(dot_calls):
    for call in (
        lambda: run_dot(SMALL, layout="sdfp"),
        lambda: render("no/such/menus", "svg", layout="sdfp"),  # not loaded
        lambda: render(ivr.load_menu_text(DEMO), "mermaid", layout="neato"),
    ):
        with pytest.raises(InputError, match="unknown layout '(sdfp|neato)': one of auto, dot"):
            call()
    assert "did you mean 'sfdp'?" in str(pytest.raises(InputError, layout_for, "", "sdfp").value)
    assert dot_calls == []


def test_the_timeout_message_offers_sfdp_unless_it_was_sfdp(dot_calls, monkeypatch):
    def slow(cmd, **kwargs):
        raise subprocess.TimeoutExpired(cmd, kwargs["timeout"])

    monkeypatch.setattr(graphviz.subprocess, "run", slow)
    for layout, offered in (("auto", False), ("dot", True), ("sfdp", False)):
        with pytest.raises(RenderError, match="did not finish within 1 s") as caught:
            run_dot(LARGE, timeout=1, layout=layout)
        assert ("--layout sfdp" in str(caught.value)) is offered
        assert "--format mermaid" in str(caught.value)
    with pytest.raises(RenderError, match="--layout sfdp"):
        run_dot(SMALL, timeout=1)  # auto keeps dot here: sfdp is the way out


@needs_dot
def test_render_draws_a_large_menu_with_either_forced_layout(files):
    small, large = files
    svg = render(str(large), "svg", layout="sfdp")
    assert svg.startswith(b"<?xml") and svg.count(NODE) >= graphviz.LARGE_NODES
    assert render(str(small), "svg", layout="dot").count(NODE) >= 5


@pytest.mark.parametrize(
    ("which", "layout", "sfdp", "told"),
    [
        (0, None, False, False),
        (1, None, True, True),
        (0, "auto", False, False),
        (1, "auto", True, True),
        (0, "dot", False, False),
        (1, "dot", False, False),
        (0, "sfdp", True, False),
        (1, "sfdp", True, False),
    ],
)
def test_cli_layout_reaches_dot(files, tmp_path, capsys, dot_calls, which, layout, sfdp, told):
    out = tmp_path / "out.svg"
    forced = [] if layout is None else ["--layout", layout]
    assert main(["render", str(files[which]), "-o", str(out), *forced]) == 0
    assert out.read_bytes() == b"<svg></svg>"
    (cmd,) = dot_calls
    assert (SFDP in cmd) is sfdp
    err = capsys.readouterr().err
    assert ("laid out with sfdp" in err) is told


@needs_dot
def test_cli_forced_sfdp_draws_a_large_menu(files, tmp_path, capsys):
    out = tmp_path / "large.svg"
    assert main(["render", str(files[1]), "--layout", "sfdp", "-o", str(out)]) == 0
    assert out.read_bytes().count(NODE) >= graphviz.LARGE_NODES
    assert capsys.readouterr().err == ""  # asked for: nothing to explain


def test_cli_bad_layout_exits_2_naming_the_choices(files, capsys):
    assert main(["render", str(files[0]), "--layout", "sdfp"]) == 2
    err = capsys.readouterr().err
    assert "argument --layout: invalid choice: 'sdfp'" in err and "'sfdp'" in err


def test_cli_help_shows_the_layout_and_lists_the_librarys_choices(capsys):
    from ivr.cli import cmd_render

    assert cmd_render.LAYOUTS == LAYOUTS  # kept apart so that --help imports no renderer
    assert main(["render", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--layout {auto,dot,sfdp}" in out and "ivr render menus --layout dot" in out

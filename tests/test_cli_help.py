"""``ivr --help`` and ``ivr COMMAND --help``: every command listed with its line, every command
described with examples; only the running command's parser is built."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, run_ivr

from ivr.cli.app import COMMANDS, build_parser, command_module, command_name, main

NAMES = [command_name(c) for c in COMMANDS]


def test_top_help_lists_every_command_with_its_line(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in NAMES:
        line = next((ln for ln in out.splitlines() if ln.split()[:1] == [name]), "")
        assert command_module(name).HELP.split()[0] in line, name


def test_a_misspelt_command_is_a_usage_error_listing_the_commands(capsys):
    assert main(["rute", "menus/mts"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'rute'" in err
    assert "'route'" in err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_help_with_a_description_and_examples(capsys, name):
    assert main([name, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: ivr {name}")
    description = out.split("\n\n")[1]
    assert len(description.split()) >= 12, description  # more than the usage line says
    examples = out.split("examples:\n", 1)[1].splitlines()
    assert examples and examples[0].strip().startswith(f"ivr {name}"), examples


def test_only_the_running_command_is_built():
    parser = build_parser("route")
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001
    assert list(sub.choices) == ["route"]
    full = build_parser()
    sub = next(a for a in full._actions if a.dest == "command")  # noqa: SLF001
    assert list(sub.choices) == NAMES


def test_help_and_schema_import_neither_networkx_nor_the_model():
    code = (
        "import sys, contextlib, io\n"
        "from ivr.cli.app import main\n"
        "for argv in (['--help'], ['schema'], ['route', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(argv)\n"
        "print(sorted(m for m in ('networkx', 'ivr.model.types') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_help_runs_as_a_program():
    proc = run_ivr("--help")
    assert proc.returncode == 0
    assert "route" in proc.stdout

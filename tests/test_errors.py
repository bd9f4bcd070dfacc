"""One error hierarchy: a user's mistake is an ``IvrError`` and exits 2 with its message; any
other exception is a bug in ``ivr``: exit 3, one line, the traceback with ``--debug``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ivr
import ivr.errors as errors
from ivr.cli.app import main

ROOT = Path(__file__).resolve().parents[1]
MTS = str(ROOT / "menus" / "mts")


def boom(*args, **kwargs):
    raise RuntimeError("boom")


def test_every_error_class_is_an_ivr_error_and_keeps_the_base_code_catches():
    for name in errors.__all__:
        cls = getattr(errors, name)
        if isinstance(cls, type):
            assert issubclass(cls, ivr.IvrError), name
    assert issubclass(errors.InputError, ValueError)
    assert issubclass(errors.ConfigError, ValueError)
    assert issubclass(errors.LockError, ValueError)
    assert issubclass(errors.GraphvizMissing, RuntimeError)
    assert issubclass(errors.RenderError, RuntimeError)


def test_the_errors_stay_importable_from_their_old_homes():
    from ivr.cli.app import UsageError
    from ivr.diagnostics import LoadError
    from ivr.diagram import GraphvizMissing, RenderError
    from ivr.lint.config import ConfigError

    assert (UsageError, LoadError, ConfigError) == (
        errors.UsageError, errors.LoadError, errors.ConfigError,
    )  # fmt: skip
    assert (GraphvizMissing, RenderError) == (errors.GraphvizMissing, errors.RenderError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda h: ivr.simulate(h, "0000"), "no entry of this hotline answers '0000'"),
        (lambda h: ivr.simulate(h, "0890", caller={"netwrk": "mts"}), "did you mean 'network'"),
        (lambda h: ivr.simulate(h, "0890", at="25:00"), "'25:00' is not a time of day HH:MM"),
        (lambda h: ivr.routes(h, by="fastest"), "'by' is 'fastest'"),
        (lambda h: ivr.routes(h, k=0), "k must be at least 1"),
    ],
)
def test_a_users_mistake_in_the_library_is_an_input_error(call, message):
    hotline = ivr.load(MTS)
    with pytest.raises(errors.InputError, match=message):
        call(hotline)


def test_the_errors_module_imports_nothing_of_ivr():
    code = "import ivr.errors, sys; print(sorted(m for m in sys.modules if m.startswith('ivr')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=_env(), check=True).stdout  # fmt: skip
    assert out.strip() == "['ivr', 'ivr.errors']"


def test_a_bug_exits_3_with_one_line(capsys, monkeypatch):
    monkeypatch.setattr("ivr.io.yaml.schema.schema_text", boom)
    assert main(["schema"]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "ivr: internal error: RuntimeError: boom (run with --debug for the traceback)\n"


def test_a_value_error_from_a_bug_is_not_dressed_up_as_a_usage_error(capsys, monkeypatch):
    def broken_simulate(*args, **kwargs):
        raise ValueError("invalid literal for int() with base 10: 'x'")

    monkeypatch.setattr(ivr, "simulate", broken_simulate)
    assert main(["call", MTS, "--dial", "0890", "--keys", "2"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("ivr: internal error: ValueError: invalid literal for int()")
    assert "Traceback" not in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_of_a_bug(capsys, monkeypatch, where):
    monkeypatch.setattr("ivr.io.yaml.schema.schema_text", boom)
    argv = ["--debug", "schema"] if where == "before" else ["schema", "--debug"]
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'raise RuntimeError("boom")' in err
    assert err.endswith("ivr: internal error: RuntimeError: boom\n")


def test_debug_leaves_a_users_mistake_a_located_message(capsys):
    assert main(["--debug", "call", MTS, "--dial", "0000"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ivr: no entry of this hotline answers '0000'")
    assert "Traceback" not in err


def test_a_file_that_cannot_be_written_is_not_a_bug(capsys, monkeypatch, tmp_path):
    def denied(**kwargs):
        raise PermissionError(13, "Permission denied", kwargs["dir"])

    monkeypatch.setattr("ivr.io.atomic.tempfile.mkstemp", denied)
    menu = tmp_path / "m.yaml"
    menu.write_text(
        "ivr: 1\nentries: [{dial: '0890', start: human}]\nnodes: {human: {type: agent}}\n"
    )
    assert main(["lock", str(menu)]) == 2
    err = capsys.readouterr().err
    assert err == f"ivr: cannot write {tmp_path / 'm.lock.json'}: Permission denied\n"


def test_the_command_line_exits_3_on_a_bug_in_a_real_process(tmp_path):
    # a sitecustomize that breaks the schema: the process, not main(), decides the exit status
    (tmp_path / "sitecustomize.py").write_text(
        "import ivr.io.yaml.schema as s\n"
        "def schema_text():\n    raise RuntimeError('boom')\n"
        "s.schema_text = schema_text\n"
    )
    env = _env(str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "ivr", "schema"], capture_output=True,
                          text=True, env=env)  # fmt: skip
    assert proc.returncode == 3
    assert proc.stderr.endswith("ivr: internal error: RuntimeError: boom (run with --debug for "
                                "the traceback)\n")  # fmt: skip


def _env(*extra: str) -> dict[str, str]:
    path = os.pathsep.join([*extra, str(ROOT), os.environ.get("PYTHONPATH", "")])
    return dict(os.environ, PYTHONPATH=path)


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["--help"], ("networkx", "ivr.model.types", "dataclasses")),
        (["schema"], ("networkx", "ivr.model.types", "dataclasses")),
        (["call", MTS, "--dial", "0890", "--keys", "2 0"], ("networkx",)),
    ],
)
def test_commands_that_need_no_graph_do_not_import_it(argv, absent):
    code = (
        "import contextlib, io, sys\n"
        "from ivr.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        f"print([m for m in {absent!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=_env(), check=True).stdout  # fmt: skip
    assert out.strip() == "[]"

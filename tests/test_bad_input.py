"""Bad input through the CLI: located messages, exit 2, never a traceback, never a hang.

Each test writes a small (or deliberately hostile) menu to ``tmp_path`` and runs ``ivr check``
in process; a few run ``python -m ivr`` in a subprocess to prove no traceback reaches stderr.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import DEMO, run_ivr, write_menu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivr.checking.runner import check_hotline
from ivr.cli.app import main
from ivr.diagnostics import LoadError
from ivr.io.yaml import safe as yamlsafe
from ivr.io.yaml.reader import load_menu_text
from ivr.model.types import Hotline

ROOT = Path(__file__).resolve().parents[1]
FAST = 10.0  # seconds: "no hang" means a few at most, even for hostile files; 10 on a busy CI

GOOD = DEMO


write = write_menu


def broken(text: str, old: str, new: str) -> str:
    """GOOD with one piece replaced (the piece must be there)."""
    assert old in text, old
    return text.replace(old, new, 1)


def run_check(capsys, *args: str) -> tuple[int, str]:
    start = time.monotonic()
    code = main(["check", *args])
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in text
    assert elapsed < FAST, f"took {elapsed:.1f} s"
    return code, text


def located(text: str, path: Path) -> list[tuple[int, int, str]]:
    """(line, col, message) of every ``path:line:col: message`` line of the output."""
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+):(\d+): (.*)$", re.MULTILINE)
    return [(int(m[1]), int(m[2]), m[3]) for m in pattern.finditer(text)]


def one_error(capsys, path: Path) -> tuple[int, int, str]:
    """Run ``ivr check path``: exit 2, exactly one located error; return it."""
    code, text = run_check(capsys, str(path))
    assert code == 2, text
    errors = located(text, path)
    assert len(errors) == 1, text
    return errors[0]


def errors_of(capsys, path: Path) -> list[tuple[int, int, str]]:
    code, text = run_check(capsys, str(path))
    assert code == 2, text
    errors = located(text, path)
    assert errors, text
    return errors


def run_module(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    start = time.monotonic()
    proc = run_ivr(*args, timeout=timeout)
    assert time.monotonic() - start < 15
    return proc


def test_the_good_menu_is_good(capsys, tmp_path):
    """The baseline every other test breaks: it loads and its claim holds."""
    code, text = run_check(capsys, str(write(tmp_path, GOOD)))
    assert code == 0, text


# -- files that are not YAML menus -----------------------------------------------------------


def test_empty_file(capsys, tmp_path):
    path = write(tmp_path, "")
    line, col, message = one_error(capsys, path)
    assert (line, col) == (1, 1)
    assert "empty" in message


def test_file_of_comments_only_is_empty(capsys, tmp_path):
    path = write(tmp_path, "# nothing here yet\n\n")
    assert "empty" in one_error(capsys, path)[2]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("hello\n", "'hello'"), ("42\n", "'42'")],
    ids=["list", "text", "number"],
)
def test_not_a_mapping(capsys, tmp_path, text, kind):
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert (line, col) == (1, 1)
    assert "must be a mapping" in message
    assert kind in message


def test_not_utf8_reports_the_position(capsys, tmp_path):
    path = write(tmp_path, b'ivr: 1\nid: demo\ntitle: "caf\xe9"\nnodes: {}\n')
    line, col, message = one_error(capsys, path)
    assert (line, col) == (3, 12)
    assert "UTF-8" in message
    assert "0xe9" in message


def test_not_utf8_column_counts_characters_not_bytes(capsys, tmp_path):
    path = write(tmp_path, 'ivr: 1\ntitle: "ёж \xff"\n'.encode().replace(b"\xc3\xbf", b"\xff"))
    line, col, _ = one_error(capsys, path)
    assert (line, col) == (2, 12)


def test_binary_file(capsys, tmp_path):
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    line, col, message = one_error(capsys, path)
    assert "binary" in message
    assert (line, col) == (3, 1)  # where the first NUL byte stands


def test_utf16_file_is_named_as_such(capsys, tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes: {}\n".encode("utf-16"))
    message = one_error(capsys, path)[2]
    assert "UTF-16" in message
    assert "UTF-8" in message


def test_yaml_syntax_error(capsys, tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes:\n  a: {type: hangup\n")
    line, col, message = one_error(capsys, path)
    assert "YAML syntax error" in message
    assert line >= 3
    assert "line 3" in message  # where the unclosed mapping started


def test_yaml_tab_indentation(capsys, tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes:\n\tbye: {type: hangup}\n")
    line, _col, message = one_error(capsys, path)
    assert line == 3
    assert "YAML syntax error" in message


def test_two_yaml_documents(capsys, tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes: {}\n---\nivr: 1\n")
    line, _col, message = one_error(capsys, path)
    assert line == 3
    assert "document" in message


def test_duplicate_key_names_both_lines(capsys, tmp_path):
    text = broken(GOOD, "  bal: {", "  bal: {type: hangup}\n  bal: {")
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    first = text.splitlines().index("  bal: {type: hangup}") + 1
    assert (line, col) == (first + 1, 3)
    assert "duplicate key 'bal'" in message
    assert f"line {first}" in message


def test_duplicate_top_level_key(capsys, tmp_path):
    line, col, message = one_error(capsys, write(tmp_path, GOOD + "id: again\n"))
    assert "duplicate key 'id'" in message
    assert "line 2" in message
    assert line == len(GOOD.splitlines()) + 1


def test_python_tag_is_refused_not_run(capsys, tmp_path):
    marker = tmp_path / "pwned"
    text = f'ivr: 1\nnodes: !!python/object/apply:os.system ["touch {marker}"]\n'
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert (line, col) == (2, 8)
    assert "tag:yaml.org,2002:python/object/apply:os.system" in message
    assert "not allowed" in message
    assert not marker.exists()


@pytest.mark.parametrize(
    "value", ["!!python/name:os.system", "!!binary aGVsbG8=", "!custom 3", "!!set {a, b}"]
)
def test_foreign_tags_anywhere(capsys, tmp_path, value):
    text = broken(GOOD, "duration: 2}", f"duration: {value} }}")
    errors = errors_of(capsys, write(tmp_path, text))
    assert len(errors) == 1, errors
    line, col, message = errors[0]
    assert text.splitlines()[line - 1][col - 1 :].startswith(value)
    assert "not allowed" in message


def billion_laughs(where: str) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n" + where


@pytest.mark.parametrize(
    "where",
    [
        "ivr: 1\nnodes: *a8\n",
        "ivr: 1\nnodes: {}\ndocumented: *a8\n",
        "ivr: 1\ncaller: {network: *a8}\nnodes: {x: {type: hangup, say: *a8, suppress: *a8}}\n",
    ],
    ids=["nodes", "documented", "texts"],
)
def test_alias_bomb(capsys, tmp_path, where):
    path = write(tmp_path, billion_laughs(where))
    code, text = run_check(capsys, str(path))
    assert code == 2
    assert located(text, path)
    assert len(text.splitlines()) < 150  # bounded, never 9**9 messages


def test_many_aliases_of_one_mapping(capsys, tmp_path):
    """Anchors are allowed, but no more than MAX_ALIASES reuses of one file's nodes."""
    refs = "\n".join(f"  p{i}: *bye" for i in range(yamlsafe.MAX_ALIASES + 50))
    text = f"ivr: 1\nnodes:\n  bye: &bye {{type: hangup}}\n{refs}\n"
    errors = errors_of(capsys, write(tmp_path, text))
    assert len(errors) == 1
    assert "aliases" in errors[0][2]


def test_anchors_within_the_limit_are_fine(capsys, tmp_path):
    text = broken(GOOD, "timeout: {after: 5, to: main}", "timeout: &t {after: 5, to: main}")
    text = broken(
        text,
        "retries: {max: 3, then: bye}",
        "retries: {max: 3, then: bye}\n  m2: {type: menu, options: {'1': main}, timeout: *t}",
    )
    code, out = run_check(capsys, str(write(tmp_path, text)))
    assert code in (0, 1), out  # loads; m2 is unreachable, a warning at most


def test_huge_file_refused_by_size_without_reading(capsys, tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk

    def no_open(*args, **kwargs):
        raise AssertionError("a file over the size limit must not be opened")

    monkeypatch.setattr(yamlsafe, "open", no_open, raising=False)
    line, col, message = one_error(capsys, path)
    assert (line, col) == (1, 1)
    assert "52.4 MB" in message
    assert "limited" in message


def test_file_just_over_the_limit(capsys, tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes: {}\nnote: " + "x" * yamlsafe.MAX_BYTES + "\n")
    assert "limited" in one_error(capsys, path)[2]


def test_deep_flow_nesting(capsys, tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n")
    line, col, message = one_error(capsys, path)
    assert line == 2
    # the bracket that went one level too deep (the document's mapping is the first level)
    assert col == 8 + 4 * (yamlsafe.MAX_DEPTH - 1)
    assert "nested" in message


def test_deep_flow_nesting_subprocess(tmp_path):
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000 + "\n")
    proc = run_module("check", str(path))
    assert proc.returncode == 2
    assert f"{path}:1:" in proc.stdout + proc.stderr


def test_deep_block_nesting_on_one_line(capsys, tmp_path):
    path = write(tmp_path, "- " * 100_000 + "x\n")
    line, col, message = one_error(capsys, path)
    assert (line, col) == (1, 1 + 2 * yamlsafe.MAX_DEPTH)  # the dash one level too deep
    assert "nested" in message


def test_deep_block_nesting_subprocess(tmp_path):
    path = write(tmp_path, "ivr: 1\nnodes:\n  a:\n    " + "- " * 100_000 + "x\n")
    proc = run_module("check", str(path))
    assert proc.returncode == 2, proc.stderr
    assert f"{path}:4:" in proc.stdout + proc.stderr
    assert proc.returncode != -11  # libyaml's composer would have crashed on this


def test_deep_block_nesting_by_indentation(capsys, tmp_path):
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(300))
    line, _col, message = one_error(capsys, write(tmp_path, text))
    assert line == yamlsafe.MAX_DEPTH + 1
    assert "nested" in message


def test_many_list_items_stop_at_an_error_cap(capsys, tmp_path):
    """A large file full of mistakes ends quickly with a bounded number of messages."""
    body = "  - {dial: '0890', sourc: A}\n" * 30_000
    path = write(tmp_path, broken(GOOD, "documented:\n", "documented:\n" + body))
    code, text = run_check(capsys, str(path))
    assert code == 2
    assert 10 < len(located(text, path)) <= 101
    assert "too many errors" in text


def test_not_a_regular_file(capsys, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading blocks until a writer comes

    def writer_comes() -> None:  # should the loader ever open it: fail, don't hang the suite
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(FAST, writer_comes)
    timer.start()
    try:
        line_col_message = one_error(capsys, fifo)
    finally:
        timer.cancel()
    assert "not a regular file" in line_col_message[2]


# -- files that load but make no sense -----------------------------------------------------


def test_cycle_with_no_way_out_is_a_finding_not_a_hang(capsys, tmp_path):
    text = """\
ivr: 1
sources: {A: {title: t}}
entries: [{dial: "0890", start: a}]
nodes:
  a: {type: prompt, say: "one", next: b}
  b: {type: prompt, say: "two", next: c}
  c: {type: prompt, say: "three", next: a}
documented:
  - {dial: "0890", keys: "1", source: A}
"""
    path = write(tmp_path, text)
    code, out = run_check(capsys, str(path))
    assert code == 1, out
    assert "[loop-no-exit]" in out
    assert any("loop with no exit" in m for _, _, m in located(out, path))
    assert "documented claim broken" in out


def test_cycle_with_no_way_out_subprocess_json(tmp_path):
    text = """\
ivr: 1
entries: [{dial: "0890", start: a}]
nodes:
  a: {type: prompt, say: "one", duration: 3, next: b}
  b: {type: prompt, say: "two", duration: 3, next: a}
"""
    proc = run_module("check", "--json", str(write(tmp_path, text)))
    assert proc.returncode == 1
    import json

    rules = [f["rule"] for f in json.loads(proc.stdout)["findings"]]
    assert "loop-no-exit" in rules


def test_transfer_outside_the_folder(capsys, tmp_path):
    text = broken(
        GOOD, "  bye: {", "  out: {type: transfer, to: {file: ../x.yaml, entry: main}}\n  bye: {"
    )
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    assert (
        line
        == text.splitlines().index("  out: {type: transfer, to: {file: ../x.yaml, entry: main}}")
        + 1
    )
    assert col == len("  out: {type: transfer, to: {file: ") + 1
    assert "'../x.yaml'" in message
    assert "same folder" in message


@pytest.mark.parametrize("file", ["/etc/passwd.yaml", "sub/x.yaml", "..", "x.txt", "C:\\x.yaml"])
def test_transfer_file_must_be_a_plain_yaml_name(capsys, tmp_path, file):
    text = broken(
        GOOD,
        "  bye: {",
        f"  out: {{type: transfer, to: {{file: '{file}', entry: main}}}}\n  bye: {{",
    )
    assert "same folder" in one_error(capsys, write(tmp_path, text))[2]


def test_transfer_to_missing_file_in_folder(capsys, tmp_path):
    folder = tmp_path / "hotline"
    folder.mkdir()
    write(folder, GOOD.replace("id: demo", "id: first"), "first.yaml")
    text = broken(
        GOOD, "  bye: {", "  out: {type: transfer, to: {file: frist.yaml, entry: '0890'}}\n  bye: {"
    )
    text = text.replace("id: demo", "id: second").replace('dial: "0890"', 'dial: "0891"')
    path = write(folder, text, "second.yaml")
    code, out = run_check(capsys, str(folder))
    assert code == 2, out
    errors = located(out, path)
    assert len(errors) == 1, out
    assert "'frist.yaml'" in errors[0][2]
    assert "did you mean 'first.yaml'" in errors[0][2]


def test_transfer_to_missing_entry(capsys, tmp_path):
    folder = tmp_path / "hotline"
    folder.mkdir()
    write(folder, GOOD.replace("id: demo", "id: first"), "first.yaml")
    text = broken(
        GOOD, "  bye: {", "  out: {type: transfer, to: {file: first.yaml, entry: '0809'}}\n  bye: {"
    )
    text = text.replace("id: demo", "id: second").replace('dial: "0890"', 'dial: "0891"')
    path = write(folder, text, "second.yaml")
    _, out = run_check(capsys, str(folder))
    errors = located(out, path)
    assert len(errors) == 1, out
    assert "no such entry (did you mean '0890'?)" in errors[0][2]


def test_transfer_to_a_file_that_failed_is_not_reported_twice(capsys, tmp_path):
    folder = tmp_path / "hotline"
    folder.mkdir()
    first = write(folder, "ivr: 1\nnodes: {a: {type: hangup}\n", "first.yaml")
    text = broken(
        GOOD, "  bye: {", "  out: {type: transfer, to: {file: first.yaml, entry: '0890'}}\n  bye: {"
    )
    second = write(folder, text.replace('dial: "0890"', 'dial: "0891"'), "second.yaml")
    _, out = run_check(capsys, str(folder))
    assert len(located(out, first)) == 1, out
    assert located(out, second) == [], out


def test_missing_file(capsys, tmp_path):
    path = tmp_path / "nope.yaml"
    code, out = run_check(capsys, str(path))
    assert code == 2
    assert f"{path}: no such file or folder" in out


def test_missing_folder_subprocess(tmp_path):
    proc = run_module("check", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert "no such file or folder" in proc.stdout + proc.stderr


def test_missing_file_for_call(capsys, tmp_path):
    code = main(["call", str(tmp_path / "nope.yaml"), "--dial", "0890", "--keys", "0"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "no such file or folder" in err
    assert "Traceback" not in out + err


def test_empty_folder(capsys, tmp_path):
    (tmp_path / "readme.txt").write_text("not a menu")
    code, out = run_check(capsys, str(tmp_path))
    assert code == 2
    assert "no menu files" in out


# -- mistakes inside a menu: all reported, each located, with a did-you-mean ---------------


def test_all_errors_of_a_file_in_one_run(capsys, tmp_path):
    text = broken(GOOD, "next: main}", "next: mian}")
    text = broken(text, "duration: 8\n", "duration: -8\n")
    text = broken(text, 'options: {"0": human}', 'options: {"0": human, "a": human}')
    path = write(tmp_path, text)
    errors = errors_of(capsys, path)
    assert len(errors) == 3, errors
    lines = text.splitlines()
    assert [e[0] for e in errors] == sorted(e[0] for e in errors)
    assert "mian" in lines[errors[0][0] - 1]


def test_all_errors_of_all_files_in_one_run(capsys, tmp_path):
    write(tmp_path, broken(GOOD, "next: main}", "next: mian}"), "a.yaml")
    write(tmp_path, "ivr: 1\nnodes: {x: {type: hangup, tyep: y}}\n", "b.yaml")
    code, out = run_check(capsys, str(tmp_path))
    assert code == 2
    assert len(located(out, tmp_path / "a.yaml")) == 1
    assert len(located(out, tmp_path / "b.yaml")) == 1


def test_unknown_field_did_you_mean(capsys, tmp_path):
    text = broken(GOOD, "  bal: {type: prompt", "  bal: {tyep: prompt")
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    assert (
        line
        == text.splitlines().index(
            '  bal: {tyep: prompt, say: "balance is", duration: 4, next: main}'
        )
        + 1
    )
    assert col == len("  bal: {") + 1
    assert message == "unknown field 'tyep' in node 'bal' (did you mean 'type'?)"


def test_unknown_top_level_field(capsys, tmp_path):
    line, col, message = one_error(
        capsys, write(tmp_path, GOOD.replace("documented:", "documneted:"))
    )
    assert col == 1
    assert "did you mean 'documented'" in message


def test_field_of_another_node_type(capsys, tmp_path):
    text = broken(GOOD, "next: main}", "next: main, options: {'1': main}}")
    message = one_error(capsys, write(tmp_path, text))[2]
    assert "does not apply to a prompt node" in message


def test_unknown_node_type(capsys, tmp_path):
    message = one_error(capsys, write(tmp_path, GOOD.replace("type: agent", "type: agnet")))[2]
    assert "unknown type 'agnet'" in message
    assert "did you mean 'agent'" in message


def test_missing_required_field(capsys, tmp_path):
    text = broken(GOOD, "duration: 4, next: main}", "duration: 4}")
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert text.splitlines()[line - 1][col - 1 :].startswith("{type: prompt")
    assert message == "node 'bal' is missing 'next'"


def test_dangling_next_did_you_mean(capsys, tmp_path):
    text = broken(GOOD, "next: main}", "next: mian}")
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    assert text.splitlines()[line - 1][col - 1 :].startswith("mian")
    assert (
        message
        == "'next' of node 'news' points to 'mian', which does not exist (did you mean 'main'?)"
    )


def test_dangling_option_did_you_mean(capsys, tmp_path):
    text = broken(GOOD, '"2": services}', '"2": servces}')
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    assert text.splitlines()[line - 1][col - 1 :].startswith("servces")
    assert "option '2' of node 'main' points to 'servces'" in message
    assert "(did you mean 'services'?)" in message


def test_dangling_entry_start(capsys, tmp_path):
    message = one_error(capsys, write(tmp_path, GOOD.replace("start: news", "start: nesw")))[2]
    assert "'start' of entry '0890' points to 'nesw'" in message
    assert "did you mean 'news'" in message


def test_bad_dtmf_key(capsys, tmp_path):
    text = broken(GOOD, 'options: {"0": human}', 'options: {"0": human, "a": bal}')
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    assert text.splitlines()[line - 1][col - 1 :].startswith('"a"')
    assert "option key 'a'" in message
    assert "(did you mean 'A'?)" in message


@pytest.mark.parametrize("key", ["11", "x", "+"])
def test_bad_dtmf_key_without_suggestion(capsys, tmp_path, key):
    text = broken(GOOD, 'options: {"0": human}', f'options: {{"0": human, "{key}": bal}}')
    message = one_error(capsys, write(tmp_path, text))[2]
    assert "is not a telephone key" in message
    assert "did you mean" not in message


def test_bad_key_in_a_claim(capsys, tmp_path):
    message = one_error(capsys, write(tmp_path, GOOD.replace('keys: "2 0"', 'keys: "2 x"')))[2]
    assert "'x' in keys '2 x' is not a telephone key" in message


@pytest.mark.parametrize("dial", ["abc", "8 800 xyz", "+"])
def test_dial_number_that_does_not_parse(capsys, tmp_path, dial):
    text = GOOD.replace('{dial: "0890", when', f'{{dial: "{dial}", when').replace(
        '- {dial: "0890", keys', f'- {{dial: "{dial}", keys'
    )
    path = write(tmp_path, text)
    errors = errors_of(capsys, path)
    assert len(errors) == 1, errors
    line, col, message = errors[0]
    assert text.splitlines()[line - 1][col - 1 :].startswith(f'"{dial}"')
    assert "telephone number" in message


def test_duration_that_does_not_parse(capsys, tmp_path):
    message = one_error(capsys, write(tmp_path, GOOD.replace("duration: 20", "duration: twenty")))[
        2
    ]
    assert message == "'duration' of node 'news' must be a number of seconds, not 'twenty'"


@pytest.mark.parametrize("value", ["-5", "-0.5", "5000", "1.0e+9", "-.inf", ".nan"])
def test_duration_out_of_range(capsys, tmp_path, value):
    path = write(tmp_path, GOOD.replace("duration: 20", f"duration: {value}"))
    line, col, message = one_error(capsys, path)
    assert (line, col) == (10, len('  news: {type: prompt, say: "News of the day", duration: ') + 1)
    assert "'duration' of node 'news'" in message
    assert "between 0 and 3600" in message


@pytest.mark.parametrize("value", ["1e9", "0x10", "12s", "'12'", "[12]"])
def test_duration_not_a_plain_number(capsys, tmp_path, value):
    """YAML 1.1: ``1e9`` (no dot) is text, ``0x10`` is an int but not a plain number."""
    message = one_error(
        capsys, write(tmp_path, GOOD.replace("duration: 20", f"duration: {value}"))
    )[2]
    assert message.startswith("'duration' of node 'news' must be a")
    assert "number" in message


def test_timeout_out_of_range(capsys, tmp_path):
    message = one_error(
        capsys, write(tmp_path, GOOD.replace("after: 5, to: main", "after: 0, to: main"))
    )[2]
    assert "'timeout.after' of node 'main'" in message


def test_wait_mean_outside_min_max(capsys, tmp_path):
    message = one_error(capsys, write(tmp_path, GOOD.replace("mean: 1200", "mean: 9000")))[2]
    assert "mean 9000 is not between min 300 and max 2400" in message


def test_claim_dials_a_number_no_entry_has(capsys, tmp_path):
    text = broken(GOOD, '- {dial: "0890", keys', '- {dial: "0891", keys')
    path = write(tmp_path, text)
    line, col, message = one_error(capsys, path)
    assert line == next(i for i, t in enumerate(text.splitlines(), 1) if '"0891"' in t)
    assert "documented claim dials '0891'" in message
    assert "(did you mean '0890'?)" in message


def test_claim_expects_an_unknown_outcome(capsys, tmp_path):
    text = broken(GOOD, "{network: mts}, source: A}", "{network: mts}, source: A, expect: agnet}")
    message = one_error(capsys, write(tmp_path, text))[2]
    assert "did you mean 'agent'" in message


def test_unknown_caller_attribute_in_when(capsys, tmp_path):
    text = GOOD.replace("when: {network: mts}", "when: {netwrok: mts}")
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert text.splitlines()[line - 1][col - 1 :].startswith("netwrok")
    assert "caller attribute 'netwrok'" in message
    assert "(did you mean 'network'?)" in message


def test_unknown_caller_value_in_when(capsys, tmp_path):
    text = GOOD.replace("when: {network: mts}", "when: {network: mst}")
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert text.splitlines()[line - 1][col - 1 :].startswith("mst")
    assert "'mst' is not a value of caller attribute 'network' (mts, other)" in message
    assert "(did you mean 'mts'?)" in message


def test_unknown_caller_value_in_a_claim(capsys, tmp_path):
    text = broken(GOOD, "caller: {network: mts}, source", "caller: {network: MTS}, source")
    message = one_error(capsys, write(tmp_path, text))[2]
    assert "did you mean 'mts'" in message


def test_bad_hour_range(capsys, tmp_path):
    text = GOOD.replace("when: {network: mts}", "when: {network: mts, hour: '9-18'}")
    message = one_error(capsys, write(tmp_path, text))[2]
    assert "is not a time of day HH:MM" in message


def test_unknown_source_id(capsys, tmp_path):
    text = GOOD.replace("start: news, source: A}", "start: news, source: B}")
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert text.splitlines()[line - 1][col - 1 :].startswith("B}")
    assert "cites source 'B', which 'sources' does not list" in message


def test_unknown_format_version(capsys, tmp_path):
    line, col, message = one_error(capsys, write(tmp_path, GOOD.replace("ivr: 1", "ivr: 2")))
    assert (line, col) == (1, 6)
    assert "format version 2" in message


def test_long_values_are_shortened_in_messages(capsys, tmp_path):
    text = GOOD.replace("duration: 20", "duration: " + "x" * 100_000)
    message = one_error(capsys, write(tmp_path, text))[2]
    assert len(message) < 300


def test_errors_as_json(capsys, tmp_path):
    import json

    path = write(tmp_path, broken(GOOD, "next: main}", "next: mian}"))
    code = main(["check", "--json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    assert report["summary"]["errors"] == 1
    [finding] = report["findings"]
    assert finding["rule"] == "unknown-reference"  # as GitHub and JUnit name it
    assert finding["severity"] == "error"
    assert finding["file"] == str(path)
    line = '  news: {type: prompt, say: "News of the day", duration: 20, next: mian}'
    assert (finding["line"], finding["col"]) == (10, line.index("mian") + 1)
    assert "did you mean 'main'" in finding["message"]


def test_subprocess_bad_menu_stderr_is_clean(tmp_path):
    path = write(tmp_path, GOOD.replace("type: agent", "type: agnet"))
    proc = run_module("call", str(path), "--dial", "0890", "--keys", "2 0")
    assert proc.returncode == 2
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: ", proc.stderr, re.MULTILINE)


def test_control_character(capsys, tmp_path):
    line, col, message = one_error(capsys, write(tmp_path, "ivr: 1\ntitle: a\x07b\nnodes: {}\n"))
    assert (line, col) == (2, 9)
    assert "#x0007" in message


def test_undefined_alias(capsys, tmp_path):
    line, col, message = one_error(
        capsys, write(tmp_path, broken(GOOD, "to: human}", "to: *human}"))
    )
    assert "undefined alias" in message


def test_duplicate_anchor(capsys, tmp_path):
    text = "ivr: 1\nnodes:\n  a: &x {type: hangup}\n  b: &x {type: hangup}\n"
    line, col, message = one_error(capsys, write(tmp_path, text))
    assert (line, col) == (4, 6)
    assert "line 3" in message


@pytest.mark.parametrize("keys", ["12 3", "a0", "2 cd", "2 a"])
def test_claim_keys_are_single_telephone_keys(capsys, tmp_path, keys):
    message = one_error(capsys, write(tmp_path, GOOD.replace('keys: "2 0"', f'keys: "{keys}"')))[2]
    assert "is not a telephone key" in message
    assert ("did you mean 'A'" in message) == (keys in ("a0", "2 a"))


@pytest.mark.parametrize("key", ["ab", "CD", ""])
def test_option_key_of_two_letters_gets_no_suggestion(capsys, tmp_path, key):
    text = broken(GOOD, 'options: {"0": human}', f'options: {{"0": human, "{key}": bal}}')
    message = one_error(capsys, write(tmp_path, text))[2]
    assert "is not a telephone key" in message
    assert "did you mean" not in message


_PIECES = list("{}[]:,-&*!?|>'\"#\n \tabAB01_.~%@`é") + ["!!python/object:x ", "<<: ", "&a ", "*a"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(GOOD)), st.integers(0, 5), st.sampled_from(_PIECES)),
        min_size=1,
        max_size=4,
    )
)
def test_a_mangled_menu_is_a_located_error_or_loads(edits):
    """Any few-character damage to a good menu: it loads, or every error has a place."""
    text = GOOD
    for at, cut, piece in edits:
        text = text[:at] + piece + text[at + cut :]
    try:
        menu = load_menu_text(text, "m.yaml")
    except LoadError as exc:
        assert exc.errors
        for d in exc.errors:
            assert (d.loc.file, d.loc.line >= 1, d.loc.col >= 1) == ("m.yaml", True, True), d
            assert "Traceback" not in d.message
    else:
        check_hotline(Hotline((menu,), "m.yaml"))


def test_dense_file_of_millions_of_values_is_refused_before_composing(capsys, tmp_path):
    path = write(tmp_path, "[" + "[]," * 2_000_000 + "]")
    started = time.monotonic()
    line, col, message = one_error(capsys, path)
    assert (line, col) == (1, 1)  # refused by the screen: 4 million value marks
    assert "YAML values" in message and "1,000,000" in message
    assert time.monotonic() - started < 5

"""Issue 15 items 1 and 2: ivr writes only what it owns, passes no option to git or dot, and
prints no control character it was given."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import write_menu

from ivr.cli.app import main
from ivr.errors import GitError, RenderError, WriteError
from ivr.io import atomic
from ivr.printable import printable

ROOT = Path(__file__).resolve().parent.parent
MENU = "ivr: 1\nentries: [{dial: '0890', start: human}]\nnodes: {human: {type: agent}}\n"


@pytest.fixture
def menu(tmp_path: Path) -> Path:
    return write_menu(tmp_path, MENU, "m.yaml")


def test_a_device_is_written_to_not_replaced() -> None:
    before = os.stat("/dev/null")
    atomic.write_atomic("/dev/null", "x" * 1000)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_render_to_dev_null_keeps_the_device(menu: Path) -> None:
    assert main(["render", str(menu), "--format", "dot", "-o", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_streamed_into(tmp_path: Path, menu: Path) -> None:
    fifo = tmp_path / "pipe.dot"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert main(["render", str(menu), "--format", "dot", "-o", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"digraph ivr {")


def test_a_fifo_that_no_process_reads_is_refused_not_waited_on(
    tmp_path: Path, menu: Path, capsys, monkeypatch
) -> None:
    fifo = tmp_path / "nobody.dot"
    os.mkfifo(fifo)
    monkeypatch.setattr(atomic, "FIFO_WAIT", 0.2)
    assert main(["render", str(menu), "--format", "dot", "-o", str(fifo)]) == 2
    assert capsys.readouterr().err == f"ivr: cannot write {fifo}: a FIFO that no process reads\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.dot"
    real.write_text("old")
    link = tmp_path / "link.dot"
    link.symlink_to(real)
    atomic.write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_dangling_symlink_and_a_directory_are_refused(tmp_path: Path, menu: Path) -> None:
    link = tmp_path / "out.dot"
    link.symlink_to(tmp_path / "missing" / "x")
    with pytest.raises(WriteError, match="a symlink to nothing"):
        atomic.write_atomic(link, "x")
    assert link.is_symlink()
    (tmp_path / "m.lock.json").mkdir()
    assert main(["lock", str(menu)]) == 2


def test_lock_on_a_directory_lock_says_cannot_write(tmp_path: Path, menu: Path, capsys) -> None:
    (tmp_path / "m.lock.json").mkdir()
    assert main(["lock", str(menu)]) == 2
    err = capsys.readouterr().err
    assert err == f"ivr: cannot write {tmp_path / 'm.lock.json'}: it is a directory\n"


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system"),
     (errno.EACCES, "Permission denied")],
)  # fmt: skip
def test_every_write_failure_is_one_line_exit_2(menu, monkeypatch, capsys, code, words) -> None:
    def fail(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", fail)
    assert main(["lock", str(menu)]) == 2
    lock = menu.with_name("m.lock.json")
    assert capsys.readouterr().err == f"ivr: cannot write {lock}: {words}\n"
    assert sorted(p.name for p in menu.parent.iterdir()) == ["m.yaml"]  # no temp file


def test_full_device_is_a_write_error() -> None:
    with pytest.raises(WriteError, match="cannot write /dev/full: No space left on device"):
        atomic.write_atomic("/dev/full", "x")


STALLED = """
import os, sys, time
from ivr.io import atomic
def stall(fd):
    print("writing", flush=True)
    time.sleep(60)
atomic.os.fsync = stall
atomic.write_atomic(sys.argv[1], "new")
"""


def _stalled_writer(target: Path) -> subprocess.Popen:
    # SIGINT with its default action in the child, as in a terminal: a test run started as a
    # background job ignores it, and so would the writer
    default = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    proc = subprocess.Popen([sys.executable, "-c", STALLED, str(target)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, preexec_fn=default)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    return proc


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_terminated_write_leaves_no_temp_file(tmp_path: Path, sig: int) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    proc = _stalled_writer(target)
    proc.send_signal(sig)
    proc.wait(30)
    proc.stdout.close()  # type: ignore[union-attr]
    assert proc.returncode != 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"] and target.read_text() == "old"


def test_a_later_write_removes_what_a_sigkill_left(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    proc = _stalled_writer(target)
    proc.kill()
    proc.wait(30)
    proc.stdout.close()  # type: ignore[union-attr]
    strays = [p.name for p in tmp_path.iterdir()]
    assert len(strays) == 1 and strays[0].startswith(".out.txt.ivr-")
    atomic.write_atomic(target, "new")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_temp_file_of_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    live = tmp_path / f".out.txt.ivr-{os.getppid()}-abc.tmp"
    live.write_text("busy")
    atomic.write_atomic(tmp_path / "out.txt", "x")
    assert live.exists()


# -- git and dot take no option from the user ------------------------------------------------
@pytest.mark.parametrize("rev", ["--output=FILE", "-p", "HEAD:x.yaml", "a\nb", ""])
def test_a_revision_that_could_be_an_option_is_refused(tmp_path: Path, rev: str) -> None:
    from ivr.checking.diff.git import at_revision

    with pytest.raises(GitError), at_revision(tmp_path, rev):
        pass


def test_diff_rev_output_writes_no_file(tmp_path: Path, capsys) -> None:
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=n"]
    (tmp_path / "short.yaml").write_text(MENU)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["diff", "short.yaml", "--rev=--output=FILE"]) == 2
    finally:
        os.chdir(cwd)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "short.yaml"]
    assert "a revision cannot begin with '-'" in capsys.readouterr().err


def test_dot_has_a_time_limit_and_a_cheaper_layout_for_large_diagrams() -> None:
    from ivr.diagram import graphviz

    big = "digraph {\n" + "".join(f'  "n{i}" -> "n{(i * 7) % 1000}";\n' for i in range(1000))
    layout = graphviz.layout_for(big + "}")
    assert "-Ksfdp" in layout.args and "sfdp" in layout.note
    if not os.path.exists("/usr/bin/dot"):
        pytest.skip("Graphviz is not installed")  # the layout choice above still ran
    with pytest.raises(RenderError, match="did not finish within 0.001 s"):
        graphviz.run_dot(big + "}", timeout=0.001)


# -- messages print no control character ---------------------------------------------------
def test_control_characters_in_a_menu_come_out_escaped(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "m.yaml"
    text = "ivr: 1\nentries: [{dial: '0890', start: human}]\nnodes:\n  human: {type: agent}\n"
    bad.write_text(text + '  "x\\e[2J\\nid": {type: agent, sya: hi}\n', encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    out = capsys.readouterr()
    err = out.out + out.err
    assert "\x1b" not in err and "\\x1b[2J" in err
    assert all(line.startswith(str(bad)) for line in err.splitlines()[:-1])


def test_printable_keeps_letters_and_escapes_controls() -> None:
    assert printable("Оператор 0") == "Оператор 0"
    assert printable("a\rb\x85c\u2028d\u202e") == "a\\rb\\x85c\\u2028d\\u202e"


# -- a hotline reads nothing outside its folder --------------------------------------------
def test_symlinks_out_of_the_folder_fifos_and_directories_are_reported(tmp_path: Path) -> None:
    import ivr
    from ivr.errors import LoadError

    (tmp_path / "outside.yaml").write_text("secret: do not print this line\n")
    h = tmp_path / "h"
    h.mkdir()
    (h / "main.yaml").write_text(
        "ivr: 1\nentries: [{dial: '0890', start: out}]\n"
        "nodes: {out: {type: transfer, to: other.yaml}}\n"
    )
    (h / "leak.yaml").symlink_to(tmp_path / "outside.yaml")
    (h / "other.yaml").symlink_to(ROOT / "menus" / "mts" / "short.yaml")
    (h / "zero.yaml").symlink_to("/dev/zero")
    (h / "etc.yaml").symlink_to("/etc")
    os.mkfifo(h / "fifo.yaml")
    (h / "dir.yaml").mkdir()
    with pytest.raises(LoadError) as caught:
        ivr.load(h)
    said = {Path(d.loc.file).name: d.message for d in caught.value.errors}
    assert "secret" not in str(caught.value)
    for name in ("leak.yaml", "other.yaml", "zero.yaml", "etc.yaml"):
        assert said[name] == "a symlink that leads out of the folder: not read"
    assert said["fifo.yaml"].startswith("a FIFO") and said["dir.yaml"].startswith("a directory")


def test_a_symlink_inside_the_folder_is_read(tmp_path: Path) -> None:
    import ivr

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "m.yaml").write_text(MENU)
    h = tmp_path / "h"
    h.mkdir()
    (h / "sub").mkdir()
    (h / "sub" / "x.txt").write_text(MENU)
    (h / "m.yaml").symlink_to(h / "sub" / "x.txt")
    assert [m.id for m in ivr.load(h).menus] == ["m"]


def test_check_on_an_unreadable_folder_is_located(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "h").mkdir()

    def denied(self: Path):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", denied)
    assert main(["check", str(tmp_path / "h")]) == 2
    out = capsys.readouterr()
    assert f"{tmp_path / 'h'}: cannot read: Permission denied" in out.out + out.err
    assert "Traceback" not in out.err


def test_a_single_file_never_follows_a_transfer_through_a_symlink_out(tmp_path: Path) -> None:
    import ivr
    from ivr.errors import LoadError

    h = tmp_path / "h"
    h.mkdir()
    (h / "main.yaml").write_text(
        "ivr: 1\nentries: [{dial: '0890', start: out}]\n"
        "nodes: {out: {type: transfer, to: {file: other.yaml, entry: '0890'}}}\n"
    )
    (tmp_path / "outside.yaml").write_text(MENU)
    (h / "other.yaml").symlink_to(tmp_path / "outside.yaml")
    with pytest.raises(LoadError) as caught:
        ivr.load(h / "main.yaml")
    assert "a symlink that leads out of the folder" in str(caught.value)

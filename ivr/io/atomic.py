"""Write files safely: readers see the old file or the new one, never half, and nothing that
is not ours is replaced.

Every file ``ivr`` writes (menus dumped by :mod:`ivr.dump`, lock files, diagrams, reports)
goes through :func:`write_atomic` (or :func:`write_output`, which also takes ``-`` for
standard output):

- a regular file (or a new one) is written to a temporary file in the same folder, flushed and
  ``fsync``-ed, then ``os.replace`` puts it in place in one step; it keeps its permission bits;
- a device, a FIFO or a terminal (``-o /dev/null``, ``-o /dev/stdout``, a named pipe) is opened
  and written directly, streaming: it is never renamed over;
- a symlink is written through: the file it points to is replaced, the link stays a link; a
  symlink to nothing (or a loop) is refused;
- a directory, or a folder ``ivr`` may not write, is refused.

Temporary files are named ``.NAME.ivr-PID-XXXXXXXX.tmp``; they are removed on every way out of
:func:`write_atomic` (an exception, Ctrl-C, SIGTERM or SIGHUP), and one that a SIGKILL left behind
is removed by the next write to the same file, once its process is gone. Every failure is an
:class:`~ivr.errors.WriteError` saying ``cannot write PATH: reason``.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> target = os.path.join(folder, "menu.yaml")
>>> write_atomic(target, "ivr: 1\\n")
>>> open(target, encoding="utf-8").read()
'ivr: 1\\n'
>>> os.listdir(folder)
['menu.yaml']
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator

from ivr.errors import WriteError

_STRAY = re.compile(r"\.(?P<name>.+)\.ivr-(?P<pid>\d+)-[^.]+\.tmp\Z")
STRAY_AGE = 24 * 3600  # a temp file this old is a stray whatever its process


def _new_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give a new file (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_atomic(path: str | os.PathLike[str], text: str | bytes, encoding: str = "utf-8") -> None:
    """Put ``text`` in ``path``: a regular file replaced atomically, a device or FIFO streamed.

    ``text`` is a str (written in ``encoding``) or bytes (an image, a PDF), written as given:
    no newline translation. Raises :class:`~ivr.errors.WriteError` (``cannot write PATH:
    reason``) for any failure: a full disk, a read-only file system, no permission, a
    directory, a dangling symlink.

    >>> write_atomic("/dev/null", "nothing")  # a device: written to, never replaced
    >>> import stat; stat.S_ISCHR(os.stat("/dev/null").st_mode)
    True
    """
    shown = os.fspath(path)
    data = text if isinstance(text, bytes) else text.encode(encoding)
    _no_nul(shown)
    target = _real_target(shown)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(shown, _reason(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(shown, "it is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # a device, a FIFO, a socket: stream, no rename
        _write_through(shown, target, data, fifo=stat.S_ISFIFO(info.st_mode))
        return
    mode = stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode()
    remove_strays(target)
    with _signals_raise():
        _replace(shown, target, data, mode)


def _replace(shown: str, target: str, data: bytes, mode: int) -> None:
    """Same-folder temp file, fsync, chmod, ``os.replace``; the temp file never stays."""
    folder = os.path.dirname(os.path.abspath(target))
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.ivr-{os.getpid()}-", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise WriteError(shown, _reason(exc)) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _fsync_folder(folder)


def write_output(path: str | os.PathLike[str] | None, text: str | bytes) -> None:
    """Write a command's output: to standard output for ``None`` or ``-``, else
    :func:`write_atomic`. Raises :class:`~ivr.errors.WriteError`.

    >>> import tempfile
    >>> write_output(os.path.join(tempfile.mkdtemp(), "out.txt"), b"bytes too")
    """
    if path is None or os.fspath(path) == "-":
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(path, text)


def make_folder(path: str | os.PathLike[str]) -> None:
    """Make the folder ``path`` (and its parents) unless it is one already; WriteError when it
    cannot be made (a file stands there, no permission, a NUL in the name).

    >>> make_folder("/dev/null")
    Traceback (most recent call last):
    ivr.errors.WriteError: cannot write /dev/null: not a folder
    """
    shown = os.fspath(path)
    _no_nul(shown)
    try:
        os.makedirs(shown, exist_ok=True)
    except FileExistsError:
        raise WriteError(shown, "not a folder") from None
    except OSError as exc:
        raise WriteError(shown, _reason(exc)) from None


def _no_nul(shown: str) -> None:
    """WriteError for a path no file system can hold (the OS refuses it with a ValueError)."""
    if "\x00" in shown:
        raise WriteError(shown.replace("\x00", "\\x00"), "a path cannot hold a NUL character")


def _real_target(shown: str) -> str:
    """The file a write to ``shown`` lands in: through symlinks; WriteError for a dangling one."""
    if not os.path.islink(shown):
        return shown
    try:
        return os.path.realpath(shown, strict=True)
    except FileNotFoundError:
        raise WriteError(shown, "a symlink to nothing") from None
    except (OSError, RuntimeError) as exc:  # a loop (RuntimeError on some versions)
        raise WriteError(shown, getattr(exc, "strerror", None) or "a symlink loop") from None


FIFO_WAIT = 2.0
"""Seconds a write to a FIFO waits for a process to read it (then: WriteError, not a hang)."""


def _write_through(shown: str, target: str, data: bytes, fifo: bool = False) -> None:
    """Stream ``data`` into an existing non-regular file (``/dev/null``, a FIFO).

    A FIFO is opened without blocking, so one that no process reads is refused within
    :data:`FIFO_WAIT` seconds instead of waiting forever; once open, it is written to as
    usual (blocking while the reader catches up)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    nonblock = getattr(os, "O_NONBLOCK", 0) if fifo else 0
    waited = 0.0
    while True:
        try:
            fd = os.open(target, flags | nonblock)
            break
        except OSError as exc:
            if exc.errno == errno.ENXIO and nonblock and waited < FIFO_WAIT:
                time.sleep(0.05)  # no reader yet: one may be opening it
                waited += 0.05
                continue
            if exc.errno == errno.ENXIO and nonblock:
                raise WriteError(shown, "a FIFO that no process reads") from None
            raise WriteError(shown, _reason(exc)) from None
    if nonblock:
        os.set_blocking(fd, True)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BrokenPipeError:  # a FIFO whose reader left: what it read is what it wanted
        return
    except OSError as exc:
        raise WriteError(shown, _reason(exc)) from None


def remove_strays(target: str | os.PathLike[str]) -> list[str]:
    """Remove temp files of earlier writes to ``target`` whose process is gone (or that are a
    day old); the names removed. Best effort: what cannot be removed stays.
    """
    target = os.fspath(target)
    folder = os.path.dirname(os.path.abspath(target)) or "."
    name = os.path.basename(target)
    removed = []
    try:
        entries = os.listdir(folder)
    except OSError:
        return []
    for entry in entries:
        match = _STRAY.match(entry)
        if not match or match["name"] != name:
            continue
        full = os.path.join(folder, entry)
        with contextlib.suppress(OSError):
            old = time.time() - os.lstat(full).st_mtime > STRAY_AGE
            if old or not _alive(int(match["pid"])):
                os.unlink(full)
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, someone else's
        return True
    return True


class _Interrupted(BaseException):
    """A terminating signal arrived while a temp file existed (re-raised as the signal)."""


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP unwind (so the temp file goes) instead of killing.

    Only in the main thread and only where the signal had its default action; after the write
    the signal is delivered again with its old action.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    old: dict[int, object] = {}

    def handler(signum: int, frame: object) -> None:
        caught.append(signum)
        raise _Interrupted

    for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
        if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
            old[sig] = signal.signal(sig, handler)
    try:
        yield
    except _Interrupted:
        pass
    finally:
        for sig, action in old.items():
            signal.signal(sig, action)  # type: ignore[arg-type]
    if caught:
        os.kill(os.getpid(), caught[0])  # die as the signal meant, the temp file gone
        time.sleep(1)  # pragma: no cover - the signal ends the process before this ends


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable where the platform allows it (POSIX); best effort."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)

"""Write files atomically: readers see the old file or the new one, never half of either.

Every file ``ivr`` writes (menus dumped by :mod:`ivr.dump`, lock files, reports) goes through
:func:`write_atomic`: the text goes to a temporary file in the same folder, is flushed and
``fsync``-ed, then ``os.replace`` puts it in place in one step. A crash or a full disk leaves the
old file untouched and no temporary file behind.

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
import os
import stat
import tempfile


def _new_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give a new file (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], text: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (same-folder temp file, fsync, ``os.replace``).

    ``text`` is a str (written in ``encoding``) or bytes (an image, a PDF), written as given:
    no newline translation. The file keeps its permission bits when it exists already; a new
    file gets the usual ``0o666`` less the umask.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text if isinstance(text, bytes) else text.encode(encoding))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


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

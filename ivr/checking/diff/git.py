"""The menus as they were at a git revision, for ``ivr diff PATH --rev REV``."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ivr.errors import GitError
from ivr.io.spec import MENU_SUFFIXES

GIT_TIMEOUT = 60  # seconds


def git(args: list[str], cwd: Path) -> bytes:
    """``git ARGS`` run in ``cwd``: its standard output, or GitError with git's message."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git failed")
    return done.stdout


def blob(rev: str, rel: str, top: Path) -> bytes:
    """The file ``rel`` (relative to the work tree ``top``) at revision ``rev``."""
    # --end-of-options: a revision that begins with '-' is a name, never an option
    return git(["show", "--end-of-options", f"{rev}:{rel}"], top)


def names_in(rev: str, rel: str, top: Path) -> list[str]:
    """The names in folder ``rel`` at revision ``rev`` (``.``: the top of the work tree)."""
    tree = f"{rev}:{rel}" if rel != "." else rev
    listing = git(["ls-tree", "--name-only", "--end-of-options", tree], top)
    return listing.decode("utf-8").splitlines()


def check_revision(rev: str) -> str:
    """``rev`` when it can only name a revision; GitError for one that could be read as an
    option (a leading ``-``), a path (``:``) or that holds control characters.

    >>> check_revision("HEAD~1")
    'HEAD~1'
    >>> check_revision("--output=FILE")
    Traceback (most recent call last):
    ...
    ivr.errors.GitError: a revision cannot begin with '-'
    """
    if not rev:
        raise GitError("--rev needs a revision (a commit, a branch, a tag)")
    if rev.startswith("-"):
        raise GitError("a revision cannot begin with '-'")
    if ":" in rev or any(ord(c) < 32 or ord(c) == 127 for c in rev):
        raise GitError("a revision names a commit: no ':' and no control characters")
    return rev


@contextmanager
def at_revision(path: str | os.PathLike[str], rev: str) -> Iterator[Path]:
    """The menu file or folder ``path`` as it was at git revision ``rev``, in a temp folder.

    Raises :class:`~ivr.errors.GitError` (not a work tree, no such revision, a revision that
    could be read as an option). The revision reaches git only after ``--end-of-options``.
    """
    check_revision(rev)
    p = Path(path).resolve()
    folder = p if p.is_dir() else p.parent
    top = Path(git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    rel = p.relative_to(top).as_posix()
    tmp = Path(tempfile.mkdtemp(prefix="ivr-diff-"))
    try:
        target = tmp / p.name
        if p.is_dir():
            names = [n for n in names_in(rev, rel, top) if n.endswith(MENU_SUFFIXES)]
            if not names:
                raise GitError(f"{rel} holds no menu files at {rev}")
            target.mkdir()
            for name in names:
                if "/" in name or name in (".", ".."):  # git never lists such a name
                    continue
                (target / name).write_bytes(blob(rev, f"{rel}/{name}", top))
        else:
            target.write_bytes(blob(rev, rel, top))
        yield target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def work_tree(path: str | os.PathLike[str]) -> Path | None:
    """The top of the git work tree that holds ``path``, or None when none does (a shipped
    hotline in an installed package, a folder outside any repository, no git).

    >>> work_tree("menus/mts") is not None
    True
    """
    p = Path(path).resolve()
    folder = p if p.is_dir() else p.parent
    try:
        return Path(git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    except GitError:
        return None


def revisions(path: str | os.PathLike[str], most: int = 12) -> list[tuple[str, str]]:
    """The latest commits that changed ``path``, newest first: (short hash, subject); empty
    outside a git work tree."""
    top = work_tree(path)
    if top is None:
        return []
    rel = Path(path).resolve().relative_to(top).as_posix()
    try:
        out = git(["log", f"-n{int(most)}", "--format=%h%x09%s", "--", rel], top)
    except GitError:
        return []
    rows = [line.split("\t", 1) for line in out.decode("utf-8", "replace").splitlines()]
    return [(r[0], r[1] if len(r) > 1 else "") for r in rows if r and r[0]]

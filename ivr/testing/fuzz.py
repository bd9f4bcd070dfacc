"""Fuzzing menus: the contract every mutant (:mod:`ivr.testing.mutants`) must keep.

:func:`check_contract` runs the library on a mutant (load, validate, compile, simulate,
routes, check and its reports, render, lock, diff against the original) and returns what broke
the contract: an exception outside the :class:`~ivr.errors.IvrError` family, an unlocated load
error, an operation past its time limit (:func:`time_limit`) or its memory limit
(:func:`memory_limit`: 2 GB more than the process had mapped). :func:`check_cli` runs the
``ivr`` command in a child process with memory and CPU limits and checks the exit status (0, 1
or 2), that no traceback shows and that every error line is located. ``tests/test_fuzz.py``
runs both on every CI with a small budget; ``benchmarks/fuzz.py --minutes N`` runs longer and
saves what it finds into ``tests/corpus/``, which a test replays.

>>> from hypothesis import given, settings
>>> seen = []
>>> @settings(max_examples=5, database=None, derandomize=True)
... @given(mutants(MINI))
... def run(mutant):
...     seen.append(check_contract(mutant.text))
>>> run()
>>> all(problems == [] for problems in seen)
True
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ivr.testing.mutants import HOSTILE as HOSTILE  # re-exported: their first home
from ivr.testing.mutants import LEVELS as LEVELS
from ivr.testing.mutants import MINI as MINI
from ivr.testing.mutants import Mutant as Mutant
from ivr.testing.mutants import data_mutants as data_mutants
from ivr.testing.mutants import meaning_mutants as meaning_mutants
from ivr.testing.mutants import mutants as mutants
from ivr.testing.mutants import text_mutants as text_mutants

OP_SECONDS = 10.0  # the bound: every case answers within 10 s
OP_MEMORY = 2 * 1024**3  # and 2 GB
CLI_MEMORY = OP_MEMORY  # the command line's children: their whole address space


# -- the contract ----------------------------------------------------------------------------
class _TimeUp(BaseException):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise (a BaseException, so no ``except Exception`` swallows it) after ``seconds``; only
    in the main thread of a POSIX process, elsewhere no limit.

    Raises: nothing of the family: only the time-up it is for.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def up(signum: int, frame: object) -> None:
        raise _TimeUp

    old = signal.signal(signal.SIGALRM, up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _mapped() -> int | None:
    """Bytes of address space the process has mapped now (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_limit(nbytes: int) -> Iterator[None]:
    """Within the block, the process may map at most ``nbytes`` more than it had mapped: past
    that an allocation raises :class:`MemoryError` at once (the soft ``RLIMIT_AS``, restored
    after the block), so a balloon is a finding, not a machine swapping. Where the address
    space cannot be measured or limited (not Linux), no limit.

    Raises: nothing of the family: an allocation past the limit fails as Python fails out of
    memory.

    >>> with memory_limit(2 * 1024**3):
    ...     try:
    ...         _ = bytearray(3 * 1024**3)
    ...     except MemoryError:
    ...         print("refused")
    refused
    """
    try:
        import resource  # noqa: PLC0415
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    now = _mapped()
    if now is None:  # pragma: no cover - not Linux
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + nbytes
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _operations(path: Path, original: Path | None) -> Iterator[tuple[str, Any]]:
    import ivr  # noqa: PLC0415
    from ivr.checking.lockfile import build_lock  # noqa: PLC0415
    from ivr.diagram import best_route_edges, highlight_for, render  # noqa: PLC0415
    from ivr.report import registry  # noqa: PLC0415

    yield "check", lambda: [registry.render(ivr.check(path), f) for f in registry.names()]
    hotline = ivr.load(path)
    yield "compile", lambda: ivr.compile(hotline)
    for entry in hotline.menus[0].entries[:2] if hotline.menus else ():
        for keys in ("", "0", "1 0", "_ _ _", "9 9 9 9"):
            yield (
                f"simulate {entry.dial} {keys!r}",
                lambda d=entry.dial, k=keys: ivr.simulate(hotline, d, k).transcript(),
            )
            yield (
                f"render --dial {entry.dial} --keys {keys!r}",
                lambda d=entry.dial, k=keys: render(
                    highlight_for(hotline, dial=d, keys=k)[0], "dot"
                ),
            )
    yield "routes", lambda: ivr.routes(hotline)
    yield "best_route_edges", lambda: best_route_edges(hotline, ivr.compile(hotline), {}, "12:00")
    yield "render dot", lambda: render(hotline, "dot")
    yield "render mermaid", lambda: render(hotline, "mermaid")
    yield "lock", lambda: build_lock(hotline)
    if original is not None:
        yield "diff", lambda: ivr.diff(original, path)


def check_contract(
    text: str,
    seconds: float = OP_SECONDS,
    original: str | None = None,
    beside: dict[str, str] | None = None,
    name: str = "m.yaml",
    stats: dict[str, int] | None = None,
    memory: int = OP_MEMORY,
) -> list[str]:
    """What broke the library's contract on a menu text: ``[]`` when nothing did.

    ``stats`` (when given) counts ``operations`` run and mutants ``loaded``.

    The text is the file ``name`` of a folder that also holds ``beside`` (file name -> text:
    the rest of a hotline); ``original`` is diffed against it.

    Only :class:`~ivr.errors.IvrError` may escape an operation, load errors must be located in
    the file, and each operation must end within ``seconds`` and ``memory`` bytes more than the
    process had mapped before it (:func:`memory_limit`).

    Raises: nothing: what broke the contract is in the list.
    """
    from ivr.errors import IvrError, LoadError  # noqa: PLC0415

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ivr-fuzz-") as tmp:
        folder = Path(tmp, "h")
        folder.mkdir()
        for other, other_text in (beside or {}).items():
            Path(folder, other).write_text(other_text, encoding="utf-8")
        path = Path(folder, name)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = None
        if original is not None:
            before = Path(tmp, "before", name)
            before.parent.mkdir()
            before.write_text(original, encoding="utf-8")
        ops = _operations(folder if beside else path, before if not beside else None)
        while True:
            name = "load"
            try:
                with time_limit(seconds), memory_limit(memory):
                    name, op = next(ops)
                    if stats is not None:
                        stats["operations"] = stats.get("operations", 0) + 1
                        if name == "compile":
                            stats["loaded"] = stats.get("loaded", 0) + 1
                    op()
            except StopIteration:
                break
            except LoadError as exc:
                unlocated = [e for e in exc.errors if not str(e).startswith(str(folder))]
                if unlocated:
                    problems.append(f"{name}: unlocated load error: {unlocated[0]}")
                if name == "load" or name == "check":
                    continue
            except IvrError:
                continue
            except _TimeUp:
                problems.append(f"{name}: still running after {seconds:g} s")
            except MemoryError:
                problems.append(f"{name}: over {memory / 1024**3:g} GB of memory")
            except RecursionError:
                problems.append(f"{name}: RecursionError")
            except Exception as exc:  # the finding: anything but the documented family
                problems.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
            if name == "load":
                break  # nothing loaded: nothing more to run
    return problems


CLI_COMMANDS = (("check",), ("route",), ("lock",), ("render", "--format", "dot", "-o", "-"),
                ("call", "--dial", "0890", "--keys", "_ _ 0"), ("render", "--route", "best",
                "--format", "dot"))  # fmt: skip


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource  # noqa: PLC0415

    resource.setrlimit(resource.RLIMIT_AS, (CLI_MEMORY, CLI_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (int(OP_SECONDS) + 2, int(OP_SECONDS) + 2))


def check_cli(
    text: str,
    commands: tuple[tuple[str, ...], ...] = CLI_COMMANDS,
    seconds: float = OP_SECONDS,
    max_output: int | None = None,
) -> list[str]:
    """What broke the command line's contract on a menu text, each command in a child process
    under 2 GB and 10 s: an exit status but 0, 1 or 2, a traceback, an unlocated error, more
    output than ``max_output`` bytes (default :data:`MAX_OUTPUT`).

    Raises: nothing: what broke the contract is in the list.
    """
    max_output = MAX_OUTPUT if max_output is None else max_output
    problems: list[str] = []
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    with tempfile.TemporaryDirectory(prefix="ivr-fuzz-") as tmp:
        path = Path(tmp, "m.yaml")
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for command in commands:
            argv = [sys.executable, "-m", "ivr", command[0], str(path), *command[1:]]
            try:
                done = subprocess.run(argv, capture_output=True, timeout=seconds + 5, env=env,
                                      preexec_fn=_limits, cwd=tmp)  # fmt: skip
            except subprocess.TimeoutExpired:
                problems.append(f"ivr {command[0]}: still running after {seconds + 5:g} s")
                continue
            err = done.stderr.decode("utf-8", "replace")
            name = " ".join(["ivr", *command])
            if done.returncode not in (0, 1, 2):
                problems.append(f"{name}: exit {done.returncode}: {err[-300:]}")
            elif "Traceback" in err:
                problems.append(f"{name}: traceback: {err[-300:]}")
            elif len(done.stdout) + len(done.stderr) > max_output:
                problems.append(f"{name}: {len(done.stdout) + len(done.stderr):,} bytes out")
            else:
                for line in err.splitlines():
                    if not line.startswith((str(path), "ivr: ")) and line.strip():
                        problems.append(f"{name}: unlocated: {line[:200]}")
                        break
    return problems


MAX_OUTPUT = 50 * 1024 * 1024

"""Fuzzing menus: mutants at the text, data and meaning level, and the contract they must keep.

A *mutant* is a menu file's text changed the way an attacker or a careless generator would:

- ``text``: characters and lines: a line deleted, doubled or cut, brackets, control characters,
  every line break YAML accepts, huge numbers, long runs;
- ``data``: the YAML tree: a value replaced by another type, a huge or negative number, a long
  text, a key dropped or misspelt, a subtree copied, an anchor aliased many times;
- ``meaning``: the menu: an option sent elsewhere or to itself, ``retries: {max: 100}``, a
  prompt that loops to itself, odd node ids (``]``, a newline, a terminal escape), long says.

:func:`check_contract` runs the library on a mutant (load, validate, compile, simulate,
routes, check and its reports, render, lock, diff against the original) and returns what broke
the contract: an exception outside the :class:`~ivr.errors.IvrError` family, an unlocated load
error, an operation past its time limit. :func:`check_cli` runs the ``ivr`` command in a child
process with memory and CPU limits and checks the exit status (0, 1 or 2), that no traceback
shows and that every error line is located. ``tests/test_fuzz.py`` runs both on every CI with a
small budget; ``benchmarks/fuzz.py --minutes N`` runs longer and saves what it finds into
``tests/corpus/``, which a test replays.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

MINI = """\
ivr: 1
id: mini
entries: [{dial: "0890", start: main}]
nodes:
  main:
    type: menu
    say: "Balance - 1. Operator - 0."
    options: {"1": balance, "0": human}
    timeout: {after: 5, to: main}
    retries: {max: 3, then: bye}
  balance: {type: prompt, say: "Your balance is fine.", next: main}
  human: {type: agent}
  bye: {type: hangup}
"""

LEVELS = ("text", "data", "meaning")
OP_SECONDS = 10.0  # the bound: every case answers within 10 s
CLI_MEMORY = 2 * 1024**3  # and 2 GB

HOSTILE = ["\x1b[2J", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\t", "]", "[",
           "{", "}", "&a", "*a", "!!python/object:os.system", "%", "@", "`", "|", ">", "#",
           "? ", "- ", ": ", "'", '"', "\\", "\ufeff", "\u202e"]  # fmt: skip
ODD_IDS = ["]", "a\nb", "\x1b[31mred", "x" * 300, "a b", "-", "0", "ü", "a:b", "#", "."]
BIG_NUMBERS = [0, -1, 10**9, 10**30, 1e308, float("nan"), 3600, 100, 0.0001]


@dataclass(frozen=True)
class Mutant:
    """A mutated menu text and how it was made (``level``: text, data or meaning)."""

    text: str
    level: str
    how: str


# -- text level ------------------------------------------------------------------------------
@st.composite
def text_mutants(draw: st.DrawFn, seed: str) -> Mutant:
    """The seed's text with a few character or line edits."""
    lines = seed.splitlines(keepends=True)
    hows = []
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["delete", "double", "cut", "insert", "breaks", "repeat"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if what == "delete" and len(lines) > 1:
            del lines[i]
        elif what == "double":
            lines.insert(i, lines[i])
        elif what == "cut" and lines:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif what == "insert" and lines:
            at = draw(st.integers(0, len(lines[i])))
            bit = draw(st.sampled_from(HOSTILE))
            lines[i] = lines[i][:at] + bit + lines[i][at:]
        elif what == "breaks":
            brk = draw(st.sampled_from(["\r", "\r\n", "\x85", "\u2028", "\u2029"]))
            lines = [line.replace("\n", brk) for line in lines]
        elif what == "repeat" and lines:
            at = draw(st.integers(0, len(lines[i])))
            run = draw(st.sampled_from(["[", "{", "- ", "9", "x", "#["])) * draw(
                st.sampled_from([70, 500, 5000])
            )
            lines[i] = lines[i][:at] + run + lines[i][at:]
        hows.append(f"{what}@{i}")
    return Mutant("".join(lines), "text", " ".join(hows))


# -- data level ------------------------------------------------------------------------------
def _paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


def _load(seed: str) -> Any:
    return yaml.load(seed, Loader=yaml.CSafeLoader)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


@st.composite
def data_mutants(draw: st.DrawFn, seed: str) -> Mutant:
    """The seed's YAML tree with a value, a key or a subtree changed, dumped again."""
    data = _load(seed)
    hows = []
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths[1:] or paths))
        what = draw(st.sampled_from(["value", "number", "long", "drop", "misspell", "copy"]))
        if what == "value":
            new = draw(st.sampled_from([None, True, "", [], {}, "x", ["a", 1], {"k": "v"}]))
            data = _set(data, path, new)
        elif what == "number":
            data = _set(data, path, draw(st.sampled_from(BIG_NUMBERS)))
        elif what == "long":
            data = _set(data, path, draw(st.sampled_from(["a", "ü", "[", "p "])) * 20_000)
        elif what == "drop" and path:
            parent = _get(data, path[:-1])
            if isinstance(parent, dict) or (isinstance(parent, list) and parent):
                del parent[path[-1]]
        elif what == "misspell" and path and isinstance(_get(data, path[:-1]), dict):
            parent = _get(data, path[:-1])
            parent[str(path[-1])[::-1] + "x"] = parent.pop(path[-1])
        elif what == "copy":
            data = _set(data, path, [_get(data, path)] * 3)
        hows.append(f"{what}:{'/'.join(map(str, path))}")
    return Mutant(_dump(data), "data", " ".join(hows))


# -- meaning level ---------------------------------------------------------------------------
@st.composite
def meaning_mutants(draw: st.DrawFn, seed: str) -> Mutant:
    """The seed's menu with its structure changed: targets, loops, retries, ids, texts."""
    data = _load(seed)
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, dict) or not nodes:
        return draw(data_mutants(seed))
    hows: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        ids = list(nodes)
        nid = draw(st.sampled_from(ids))
        node = nodes[nid] if isinstance(nodes[nid], dict) else {}
        what = draw(st.sampled_from(["retarget", "self-loop", "retries", "rename", "say",
                                     "loop-prompt", "alias-bomb", "silent"]))  # fmt: skip
        if what == "retarget" and isinstance(node.get("options"), dict) and node["options"]:
            key = draw(st.sampled_from(list(node["options"])))
            node["options"][key] = draw(st.sampled_from([*ids, "nowhere", "other.yaml#x"]))
        elif what == "self-loop":
            node["next"] = nid
            node.setdefault("type", "prompt")
        elif what == "retries":
            node["retries"] = {"max": draw(st.sampled_from([0, 100, 10**6])), "then": nid}
        elif what == "rename":
            new = draw(st.sampled_from(ODD_IDS))
            nodes[new] = nodes.pop(nid)
            text = _dump(data).replace(f": {nid}\n", f": {new!r}\n")
            data = _load(text) if text else data
            nodes = data["nodes"]
        elif what == "say":
            node["say"] = draw(st.sampled_from(["Оператор ", "x", "\x1b[2J", "]"])) * 5_000
        elif what == "loop-prompt":
            nodes[nid] = {"type": "prompt", "say": "p" * 1000, "next": nid}
        elif what == "alias-bomb":
            text = _dump(data).replace("nodes:\n", f"x: &big '{'z' * 50_000}'\nnodes:\n", 1)
            text += "".join(f"  n{i}: {{type: prompt, say: *big, next: {nid}}}\n"
                            for i in range(draw(st.sampled_from([10, 300]))))  # fmt: skip
            return Mutant(text, "meaning", " ".join([*hows, what]))
        elif what == "silent":
            node["barge_in"] = False
            node["duration"] = draw(st.sampled_from([0, 1, 3600]))
        hows.append(f"{what}:{nid!r}")
    return Mutant(_dump(data), "meaning", " ".join(hows))


def mutants(seed: str, levels: tuple[str, ...] = LEVELS) -> st.SearchStrategy[Mutant]:
    """Mutants of ``seed`` at the given levels."""
    makers = {"text": text_mutants, "data": data_mutants, "meaning": meaning_mutants}
    return st.one_of(*(makers[level](seed) for level in levels))


# -- the contract ----------------------------------------------------------------------------
class _TimeUp(BaseException):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise (a BaseException, so no ``except Exception`` swallows it) after ``seconds``; only
    in the main thread of a POSIX process, elsewhere no limit."""
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
) -> list[str]:
    """What broke the library's contract on a menu text: ``[]`` when nothing did.

    ``stats`` (when given) counts ``operations`` run and mutants ``loaded``.

    The text is the file ``name`` of a folder that also holds ``beside`` (file name -> text:
    the rest of a hotline); ``original`` is diffed against it.

    Only :class:`~ivr.errors.IvrError` may escape an operation, load errors must be located in
    the file, and each operation must end within ``seconds``.
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
                with time_limit(seconds):
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
    text: str, commands: tuple[tuple[str, ...], ...] = CLI_COMMANDS, seconds: float = OP_SECONDS
) -> list[str]:
    """What broke the command line's contract on a menu text, each command in a child process
    under 2 GB and 10 s: an exit status but 0, 1 or 2, a traceback, an unlocated error, more
    output than :data:`MAX_OUTPUT` bytes."""
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
            elif len(done.stdout) + len(done.stderr) > MAX_OUTPUT:
                problems.append(f"{name}: {len(done.stdout) + len(done.stderr):,} bytes out")
            else:
                for line in err.splitlines():
                    if not line.startswith((str(path), "ivr: ")) and line.strip():
                        problems.append(f"{name}: unlocated: {line[:200]}")
                        break
    return problems


MAX_OUTPUT = 50 * 1024 * 1024

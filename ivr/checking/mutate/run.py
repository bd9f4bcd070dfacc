"""``ivr.mutate``: make every mutant of a hotline and check each as ``ivr check`` does, in one
process or in several."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ivr.checking.mutate.judge import Baseline, baseline, verdict
from ivr.checking.mutate.operators import OPERATORS, Mutant, mutants
from ivr.checking.mutate.result import MutantResult, MutationReport
from ivr.errors import InputError
from ivr.model.types import Hotline, Menu, as_hotline

if TYPE_CHECKING:
    from ivr.lint.config import Config

Progress = Callable[[int, int], None]
"""Called with (mutants checked, mutants in all) as the run goes."""

_WORK: list[tuple[Baseline, list[Mutant]]] = []  # what a worker process checks


def _hotlines(
    paths: Hotline | Menu | str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    config: Config | None,
) -> list[tuple[Hotline, Config | None]]:
    if isinstance(paths, (Hotline, Menu)):
        return [(as_hotline(paths), config)]
    from ivr.io.discover import hotline_paths  # noqa: PLC0415
    from ivr.io.registry import load  # noqa: PLC0415
    from ivr.lint.config import config_for  # noqa: PLC0415

    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    return [
        (load(path), config if config is not None else config_for(path))
        for p in given
        for path in hotline_paths(p)
    ]


def mutate(
    paths: Hotline | Menu | str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    operators: Sequence[str] = OPERATORS,
    jobs: int = 1,
    config: Config | None = None,
    as_locked: bool = False,
    sample: int | None = None,
    progress: Progress | None = None,
) -> MutationReport:
    """Check every mutant (:func:`ivr.checking.mutate.operators.mutants`) of each hotline.

    ``paths`` are menu files or folders as for :func:`ivr.check` (or a loaded hotline). Each
    hotline must pass ``ivr check`` first (else :class:`~ivr.errors.InputError`); each mutant
    is then checked like ``ivr check`` (claims, lint at error, the routes lock when a lock
    file exists, or, with ``as_locked``, against the unmutated menus' routes). ``jobs`` > 1
    checks mutants in that many processes. ``config``: the ``[tool.ivr]`` settings (default:
    the nearest ``pyproject.toml``'s, as ``ivr check``). ``sample``: check at most that many
    mutants, spread evenly over each hotline's list (``made`` still counts them all).

    Raises: :class:`~ivr.errors.InputError` (an unknown operator, ``jobs`` or ``sample`` below
    1, a hotline that fails ``ivr check``), :class:`~ivr.errors.LoadError` for menus that do not
    load, :class:`~ivr.errors.ConfigError` for a mistake in ``[tool.ivr]``,
    :class:`~ivr.routing.budget.OutOfBudget` when the routes of the unmutated menus (the
    baseline of ``as_locked``) run out of the search budget.

    >>> import ivr
    >>> report = ivr.mutate(ivr.load_menu_text('''
    ... ivr: 1
    ... sources: {me: {title: "my notes"}}
    ... entries: [{dial: "0890", start: main}]
    ... nodes:
    ...   main: {type: menu, say: "Operator - 0", options: {"0": human},
    ...          timeout: {after: 5, to: main}}
    ...   human: {type: agent}
    ... documented: [{dial: "0890", keys: "0", source: me}]
    ... '''))
    >>> report.mutants, report.killed, [r.mutant.description for r in report.survived]
    (5, 4, ["timeout of 'main' goes to 'human' (was 'main')"])
    """
    if jobs < 1:
        raise InputError(f"jobs must be 1 or more, not {jobs}")
    if sample is not None and sample < 1:
        raise InputError(f"sample must be 1 or more, not {sample}")
    started = time.perf_counter()
    report = MutationReport()
    work: list[tuple[Baseline, list[Mutant]]] = []
    for hotline, cfg in _hotlines(paths, config):
        base = baseline(hotline, cfg, as_locked)
        made = list(mutants(hotline, tuple(operators)))
        report.made += len(made)
        work.append((base, spread(made, sample)))
        report.files.extend(m.file for m in hotline.menus)
        report.locks[hotline.path or hotline.menus[0].file] = base.lock_from
    tasks = [(w, i) for w, (_, ms) in enumerate(work) for i in range(len(ms))]
    total = len(tasks)
    killed: dict[tuple[int, int], tuple[str, str] | None] = {}
    if progress is not None:
        progress(0, total)
    if jobs == 1 or total < 2:
        _WORK[:] = work
        for n, task in enumerate(tasks, 1):
            killed[task] = _check(task)
            if progress is not None:
                progress(n, total)
    else:
        for done, got in _in_processes(work, tasks, jobs):
            killed.update(got)
            if progress is not None:
                progress(done, total)
    _WORK.clear()
    for w, i in tasks:
        found = killed[(w, i)]
        by, detail = found if found is not None else (None, "")
        report.results.append(MutantResult(work[w][1][i], by, detail))
    report.seconds = time.perf_counter() - started
    return report


def spread(items: list[Mutant], most: int | None) -> list[Mutant]:
    """At most ``most`` of ``items``, evenly spaced, first included (all of them for None).

    >>> spread(list(range(10)), 4)
    [0, 2, 5, 7]
    """
    if most is None or len(items) <= most:
        return items
    return [items[i * len(items) // most] for i in range(most)]


def _check(task: tuple[int, int]) -> tuple[str, str] | None:
    base, ms = _WORK[task[0]]
    return verdict(base, ms[task[1]].apply(base.hotline))


def _check_chunk(chunk: list[tuple[int, int]]) -> list[tuple[tuple[int, int], object]]:
    return [(task, _check(task)) for task in chunk]


def _start_worker(work: list[tuple[Baseline, list[Mutant]]]) -> None:
    _WORK[:] = work


def _in_processes(
    work: list[tuple[Baseline, list[Mutant]]], tasks: list[tuple[int, int]], jobs: int
) -> Iterable[tuple[int, dict]]:
    """(mutants done so far, results of a chunk) as worker processes finish chunks."""
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

    # fork (where there is one) hands the hotline to the workers without pickling it
    forks = sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()
    method = "fork" if forks else None
    context = multiprocessing.get_context(method)
    size = max(1, min(16, len(tasks) // (jobs * 8)))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    done = 0
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                             initargs=(work,)) as pool:  # fmt: skip
        futures = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        for future in as_completed(futures):
            got = dict(future.result())
            done += len(got)
            yield done, got

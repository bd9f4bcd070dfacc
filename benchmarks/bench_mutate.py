"""Mutation benchmark (issue 11, item 4): mutants per second of ``ivr.mutate``, against one
plain check of the same hotline per mutant, measured in the same run.

    python benchmarks/bench_mutate.py            # menus/mts and a generated 1,000-node menu
    python benchmarks/bench_mutate.py --quick    # a smoke run (smaller samples, one repetition)

For each hotline: ``ivr.mutate(hotline, jobs=1)`` (every mutant of ``menus/mts``; an even sample
of the 1,000-node menu's, ``sample=``), and, as the baseline, ``check_hotline(hotline)`` (what
``ivr check`` does once the files are loaded: replay the claims, compile, lint) run as many times
as mutants were checked. The ratio is seconds per mutant over seconds per check: 1.0 means a
mutant costs one ``ivr check``; below 1, the claims that break stop a mutant's check early.
``--as-locked`` rows compare best routes too (a routes lock), against a check plus a
:func:`~ivr.checking.lockfile.build_lock` per mutant. A sampled run still makes every mutant
(12,458 on the 1,000-node menu) before it picks the sample: that is in its time.

The 1,000-node menu is ``benchmarks/generate.py``'s ``generate_menu_text(1000, 0)`` (menus,
prompts, branches, agents, claims). CPU time (``time.process_time``), the median of the
repetitions (two; one with --quick). No goal: the figures go to ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate_menu_text  # noqa: E402

import ivr  # noqa: E402
from ivr.checking.lockfile import build_lock  # noqa: E402
from ivr.checking.runner import check_hotline  # noqa: E402
from ivr.model.types import Hotline  # noqa: E402


def _cpu(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def _fresh(hotline: Hotline) -> Hotline:
    """A copy the caches of earlier runs do not know (what a mutant is, too)."""
    from dataclasses import replace  # noqa: PLC0415

    return replace(hotline, menus=tuple(replace(m) for m in hotline.menus))


def bench(name: str, hotline: Hotline, sample: int | None, reps: int, as_locked: bool) -> dict:
    ivr.mutate(hotline, sample=5, as_locked=as_locked)  # warm: imports, caches
    report = ivr.mutate(hotline, sample=sample, as_locked=as_locked)
    n = report.mutants

    def baseline() -> None:
        for _ in range(n):
            h = _fresh(hotline)
            check_hotline(h, lock=False)
            if as_locked:
                build_lock(h)

    mutate_s, check_s = [], []
    for _ in range(reps):  # interleaved, so a busy machine slows both alike
        mutate_s.append(_cpu(lambda: ivr.mutate(hotline, sample=sample, as_locked=as_locked)))
        check_s.append(_cpu(baseline))
    m, c = statistics.median(mutate_s), statistics.median(check_s)
    return {
        "hotline": name + (" --as-locked" if as_locked else ""),
        "mutants": n,
        "made": report.made,
        "score": report.score,
        "per_second": n / m,
        "checks_per_second": n / c,
        "ratio": (m / n) / (c / n),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples, one repetition")
    args = parser.parse_args(argv)
    reps = 1 if args.quick else 2
    mts = ivr.load(HERE.parent / "menus" / "mts")
    big_menu = ivr.load_menu_text(generate_menu_text(1000, 0))
    big = Hotline((big_menu,), big_menu.file)
    rows = [
        bench("menus/mts", mts, 60 if args.quick else None, reps, False),
        bench("menus/mts", mts, 20 if args.quick else 60, reps, True),
        bench("generated 1,000 nodes", big, 20 if args.quick else 100, reps, False),
    ]
    print(f"{'hotline':34} {'mutants':>12} {'score':>6} {'mutants/s':>10} {'checks/s':>9} "
          f"{'ratio':>6}")  # fmt: skip
    for r in rows:
        checked = f"{r['mutants']}/{r['made']}"
        print(f"{r['hotline']:34} {checked:>12} {r['score']:6.1%} {r['per_second']:10.1f} "
              f"{r['checks_per_second']:9.1f} {r['ratio']:6.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

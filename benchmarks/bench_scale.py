"""Scale benchmark (issue 10, item 6): each shape of ``ivr.testing.generate`` at n and 2n.

    python benchmarks/bench_scale.py            # every shape (a few minutes)
    python benchmarks/bench_scale.py --quick    # the same shapes, smaller
    python benchmarks/bench_scale.py tree       # some shapes only

Each measurement runs in a fresh process (CPU time of the measured call, the median of three
runs, or of as many as half a second takes for a short call; peak memory of the process), under
a time and memory cap so a shape that explodes cannot take the machine down: a run over the cap
prints ``> CAP``. Printed: the time at n and at 2n and their ratio (goal: about 2.5x at most --
nothing grows much faster than its input; three interleaved pairs of processes, the median
run of each size and the median ratio of the pairs), and for the tree the ratio of the best route to
``scipy.sparse.csgraph.dijkstra`` over the same edges (goal: <= 5x, 10x at worst; the median of
interleaved repetitions, each on a freshly compiled graph) and to networkx's
``single_source_dijkstra``, measured in the same process.
Exit status 0 when every goal is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROWTH_GOAL = 2.5
SCIPY_GOAL = 5.0
CAP_SECONDS = 120
CAP_BYTES = 3 << 30
TREE_REPS = 7  # interleaved repetitions of the tree's best route and its baseline
REPS = 3  # repetitions of every other measurement (the median counts)
PAIRS = 3  # interleaved runs of each case at n and 2n (the median ratio counts)
MIN_TOTAL = 0.5  # CPU seconds: a short measurement is repeated until it has taken this long
MAX_REPS = 500

# shape, what is measured, n (full run), n (quick run)
CASES = {
    "prompt-chain": ("ivr check", 1000, 250),
    "claimed-entries": ("ivr check", 500, 150),
    "retry-chain": ("ivr route --by time", 14, 8),
    "tree": ("best route by time", 10_000, 2_000),
    "tree-pareto": ("best routes by pareto", 10_000, 2_000),
    "many-values": ("one simulated call", 10_000, 2_000),
    "long-chain": ("ivr route (no route: past 3,600 s)", 200, 100),
}


def _cpu(fn):
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def _cpu_median(fn, reps: int = REPS):
    """The median CPU seconds of at least ``reps`` runs of ``fn`` (one run is at the mercy of a
    busy machine), more for a short one (until :data:`MIN_TOTAL` seconds in all: a median of
    three sub-millisecond runs is noise), and the last run's value."""
    times, out = [], None
    while len(times) < reps or (sum(times) < MIN_TOTAL and len(times) < MAX_REPS):
        t, out = _cpu(fn)
        times.append(t)
    return statistics.median(times), out


def measure(case: str, n: int) -> dict:
    """Run one case at size ``n`` in this process: {"seconds": ..., other figures}."""
    import ivr  # noqa: PLC0415
    from ivr.testing import generate  # noqa: PLC0415

    if case in ("prompt-chain", "claimed-entries"):
        from ivr.io.yaml.writer import dump  # noqa: PLC0415

        hotline = generate.SHAPES[case](n)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "menu.yaml")
            path.write_text(dump(hotline.menus[0]), encoding="utf-8")
            t_load, _ = _cpu_median(lambda: ivr.load(path))
            t, report = _cpu_median(lambda: ivr.check(path))
        return {"seconds": t, "load": t_load, "findings": len(report.all_findings())}
    if case == "retry-chain":
        hotline = generate.retry_chain(n)
        t, found = _cpu_median(lambda: ivr.routes(hotline, by="time"))
        return {"seconds": t, "route": found[0].keys_text if found else None}
    if case in ("tree", "tree-pareto"):
        hotline = generate.tree(n)
        by = "time" if case == "tree" else "pareto"
        # imports and first-call costs on neither side: a tree big enough that the search
        # takes its C path (above 10 * EAGER nodes), as the baseline's Dijkstra is warmed too
        ivr.routes(generate.tree(1_000), by=by)
        if case == "tree-pareto":
            t, found = _cpu_median(lambda: ivr.routes(hotline, by=by, graph=ivr.compile(hotline)))
            return {"seconds": t, "routes": len(found), "keys": found[0].keys_text}
        # the best route is a matter of milliseconds: TREE_REPS interleaved repetitions, each
        # on a freshly compiled graph (the first search of a graph derives its arrays), the
        # median on both sides
        ours, scipy, ratios, nx_seconds = [], [], [], None
        for rep in range(TREE_REPS):
            g = ivr.compile(hotline)
            t, found = _cpu(lambda g=g: ivr.routes(hotline, by=by, graph=g))
            base = _baselines(g, with_networkx=rep == 0)
            nx_seconds = base.get("networkx", nx_seconds)
            ours.append(t)
            scipy.append(base["scipy"])
            ratios.append(t / base["scipy"])
        return {"seconds": statistics.median(ours), "routes": len(found),
                "keys": found[0].keys_text, "scipy": statistics.median(scipy),
                "to_scipy": statistics.median(ratios), "networkx": nx_seconds}  # fmt: skip
    if case == "many-values":
        hotline = generate.many_values(n)
        last = f"p{n - 1}"
        t, call = _cpu_median(lambda: ivr.simulate(hotline, generate.DIAL, caller={"plan": last}))
        return {"seconds": t, "node": call.node}
    if case == "long-chain":
        hotline = generate.long_chain(n)
        t, found = _cpu_median(lambda: ivr.routes(hotline, by="time"))
        return {"seconds": t, "routes": len(found)}
    raise SystemExit(f"unknown case {case}")


def _baselines(g, with_networkx: bool = True) -> dict:
    """scipy's and networkx's Dijkstra from the entry over the same edges (parallel edges: the
    shortest; weights in seconds): scipy's once warmed on its matrix (not timed: building it),
    then timed once, as the search it is compared with."""
    import networkx as nx  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415
    from scipy.sparse import csr_matrix  # noqa: PLC0415
    from scipy.sparse.csgraph import dijkstra  # noqa: PLC0415

    index = {name: i for i, name in enumerate(g)}
    best: dict[tuple[int, int], float] = {}
    for u, v, d in g.edges(data=True):
        key = (index[u], index[v])
        best[key] = min(best.get(key, float("inf")), max(d["seconds"], 1e-9))
    rows = np.fromiter((k[0] for k in best), dtype=np.int32, count=len(best))
    cols = np.fromiter((k[1] for k in best), dtype=np.int32, count=len(best))
    data = np.fromiter(best.values(), dtype=np.float64, count=len(best))
    matrix = csr_matrix((data, (rows, cols)), shape=(len(index), len(index)))
    source = next(n for n, d in g.nodes(data=True) if d.get("kind") == "entry")
    dijkstra(matrix, indices=index[source])  # warm
    t_scipy, _ = _cpu(lambda: dijkstra(matrix, indices=index[source]))
    if not with_networkx:
        return {"scipy": t_scipy}
    t_nx, _ = _cpu(lambda: nx.single_source_dijkstra(g, source, weight="seconds"))
    return {"scipy": t_scipy, "networkx": t_nx}


def _child(case: str, n: int) -> dict:
    """One measurement in a fresh process, capped in time and memory."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, __file__, "--child", case, str(n)]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=CAP_SECONDS,
                              preexec_fn=cap, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"over": f"> {CAP_SECONDS} s"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"over": "MemoryError" if "MemoryError" in tail else f"failed: {tail}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median_of(runs: list[dict]) -> dict:
    """The run whose time is the median (the first run when one went over its cap)."""
    timed = [r for r in runs if "seconds" in r]
    if len(timed) < len(runs):
        return next(r for r in runs if "seconds" not in r)
    return sorted(timed, key=lambda r: r["seconds"])[len(timed) // 2]


def _paired(case: str, n: int) -> tuple[dict, dict, float | None]:
    """The case at n and at 2n, :data:`PAIRS` times interleaved (n, 2n, n, 2n, ...): the median
    run of each size and the median of the pairs' ratios, so a busy spell of the machine
    slows both sizes alike instead of one."""
    small, big = [], []
    for _ in range(PAIRS):
        small.append(_child(case, n))
        big.append(_child(case, 2 * n))
        if "seconds" not in small[-1] or "seconds" not in big[-1]:
            break  # over a cap: once is enough
    pairs = [b["seconds"] / a["seconds"] for a, b in zip(small, big, strict=True)
             if "seconds" in a and "seconds" in b]  # fmt: skip
    ratio = statistics.median(pairs) if len(pairs) == len(small) else None
    return _median_of(small), _median_of(big), ratio


def _fmt(result: dict) -> str:
    if "over" in result:
        return result["over"]
    t = result["seconds"]
    return f"{t:8.3f} s" if t >= 0.1 else f"{t * 1e3:7.2f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", nargs="*", help=f"some of: {', '.join(CASES)}")
    ap.add_argument("--quick", action="store_true", help="smaller sizes: a smoke run")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        case, n = args.child
        result = measure(case, int(n))
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    ok = True
    print(f"{'shape':<16} {'measured':<36} {'n':>7} {'time':>10} {'2n time':>10} {'ratio':>7}")
    for case in args.cases or CASES:
        what, n_full, n_quick = CASES[case]
        n = n_quick if args.quick else n_full
        a, b, ratio = _paired(case, n)
        good = ratio is not None and ratio <= GROWTH_GOAL
        ok = ok and good
        ratio_text = f"{ratio:6.2f}x" if ratio is not None else "    - "
        print(f"{case:<16} {what:<36} {n:>7} {_fmt(a):>10} {_fmt(b):>10} {ratio_text}"
              f"{'' if good else '  MISSED'}")  # fmt: skip
        for r, size in ((a, n), (b, 2 * n)):
            if "scipy" in r:
                to_scipy = r["to_scipy"]
                ok = ok and to_scipy <= SCIPY_GOAL
                print(f"{'':<16}   at {size}: scipy {r['scipy'] * 1e3:.1f} ms -> {to_scipy:.0f}x "
                      f"(goal <= {SCIPY_GOAL:g}x); networkx {r['networkx'] * 1e3:.0f} ms -> "
                      f"{r['seconds'] / r['networkx']:.1f}x")  # fmt: skip
            if "peak_mb" in r and case == "retry-chain":
                print(f"{'':<16}   at {size}: peak memory {r['peak_mb']:.0f} MB")
            if "load" in r:
                print(f"{'':<16}   at {size}: of which loading {r['load']:.3f} s")
    print("\nevery goal met" if ok else "\na goal is missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

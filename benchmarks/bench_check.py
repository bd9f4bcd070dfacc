"""Check benchmark (issue 5, item 9): ``ivr check`` against yamllint, no-human against scipy.

    pip install -e '.[bench]'                   # yamllint and scipy
    python benchmarks/bench_check.py            # the full run (1,000 menus; long: yamllint is slow)
    python benchmarks/bench_check.py --quick    # a smoke run (50 menus, a 20,000-node graph)

(a) 1,000 generated menus of 200 nodes (``benchmarks/generate.py``, seeds 0..999), each its own
    hotline folder. ``ivr check`` of all of them against ``yamllint`` (its default rules) of the
    same files, in the same run. Two measures: the commands as a user runs them (one process
    each, ``ivr check DIR...`` and ``yamllint FILE...``, CPU time of the child), and the work
    alone in this process (``ivr.check(paths)`` against ``yamllint.linter.run`` per file),
    interleaved chunk by chunk, beside plain ``yaml.load(text, Loader=yaml.CSafeLoader)`` of
    the same files (the least any check of them does; the collector paused, as ``ivr.check``
    pauses it). Goal: <= 1x yamllint.
(b) The ``no-human`` rule on a 100,000-node hotline (four generated files of 25,000 nodes; one
    file is limited to 20 MB) against the same search in C: scipy's ``breadth_first_order`` on
    the same reversed CSR matrix (the graph's index's, with a node in front of every human)
    and the nodes it does not reach. The rule is timed with a fresh
    :class:`ivr.lint.engine.Lint` each time, on a graph whose index and matrix its first run
    built (that first run is shown too). Goal: <= 2x.

CPU time (``time.process_time``; for (a) the children's CPU time), medians of interleaved
repetitions. Exit status 0 when both goals are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate_menu_text  # noqa: E402

import ivr  # noqa: E402
from ivr.graph.build import compile as compile_graph  # noqa: E402
from ivr.lint.engine import Lint  # noqa: E402
from ivr.lint.rules.structure import _no_human  # noqa: E402

CHECK_GOAL = 1.0
NO_HUMAN_GOAL = 2.0
YAMLLINT_CONFIG = "extends: default"


def _cpu(fn):
    gc.collect()
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def _paused(fn):
    """``fn()`` with the collector paused, as ``ivr.check`` pauses it while it loads and checks:
    the collector in the same state on both sides."""
    gc.disable()
    try:
        return fn()
    finally:
        gc.enable()


def _children_cpu(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(children's CPU seconds, wall seconds, exit status) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.returncode


def write_menus(folder: Path, count: int, nodes: int) -> list[Path]:
    files = []
    for seed in range(count):
        d = folder / f"hotline{seed:04d}"
        d.mkdir()
        f = d / "menu.yaml"
        f.write_text(generate_menu_text(nodes, seed), encoding="utf-8")
        files.append(f)
    return files


def bench_check(count: int, nodes: int, chunks: int) -> dict:
    from yamllint import linter  # noqa: PLC0415
    from yamllint.config import YamlLintConfig  # noqa: PLC0415

    conf = YamlLintConfig(YAMLLINT_CONFIG)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_menus(folder, count, nodes)
        (folder / ".yamllint").write_text(YAMLLINT_CONFIG + "\n", encoding="utf-8")
        # the commands, as a user runs them (startup and imports included)
        dirs = [str(f.parent.relative_to(folder)) for f in files]
        names = [str(f.relative_to(folder)) for f in files]
        ivr_cmd = [sys.executable, "-m", "ivr", "check", *dirs]
        yl_cmd = [sys.executable, "-m", "yamllint", "-c", ".yamllint", *names]
        env_path = os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])
        os.environ["PYTHONPATH"] = env_path
        ivr_cpu, ivr_wall, ivr_status = _children_cpu(ivr_cmd, folder)
        if ivr_status == 2:
            raise SystemExit("some generated menus do not load: fix benchmarks/generate.py")
        yl_cpu, yl_wall, _ = _children_cpu(yl_cmd, folder)
        # the work alone, in this process, interleaved chunk by chunk
        ivr.check(files[0].parent)  # warm up imports
        list(linter.run(files[0].read_text(encoding="utf-8"), conf, str(files[0])))
        size = max(1, count // chunks)
        ivr_t, yl_t, ratios, findings = [], [], [], [0, 0]
        plain, plain_ratios = [], []
        for i in range(0, count, size):
            part = files[i : i + size]
            texts = [(f.read_text(encoding="utf-8"), str(f)) for f in part]
            a, report = _cpu(lambda p=part: ivr.check([f.parent for f in p]))
            b, problems = _cpu(lambda t=texts: [x for s, n in t for x in linter.run(s, conf, n)])
            c, _ = _cpu(lambda t=texts: _paused(lambda: [yaml.load(s, Loader=yaml.CSafeLoader)
                                                          for s, _n in t]))  # fmt: skip
            plain.append(c)
            plain_ratios.append(a / c)
            findings[0] += len(report.all_findings())
            findings[1] += len(problems)
            ivr_t.append(a)
            yl_t.append(b)
            ratios.append(a / b)
    return {
        "menus": count,
        "nodes": nodes,
        "cli_ivr": ivr_cpu,
        "cli_yamllint": yl_cpu,
        "cli_ivr_wall": ivr_wall,
        "cli_yamllint_wall": yl_wall,
        "cli_ratio": ivr_cpu / yl_cpu,
        "ivr_status": ivr_status,
        "lib_ivr": sum(ivr_t),
        "lib_yamllint": sum(yl_t),
        "lib_ratio": statistics.median(ratios),
        "lib_yaml": sum(plain),
        "yaml_ratio": statistics.median(plain_ratios),
        "ivr_findings": findings[0],
        "yamllint_problems": findings[1],
    }


def bench_no_human(total_nodes: int, files: int, reps: int) -> dict:
    """The rule against the same breadth-first search in C on the same reversed CSR matrix."""
    import numpy as np  # noqa: PLC0415
    from scipy.sparse.csgraph import breadth_first_order  # noqa: PLC0415

    from ivr.graph.index import graph_index  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(files):
            text = generate_menu_text(total_nodes // files, seed)
            Path(tmp, f"part{seed}.yaml").write_text(text, encoding="utf-8")
        hotline = ivr.load(tmp)
    g = compile_graph(hotline)
    index = graph_index(g)
    t_first, _ = _cpu(lambda: list(_no_human(Lint(g))))  # builds the CSR, kept with the index
    matrix = index.reversed_csr()
    n = len(index.names)

    def rule():
        return list(_no_human(Lint(g)))

    def bfs():
        seen = np.zeros(n + 1, dtype=bool)
        seen[breadth_first_order(matrix, n, return_predecessors=False)] = True
        return np.flatnonzero(~seen[:n])

    rule()
    bfs()
    r, s = [], []
    for _ in range(reps):
        r.append(_cpu(rule)[0])
        s.append(_cpu(bfs)[0])
    found = rule()
    no_path = {index.names[i] for i in bfs().tolist()}
    # the same answer: every node the rule reports has no path to a human in scipy's eyes
    assert {node for node, _message in found} <= no_path
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "findings": len(found),
        "rule": statistics.median(r),
        "scipy": statistics.median(s),
        "first": t_first,
        "ratio": statistics.median(a / b for a, b in zip(r, s, strict=True)),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:10.1f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small and few: a smoke run")
    ap.add_argument("--menus", type=int, help="generated menus for (a) (default 1000)")
    ap.add_argument("--big", type=int, help="nodes of the graph for (b) (default 100000)")
    ap.add_argument("--reps", type=int, help="repetitions of (b) (default 9, quick 3)")
    args = ap.parse_args(argv)
    count = args.menus or (50 if args.quick else 1000)
    big = args.big or (20000 if args.quick else 100000)
    reps = args.reps or (3 if args.quick else 9)

    a = bench_check(count, 200, chunks=min(count, 20))
    b = bench_no_human(big, 4, reps)
    ok_a, ok_b = a["cli_ratio"] <= CHECK_GOAL, b["ratio"] <= NO_HUMAN_GOAL
    print(f"(a) ivr check vs yamllint: {a['menus']} menus of {a['nodes']} nodes")
    print(
        f"    commands (CPU)     ivr check {_ms(a['cli_ivr'])}   yamllint {_ms(a['cli_yamllint'])}"
        f"   ratio {a['cli_ratio']:.3f}x (goal <= {CHECK_GOAL:g}x) {'ok' if ok_a else 'MISSED'}"
    )
    print(
        f"    commands (wall)    ivr check {_ms(a['cli_ivr_wall'])}   yamllint "
        f"{_ms(a['cli_yamllint_wall'])}"
    )
    print(
        f"    in process (CPU)   ivr.check {_ms(a['lib_ivr'])}   yamllint {_ms(a['lib_yamllint'])}"
        f"   ratio {a['lib_ratio']:.3f}x (median of chunks)"
    )
    print(
        f"    plain yaml.load (CSafeLoader) of the same files {_ms(a['lib_yaml'])}: ivr.check "
        f"is {a['yaml_ratio']:.2f}x it (median of chunks; no goal)"
    )
    print(
        f"    ivr check exit {a['ivr_status']}, {a['ivr_findings']} findings; "
        f"yamllint {a['yamllint_problems']} problems"
    )
    print(f"(b) no-human on {b['nodes']:,} nodes, {b['edges']:,} edges ({b['findings']} findings)")
    print(
        f"    rule {_ms(b['rule'])}   the same scipy BFS {_ms(b['scipy'])}   ratio "
        f"{b['ratio']:.2f}x (goal <= {NO_HUMAN_GOAL:g}x) {'ok' if ok_b else 'MISSED'}"
    )
    print(f"    the rule's first run on the graph (index and CSR built) {_ms(b['first'])}")
    return 0 if ok_a and ok_b else 1


if __name__ == "__main__":
    sys.exit(main())

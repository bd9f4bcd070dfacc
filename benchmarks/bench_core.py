"""Core benchmark (issue 3, item 11): load + compile, and simulate, as ratios to bare baselines.

    python benchmarks/bench_core.py            # the full run (about a minute)
    python benchmarks/bench_core.py --quick    # a smoke run (a few seconds)

(a) A generated menu of 20,000 nodes: ``ivr.load`` + ``ivr.compile`` against bare
    ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same file, the garbage collector off
    on both sides (ivr pauses it while it builds; a baseline with it on would time the
    collector, not the work). Goal: <= 1.2x. Also shown: against bare ``yaml.compose`` (the
    part of the work libyaml does for both), and with the collector on (as users run it).
(b) A 20-key path on a generated 1,000-node menu: ``ivr.simulate`` against a walk of the same
    keys over the model's own dicts (``Menu.node_map``, each node's options). Goal: <= 10x.

Machines are noisy, so the two sides of each ratio are timed side by side in the same run,
interleaved repetition by repetition, in CPU time (``time.process_time``); the figures are
medians of the per-repetition ratios.
Exit status 0 when both goals are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_menu_text  # noqa: E402

import ivr  # noqa: E402
from ivr.graph.build import entry_key  # noqa: E402

LOAD_GOAL = 1.2
SIMULATE_GOAL = 10.0


def _timed(fn, gc_off: bool = False):
    """CPU seconds of ``fn()`` (process time: another busy process does not count) and its value."""
    gc.collect()
    if gc_off:
        gc.disable()
    try:
        t0 = time.process_time()
        out = fn()
        return time.process_time() - t0, out
    finally:
        gc.enable()


def bench_load(n_nodes: int, reps: int, seed: int = 0, gc_off: bool = False) -> dict:
    """Interleaved: bare yaml.load, ivr.load, ivr.compile; nothing big survives a step."""
    text = generate_menu_text(n_nodes, seed)
    bare, load, comp, composed = [], [], [], []
    sizes = (0, 0)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "generated.yaml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        for _ in range(reps):
            t_bare, data = _timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader), gc_off)
            del data
            t_compose, data = _timed(lambda: yaml.compose(text, Loader=yaml.CSafeLoader), gc_off)
            del data
            composed.append(t_compose)
            t_load, hotline = _timed(lambda: ivr.load(path), gc_off)
            t_comp, graph = _timed(lambda h=hotline: ivr.compile(h), gc_off)
            sizes = (len(hotline.menus[0].nodes), graph.number_of_edges())
            del hotline, graph
            bare.append(t_bare)
            load.append(t_load)
            comp.append(t_comp)
    assert sizes[0] == n_nodes, (sizes, n_nodes)
    return {
        "nodes": sizes[0],
        "edges": sizes[1],
        "bytes": len(text.encode()),
        "bare": statistics.median(bare),
        "load": statistics.median(load),
        "compile": statistics.median(comp),
        "load+compile": statistics.median(a + b for a, b in zip(load, comp, strict=True)),
        "ratio": statistics.median((a + b) / c for a, b, c in zip(load, comp, bare, strict=True)),
        "ratio_load": statistics.median(a / c for a, c in zip(load, bare, strict=True)),
        "ratio_compile": statistics.median(b / c for b, c in zip(comp, bare, strict=True)),
        "compose": statistics.median(composed),
        "ratio_compose": statistics.median(
            (a + b) / c for a, b, c in zip(load, comp, composed, strict=True)
        ),
    }


def _resolve(g, node: str) -> str:
    """Follow an entry or prompts (their one way on) to the node that takes a key."""
    for _ in range(100):
        if g.nodes[node]["type"] not in ("prompt", "entry"):
            return node
        node = next(v for _, v, d in g.out_edges(node, data=True) if d["kind"] in ("next", "entry"))
    return node


def find_path(g, start: str, length: int) -> list[str] | None:
    """``length`` keys from ``start``: options between menus (through prompts), then ``0``."""
    stack = [(start, [])]
    seen = set()
    while stack:
        node, keys = stack.pop()
        node = _resolve(g, node)
        if g.nodes[node]["type"] != "menu":
            continue
        if len(keys) == length - 1:
            human = [v for _, v, d in g.out_edges(node, data=True) if d["key"] == "0"]
            if human and g.nodes[human[0]]["type"] in ("agent", "callback"):
                return [*keys, "0"]
            continue
        if (node, len(keys)) in seen:
            continue
        seen.add((node, len(keys)))
        for _, v, d in sorted(g.out_edges(node, data=True), key=lambda e: str(e[2]["key"])):
            if d["kind"] == "option" and d["key"] != "0":
                stack.append((v, [*keys, d["key"]]))
    return None


def model_walk(menu, entry, keys: list[str]) -> str:
    """The baseline: walk the keys over the model's own dicts (``node_map``, each node's
    options), through prompts' ``next`` -- what a simulator must do at the least."""
    nodes = menu.node_map()
    node = nodes[entry.start]
    for key in keys:
        while node.type == "prompt":
            node = nodes[node.next]
        node = nodes[dict(node.options)[key]]
    return node.id


def bench_simulate(n_nodes: int, n_keys: int, reps: int, inner: int, seed: int = 0) -> dict:
    hotline = ivr.load_menu_text(generate_menu_text(n_nodes, seed), "generated.yaml")
    g = ivr.compile(hotline)
    menu = hotline
    entry = menu.entries[0]
    caller = {k: v[0] for k, v in menu.caller}
    assert entry.when.holds(caller, 12 * 60), "the first entry serves the default caller"
    start = entry_key(menu.id, entry.id)
    keys = find_path(g, start, n_keys)
    if keys is None:
        raise SystemExit(f"no {n_keys}-key path in the generated menu (seed {seed})")
    key_text = " ".join(keys)
    call = ivr.simulate(menu, entry.dial, key_text, caller=caller)
    end = model_walk(menu, entry, keys)
    assert call.outcome == "agent" and len(call.pressed) == n_keys, call.transcript()
    assert end == call.node, (end, call.node)

    def run_sim():
        for _ in range(inner):
            ivr.simulate(menu, entry.dial, key_text, caller=caller)

    def run_bare():
        for _ in range(inner):
            model_walk(menu, entry, keys)

    sim, bare = [], []
    for _ in range(reps):
        sim.append(_timed(run_sim)[0] / inner)
        bare.append(_timed(run_bare)[0] / inner)
    return {
        "nodes": len(menu.nodes),
        "keys": key_text,
        "sim": statistics.median(sim),
        "bare": statistics.median(bare),
        "ratio": statistics.median(s / b for s, b in zip(sim, bare, strict=True)),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.2f} ms"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:9.1f} us"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small and few: a smoke run")
    ap.add_argument("--nodes", type=int, help="nodes of the load benchmark (default 20000)")
    ap.add_argument("--reps", type=int, help="interleaved repetitions (default 9, quick 3)")
    args = ap.parse_args(argv)
    n_load = args.nodes or (2000 if args.quick else 20000)
    reps = args.reps or (3 if args.quick else 9)
    # warm up imports (networkx, phonenumbers) so that no side pays for them
    ivr.compile(ivr.load_menu_text(generate_menu_text(50, 1), "warm.yaml"))

    a = bench_load(n_load, reps)
    a0 = bench_load(n_load, reps, gc_off=True)
    b = bench_simulate(1000, 20, reps=reps * 2 + 1, inner=20 if args.quick else 200)
    ok_a, ok_b = a0["ratio"] <= LOAD_GOAL, b["ratio"] <= SIMULATE_GOAL
    rows = [
        ("load + compile / yaml.load", a0["ratio"], LOAD_GOAL, _ms(a0["load+compile"]),
         _ms(a0["bare"])),
        ("  load alone / yaml.load", a0["ratio_load"], None, _ms(a0["load"]), ""),
        ("  compile alone / yaml.load", a0["ratio_compile"], None, _ms(a0["compile"]), ""),
        ("  load + compile / compose", a0["ratio_compose"], None, "", _ms(a0["compose"])),
        ("(gc on, paused by ivr only)", a["ratio"], None, _ms(a["load+compile"]),
         _ms(a["bare"])),
        ("simulate 20 keys / model walk", b["ratio"], SIMULATE_GOAL, _us(b["sim"]),
         _us(b["bare"])),
    ]  # fmt: skip
    print(f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml), "
          f"networkx {nx.__version__}; {reps} interleaved repetitions, CPU time, "
          "medians of ratios")  # fmt: skip
    print(f"(a) menu of {a['nodes']} nodes, {a['edges']} edges, {a['bytes'] / 1e6:.1f} MB")
    print(f'(b) menu of {b["nodes"]} nodes, keys "{b["keys"]}"')
    print()
    print(f"{'measure':<30} {'ratio':>7} {'goal':>6} {'time':>12} {'baseline':>12}")
    for name, ratio, goal, t, base in rows:
        goal_text = f"<={goal:g}" if goal else ""
        mark = "" if goal is None else ("  ok" if ratio <= goal else "  MISSED")
        print(f"{name:<30} {ratio:6.2f}x {goal_text:>6} {t:>12} {base:>12}{mark}")
    return 0 if ok_a and ok_b else 1


if __name__ == "__main__":
    sys.exit(main())

"""Mutation test: break ``menus/mts`` on purpose, and ``ivr check`` must notice.

Each mutant is one plausible mistake in a menu change, written back to menu files
(:func:`ivr.dump.dump`) in a copy of the folder that holds a routes lock made from the real
menus, and checked by :func:`ivr.check` exactly as ``ivr check`` runs:

* an agent (or a callback) becomes a hangup;
* an option on a documented path (a key a documented claim presses) is removed, or its key
  changed to one the menu does not use;
* a timeout on a documented path or on a caller's best route goes to another node.

A mutant is caught when the check fails (a broken documented claim, an error finding such as
``routes-lock``, or a file that no longer loads). The test asks for at least 95% caught and
names the survivors.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import ivr
from ivr.checking.lockfile import lock_findings, write_lock
from ivr.checking.runner import check
from ivr.io.yaml.writer import dump
from ivr.lint.config import Config
from ivr.model.types import DTMF_KEYS, HUMAN_TYPES, Hotline, Menu, Node, Timeout
from ivr.routing.search import best_routes
from ivr.sim.run import simulate

ROOT = Path(__file__).resolve().parent.parent
MTS = ROOT / "menus" / "mts"
GOAL = 0.95
NO_LOCK = Config.from_table({"disable": ["routes-lock"]})

pytestmark = pytest.mark.skipif(not MTS.is_dir(), reason="menus/mts is not there")


def _with_node(hotline: Hotline, menu_id: str, node: Node) -> Hotline:
    menus = []
    for m in hotline.menus:
        if m.id == menu_id:
            m = replace(m, nodes=tuple(node if n.id == node.id else n for n in m.nodes))
        menus.append(m)
    return replace(hotline, menus=tuple(menus))


def _taken(hotline: Hotline) -> tuple[set, set]:
    """(menu, node, key) of options pressed and (menu, node) of timeouts waited out, along
    every documented claim that holds and every caller's best route."""
    options: set[tuple[str, str, str]] = set()
    timeouts: set[tuple[str, str]] = set()
    calls = []
    for _m, c in hotline.claims():
        if not c.disputed:
            calls.append(simulate(hotline, c.dial, c.keys, dict(c.caller), c.at))
    calls += [r.call for _, r in best_routes(hotline) if r is not None]
    menus = {m.id: m for m in hotline.menus}
    for call in calls:
        current = _menu_of(hotline, call)
        for e in call.events:
            if e.kind == "transfer":
                current = menus[_transfer_target(hotline, current, e.node)]
            node = current.node_map().get(e.node)
            if node is None or node.type != "menu":
                continue
            if e.kind in ("press", "key") and node.option(e.key) is not None:
                options.add((current.id, node.id, e.key))
            elif e.kind == "timeout":
                timeouts.add((current.id, node.id))
    return options, timeouts


def _menu_of(hotline: Hotline, call) -> Menu:
    return next(m for m in hotline.menus if call.entry in m.entries)


def _transfer_target(hotline: Hotline, menu: Menu, node_id: str) -> str:
    node = menu.node(node_id)
    return hotline.menu(node.to.file).id


def mutants(hotline: Hotline) -> Iterator[tuple[str, Hotline]]:
    options, timeouts = _taken(hotline)
    for m in hotline.menus:
        for n in m.nodes:
            if n.type in HUMAN_TYPES:
                hangup = replace(n, type="hangup", queue="", wait=None, cost=None)
                yield f"{m.id}/{n.id}: {n.type} becomes a hangup", _with_node(hotline, m.id, hangup)
    for menu_id, node_id, key in sorted(options):
        n = hotline.menu(menu_id).node(node_id)
        rest = tuple((k, t) for k, t in n.options if k != key)
        yield (f"{menu_id}/{node_id}: option {key} removed",
               _with_node(hotline, menu_id, replace(n, options=rest)))  # fmt: skip
        unused = next(k for k in "9876543210*#" if n.option(k) is None and k in DTMF_KEYS)
        moved = tuple((unused if k == key else k, t) for k, t in n.options)
        yield (f"{menu_id}/{node_id}: option {key} moved to key {unused}",
               _with_node(hotline, menu_id, replace(n, options=moved)))  # fmt: skip
    for menu_id, node_id in sorted(timeouts):
        m = hotline.menu(menu_id)
        n = m.node(node_id)
        candidates = (
            [x.id for x in m.nodes if x.type == "hangup"]
            + [n.id]
            + [x.id for x in m.nodes if x.type == "menu"]
        )
        target = next(t for t in candidates if t != n.timeout.to)
        timeout = Timeout(n.timeout.after, target)
        yield (f"{menu_id}/{node_id}: timeout goes to {target} (was {n.timeout.to})",
               _with_node(hotline, menu_id, replace(n, timeout=timeout)))  # fmt: skip


def _write(hotline: Hotline, folder: Path) -> None:
    for m in hotline.menus:
        (folder / Path(m.file).name).write_text(dump(m), encoding="utf-8")


def caught(hotline: Hotline, folder: Path) -> str | None:
    """What ``ivr check FOLDER`` says of the mutant: caught by "claims and rules", by the
    "routes lock", or None (claims and rules first: the lock costs a route search per caller)."""
    _write(hotline, folder)
    report = check(folder, config=NO_LOCK)
    if report.exit_code != 0:
        return "claims and rules"
    if any(d.severity == "error" for d in lock_findings(ivr.load(folder))):
        return "routes lock"
    return None


@pytest.fixture(scope="module")
def locked(tmp_path_factory) -> tuple[Hotline, Path]:
    folder = tmp_path_factory.mktemp("mts")
    for f in MTS.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    hotline = ivr.load(folder)
    assert check(folder).exit_code == 0, "menus/mts must pass ivr check before mutating it"
    assert write_lock(hotline)[0] == 0
    return hotline, folder


def test_the_unmutated_menus_pass(locked):
    hotline, folder = locked
    _write(hotline, folder)  # dumped back, they still pass: the mutants differ only by the mutation
    assert not caught(ivr.load(folder), folder)


def test_ivr_check_catches_at_least_95_percent_of_mutants(locked):
    hotline, folder = locked
    results = [(name, caught(mutant, folder)) for name, mutant in mutants(hotline)]
    _write(hotline, folder)
    kinds = {"becomes a hangup": 0, " removed": 0, " moved to key": 0, "timeout goes to": 0}
    for name, _ in results:
        for kind in kinds:
            if kind in name:
                kinds[kind] += 1
    assert all(kinds.values()), f"every kind of mutant should be there: {kinds}"
    survivors = [name for name, by in results if by is None]
    score = 1 - len(survivors) / len(results)
    layers = ("claims and rules", "routes lock")
    by_layer = {layer: sum(by == layer for _, by in results) for layer in layers}
    print(f"\nmutation score: {score:.1%} of {len(results)} mutants caught {kinds} {by_layer}")
    assert score >= GOAL, f"{len(survivors)} of {len(results)} mutants survive:\n" + "\n".join(
        survivors
    )

"""Export, then import: does a platform's file behave as the menus it was written from?

The harness every exporter's property test uses (docs/importers.md, "Adding a platform"):
:func:`round_trip` writes a hotline with ``ivr.export`` and reads the file back with the
platform's reader; :func:`differences` compares the two as a caller would — for every caller
context, the best route to a person (its number of keys and whether it reaches an agent or a
callback, or none), the outcome of given key sequences from each entry, and the outcome of
each documented claim (calls that end near the time limit excepted) — and lists what differs
(``[]``: the same). Entries are matched by the address the exporter gives them (its writer
module's ``dial_of(menu, entry)``).

What a platform cannot say is taken out first by :func:`portable` (``ivr.export`` refuses
or approximates it), so the property reads: for every menu ``m`` of ``ivr.testing``,
``differences(portable(m), round_trip(portable(m)))`` is empty.

>>> import ivr, tempfile
>>> from ivr.model.types import Entry, Menu, Node, Timeout
>>> menu = Menu("m", entries=(Entry("e", "0890", "main"),), nodes=(
...     Node("main", "menu", say="Sales 1", duration=4, options=(("1", "sales"),),
...          timeout=Timeout(5, "main")), Node("sales", "agent", queue="sales")))
>>> back = round_trip(ivr.Hotline((menu,)), "asterisk", tempfile.mkdtemp())
>>> differences(ivr.Hotline((menu,)), back, "asterisk", [["1"], ["_", "1"]])
[]
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ivr.io.platform_convert import export
from ivr.io.platforms import platform
from ivr.io.registry import load
from ivr.model.types import Condition, Hotline, Menu, Node, Retries, Timeout
from ivr.routing.search import routes
from ivr.sim.callers import caller_contexts
from ivr.sim.run import DEFAULT_LIMIT, simulate

FILE_NAMES = {"asterisk": "extensions.conf", "freeswitch": "ivr.conf.xml"}


def round_trip(hotline: Hotline, to: str, folder: str | os.PathLike[str]) -> Hotline:
    """``hotline`` exported to platform ``to`` in ``folder`` and read back."""
    out = Path(folder) / FILE_NAMES.get(to, to)
    written = export(hotline, to, out)
    return load(written[0] if len(written) == 1 else folder, format=to)


def dial_map(hotline: Hotline, to: str) -> dict[str, str]:
    """Each entry's id and number -> the address its exported copy is dialled by."""
    writer = importlib.import_module(platform(to).writer)
    out: dict[str, str] = {}
    for menu, entry in hotline.entries():
        address = writer.dial_of(menu, entry)
        out.setdefault(entry.dial, address)
        out.setdefault(entry.id, address)
    return out


def _best(hotline: Hotline, caller: dict[str, str]) -> tuple[int, str] | None:
    found = routes(hotline, caller, by="keys", evidence=False)
    return (found[0].key_count, found[0].outcome) if found else None


def differences(
    original: Hotline,
    imported: Hotline,
    to: str,
    walks: Iterable[Sequence[str]] = (),
    at: str = "12:00",
) -> list[str]:
    """What a caller would notice between ``original`` and its ``imported`` copy."""
    dials = dial_map(original, to)
    wanted = set(dials.values())  # the importer may find more entries (unreached contexts)
    imported = Hotline(
        tuple(
            dataclasses.replace(m, entries=tuple(e for e in m.entries if e.dial in wanted))
            for m in imported.menus
        ),
        imported.path,
    )
    declared = imported.caller_attributes
    out: list[str] = []
    for who in caller_contexts(original):
        caller = {k: v for k, v in who.items() if k in declared}
        a, b = _best(original, who), _best(imported, caller)
        if a != b:
            out.append(f"best route for {who}: {a} before, {b} after")
        for _menu, entry in original.entries():
            if not entry.when.holds(who, 12 * 60):
                continue
            for keys in walks:
                text = " ".join(keys)
                x, y = _outcomes(
                    original, imported, entry.dial, dials[entry.dial], text, who, caller, at
                )
                if x != y:
                    out.append(f"{entry.dial} '{text}' as {who}: {x} before, {y} after")
    for _menu, claim in original.claims():
        caller = dict(claim.caller)
        kept = {k: v for k, v in caller.items() if k in declared}
        keys = " ".join(claim.keys)
        x, y = _outcomes(
            original, imported, claim.dial, dials[claim.dial], keys, caller, kept, claim.at
        )
        if x != y:
            out.append(f"claim {claim.dial} '{claim.keys_text}': {x} before, {y} after")
    return out


NEAR_LIMIT = 0.8 * DEFAULT_LIMIT


def _outcomes(
    a: Hotline, b: Hotline, dial_a: str, dial_b: str, keys: str, who_a: dict, who_b: dict, at: str
) -> tuple[str, str]:
    """The outcomes of one call on both; the same when either call nears the time limit
    (where a timer restarted by the platform, not by the model, may tip it over)."""
    x = simulate(a, dial_a, keys, who_a, at)
    y = simulate(b, dial_b, keys, who_b, at)
    if max(x.seconds, y.seconds) > NEAR_LIMIT:
        return x.outcome, x.outcome
    return x.outcome, y.outcome


def portable(menu: Menu, to: str) -> Menu:
    """``menu`` without what platform ``to`` cannot say (see the writers' docstrings):

    * both: entries answer everyone (no ``when``), one entry per number; claims on them;
      a number's line (``connect``, ``load``, ``needs_plus``) is not the platform's to say;
    * ``asterisk``: no retries (written as a counter, read back as a variable);
    * ``freeswitch``: menus time out to themselves (after 10 s when they had no timeout),
      timeouts in whole milliseconds, greetings a key interrupts, an invalid key replays the
      menu, retries end in a hangup (a menu without them gets
      FreeSWITCH's own limit, 100 failures, then a hangup: it cannot wait forever); prompts
      and branches go (options to them lead to a hangup or agent instead); entries start at
      menus.
    """
    entries, seen = [], set()
    for e in menu.entries:
        if e.dial not in seen:
            seen.add(e.dial)
            entries.append(
                dataclasses.replace(e, when=Condition(), connect=None, load=1.0, needs_plus=False)
            )
    nodes = list(menu.nodes)
    if to == "asterisk":
        nodes = [dataclasses.replace(n, retries=None) for n in nodes]
    elif to == "freeswitch":
        nodes = _freeswitch_nodes(nodes)
        menus = [n.id for n in nodes if n.type == "menu"]
        entries = [dataclasses.replace(e, start=menus[0]) for e in entries[:1]] if menus else []
    claims = tuple(
        c for c in menu.documented if c.dial in {e.dial for e in entries} | {e.id for e in entries}
    )
    return dataclasses.replace(menu, entries=tuple(entries), nodes=tuple(nodes), documented=claims)


def _freeswitch_nodes(nodes: list[Node]) -> list[Node]:
    kinds = {n.id: n.type for n in nodes}
    ends = [n.id for n in nodes if n.type in ("agent", "callback", "hangup")]
    fallback = ends[0] if ends else None
    out: list[Node] = []
    for n in nodes:
        if n.type not in ("menu", "agent", "callback", "hangup"):
            continue
        if n.type != "menu":
            out.append(n)
            continue
        options = tuple(
            (k, t if kinds[t] in ("menu", "agent", "callback", "hangup") else fallback)
            for k, t in n.options
            if kinds[t] in ("menu", "agent", "callback", "hangup") or fallback
        )
        retries = n.retries
        if retries is None or kinds[retries.then] != "hangup":
            retries = Retries(100, "_exit")
            if "_exit" not in kinds:
                kinds["_exit"] = "hangup"
                out.append(Node("_exit", "hangup"))
        out.append(
            dataclasses.replace(
                n,
                options=tuple((k, t) for k, t in options if t is not None),
                timeout=Timeout(round(n.timeout.after, 3) if n.timeout else 10.0, n.id),
                barge_in=True,  # a greeting a key interrupts: FreeSWITCH has no other
                invalid=n.id,
                retries=retries,
            )
        )
    return out


__all__ = ["differences", "dial_map", "portable", "round_trip"]

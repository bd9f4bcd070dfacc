"""Export, then import: does a platform's file behave as the menus it was written from?

The harness of every exporter's property test (docs/importers.md, "Export"):
:func:`round_trip` writes a hotline with ``ivr.export`` and reads the file(s) back with the
platform's reader; :func:`differences` compares the two as a caller would and lists what
differs (``[]``: the same):

* for every caller context, the best route to a person (its number of keys and whether it
  reaches an agent or a callback, or none);
* the outcome of given key sequences from each entry (for :data:`SAMPLE` callers spread over
  them all), and of each documented claim (calls that end near the time limit excepted);
* for the platforms whose export carries the ``ivr`` annotation (VoiceXML, Twilio Studio,
  Amazon Connect: :data:`EXACT`), more: the node each of those calls ends at and its seconds,
  at two hours of the day, the silent caller too, and every route that no other beats on
  keys, time and cost.

Entries are matched by the address the exporter gives them (its writer module's
``dial_of(menu, entry, hotline)``). What a platform cannot say is taken out first by
:func:`portable` (``ivr.export`` refuses or approximates it), so the property reads: for every
hotline ``h`` of ``ivr.testing``, ``differences(portable(h), round_trip(portable(h)))`` is
empty.

>>> import ivr, tempfile
>>> from ivr.model.types import Entry, Menu, Node, Timeout
>>> menu = Menu("m", entries=(Entry("e", "0890", "main"),), nodes=(
...     Node("main", "menu", say="Sales 1", duration=4, options=(("1", "sales"),),
...          timeout=Timeout(5, "main")), Node("sales", "agent", queue="sales")))
>>> for to in PLATFORMS:
...     back = round_trip(ivr.Hotline((menu,)), to, tempfile.mkdtemp())
...     assert differences(ivr.Hotline((menu,)), back, to, [["1"], ["_", "1"]]) == [], to
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

PLATFORMS = ("asterisk", "freeswitch", "voicexml", "twilio-studio", "amazon-connect")
"""The platforms ``ivr export`` writes, in the order of docs/importers.md."""
FILE_NAMES = {"asterisk": "extensions.conf", "freeswitch": "ivr.conf.xml"}
"""Platforms whose export is one file for the whole hotline; the others write a folder."""
EXACT = frozenset({"voicexml", "twilio-studio", "amazon-connect"})
"""Platforms whose export keeps node ids and prompt lengths (the annotation)."""
HOURS = ("03:00", "16:00")
SAMPLE = 4
"""How many caller contexts (evenly spread) the calls along walks are replayed for (the first
two also compare every route at the first of :data:`HOURS`); the best route is compared for
every one."""


def round_trip(hotline: Hotline, to: str, folder: str | os.PathLike[str]) -> Hotline:
    """``hotline`` exported to platform ``to`` in ``folder`` and read back."""
    out = Path(folder) / FILE_NAMES.get(to, "export")
    written = export(hotline, to, out)
    return load(written[0] if to in FILE_NAMES else out, format=to)


def dial_map(hotline: Hotline, to: str) -> dict[str, str]:
    """Each entry's id and number -> the address its exported copy is dialled by."""
    writer = importlib.import_module(platform(to).writer)
    out: dict[str, str] = {}
    for menu, entry in hotline.entries():
        address = writer.dial_of(menu, entry, hotline)
        out.setdefault(entry.dial, address)
        out.setdefault(entry.id, address)
    return out


def _best(hotline: Hotline, caller: dict[str, str]) -> tuple[int, tuple[str, ...]] | None:
    """The fewest keys to a person and the outcomes of the routes tied there on keys and
    time (routes that tie come in the order of the files, which an export need not keep)."""
    found = routes(hotline, caller, by="keys", k=4, evidence=False)
    if not found:
        return None
    first = (found[0].key_count, round(found[0].seconds, 6))
    tied = {r.outcome for r in found if (r.key_count, round(r.seconds, 6)) == first}
    return found[0].key_count, tuple(sorted(tied))


def _all_routes(hotline: Hotline, caller: dict[str, str], at: str) -> list[tuple]:
    """Every route no other beats on keys, time and cost (a set: ties in any order)."""
    found = routes(hotline, caller, at, by="pareto", evidence=False)
    return sorted({(r.entry.dial, r.keys, r.outcome, r.node, round(r.seconds, 6)) for r in found})


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
    exact = to in EXACT
    declared = imported.caller_attributes
    out: list[str] = []
    if exact and declared != original.caller_attributes:
        out.append(f"caller attributes {original.caller_attributes} before, {declared} after")
    keyed = [list(w) for w in walks]
    if exact:
        keyed += [[], ["_"], ["_", "_", "_"]]
    everyone = caller_contexts(original)
    step = max(1, len(everyone) // SAMPLE)
    for i, who in enumerate(everyone):
        caller = {k: v for k, v in who.items() if k in declared}
        a, b = _best(original, who), _best(imported, caller)
        if a != b:
            out.append(f"best route for {who}: {a} before, {b} after")
        if i % step or i // step >= SAMPLE:
            continue  # the calls: of a sample of the callers
        if exact and i // step < 2:
            before = _all_routes(original, who, HOURS[0])
            after = _all_routes(imported, caller, HOURS[0])
            if before != after:
                out.append(f"routes for {who} at {HOURS[0]}: {before} before, {after} after")
        for _menu, entry in original.entries():
            for hour in HOURS if exact else (at,):
                for keys in keyed:
                    text = " ".join(keys)
                    x, y = _outcomes(original, imported, entry.dial, dials[entry.dial], text,
                                     who, caller, hour, exact)  # fmt: skip
                    if x != y:
                        out.append(f"{entry.dial} '{text}' as {who} at {hour}: {x} before, "
                                   f"{y} after")  # fmt: skip
    for _menu, claim in original.claims():
        caller = dict(claim.caller)
        kept = {k: v for k, v in caller.items() if k in declared}
        # a claim may write its number otherwise than the entry (8 495 ... for +7 495 ...)
        dial = dials.get(claim.dial, claim.dial)
        x, y = _outcomes(original, imported, claim.dial, dial, claim.keys_text,
                         caller, kept, claim.at, exact, dials)  # fmt: skip
        if x != y:
            out.append(f"claim {claim.dial} '{claim.keys_text}': {x} before, {y} after")
    return out


NEAR_LIMIT = 0.8 * DEFAULT_LIMIT


def _outcomes(
    a: Hotline, b: Hotline, dial_a: str, dial_b: str, keys: str, who_a: dict, who_b: dict, at: str,
    exact: bool = False, dials: dict[str, str] | None = None,
) -> tuple[tuple, tuple]:  # fmt: skip
    """What one call gives on both (the outcome; with ``exact`` its node and seconds too); the
    same when either call nears the time limit (where a timer restarted by the platform, not
    by the model, may tip it over)."""
    x = simulate(a, dial_a, keys, who_a, at)
    if x.entry is not None and dials is not None:  # an id two files give: the one dialled
        dial_b = dials.get(x.entry.dial, dial_b)
    y = simulate(b, dial_b, keys, who_b, at)
    if max(x.seconds, y.seconds) > NEAR_LIMIT:
        return (x.outcome,), (x.outcome,)
    if exact:
        return (x.outcome, x.node, round(x.seconds, 6)), (y.outcome, y.node, round(y.seconds, 6))
    return (x.outcome,), (y.outcome,)


def portable(menus: Menu | Hotline, to: str) -> Menu | Hotline:
    """``menus`` (a menu, or every menu of a hotline) without what platform ``to`` cannot say
    (see the writers' docstrings):

    * every platform: a number's line (``connect``, ``load``, ``needs_plus``) is not a flow's
      to say;
    * ``asterisk`` and ``freeswitch``: entries answer everyone (no ``when``), one entry per
      number, claims on them; ``asterisk``: no retries (written as a counter, read back as a
      variable), a key takes 1 s (a dialplan has no ``key_time``: its import takes 1 s);
    * ``freeswitch``: menus time out to themselves (after 10 s when they had no timeout),
      timeouts in whole milliseconds, greetings a key interrupts, an invalid key replays the
      menu, retries end in a hangup (a menu without them gets FreeSWITCH's own limit, 100
      failures, then a hangup: it cannot wait forever); prompts and branches go (options to
      them lead to a hangup or agent instead); entries start at menus;
    * ``amazon-connect`` and ``twilio-studio``: no keys A to D (a Connect menu and a Studio
      gather take 0-9, * and #).
    """
    if isinstance(menus, Hotline):
        return dataclasses.replace(
            menus, menus=tuple(_portable(m, to) for m in menus.menus)
        )  # fmt: skip
    return _portable(menus, to)


def _portable(menu: Menu, to: str) -> Menu:
    entries, seen = [], set()
    for e in menu.entries:
        if to in EXACT or e.dial not in seen:
            seen.add(e.dial)
            plain = dataclasses.replace(e, connect=None, load=1.0, needs_plus=False)
            entries.append(plain if to in EXACT else dataclasses.replace(plain, when=Condition()))
    nodes = list(menu.nodes)
    if to == "asterisk":
        nodes = [dataclasses.replace(n, retries=None) for n in nodes]
    elif to == "freeswitch":
        nodes = _freeswitch_nodes(nodes)
        menus = [n.id for n in nodes if n.type == "menu"]
        entries = [dataclasses.replace(e, start=menus[0]) for e in entries[:1]] if menus else []
    elif to in ("amazon-connect", "twilio-studio"):
        nodes = [
            dataclasses.replace(n, options=tuple((k, t) for k, t in n.options if k not in "ABCD"))
            for n in nodes
        ]
    claims = menu.documented  # the entries are all kept: so are the claims on them
    if to not in EXACT:
        claims = tuple(
            c
            for c in menu.documented
            if c.dial in {e.dial for e in entries} | {e.id for e in entries}
        )
    key_time = 1.0 if to == "asterisk" else menu.key_time
    return dataclasses.replace(menu, entries=tuple(entries), nodes=tuple(nodes), documented=claims,
                               key_time=key_time)  # fmt: skip


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


__all__ = ["EXACT", "PLATFORMS", "differences", "dial_map", "portable", "round_trip"]

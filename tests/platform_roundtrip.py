"""What the round trip of an exporter and its importer must keep: the same calls and routes.

``assert_same_calls(original, imported)`` replays, for every entry, caller and a few hours,
the silent caller, every documented claim of the original and a walk down each option, and
asks for the best route by keys (not ranked by evidence: sources are not behaviour and
no platform file carries them): outcome, node and seconds must be equal.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import ivr
from ivr.model.types import Hotline

HOURS = ("03:00", "16:00")


def _callers(h: Hotline, limit: int = 3) -> list[dict[str, str]]:
    attrs = h.caller_attributes
    combos = itertools.product(*attrs.values())
    return [dict(zip(attrs, c, strict=True)) for c in itertools.islice(combos, limit)]


def _key_walks(h: Hotline) -> list[str]:
    walks = {"", "_", "_ _ _"}
    for m in h.menus:
        for n in m.nodes:
            for k, _ in n.options[:3]:
                walks.add(k)
                walks.add(f"{k} {k}")
                walks.add(f". {k}")
    walks.update(c.keys_text for _, c in h.claims())
    return sorted(walks)[:10]


def _call(h: Hotline, dial: str, keys: str, caller: dict[str, str], at: str) -> tuple:
    call = ivr.simulate(h, dial, keys, caller=caller, at=at)
    return call.outcome, call.node, round(call.seconds, 6)


def _routes(h: Hotline, caller: dict[str, str], at: str) -> tuple[list, list]:
    """The routes' measures in rank order, and the routes themselves: routes that tie on keys
    and time may come in the order of the files, which a platform need not keep."""
    found = ivr.routes(h, caller, at, by="keys", evidence=False)
    ranks = [(len(r.keys), round(r.seconds, 6)) for r in found]
    return ranks, sorted((r.entry.dial, r.keys, r.outcome, r.node, r.seconds) for r in found)


def assert_same_calls(original: Hotline, imported: Hotline) -> None:
    # routes tied on keys and seconds are ranked in the order of the menus; a folder of files
    # (YAML or a platform's) is read in file-name order, which a generated hotline need not be
    original = replace(original, menus=tuple(sorted(original.menus, key=lambda m: m.file)))
    assert imported.caller_attributes == original.caller_attributes
    dials = sorted({e.dial for _, e in original.entries()})
    assert sorted({e.dial for _, e in imported.entries()}) == dials
    for caller in _callers(original):
        for at in HOURS:
            for dial in dials:
                for keys in _key_walks(original):
                    want = _call(original, dial, keys, caller, at)
                    got = _call(imported, dial, keys, caller, at)
                    assert got == want, (dial, keys, caller, at)
            assert _routes(imported, caller, at) == _routes(original, caller, at), (caller, at)

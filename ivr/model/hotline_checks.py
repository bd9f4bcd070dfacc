"""The semantic checks across the files of a hotline: menu ids, transfers between files, and
what documented claims dial, who they are about and the node they expect."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ivr.diagnostics import Diagnostic, did_you_mean
from ivr.model.numbers import find_entries
from ivr.model.part_checks import Problems
from ivr.model.types import Claim, Hotline, Menu


def hotline_problems(hotline: Hotline, failed: Collection[str] = ()) -> Problems:
    """Checks across files: unique menu ids, transfers, what documented claims dial and expect.

    Transfers to a file in ``failed`` (one that could not be read, whose errors are reported
    already) are not reported again, nor are claims while a file failed (it may hold the entry).
    """
    errors: Problems = []
    by_id: dict[str, Menu] = {}
    for m in hotline.menus:
        if m.id in by_id:
            errors.append(Diagnostic(m.loc, f"menu id '{m.id}' is also used by {by_id[m.id].file}"))
        by_id[m.id] = m
    names = {Path(m.file).name: m for m in hotline.menus}
    all_nodes = {n.id for m in hotline.menus for n in m.nodes}
    for m in hotline.menus:
        for n in m.nodes:
            if n.to is None:
                continue
            target = names.get(n.to.file)
            if target is None and n.to.file in failed:
                continue
            if target is None:
                errors.append(
                    Diagnostic(
                        n.to.loc,
                        f"node '{n.id}' transfers to '{n.to.file}', which is not a menu file of "
                        f"this folder{did_you_mean(n.to.file, names)}",
                    )
                )
            elif not any(n.to.entry in (e.id, e.dial) for e in target.entries):
                entry_ids = [e.id for e in target.entries]
                errors.append(
                    Diagnostic(
                        n.to.loc,
                        f"node '{n.id}' transfers to entry '{n.to.entry}' of {n.to.file}, which "
                        f"has no such entry{did_you_mean(n.to.entry, entry_ids)}",
                    )
                )
        for c in m.documented if not failed else ():
            if not find_entries(hotline, c.dial):
                dials = [e.dial for _, e in hotline.entries()]
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim dials '{c.dial}', which no entry of this hotline has"
                        + did_you_mean(c.dial, dials),
                    )
                )
            ruled_out = hotline.excluded(_claim_caller(hotline, c))
            if ruled_out is not None:
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim is about a caller who cannot exist: "
                        f"{ruled_out.describe()} is excluded under 'caller'",
                    )
                )
            if c.node is not None and c.node not in all_nodes:
                errors.append(
                    Diagnostic(
                        c.loc,
                        f"documented claim expects node '{c.node}', which does not exist"
                        + did_you_mean(c.node, all_nodes),
                    )
                )
    return errors


def _claim_caller(hotline: Hotline, claim: Claim) -> dict[str, str]:
    """The caller a claim is about, attributes it leaves out at their defaults."""
    who = {name: values[0] for name, values in hotline.caller_attributes.items() if values}
    who.update(claim.caller)
    return who

"""``ivr.diff(old, new)``: what a change to the menus does to callers.

Three layers, each a list of :class:`Change`:

* **structure** — menus, nodes, options, prompts and entries added, removed or changed
  (matched by menu id, node id, option key and entry id);
* **documented claims** — every claim of either side replayed on both: a claim that held and no
  longer does *broke* (a regression), one that was broken and now holds is *fixed*;
* **routes** — for every caller context (every combination of the caller attributes either side
  declares), the best route to a human before and after, by keys, by time and by cost: a route
  *lost*, *longer* (more key presses), *slower* or *costlier* is a regression; *gained*,
  *shorter*, *faster* or *cheaper* an improvement; the same measures with other keys a change.

:class:`DiffReport` prints as text, JSON or Markdown (for a pull-request comment);
``exit_code`` is 0 without a regression and 1 with one. ``ivr diff OLD NEW`` compares two files
or folders; ``ivr diff PATH --rev REV`` compares PATH with its state at a git revision.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ivr.checking.runner import ClaimResult
from ivr.errors import GitError, InputError
from ivr.io.yaml.reader import MENU_SUFFIXES, load
from ivr.model.types import DEFAULT_AT, Claim, Hotline, Loc, Menu, Node

EPSILON = 1e-6
_NODE_FIELDS = (
    "type",
    "duration",
    "barge_in",
    "next",
    "timeout",
    "invalid",
    "retries",
    "cases",
    "otherwise",
    "queue",
    "wait",
    "cost",
    "to",
    "suppress",
)
_ENTRY_FIELDS = ("dial", "start", "when", "cost", "region", "disputed")


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new menus."""

    kind: str  # menu, node, option, prompt, entry, claim, route
    action: str  # added, removed, changed, broke, fixed, lost, gained, longer, shorter, ...
    subject: str  # "menu/node", "menu/node key 2", "menu#entry", a claim, a caller context
    message: str
    regression: bool = False
    improvement: bool = False
    before: object = None
    after: object = None
    loc: Loc = field(default=Loc(), compare=False)
    callers: tuple[str, ...] = ()  # the caller contexts a route change concerns

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "action": self.action,
            "subject": self.subject,
            "message": self.message,
            "regression": self.regression,
            "improvement": self.improvement,
            "before": self.before,
            "after": self.after,
            "file": self.loc.file,
            "line": self.loc.line,
            "callers": list(self.callers),
        }


@dataclass
class DiffReport:
    """What changed between two versions of a hotline, and what it does to callers."""

    old: str
    new: str
    at: str = DEFAULT_AT
    changes: list[Change] = field(default_factory=list)

    @property
    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]

    @property
    def improvements(self) -> list[Change]:
        return [c for c in self.changes if c.improvement]

    @property
    def other(self) -> list[Change]:
        return [c for c in self.changes if not c.regression and not c.improvement]

    @property
    def exit_code(self) -> int:
        return 1 if self.regressions else 0

    def summary(self) -> dict:
        return {
            "changes": len(self.changes),
            "regressions": len(self.regressions),
            "improvements": len(self.improvements),
            "structure": sum(c.kind not in ("claim", "route") for c in self.changes),
            "claims": sum(c.kind == "claim" for c in self.changes),
            "routes": sum(c.kind == "route" for c in self.changes),
        }

    def summary_line(self) -> str:
        s = self.summary()
        if not s["changes"]:
            return f"no changes between {self.old} and {self.new}"
        verdict = f"{s['regressions']} regression(s)" if s["regressions"] else "no regression"
        return (
            f"{verdict}, {s['improvements']} improvement(s), {s['changes']} change(s) in all "
            f"({s['structure']} to the menus, {s['claims']} to documented claims, "
            f"{s['routes']} to routes at {self.at})"
        )

    def as_json(self) -> dict:
        return {
            "version": 1,
            "old": self.old,
            "new": self.new,
            "at": self.at,
            "summary": self.summary(),
            "changes": [c.as_json() for c in self.changes],
        }

    def text(self) -> str:
        lines = [f"ivr diff {self.old} -> {self.new}"]
        for title, group in (
            ("Regressions", self.regressions),
            ("Improvements", self.improvements),
            ("Changes", self.other),
        ):
            if group:
                lines.append(f"{title} ({len(group)}):")
                for c in group:
                    where = f"  ({c.loc})" if c.loc.line else ""
                    lines.append(f"  {c.kind} {c.action}: {c.message}{where}")
        lines.append(self.summary_line())
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        s = self.summary()
        head = "regression" if s["regressions"] else "no regression"
        lines = [
            f"### ivr diff: {head}",
            "",
            f"`{self.old}` → `{self.new}`: {self.summary_line()}.",
        ]
        for title, group in (
            ("Regressions", self.regressions),
            ("Improvements", self.improvements),
            ("Changes", self.other),
        ):
            if not group:
                continue
            lines += [
                "",
                f"#### {title} ({len(group)})",
                "",
                "| What | Where | Detail |",
                "|---|---|---|",
            ]
            for c in group:
                where = f"`{c.loc.file}:{c.loc.line}`" if c.loc.line else ""
                lines.append(f"| {c.kind} {c.action} | {where} | {_md(c.message)} |")
        return "\n".join(lines) + "\n"

    def render(self, fmt: str) -> str:
        import json  # noqa: PLC0415

        if fmt == "json":
            return json.dumps(self.as_json(), ensure_ascii=False, indent=2, default=str) + "\n"
        if fmt == "markdown":
            return self.markdown()
        if fmt == "text":
            return self.text()
        raise InputError(f"unknown format '{fmt}' (one of text, json, markdown)")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# -- structure --------------------------------------------------------------------------------
def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _field_text(value: object) -> str:
    if value is None or value == () or value == "":
        return "none"
    if isinstance(value, tuple) and value and hasattr(value[0], "to"):  # cases
        return "; ".join(f"{c.when.describe()} -> {c.to}" for c in value)
    if hasattr(value, "describe"):
        return value.describe()
    if hasattr(value, "__dataclass_fields__"):
        fields = {k: getattr(value, k) for k in value.__dataclass_fields__ if k != "loc"}
        return ", ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, (), ""))
    return str(value)


def _menus_by_id(h: Hotline) -> dict[str, Menu]:
    return {m.id: m for m in h.menus}


def _pair_menus(old: Hotline, new: Hotline) -> tuple[dict[str, Menu], dict[str, Menu]]:
    """Menus matched by id, then by file name; two lone menus (two files) match each other."""
    a, b = _menus_by_id(old), _menus_by_id(new)
    by_name = {Path(m.file).name: m for m in new.menus}
    for mid in list(a.keys() - b.keys()):
        twin = by_name.get(Path(a[mid].file).name)
        if twin is not None and twin.id not in a:
            a[twin.id] = a.pop(mid)
    if len(old.menus) == len(new.menus) == 1 and a.keys() != b.keys():
        a = {new.menus[0].id: old.menus[0]}
    return a, b


def _structure(old: Hotline, new: Hotline) -> list[Change]:
    out: list[Change] = []
    old_menus, new_menus = _pair_menus(old, new)
    for mid in old_menus.keys() - new_menus.keys():
        m = old_menus[mid]
        out.append(
            Change(
                "menu", "removed", mid, f"menu '{m.id}' ({Path(m.file).name}) removed", loc=m.loc
            )
        )
    for mid in new_menus.keys() - old_menus.keys():
        m = new_menus[mid]
        out.append(
            Change("menu", "added", mid, f"menu '{mid}' ({Path(m.file).name}) added", loc=m.loc)
        )
    for mid in sorted(old_menus.keys() & new_menus.keys()):
        out += _menu_changes(old_menus[mid], new_menus[mid])
    return out


def _menu_changes(a: Menu, b: Menu) -> list[Change]:
    out: list[Change] = []
    mid = b.id
    an, bn = a.node_map(), b.node_map()
    for nid in [n.id for n in a.nodes if n.id not in bn]:
        node = an[nid]
        out.append(
            Change(
                "node",
                "removed",
                f"{mid}/{nid}",
                f"{node.type} '{nid}' of {mid} removed",
                before=node.type,
                loc=node.loc,
            )
        )
    for nid in [n.id for n in b.nodes if n.id not in an]:
        node = bn[nid]
        out.append(
            Change(
                "node",
                "added",
                f"{mid}/{nid}",
                f"{node.type} '{nid}' of {mid} added",
                after=node.type,
                loc=node.loc,
            )
        )
    for node in b.nodes:
        if node.id in an:
            out += _node_changes(mid, an[node.id], node)
    ae = {e.id: e for e in a.entries}
    be = {e.id: e for e in b.entries}
    for eid in [e for e in ae if e not in be]:
        e = ae[eid]
        out.append(
            Change(
                "entry",
                "removed",
                f"{mid}#{eid}",
                f"entry '{eid}' (dial {e.dial}) of {mid} removed",
                before=e.dial,
                loc=e.loc,
            )
        )
    for eid in [e for e in be if e not in ae]:
        e = be[eid]
        out.append(
            Change(
                "entry",
                "added",
                f"{mid}#{eid}",
                f"entry '{eid}' (dial {e.dial}) of {mid} added",
                after=e.dial,
                loc=e.loc,
            )
        )
    for eid in [e for e in be if e in ae]:
        x, y = ae[eid], be[eid]
        for name in _ENTRY_FIELDS:
            before, after = getattr(x, name), getattr(y, name)
            if before != after:
                out.append(
                    Change(
                        "entry",
                        "changed",
                        f"{mid}#{eid}",
                        f"entry '{eid}' of {mid}: {name} {_field_text(before)} -> "
                        f"{_field_text(after)}",
                        before=_field_text(before),
                        after=_field_text(after),
                        loc=y.loc,
                    )
                )
    return out


def _node_changes(mid: str, x: Node, y: Node) -> list[Change]:
    out: list[Change] = []
    subject = f"{mid}/{y.id}"
    if x.say != y.say:
        out.append(
            Change(
                "prompt",
                "changed",
                subject,
                f'prompt of \'{y.id}\' in {mid}: "{_short(x.say)}" -> "{_short(y.say)}"',
                before=x.say,
                after=y.say,
                loc=y.loc,
            )
        )
    xo, yo = dict(x.options), dict(y.options)
    for key in sorted(xo.keys() | yo.keys()):
        where = f"{subject} key {key}"
        if key not in yo:
            out.append(
                Change(
                    "option",
                    "removed",
                    where,
                    f"'{y.id}' in {mid}: option {key} (to '{xo[key]}') removed",
                    before=xo[key],
                    loc=y.loc,
                )
            )
        elif key not in xo:
            out.append(
                Change(
                    "option",
                    "added",
                    where,
                    f"'{y.id}' in {mid}: option {key} (to '{yo[key]}') added",
                    after=yo[key],
                    loc=y.loc,
                )
            )
        elif xo[key] != yo[key]:
            out.append(
                Change(
                    "option",
                    "changed",
                    where,
                    f"'{y.id}' in {mid}: option {key} now goes to '{yo[key]}' (was '{xo[key]}')",
                    before=xo[key],
                    after=yo[key],
                    loc=y.loc,
                )
            )
    changed = [f for f in _NODE_FIELDS if getattr(x, f) != getattr(y, f)]
    for name in changed:
        before, after = _field_text(getattr(x, name)), _field_text(getattr(y, name))
        out.append(
            Change(
                "node",
                "changed",
                subject,
                f"'{y.id}' in {mid}: {name} {before} -> {after}",
                before=before,
                after=after,
                loc=y.loc,
            )
        )
    return out


# -- documented claims ------------------------------------------------------------------------
def _claim_key(c: Claim) -> tuple:
    return (c.dial, c.keys, c.caller, c.at, c.expect, c.node)


def _replay(h: Hotline, menu: Menu, claim: Claim) -> ClaimResult | str:
    from ivr.sim.run import simulate  # noqa: PLC0415

    try:
        call = simulate(h, claim.dial, claim.keys, dict(claim.caller), claim.at)
    except ValueError as exc:
        return str(exc)
    return ClaimResult(menu, claim, call)


def _ok(result: ClaimResult | str) -> bool:
    return not isinstance(result, str) and result.ok


def _outcome(result: ClaimResult | str) -> str:
    if isinstance(result, str):
        return result
    return f"{result.call.outcome} at '{result.call.node}' after {result.call.seconds:g} s"


def _claims(old: Hotline, new: Hotline) -> list[Change]:
    out: list[Change] = []
    olds = {_claim_key(c): (m, c) for m, c in old.claims()}
    news = {_claim_key(c): (m, c) for m, c in new.claims()}
    for key in [*olds, *(k for k in news if k not in olds)]:
        menu, claim = news.get(key) or olds[key]
        om, oc = olds.get(key, (menu, claim))
        before, after = _replay(old, om, oc), _replay(new, menu, claim)
        keys = f'keys "{claim.keys_text}"' if claim.keys else "no keys"
        caller = ",".join(f"{k}={v}" for k, v in claim.caller)
        what = (
            f"dial {claim.dial}, {keys}{' as ' + caller if caller else ''} (source "
            f"{','.join(claim.source)}) expecting {claim.expect}"
        )
        loc = claim.loc
        if key in olds and key not in news:
            if _ok(before) and not _ok(after):
                out.append(
                    Change(
                        "claim",
                        "broke",
                        what,
                        f"documented claim removed and no longer holds: {what}; "
                        f"now {_outcome(after)}",
                        regression=True,
                        before=_outcome(before),
                        after=_outcome(after),
                        loc=oc.loc,
                    )
                )
            else:
                out.append(
                    Change(
                        "claim", "removed", what, f"documented claim removed: {what}", loc=oc.loc
                    )
                )
            continue
        if key in news and key not in olds:
            broken = not _ok(after)
            out.append(
                Change(
                    "claim",
                    "added",
                    what,
                    f"documented claim added: {what}"
                    + (f"; it does not hold: {_outcome(after)}" if broken else ""),
                    regression=broken,
                    after=_outcome(after),
                    loc=loc,
                )
            )
            continue
        if _ok(before) and not _ok(after):
            out.append(
                Change(
                    "claim",
                    "broke",
                    what,
                    f"documented claim broke: {what}; was {_outcome(before)}, now "
                    f"{_outcome(after)}",
                    regression=True,
                    before=_outcome(before),
                    after=_outcome(after),
                    loc=loc,
                )
            )
        elif not _ok(before) and _ok(after):
            out.append(
                Change(
                    "claim",
                    "fixed",
                    what,
                    f"documented claim holds again: {what}; now {_outcome(after)}",
                    improvement=True,
                    before=_outcome(before),
                    after=_outcome(after),
                    loc=loc,
                )
            )
    return out


# -- routes -----------------------------------------------------------------------------------
def _contexts(old: Hotline, new: Hotline) -> list[dict[str, str]]:
    import itertools  # noqa: PLC0415

    attrs: dict[str, list[str]] = {}
    for h in (new, old):
        for name, values in h.caller_attributes.items():
            known = attrs.setdefault(name, [])
            known.extend(v for v in values if v not in known)
    names = list(attrs)
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(attrs[n] for n in names))
    ]


class _Best:
    """Best routes of one hotline by keys, time and cost, cached by the caller it sees."""

    def __init__(self, hotline: Hotline, at: str):
        from ivr.graph.build import compile  # noqa: PLC0415

        self.h = hotline
        self.at = at
        self.g = compile(hotline)
        self.attrs = hotline.caller_attributes
        self.cache: dict[tuple, dict[str, object]] = {}

    def get(self, caller: Mapping[str, str]) -> dict[str, object]:
        from ivr.routing.search import routes  # noqa: PLC0415

        seen = {k: v for k, v in caller.items() if k in self.attrs}
        if any(v not in self.attrs[k] for k, v in seen.items()):
            return {}
        key = tuple(sorted(seen.items()))
        if key not in self.cache:
            self.cache[key] = {
                by: next(iter(routes(self.h, seen, self.at, by, 1, graph=self.g)), None)
                for by in ("keys", "time", "cost")
            }
        return self.cache[key]


def _route_text(r) -> str:
    if r is None:
        return "no route"
    keys = r.keys_text or "no keys"
    return f"dial {r.entry.dial}, {keys} ({r.seconds:g} s, {r.cost.describe()})"


_KEYS = (lambda r: r.key_count, "longer", "shorter", "key presses", "{:d}")
_TIME = (lambda r: r.seconds, "slower", "faster", "seconds", "{:g}")
_COST = (lambda r: r.cost_total, "costlier", "cheaper", "cost", None)
# objective -> the measures it ranks by, in order (a tie on the first falls to the second)
_MEASURES = (("keys", (_KEYS, _TIME)), ("time", (_TIME, _KEYS)), ("cost", (_COST, _TIME)))


def _compare(by: str, x, y) -> tuple[str, bool, str] | None:
    """(action, worse, shown) of the best route by ``by`` before (x) and after (y), or None."""
    for measure, worse, better, unit, fmt in dict(_MEASURES)[by]:
        mx, my = measure(x), measure(y)
        if _same(mx, my):
            continue
        if fmt is None:
            shown = f"{x.cost.describe()} -> {y.cost.describe()}"
        else:
            shown = f"{fmt.format(mx)} -> {fmt.format(my)} {unit}"
        bad = my > mx
        return (worse if bad else better), bad, shown
    return None


def _route_rows(before: dict, after: dict) -> list[tuple]:
    """(action, regression, improvement, detail, before, after) for one caller."""
    bk, ak = before.get("keys"), after.get("keys")
    if bk is None and ak is None:
        return []
    if ak is None:
        was = _route_text(bk)
        return [("lost", True, False, f"no way to a human any more (was {was})", was, "no route")]
    if bk is None:
        now = _route_text(ak)
        return [("gained", False, True, f"a way to a human now: {now}", "no route", now)]
    merged: dict[tuple, list[str]] = {}  # the same route change seen by several objectives
    for by, _ in _MEASURES:
        x, y = before[by], after[by]
        found = _compare(by, x, y)
        if found is not None:
            merged.setdefault((*found, _route_text(x), _route_text(y)), []).append(by)
    rows = []
    for (action, bad, shown, was, now), objectives in merged.items():
        detail = f"best route by {' and '.join(objectives)} {action}: {shown}; was {was}, now {now}"
        rows.append((action, bad, not bad, detail, was, now))
    if not rows and (bk.entry.dial, bk.keys) != (ak.entry.dial, ak.keys):
        was, now = _route_text(bk), _route_text(ak)
        detail = f"best route changed, as short, as fast and as cheap: was {was}, now {now}"
        rows.append(("changed", False, False, detail, was, now))
    return rows


def _callers_text(callers: list[str], shown: int = 3) -> str:
    if len(callers) <= shown:
        return "; ".join(callers)
    return "; ".join(callers[:shown]) + f" (and {len(callers) - shown} more callers)"


def _routes(old: Hotline, new: Hotline, at: str) -> list[Change]:
    """Route changes per caller context; callers with the very same change share one line."""
    a, b = _Best(old, at), _Best(new, at)
    groups: dict[tuple, list[str]] = {}
    for who in _contexts(old, new):
        caller = ",".join(f"{k}={v}" for k, v in who.items()) or "any caller"
        for row in _route_rows(a.get(who), b.get(who)):
            groups.setdefault(row, []).append(caller)
    out = []
    for (action, bad, good, detail, was, now), callers in groups.items():
        out.append(
            Change(
                "route",
                action,
                _callers_text(callers),
                f"{_callers_text(callers)}: {detail}",
                regression=bad,
                improvement=good,
                before=was,
                after=now,
                callers=tuple(callers),
            )
        )
    return out


def _same(x: float, y: float) -> bool:
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= EPSILON


# -- entry points -----------------------------------------------------------------------------
def diff(
    old: Hotline | str | os.PathLike[str],
    new: Hotline | str | os.PathLike[str],
    at: str = DEFAULT_AT,
    routes: bool = True,
) -> DiffReport:
    """Compare two versions of a hotline (loaded, or paths to load; LoadError if one fails).

    >>> import ivr
    >>> report = ivr.diff("menus/mts", "menus/mts")
    >>> report.changes, report.exit_code
    ([], 0)
    """
    a = old if isinstance(old, Hotline) else load(old)
    b = new if isinstance(new, Hotline) else load(new)
    report = DiffReport(a.path or "old", b.path or "new", at)
    report.changes += _structure(a, b)
    report.changes += _claims(a, b)
    if routes:
        report.changes += _routes(a, b, at)
    return report


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git failed")
    return done.stdout


@contextmanager
def at_revision(path: str | os.PathLike[str], rev: str) -> Iterator[Path]:
    """The menu file or folder ``path`` as it was at git revision ``rev``, in a temp folder."""
    p = Path(path).resolve()
    folder = p if p.is_dir() else p.parent
    top = Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    rel = p.relative_to(top).as_posix()
    tmp = Path(tempfile.mkdtemp(prefix="ivr-diff-"))
    try:
        if p.is_dir():
            listing = _git(["ls-tree", "--name-only", f"{rev}:{rel}" if rel != "." else rev], top)
            names = [n for n in listing.decode("utf-8").splitlines() if n.endswith(MENU_SUFFIXES)]
            if not names:
                raise GitError(f"{rel} holds no menu files at {rev}")
            target = tmp / p.name
            target.mkdir()
            for name in names:
                (target / name).write_bytes(_git(["show", f"{rev}:{rel}/{name}"], top))
        else:
            target = tmp / p.name
            target.write_bytes(_git(["show", f"{rev}:{rel}"], top))
        yield target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def diff_revision(path: str | os.PathLike[str], rev: str, at: str = DEFAULT_AT) -> DiffReport:
    """Compare ``path`` at git revision ``rev`` (old) with ``path`` in the work tree (new)."""
    with at_revision(path, rev) as old_path:
        old = load(old_path)
        label = f"{rev}:{path}"
        old = Hotline(old.menus, label)
        report = diff(old, load(path), at)
    # the old side was read from a temp folder: show it as REV:path
    prefix = str(old_path)
    report.changes = [
        c
        if not c.loc.file.startswith(prefix)
        else Change(
            **{**c.__dict__, "loc": Loc(label + c.loc.file[len(prefix) :], c.loc.line, c.loc.col)}
        )
        for c in report.changes
    ]
    return report

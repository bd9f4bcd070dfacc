"""The routes lock: the best route to a human for every caller context, kept under review.

``ivr lock PATH`` writes ``PATH/ivr.lock.json`` for a folder (``<name>.lock.json`` beside a
single menu file): for every combination of the hotline's caller attributes, the best route
(:func:`ivr.routes.best_routes`) — the number, the keys, the seconds, the outcome, the cost.
The file is JSON with sorted keys and one field per line, so a change of route shows in a code
review as a small diff. ``ivr check`` then reports a ``routes-lock`` finding for every caller
whose route differs from the lock, until ``ivr lock --update`` records the new routes on
purpose. The lock is written atomically (:func:`ivr.io.atomic.write_atomic`): a kill mid-write
leaves the old lock whole; a failed write is a :class:`~ivr.errors.WriteError`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ivr.diagnostics import Diagnostic
from ivr.errors import LockError
from ivr.io.atomic import write_atomic
from ivr.model.types import DEFAULT_AT, Hotline, Loc
from ivr.routing.budget import OutOfBudget

LOCK_VERSION = 1
FOLDER_LOCK = "ivr.lock.json"
FIELDS = ("menu", "file", "entry", "dial", "e164", "keys", "key_count", "seconds", "outcome",
          "node", "cost", "dial_string")  # fmt: skip


def lock_path(path: str | os.PathLike[str]) -> Path:
    """Where the lock of a menu folder or file lives.

    >>> str(lock_path("menus/mts")), str(lock_path("menus/x/short.yaml"))
    ('menus/mts/ivr.lock.json', 'menus/x/short.lock.json')
    """
    p = Path(path)
    if p.is_dir() or not p.suffix:
        return p / FOLDER_LOCK
    return p.with_name(p.stem + ".lock.json")


def _caller_id(caller: object) -> tuple:
    return tuple(sorted(caller.items())) if isinstance(caller, dict) else ()


def _caller_key(caller: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in caller.items()) or "(any caller)"


def route_record(route) -> dict | None:
    """The locked fields of one route (None when no entry serves the caller)."""
    if route is None:
        return None
    from ivr.routing.instructions import route_json  # noqa: PLC0415

    full = route_json(route)
    full["file"] = Path(full["file"]).name
    full["entry"] = route.entry.id
    full["dial"] = route.entry.dial
    full["e164"] = route_json(route)["entry"]["e164"]
    return {k: full[k] for k in FIELDS}


def build_lock(hotline: Hotline, at: str = DEFAULT_AT, by: str = "keys") -> dict:
    """The lock data of a hotline: best routes per caller context, in declared order."""
    from ivr.routing.search import best_routes  # noqa: PLC0415

    rows = [
        {"caller": who, "route": route_record(route)}
        for who, route in best_routes(hotline, at=at, by=by)
    ]
    return {"version": LOCK_VERSION, "at": at, "by": by, "routes": rows}


def lock_text(data: dict) -> str:
    """Diff-friendly JSON: sorted keys, indent 2, UTF-8 as is, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_lock(path: str | os.PathLike[str]) -> dict:
    """A lock file's data; LockError (a ValueError) when this version cannot read it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LockError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("routes"), list):
        raise LockError("not an ivr lock file (no 'routes' list)")
    if data.get("version") != LOCK_VERSION:
        raise LockError(f"lock version {data.get('version')!r} is not known; this ivr writes 1")
    return data


def _describe(record: dict | None) -> str:
    if record is None:
        return "no route"
    keys = record["keys"] or "no keys"
    return (
        f"dial {record['dial']}, {keys} -> {record['outcome']} '{record['node']}' "
        f"in {record['seconds']:g} s"
    )


def differences(old: dict, new: dict) -> list[tuple[int, str]]:
    """(index of the old lock row or -1, message) for every caller whose route changed."""
    out: list[tuple[int, str]] = []
    # rows match by the caller's attributes; the lock stores them with sorted keys
    old_rows = {_caller_id(r.get("caller")): (i, r) for i, r in enumerate(old["routes"])}
    new_rows = {_caller_id(r["caller"]): r for r in new["routes"]}
    shown = {k: _caller_key(r["caller"]) for k, r in new_rows.items()}
    shown.update({k: _caller_key(r.get("caller") or {}) for k, (_, r) in old_rows.items()
                  if k not in shown})  # fmt: skip
    for setting in ("at", "by"):
        if old.get(setting) != new.get(setting):
            out.append((-1, f"lock was made with {setting}={old.get(setting)!r}"))
    for key, row in new_rows.items():
        if key not in old_rows:
            out.append(
                (
                    -1,
                    f"{shown[key]}: a caller the lock does not know; now {_describe(row['route'])}",
                )
            )
            continue
        i, before = old_rows[key]
        if before.get("route") != row["route"]:
            changed = _changed_fields(before.get("route"), row["route"])
            out.append(
                (
                    i,
                    f"{shown[key]}: best route changed from {_describe(before.get('route'))} to "
                    f"{_describe(row['route'])}{changed}",
                )
            )
    for key, (i, _) in old_rows.items():
        if key not in new_rows:
            out.append(
                (i, f"{shown[key]}: the lock has this caller, the menus no longer declare it")
            )
    return out


def _changed_fields(old: dict | None, new: dict | None) -> str:
    if old is None or new is None:
        return ""
    changed = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    return f" (changed: {', '.join(changed)})" if changed else ""


def _row_lines(text: str) -> list[int]:
    """1-based line of each row of ``routes`` in a lock file written by :func:`lock_text`."""
    lines = text.splitlines()
    out: list[int] = []
    inside = False
    for number, line in enumerate(lines, 1):
        if line.startswith('  "routes": ['):
            inside = True
        elif inside and line == "    {":
            out.append(number)
        elif inside and line.startswith("  ]"):
            break
    return out


def lock_findings(hotline: Hotline, severity: str = "error") -> list[Diagnostic]:
    """``routes-lock`` findings for a hotline whose lock file exists (none when it does not)."""
    path = lock_path(hotline.path)
    if not path.is_file():
        return []
    shown = str(path)
    fix = f"; run 'ivr lock --update {hotline.path}' if the change is meant"
    try:
        text = path.read_text(encoding="utf-8")
        old = read_lock(path)
    except (OSError, ValueError) as exc:
        return [Diagnostic(Loc(shown, 1, 1), f"routes lock unreadable: {exc}{fix}", "routes-lock",
                           severity)]  # fmt: skip
    try:
        new = build_lock(hotline, old.get("at", DEFAULT_AT), old.get("by", "keys"))
    except OutOfBudget as stop:  # a finding of the report, which keeps the rest of it
        found = stop.diagnostic()
        return [Diagnostic(found.loc, f"routes lock not compared: {found.message}", "routes-lock",
                           severity)]  # fmt: skip
    rows = _row_lines(text)
    out = []
    for i, message in differences(old, new):
        line = rows[i] if 0 <= i < len(rows) else 1
        out.append(Diagnostic(Loc(shown, line, 5 if line > 1 else 1), message + fix,
                              "routes-lock", severity))  # fmt: skip
    return out


def write_lock(
    hotline: Hotline,
    update: bool = False,
    at: str = DEFAULT_AT,
    by: str = "keys",
) -> tuple[int, list[str], Path]:
    """Write (or refuse to overwrite) the lock: (exit status, messages, lock path).

    Without ``update`` an existing lock that differs is left alone and the differences come
    back with status 1; an equal lock is left alone with status 0.
    """
    path = lock_path(hotline.path)
    new = build_lock(hotline, at, by)
    text = lock_text(new)
    if path.is_file():
        try:
            old = read_lock(path)
        except (OSError, ValueError) as exc:
            if not update:
                return 1, [f"{path}: {exc}; run 'ivr lock --update' to rewrite it"], path
            old = None
        if old is not None:
            changes = [m for _, m in differences(old, new)]
            if not changes and path.read_text(encoding="utf-8") == text:
                return 0, [f"{path}: up to date ({len(new['routes'])} caller contexts)"], path
            if not update:
                return 1, [*changes, f"{path}: differs; run 'ivr lock --update' to record it"], path
    write_atomic(path, text)
    return 0, [f"{path}: wrote the best routes of {len(new['routes'])} caller contexts"], path


def lock(
    menus: Hotline | str | os.PathLike[str],
    update: bool = False,
    at: str = DEFAULT_AT,
    by: str = "keys",
) -> tuple[int, list[str], Path]:
    """``ivr lock``: record the best route of every caller in ``PATH/ivr.lock.json`` (a
    hotline or the path of its menus); (exit status, messages, lock path) as
    :func:`write_lock` says.

    Raises: :class:`~ivr.errors.LoadError` for menus that do not load,
    :class:`~ivr.errors.InputError` for an unknown ``by`` or an ``at`` that is not ``HH:MM``,
    :class:`~ivr.errors.WriteError` when the lock file cannot be written,
    :class:`~ivr.routing.budget.OutOfBudget` when the table of routes runs out of its budget
    (no lock is written: not one of a part of the callers); a lock file that cannot be read is a
    message of the result.

    >>> import shutil, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "mts"
    >>> _ = shutil.copytree("menus/mts", folder)
    >>> status, messages, path = lock(folder)
    >>> status, path.name, "wrote the best routes of" in messages[0]
    (0, 'ivr.lock.json', True)
    """
    if not isinstance(menus, Hotline):
        from ivr.io.registry import load  # noqa: PLC0415

        menus = load(menus)
    return write_lock(menus, update, at, by)

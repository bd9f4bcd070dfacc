"""FreeSWITCH IVR menus (mod_dptools ``<menu>``/``<entry>``) to the model: the ``freeswitch``
reader.

Reads ``autoload_configs/ivr.conf.xml`` (``<configuration name="ivr.conf"><menus>``, also
inside a ``<document>``), ``ivr_menus/*.xml`` (``<include>`` wrappers) or a folder of them:
one hotline, one menu. Each ``<menu>`` is a ``menu`` node named as the menu; its entries'
digits (exact, or a ``/regex/``) are its keys; the menus no other menu enters are the
entries, dialled ``NAME@ivr`` (the entry's id the name: ``--dial demo_ivr``). What each
action becomes: docs/importers.md#freeswitch.

>>> hotline, problems = read("tests/fixtures/freeswitch/ivr.conf.xml")
>>> [e.dial for e in hotline.menus[0].entries], problems
(['demo_ivr@ivr'], [])
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ivr.diagnostics import Diagnostic
from ivr.io.freeswitch.actions import build_entry
from ivr.io.freeswitch.parse import FsEntry, FsMenu, menus_of
from ivr.io.platform import (
    Import,
    entry_points,
    parse_xml,
    read_bytes,
    slug,
)
from ivr.io.platform_keys import KEYS, KeyStates, Matcher, pattern_of, single_keys
from ivr.io.registry import Format
from ivr.model.types import Facts, Hotline, Loc, Menu, Node, Retries, Timeout

DEFAULTS = {"timeout": 10000, "max-failures": 3, "max-timeouts": 3, "digit-len": 4}
MAX_MATCHES = 300  # strings a regex's digits may match before they are cut short


def read(path: str | os.PathLike[str]) -> tuple[Hotline | None, list[Diagnostic]]:
    """The menus of a file or folder (``*.xml`` in name order) and their problems."""
    p = Path(path)
    imp = Import(str(path))
    files = sorted(f for f in p.iterdir() if f.suffix == ".xml") if p.is_dir() else [p]
    if p.is_dir() and not files:
        imp.error(Loc(str(path)), "folder holds no FreeSWITCH menu files (*.xml)")
    menus: dict[str, FsMenu] = {}
    for f in files:
        shown = str(f)
        data = read_bytes(f, shown, imp)
        root = None if data is None else parse_xml(data, shown, imp, comments=True)
        if root is not None:
            for m in menus_of(root, shown, imp):
                if m.name in menus:
                    imp.error(m.loc, f"menu '{m.name}' is defined twice (also {menus[m.name].loc})")
                menus[m.name] = m
    if imp.errors:
        return imp.finish([])
    if not menus:
        imp.error(Loc(str(path)), "no <menu> in this file")
        return imp.finish([])
    return imp.finish([_build(menus, str(path), imp, p.stem.split(".")[0])])


def _number(m: FsMenu, attr: str, imp: Import) -> tuple[float, bool]:
    """A numeric attribute (or its documented default: inferred)."""
    raw = m.attrs.get(attr, "").strip()
    if not raw:
        if attr == "inter-digit-timeout":
            return _number(m, "timeout", imp)[0] / 2, True
        return float(DEFAULTS[attr]), True
    try:
        return float(raw), False
    except ValueError:
        imp.error(
            m.loc,
            f"menu '{m.name}': {attr}=\"{raw}\" is not a number"
            + (" (a ${...} variable is not expanded)" if "$" in raw else ""),
        )
        return float(DEFAULTS.get(attr, 1000)), True


def _digits(e: FsEntry, digit_len: int, imp: Import) -> list[str]:
    """The key strings an entry's digits match (a ``/regex/`` tried on every string up to
    ``digit-len`` keys, at most :data:`MAX_MATCHES`)."""
    d = e.digits.strip()
    if not (d.startswith("/") and d.endswith("/") and len(d) > 1):
        if all(c in KEYS for c in d):
            return [d]
        imp.error(e.loc, f'digits "{d}" are not telephone keys (0-9 * #) nor a /regex/')
        return []
    try:
        rx = re.compile(d[1:-1])
    except re.error as exc:
        imp.error(e.loc, f"digits {d}: not a regular expression ({exc})")
        return []
    out: list[str] = []
    level = [""]
    for _ in range(max(1, min(digit_len, 5))):
        level = [s + k for s in level for k in KEYS]
        out.extend(s for s in level if rx.search(s))
        if len(out) > MAX_MATCHES:
            imp.finding(
                e.loc,
                "import-approximated",
                f"digits {d} match more than {MAX_MATCHES} key strings: only the "
                f"first {MAX_MATCHES} are modelled",
            )
            return out[:MAX_MATCHES]
    if not out:
        imp.finding(
            e.loc,
            "import-dangling",
            f"digits {d} match no key string of up to {digit_len} keys: this entry "
            "can never be chosen",
        )
    return out


_PLAIN = re.compile(r"[\w+*#.-]+")


def address(name: str) -> str:
    """The address a menu is dialled by: ``NAME@ivr`` (its name made id-like if need be).

    >>> address("demo_ivr"), address("Main menu")
    ('demo_ivr@ivr', 'main_menu@ivr')
    """
    plain = name if _PLAIN.fullmatch(name) else slug(name)
    return f"{plain}@ivr"


def _entry_name(digits: str, i: int) -> str:
    """An entry's part of its node id: its digits, ``star``/``hash``, or ``entryN``."""
    if digits.isalnum():
        return digits
    if all(c in KEYS for c in digits):
        return digits.replace("*", "star").replace("#", "hash")
    return f"entry{i}"


def _build(menus: dict[str, FsMenu], path: str, imp: Import, stem: str) -> Menu:
    nodes: dict[str, Node] = {}
    parents = _parents(menus)
    roots = _roots(menus, parents)
    for m in menus.values():
        timeout, t_inf = _number(m, "timeout", imp)
        inter, i_inf = _number(m, "inter-digit-timeout", imp)
        fails, f_inf = _number(m, "max-failures", imp)
        touts, o_inf = _number(m, "max-timeouts", imp)
        digit_len, _ = _number(m, "digit-len", imp)
        exit_id = f"{m.name}.exit"
        nodes[exit_id] = Node(
            exit_id,
            "hangup",
            say=m.attrs.get("exit-sound", ""),
            facts=Facts(
                inferred=("all",),
                note=Import.cite(
                    m.loc,
                    "after max-failures / max-timeouts the menu exits: alone, the call hangs up",
                ),
            ),
            loc=m.loc,
        )
        targets: dict[str, str] = {}
        for i, e in enumerate(m.entries, 1):
            node_id = f"{m.name}.{_entry_name(e.digits, i)}"
            target = build_entry(e, node_id, m, menus, parents, roots, nodes, imp)
            for s in _digits(e, int(digit_len), imp):
                if s not in targets:
                    targets[s] = target
        options = single_keys(targets)
        if options is None:
            options = KeyStates(
                Matcher([(s, p) for s in targets if (p := pattern_of(s)) is not None]),
                targets.__getitem__,
                m.name,
                max(inter / 1000, 0.1),
                f"{m.name}.keys.",
                m.loc,
                nodes,
                ("timeout",) * i_inf,
            ).options()
        marks = ["duration"] * ("duration" not in m.notes)
        marks += ["timeout"] * t_inf + ["retries"] * (f_inf and o_inf)
        note = Import.cite(m.loc, m.text)
        if "max-failures" in m.attrs or "max-timeouts" in m.attrs:
            note += " (FreeSWITCH counts failures and timeouts apart; ivr counts them together)"
        nodes[m.name] = Node(
            m.name,
            "menu",
            say=m.notes.get("say", m.attrs.get("greet-long", "")),
            duration=float(m.notes.get("duration", 0) or 0),
            options=options,
            timeout=Timeout(max(timeout / 1000, 0.1), m.name, loc=m.loc),
            invalid=m.name,
            retries=Retries(int(max(1, min(fails, touts))), exit_id, loc=m.loc),
            facts=Facts(inferred=tuple(marks), note=note),
            loc=m.loc,
        )
    entries = [
        imp.entry(name, address(name), name, menus[name].loc,
                  f"the dialplan's ivr application runs menu {name}", title=name)
        for name in roots
    ]  # fmt: skip
    return imp.menu(stem, "FreeSWITCH IVR menus", "freeswitch", entries, nodes.values())


def _parents(menus: dict[str, FsMenu]) -> dict[str, list[str]]:
    """The menus that enter each menu (``menu-sub``, ``menu-exec-app ivr NAME``)."""
    out: dict[str, list[str]] = {name: [] for name in menus}
    for m in menus.values():
        for e in m.entries:
            sub = e.param.strip() if e.action == "menu-sub" else ""
            if e.action == "menu-exec-app" and e.param.split()[:1] == ["ivr"]:
                sub = e.param.split(None, 1)[1].strip() if len(e.param.split()) > 1 else ""
            if sub in out and m.name not in out[sub] and sub != m.name:
                out[sub].append(m.name)
    return out


def _roots(menus: dict[str, FsMenu], parents: dict[str, list[str]]) -> list[str]:
    """The menus calls start at (:func:`ivr.io.platform.entry_points`)."""
    links: dict[str, set[str]] = {n: set() for n in menus}
    for child, ps in parents.items():
        for p in ps:
            links[p].add(child)
    return entry_points(list(menus), links)


FORMAT = Format("freeswitch", read, (".xml",), "FreeSWITCH IVR menus, ivr.conf.xml")

"""A FreeSWITCH IVR file's XML to its menus and entries, every one located: the wrappers
(``<configuration name="ivr.conf"><menus>``, also inside ``<document><section>``,
``<include>``, ``<menus>``, a bare ``<menu>``) checked, unknown elements refused,
``X-PRE-PROCESS`` and unknown menu attributes reported, ``<!-- ivr ... -->`` annotations kept
(the menu's when it comes first, an entry's when it comes before it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from ivr.diagnostics import did_you_mean
from ivr.io.platform import Import, located, notes_of
from ivr.model.types import Loc

MENU_ATTRS = {
    "name",
    "greet-long",
    "greet-short",
    "invalid-sound",
    "exit-sound",
    "transfer-sound",
    "confirm-macro",
    "confirm-key",
    "confirm-attempts",
    "tts-engine",
    "tts-voice",
    "timeout",
    "inter-digit-timeout",
    "max-failures",
    "max-timeouts",
    "digit-len",
    "pin",
    "pin-file",
    "bad-pin-file",
    "exec-on-max-failures",
    "exec-on-max-timeouts",
}


@dataclass
class FsEntry:
    action: str
    digits: str
    param: str
    loc: Loc
    text: str
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class FsMenu:
    name: str
    attrs: dict[str, str]
    loc: Loc
    text: str
    entries: list[FsEntry] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


def _text(el: ET.Element) -> str:
    attrs = " ".join(f'{k}="{v}"' for k, v in el.attrib.items())
    return f"<{el.tag} {attrs}>" if attrs else f"<{el.tag}>"


def menus_of(root: ET.Element, shown: str, imp: Import) -> list[FsMenu]:
    """The ``<menu>`` elements of a document, wrappers checked."""
    if root.tag == "document":
        found = [c for c in root.findall("./section/configuration") if c.get("name") == "ivr.conf"]
        if not found:
            imp.error(Loc(shown, 1, 1), 'this <document> has no <configuration name="ivr.conf">')
            return []
        root = found[0]
    if root.tag == "configuration":
        if root.get("name") not in ("ivr.conf", None):
            imp.error(
                located(root, shown),
                f'<configuration name="{root.get("name")}"> is not ivr.conf: not a '
                "FreeSWITCH IVR file",
            )
            return []
        holders = [c for c in root if c.tag == "menus"] or [root]
    elif root.tag in ("include", "menus"):
        holders = [root]
    elif root.tag == "menu":
        holders = []
    else:
        imp.error(
            located(root, shown),
            f"the root element <{root.tag}> is not a FreeSWITCH IVR file (<configuration "
            'name="ivr.conf">, <include>, <menus> or <menu>)',
        )
        return []
    elements = [root] if root.tag == "menu" else []
    for holder in holders:
        for child in holder:
            if not isinstance(child.tag, str):  # a comment
                continue
            if child.tag in ("menus", "include") and child is not holder:
                elements.extend(c for c in child if c.tag == "menu")
            elif child.tag == "menu":
                elements.append(child)
            elif child.tag == "X-PRE-PROCESS":
                imp.finding(
                    located(child, shown),
                    "import-approximated",
                    f"{_text(child)} is not followed: give the files it includes "
                    "(ivr_menus/) to read them",
                )
            else:
                imp.error(
                    located(child, shown),
                    f"unknown element <{child.tag}> in <{holder.tag}>"
                    + did_you_mean(str(child.tag), ["menu", "menus"]),
                )
    return [m for m in (_menu(e, shown, imp) for e in elements) if m is not None]


def _menu(el: ET.Element, shown: str, imp: Import) -> FsMenu | None:
    loc = located(el, shown)
    name = el.get("name", "").strip()
    if not name:
        imp.error(loc, "<menu> has no name")
        return None
    for attr in el.attrib:
        if attr not in MENU_ATTRS:
            imp.finding(
                loc,
                "import-approximated",
                f"menu '{name}': attribute '{attr}' is not read" + did_you_mean(attr, MENU_ATTRS),
            )
    menu = FsMenu(name, dict(el.attrib), loc, _text(el))
    pending: dict[str, str] = {}
    for child in el:
        if not isinstance(child.tag, str):  # a comment: the menu's when it comes first
            if child is el[0]:
                menu.notes.update(notes_of(child.text or ""))
            else:
                pending.update(notes_of(child.text or ""))
            continue
        if child.tag != "entry":
            imp.error(
                located(child, shown),
                f"unknown element <{child.tag}> in <menu>"
                + did_you_mean(str(child.tag), ["entry"]),
            )
            continue
        action = child.get("action", "")
        digits = child.get("digits", "")
        if not digits:
            imp.error(located(child, shown), f'<entry action="{action}"> has no digits')
            continue
        menu.entries.append(
            FsEntry(
                action, digits, child.get("param", ""), located(child, shown), _text(child), pending
            )
        )
        pending = {}
    return menu

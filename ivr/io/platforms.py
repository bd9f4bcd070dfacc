"""Which format a path is in: the table of platforms, detected by name and, failing that, by
content.

Every command that reads menus reads a platform's own files too (``ivr check
extensions.conf``): :func:`ivr.io.registry.read` asks :func:`detect` for the format unless one
is given (``format=``, or ``--from NAME`` on the command line). Each row of :data:`PLATFORMS`
says how a platform's files are named and what their first bytes look like, and which
modules read and write them; nothing is imported until a file of that platform is read.

Detection, in order:

1. **by name**: a file whose name matches one platform's ``names`` patterns is that platform's
   (``extensions.conf``, ``ivr.conf.xml``, ``*.vxml``); a folder is the format of the files in
   it (menus in YAML first);
2. **by content**: otherwise the first 16 KB of the file are matched against each platform's
   ``sniff`` pattern (a ``.xml`` file with ``<vxml`` is VoiceXML, one with ``<menu name=`` is
   FreeSWITCH; a ``.json`` file with ``"StartAction"`` is an Amazon Connect flow);
3. a file that neither tells is refused (:class:`~ivr.errors.InputError`, exit 2), naming the
   formats there are and ``--from``.

>>> detect("menus/mts"), detect("menus/mts/short.yaml")
('yaml', 'yaml')
>>> by_name("pbx/extensions.conf"), by_name("menus/ivr_menus/main.xml")
('asterisk', 'freeswitch')
>>> sorted(PLATFORMS)  # doctest: +NORMALIZE_WHITESPACE
['amazon-connect', 'asterisk', 'freeswitch', 'twilio-studio', 'voicexml', 'yaml']
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from ivr._record import record
from ivr.diagnostics import did_you_mean
from ivr.errors import InputError

HEAD_BYTES = 16384  # how much of a file content detection reads


@record
class Platform:
    """One row of the table: a format's name, its files, and the modules that handle it.

    ``reader`` is a module with ``FORMAT`` (an :class:`ivr.io.registry.Format`); ``writer`` a
    module with ``export(hotline, out) -> list[str]`` (empty: no exporter).
    """

    name: str
    reader: str
    writer: str = ""
    names: tuple[str, ...] = ()
    """fnmatch patterns of file names that are this platform's whatever they hold."""
    suffixes: tuple[str, ...] = ()
    """File name endings this platform's files may have (content decides among several)."""
    sniff: str = ""
    """A regular expression that finds this platform in the first bytes of a file."""
    folder: tuple[str, ...] = ()
    """fnmatch patterns of folder names that are this platform's (``ivr_menus``)."""
    doc: str = ""


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("yaml", "ivr.io.yaml.reader", "", ("*.yaml", "*.yml"), (".yaml", ".yml"),
                 r"(?m)^ivr\s*:", doc="ivr menu files, format 1 (docs/format.md)"),
        Platform("asterisk", "ivr.io.asterisk.reader", "ivr.io.asterisk.writer",
                 ("extensions*.conf", "extensions*.ael", "*.ael"), (".conf", ".ael"),
                 r"(?m)^\s*(exten|same)\s*=>?|^\s*context\s+[\w-]+\s*\{",
                 doc="Asterisk dialplans, extensions.conf (docs/importers.md#asterisk)"),
        Platform("freeswitch", "ivr.io.freeswitch.reader", "ivr.io.freeswitch.writer",
                 ("ivr.conf.xml", "ivr.conf"), (".xml",),
                 r"<configuration[^>]*name\s*=\s*[\"']ivr\.conf|<menu\s[^>]*\bname\s*=",
                 ("ivr_menus",),
                 doc="FreeSWITCH mod_dptools IVR menus (docs/importers.md#freeswitch)"),
        Platform("voicexml", "ivr.io.voicexml.reader", "ivr.io.voicexml.writer",
                 ("*.vxml",), (".vxml", ".xml"), r"<vxml[\s>]",
                 doc="VoiceXML 2.1 documents (docs/importers.md#voicexml)"),
        Platform("twilio-studio", "ivr.io.twilio.reader", "ivr.io.twilio.writer",
                 ("*.studio.json",), (".json", ".js"),
                 r"\"initial_state\"|\"type\"\s*:\s*\"trigger\"",
                 doc="Twilio Studio flows (docs/importers.md#twilio-studio)"),
        Platform("amazon-connect", "ivr.io.connect.reader", "ivr.io.connect.writer",
                 ("*.connect.json",), (".json",),
                 r"\"StartAction\"|\"ContactFlow\"|\"modules\"\s*:",
                 doc="Amazon Connect contact flows (docs/importers.md#amazon-connect)"),
    )
}  # fmt: skip


def platform(name: str) -> Platform:
    """The row of ``name``; InputError with the names there are (and a suggestion).

    >>> platform("asterisk").writer
    'ivr.io.asterisk.writer'
    """
    got = PLATFORMS.get(name)
    if got is None:
        raise InputError(
            f"unknown format '{name}' (one of {', '.join(sorted(PLATFORMS))})"
            + did_you_mean(name, PLATFORMS)
        )
    return got


def exporters() -> list[str]:
    """The formats ``ivr export --to`` writes (the table's rows with a writer)."""
    return sorted(name for name, p in PLATFORMS.items() if p.writer)


def _head(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


def by_name(path: str | os.PathLike[str]) -> str | None:
    """The platform a file's name alone gives (None when it does not tell).

    >>> by_name("pbx/extensions.conf"), by_name("autoload_configs/ivr.conf.xml"), by_name("x.xml")
    ('asterisk', 'freeswitch', None)
    """
    p = Path(path)
    found = [x.name for x in PLATFORMS.values() if any(_matches(p.name, n) for n in x.names)]
    if len(found) == 1:
        return found[0]
    if p.parent.name and len(folder := _by_folder(p.parent.name)) == 1:
        return folder[0]
    return None


def _by_folder(name: str) -> list[str]:
    return [x.name for x in PLATFORMS.values() if any(_matches(name, f) for f in x.folder)]


def _matches(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatch``, without compiling a pattern that has no wildcard (start-up)."""
    if not any(c in pattern for c in "*?["):
        return name == pattern if os.path.normcase("A") == "A" else fnmatch.fnmatch(name, pattern)
    return fnmatch.fnmatch(name, pattern)


def by_content(path: str | os.PathLike[str]) -> str | None:
    """The platform the first bytes of a file show (None when none does).

    Platforms whose ``suffixes`` the file has are tried first, then the others.
    """
    p = Path(path)
    head = _head(p)
    if not head:
        return None
    rows = sorted(PLATFORMS.values(), key=lambda x: not p.name.endswith(x.suffixes))
    for row in rows:
        if row.sniff and re.search(row.sniff, head):
            return row.name
    return None


def detect_file(path: str | os.PathLike[str]) -> str | None:
    """A file's platform, by name and, failing that, by content (None when neither tells)."""
    return by_name(path) or by_content(path)


def detect(path: str | os.PathLike[str]) -> str:
    """The format of a file or folder (see the module's docstring); InputError when neither the
    name nor the content tells.

    A path that does not exist is ``yaml``, whose reader says so. A folder is the format of
    its files: ``yaml`` when it holds menu files (or folders of them), else the format most of
    its files are in.
    """
    p = Path(path)
    if not p.exists():
        return "yaml"
    if p.is_dir():
        return _detect_folder(p)
    found = detect_file(p)
    if found is None:
        if p.suffix in PLATFORMS["yaml"].suffixes:
            return "yaml"  # a YAML file that is not a menu: its reader says what is wrong
        raise InputError(
            f"{path}: cannot tell what format this file is in: neither its name nor its first "
            f"lines are those of {', '.join(sorted(PLATFORMS))}; give --from NAME"
        )
    return found


def _detect_folder(p: Path) -> str:
    folder = _by_folder(p.name)
    if len(folder) == 1:
        return folder[0]
    try:
        files = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
    except OSError:
        return "yaml"
    if any(f.suffix in PLATFORMS["yaml"].suffixes for f in files):
        return "yaml"
    counts: dict[str, int] = {}
    for f in files[:200]:
        got = detect_file(f)
        if got is not None:
            counts[got] = counts.get(got, 0) + 1
    if not counts:
        return "yaml"  # a folder of hotline folders, or of nothing: the YAML reader says which
    return max(sorted(counts), key=lambda name: counts[name])

"""``extensions.conf`` to contexts, extensions and priorities, every step located.

What is read: ``[context]`` headers (templates ``[name](+)`` and ``[name](tmpl)`` read as plain
contexts), ``exten =>`` / ``exten =`` / ``same =>``, numbered, ``n`` and labelled priorities
(``n(menu)``, ``1(start)``), ``hint`` priorities (skipped), ``include =>``; comments (``;``,
``;-- ... --;``, ``\\;`` kept); ``[general]`` and ``[globals]`` (settings and variables); and
``;ivr key=value`` annotations (docs/importers.md#asterisk). ``#include``, ``switch =>`` and
other statements are findings; AEL (``context name {``) is refused.

>>> imp = Import("x.conf")
>>> text = "[in]\\nexten => s,1,Answer()\\n same => n(menu),Background(hello)\\n"
>>> plan = parse(text, "x.conf", imp)
>>> [(s.prio, s.label, s.app, s.args) for s in plan.contexts["in"].extensions["s"]]
[(1, '', 'Answer', []), (2, 'menu', 'Background', ['hello'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ivr.io.platform import Import, notes_of
from ivr.model.types import Loc


@dataclass
class Step:
    """One priority: ``App(args)`` at ``loc``; ``notes`` holds its ``;ivr`` annotations."""

    prio: int
    label: str
    app: str
    args: list[str]
    loc: Loc
    text: str
    notes: dict[str, str] = field(default_factory=dict)
    low: str = ""
    """``app`` in lower case (applications' names are case-insensitive)."""


@dataclass
class Context:
    name: str
    loc: Loc
    extensions: dict[str, list[Step]] = field(default_factory=dict)
    ext_locs: dict[str, Loc] = field(default_factory=dict)
    includes: list[tuple[str, Loc]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Dialplan:
    contexts: dict[str, Context] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, Loc]] = field(default_factory=list)  # file-level ;ivr lines
    callers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Caller attributes (``;ivr caller=NAME values=A,B`` in [globals]): the values a
    channel variable of that name takes, the first the default."""
    names: dict[str, str] = field(default_factory=dict)
    """The caller attribute a channel variable stands for when its name cannot be the
    attribute's (``;ivr caller=IVR_CALLER_1 name="язык" values=ru,en``)."""


_HEADER = re.compile(r"\[([^\]]+)\]\s*(\([^)]*\))?\s*$")
_STATEMENT = re.compile(
    r"(exten|same|include|switch|ignorepat|eswitch|lswitch)\s*=>?\s*(.*)$", re.IGNORECASE
)
_PRIO = re.compile(r"(\d+|n|hint)(?:\+(\d+))?(?:\(([\w-]+)\))?$", re.IGNORECASE)
_APP = re.compile(r"([A-Za-z_][\w]*)\s*(?:\((.*)\)\s*$|,(.*)$|$)", re.DOTALL)
_AEL = re.compile(
    r"^[ \t]*(?:(?:abstract|extend)[ \t]+)*(?:context|macro|globals)\b[^\n;=\[]*\{", re.MULTILINE
)
SPECIAL = {"general", "globals"}
_NESTING = re.compile(r'["(\[{]')
# the usual statement, in one match: exten => EXT,PRIO[(label)],App(args) / same => PRIO,...
_FAST = re.compile(
    r"[ \t]*(?:exten[ \t]*=>?[ \t]*([^,\s/]+)[ \t]*,|same[ \t]*=>?)[ \t]*(\d+|n)"
    r"(?:\(([\w-]+)\))?[ \t]*,[ \t]*([A-Za-z_]\w*)[ \t]*(?:\((.*)\))?[ \t]*$",
    re.IGNORECASE,
)


def split_args(text: str) -> list[str]:
    """Split application arguments on commas outside brackets, ``${…}``, ``$[…]`` and quotes.

    >>> split_args('${IF($["${A}" = "1"]?x:y)},2,"a,b"')
    ['${IF($["${A}" = "1"]?x:y)}', '2', '"a,b"']
    >>> split_args("")
    []
    """
    if not text.strip():
        return []
    if not _NESTING.search(text):  # the usual case: commas only
        return [a.strip() for a in text.split(",")]
    out: list[str] = []
    cur: list[str] = []
    depth, quote = 0, False
    for ch in text:
        if ch == '"':
            quote = not quote
        elif not quote and ch in "([{":
            depth += 1
        elif not quote and ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "," and not quote and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur).strip())
    return out


def _first_semicolon(line: str) -> int:
    """Where the first ``;`` that is not ``\\;`` is (-1: none)."""
    i = 0
    while True:
        i = line.find(";", i)
        if i <= 0 or line[i - 1] != "\\":
            return i
        i += 1


def _strip_comment(line: str) -> tuple[str, str]:
    """(code, comment) of a line; ``\\;`` is a semicolon, not a comment."""
    i = _first_semicolon(line)
    if i < 0:
        return line, ""
    return line[:i].replace("\\;", ";"), line[i:]


def _annotations(comment: str) -> dict[str, str]:
    return notes_of(comment[1:]) if comment.startswith(";") else {}


def parse(text: str, shown: str, imp: Import) -> Dialplan:
    """The dialplan of ``text``; problems go to ``imp`` (errors refuse the file)."""
    plan = Dialplan()
    ael = _AEL.search(text)
    if ael or shown.endswith(".ael"):
        at = text[: ael.start()].count("\n") + 1 if ael else 1
        imp.error(
            Loc(shown, at, 1),
            "this is AEL (extensions.ael), which ivr does not read yet: give the dialplan "
            "as extensions.conf",
        )
        return plan
    ctx: Context | None = None
    last: tuple[str, int] | None = None  # (extension, priority) of the last exten/same
    in_block = False
    steps_of = False  # whether ctx holds extensions ([general] and [globals] hold settings)
    fast = _FAST.match
    for n, raw in enumerate(text.split("\n"), 1):
        if steps_of and not in_block:  # the usual line, without the general path's steps
            semi = raw.find(";")
            if semi < 0 or ("\\;" not in raw and ";--" not in raw):
                m = fast(raw if semi < 0 else raw[:semi])
                if m is not None:
                    exten, prio, label, app, args_text = m.groups()
                    if exten is not None or last is not None:
                        assert ctx is not None
                        notes = _annotations(raw[semi:]) if semi >= 0 else {}
                        text = raw.strip()
                        loc = Loc(shown, n, raw.find(text[0]) + 1)  # the first non-blank
                        exten = exten or last[0]  # type: ignore[index]
                        args = split_args(args_text or "")
                        last = _add(ctx, last, exten, prio.lower(), 0, label or "", app, args,
                                    loc, text, notes, imp)  # fmt: skip
                        continue
        line = raw
        if in_block:
            end = line.find("--;")
            if end < 0:
                continue
            line, in_block = line[end + 3 :], False
        # as Asterisk's parser: only the first unescaped ';' can open a block comment; a ';--'
        # inside a line comment (an annotation's words) is words
        start = _first_semicolon(line)
        if start >= 0 and line.startswith(";--", start):
            end = line.find("--;", start + 3)
            if end < 0:
                line, in_block = line[:start], True
            else:
                line = line[:start] + line[end + 3 :]
        code, comment = _strip_comment(line)
        notes = _annotations(comment)
        code = code.strip()
        loc = Loc(shown, n, len(raw) - len(raw.lstrip()) + 1)
        if not code:
            if notes:
                if ctx is None:
                    plan.notes.append((comment, loc))
                else:
                    ctx.notes.update(notes)
            continue
        if code.startswith("#"):
            imp.finding(
                loc,
                "import-approximated",
                f"'{code.split()[0]}' is not followed: only this file is read",
            )
            continue
        header = _HEADER.match(code)
        if header:
            name = header.group(1).strip()
            if name in plan.contexts:
                ctx = plan.contexts[name]  # Asterisk appends to a context named twice
            else:
                ctx = plan.contexts[name] = Context(name, loc, notes=notes)
            last = None
            steps_of = name.lower() not in SPECIAL
            continue
        if ctx is None:
            imp.error(loc, f"'{code[:40]}' stands before any [context]: not a dialplan line")
            continue
        if ctx.name.lower() in SPECIAL:
            key, sep, value = code.partition("=")
            if not sep:
                imp.error(loc, f"'{code[:40]}' in [{ctx.name}] is not name = value")
                continue
            target = plan.settings if ctx.name.lower() == "general" else plan.variables
            target[key.strip()] = value.lstrip(">").strip()
            if "caller" in notes and notes.get("values"):
                plan.callers[notes["caller"]] = tuple(notes["values"].split(","))
                if notes.get("name"):
                    plan.names[notes["caller"]] = notes["name"]
            continue
        stmt = _STATEMENT.match(code)
        if not stmt:
            imp.error(loc, f"'{code[:60]}' is not a dialplan line (exten =>, same =>, include =>)")
            continue
        kind, rest = stmt.group(1).lower(), stmt.group(2).strip()
        if kind == "include":
            ctx.includes.append((rest.split(",")[0].strip(), loc))
            continue
        if kind in ("switch", "eswitch", "lswitch"):
            imp.finding(
                loc,
                "import-unmapped",
                f"'{kind} => {rest}' hands unknown extensions to another system: not modelled",
            )
            continue
        if kind == "ignorepat":
            continue
        last = _priority(kind, rest, ctx, last, loc, raw.strip(), notes, imp)
    if in_block:
        imp.error(Loc(shown, text.count("\n") + 1, 1), "a ';--' block comment is never closed")
    return plan


def _priority(kind, rest, ctx, last, loc, text, notes, imp) -> tuple[str, int] | None:  # noqa: ANN001
    if kind == "exten":
        exten, sep, rest = rest.partition(",")
        exten = exten.strip()
        if "/" in exten and not exten.startswith("_"):
            exten = exten.split("/", 1)[0]  # a caller id match: read as the extension alone
        if not sep or not exten:
            imp.error(loc, "exten => needs EXTENSION,PRIORITY,Application(...)")
            return last
    else:
        if last is None:
            imp.error(loc, "'same =>' with no 'exten =>' before it in this context")
            return None
        exten = last[0]
    prio_text, sep, app_text = rest.partition(",")
    m = _PRIO.match(prio_text.strip())
    if not m or not sep:
        imp.error(loc, f"'{prio_text.strip()}' is not a priority (a number, n, n(label))")
        return last
    base = m.group(1).lower()
    if base == "hint":
        return last
    app = _APP.match(app_text.strip())
    if not app:
        ctx.extensions.setdefault(exten, [])
        ctx.ext_locs.setdefault(exten, loc)
        imp.error(loc, f"'{app_text.strip()[:40]}' is not an application call App(arguments)")
        return last
    args = app.group(2) if app.group(2) is not None else (app.group(3) or "")
    return _add(ctx, last, exten, base, int(m.group(2) or 0), m.group(3) or "", app.group(1),
                split_args(args), loc, text, notes, imp)  # fmt: skip


def _add(ctx, last, exten, base, plus, label, app, args, loc, text, notes, imp):  # noqa: ANN001, ANN202
    """Priority ``base`` (a number or ``n``, ``plus`` more) of ``exten`` in ``ctx``."""
    steps = ctx.extensions.get(exten)
    if steps is None:  # (extensions and ext_locs get an extension together)
        steps = ctx.extensions[exten] = []
        ctx.ext_locs.setdefault(exten, loc)
    if base == "n":
        same_exten = last is not None and last[0] == exten
        prev = last[1] if same_exten and last else (steps[-1].prio if steps else 0)
        prio = prev + 1 + plus
    else:
        prio = int(base)
    if steps and prio <= steps[-1].prio and any(s.prio == prio for s in steps):
        imp.finding(
            loc,
            "import-dangling",
            f"priority {prio} of {exten}@{ctx.name} is given twice: the first is used",
        )
        return (exten, prio)
    steps.append(Step(prio, label, app, args, loc, text, notes, app.lower()))
    if len(steps) > 1 and steps[-2].prio > prio:
        steps.sort(key=lambda s: s.prio)
    return (exten, prio)

"""The model to an Asterisk dialplan: ``ivr export PATH --to asterisk -o extensions.conf``.

Each node is a context of its own (``[MENU-NODE]``, calls enter at ``s,1``); the entries are
extensions of ``[ivr-entries]`` (dialled ``DIGITS@ivr-entries``). A prompt is ``Playback``
(``Background`` when barge-in is allowed and a menu follows: its context includes the
menu's, so a key pressed while it plays is that menu's choice); a menu is ``Background`` (or
``Playback`` without barge-in) and ``WaitExten``, one extension per key, ``t`` and ``i``; a
branch is ``GotoIf`` on channel variables named as the caller attributes and ``GotoIfTime``;
an agent is ``Queue`` (``Dial`` without a queue); a hangup ``Playback`` and ``Hangup``; a
transfer a ``Goto`` to the other file's entry. What a dialplan cannot say is written in
``;ivr`` annotations the importer reads back: a prompt's length and words, a caller
attribute's values, a callback. Retries become a counter per menu (``IVR_FAILS_<CONTEXT>``),
which the importer reads back as a condition on a variable.

>>> import ivr, os, tempfile
>>> out = os.path.join(tempfile.mkdtemp(), "extensions.conf")
>>> [os.path.basename(p) for p in export(ivr.load("menus/mts/short.yaml"), Path(out))]
['extensions.conf']
>>> ivr.simulate(ivr.load(out), "0890@ivr-entries", "2 0", caller={"network": "mts"}).outcome
'agent'
"""

from __future__ import annotations

import re
from pathlib import Path

from ivr.errors import InputError
from ivr.io.atomic import write_atomic
from ivr.io.platform import slug
from ivr.model.clock import in_days, runs, split_span
from ivr.model.numbers import digits_of
from ivr.model.types import Condition, Entry, Hotline, Menu, Node

ENTRIES = "ivr-entries"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def dial_of(menu: Menu, entry: Entry, hotline: Hotline | None = None) -> str:
    """The address an exported entry is dialled by."""
    return f"{_exten(entry.dial)}@{ENTRIES}"


def _exten(dial: str) -> str:
    d = digits_of(dial).split("@", 1)[0]
    return re.sub(r"[^0-9A-Za-z*#+]", "", d) or "s"


def _quote(text: str) -> str:
    """Text for an annotation: one line, printable, quoted."""
    text = "".join(c if c.isprintable() else " " for c in text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _file(text: str) -> str:
    """A sound file name for a text (Playback takes files, not words)."""
    return slug(text)[:40] or "silence"


class _Writer:
    def __init__(self, hotline: Hotline):
        self.hotline = hotline
        self.names: dict[tuple[str, str], str] = {}
        used: set[str] = {ENTRIES}
        for m in hotline.menus:
            for n in m.nodes:
                base = f"{slug(m.id)}-{slug(n.id)}"[:70]
                name, i = base, 1
                while name in used:
                    i += 1
                    name = f"{base}-{i}"
                used.add(name)
                self.names[(m.id, n.id)] = name
        self.lines: list[str] = []
        self.var: dict[str, str] = {}
        """Each caller attribute's channel variable: its name, or IVR_CALLER_N for a name a
        variable cannot have (the ;ivr annotation gives the attribute's name back)."""
        for i, name in enumerate(hotline.caller_attributes, 1):
            self.var[name] = name if _VARIABLE.fullmatch(name) else f"IVR_CALLER_{i}"

    def ctx(self, menu: Menu, node_id: str) -> str:
        return self.names[(menu.id, node_id)]

    def goto(self, menu: Menu, node_id: str) -> str:
        return f"Goto({self.ctx(menu, node_id)},s,1)"

    def emit(self, line: str) -> None:
        self.lines.append(line)

    def text(self) -> str:
        h = self.hotline
        self.emit(f"; Written by ivr export from {h.path or 'a hotline'} (docs/importers.md).")
        self.emit("; ;ivr comments say what a dialplan cannot: prompt lengths, caller attributes.")
        self.emit("[general]\nstatic=yes\nwriteprotect=no\nautofallthrough=yes\n\n[globals]")
        for name, values in h.caller_attributes.items():
            var = self.var[name]
            said = "" if var == name else f" name={_quote(name)}"
            self.emit(f"{var}={values[0]} ;ivr caller={var} values={','.join(values)}{said}")
        self.emit(f"\n[{ENTRIES}]")
        seen: set[str] = set()
        for _m, e in h.entries():
            exten = _exten(e.dial)
            if exten in seen:
                continue  # the first entry of a number answers it (conditions: a GotoIf each)
            seen.add(exten)
            same = [x for mm, x in h.entries() if _exten(x.dial) == exten]
            self.emit(f"exten => {exten},1,NoOp(entry {exten})")
            for x in same:
                menu = next(mm for mm, y in h.entries() if y is x)
                if x.when:
                    self._condition(x.when, f"{self.ctx(menu, x.start)},s,1")
                else:
                    self.emit(f" same => n,{self.goto(menu, x.start)}")
                    break
            else:
                self.emit(" same => n,Hangup() ;ivr not-served")
        for m in h.menus:
            for n in m.nodes:
                self.emit(f"\n[{self.ctx(m, n.id)}]")
                self._node(m, n)
        return "\n".join(self.lines) + "\n"

    def _annotation(self, n: Node) -> str:
        return f" ;ivr duration={n.duration!r} say={_quote(n.say)}"

    def _node(self, m: Menu, n: Node) -> None:
        if n.type == "prompt":
            assert n.next is not None
            follow = m.node_map().get(n.next)
            if n.barge_in and follow is not None and follow.type == "menu":
                self.emit(f"include => {self.ctx(m, n.next)}")
                self.emit(f"exten => s,1,Background({_file(n.say)}){self._annotation(n)}")
            else:
                self.emit(f"exten => s,1,Playback({_file(n.say)}){self._annotation(n)}")
            self.emit(f" same => n,{self.goto(m, n.next)}")
        elif n.type == "menu":
            self._menu(m, n)
        elif n.type == "branch":
            self.emit("exten => s,1,NoOp(branch)")
            for case in n.cases:
                self._condition(case.when, f"{self.ctx(m, case.to)},s,1")
            self.emit(f" same => n,{self.goto(m, n.otherwise or n.id)}")
        elif n.type in ("agent", "callback"):
            mark = " ;ivr type=callback" if n.type == "callback" else ""
            app = f"Queue({n.queue})" if n.queue else f"Dial(SIP/{slug(n.id)})"
            self.emit(f"exten => s,1,{app}{mark}")
        elif n.type == "transfer":
            assert n.to is not None
            target = self._transfer(n)
            self.emit(f"exten => s,1,Playback({_file(n.say)}){self._annotation(n)}")
            self.emit(f" same => n,{target}")
        else:
            if n.say or n.duration:
                self.emit(f"exten => s,1,Playback({_file(n.say)}){self._annotation(n)}")
                self.emit(" same => n,Hangup()")
            else:
                self.emit("exten => s,1,Hangup()")

    def _transfer(self, n: Node) -> str:
        assert n.to is not None
        for m in self.hotline.menus:
            if Path(m.file).name == n.to.file:
                for e in m.entries:
                    if n.to.entry in (e.id, e.dial):
                        return self.goto(m, e.start)
        return "Hangup()"

    def _menu(self, m: Menu, n: Node) -> None:
        play = "Background" if n.barge_in else "Playback"
        self.emit(f"exten => s,1,{play}({_file(n.say)}){self._annotation(n)}")
        fails = f"IVR_FAILS_{slug(self.ctx(m, n.id)).upper()}"
        after = f"{n.timeout.after:g}" if n.timeout is not None else ""
        self.emit(f" same => n(wait),WaitExten({after})")
        for key, target in n.options:
            if n.retries is not None:  # a key with an option starts the count again
                self.emit(f"exten => {key},1,Set({fails}=0)")
                self.emit(f" same => n,{self.goto(m, target)}")
            else:
                self.emit(f"exten => {key},1,{self.goto(m, target)}")
        fail = n.retries
        for ext, to in (("t", n.timeout.to if n.timeout else None), ("i", n.invalid)):
            if to is None:  # silence waits on; a key with no option is ignored
                self.emit(f"exten => {ext},1,Goto(s,wait)")
                continue
            if fail is not None:
                self.emit(f"exten => {ext},1,Set({fails}=$[0${{{fails}}} + 1])")
                then = f"{self.ctx(m, fail.then)},s,1"
                self.emit(f" same => n,GotoIf($[${{{fails}}} >= {fail.max}]?{then})")
                self.emit(f" same => n,{self.goto(m, to)}")
            else:
                self.emit(f"exten => {ext},1,{self.goto(m, to)}")

    def _condition(self, when: Condition, target: str) -> None:
        """GotoIf / GotoIfTime lines that go to ``target`` when ``when`` holds, else on."""
        tests = [
            "(" + " | ".join(f'"${{{self.var[name]}}}" = "{v}"' for v in values) + ")"
            for name, values in when.attrs
        ]
        if not when.timed:
            # an empty $[] is false to Asterisk: a case for everyone is a plain Goto
            test = f"GotoIf($[{' & '.join(tests)}]?{target})" if tests else f"Goto({target})"
            self.emit(f" same => n,{test}")
            return
        label = f"h{len(self.lines)}"
        skip = f"n{len(self.lines)}"
        if tests:
            self.emit(f" same => n,GotoIf($[{' & '.join(tests)}]?{label}:{skip})")
        self.emit(f" same => n({label}),NoOp(hours)")
        for times, weekdays, mdays, months in time_tests(when):
            self.emit(f" same => n,GotoIfTime({times},{weekdays},{mdays},{months}?{target})")
        self.emit(f" same => n({skip}),NoOp()")


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _runs(days: list[int]) -> list[str]:
    """Weekdays (0 Monday) as GotoIfTime's ranges: [0, 1, 2, 5] -> ['mon-wed', 'sat']."""
    return [_DAYS[a] if a == b else f"{_DAYS[a]}-{_DAYS[b]}" for a, b in runs(days)]


def _date_pieces(text: str) -> list[tuple[str, str]]:
    """(mdays, month) pieces of a yearly date or range: '12-31/01-08' -> [('31', 'dec'), ('1-8',
    'jan')]. GotoIfTime has no year: a date of one year is refused."""
    first, _, last = text.partition("/")
    last = last or first
    if len(first.split("-")) == 3:
        raise InputError(f"an Asterisk dialplan cannot test the year of the date '{text}'")
    m1, d1 = (int(x) for x in first.split("-"))
    m2, d2 = (int(x) for x in last.split("-"))
    wraps = (m1, d1) > (m2, d2)
    months = [*range(m1, 13), *range(1, m2 + 1)] if wraps else list(range(m1, m2 + 1))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(months):
        lo = d1 if i == 0 else 1
        hi = d2 if i == len(months) - 1 else 31
        if len(months) == 1 and wraps:  # wraps the year within one month
            out += [(f"{d1}-31", _MONTHS[m - 1]), (f"1-{d2}", _MONTHS[m - 1])]
            continue
        out.append((str(lo) if lo == hi else f"{lo}-{hi}" if (lo, hi) != (1, 31) else "*",
                    _MONTHS[m - 1]))  # fmt: skip
    return out


def time_tests(when: Condition) -> list[tuple[str, str, str, str]]:
    """(times, weekdays, mdays, months) of GotoIfTime lines any of which holds when the hours,
    weekdays and dates of ``when`` do (a span's own weekdays and ``days`` intersected)."""
    days = set(range(7))
    if when.days:
        days = {d for d in range(7) if any(in_days(x, d) for x in when.days)}
    spans = [split_span(h) for h in when.hours] or [("", "")]
    pieces = [p for d in when.dates for p in _date_pieces(d)] or [("*", "*")]
    out: list[tuple[str, str, str, str]] = []
    for own, hours in spans:
        on = days & {d for d in range(7) if in_days(own, d)} if own else days
        start, _, end = (p.strip() for p in hours.partition("-"))
        times = f"{start}-{end}" if hours else "*"
        for weekday in _runs(list(on)) if on != set(range(7)) else ["*"]:
            out.extend((times, weekday, mdays, month) for mdays, month in pieces)
    return out


def export(hotline: Hotline, out: Path) -> list[str]:
    """Write ``hotline`` as one dialplan at ``out`` (a file; in a folder, extensions.conf)."""
    target = out / "extensions.conf" if out.is_dir() else out
    write_atomic(target, _Writer(hotline).text())
    return [str(target)]

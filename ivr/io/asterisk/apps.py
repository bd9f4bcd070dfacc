"""What each dialplan application becomes in the model (docs/importers.md#asterisk).

``Background`` and ``WaitExten`` are menus whose keys are the context's extensions;
``Playback``, ``Say*`` and ``Wait`` are prompts; ``Dial`` and ``Queue`` reach a person (an
``agent`` whose queue is the destination; when the dialplan goes on after them, a branch on
``answered`` explores both); ``VoiceMail`` ends the call (a hangup that says so: a message
is not a person); ``GotoIf`` and ``GotoIfTime`` are branches (on the hour when the
condition is only a time of day, else on a caller attribute standing for the condition);
anything else — ``AGI``, ``Gosub``, ``Macro``, an unknown application — is a branch on a
caller attribute standing for its result (it goes on, or hangs up) and a finding.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from ivr.io.asterisk.parse import Step
from ivr.io.platform_keys import KEYS
from ivr.model.types import Case, Condition, Facts, Node, Timeout

if TYPE_CHECKING:
    from ivr.io.asterisk.build import Builder, Where

PROMPTS = {
    "playback",
    "saydigits",
    "saynumber",
    "sayalpha",
    "sayphonetic",
    "sayunixtime",
    "saycountedadj",
    "saycountednoun",
    "saymoney",
    "sayordinal",
    "controlplayback",
    "festival",
    "playtones",
}
HANGUPS = {"hangup": "", "busy": "busy tone", "congestion": "congestion tone"}
VOICEMAIL = {"voicemail", "voicemailmain", "minivmrecord", "record"}
HUMANS = {"dial", "queue", "page", "followme", "agentrequest", "confbridge", "meetme"}


def build_step(b: Builder, node_id: str, where: Where, step: Step) -> Node:
    app = step.low
    imp = b.imp
    note = imp.cite(step.loc, step.text)
    nxt = (where[0], where[1], where[2] + 1)
    if app in ("background", "waitexten"):
        return _menu(b, node_id, where, step, note)
    if app == "read":
        return _read(b, node_id, where, step, note)
    if app in PROMPTS or app == "wait":
        return _prompt(b, node_id, step, note, b.resolve(nxt))
    if app in HANGUPS:
        return Node(node_id, "hangup", say=HANGUPS[app], facts=Facts(note=note), loc=step.loc)
    if app in VOICEMAIL:
        box = step.args[0] if step.args else ""
        say = f"voicemail {box}".strip() if app != "record" else "a recorded message"
        return Node(
            node_id,
            "hangup",
            say=say,
            facts=Facts(note=note + " (a message, not a person)"),
            loc=step.loc,
        )
    if app == "directory":
        imp.finding(
            step.loc,
            "import-approximated",
            "Directory connects the caller to the extension they spell: modelled as "
            "reaching a person",
        )
        return _human(b, node_id, where, step, note, "directory " + ",".join(step.args))
    if app in HUMANS:
        dest = step.args[0] if step.args else step.app
        local = re.fullmatch(r"Local/([^@/&]+)@([^/&]+)(/n)?", dest.strip(), re.IGNORECASE)
        if app == "dial" and local:
            target = b.jump(where, step, f"{local.group(2)},{local.group(1)},1")
            return _alias(b, node_id, step, note, target)
        return _human(b, node_id, where, step, note, dest)
    if app == "gotoif":
        return _gotoif(b, node_id, where, step, note)
    if app == "gotoiftime":
        return _gotoiftime(b, node_id, where, step, note)
    what = step.text.split(",", 2)[-1].strip() if "," in step.text else step.app
    hint = "agi" if "agi" in app else app
    hang = b.hangup(node_id + ".hangup", step.loc, note + " (if it hangs up)")
    known = "a script" if "agi" in app else f"application {step.app}"
    return imp.unknown(
        node_id,
        what,
        [("continues", b.resolve(nxt)), ("hangs-up", hang)],
        step.loc,
        hint,
        f"{what}: what {known} does cannot be known from the dialplan",
    )


def _duration(step: Step) -> tuple[float, bool]:
    """A prompt's seconds: a ``;ivr duration=N`` annotation, else 0 (inferred)."""
    got = step.notes.get("duration")
    try:
        return (float(got), False) if got is not None else (0.0, True)
    except ValueError:
        return 0.0, True


def _say(step: Step) -> str:
    if "say" in step.notes:
        return step.notes["say"]
    app = step.low
    first = step.args[0] if step.args else ""
    if app == "wait":
        return ""
    if app.startswith("say"):
        return f"{step.app[3:].lower()} {first}".strip()
    return ", ".join(f for f in first.split("&") if f)


def _prompt(b: Builder, node_id: str, step: Step, note: str, nxt: str) -> Node:
    seconds, inferred = _duration(step)
    if step.low == "wait":
        try:
            seconds, inferred = float(step.args[0]), False
        except (IndexError, ValueError):
            seconds, inferred = 0.0, True
    return Node(
        node_id,
        "prompt",
        say=_say(step),
        duration=seconds,
        barge_in=False,
        next=nxt,
        facts=Facts(inferred=("duration",) * inferred, note=note),
        loc=step.loc,
    )


def _response(b: Builder, where: Where, step: Step) -> tuple[float, bool]:
    """The silence a menu waits: WaitExten's argument, else the last Set(TIMEOUT(response))
    before it in the extension, else Asterisk's default (inferred)."""
    from ivr.io.asterisk.build import RESPONSE_TIMEOUT, timeout_set  # noqa: PLC0415

    if step.low == "waitexten" and step.args and step.args[0].strip():
        try:
            return max(float(step.args[0]), 0.1), False
        except ValueError:
            pass
    for s in reversed(b.steps(where[0], where[1])[: where[2]]):
        got = timeout_set(s, "response")
        if got is not None:
            return max(got, 0.1), False
    return RESPONSE_TIMEOUT, True


def _menu(b: Builder, node_id: str, where: Where, step: Step, note: str) -> Node:
    ctx = where[0]
    options = b.options(ctx, step.loc)
    invalid, bad_inferred = b.invalid(ctx, step.loc)
    marks: list[str] = ["invalid"] * bad_inferred
    seconds, inferred = _duration(step) if step.low == "background" else (0.0, False)
    marks += ["duration"] * inferred
    after_step = _following(b, where)
    if step.low == "background" and (after_step is None or after_step[1].low != "waitexten"):
        # no WaitExten: a key pressed while it plays is taken, else the next priority runs
        timeout = Timeout(0.1, b.resolve((ctx, where[1], where[2] + 1)), loc=step.loc)
        marks.append("timeout")
    else:
        wait_step = step if after_step is None or step.low == "waitexten" else after_step[1]
        wait_where = where if wait_step is step else after_step[0]  # type: ignore[index]
        for j in range(where[2] + 1, wait_where[2] + 1):  # the steps it stands for
            b.covered.add((where[0], where[1], j))
        after, t_inferred = _response(b, wait_where, wait_step)
        to = b.special(ctx, "t")
        if to is None:
            to = b.hangup(
                f"{ctx}.no-t",
                b.contexts[ctx].loc,
                f"[{ctx}] has no 't' extension: Asterisk hangs up on silence",
            )
            t_inferred = True
        timeout = Timeout(after, to, loc=step.loc)
        marks += ["timeout"] * t_inferred
    return Node(
        node_id,
        "menu",
        say=_say(step) if step.low == "background" else "",
        duration=seconds,
        options=options,
        timeout=timeout,
        invalid=invalid,
        facts=Facts(inferred=tuple(marks), note=note),
        loc=step.loc,
    )


def _following(b: Builder, where: Where) -> tuple[Where, Step] | None:
    """The next step that changes the call (passing over Answer, Set, ...)."""
    from ivr.io.asterisk.build import PASS  # noqa: PLC0415

    steps = b.steps(where[0], where[1])
    for j in range(where[2] + 1, len(steps)):
        if steps[j].low not in PASS:
            return (where[0], where[1], j), steps[j]
    return None


def _read(b: Builder, node_id: str, where: Where, step: Step, note: str) -> Node:
    nxt = b.resolve((where[0], where[1], where[2] + 1))
    maxdigits = step.args[2] if len(step.args) > 2 else ""
    if maxdigits.strip() not in ("1",):
        b.imp.finding(
            step.loc,
            "import-approximated",
            f"Read({','.join(step.args[:3])}) collects up to "
            f"{maxdigits.strip() or 'any number of'} digits: modelled as one key",
        )
    after, inferred = 0.0, True
    if len(step.args) > 5 and step.args[5].strip():
        with contextlib.suppress(ValueError):
            after, inferred = float(step.args[5]), False
    if inferred:
        after, inferred = _response(b, where, step)
    file_step = Step(
        step.prio, "", "Playback", step.args[1:2], step.loc, step.text, step.notes, "playback"
    )
    seconds, d_inferred = _duration(step)
    marks = ("timeout",) * inferred + ("duration",) * d_inferred
    return Node(
        node_id,
        "menu",
        say=_say(file_step),
        duration=seconds,
        options=tuple((k, nxt) for k in KEYS),
        timeout=Timeout(max(after, 0.1), nxt, loc=step.loc),
        facts=Facts(inferred=marks, note=note),
        loc=step.loc,
    )


def _human(b: Builder, node_id: str, where: Where, step: Step, note: str, dest: str) -> Node:
    kind = "callback" if step.notes.get("type") == "callback" else "agent"
    human = Node(node_id, kind, queue=dest, facts=Facts(note=note), loc=step.loc)
    if b.steps(where[0], where[1])[where[2] + 1 :]:
        # the dialplan says what happens when nobody answers: explore both
        b.nodes[node_id + ".answered"] = Node(
            node_id + ".answered", "agent", queue=dest, facts=Facts(note=note), loc=step.loc
        )
        nxt = b.resolve((where[0], where[1], where[2] + 1))
        return b.imp.unknown(
            node_id,
            "the call is answered",
            [("yes", node_id + ".answered"), ("no", nxt)],
            step.loc,
            "answered",
            rule=None,
            words=("when someone answers", "when nobody answers"),
        )
    return human


def _alias(b: Builder, node_id: str, step: Step, note: str, target: Where | str) -> Node:
    to = target if isinstance(target, str) else b.resolve(target)
    if to == node_id:
        return b.nodes[node_id]
    return Node(node_id, "branch", otherwise=to, facts=Facts(note=note), loc=step.loc)


def split_outside(text: str, sep: str) -> tuple[str, str] | None:
    """``text`` split at the first ``sep`` outside brackets (None when there is none).

    >>> split_outside('$[${A} = 1]?yes,s,1:no', "?")
    ('$[${A} = 1]', 'yes,s,1:no')
    """
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            return text[:i], text[i + 1 :]
    return None


def _targets(b: Builder, where: Where, step: Step, text: str) -> tuple[str, str]:
    """The nodes of ``iftrue:iffalse`` (an empty one: the next priority)."""
    yes, _, no = text.partition(":")
    nxt = (where[0], where[1], where[2] + 1)
    out = []
    for part in (yes, no):
        if not part.strip():
            out.append(b.resolve(nxt))
            continue
        target = b.jump(where, step, part.strip())
        out.append(target if isinstance(target, str) else b.resolve(target))
    return out[0], out[1]


def _gotoif(b: Builder, node_id: str, where: Where, step: Step, note: str) -> Node:
    split = split_outside(",".join(step.args), "?")
    if split is None:
        b.imp.error(step.loc, "GotoIf needs condition?iftrue[:iffalse]")
        return Node(node_id, "hangup", loc=step.loc)
    cond, rest = split
    yes, no = _targets(b, where, step, rest)
    when = _equalities(b, cond, step)
    if when is not None:
        return Node(
            node_id,
            "branch",
            cases=(Case(when, yes, loc=step.loc),),
            otherwise=no,
            facts=Facts(note=note),
            loc=step.loc,
        )
    var = re.search(r"\$\{([\w()]+)", cond)
    hint = var.group(1) if var else "if"
    return b.imp.unknown(
        node_id,
        cond.strip(),
        [("true", yes), ("false", no)],
        step.loc,
        hint,
        f"GotoIf({cond.strip()}): the condition cannot be evaluated from the dialplan",
    )


_EQUAL = re.compile(r'\s*"?\$\{(\w+)\}"?\s*=\s*"([^"]*)"\s*')


def _equalities(b: Builder, cond: str, step: Step) -> Condition | None:
    """``$[("${A}" = "x" | "${A}" = "y") & "${B}" = "z"]`` as a condition on caller
    attributes A and B (None for any other expression). A channel variable is not a caller
    attribute: a finding says so; ``;ivr caller=A values=...`` declares its values."""
    m = re.fullmatch(r"\s*\$\[(.*)\]\s*", cond, re.DOTALL)
    if not m:
        return None
    attrs: list[tuple[str, tuple[str, ...]]] = []
    for part in m.group(1).split("&"):
        part = part.strip()
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1]
        tests = [_EQUAL.fullmatch(t) for t in part.split("|")]
        if not tests or any(t is None for t in tests):
            return None
        names = {t.group(1) for t in tests if t}
        if len(names) != 1:
            return None
        attrs.append((names.pop(), tuple(t.group(2) for t in tests if t)))
    for name, values in attrs:
        declared = b.plan.callers.get(name)
        if declared is None:
            compared = [v for v in values if v]
            declared = (*dict.fromkeys(compared), "other")
            b.plan.callers[name] = declared
            b.imp.finding(
                step.loc,
                "import-unmapped",
                f"{step.app} tests channel variable ${{{name}}}: modelled as caller "
                f"attribute '{name}' ({', '.join(declared)}); declare its values "
                f"with ';ivr caller={name} values=...' in [globals]",
            )
        b.imp.declare(name, declared)
    return Condition(tuple(attrs), loc=step.loc)


def _gotoiftime(b: Builder, node_id: str, where: Where, step: Step, note: str) -> Node:
    split = split_outside(",".join(step.args), "?")
    if split is None:
        b.imp.error(step.loc, "GotoIfTime needs times,weekdays,mdays,months?iftrue[:iffalse]")
        return Node(node_id, "hangup", loc=step.loc)
    spec, rest = split
    yes, no = _targets(b, where, step, rest)
    fields = [f.strip() for f in re.split(r"[,|]", spec)] + ["*"] * 4
    times, days = fields[0], fields[1:4]
    hours: tuple[str, ...] = ()
    if times not in ("*", ""):
        m = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", times)
        if not m:
            return b.imp.unknown(node_id, spec, [("true", yes), ("false", no)], step.loc, "time")
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        hours = (f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}",)
    attrs: tuple = ()
    if any(d not in ("*", "") for d in days):
        what = "the date is " + ",".join(d for d in days if d not in ("*", ""))
        attr = b.imp.unknown_attribute(what, ("true", "false"), "day")
        b.imp.finding(
            step.loc,
            "import-approximated",
            f"GotoIfTime({spec}): days and months are not modelled; a branch on caller "
            f"attribute '{attr}' stands for them",
        )
        attrs = ((attr, ("true",)),)
    when = Condition(attrs, hours, loc=step.loc)
    if not when:
        return _alias(b, node_id, step, note, yes)
    return Node(
        node_id,
        "branch",
        cases=(Case(when, yes, loc=step.loc),),
        otherwise=no,
        facts=Facts(note=note),
        loc=step.loc,
    )

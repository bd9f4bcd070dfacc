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

from ivr.io.asterisk.conditions import conditional
from ivr.io.asterisk.parse import Step
from ivr.io.platform_keys import KEYS
from ivr.model.types import Facts, Node, Timeout

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
_LOCAL = re.compile(r"Local/([^@/&]+)@([^/&]+)(/n)?", re.IGNORECASE)


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
        local = _LOCAL.fullmatch(dest.strip())
        if app == "dial" and local:
            target = b.jump(where, step, f"{local.group(2)},{local.group(1)},1")
            return _alias(b, node_id, step, note, target)
        return _human(b, node_id, where, step, note, dest)
    if app in ("gotoif", "gotoiftime"):
        return conditional(b, node_id, where, step, note)
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

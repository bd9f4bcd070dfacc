"""The GetHuman standard as a rule pack, off by default: 0 reaches a person from every menu,
silence never ends a call before a person, a wait estimate, a callback, barge-in, short prompts.

Select it with ``ivr check --extend-select gethuman`` or ``extend-select = ["gethuman"]`` in
``[tool.ivr]``. What a key or a silence does is the kernel's (:func:`ivr.sim.kernel.step`); the
searches are :func:`ivr.sim.reach.reach_without_keys` and the engine's, once per run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ivr.lint.engine import Finding, Lint, Option, Rule, reach
from ivr.sim.kernel import step
from ivr.sim.reach import reach_without_keys

MAX_PROMPT_SECONDS = Option("max_prompt_seconds", 20, "most seconds a prompt or menu may play")
MAX_PROMPT_CHARS = Option("max_prompt_chars", 200, "most characters of a prompt's or menu's say")

_WAIT = re.compile(
    r"\d+\s*(?:min|minute|minutes|sec|secs|second|seconds|мин\w*|сек\w*)(?!\w)"
    r"|wait(?:ing)?\s+time|(?:expected|estimated)\s+wait|время\s+ожидания"
    r"|(?:position|place|number)\s+(?:\d+\s+)?in\s+(?:the\s+)?queue|в\s+очереди",
    re.IGNORECASE,
)


def announces_wait(text: str) -> bool:
    """Whether a prompt's words give the caller a wait estimate.

    >>> announces_wait("Your wait is about 5 minutes"), announces_wait("Ваше время ожидания 3 мин")
    (True, True)
    >>> announces_wait("Please hold")
    False
    """
    return bool(_WAIT.search(text))


def _key_time(ctx: Lint, d: dict) -> float:
    hotline = ctx.g.graph.get("hotline")
    return hotline.menu(d["menu"]).key_time if hotline is not None else 1.0


def _zero(ctx: Lint) -> Iterable[Finding]:
    quiet = reach_without_keys(ctx.g, ctx.humans)
    for n, d in ctx.nodes:
        if d["type"] != "menu":
            continue
        s = step(d["node"], key_time=_key_time(ctx, d), intent="0")
        fix = "make 0 an option that goes to an agent"
        if s.way is None:
            yield n, f"menu '{d['id']}': 0 is not an option and the menu ignores it; {fix}"
        elif s.way.to == d["id"]:
            what = "an option" if s.way.kind == "option" else "a wrong key"
            yield n, f"menu '{d['id']}': 0 is {what} that comes back to this menu; {fix}"
        elif s.way.to is not None and f"{d['menu']}/{s.way.to}" not in quiet:
            yield (
                n,
                f"menu '{d['id']}': 0 leads to '{s.way.to}' ({s.way.kind}), from which no "
                f"person answers unless the caller presses more keys; {fix}",
            )


def _silence(ctx: Lint) -> Iterable[Finding]:
    g = ctx.g
    hangups = [n for n, d in ctx.nodes if d["type"] == "hangup"]
    if not hangups:
        return
    quiet = reach_without_keys(g, hangups, stop=("menu",))
    can_human = ctx.can_reach_human
    for n, d in ctx.nodes:
        if d["type"] == "menu" and n in quiet and n in can_human:
            node = d["node"]
            silent = node.retries is not None and node.timeout and node.timeout.to == d["id"]
            how = f"after {node.retries.max} silent tries" if silent else "when it times out"
            yield (
                n,
                f"menu '{d['id']}': a caller who stays silent is hung up ({how}) though a "
                "person can be reached from here; send 'timeout' or 'retries.then' to an agent",
            )


def _wait(ctx: Lint) -> Iterable[Finding]:
    g = ctx.g
    for n, d in ctx.nodes:
        if d["type"] != "agent":
            continue
        node = d["node"]
        if node.wait is not None or node.staffing is not None:
            continue
        heard = [node.say, *(g.nodes[u].get("say") or "" for u in g.pred[n])]
        if any(announces_wait(text) for text in heard):
            continue
        queue = f" (queue '{node.queue}')" if node.queue else ""
        yield (
            n,
            f"agent '{d['id']}'{queue}: no wait estimate, in its data or in what the caller "
            "hears before it; announce the expected wait ('about 5 minutes') or give 'wait'",
        )


def _callback(ctx: Lint) -> Iterable[Finding]:
    g = ctx.g
    callbacks = [n for n, d in ctx.nodes if d["type"] == "callback"]
    offering = reach(g, callbacks, backwards=True) if callbacks else set()
    offered = reach(g, [e for e in ctx.entries if e in offering])
    reached = ctx.reached
    for n, d in ctx.nodes:
        if d["type"] == "agent" and n in reached and n not in offered:
            yield (
                n,
                f"agent '{d['id']}': no callback is offered to the callers who queue here (no "
                "callback node is reachable from their numbers); add an option to a "
                "'type: callback' node",
            )


def _barge_in(ctx: Lint) -> Iterable[Finding]:
    for n, d in ctx.nodes:
        node = d.get("node")
        if d["type"] == "menu" and node is not None and not node.barge_in:
            yield (
                n,
                f"menu '{d['id']}' does not let a key cut its prompt: a caller who knows the "
                f"way hears all {node.duration:g} s of it; set 'barge_in: true'",
            )


def _prompt_length(ctx: Lint) -> Iterable[Finding]:
    seconds, chars = ctx.budget(MAX_PROMPT_SECONDS), ctx.budget(MAX_PROMPT_CHARS)
    for n, d in ctx.nodes:
        node = d.get("node")
        if d["type"] not in ("menu", "prompt") or node is None:
            continue
        over = []
        if node.duration > seconds:
            budget = f"budget {seconds:g}, {MAX_PROMPT_SECONDS.name}"
            over.append(f"plays {node.duration:g} s ({budget})")
        if len(node.say) > chars:
            budget = f"budget {chars:g}, {MAX_PROMPT_CHARS.name}"
            over.append(f"says {len(node.say)} characters ({budget})")
        if over:
            yield (
                n,
                f"{d['type']} '{d['id']}' {' and '.join(over)}; shorten it or split it",
            )


def _rule(
    rule_id: str,
    summary: str,
    run: Callable[[Lint], Iterable[Finding]],
    options: tuple[Option, ...] = (),
) -> Rule:
    return Rule(rule_id, "warning", summary, run, options, default=False, family="gethuman")


RULES: tuple[Rule, ...] = (
    _rule("gethuman-zero", "a menu where pressing 0 does not lead to a person", _zero),
    _rule("gethuman-silence", "a menu where a silent caller is hung up before a person", _silence),
    _rule("gethuman-wait", "an agent with no wait estimate, in its data or its prompts", _wait),
    _rule("gethuman-callback", "a queue whose callers are offered no callback", _callback),
    _rule("gethuman-barge-in", "a menu whose prompt a key cannot cut", _barge_in),
    _rule(
        "gethuman-prompt-length",
        "a prompt or menu over the length budget",
        _prompt_length,
        (MAX_PROMPT_SECONDS, MAX_PROMPT_CHARS),
    ),
)

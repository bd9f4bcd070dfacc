"""A parsed dialplan to the model: each priority a call can execute becomes a node.

Node ids are ``CONTEXT.EXTEN.PRIORITY`` (``incoming.s.2``); the keys pressed inside a menu
whose extensions have more than one digit are ``CONTEXT.keys.DIGITS`` (waiting the digit
timeout for more); ``end`` is where an extension runs out of priorities. Steps that do not
change the call's course (``Answer``, ``NoOp``, ``Set``, ...) lead on to the next priority;
``Goto`` leads straight to its target. What each application becomes is in
:mod:`ivr.io.asterisk.apps` and docs/importers.md#asterisk.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ivr.io.asterisk.parse import SPECIAL, Context, Dialplan, Step
from ivr.io.platform import Import
from ivr.io.platform_keys import KEY_ORDER, KeyStates, Matcher, pattern_of
from ivr.model.types import Facts, Loc, Node

RESPONSE_TIMEOUT = 10.0  # TIMEOUT(response) default, seconds
DIGIT_TIMEOUT = 5.0  # TIMEOUT(digit) default, seconds
PASS = frozenset(
    [
        "answer",
        "noop",
        "set",
        "setvar",
        "progress",
        "ringing",
        "verbose",
        "log",
        "musiconhold_",
        "startmusiconhold",
        "stopmusiconhold",
        "stopplaytones",
        "playtones",
        "setlanguage",
        "setcallerpres",
        "setamaflags",
        "userevent",
        "dumpchan",
        "cdr_nopost",
        "resetcdr",
        "forkcdr",
        "setcdruserfield",
        "mixmonitor",
        "stopmixmonitor",
        "monitor",
        "stopmonitor",
    ]
)
NOT_KEYS = {"i", "t", "h", "e", "a", "o", "T", "s", "fax", "talk"}
MAX_STATES = 400  # key-collection states per context before patterns are cut short

Where = tuple[str, str, int]  # (context, extension, index of the step)


class Builder:
    """Builds the nodes of one dialplan, lazily from each extension's first priority."""

    def __init__(self, plan: Dialplan, imp: Import):
        self.plan, self.imp = plan, imp
        self.contexts = {k: c for k, c in plan.contexts.items() if k.lower() not in SPECIAL}
        self.nodes: dict[str, Node] = {}
        self.todo: list[tuple[str, Where]] = []
        self.made: dict[Where, str] = {}
        self.covered: set[Where] = set()  # steps a node stands for besides its own
        self._keys: dict[str, tuple[tuple[str, str], ...]] = {}
        self._visible: dict[str, list[Context]] = {}
        fall = plan.settings.get("autofallthrough", "yes").lower()
        self.autofallthrough = fall not in ("no", "false", "0", "off")
        from ivr.io.asterisk.apps import build_step  # noqa: PLC0415

        self.build_step: Callable[[Builder, str, Where, Step], Node] = build_step

    # -- finding extensions and steps --------------------------------------------------------
    def visible(self, ctx: str, seen: set[str] | None = None) -> list[Context]:
        """A context and, after it, the contexts it includes (recursively, once each); made
        once a context (a menu asks for it for each of its keys, ``i`` and ``t``)."""
        if seen is None:
            got = self._visible.get(ctx)
            if got is None:
                got = self._visible[ctx] = self.visible(ctx, set())
            return got
        c = self.contexts.get(ctx)
        if c is None or ctx in seen:
            return []
        seen.add(ctx)
        out = [c]
        for inc, _loc in c.includes:
            out.extend(self.visible(inc, seen))
        return out

    def find(self, ctx: str, exten: str) -> tuple[str, str] | None:
        """(context, extension) where a call to ``exten`` in ``ctx`` runs: an exact extension
        first (in the context, then its includes), else the best pattern."""
        chain = self.visible(ctx)
        for c in chain:
            if exten in c.extensions:
                return c.name, exten
        for c in chain:
            pats = [(n, p) for n in c.extensions if n.startswith("_") and (p := pattern_of(n))]
            if pats:
                m = Matcher(pats)
                state = m.start()
                for key in exten:
                    state = m.step(state, key)
                best = m.best(state)
                if best is not None:
                    return c.name, best
        return None

    def steps(self, ctx: str, exten: str) -> list[Step]:
        return self.contexts[ctx].extensions.get(exten, [])

    # -- nodes ------------------------------------------------------------------------------
    def hangup(self, node_id: str, loc: Loc, note: str, say: str = "") -> str:
        """A hangup node (made once), its note saying why the call ends there."""
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(
                node_id, "hangup", say=say, facts=Facts(inferred=("all",), note=note), loc=loc
            )
        return node_id

    def end(self, loc: Loc) -> str:
        if not self.autofallthrough:
            if "end" not in self.nodes:
                note = "autofallthrough=no: at the end of an extension Asterisk waits for keys"
                self.nodes["end"] = Node(
                    "end", "menu", facts=Facts(inferred=("all",), note=note), loc=loc
                )
            return "end"
        return self.hangup(
            "end",
            loc,
            "the end of an extension's priorities: Asterisk hangs up (autofallthrough=yes, "
            "its default since 1.4)",
        )

    def resolve(self, where: Where) -> str:
        """The node a call executing ``where`` is at: passing over steps that change nothing,
        following ``Goto``; a new node is queued for building."""
        got = self.made.get(where)
        if got is not None:  # the usual case: a key, i or t of a menu already resolved
            return got
        seen: list[Where] = []
        got = self._resolve(where, seen)
        for w in seen:  # every step passed over or jumped through leads to the same node
            self.made.setdefault(w, got)
        return got

    def _resolve(self, where: Where, seen: list[Where]) -> str:
        first, made, contexts = where, self.made, self.contexts
        while True:
            got = made.get(where)
            if got is not None:
                return got
            if where in seen:
                return self._loop(first)
            seen.append(where)
            ctx, exten, i = where
            steps = contexts[ctx].extensions.get(exten, ())
            if i >= len(steps):
                loc = steps[-1].loc if steps else contexts[ctx].loc
                return self.end(loc)
            step = steps[i]
            app = step.low
            if app in PASS:
                where = (ctx, exten, i + 1)
                continue
            if app == "goto":
                target = self.jump(where, step, ",".join(step.args))
                if isinstance(target, str):
                    return target
                where = target
                continue
            node_id = self.step_id(where)
            self.made[where] = node_id
            self.todo.append((node_id, where))
            seen.pop()
            return node_id

    def step_id(self, where: Where) -> str:
        ctx, exten, i = where
        return f"{ctx}.{exten}.{self.steps(ctx, exten)[i].prio}"

    def _loop(self, where: Where) -> str:
        step = self.steps(where[0], where[1])[where[2]]
        node_id = self.step_id(where)
        self.imp.finding(
            step.loc,
            "import-dangling",
            "these Goto steps jump to each other forever: the call never ends",
        )
        self.nodes[node_id] = Node(
            node_id,
            "menu",
            facts=Facts(inferred=("all",), note=self.imp.cite(step.loc, step.text)),
            loc=step.loc,
        )
        self.made[where] = node_id
        return node_id

    def jump(self, where: Where, step: Step, target: str) -> Where | str:
        """Where ``[[context,]exten,]priority`` (or a label) leads from ``where``; a node id
        when it leads nowhere (a hangup, and a finding) or cannot be known."""
        ctx, exten, _ = where
        parts = [p.strip() for p in target.replace("|", ",").split(",")]
        if "${" in target or "$[" in target:
            node_id = self.step_id(where)
            self.imp.finding(
                step.loc,
                "import-unmapped",
                f"{step.app}({target}): the target is computed from a variable; "
                "the call is modelled as ending here",
            )
            return self.hangup(node_id, step.loc, self.imp.cite(step.loc, step.text))
        if len(parts) == 1:
            to_ctx, to_exten, prio = ctx, exten, parts[0]
        elif len(parts) == 2:
            to_ctx, (to_exten, prio) = ctx, parts
        else:
            to_ctx, to_exten, prio = parts[:3]
        if to_ctx not in self.contexts:
            return self._dangling(
                self.step_id(where),
                step,
                f"context '{to_ctx}' does not exist",
                to_ctx,
                list(self.contexts),
            )
        found = self.find(to_ctx, to_exten)
        if found is None:
            known = [e for c in self.visible(to_ctx) for e in c.extensions]
            return self._dangling(
                self.step_id(where),
                step,
                f"extension '{to_exten}' is not in context '{to_ctx}'",
                to_exten,
                known,
            )
        to_ctx, to_exten = found
        steps = self.steps(to_ctx, to_exten)
        for j, s in enumerate(steps):
            if (prio.isdigit() and s.prio == int(prio)) or s.label == prio:
                return (to_ctx, to_exten, j)
        return self._dangling(
            self.step_id(where),
            step,
            f"{to_exten}@{to_ctx} has no priority or label '{prio}'",
            prio,
            [s.label for s in steps if s.label],
        )

    def _dangling(self, node_id: str, step: Step, why: str, name: str, known: list[str]) -> str:
        from ivr.diagnostics import did_you_mean  # noqa: PLC0415

        self.imp.finding(
            step.loc,
            "import-dangling",
            f"{step.app} goes nowhere: {why}{did_you_mean(name, known)}; Asterisk hangs up there",
            "error",
        )
        return self.hangup(node_id, step.loc, self.imp.cite(step.loc, step.text))

    # -- keys -------------------------------------------------------------------------------
    def special(self, ctx: str, exten: str) -> str | None:
        """The node of the ``i`` or ``t`` extension a menu in ``ctx`` falls to (None: none)."""
        for c in self.visible(ctx):
            if exten in c.extensions:
                return self.resolve((c.name, exten, 0))
        return None

    def invalid(self, ctx: str, loc: Loc) -> tuple[str, bool]:
        """(node, inferred) for a key that selects no extension in ``ctx``."""
        got = self.special(ctx, "i")
        if got is not None:
            return got, False
        note = f"[{ctx}] has no 'i' extension: Asterisk hangs up on an invalid extension"
        return self.hangup(f"{ctx}.no-i", self.contexts[ctx].loc, note), True

    def digit_timeout(self, ctx: str) -> tuple[float, bool]:
        for c in self.visible(ctx):
            for steps in c.extensions.values():
                for s in steps:
                    got = timeout_set(s, "digit")
                    if got is not None:
                        return got, False
        return DIGIT_TIMEOUT, True

    def options(self, ctx: str, loc: Loc) -> tuple[tuple[str, str], ...]:
        """A menu's keys in ``ctx``: the first key of each extension a caller can dial."""
        got = self._keys.get(ctx)
        if got is not None:
            return got
        exts: dict[str, str] = {}  # extension -> the context it is in (its own, or included)
        for c in self.visible(ctx):
            for name in c.extensions:
                if name not in NOT_KEYS and name not in exts:
                    exts[name] = c.name
        if all(len(name) == 1 and name in KEY_ORDER for name in exts):
            # one key each (the usual menu): no key automaton, no digit timeout
            got = tuple(
                (name, self.resolve((exts[name], name, 0)))
                for name in sorted(exts, key=KEY_ORDER.__getitem__)
            )
        else:
            patterns = [(n, p) for n in exts if (p := pattern_of(n)) is not None]
            invalid, bad_inferred = self.invalid(ctx, loc)
            after, inferred = self.digit_timeout(ctx)
            keys = KeyStates(
                Matcher(patterns),
                lambda name: self.resolve((exts[name], name, 0)),
                invalid, after, f"{ctx}.keys.", loc, self.nodes,
                ("timeout",) * inferred + ("invalid",) * bad_inferred,
                MAX_STATES,
            )  # fmt: skip
            got = keys.options()
            if got and keys.cut:
                self.imp.finding(
                    loc,
                    "import-approximated",
                    f"[{ctx}]'s extensions need more than {MAX_STATES} states of "
                    "pressed keys: longer extensions are cut short",
                )
        self._keys[ctx] = got
        return got

    def run(self) -> None:
        while self.todo:
            node_id, where = self.todo.pop()
            step = self.steps(where[0], where[1])[where[2]]
            self.nodes[node_id] = self.build_step(self, node_id, where, step)

    def build_all(self) -> None:
        """Every priority of every extension, reachable or not (nothing is dropped: one no
        call reaches is a node the lint reports as unreachable)."""
        for ctx, c in self.contexts.items():
            for exten, steps in c.extensions.items():
                self.resolve((ctx, exten, 0))
                self.run()
                for i in range(1, len(steps)):
                    if (ctx, exten, i) not in self.made and (ctx, exten, i) not in self.covered:
                        self.resolve((ctx, exten, i))
                        self.run()


def timeout_set(step: Step, kind: str) -> float | None:
    """The seconds of ``Set(TIMEOUT(kind)=N)`` (None for another step)."""
    if step.low != "set" or not step.args:
        return None
    m = re.fullmatch(r"TIMEOUT\((\w+)\)\s*=\s*([\d.]+)", step.args[0].strip(), re.IGNORECASE)
    if m and m.group(1).lower() == kind:
        return float(m.group(2))
    return None

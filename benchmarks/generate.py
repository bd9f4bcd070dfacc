"""Deterministic generator of valid format-1 menu files of any size, for benchmarks.

``generate_menu_text(n_nodes, seed)`` returns the YAML text of one menu file with exactly
``n_nodes`` nodes, shaped like a real hotline: menus of 3 to 9 options (``0`` reaches a human, as
the GetHuman standard asks), timeouts, invalid input and retries; prompts with barge-in on and
off; a few branches by caller attribute or by hour; agents and callbacks with queue waits (some
by hour, some paid); hangups; entries with caller conditions and costs, several sharing a number;
sources; and a few documented claims that hold (each is a walk the generator replays itself).
Block and flow style are mixed as people write them. The same ``(n_nodes, seed)`` always gives
the same text.

    python benchmarks/generate.py 20000 > /tmp/big.yaml
"""

from __future__ import annotations

import json
import random
import sys

NETWORKS = ("mts", "other", "landline", "foreign")
LOCATIONS = ("home", "roaming", "crimea", "abroad")
SEGMENTS = ("private", "corporate", "vip")
CALLER = {"network": NETWORKS, "location": LOCATIONS, "segment": SEGMENTS}

# (dial, region, cost, conditions of the entries that share it)
DIALS = (
    ("0890", None, "free", ({"network": ["mts"], "location": ["home", "roaming", "crimea"]},)),
    ("8 800 250 08 90", None, "free", ({"network": ["other", "landline"]}, {})),
    ("+7 495 766-01-66", None, {"per_minute": 15, "currency": "RUB"}, ({"location": ["abroad"]},)),
    ("111", None, "free", ({"network": ["mts"]},)),
    ("+7 800 250-08-90", None, "free", ({"segment": ["corporate", "vip"]}, {})),
    ("8 (495) 766-01-66", "RU", {"per_minute": 3.5, "currency": "RUB", "note": "long distance"},
     ({"network": ["landline"]}, {"network": ["foreign"]}, {})),
)  # fmt: skip

TOPICS = (
    ("balance", "баланс"), ("tariff", "тариф"), ("internet", "интернет"), ("roaming", "роуминг"),
    ("payments", "платежи"), ("sim card", "SIM-карта"), ("services", "услуги"),
    ("subscriptions", "подписки"), ("home internet", "домашний интернет"), ("TV", "ТВ"),
    ("bonuses", "бонусы"), ("number transfer", "перенос номера"), ("blocking", "блокировка"),
    ("family plan", "семейный тариф"), ("devices", "устройства"), ("cashback", "кешбэк"),
)  # fmt: skip
_FILLER = (
    "news offers today your plan data minutes messages please listen carefully our menu has "
    "changed for more information visit the app or the website thank you for calling we value "
    "your time calls may be recorded for quality purposes new customers get a discount"
)
WORDS = tuple(_FILLER.split())
OPTION_KEYS = "123456789*#"

TYPES = ("menu", "prompt", "branch", "agent", "callback", "hangup")
TYPE_WEIGHTS = (34, 28, 4, 22, 3, 9)


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(mapping: dict) -> str:
    parts = []
    for k, v in mapping.items():
        if isinstance(v, dict):
            v = _flow(v)
        elif isinstance(v, list):
            v = "[" + ", ".join(v) + "]"
        parts.append(f"{k}: {v}")
    return "{" + ", ".join(parts) + "}"


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."


class _Gen:
    def __init__(self, n_nodes: int, seed: int):
        if n_nodes < 3:
            raise ValueError("a generated menu has at least 3 nodes")
        self.rng = random.Random(seed)
        self.n = n_nodes
        self.nodes: dict[str, dict] = {}  # id -> spec (type plus fields, targets as ids)
        self.open: list[str] = []  # nodes whose ways out are still to fill
        self.humans: list[str] = []
        self.hangups: list[str] = []
        self.ids: list[str] = []

    # -- structure ------------------------------------------------------------------------
    def new(self, kind: str) -> str:
        topic = self.rng.choice(TOPICS)[0].replace(" ", "_")
        nid = f"{kind}_{topic}_{len(self.nodes)}"
        self.nodes[nid] = {"type": kind}
        self.ids.append(nid)
        if kind in ("menu", "prompt", "branch"):
            self.open.append(nid)
        else:
            self.fill_terminal(nid, kind)
            if kind in ("agent", "callback"):
                self.humans.append(nid)
            else:
                self.hangups.append(nid)
        return nid

    def budget(self) -> int:
        return self.n - len(self.nodes)

    def target(self, parent: str, kinds: tuple[str, ...] = TYPES, weights=TYPE_WEIGHTS) -> str:
        """A new node while the budget lasts, now and then a way back; then existing nodes."""
        rng = self.rng
        if self.budget() > 0 and rng.random() > 0.08:
            return self.new(rng.choices(kinds, weights[: len(kinds)])[0])
        return self.ids[rng.randrange(max(1, len(self.ids) // 2))]

    def human(self) -> str:
        rng = self.rng
        if self.humans and (self.budget() <= 0 or rng.random() < 0.5):
            return rng.choice(self.humans[-20:])
        return self.new("agent" if rng.random() < 0.9 else "callback")

    def fill_terminal(self, nid: str, kind: str) -> None:
        rng, spec = self.rng, self.nodes[nid]
        if kind == "hangup":
            spec["say"] = rng.choice(("Goodbye.", "До свидания.", "Thank you for calling."))
            spec["duration"] = rng.choice((1, 2, 3))
            return
        spec["queue"] = rng.choice(("general", "billing", "tech", "vip", "roaming"))
        mean = rng.randrange(60, 2400, 30)
        wait: dict = {"mean": mean}
        if rng.random() < 0.7:
            wait["min"] = mean // 4
            wait["max"] = mean * 2
        if rng.random() < 0.2:
            wait["by_hour"] = [{"hours": "15:00-24:00", "mean": mean // 2}]
        spec["wait"] = wait
        if kind == "agent" and rng.random() < 0.1:
            spec["cost"] = {"per_minute": rng.choice((10, 15, 25)), "currency": "RUB",
                            "note": "priority line"}  # fmt: skip
        if rng.random() < 0.3:
            spec["say"] = "Please wait for an operator."
            spec["duration"] = 3
        if rng.random() < 0.15:
            spec["source"] = rng.choice(("A", "B", "C"))

    def fill(self, nid: str) -> None:
        rng, spec = self.rng, self.nodes[nid]
        kind = spec["type"]
        if kind == "prompt":
            spec["say"] = _sentence(rng, 6, 30)
            spec["duration"] = rng.randint(3, 30)
            spec["barge_in"] = rng.random() < 0.6
            spec["next"] = self.target(nid, ("menu", "prompt", "agent"), (70, 10, 20))
        elif kind == "branch":
            cases = []
            for _ in range(rng.randint(1, 2)):
                if rng.random() < 0.3:
                    when = {"hour": _q(rng.choice(("09:00-18:00", "08:00-20:00", "22:00-06:00")))}
                else:
                    attr = rng.choice(list(CALLER))
                    when = {attr: rng.sample(CALLER[attr], rng.randint(1, 2))}
                cases.append({"when": when, "to": self.target(nid)})
            spec["cases"] = cases
            spec["else"] = self.target(nid)
        elif kind == "menu":
            keys = rng.sample(OPTION_KEYS[:9], rng.randint(2, 8))
            if rng.random() < 0.15:
                keys.append(rng.choice("*#"))
            options = {k: self.target(nid) for k in sorted(keys)}
            options["0"] = self.human()
            spec["options"] = dict(sorted(options.items()))
            names = [rng.choice(TOPICS)[rng.random() < 0.5] for _ in options]
            spec["say"] = " ".join(
                f"{t} — {k}." for t, k in zip(names, spec["options"], strict=True)
            )
            spec["duration"] = 2 * len(options) + rng.randint(0, 6)
            spec["barge_in"] = rng.random() < 0.85
            if rng.random() < 0.9:
                spec["timeout"] = {"after": rng.choice((5, 7, 10)),
                                   "to": nid if rng.random() < 0.6 else options["0"]}  # fmt: skip
            if rng.random() < 0.8:
                spec["invalid"] = nid
                spec["retries"] = {"max": 3, "then": self.hangup()}
            if rng.random() < 0.2:
                spec["source"] = rng.choice(("A", "B", "C"))
                if rng.random() < 0.5:
                    spec["inferred"] = "duration"

    def hangup(self) -> str:
        shared = self.hangups[-10:]
        if shared and (self.budget() <= 0 or self.rng.random() < 0.7):
            return self.rng.choice(shared)
        return self.new("hangup")

    def build(self) -> None:
        self.new("menu")
        self.new("agent")
        i = 0
        while i < len(self.open):
            self.fill(self.open[i])
            i += 1
        while self.budget() > 0:  # the tree closed early: hang the rest off the root menu
            self.open = []
            spare = self.new("prompt")
            self.fill(spare)
            i = 0
            while i < len(self.open):
                self.fill(self.open[i])
                i += 1

    # -- entries and claims ---------------------------------------------------------------
    def entries(self) -> list[dict]:
        rng = self.rng
        roots = [n for n, s in self.nodes.items() if s["type"] == "menu"][:40]
        out = []
        n_dials = min(len(DIALS), 2 + self.n // 4000)
        for dial, region, cost, conditions in DIALS[:n_dials]:
            for i, when in enumerate(conditions):
                e: dict = {"dial": dial}
                if len(conditions) > 1:
                    e["id"] = f"{''.join(c for c in dial if c.isdigit())}-{i + 1}"
                if when:
                    e["when"] = when
                e["cost"] = cost
                e["start"] = roots[0] if not out else rng.choice(roots)
                if region:
                    e["region"] = region
                e["source"] = rng.choice(("A", "B"))
                out.append(e)
        return out

    def walk(self, node: str, caller: dict[str, str]) -> tuple[list[str], str, str] | None:
        """Keys from ``node`` to a human: a few options, then the human behind ``0``."""
        rng = self.rng
        keys: list[str] = []
        for _ in range(60):
            spec = self.nodes[node]
            kind = spec["type"]
            if kind in ("agent", "callback"):
                return keys, kind, node
            if kind == "hangup":
                return None
            if kind == "prompt":
                node = spec["next"]
            elif kind == "branch":
                node = next((c["to"] for c in spec["cases"] if _holds(c["when"], caller)),
                            spec["else"])  # fmt: skip
            else:
                others = [k for k in spec["options"] if k != "0"]
                key = "0" if len(keys) >= 3 or not others else rng.choice(others)
                keys.append(key)
                node = spec["options"][key]
        return None

    def claims(self, entries: list[dict]) -> list[dict]:
        rng = self.rng
        out = []
        for _ in range(4 + self.n // 2500):
            caller = {k: rng.choice(v) for k, v in CALLER.items()}
            dial = rng.choice(entries)["dial"]
            serving = next((e for e in entries if _line(e["dial"]) == _line(dial)
                            and _holds(e.get("when", {}), caller)), None)  # fmt: skip
            if serving is None:
                continue
            walked = self.walk(serving["start"], caller)
            if walked is None:
                continue
            keys, expect, node = walked
            claim = {"dial": _q(dial), "keys": _q(" ".join(keys)), "caller": caller}
            if expect != "agent":
                claim["expect"] = expect
            if rng.random() < 0.3:
                claim["node"] = node
            claim["source"] = rng.choice(("A", "B", "C"))
            out.append(claim)
        return out


def _line(dial: str) -> str:
    """The line a number dials: ``8 800 ...`` and ``+7 800 ...`` are the same (region RU)."""
    digits = "".join(c for c in dial if c.isdigit())
    return "7" + digits[1:] if len(digits) == 11 and digits[0] == "8" else digits


def _holds(when: dict, caller: dict[str, str]) -> bool:
    for name, allowed in when.items():
        if name == "hour":
            start, end = json.loads(allowed).split("-")
            noon = "12:00"  # claims replay at the default hour
            if not (start <= noon < end if start <= end else noon >= start or noon < end):
                return False
        elif caller.get(name) not in allowed:
            return False
    return True


def _node_lines(nid: str, spec: dict, rng: random.Random) -> list[str]:
    fields = {}
    for k, v in spec.items():
        if k in ("say",):
            v = _q(v)
        elif k == "barge_in":
            v = "true" if v else "false"
        elif k == "options":
            v = {_q(key): t for key, t in v.items()}
        fields[k] = v
    small = spec["type"] in ("agent", "callback", "hangup", "prompt") and len(fields) <= 6
    if small or rng.random() < 0.1:
        if "cases" in fields:
            fields["cases"] = "[" + ", ".join(_flow(c) for c in fields["cases"]) + "]"
        if "wait" in fields and "by_hour" in fields["wait"]:
            fields["wait"] = dict(fields["wait"])
            fields["wait"]["by_hour"] = [_flow(h) for h in fields["wait"]["by_hour"]]
        return [f"  {nid}: {_flow(fields)}"]
    lines = [f"  {nid}:"]
    for k, v in fields.items():
        if k == "cases":
            lines.append("    cases:")
            for c in v:
                lines.append(f"      - when: {_flow(c['when'])}")
                lines.append(f"        to: {c['to']}")
        elif k == "wait" and "by_hour" in v:
            lines.append("    wait:")
            for wk, wv in v.items():
                if wk == "by_hour":
                    lines.append("      by_hour:")
                    lines.extend(f"        - {_flow(h)}" for h in wv)
                else:
                    lines.append(f"      {wk}: {wv}")
        elif isinstance(v, dict):
            lines.append(f"    {k}: {_flow(v)}")
        else:
            lines.append(f"    {k}: {v}")
    return lines


def generate_menu_text(n_nodes: int, seed: int = 0) -> str:
    """The YAML text of a valid menu file with exactly ``n_nodes`` nodes."""
    g = _Gen(n_nodes, seed)
    g.build()
    rng = g.rng
    entries = g.entries()
    claims = g.claims(entries)
    out = [
        "# yaml-language-server: $schema=../../ivr/menu.schema.json",
        "ivr: 1",
        f"id: generated-{n_nodes}-{seed}",
        f"title: {_q(f'Generated hotline of {n_nodes} nodes (seed {seed})')}",
        "key_time: 1",
        "sources:",
        '  A: {title: "Operator website, support page", date: "2024-05-01"}',
        '  B: {title: "Forum thread about the hotline", url: "https://example.org/forum/1"}',
        "  C:",
        '    title: "Recorded call, transcribed"',
        '    note: "menu texts heard on a call; durations timed by hand"',
        "caller:",
        *(f"  {k}: [{', '.join(v)}]" for k, v in CALLER.items()),
        "entries:",
    ]
    for e in entries:
        fields = {"dial": _q(e["dial"])}
        fields.update({k: v for k, v in e.items() if k != "dial"})
        if "id" in fields:
            fields["id"] = _q(fields["id"])
        if rng.random() < 0.5:
            out.append(f"  - {_flow(fields)}")
        else:
            first = True
            for k, v in fields.items():
                text = _flow(v) if isinstance(v, dict) else v
                out.append(f"  {'- ' if first else '  '}{k}: {text}")
                first = False
    out.append("nodes:")
    for nid, spec in g.nodes.items():
        out.extend(_node_lines(nid, spec, rng))
    if claims:  # an empty `documented:` is null, which the loader rightly refuses
        out.append("documented:")
    for c in claims:
        out.append(f"  - {_flow(c)}")
    return "\n".join(out) + "\n"


# --- the same menu as model objects (no YAML: for menus above the loader's 20 MB, and tests) ---


def generated_hotline(n_nodes: int, seed: int = 0):
    """The menu :func:`generate_menu_text` writes for ``(n_nodes, seed)``, built as model
    objects without the YAML (its nodes, entries, sources and caller attributes; no claims)."""
    from ivr.model.numbers import digits_of  # noqa: PLC0415  (the text generator needs no ivr)
    from ivr.model.types import Entry, Facts, Hotline, Menu, Source  # noqa: PLC0415

    g = _Gen(n_nodes, seed)
    g.build()
    entries = tuple(
        Entry(
            id=e.get("id") or digits_of(e["dial"]),
            dial=e["dial"],
            start=e["start"],
            when=_condition(e.get("when", {})),
            cost=_cost(e.get("cost")),
            region=e.get("region") or "RU",
            facts=Facts(source=(e["source"],)),
        )
        for e in g.entries()
    )
    menu = Menu(
        id=f"generated-{n_nodes}-{seed}",
        file=f"generated-{n_nodes}-{seed}.yaml",
        key_time=1.0,
        sources=(Source("A", "Operator website"), Source("B", "Forum"), Source("C", "Call")),
        caller=tuple((k, tuple(v)) for k, v in CALLER.items()),
        entries=entries,
        nodes=tuple(_node(nid, spec) for nid, spec in g.nodes.items()),
    )
    return Hotline((menu,), menu.file)


def _condition(when: dict):
    from ivr.model.types import Condition  # noqa: PLC0415

    attrs, hours = [], ()
    for name, value in when.items():
        if name == "hour":
            hours = (json.loads(value),)
        else:
            attrs.append((name, tuple(value)))
    return Condition(tuple(attrs), hours)


def _cost(spec):
    from ivr.model.types import FREE, Cost  # noqa: PLC0415

    if spec in (None, "free"):
        return FREE
    return Cost(False, spec.get("per_minute"), spec.get("currency"), spec.get("note", ""))


def _node(nid: str, spec: dict):
    from ivr.model.types import Case, Facts, HourWait, Node, Retries, Timeout, Wait  # noqa: PLC0415

    kind = spec["type"]
    fields: dict = {}
    if "next" in spec:
        fields["next"] = spec["next"]
    if "options" in spec:
        fields["options"] = tuple(spec["options"].items())
    if "timeout" in spec:
        fields["timeout"] = Timeout(float(spec["timeout"]["after"]), spec["timeout"]["to"])
    if "invalid" in spec:
        fields["invalid"] = spec["invalid"]
    if "retries" in spec:
        fields["retries"] = Retries(spec["retries"]["max"], spec["retries"]["then"])
    if "cases" in spec:
        fields["cases"] = tuple(Case(_condition(c["when"]), c["to"]) for c in spec["cases"])
        fields["otherwise"] = spec["else"]
    if "wait" in spec:
        w = spec["wait"]
        by_hour = tuple(HourWait(h["hours"], float(h["mean"])) for h in w.get("by_hour", ()))
        fields["wait"] = Wait(float(w["mean"]), w.get("min"), w.get("max"), by_hour)
    if "cost" in spec:
        fields["cost"] = _cost(spec["cost"])
    source = (spec["source"],) if "source" in spec else ()
    return Node(
        id=nid,
        type=kind,
        say=spec.get("say", ""),
        duration=float(spec.get("duration", 0)),
        barge_in=spec.get("barge_in", True),
        queue=spec.get("queue", ""),
        facts=Facts(source=source),
        **fields,
    )


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 1000
    seed = int(argv[2]) if len(argv) > 2 else 0
    sys.stdout.write(generate_menu_text(n, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

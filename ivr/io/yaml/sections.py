"""One composed menu file to a :class:`~ivr.model.types.Menu`: the top level, sources,
entries, conditions, costs and documented claims (nodes: :mod:`ivr.io.yaml.nodes`).

The fields each section may have, the required ones and the number ranges come from the field
spec (:mod:`ivr.io.spec`). This module checks how the file is written; what the values mean
together (references, sources, caller attributes, numbers) is checked on the model it builds,
by :mod:`ivr.model.validation`. Where a part cannot be built, the model gets a stand-in value
so that those checks still see it: a file with an error is never returned.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from ivr.diagnostics import did_you_mean
from ivr.io import spec
from ivr.io.spec import FORMAT_VERSION
from ivr.io.yaml.access import Access, Where, kind
from ivr.io.yaml.nodes import NodeReading
from ivr.model import validation
from ivr.model.keys import DTMF_KEYS, key_problem, split_keys
from ivr.model.numbers import digits_of, number_problem
from ivr.model.types import (
    DEFAULT_AT,
    DEFAULT_KEY_TIME,
    FREE,
    Channel,
    Claim,
    Condition,
    Connect,
    Cost,
    Entry,
    Facts,
    Loc,
    Menu,
    Source,
)

_S = spec.SECTIONS
FIELDS = {name: (section.names(), section.required()) for name, section in _S.items()}
"""Each section's (fields, required fields), as :meth:`Access.fields` takes them."""
RANGES = {
    (name, f.name): f.range()
    for name, section in _S.items()
    for f in section.fields
    if f.min is not None
}
"""(section, field) -> (min, max) of every number of the format."""
_KEY_TIME = RANGES["top", "key_time"]
_RATE = RANGES["cost", "per_minute"]
_LOAD = RANGES["entry", "load"]
_DELAY = RANGES["connect", "delay"]
_FAILURE = RANGES["connect", "failure"]
_ENTRY_FIELDS = _S["entry"].names()
_EXPECT = str(_S["claim"].field("expect").default)


class MenuBuilder(NodeReading):
    """Builds one :class:`Menu` from a composed file, collecting errors in the reader."""

    def __init__(self, reader: Access, root: yaml.Node, stem: str):
        self.r = reader
        self.root = root
        self.stem = stem
        self.sources: dict[str, Source] = {}
        self.caller: dict[str, tuple[str, ...]] = {}
        self.region = spec.DEFAULT_REGION  # the file's; an entry's own 'region' overrides it
        self.orphans: list[tuple[str, str, Loc]] = []  # references of parts not built

    # -- small shared pieces ------------------------------------------------------------
    def provenance(
        self, f: Mapping[str, yaml.Node], what: str, allowed: tuple[str, ...], where: Where
    ) -> Facts:
        source = self.source_ids(f.get("source"), what, where)
        inferred = self.r.texts(f.get("inferred"), f"'inferred' of {what}")
        if "inferred" in f:
            for name in inferred:
                part = spec.inferred_part(name)
                if part is not None and part[0] in allowed:
                    if len(part[1]) != 1 or part[1] not in DTMF_KEYS:
                        self.r.error(
                            f["inferred"],
                            f"'inferred' of {what} names '{name}': '{part[1]}' is not a "
                            "telephone key (one of 0-9 * # A B C D)",
                        )
                    continue
                if name not in allowed and name != "all":
                    self.r.error(
                        f["inferred"],
                        f"'inferred' of {what} names '{name}', which is not one of its fields"
                        + did_you_mean(name, allowed),
                    )
        note = self.r.text(f.get("note"), f"'note' of {what}") or ""
        return Facts(source, inferred, note)

    def source_ids(self, node: yaml.Node | None, what: str, where: Where) -> tuple[str, ...]:
        if node is None:
            return ()
        where["source"] = self.r.pos(node)
        return self.r.texts(node, f"'source' of {what}")

    def condition(self, node: yaml.Node | None, what: str) -> Condition:
        if node is None:
            return Condition()
        r = self.r
        attrs: list[tuple[str, tuple[str, ...]]] = []
        hours: tuple[str, ...] = ()
        timed: dict[str, tuple[str, ...]] = {"days": (), "dates": ()}
        where: Where = {}
        for name, key, value in r.pairs(node, what):
            if name == "hour":
                hours = r.texts(value, f"'hour' of {what}")
                where["hour"] = r.pos(value)
                continue
            if name in timed and name not in self.caller:
                timed[name] = r.texts(value, f"'{name}' of {what}")
                where[name] = r.pos(value)
                continue
            where[name] = r.pos(key)
            if name not in self.caller:  # its values are not read: the name is the mistake
                attrs.append((name, ()))
                continue
            where[name + "="] = r.pos(value)
            attrs.append((name, r.texts(value, f"'{name}' of {what}")))
        return Condition(tuple(attrs), hours, r.loc(node), where, timed["days"], timed["dates"])

    def cost(self, node: yaml.Node | None, what: str) -> Cost | None:
        r = self.r
        if node is None or r.foreign(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.value == "free":
                return Cost(loc=r.loc(node))
            r.error(node, f"'cost' of {what} must be 'free' or a mapping, not {kind(node)}")
            return None
        f = r.fields(node, f"'cost' of {what}", *FIELDS["cost"])
        rate = r.number(f.get("per_minute"), f"'per_minute' of {what}", *_RATE)
        free = r.boolean(f.get("free"), f"'free' of {what}")
        if free is None:
            free = rate == 0
        currency = r.text(f.get("currency"), f"'currency' of {what}")
        note = r.text(f.get("note"), f"'note' of {what}") or ""
        return Cost(free, rate, currency, note, r.loc(node))

    def ref(self, node: yaml.Node | None, what: str, where: Where, key: str) -> str | None:
        """A node id; its location goes to ``where[key]``, for the checks of references."""
        target = self.r.text(node, what)
        if target is not None and node is not None:
            where[key] = self.r.pos(node)
        return target

    # -- sections -----------------------------------------------------------------------
    def build(self) -> Menu | None:
        r = self.r
        top = r.fields(self.root, "the menu file", *FIELDS["top"])
        if not isinstance(self.root, yaml.MappingNode):
            return None
        if "ivr" in top:
            version = r.integer(top["ivr"], "'ivr' (the format version)", 0, 1000)
            if version is not None and version != FORMAT_VERSION:
                r.error(top["ivr"], f"format version {version} is not known; this ivr reads 1")
        menu_id = r.text(top.get("id"), "'id'") or self.stem
        key_time = r.number(top.get("key_time"), "'key_time'", *_KEY_TIME)
        if "region" in top:
            self.region = r.text(top["region"], "'region'") or ""
        if "sources" in top:
            for sid, _key, value in r.pairs(top["sources"], "'sources'"):
                self.sources[sid] = self.source(sid, value)
        words: list[tuple[str, str, str]] = []
        exclude: list[yaml.Node] = []
        if "caller" in top:
            for name, _key, value in r.pairs(top["caller"], "'caller'"):
                if name == spec.EXCLUDE:  # read once every attribute is declared
                    exclude = r.sequence(value, "'caller.exclude'")
                    continue
                what = f"values of caller attribute '{name}'"
                if not isinstance(value, yaml.MappingNode):
                    self.caller[name] = r.texts(value, what)
                    continue
                said = [
                    (v, r.text(w, f"words for '{v}' of caller attribute '{name}'", True) or "")
                    for v, _k, w in r.pairs(value, what)
                ]
                self.caller[name] = tuple(v for v, _ in said)
                words.extend((name, v, w) for v, w in said if w)
        ruled_out = tuple(
            self.condition(n, f"item {i + 1} of 'caller.exclude'") for i, n in enumerate(exclude)
        )
        entries = tuple(
            e
            for i, n in enumerate(
                r.sequence(top["entries"], "'entries'") if "entries" in top else []
            )
            if (e := self.entry(n, i)) is not None
        )
        nodes = []
        ids: dict[str, None] = {}  # every node the file names, built or not: no cascade of errors
        for node_id, key, value in r.pairs(top["nodes"], "'nodes'") if "nodes" in top else []:
            if not node_id.strip() or node_id != node_id.strip():
                r.error(key, f"node id '{node_id}' must be a name without surrounding spaces")
                continue
            ids[node_id] = None
            built = self.node(node_id, value)
            if built is not None:
                nodes.append(built)
        claims = tuple(
            c
            for n in (r.sequence(top["documented"], "'documented'") if "documented" in top else [])
            if (c := self.claim(n)) is not None
        )
        channels = tuple(
            ch
            for i, n in enumerate(
                r.sequence(top["channels"], "'channels'") if "channels" in top else []
            )
            if (ch := self.channel(n, i)) is not None
        )
        menu = Menu(
            id=menu_id,
            title=r.text(top.get("title"), "'title'") or "",
            note=r.text(top.get("note"), "'note'") or "",
            file=self.r.path,
            version=FORMAT_VERSION,
            key_time=key_time or DEFAULT_KEY_TIME,
            sources=tuple(self.sources.values()),
            caller=tuple(self.caller.items()),
            entries=entries,
            nodes=tuple(nodes),
            documented=claims,
            caller_words=tuple(words),
            caller_exclude=ruled_out,
            loc=r.loc(self.root),
            channels=channels,
        )
        problems = validation.menu_problems(menu, known_nodes=ids)
        for target, what, loc in self.orphans:
            problems.extend(filter(None, [validation.missing_node(target, what, ids, loc)]))
        for d in problems:
            r.error(d.loc, d.message)
        return menu

    def source(self, sid: str, node: yaml.Node) -> Source:
        r = self.r
        if isinstance(node, yaml.ScalarNode):
            return Source(sid, title=r.text(node, f"source '{sid}'") or "", loc=r.loc(node))
        f = r.fields(node, f"source '{sid}'", *FIELDS["source"])
        get = {k: r.text(f.get(k), f"'{k}' of source '{sid}'") or "" for k in f}
        return Source(sid, loc=r.loc(node), **get)

    def entry(self, node: yaml.Node, index: int) -> Entry | None:
        r = self.r
        what = f"entry {index + 1}"
        f = r.fields(node, what, *FIELDS["entry"])
        dial = r.text(f.get("dial"), f"'dial' of {what}")
        if dial is not None:
            what = f"entry '{dial}'"
        region = self.region if "region" not in f else r.text(f["region"], f"'region' of {what}")
        if region is None:
            region = self.region
        where: Where = {}
        start = self.ref(f.get("start"), f"'start' of {what}", where, "start")
        if dial is None or start is None:  # not built: what it names is still checked
            if dial is not None and (problem := number_problem(dial, region)) is not None:
                r.error(f["dial"], problem)
            if start is not None:
                self.orphans.append((start, f"'start' of {what}", Loc(r.path, *where["start"])))
            return None
        where["dial"] = r.pos(f["dial"])
        return Entry(
            id=r.text(f.get("id"), f"'id' of {what}") or digits_of(dial),
            dial=dial,
            start=start,
            when=self.condition(f.get("when"), f"'when' of {what}"),
            cost=self.cost(f.get("cost"), what) or FREE,
            region=region,
            title=r.text(f.get("title"), f"'title' of {what}") or "",
            facts=self.provenance(f, what, _ENTRY_FIELDS, where),
            disputed=r.text(f.get("disputed"), f"'disputed' of {what}") or "",
            connect=self.connect(f.get("connect"), what),
            load=1.0 if "load" not in f else r.number(f["load"], f"'load' of {what}", *_LOAD) or 0,
            needs_plus=bool(r.boolean(f.get("needs_plus"), f"'needs_plus' of {what}")),
            loc=r.loc(node),
            where=where,
        )

    def channel(self, node: yaml.Node, index: int) -> Channel | None:
        r = self.r
        what = f"channel {index + 1}"
        f = r.fields(node, what, *FIELDS["channel"])
        cid = r.text(f.get("id"), f"'id' of {what}")
        if cid is not None:
            what = f"channel '{cid}'"
        kind_ = r.text(f.get("kind"), f"'kind' of {what}")
        if kind_ is not None and kind_ not in spec.CHANNEL_KINDS:
            kinds = spec.CHANNEL_KINDS
            r.error(f["kind"], f"'kind' of {what} is '{kind_}'; it must be one of "
                    f"{', '.join(kinds)}" + did_you_mean(kind_, kinds))  # fmt: skip
        where: Where = {}
        facts = self.provenance(f, what, _S["channel"].names(), where)
        if cid is None or kind_ is None:
            return None
        return Channel(
            id=cid,
            kind=kind_,
            title=r.text(f.get("title"), f"'title' of {what}") or "",
            address=r.text(f.get("address"), f"'address' of {what}") or "",
            when=self.condition(f.get("when"), f"'when' of {what}"),
            reply=self.wait(f["reply"], what) if "reply" in f else None,
            needs=r.text(f.get("needs"), f"'needs' of {what}") or "",
            disputed=r.text(f.get("disputed"), f"'disputed' of {what}") or "",
            facts=facts,
            loc=r.loc(node),
            where=where,
        )

    def connect(self, node: yaml.Node | None, what: str) -> Connect | None:
        if node is None:
            return None
        r = self.r
        f = r.fields(node, f"'connect' of {what}", *FIELDS["connect"])
        delay = r.number(f.get("delay"), f"'connect.delay' of {what}", *_DELAY)
        failure = r.number(f.get("failure"), f"'connect.failure' of {what}", *_FAILURE)
        return Connect(delay or 0.0, failure or 0.0, r.loc(node))

    def claim(self, node: yaml.Node) -> Claim | None:
        r = self.r
        f = r.fields(node, "documented claim", *FIELDS["claim"])
        where: Where = {}
        dial = r.text(f.get("dial"), "'dial' of documented claim")
        keys_text = r.text(f.get("keys"), "'keys' of documented claim", allow_empty=True) or ""
        keys = split_keys(keys_text)
        wrong = [(k, problem) for k in keys if (problem := key_problem(k))]
        for k, problem in wrong:  # said here, with the keys as written ("2,x")
            r.error(f["keys"], f"'{k}' in keys '{keys_text}' {problem}")
        caller: list[tuple[str, str]] = []
        for name, key, value in (
            r.pairs(f["caller"], "'caller' of documented claim") if "caller" in f else []
        ):
            v = r.text(value, f"caller '{name}' of documented claim")
            where["caller " + name] = r.pos(key)
            where["caller " + name + "="] = r.pos(value)
            if v is not None or name not in self.caller:
                caller.append((name, "" if v is None else v))
        at = r.text(f.get("at"), "'at' of documented claim")
        expect = r.text(f.get("expect"), "'expect' of documented claim")
        for name in ("keys", "at", "expect"):
            if name in f:
                where[name] = r.pos(f[name])
        source = self.source_ids(f.get("source"), "documented claim", where)
        if "source" in f and not source:
            r.error(f["source"], "documented claim cites no source: name at least one")
        claim = Claim(
            dial="" if dial is None else dial,
            keys=() if wrong else keys,
            caller=tuple(caller),
            at=DEFAULT_AT if at is None else at,
            expect=_EXPECT if expect is None else expect,
            node=r.text(f.get("node"), "'node' of documented claim"),
            source=source,
            disputed=r.text(f.get("disputed"), "'disputed' of documented claim") or "",
            note=r.text(f.get("note"), "'note' of documented claim") or "",
            loc=r.loc(node),
            where=where,
        )
        if dial is None:  # not built: the rest of it is still checked
            for d in validation.claim_problems(claim, self.sources, self.caller):
                r.error(d.loc, d.message)
            return None
        return claim

"""Issue 15 item 6: through the library only the documented ``IvrError`` family escapes.

Every public callable (each name ``ivr`` exports, the strategies of ``ivr.testing`` and the fuzz
harness's functions) says in its docstring what it raises: one paragraph ``Raises: ...`` naming
classes of the ``IvrError`` family, or ``Raises: nothing``. The property tests below call them
with hostile but well-typed input (hotlines built in Python with broken references, unknown
node types, NaN durations; paths with a NUL, symlink loops, FIFOs, directories named
``*.yaml``; texts with control characters; odd keyword values) and accept only what the
docstring names.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import os
import re
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from conftest import DEMO, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ivr
import ivr.routing.budget
import ivr.sim.path
from ivr.diagnostics import Diagnostic, Loc
from ivr.errors import IvrError
from ivr.model import types as T
from ivr.routing.budget import Budget, limits
from ivr.testing import fuzz, generate, mutants, strategies


def _family() -> dict[str, type]:
    """Every class of the IvrError family by name (the modules that add some imported above)."""
    found, stack = {}, [IvrError]
    while stack:
        cls = stack.pop()
        found[cls.__name__] = cls
        stack.extend(cls.__subclasses__())
    return found


FAMILY = _family()

PUBLIC: dict[str, Any] = {f"ivr.{name}": getattr(ivr, name) for name in ivr.__all__}
PUBLIC.update(
    {f"ivr.testing.{name}": getattr(strategies, name) for name in strategies.__all__
     if callable(getattr(strategies, name))}
)  # fmt: skip
PUBLIC.update(
    {f"ivr.testing.fuzz.{name}": getattr(fuzz, name) for name in
     ("check_contract", "check_cli", "time_limit", "memory_limit", "mutants")}
)  # fmt: skip
PUBLIC.update(
    {f"ivr.testing.mutants.{name}": getattr(mutants, name) for name in
     ("text_mutants", "data_mutants", "meaning_mutants")}
)  # fmt: skip
PUBLIC.update({f"ivr.testing.generate.{f.__name__}": f for f in generate.SHAPES.values()})

_RAISES = re.compile(r"^Raises(?: \(when drawn\))?:")


def raises_paragraph(obj: Any) -> str:
    """The ``Raises:`` paragraph of ``obj``'s docstring ("" when it has none)."""
    found = [p for p in re.split(r"\n\s*\n", inspect.getdoc(obj) or "") if _RAISES.match(p)]
    assert len(found) <= 1, f"more than one Raises paragraph: {found}"
    return found[0] if found else ""


def documented(name: str) -> tuple[type, ...]:
    """The classes the docstring of ``PUBLIC[name]`` says it raises (() for nothing)."""
    text = raises_paragraph(PUBLIC[name])
    return tuple(FAMILY[word] for word in re.findall(r"\b[A-Z]\w+\b", text) if word in FAMILY)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_callable_says_what_it_raises(name: str) -> None:
    text = raises_paragraph(PUBLIC[name])
    assert text, f"{name}: no 'Raises:' paragraph in its docstring"
    bases = re.sub(r"\(also an? [^)]*\)", "", text)  # "(also a ValueError)": a base, said
    named = set(re.findall(r"\b[A-Z]\w*(?:Error|Missing|Unavailable|Budget|Found|Route)\b", bases))
    outside = named - set(FAMILY)
    assert not outside, f"{name} names {outside}, which are not of the IvrError family"
    says_nothing = re.match(r"Raises: nothing\b", text) is not None
    assert says_nothing != bool(documented(name)), f"{name}: say 'nothing' or name classes"


def test_the_raises_parser_reads_what_a_docstring_names() -> None:
    assert documented("ivr.load") == (ivr.errors.LoadError, ivr.errors.InputError)
    assert ivr.routing.budget.OutOfBudget in documented("ivr.routes")
    assert documented("ivr.validate") == () and documented("ivr.Node") == ()


def only_documented(name: str, call: Callable[[], Any]) -> Any:
    """``call()``'s value, or None when it raised what ``name``'s docstring names; any other
    exception fails the test, saying which."""
    allowed = documented(name)
    try:
        with fuzz.time_limit(60):  # a hang fails the test instead of stopping the suite
            return call()
    except Exception as exc:
        if allowed and isinstance(exc, allowed):
            return None
        said = ", ".join(c.__name__ for c in allowed) or "nothing"
        raise AssertionError(
            f"{name} raised {type(exc).__name__}: {exc!s:.300}; its docstring says {said}"
        ) from exc


def bounded(call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` with every route search inside it on a small budget (a fast test)."""

    def run() -> Any:
        with limits(Budget(max_states=20_000, max_seconds=2.0, max_contexts=16)):
            return call()

    return run


# -- hostile but well-typed values -----------------------------------------------------------
ODD = ["", " ", "\x00", "\n", "\x1b[2J", "]", "nowhere", "main", "human", "0", "*", "_", ".",
       "25:00", "24:00", "-1", "x" * 300, "+7 495", "a=b", "=", ",", "network=mts", "Оператор",
       "\u202e", "0890", "mts"]  # fmt: skip
texts = st.one_of(st.sampled_from(ODD), st.text(max_size=12))
numbers = st.one_of(
    st.sampled_from([0.0, -0.0, -1.0, 1e-9, 1e308, math.inf, -math.inf, math.nan, 3600.0]),
    st.floats(allow_nan=True, allow_infinity=True),
)
counts = st.one_of(st.sampled_from([-1, 0, 1, 10**18]), st.integers(-5, 10**6))
callers = st.dictionaries(texts, texts, max_size=3)


@st.composite
def hostile_nodes(draw: st.DrawFn, node: T.Node, ids: list[str]) -> T.Node:
    """``node`` with one field given a hostile value of its type."""
    target = st.one_of(st.sampled_from(ids or ["x"]), texts)
    change: dict[str, st.SearchStrategy] = {
        "type": st.one_of(st.sampled_from(T.NODE_TYPES), texts),
        "say": texts,
        "duration": numbers,
        "barge_in": st.booleans(),
        "next": st.one_of(st.none(), target),
        "options": st.lists(st.tuples(texts, target), max_size=3).map(tuple),
        "timeout": st.one_of(st.none(), st.builds(T.Timeout, numbers, target)),
        "invalid": st.one_of(st.none(), target),
        "retries": st.one_of(st.none(), st.builds(T.Retries, counts, target)),
        "cases": st.lists(
            st.builds(
                T.Case,
                st.builds(T.Condition, st.just(()), st.lists(texts, max_size=1).map(tuple)),
                target,
            ),
            max_size=2,
        ).map(tuple),  # fmt: skip
        "otherwise": st.one_of(st.none(), target),
        "wait": st.one_of(st.none(), st.builds(T.Wait, numbers, st.none() | numbers)),
        "cost": st.one_of(st.none(), st.builds(T.Cost, st.booleans(), st.none() | numbers)),
        "to": st.one_of(st.none(), st.builds(T.Target, texts, texts)),
        "id": target,
    }
    field = draw(st.sampled_from(sorted(change)))
    return dataclasses.replace(node, **{field: draw(change[field])})


@st.composite
def hostile_hotlines(draw: st.DrawFn) -> T.Hotline:
    """A valid drawn hotline with one to three parts broken the way Python code could."""
    menus = list(draw(strategies.hotlines(max_nodes=5)).menus)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(menus) - 1))
        m = menus[i]
        ids = [n.id for n in m.nodes]
        what = draw(st.sampled_from(["node", "node", "node", "entry", "connect", "key_time",
                                     "caller", "claim", "drop"]))  # fmt: skip
        if what == "node" and m.nodes:
            j = draw(st.integers(0, len(m.nodes) - 1))
            nodes = list(m.nodes)
            nodes[j] = draw(hostile_nodes(nodes[j], ids))
            m = dataclasses.replace(m, nodes=tuple(nodes))
        elif what in ("entry", "connect") and m.entries:
            e = m.entries[0]
            if what == "entry":
                name = draw(st.sampled_from(["dial", "start", "id", "region"]))
                e = dataclasses.replace(e, **{name: draw(texts)}, load=draw(numbers))
            else:
                e = dataclasses.replace(e, connect=T.Connect(draw(numbers), draw(numbers)))
            m = dataclasses.replace(m, entries=(e, *m.entries[1:]))
        elif what == "key_time":
            m = dataclasses.replace(m, key_time=draw(numbers))
        elif what == "caller":
            declared = st.lists(st.tuples(texts, st.lists(texts, max_size=3).map(tuple)),
                                max_size=2).map(tuple)  # fmt: skip
            m = dataclasses.replace(m, caller=draw(declared))
        elif what == "claim":
            keys = tuple(draw(st.lists(texts, max_size=3)))
            claim = T.Claim(draw(texts), keys, at=draw(texts), expect=draw(texts))
            m = dataclasses.replace(m, documented=(claim,))
        elif what == "drop":
            m = dataclasses.replace(m, nodes=m.nodes[1:])
        menus[i] = m
    return T.Hotline(tuple(menus))


SLOW = settings(max_examples=40, suppress_health_check=list(HealthCheck))


@SLOW
@given(hostile_hotlines(), texts, texts, callers, texts)
def test_a_hotline_built_in_python_meets_only_documented_errors(h, dial, keys, caller, at):
    only_documented("ivr.validate", lambda: ivr.validate(h))
    only_documented("ivr.compile", lambda: ivr.compile(h))
    for d in [e.dial for _, e in h.entries()][:2] + [dial]:
        for k in (keys, "_ _ 0 1 2"):
            call = only_documented(
                "ivr.simulate", lambda d=d, k=k: ivr.simulate(h, d, k, caller, at)
            )
            if call is not None:
                only_documented("ivr.Call", call.transcript)
                only_documented("ivr.Call", call.as_json)
    found = only_documented("ivr.routes", bounded(lambda: ivr.routes(h, caller=caller, at=at)))
    for route in found or ():
        for method in (route.dial_string, route.tel, route.to_json):
            only_documented("ivr.Route", method)
    only_documented("ivr.coverage", bounded(lambda: ivr.coverage(h)))
    only_documented("ivr.edge_evidence", lambda: ivr.edge_evidence(h, caller, at))
    only_documented("ivr.caller_from_text", lambda: ivr.caller_from_text(h, [keys, at]))
    only_documented("ivr.caller_table", lambda: ivr.caller_table(h))
    only_documented("ivr.diff", bounded(lambda: ivr.diff(h, h, at=at)))
    for fmt in ("dot", "mermaid", dial):
        only_documented("ivr.render", lambda fmt=fmt: ivr.render(h, fmt))
    only_documented("ivr.Hotline", lambda: h.menu(dial))
    if h.menus:
        only_documented("ivr.Menu", lambda: h.menus[0].node(dial))


@SLOW
@given(st.sampled_from(["keys", "time", "cost", "pareto", "x", ""]), counts,
       st.sampled_from(["any", "sourced", "documented", "x"]), st.booleans(), texts, callers,
       st.one_of(st.none(), numbers), numbers, texts)  # fmt: skip
def test_odd_arguments_meet_only_documented_errors(by, k, trust, wait, at, caller, kt, limit, keys):
    mts = _mts()
    only_documented("ivr.routes", bounded(lambda: ivr.routes(mts, caller, at, by, k, wait,
                                                             trust=trust)))  # fmt: skip
    only_documented("ivr.simulate", lambda: ivr.simulate(mts, "0890", keys, caller, at,
                                                         key_time=kt, limit=limit))  # fmt: skip
    only_documented("ivr.caller_from_text", lambda: ivr.caller_from_text(mts, keys))
    only_documented("ivr.edge_evidence", lambda: ivr.edge_evidence(mts, caller, at))
    only_documented("ivr.DiffReport", lambda: ivr.DiffReport("a", "b").render(by))
    only_documented("ivr.render", lambda: ivr.render(mts, "dot", [(at, keys, by)][: k % 2]))
    only_documented("ivr.Diagnostic", lambda: str(Diagnostic(Loc(keys, k, k), at)))


def _mts() -> T.Hotline:
    global _MTS
    if _MTS is None:
        _MTS = ivr.load(ROOT / "menus" / "mts")
    return _MTS


_MTS: T.Hotline | None = None


# -- paths -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def odd_paths(tmp_path_factory) -> list[str]:
    """Paths that are not what a menu path should be, and a few that are: all in a folder of
    the test's own (a function that writes, given one, writes nothing in the repository)."""
    tmp = tmp_path_factory.mktemp("odd")

    def tmp_name(name: str) -> str:
        return str(tmp / name)

    (tmp / "empty").mkdir()
    (tmp / "dir.yaml").mkdir()
    (tmp / "garbage.yaml").write_bytes(b"\xff\xfe\x00garbage: [")
    (tmp / "demo.yaml").write_text(DEMO, encoding="utf-8")
    (tmp / "loop").symlink_to(tmp / "loop")
    (tmp / "dangling.yaml").symlink_to(tmp / "nowhere.yaml")
    os.mkfifo(tmp / "fifo.yaml")
    (tmp / "lockdir").mkdir()
    shutil.copy(tmp / "demo.yaml", tmp / "lockdir" / "demo.yaml")
    (tmp / "lockdir" / "ivr.lock.json").mkdir()
    (tmp / "badlock").mkdir()
    shutil.copy(tmp / "demo.yaml", tmp / "badlock" / "demo.yaml")
    (tmp / "badlock" / "ivr.lock.json").write_text("{not json", encoding="utf-8")
    (tmp / "a-file").write_text("not a folder", encoding="utf-8")
    many = (ROOT / "tests" / "corpus" / "many-caller-contexts.yaml").read_text(encoding="utf-8")
    (tmp / "many").mkdir()  # more caller contexts than a table of routes may look at
    (tmp / "many" / "m.yaml").write_text(many, encoding="utf-8")
    (tmp / "fifos").mkdir()  # what each platform's reader opens in a folder, as FIFOs
    for name in ("extensions.conf", "main.xml", "a.vxml", "flow.json", "m.yaml"):
        os.mkfifo(tmp / "fifos" / name)
    names = ["nope", "empty", "dir.yaml", "garbage.yaml", "demo.yaml", "loop", "dangling.yaml",
             "fifo.yaml", "lockdir", "badlock", "a-file", "a-file/below", "fifos",
             "many"]  # fmt: skip
    return [str(tmp / n) for n in names] + [
        "\x00",
        tmp_name("a\x00b"),
        tmp_name("x" * 5000),
        "/dev/null",
    ]


@settings(max_examples=30, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_odd_paths_meet_only_documented_errors(odd_paths, data) -> None:
    path = data.draw(st.sampled_from([*odd_paths, "", "mts"]), "path")  # and a shipped id
    out = data.draw(st.sampled_from(odd_paths), "out")
    formats = [None, "yaml", "asterisk", "freeswitch", "voicexml", "twilio-studio",
               "amazon-connect", "nonsense", ""]  # fmt: skip
    fmt = data.draw(st.sampled_from(formats), "format")
    only_documented("ivr.load", lambda: ivr.load(path, fmt))
    only_documented("ivr.check", bounded(lambda: ivr.check([path])))
    only_documented("ivr.diff", bounded(lambda: ivr.diff(path, odd_paths[4])))
    only_documented("ivr.render", lambda: ivr.render(path, "dot"))
    only_documented("ivr.load_menu_text", lambda: ivr.load_menu_text(path, path))
    to = data.draw(st.sampled_from(["asterisk", "freeswitch", "voicexml", "yaml", "x"]), "to")
    only_documented("ivr.export", lambda: ivr.export(odd_paths[4], to, out))
    only_documented("ivr.export", lambda: ivr.export(path, to, os.path.dirname(odd_paths[0])))
    only_documented("ivr.convert", lambda: ivr.convert([path], os.path.dirname(odd_paths[0])))
    only_documented("ivr.convert", lambda: ivr.convert([odd_paths[4]], out))
    by = data.draw(st.sampled_from(["keys", "time", "x"]), "by")
    at = data.draw(st.sampled_from(["12:00", "25:00", "x"]), "at")
    mine = out  # never the shipped hotline: a lock would be written beside it
    only_documented("ivr.lock", bounded(lambda: ivr.lock(mine, at=at, by=by)))
    only_documented("ivr.lock", bounded(lambda: ivr.lock(mine, update=True)))


@settings(max_examples=8, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["hangup", "retarget", "duration", "nonsense", ""]), max_size=2),
       counts, st.one_of(st.none(), counts))  # fmt: skip
def test_mutate_meets_only_documented_errors(operators, jobs, sample) -> None:
    menu = ivr.load_menu_text(DEMO, "demo.yaml")
    only_documented(
        "ivr.mutate",
        bounded(
            lambda: ivr.mutate(
                menu, operators=operators, jobs=min(jobs, 2), sample=1 if sample is None else sample
            )
        ),
    )


def test_what_the_library_reports_on_is_documented_to_raise_nothing() -> None:
    for name in ("ivr.hotlines", "ivr.Report", "ivr.MutationReport", "ivr.Event"):
        assert documented(name) == (), name
    only_documented("ivr.hotlines", ivr.hotlines)
    only_documented("ivr.Report", lambda: ivr.Report().as_json())
    only_documented("ivr.MutationReport", lambda: ivr.MutationReport().as_text())
    only_documented("ivr.IvrError", lambda: str(ivr.LoadError([])))


# -- ivr.testing ------------------------------------------------------------------------------
@settings(max_examples=40, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_testing_strategies_meet_only_documented_errors(data) -> None:
    low, high = data.draw(counts, "min"), data.draw(counts, "max")
    node_types = data.draw(st.lists(st.sampled_from([*strategies.MENU_NODE_TYPES, "x"]),
                                    max_size=3))  # fmt: skip
    small = st.integers(0, 3)

    def draw(name: str, make: Callable[[], st.SearchStrategy]) -> Any:
        return only_documented(name, lambda: data.draw(make()))

    draw("ivr.testing.menus", lambda: strategies.menus(low % 80, high % 80, node_types=node_types
                                                       or ("menu", "agent")))  # fmt: skip
    draw("ivr.testing.hotlines", lambda: strategies.hotlines(low % 80, high % 80,
                                                             files=data.draw(small)))  # fmt: skip
    draw("ivr.testing.key_sequences", lambda: strategies.key_sequences(low % 10 - 2))
    draw("ivr.testing.hours", strategies.hours)
    hostile = data.draw(hostile_hotlines())
    draw("ivr.testing.walks", lambda: strategies.walks(hostile, data.draw(texts), low % 10))
    draw("ivr.testing.callers", lambda: strategies.callers(hostile))
    declared = hostile.menus[0].caller if hostile.menus else ()
    draw("ivr.testing.conditions", lambda: strategies.conditions(declared))
    for shape in generate.SHAPES.values():  # the benchmarks' shapes, of a hostile size
        name = f"ivr.testing.generate.{shape.__name__}"
        only_documented(name, lambda shape=shape: shape(low % 40 - 2))


@settings(max_examples=12, suppress_health_check=list(HealthCheck))
@given(st.one_of(texts, st.sampled_from(["[", "a: [", "- x", "ivr: 1\nnodes: 3", "{}"])),
       st.sampled_from(["ivr.testing.fuzz.mutants", "ivr.testing.mutants.text_mutants",
                        "ivr.testing.mutants.data_mutants",
                        "ivr.testing.mutants.meaning_mutants"]), st.data())  # fmt: skip
def test_the_fuzz_harness_meets_only_documented_errors(seed: str, maker: str, data) -> None:
    mutant = only_documented(maker, lambda: data.draw(PUBLIC[maker](seed)))
    if mutant is not None:
        check = "ivr.testing.fuzz.check_contract"
        assert isinstance(only_documented(check, lambda: fuzz.check_contract(mutant.text)), list)

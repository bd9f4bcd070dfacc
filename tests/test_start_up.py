"""What start-up and loading save changes nothing else: a ``record`` behaves as the frozen
dataclass it replaces, and the YAML value screen lets through only texts that cannot hold more
values than the limit."""

from __future__ import annotations

import dataclasses
import itertools
import pickle
import subprocess
import sys
from dataclasses import field

import pytest
import yaml

from ivr._record import record
from ivr.io.yaml import safe
from ivr.model.types import Condition, Entry, Node, Timeout


def _pair(body: dict):
    """The same class made by ``record`` and by ``dataclass(frozen=True)``."""

    def make(decorate):
        return decorate(type("C", (), {"__annotations__": dict(body["annotations"]),
                                       **body["defaults"], "__module__": __name__}))  # fmt: skip

    return make(record), make(dataclasses.dataclass(frozen=True))


BODY = {
    "annotations": {"a": "int", "b": "tuple", "c": "dict", "d": "str"},
    "defaults": {
        "b": (),
        "c": field(default_factory=dict, compare=False, repr=False),
        "d": field(default="x", hash=False),
    },
}


def test_a_record_behaves_as_the_frozen_dataclass():
    ours, theirs = _pair(BODY)
    for args, kwargs in [((1,), {}), ((1, (2,)), {"d": "y"}), ((), {"a": 3, "c": {"k": 1}})]:
        x, y = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert repr(x) == repr(y)
        assert dataclasses.astuple(x) == dataclasses.astuple(y)
        assert dataclasses.asdict(x) == dataclasses.asdict(y)
        assert x == ours(*args, **kwargs) and hash(x) == hash(ours(*args, **kwargs))
        assert x != y  # another class: not equal, as two dataclasses are not
        assert dataclasses.replace(x, a=9).a == 9 == dataclasses.replace(y, a=9).a
        for target in (x, y):
            with pytest.raises(dataclasses.FrozenInstanceError):
                target.a = 2
            with pytest.raises(dataclasses.FrozenInstanceError):
                del target.a

    def described(cls):
        return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash,
                 f.kw_only) for f in dataclasses.fields(cls)]  # fmt: skip

    assert described(ours) == described(theirs)
    assert [getattr(ours, n, None) for n in "abcd"] == [getattr(theirs, n, None) for n in "abcd"]
    assert ours.__match_args__ == theirs.__match_args__
    assert ours.__dataclass_params__.frozen and dataclasses.is_dataclass(ours)
    assert ours(1, c={"k": 1}) == ours(1)  # c takes no part in equality
    assert ours(1).c is not ours(1).c  # a fresh default each time
    with pytest.raises(TypeError):
        ours()


def test_the_model_is_made_of_records_that_pickle_compare_and_replace():
    node = Node("m", "menu", options=(("1", "a"),), timeout=Timeout(5.0, "a"))
    assert pickle.loads(pickle.dumps(node)) == node
    assert dataclasses.replace(node, say="hi") != node
    assert {Condition((("n", ("x",)),)), Condition((("n", ("x",)),))} == {
        Condition((("n", ("x",)),))
    }
    assert repr(Entry("e", "0890", "s")).startswith("Entry(id='e', dial='0890', start='s', when=")


def test_a_post_init_runs_and_an_unusual_class_falls_back_to_dataclass():
    @record
    class Doubled:
        x: int

        def __post_init__(self) -> None:
            object.__setattr__(self, "x", self.x * 2)

    assert Doubled(2).x == 4

    @record
    class Slotted:
        __slots__ = ("x", "y")
        x: int
        y: str

    assert (Slotted(1, "a").x, Slotted(1, "a").y, Slotted(1, "a")) == (1, "a", Slotted(1, "a"))

    @record
    class KwOnly:
        x: int = field(kw_only=True)

    assert KwOnly(x=1).x == 1
    with pytest.raises(TypeError):
        KwOnly(1)  # type: ignore[misc]


def test_the_compiled_inits_are_those_ivrs_classes_need():
    # ivr/_record/inits.py holds the __init__ of every pattern of fields ivr's own classes use,
    # so start-up compiles none: a class with a new pattern needs `python -m ivr._record`
    done = subprocess.run([sys.executable, "-m", "ivr._record", "--check"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Node.__init__.__code__.co_filename.endswith("inits.py")
    with pytest.raises(TypeError, match=r"Node.__init__\(\) missing .* 'id'"):
        Node()  # type: ignore[call-arg]
    node = Node("m", "menu", say="Hi")
    assert (node.id, node.type, node.say, node.options) == ("m", "menu", "Hi", ())


def test_a_class_of_a_new_pattern_compiles_its_own_init():
    from ivr._record import inits, template_name

    kinds = {f"f{i}": "int" for i in range(30)}  # 30 plain fields: no class of ivr has them
    wide = record(type("Wide", (), {"__annotations__": kinds, "__module__": __name__}))
    assert not hasattr(inits, template_name(("p" * 30, False, False)))
    assert wide(*range(30)).f29 == 29 and wide(*range(30)) == wide(*range(30))
    assert wide.__init__.__code__.co_filename == "<string>"


def _values(text: str) -> int | None:
    kinds = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
    try:
        return sum(isinstance(e, kinds) for e in yaml.parse(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return None


def _marks(text: str) -> int:
    raw = text.encode()
    return len(raw) - len(raw.translate(None, safe._VALUE_MARKS)) - raw.count(b"\r\n")


def test_no_text_holds_more_than_two_values_a_mark_and_one():
    """The bound the value screen rests on (``ivr.io.yaml.safe``): every text of up to four
    characters of YAML's indicators, and the patterns that come closest."""
    texts = ["".join(t) for n in range(1, 5) for t in itertools.product("a,[]{}:-? \n", repeat=n)]
    texts += ["{" + "a," * 500 + "a}", "[" + "{a}," * 300 + "]", "? a\n" * 300, "- a:\n" * 300]
    texts += ["{" * 30 + "a" + "}" * 30, "[" + "a: b, " * 200 + "]"]
    for text in texts:
        values = _values(text)
        if values is not None:
            assert values <= 2 * _marks(text) + 1, text


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_and_checking_leave_the_collector_as_they_found_it(enabled: bool) -> None:
    # ivr pauses the cyclic collector while it loads, searches and checks: never for good
    import gc

    import ivr

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        report = ivr.check("menus/mts")
        assert report.exit_code == 0 and gc.isenabled() is enabled
        assert ivr.routes(ivr.load("menus/mts"), caller={"network": "other"})
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()

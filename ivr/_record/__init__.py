"""``@record``: a frozen dataclass that costs a sixth of one to define.

``dataclasses.dataclass(frozen=True)`` writes six methods of a class as source text and compiles
each (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``):
for the 30 classes ``ivr route`` imports that took a third of its start-up over its
dependencies. A ``record`` is the same dataclass -- ``dataclasses.fields``, ``replace``,
``asdict`` and ``is_dataclass`` see it as frozen, with the same fields -- but only its
``__init__`` is compiled (it runs for every node a reader builds, so it stays as fast as the
dataclass's own); the other five are shared functions over the class's field names.

>>> @record
... class P:
...     x: int
...     y: int = 0
...     note: str = field(default="", compare=False, repr=False)
>>> p = P(1, note="here")
>>> p, p == P(1), hash(p) == hash(P(1)), dataclasses.replace(p, y=2)
(P(x=1, y=0), True, True, P(x=1, y=2))
>>> p.x = 3
Traceback (most recent call last):
dataclasses.FrozenInstanceError: cannot assign to field 'x'

Fields may have a ``default`` or a ``default_factory``, ``init=False``, ``compare``, ``repr``
and ``hash``; ``__post_init__`` runs as a dataclass runs it. A class with ``kw_only`` fields,
``InitVar`` pseudo-fields or its own frozen base falls back to ``dataclass(frozen=True)``.
``@mutable_record`` is the same for a plain (mutable) ``dataclass``.
"""

from __future__ import annotations

import collections
import dataclasses
import reprlib
from dataclasses import MISSING, FrozenInstanceError, field
from operator import attrgetter
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple

    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_kwargs):
        return lambda f: f


__all__ = ["NamedTuple", "field", "mutable_record", "record"]

T = TypeVar("T", bound=type)


def _params(frozen: bool = True) -> Any:
    """What ``dataclass(frozen=frozen)`` records of a class (``__dataclass_params__``)."""
    try:  # Python 3.10 and 3.11; later ones take more arguments
        return dataclasses._DataclassParams(True, True, True, False, False, frozen)  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        empty: Any = dataclasses.dataclass(frozen=frozen)(type("_Empty", (), {}))
        return empty.__dataclass_params__


_PARAMS = _params()


_MUTABLE_PARAMS = _params(frozen=False)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: T) -> T:
    """The frozen dataclass of ``cls`` (see the module's docstring)."""
    return _made(cls, frozen=True)


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable_record(cls: T) -> T:
    """The plain (mutable) ``dataclass`` of ``cls``, made as :func:`record` makes one:
    compared by its fields, unhashable, its fields assignable.

    >>> @mutable_record
    ... class Tally:
    ...     n: int = 0
    >>> t = Tally()
    >>> t.n += 2
    >>> t, t == Tally(2), Tally.__hash__ is None
    (Tally(n=2), True, True)
    """
    return _made(cls, frozen=False)


def _made(cls: T, frozen: bool) -> T:
    if _unusual(cls):
        return dataclasses.dataclass(frozen=frozen)(cls)  # type: ignore[return-value]
    made: Any = cls
    fields = _fields(made)
    _finish(made, fields, frozen)
    if not made.__dict__.get("__doc__"):
        made.__doc__ = f"{made.__name__}({_signature(fields)})"
    return made


def _signature(fields: tuple) -> str:
    """The text of the parameters of a record's ``__init__``, as ``dataclass`` documents it."""
    params = [f for f in fields if f.init]
    return ", ".join(
        f.name + ("" if f.default is MISSING and f.default_factory is MISSING else "=...")
        for f in params
    )


def _unusual(cls: type) -> bool:
    """Whether ``cls`` needs dataclass itself: a dataclass base, ``ClassVar``, ``InitVar`` or
    kw-only fields (no class of ivr has them), or a Python whose dataclasses differ."""
    if not _KNOWN_DATACLASSES:
        return True
    for base in cls.__mro__[1:]:
        if hasattr(base, _FIELDS_NAME):  # what dataclasses.is_dataclass asks of a class
            return True
    annotations = cls.__dict__.get("__annotations__", {})
    for annotation in annotations.values():
        if not isinstance(annotation, str):
            return True
    joined = " ".join(annotations.values())
    if "ClassVar" in joined or "InitVar" in joined or "KW_ONLY" in joined:
        return True
    for value in cls.__dict__.values():
        if isinstance(value, dataclasses.Field) and value.kw_only is True:
            return True
    return False


_KNOWN_DATACLASSES = hasattr(dataclasses, "_FIELD") and hasattr(dataclasses, "_FIELDS")
_FIELDS_NAME: str = getattr(dataclasses, "_FIELDS", "__dataclass_fields__")
_FIELD_KIND = getattr(dataclasses, "_FIELD", None)


def _fields(cls: Any) -> tuple:
    """The dataclass fields of ``cls``, recorded on it as ``dataclass`` records them."""
    fields = {}
    own = cls.__dict__
    for name, kind in own.get("__annotations__", {}).items():
        default = own.get(name, MISSING)
        if isinstance(default, dataclasses.Field):
            f: Any = default
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
            if f.kw_only is MISSING:
                f.kw_only = False
        else:
            f = field(default=default)
            f.kw_only = False
        f.name, f.type = name, kind
        f._field_type = _FIELD_KIND
        if f.default is not MISSING and f.default.__class__.__hash__ is None:
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not "
                             "allowed: use default_factory")  # fmt: skip
        fields[name] = f
    for name, value in own.items():
        if isinstance(value, dataclasses.Field) and name not in fields:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    setattr(cls, _FIELDS_NAME, fields)
    cls.__match_args__ = tuple(f.name for f in fields.values() if f.init)  # type: ignore[misc]
    return tuple(fields.values())


def _finish(cls: Any, fields: tuple, frozen: bool = True) -> None:
    """Give ``cls`` its methods."""
    names = tuple(f.name for f in fields)
    cls.__init__ = _init(cls, fields)
    cls.__dataclass_params__ = _PARAMS if frozen else _MUTABLE_PARAMS
    compared = tuple(f.name for f in fields if f.compare)
    key = attrgetter(*compared) if compared else (lambda _self: ())
    if "__eq__" not in cls.__dict__:

        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return key(self) == key(other)
            return NotImplemented

        cls.__eq__ = __eq__
    if not frozen:  # what dataclass(eq=True) does to a mutable class: no hash
        if "__hash__" not in cls.__dict__:
            cls.__hash__ = None
    elif "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
        hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        hash_key = attrgetter(*hashed) if hashed else (lambda _self: ())
        cls.__hash__ = lambda self: hash(hash_key(self))
    if "__repr__" not in cls.__dict__:
        shown = tuple(f.name for f in fields if f.repr)

        @reprlib.recursive_repr()
        def __repr__(self):
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in shown)
            return f"{self.__class__.__qualname__}({inner})"

        cls.__repr__ = __repr__
    if not frozen:
        return
    fixed = frozenset(names)

    def __setattr__(self, name, value):
        if type(self) is cls or name in fixed:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in fixed:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    cls.__setattr__ = __setattr__
    cls.__delattr__ = __delattr__


class _Factory:
    """The default of a field with a ``default_factory``: the factory runs in ``__init__``."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


# The code of an __init__ depends only on the kinds of its fields (plain, defaulted, with a
# factory, ...), not on their names: one code per pattern, renamed per class. The patterns of
# ivr's own classes come compiled in ivr/_record/inits.py (`python -m ivr._record` writes it:
# compiling them at start-up took ~5 ms of `ivr route`); any other is compiled once here.
_TEMPLATES: dict[tuple, CodeType] = {}
_SEEN: dict[tuple, None] = {}  # the patterns asked for, in order: what inits.py should hold


def _init(cls: type, fields: tuple):
    """The class's ``__init__``: what ``dataclass(frozen=True)``'s does (its parameters,
    defaults and factories, then ``__post_init__``), the fields set at once. Its code is
    shared by every class of the same pattern of field kinds, under each class's names."""
    scope: dict[str, Any] = {"__set": object.__setattr__, "__FACTORY": _FACTORY}
    params: list[str] = []  # the parameters' names
    defaults: list[Any] = []
    names: list[str] = []
    pattern: list[str] = []
    for i, f in enumerate(fields):
        if f.default_factory is not MISSING:
            scope[f"__factory{i}"] = f.default_factory
            if f.init:
                params.append(f.name)
                defaults.append(_FACTORY)
                pattern.append("F")
            else:
                pattern.append("f")
        elif f.init:
            if f.default is MISSING:
                if defaults:
                    raise TypeError(f"non-default argument {f.name!r} follows default argument")
            else:
                defaults.append(f.default)
            params.append(f.name)
            pattern.append("p")
        elif f.default is not MISSING:
            scope[f"__default{i}"] = f.default
            pattern.append("d")
        else:
            pattern.append("x")
            continue  # init=False without a default: left unset, as a dataclass leaves it
        names.append(f.name)
    key = ("".join(pattern), hasattr(cls, "__post_init__"), "__slots__" in cls.__dict__)
    _SEEN.setdefault(key, None)
    code = _TEMPLATES.get(key) or _template(key)
    qualname = f"{cls.__qualname__}.__init__"
    own = code.co_varnames[1 + len(params) :]  # the body's locals (__d, __n)
    names_of: dict[str, Any] = {"co_varnames": ("self", *params, *own), "co_name": "__init__"}
    if hasattr(code, "co_qualname"):  # Python 3.11 on: what a TypeError of a call names
        names_of["co_qualname"] = qualname
    code = code.replace(**names_of)
    scope["__names"] = tuple(names)
    init = FunctionType(code, scope, "__init__", tuple(defaults) or None)
    init.__qualname__ = qualname
    init.__module__ = cls.__module__
    return init


def template_name(key: tuple[str, bool, bool]) -> str:
    """The name of the ``__init__`` code of a pattern in ivr/_record/inits.py.

    >>> template_name(("ppF", True, False))
    '_ppF_post'
    """
    pattern, post_init, slots = key
    return "_" + pattern + ("_post" if post_init else "") + ("_slots" if slots else "")


def template_source(key: tuple[str, bool, bool]) -> str:
    """The source of the ``__init__`` of a pattern: field ``i`` is parameter ``_i``.

    >>> print(template_source(("pF", False, False)))
    def _pF(self, _0, _1):
        __d = self.__dict__
        __n = __names
        __d[__n[0]] = _0
        __d[__n[1]] = __factory1() if _1 is __FACTORY else _1
    """
    pattern, post_init, slots = key
    params, values = [], []
    for i, kind in enumerate(pattern):
        if kind in "pF":
            params.append(f"_{i}")
        if kind == "p":
            values.append(f"_{i}")
        elif kind == "F":
            values.append(f"__factory{i}() if _{i} is __FACTORY else _{i}")
        elif kind == "f":
            values.append(f"__factory{i}()")
        elif kind == "d":
            values.append(f"__default{i}")
    if slots:  # no __dict__: one object.__setattr__ a field
        sets = [f"__set(self, __n[{j}], {v})" for j, v in enumerate(values)]
        body = ["__n = __names", *sets] if values else []
    elif values:  # what object.__setattr__ does for each (a field is never a descriptor): an
        # item each into the instance's dict (a Loc 0.5 us, 1.0 with dict.update(zip(...)))
        sets = [f"__d[__n[{j}]] = {v}" for j, v in enumerate(values)]
        body = ["__d = self.__dict__", "__n = __names", *sets]
    else:
        body = []
    if post_init:
        body.append("self.__post_init__()")
    head = f"def {template_name(key)}({', '.join(['self', *params])}):"
    if len(head) > 100:  # as ruff format lays a long signature out: the file stays formatted
        head = (
            f"def {template_name(key)}(\n"
            + "".join(f"    {p},\n" for p in ["self", *params])
            + "):"
        )
    return "\n".join([head, *("    " + line for line in body or ["pass"])])


def _template(key: tuple[str, bool, bool]) -> CodeType:
    """The code of a pattern: compiled in ivr/_record/inits.py, else compiled now."""
    from ivr._record import inits  # noqa: PLC0415

    found = getattr(inits, template_name(key), None)
    if found is not None:
        code = found.__code__
    else:
        module = compile(template_source(key), "<string>", "exec")  # built from kinds only
        code = next(c for c in module.co_consts if isinstance(c, CodeType))
    _TEMPLATES[key] = code
    return code


_NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__dict__",
                         "__weakref__", "__orig_bases__"})  # fmt: skip


class _NamedTupleMeta(type):
    """What ``typing.NamedTuple`` makes of a class body -- ``collections.namedtuple`` of its
    annotated fields, with their defaults, docstring and methods -- without turning each
    annotation into a ``typing.ForwardRef`` (a compile each: half the cost of the class)."""

    def __new__(mcls, typename: str, bases: tuple, ns: dict[str, Any]) -> Any:
        if ns.get("_root", False):
            return super().__new__(mcls, typename, bases, ns)
        annotations = ns.get("__annotations__", {})
        fields = tuple(annotations)
        defaults = [ns[f] for f in fields if f in ns]
        made = collections.namedtuple(typename, fields, defaults=defaults,  # type: ignore[misc]
                                      module=ns.get("__module__"))  # fmt: skip
        made.__annotations__ = dict(annotations)
        made.__qualname__ = ns.get("__qualname__", typename)
        for key, value in ns.items():
            if key not in _NOT_COPIED and key not in fields:
                setattr(made, key, value)
        return made


if not TYPE_CHECKING:

    class NamedTuple(metaclass=_NamedTupleMeta):
        """``class P(NamedTuple): x: int; y: int = 0``, as ``typing.NamedTuple`` makes it.

        >>> class P(NamedTuple):
        ...     "A point."
        ...     x: int
        ...     y: int = 0
        ...     def norm(self) -> int:
        ...         return abs(self.x) + abs(self.y)
        >>> p = P(3, -4)
        >>> p, p.norm(), P(1), P._fields, P.__doc__, isinstance(p, tuple)
        (P(x=3, y=-4), 7, P(x=1, y=0), ('x', 'y'), 'A point.', True)
        """

        _root = True

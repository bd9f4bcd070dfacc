"""Who calls, and which entry answers them: caller contexts, defaults, entry choice.

>>> from ivr.model.types import Entry, Hotline, Menu
>>> line = Hotline((Menu(id="m", caller=(("network", ("mts", "other")),),
...                      entries=(Entry("0890", "0890", "main"),)),))
>>> resolve_caller(line, {})
{'network': 'mts'}
>>> caller_contexts(line)
[{'network': 'mts'}, {'network': 'other'}]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence

from ivr.diagnostics import did_you_mean
from ivr.errors import InputError
from ivr.model.clock import Moment
from ivr.model.numbers import digits_of, find_entries
from ivr.model.types import Entry, Hotline, Menu
from ivr.model.types import as_hotline as as_hotline  # re-exported: its old home


def resolve_caller(hotline: Hotline, caller: Mapping[str, str] | None) -> dict[str, str]:
    """Check a caller's attributes against the hotline and fill the rest with defaults.

    The default of an attribute is the first value its ``caller`` declaration lists.
    InputError (a ValueError, with a did-you-mean) for an unknown attribute or value, and for
    a caller the hotline's ``caller: {exclude: [...]}`` says cannot exist.
    """
    declared = hotline.caller_attributes
    out = {name: values[0] for name, values in declared.items() if values}
    for name, value in (caller or {}).items():
        if name not in declared:
            raise InputError(
                f"caller attribute '{name}' is not declared by this hotline "
                f"({', '.join(declared) or 'none'}){did_you_mean(name, declared)}"
            )
        if value not in declared[name]:
            raise InputError(
                f"'{value}' is not a value of caller attribute '{name}' "
                f"({', '.join(declared[name])}){did_you_mean(value, declared[name])}"
            )
        out[name] = value
    ruled_out = hotline.excluded(out)
    if ruled_out is not None:
        named = ", ".join(f"{name}={out[name]}" for name, _values in ruled_out.attrs)
        raise InputError(
            f"no such caller: {named} cannot occur ('caller: exclude' of the hotline rules out "
            f"{ruled_out.describe()})"
        )
    return out


def choose_entry(
    hotline: Hotline, dial: str, caller: Mapping[str, str], minute: int | Moment
) -> tuple[Menu, Entry, bool]:
    """The entry that answers ``dial`` for this caller: (menu, entry, serves this caller).

    InputError when no entry has that number at all.
    """
    found = find_entries(hotline, dial)
    if not found:
        dials = [e.dial for _, e in hotline.entries()]
        raise InputError(f"no entry of this hotline answers '{dial}'" + did_you_mean(dial, dials))
    who = dict(caller)
    plus = digits_of(dial).startswith("+")
    held = None  # the first entry that would serve this caller, dialled with +
    for menu, entry in found:
        if entry.when.holds(who, minute):
            if plus or not entry.needs_plus:
                return menu, entry, True
            held = held or (menu, entry)
    menu, entry = held or found[0]
    return menu, entry, False


def caller_contexts(hotline: Hotline) -> list[dict[str, str]]:
    """Every combination of the hotline's declared caller attributes, in declared order, but
    those its ``caller: {exclude: [...]}`` rules out (callers that cannot exist)."""
    return list(iter_caller_contexts(hotline))


def iter_caller_contexts(hotline: Hotline) -> Iterator[dict[str, str]]:
    """:func:`caller_contexts`, one at a time (there may be millions: see
    :func:`count_caller_contexts`)."""
    attrs = hotline.caller_attributes
    names = list(attrs)
    for combo in itertools.product(*(attrs[n] for n in names)):
        who = dict(zip(names, combo, strict=True))
        if hotline.excluded(who) is None:
            yield who


def count_caller_contexts(hotline: Hotline) -> int:
    """How many combinations of caller attributes the hotline declares (exclusions counted
    in: an upper bound of :func:`caller_contexts`).

    >>> from ivr.model.types import Hotline, Menu
    >>> count_caller_contexts(Hotline((Menu(id="m", caller=(("a", ("1", "2")),
    ...                                                      ("b", ("x", "y", "z")))),)))
    6
    """
    return math.prod(len(v) for v in hotline.caller_attributes.values())


def served_entries(
    hotline: Hotline, who: Mapping[str, str], minute: int | Moment
) -> list[tuple[Menu, Entry]]:
    """(menu, entry) of every number this caller can dial, in the files' order.

    A dialled number reaches the first entry with that number that serves the caller, as
    :func:`choose_entry` picks it.
    """
    caller = dict(who)
    chosen: set[str] = set()
    out = []
    for m in hotline.menus:
        for e in m.entries:
            if e.dial in chosen or not e.when.holds(caller, minute):
                continue
            same = [x for x in find_entries(hotline, e.dial) if x[1].when.holds(caller, minute)]
            if same and same[0][1] is not e:
                continue
            chosen.add(e.dial)
            out.append((m, e))
    return out


def caller_from_text(hotline: Hotline, texts: str | Sequence[str] | None) -> dict[str, str]:
    """A caller from ``--caller`` texts: ``name=value`` pairs or values alone, separated by
    commas; several texts merge (a later one wins for the same attribute). A value alone
    names the one attribute that declares it. InputError for an ambiguous or unknown value.

    Raises: :class:`~ivr.errors.InputError` for a text that is not ``name=value`` pairs or
    values, an ambiguous or unknown value, an undeclared attribute.

    >>> from ivr.model.types import Entry, Hotline, Menu
    >>> line = Hotline((Menu(id="m", caller=(("network", ("mts", "other")),
    ...                                      ("location", ("home", "abroad"))),
    ...                      entries=(Entry("0890", "0890", "main"),)),))
    >>> caller_from_text(line, ["network=other", "location=abroad"])
    {'network': 'other', 'location': 'abroad'}
    >>> caller_from_text(line, "mts,abroad")
    {'network': 'mts', 'location': 'abroad'}
    """
    if isinstance(texts, str):
        texts = [texts]
    declared = hotline.caller_attributes
    owners: dict[str, list[str]] = {}
    for name, values in declared.items():
        for value in values:
            owners.setdefault(value, []).append(name)
    out: dict[str, str] = {}
    for text in texts or ():
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, value = (s.strip() for s in part.partition("="))
            if sep:
                if not name or not value:
                    raise InputError(f"--caller takes name=value or a value, not '{part}'")
                out[name] = value
                continue
            names = owners.get(name, [])
            if not names and name in declared:
                raise InputError(
                    f"--caller takes name=value or a value alone, not '{part}' "
                    f"({name}={'|'.join(declared[name])})"
                )
            if len(names) > 1:
                raise InputError(
                    f"caller value '{name}' belongs to {' and '.join(names)}: "
                    f"say which, e.g. {names[0]}={name}"
                )
            if not names:
                known = ", ".join(f"{n}={'|'.join(v)}" for n, v in declared.items()) or "none"
                raise InputError(
                    f"'{name}' is not a value of any caller attribute of this hotline "
                    f"({known}){did_you_mean(name, owners)}"
                )
            out[names[0]] = name
    resolve_caller(hotline, out)  # unknown names and values: the same messages as the library
    return out


def caller_table(hotline: Hotline) -> list[dict]:
    """The hotline's caller attributes for people: name, values (the first is the default)
    and the menus' words for each value.

    Raises: nothing.

    >>> from ivr.model.types import Hotline, Menu
    >>> m = Menu("m", caller=(("net", ("a", "b")),), caller_words=(("net", "b", "a foreign SIM"),))
    >>> table = caller_table(Hotline((m,)))
    >>> table[0]["name"], table[0]["default"], table[0]["values"][1]
    ('net', 'a', {'value': 'b', 'words': 'a foreign SIM'})
    """
    words = {(a, v): w for m in hotline.menus for a, v, w in m.caller_words}
    return [
        {"name": name, "default": values[0] if values else "",
         "values": [{"value": v, "words": words.get((name, v), "")} for v in values]}
        for name, values in hotline.caller_attributes.items()
    ]  # fmt: skip

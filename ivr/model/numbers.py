"""Telephone numbers: parse, normalise, format (phonenumbers does the real work).

Carrier short codes (``0890``, ``111``) are not in any numbering plan: a string of 2 to 6 digits
is taken as a short number and dialled as it is.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ivr._record import record
from ivr.errors import InputError

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

    from ivr.model.types import Entry, Hotline, Menu

_SEPARATORS = re.compile(r"[\s\-().]")
# a platform's own address, dialled as it is: EXTEN@CONTEXT (Asterisk), a SIP user@host
_ADDRESS = r"[\w+*#.-]+@[\w.-]+"  # compiled (and kept by re) at the first "@"


def digits_of(dial: str) -> str:
    """The dialled characters without spaces, dashes, dots and brackets.

    >>> digits_of("+7 (495) 766-01-66"), digits_of("100@from-internal")
    ('+74957660166', '100@from-internal')
    """
    if "@" in dial:
        return dial.strip()  # an address: its dots and dashes are part of it
    return _SEPARATORS.sub("", dial)


def is_short(dial: str) -> bool:
    """A carrier short code: 2 to 6 digits, no plus.

    >>> is_short("0890"), is_short("8 800 250 08 90")
    (True, False)
    """
    d = digits_of(dial)
    return d.isdigit() and 2 <= len(d) <= 6


@record
class Number:
    """A number in the forms a person or a phone needs."""

    dial: str
    e164: str
    national: str
    international: str
    short: bool
    context: str = ""
    region: str = ""
    """The two-letter region whose numbering plan the number is in (empty for a short code)."""

    @property
    def tel(self) -> str:
        """An RFC 3966 ``tel:`` URI (short numbers get ``;phone-context`` of their region)."""
        if self.short:
            context = f";phone-context={self.context}" if self.context else ""
            return f"tel:{digits_of(self.dial)}{context}"
        return "tel:" + self.international.replace(" ", "-")


def parse(dial: str, region: str = "") -> Number:
    """Parse a dialled number; ValueError with a reason when it is not a number.

    ``region`` is the numbering plan of a number written in national form (a two-letter code);
    without one, only short codes and numbers in international form (``+...``) parse.

    >>> n = parse("8 800 250 08 90", "RU")
    >>> n.e164, n.national, n.international, n.region
    ('+78002500890', '8 (800) 250-08-90', '+7 800 250-08-90', 'RU')
    >>> parse("0890").e164
    '0890'
    """
    return _parse(dial, region)


@functools.lru_cache(maxsize=4096)
def _parse(dial: str, region: str) -> Number:
    """:func:`parse`, remembered: routes and the simulator ask for the same few numbers often,
    and phonenumbers takes a fraction of a millisecond each time."""
    import phonenumbers  # noqa: PLC0415  (lazy: keeps `ivr` start-up fast)

    d, parsed = _checked(dial, region)
    if parsed is None:
        code = phonenumbers.country_code_for_region(region)
        return Number(dial, d, d, d, True, f"+{code}" if code else "")
    fmt = phonenumbers.PhoneNumberFormat
    return Number(
        dial,
        phonenumbers.format_number(parsed, fmt.E164),
        phonenumbers.format_number(parsed, fmt.NATIONAL),
        phonenumbers.format_number(parsed, fmt.INTERNATIONAL),
        False,
        region=phonenumbers.region_code_for_number(parsed) or "",
    )


@functools.lru_cache(maxsize=4096)
def _checked(dial: str, region: str) -> tuple[str, PhoneNumber | None]:
    """(digits, phonenumbers' parse or None for a short code) of a valid number; InputError
    with the reason otherwise. Validation needs no more: the national and international forms
    (phonenumbers' formatting patterns, compiled on first use) wait for whoever prints them."""
    import phonenumbers  # noqa: PLC0415

    d = digits_of(dial)
    if "@" in d and re.fullmatch(_ADDRESS, d):
        return d, None  # dialled as it is, like a short code
    digits = d[1:] if d.startswith("+") else d
    if not (digits.isascii() and digits.isdigit()):  # \+?[0-9]+ (no regex to compile)
        raise InputError(
            f"'{dial}' is not a telephone number (digits, spaces, dashes, a leading +)"
        )
    if is_short(d):
        return d, None
    if not region and not d.startswith("+"):
        raise InputError(
            f"'{dial}' is not in international form (+...) and no 'region' gives its numbering plan"
        )
    try:
        parsed = phonenumbers.parse(d, region)
    except phonenumbers.NumberParseException as exc:
        raise InputError(f"'{dial}' does not parse as a telephone number: {exc}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InputError(f"'{dial}' is not a valid telephone number in region {region}")
    return d, parsed


def same_number(a: str, b: str, region: str = "") -> bool:
    """Whether two ways of writing a number dial the same line.

    >>> same_number("88002500890", "+7 800 250-08-90", "RU")
    True
    """
    if digits_of(a) == digits_of(b):
        return True
    try:
        return parse(a, region).e164 == parse(b, region).e164
    except ValueError:
        return False


def find_entries(hotline: Hotline, dial: str) -> list[tuple[Menu, Entry]]:
    """Every entry of the hotline that answers ``dial`` (by id or by number), in file order.

    Looked up in an index of the hotline's entries (by id, digits, and number in each region
    used) built once per hotline: a scan per lookup made loading n claims on n entries n².

    >>> import ivr
    >>> [e.id for _, e in find_entries(ivr.load("menus/mts"), "+7 800 250-08-90")]
    ['88002500890', '88002500890-mts']
    """
    pairs, by_id, by_digits, by_number = _entry_index(hotline)
    found = {*by_id.get(dial, ()), *by_digits.get(digits_of(dial), ())}
    for region, index in by_number.items():
        found.update(index.get(_e164(dial, region), ()))
    return [pairs[i] for i in sorted(found)]


def only_dial(hotline: Hotline) -> str:
    """What to dial when there is one thing to dial: the number of the hotline's entries
    when they all share it; UsageError naming them otherwise.

    >>> from ivr.model.types import Entry, Hotline, Menu
    >>> only_dial(Hotline((Menu("m", entries=(Entry("e", "0890", "s"),)),)))
    '0890'
    """
    from ivr.errors import UsageError  # noqa: PLC0415

    dials = list(dict.fromkeys(e.dial for _, e in hotline.entries()))
    if len(dials) == 1:
        return dials[0]
    shown = ", ".join(dials[:8]) + (", ..." if len(dials) > 8 else "")
    raise UsageError(
        f"give --dial: this hotline has {len(dials)} numbers ({shown or 'none'})"
        if dials
        else "this hotline has no entry to dial"
    )


def _entry_index(hotline: Hotline) -> tuple:
    got = hotline.__dict__.get("_entry_index")  # a hotline is immutable: kept on the instance
    if got is None:
        pairs = hotline.entries()
        by_id: dict[str, list[int]] = {}
        by_digits: dict[str, list[int]] = {}
        by_number: dict[str, dict[str, list[int]]] = {}
        for i, (_m, e) in enumerate(pairs):
            by_id.setdefault(e.id, []).append(i)
            by_digits.setdefault(digits_of(e.dial), []).append(i)
            e164 = _e164(e.dial, e.region)
            if e164 is not None:
                by_number.setdefault(e.region, {}).setdefault(e164, []).append(i)
        got = hotline.__dict__["_entry_index"] = (pairs, by_id, by_digits, by_number)
    return got


# phonenumbers takes ~0.1 ms a number, and the same numbers come back (each entry's and each
# claim's at load, the dialled number on every simulated call).
@functools.lru_cache(maxsize=4096)
def _e164(dial: str, region: str) -> str | None:
    """``parse(dial, region).e164`` (None when it is no number), without the national and
    international forms: their formatting patterns are compiled on first use, and only a
    number that is printed needs them."""
    try:
        d, parsed = _checked(dial, region)
    except ValueError:
        return None
    if parsed is None:
        return d
    import phonenumbers  # noqa: PLC0415

    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=4096)
def number_problem(dial: str, region: str) -> str | None:
    """Why ``dial`` is not a telephone number in ``region`` (None when it is one).

    >>> number_problem("0890", ""), number_problem("call us", "RU")
    (None, "'call us' is not a telephone number (digits, spaces, dashes, a leading +)")
    """
    if "@" in dial and re.fullmatch(_ADDRESS, dial.strip()):
        return None  # a platform's address (as _checked says, without its cache: an import
        # of a 10,000-dialog document dials as many addresses)
    try:
        _checked(dial, region)  # what parse checks, without formatting the number
    except ValueError as exc:
        return str(exc)
    return None

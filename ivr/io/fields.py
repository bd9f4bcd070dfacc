"""What the field table of the format (:mod:`ivr.io.spec`) is made of: a :class:`Field` (its
kind, whether it is required, its range, default, allowed values and one-line doc) and a
:class:`Section` (a mapping of the format: its fields in the order a file writes them).

>>> field_of("after", "number", "Seconds of silence", min=0.1, max=600).described()
'Seconds of silence (0.1 to 600).'
"""

from __future__ import annotations

from ivr._record import record

KINDS = (
    "version",  # the format version, the number 1
    "text",  # text; a YAML number or true/false is read as the text written
    "say",  # text that may be left empty (``say:``)
    "texts",  # one text or a list of texts
    "node",  # the id of a node of the same file
    "number",  # a number in [min, max]
    "integer",  # a whole number in [min, max]
    "boolean",  # true or false
    "choice",  # one of ``values``
    "dial",  # a telephone number as dialled
    "entry_ref",  # the dial or id of an entry of the hotline
    "keys",  # keys to press: "2 0", "2-0", "20"
    "time",  # a time of day HH:MM, 00:00 to 23:59
    "moment",  # a time of the call: HH:MM, DAY HH:MM or YYYY-MM-DD HH:MM
    "span",  # one hour range HH:MM-HH:MM, which may start with weekdays
    "hours",  # one hour range or a list of them
    "days",  # weekdays (Mon-Fri, Sat,Sun), one or a list
    "dates",  # dates or date ranges (MM-DD, YYYY-MM-DD, A/B), one or a list
    "file",  # a menu file name of the same folder
    "options",  # telephone key -> node
    "inferred",  # names of fields of the same section, or 'all'
    "attributes",  # caller attribute -> its values (declarations)
    "caller",  # caller attribute -> one value (a claim's caller)
    "condition",  # a condition: caller attributes, 'hour', 'days' and 'dates'
    "cost",  # 'free' or a cost section
    "source",  # a title alone or a source section
    "section",  # a mapping of the section ``of``
    "list",  # a list of mappings of the section ``of``
    "map",  # id -> a mapping of the section ``of``
)


@record
class Field:
    """One field of a section: what its value is, whether it must be there, its range."""

    name: str
    kind: str
    doc: str
    required: bool = False
    min: float | None = None
    max: float | None = None
    default: object = None
    """The value when the field is absent (None: nothing, or said in ``doc``)."""
    values: tuple[str, ...] = ()
    """The allowed values of a ``choice``."""
    value_docs: tuple[str, ...] = ()
    of: str | None = None
    """The section of a ``section``, ``list``, ``map``, ``cost`` or ``source`` value."""

    def range(self) -> tuple[float, float]:
        """``(min, max)`` of a number.

        >>> from ivr.io.spec import SECTIONS
        >>> SECTIONS["top"].field("key_time").range()
        (0.05, 60)
        """
        if self.min is None or self.max is None:
            raise ValueError(f"field '{self.name}' has no range")
        return self.min, self.max

    def described(self) -> str:
        """The doc with the range, the default and the values: the help text of the field.

        >>> from ivr.io.spec import SECTIONS
        >>> SECTIONS["top"].field("key_time").described()
        'Seconds a caller takes to press one key (0.05 to 60; default 1).'
        """
        extra = []
        if self.min is not None and self.max is not None:
            extra.append(f"{self.min:g} to {self.max:g}")
        if self.default is not None and self.default != "":
            shown = self.default
            if isinstance(shown, bool):
                shown = str(shown).lower()
            elif isinstance(shown, float):
                shown = f"{shown:g}"
            extra.append(f"default {shown}")
        doc = self.doc.rstrip(".")
        return f"{doc} ({'; '.join(extra)})." if extra else doc + "."


@record
class Section:
    """A mapping of the format: its fields in the order a menu file writes them."""

    name: str
    doc: str
    fields: tuple[Field, ...]

    def names(self) -> tuple[str, ...]:
        made = self.__dict__.get("_names")  # asked for every mapping a reader reads
        if made is None:
            made = self.__dict__["_names"] = tuple(f.name for f in self.fields)
        return made

    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"section '{self.name}' has no field '{name}'")


def field_of(name: str, kind: str, doc: str, **kw: object) -> Field:
    """A :class:`Field` (the table's short hand: keyword arguments as ``Field`` takes them)."""
    return Field(name, kind, doc, **kw)  # type: ignore[arg-type]


def provenance(what: str) -> tuple[Field, ...]:
    """The fields of provenance every node and entry has: ``source``, ``inferred``, ``note``."""
    _f = field_of
    return (
        _f("source", "texts", "The source (an id under the top-level 'sources') that gives this "
           "fact; one id or a list"),
        _f("inferred", "inferred", f"Fields of this {what} whose values no source gives: guessed "
           "(from the platforms' documented defaults or by reasoning) and marked so. One field "
           "name or a list; 'all' marks every field; 'options.KEY' (e.g. \"options.1\") marks "
           "one option of a menu alone"),
        _f("note", "text", f"A free note about this {what}"),
    )  # fmt: skip

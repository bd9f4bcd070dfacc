"""Located messages: ``path:line:col: message``, collected rather than raised one by one.

The lowest layer but :mod:`ivr.errors`: the model, every reader and every check report in it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ivr._record import record
from ivr.errors import LoadError as LoadError  # re-exported: its old home
from ivr.printable import printable

SEVERITIES = ("error", "warning", "info")


@record
class Loc:
    """Where something stands in a menu file (1-based line and column).

    >>> str(Loc("menus/x.yaml", 3, 5))
    'menus/x.yaml:3:5'
    """

    file: str = ""
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.col}")


NOWHERE = Loc()


@record
class Diagnostic:
    """One message about one place in a menu file.

    Raises: nothing.

    >>> str(Diagnostic(Loc("menus/x.yaml", 14, 7), "unknown field 'tyep'"))
    "menus/x.yaml:14:7: unknown field 'tyep'"
    """

    loc: Loc
    message: str
    rule: str = "load"
    severity: str = "error"

    def __post_init__(self) -> None:
        # one line whatever the menu held: every report prints control characters escaped
        if not self.message.isprintable():
            object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        where = str(self.loc) if self.loc.line else self.loc.file
        text = f"{where}: {self.message}" if where else self.message  # a model built in Python
        return printable(text)

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.loc.file,
            "line": self.loc.line,
            "col": self.loc.col,
            "message": self.message,
        }


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (ignoring case as a last resort), or None.

    >>> close_match("tyep", ["type", "say"]), close_match("xyz", ["type"])
    ('type', None)
    """
    import difflib  # noqa: PLC0415  (only a mistake needs it: not at start-up)

    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {c.lower(): c for c in choices}
    return lowered.get(str(word).lower())


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A `` (did you mean 'x'?)`` suffix, or an empty string when nothing is close.

    >>> did_you_mean("servces", ["services", "balance"])
    " (did you mean 'services'?)"
    """
    close = close_match(word, choices)
    return f" (did you mean '{close}'?)" if close else ""

"""Telephone keys: which a caller can press, and how a sequence of them is written.

>>> split_keys("2 0"), key_problem("2") is None
(('2', '0'), True)
"""

from __future__ import annotations

DTMF_KEYS = "0123456789*#ABCD"
CALLER_MARKS = ("_", ".")  # _ stay silent until the menu times out; . hear the menu out first


def split_keys(text: str) -> tuple[str, ...]:
    """Keys of a claim or a command line: ``"2 0"``, ``"2,0"``, ``"1-2-4-0"`` or ``"20"``.

    >>> split_keys("1-2-4-0"), split_keys("2 0"), split_keys("20"), split_keys("")
    (('1', '2', '4', '0'), ('2', '0'), ('2', '0'), ())
    """
    parts = text.replace(",", " ").replace("-", " ").split()
    if len(parts) == 1:
        return tuple(parts[0])
    return tuple(parts)


def key_problem(key: str) -> str | None:
    """Why a caller cannot press ``key`` (None when it is a telephone key or a caller mark).

    >>> key_problem("2") is None, key_problem("a").endswith("(did you mean 'A'?)")
    (True, True)
    """
    if key in CALLER_MARKS or (len(key) == 1 and key in DTMF_KEYS):
        return None
    close = len(key) == 1 and key.upper() in DTMF_KEYS
    hint = f" (did you mean '{key.upper()}'?)" if close else ""
    return "is not a telephone key (0-9 * # A-D; _ to stay silent, . to hear the menu out)" + hint

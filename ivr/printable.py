"""Text made safe to print in a message: control characters shown as escapes, never obeyed.

A field name, a node id or a file name comes from a menu file, so it may hold a terminal escape
(``\\x1b[2J`` clears the screen), a newline (one message split over two lines), a carriage
return or a bidirectional override (text that reads differently than it is). Every message
``ivr`` prints goes through :func:`printable` (:class:`~ivr.diagnostics.Diagnostic` does it,
and the command line for its one-line errors); letters of any script are kept as they are.

>>> printable("bad\\x1b[2Jkey\\nnext")
'bad\\\\x1b[2Jkey\\\\nnext'
>>> printable("Оператор")
'Оператор'
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls
_CODES = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x061C, 0x200E, 0x200F]
_CODES += [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
_UNSAFE = {code: _escape(chr(code)) for code in _CODES}


def printable(text: str) -> str:
    """``text`` with every control, line-separator and bidi character as a visible escape.

    >>> printable("a\\u202eb\\u2028")
    'a\\\\u202eb\\\\u2028'
    """
    if text.isprintable():
        return text
    out = text.translate(_UNSAFE)
    if out.isprintable():
        return out
    # other unprintable characters (unassigned, private use, format) stay: they cannot move
    # the cursor or reorder a line, and some scripts need the format ones (ZWJ in emoji)
    return "".join(_escape(c) if unicodedata.category(c) == "Cc" else c for c in out)

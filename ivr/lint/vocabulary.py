"""The words of prompts that name keys: "press 3", "нажмите 3", "balance — 1", "1 for balance".

:func:`named_keys` finds the keys a prompt tells the caller to press; :func:`mentions` says
whether a prompt mentions a key at all. English and Russian words are understood (the digits'
names, "star", "решётка", the verbs "press", "нажмите" and their kin).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD_KEYS = {
    "*": ("star", "asterisk", "звёздочк", "звездочк"),
    "#": ("pound", "hash", "решётк", "решетк", "диез"),
    "0": ("zero", "ноль", "нуль"),
    "1": ("one", "один", "одну", "единиц"),
    "2": ("two", "два", "двойк"),
    "3": ("three", "три", "тройк"),
    "4": ("four", "четыре", "четвёрк", "четверк"),
    "5": ("five", "пять", "пятёрк", "пятерк"),
    "6": ("six", "шесть", "шестёрк", "шестерк"),
    "7": ("seven", "семь", "семёрк", "семерк"),
    "8": ("eight", "восемь", "восьмёрк", "восьмерк"),
    "9": ("nine", "девять", "девятк"),
}
_WORD_TO_KEY = {w: k for k, words in _WORD_KEYS.items() for w in words}
_WORDS = "|".join(sorted((re.escape(w) + r"\w*" for w in _WORD_TO_KEY), key=len, reverse=True))
# a single key: a lone digit (not a phone number such as "8 800 ..."), * or #, a key word, A-D
_KEY = r"(?:(?<![\d])\d(?![\d])(?![\s\-]*\d\d)|[*#]|(?i:" + _WORDS + r")\b|[A-D](?![\w]))"
_SEP = r"(?:\s*[,/]\s*|\s+(?i:or|and|или|либо|и)\s+)"
_TRIGGER = (
    r"(?i:\b(?:press(?:ing)?|push|dial|enter|select|choose|нажмите|нажми|нажав|нажимайте|"
    r"наберите|набрав|жмите|выберите)|\b(?:key|button|клавиш[ауие]?|кнопк[ауие]?)\b)"
)
_FILLER = r"(?:\s+(?i:the|key|button|number|digit|on|на|клавишу|кнопку|цифру)\b)*"
_NAMED = re.compile(
    _TRIGGER
    + _FILLER
    + r"\s*(?P<keys>"
    + _KEY
    + r"(?:"
    + _SEP
    + _KEY
    + r")*)"
    # "Balance - 1, operator - 0" / "баланс — 1"
    + r"|(?:^|(?<=\s))[—–-]\s*(?P<dash>\d|[*#])(?=\s*(?:$|[,.;:!?)]|\s+(?i:or|and|или|и)\s))"
    # "1 — balance", "2 - продажи"
    + r"|(?<![\w*#.,/:\-])(?P<lead>\d|[*#])\s+[—–-]\s+(?=[^\W\d])"
    # "1 for balance"
    + r"|(?<![\w*#.,/:\-])(?P<for>\d|[*#])\s+(?i:for)\s"
)
_ONE_KEY = re.compile(_KEY)


def _as_key(token: str) -> str:
    if len(token) == 1:
        return token.upper() if token.upper() in "ABCD" else token
    low = token.lower()
    for word, key in _WORD_TO_KEY.items():
        if low.startswith(word):
            return key
    return token


def named_keys(text: str) -> set[str]:
    """The keys a prompt tells the caller to press ("press 3", "нажмите 3", "balance — 1").

    >>> sorted(named_keys("For balance press 1 or 2. Operator - 0."))
    ['0', '1', '2']
    >>> sorted(named_keys("Для связи с оператором нажмите 0, баланс — 1"))
    ['0', '1']
    >>> sorted(named_keys("Call 8 800 250 08 90, open 24/7 for you"))
    []
    """
    return set(keys_named(text))


@lru_cache(maxsize=8192)
def keys_named(text: str) -> frozenset[str]:
    """:func:`named_keys` as a frozenset, cached: rules ask it of the same prompt again.

    >>> keys_named("Press star")
    frozenset({'*'})
    """
    keys: set[str] = set()
    for m in _NAMED.finditer(text):
        if m.group("keys"):
            keys.update(_as_key(t) for t in _ONE_KEY.findall(m.group("keys")))
        for name in ("dash", "lead", "for"):
            if m.group(name):
                keys.add(m.group(name))
    return frozenset(keys)


_LONE_DIGIT = {d: re.compile(rf"(?<![\w]){d}(?![\w])") for d in "0123456789"}


def mentions(text: str, key: str) -> bool:
    """Whether a prompt mentions ``key`` at all (a lone digit, the symbol or its word).

    >>> mentions("sections 2 and 5 lead on", "5"), mentions("12 months", "2")
    (True, False)
    """
    if key in keys_named(text):
        return True
    if key.isdigit():
        return _LONE_DIGIT[key].search(text) is not None
    words = [re.escape(w) for w in _WORD_KEYS.get(key, ())]
    symbol = re.escape(key) if key in "*#" else rf"\b{key}\b(?=\W*$)"
    return re.search("|".join([symbol, *words]), text, re.IGNORECASE) is not None

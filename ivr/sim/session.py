"""A call played as it happens, the caller choosing each key when the menu waits: what the
interactive ``ivr call`` and the ``ivr serve`` page's call share.

The call itself is always :func:`ivr.simulate` of the keys so far with ``until_input``: it
stops with outcome ``waiting`` at the menu where the keys run out. What a player needs to
know then is when that menu's prompt ends and when its silence times out
(:func:`waiting_times`), and which keys a key pressed at a moment of the clock stands for
(:func:`keys_after_press`: a key pressed once the prompt has been heard out is pressed after
a ``.``).

>>> import ivr
>>> menu = ivr.load_menu_text('''
... ivr: 1
... id: demo
... entries: [{dial: "0890", start: main}]
... nodes:
...   main:
...     type: menu
...     say: "Operator - 0"
...     duration: 4
...     options: {"0": human}
...     timeout: {after: 5, to: main}
...   human: {type: agent}''')
>>> call = ivr.simulate(menu, "0890", "", until_input=True)
>>> call.outcome, waiting_times(menu, call)
('waiting', (4.0, 9.0))
>>> keys_after_press([], "0", now=6.0, prompt_ends=4.0)
['.', '0']
>>> waiting_json(menu, call)
{'menu': 'demo', 'node': 'main', 'prompt_ends': 4.0, 'times_out': 9.0}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.sim.kernel import LISTEN

if TYPE_CHECKING:  # pragma: no cover
    from ivr.model.types import Hotline, Menu
    from ivr.sim.run import Call

EPSILON = 1e-9


def waiting_times(menus: Hotline | Menu, call: Call) -> tuple[float, float | None]:
    """For a call ``waiting`` at a menu: (when the menu's prompt ends, when its silence times
    out -- None if it never does)."""
    from ivr.model.validation import sound  # noqa: PLC0415

    hotline = sound(menus)
    menu = next(m for m in hotline.menus if m.id == call.menu)
    node = menu.node_map()[call.node or ""]
    start = next((e.t for e in reversed(call.events)
                  if e.node == call.node and e.kind == "play"), call.seconds)  # fmt: skip
    heard = call.events[-1].kind == "listen" if call.events else False
    end = call.seconds if heard else start + node.duration
    timeout = end + node.timeout.after if node.timeout is not None else None
    return end, timeout


def waiting_json(menus: Hotline | Menu, call: Call) -> dict | None:
    """Where a ``waiting`` call waits and until when (None for a call that has ended): the
    ``waiting`` field of ``POST /api/call`` with ``until_input``."""
    if call.outcome != "waiting":
        return None
    end, timeout = waiting_times(menus, call)
    return {
        "menu": call.menu,
        "node": call.node,
        "prompt_ends": round(end, 3),
        "times_out": round(timeout, 3) if timeout is not None else None,
    }


def keys_after_press(keys: list[str], key: str, now: float, prompt_ends: float) -> list[str]:
    """The keys of a waiting call once the caller presses ``key`` at clock ``now``: during
    the prompt the key as it is; after it (``now`` past ``prompt_ends``), a ``.`` (the prompt
    heard out) first, unless the last key already is one.

    >>> keys_after_press(["2"], "0", now=1.0, prompt_ends=5.0)
    ['2', '0']
    >>> keys_after_press(["."], "0", now=9.0, prompt_ends=5.0)
    ['.', '0']
    """
    out = list(keys)
    if now >= prompt_ends - EPSILON and key != LISTEN and (not out or out[-1] != LISTEN):
        out.append(LISTEN)
    out.append(key)
    return out

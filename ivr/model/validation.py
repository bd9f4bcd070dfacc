"""Semantic checks of a hotline, however it was built: ``ivr.validate(hotline)``.

A reader checks how a file is written (fields, types, ranges); what only the model as a whole
can tell is checked here, on the model: references to nodes, cited sources, declared caller
attributes and values, hours, numbers, waits, transfers between files, documented claims and
entry ids (:mod:`~ivr.model.part_checks`, :mod:`~ivr.model.menu_checks`,
:mod:`~ivr.model.hotline_checks`). For a model built or changed in Python, :func:`validate`
also checks what a reader guarantees by reading (:mod:`~ivr.model.shape_checks`: known node
types, the ways out each type needs, numbers the clock can count with).

Each :class:`~ivr.diagnostics.Diagnostic` is located at the model's ``loc`` (a
field's own location where the reader recorded one in ``where``), so the YAML reader, which
calls these checks, reports ``file:line:col`` at the offending value.

>>> import dataclasses, ivr
>>> menu = ivr.load_menu_text('ivr: 1\\nentries: [{dial: "0890", start: bye}]\\n'
...                           'nodes: {bye: {type: hangup}}\\n')
>>> broken = dataclasses.replace(menu.entries[0], start="by")
>>> [d.message for d in validate(dataclasses.replace(menu, entries=(broken,)))]
["'start' of entry '0890' points to 'by', which does not exist (did you mean 'bye'?)"]
"""

from __future__ import annotations

from ivr.diagnostics import Diagnostic
from ivr.errors import LoadError
from ivr.model.hotline_checks import hotline_problems as hotline_problems
from ivr.model.menu_checks import menu_problems as menu_problems
from ivr.model.part_checks import Problems
from ivr.model.part_checks import claim_problems as claim_problems
from ivr.model.part_checks import condition_problems as condition_problems
from ivr.model.part_checks import missing_node as missing_node
from ivr.model.part_checks import span_problem as span_problem
from ivr.model.part_checks import uncited as uncited
from ivr.model.types import Hotline, Menu, as_hotline


def validate(hotline: Hotline | Menu) -> list[Diagnostic]:
    """Every semantic problem of ``hotline`` (or of one menu), in file order; [] when sound.

    Raises: nothing: every problem is a diagnostic of the list.

    >>> import ivr
    >>> validate(ivr.load("menus/mts"))
    []
    """
    # what a reader checks by reading: only a model built in Python needs it (a reader calls
    # menu_problems and hotline_problems itself), so `ivr route` never imports it
    from ivr.model.shape_checks import shape_problems  # noqa: PLC0415

    hotline = as_hotline(hotline)
    out: Problems = []
    for menu in hotline.menus:
        found = [*shape_problems(menu), *menu_problems(menu)]
        out.extend(sorted(found, key=lambda d: (d.loc.line, d.loc.col)))
    out.extend(hotline_problems(hotline))
    return out


_SOUND = "_ivr_sound"  # set on a menu or hotline once it validated without an error


def sound(menus: Hotline | Menu) -> Hotline:
    """The hotline of ``menus``, validated: :class:`~ivr.errors.LoadError` with every error
    :func:`validate` finds. What the simulator and the compiler take in, so that a hotline
    built or changed in Python fails with located messages, not a ``KeyError`` deep inside.

    A menu or hotline is validated once (it is immutable); ``dataclasses.replace`` makes a new
    one, validated again. What a reader returned is vouched for already (:func:`vouch`).

    >>> from ivr.model.types import Entry, Menu, Node
    >>> sound(Menu(id="m", entries=(Entry(id="e", dial="0890", start="main"),),
    ...            nodes=(Node("main", "hangup"),))).menus[0].id
    'm'
    >>> bad = Menu(id="m", entries=(Entry(id="e", dial="0890", start="mian"),),
    ...            nodes=(Node("main", "hangup"),))
    >>> try:
    ...     sound(bad)
    ... except LoadError as exc:
    ...     print(exc)
    'start' of entry '0890' points to 'mian', which does not exist (did you mean 'main'?)
    """
    if not menus.__dict__.get(_SOUND):
        errors = [d for d in validate(menus) if d.severity == "error"]
        if errors:
            raise LoadError(errors)
        vouch(menus)
    return as_hotline(menus)


def vouch(menus: Hotline | Menu) -> None:
    """Record that ``menus`` validated (a reader that ran :func:`validate` calls this)."""
    menus.__dict__[_SOUND] = True
    if isinstance(menus, Hotline) and len(menus.menus) == 1:  # one file alone is sound too
        menus.menus[0].__dict__[_SOUND] = True

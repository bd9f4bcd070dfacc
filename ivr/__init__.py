"""ivr: telephone voice menus as graphs.

Load a hotline's menu files, compile them to a graph, simulate calls, check documented paths.

>>> import ivr
>>> hotline = ivr.load("menus/mts")
>>> ivr.simulate(hotline, "0890", "2 0", caller={"network": "mts"}).outcome
'agent'

The names below load their module on first use, so ``import ivr`` (and every ``ivr`` command)
pays only for what it touches: ``ivr route`` never imports the checker, ``ivr check`` never
imports the route finder.
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

_EXPORTS = {
    "Call": "simulate",
    "Claim": "model",
    "Diagnostic": "diagnostics",
    "DiffReport": "diff",
    "Entry": "model",
    "Event": "simulate",
    "Hotline": "model",
    "LoadError": "diagnostics",
    "Menu": "model",
    "Node": "model",
    "Report": "check",
    "Route": "routes",
    "check": "check",
    "compile": "graph",
    "diff": "diff",
    "load": "loader",
    "load_menu_text": "loader",
    "routes": "routes",
    "simulate": "simulate",
}
__all__ = sorted(_EXPORTS)


class _Package(types.ModuleType):
    """``ivr`` itself: exported names resolve lazily, and stay functions.

    ``ivr.check``, ``ivr.diff``, ``ivr.routes`` and ``ivr.simulate`` are functions that share
    their module's name; importing such a module would otherwise set the package attribute to
    the module.
    """

    def __getattr__(self, name: str):
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'ivr' has no attribute '{name}'")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        if (
            isinstance(value, types.ModuleType)
            and _EXPORTS.get(name) == name
            and value.__name__ == f"{__name__}.{name}"
        ):
            value = getattr(value, name)  # the function, as `from .check import check` gave
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_EXPORTS})


sys.modules[__name__].__class__ = _Package

"""ivr: telephone voice menus as graphs.

Load a hotline's menu files, compile them to a graph, simulate calls, find routes to a human,
check documented paths.

>>> import ivr
>>> hotline = ivr.load("menus/mts")
>>> ivr.simulate(hotline, "0890", "2 0", caller={"network": "mts"}).outcome
'agent'

The names below load their module on first use, so ``import ivr`` (and every ``ivr`` command)
pays only for what it touches: ``ivr route`` never imports the checker, ``ivr check`` never
imports the route finder. No exported name is also the name of a subpackage or module of
``ivr``, so ``ivr.check`` stays the function whatever has been imported.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Call": "ivr.sim.run",
    "Claim": "ivr.model.types",
    "Diagnostic": "ivr.diagnostics",
    "DiffReport": "ivr.checking.diff.report",
    "Entry": "ivr.model.types",
    "Event": "ivr.sim.run",
    "Hotline": "ivr.model.types",
    "IvrError": "ivr.errors",
    "LoadError": "ivr.diagnostics",
    "Menu": "ivr.model.types",
    "MutationReport": "ivr.checking.mutate.result",
    "Node": "ivr.model.types",
    "Report": "ivr.checking.runner",
    "Route": "ivr.routing.search",
    "check": "ivr.checking.runner",
    "compile": "ivr.graph.build",
    "coverage": "ivr.checking.coverage",
    "convert": "ivr.io.platform_convert",
    "diff": "ivr.checking.diff.compare",
    "edge_evidence": "ivr.graph.evidence",
    "export": "ivr.io.platform_convert",
    "load": "ivr.io.registry",
    "load_menu_text": "ivr.io.yaml.reader",
    "mutate": "ivr.checking.mutate.run",
    "routes": "ivr.routing.search",
    "simulate": "ivr.sim.run",
    "validate": "ivr.model.validation",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ivr' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

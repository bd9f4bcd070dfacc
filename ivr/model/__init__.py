"""The menu model: plain, immutable data that knows nothing of YAML or of any platform.

``ivr.model.X`` is ``ivr.model.types.X``, loaded on first use (so importing
``ivr.model.numbers`` does not build the dataclasses).
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    types = importlib.import_module("ivr.model.types")
    try:
        return getattr(types, name)
    except AttributeError:
        raise AttributeError(f"module 'ivr.model' has no attribute '{name}'") from None

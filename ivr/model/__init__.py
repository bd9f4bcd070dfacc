"""The menu model: plain, immutable data that knows nothing of YAML or of any platform.

``ivr.model.X`` is ``ivr.model.types.X``, loaded on first use (so importing
``ivr.model.numbers`` does not build the dataclasses).
"""

from __future__ import annotations

import importlib
import os
from typing import Any


def __getattr__(name: str) -> Any:
    # ``from ivr.model import numbers`` asks for the attribute before it imports the submodule
    if name.startswith("__") or os.path.exists(
        os.path.join(os.path.dirname(__file__), name + ".py")
    ):
        raise AttributeError(name)
    types = importlib.import_module("ivr.model.types")
    try:
        return getattr(types, name)
    except AttributeError:
        raise AttributeError(f"module 'ivr.model' has no attribute '{name}'") from None

"""Test helpers for menus: Hypothesis strategies (``ivr.testing.strategies``) and the pytest
plugin (``ivr.testing.pytest_plugin``).

The strategies load on first use, so the pytest plugin (loaded by every pytest run through its
entry point) does not import Hypothesis.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    strategies = importlib.import_module("ivr.testing.strategies")
    try:
        return getattr(strategies, name)
    except AttributeError:
        raise AttributeError(f"module 'ivr.testing' has no attribute '{name}'") from None

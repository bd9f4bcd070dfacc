"""Pause Python's cyclic garbage collector while building big acyclic structures.

Composing a menu file makes a few objects per scalar (nodes, marks, tuples) and the loader and
the graph compiler keep them alive while they work: the collector then traverses the growing
heap again and again and takes most of the time of a large load (4x on a 20,000-node menu). What
is built here holds no reference cycles, so nothing is lost by collecting once it is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it only if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

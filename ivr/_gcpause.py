"""Pause Python's cyclic garbage collector while building big acyclic structures.

Composing a menu file makes a few objects per scalar (nodes, marks, tuples) and the loader and
the graph compiler keep them alive while they work: the collector then traverses the growing
heap again and again and takes most of the time of a large load (4x on a 20,000-node menu). What
is built here holds no reference cycles, so nothing is lost by collecting once it is done.

With ``keep=True`` what the block built is counted as old at once (``gc.freeze`` then
``gc.unfreeze`` move every tracked object to the oldest generation, a list splice): a result
meant to live, such as a loaded hotline, is not traversed by the first young collection after
the block (70 ms after a 10,000-node Studio flow). Garbage cycles among it wait for the next
full collection. Skipped when the program froze objects itself (``gc.get_freeze_count()``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(keep: bool = False) -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it only if it was enabled (with
    ``keep``, what lives on counts as old, see above).

    >>> import gc
    >>> with gc_paused(keep=True):
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if keep and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()

"""Fewer runs of Python's cyclic garbage collector while the matcher builds its evidence.

Scoring a batch of candidate pairs makes millions of small objects (each check's
evidence, feature dictionaries, rows) that live until their block is scored.
With the default thresholds the collector runs every 700 new objects and keeps
walking the ones still alive: a third of the time of `scored_matches` on a 1 MB
article. The objects are freed by reference counting as before; only the search
for reference cycles, which these objects do not form, runs less often.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

FIRST_THRESHOLD = 100_000
"""New objects between two collections of the youngest generation (Python's default: 700)."""

_LOCK = threading.Lock()
_DEPTH = 0
_SAVED: tuple[int, ...] = ()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the collector's first threshold raised, and restore it after.

    Nested or concurrent blocks (two sessions of the UI) share one raise: the
    thresholds found by the first are put back when the last one ends.
    """
    global _DEPTH, _SAVED
    with _LOCK:
        if _DEPTH == 0:
            _SAVED = gc.get_threshold()
            gc.set_threshold(max(FIRST_THRESHOLD, _SAVED[0]), *_SAVED[1:])
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0:
                gc.set_threshold(*_SAVED)

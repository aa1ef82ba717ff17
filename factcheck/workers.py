"""Work on many items in forked worker processes that already hold what the work reads.

A worker is forked from this process, so it starts with the loaded spaCy pipeline (or the
matcher's claims) in memory, shared until written: nothing of it is pickled, and only the
items going out and the small results coming back cross the process boundary.

Why not spaCy's own `nlp.pipe(..., n_process=2, as_tuples=True)`: to carry each text's
context it tokenizes every text here, in the parent, and sends the Doc to a worker as
bytes, which the worker reads back before parsing. On two cores the parent then competes
with both workers for the whole parse (about 3 s of 1,000 articles); a worker that gets
the document itself tokenizes it where it parses it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")

_STATE: Any = None
"""In a worker process only: the state it was forked with."""


def _start(state: Any) -> None:
    global _STATE
    _STATE = state


def _run(call: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    function, item = call
    return function(_STATE, item)


class Workers(Generic[State]):
    """Worker processes forked with one `state`, for one or more maps over items."""

    def __init__(self, pool: Any, state: State) -> None:
        self._pool = pool
        self.state = state

    def map(
        self, function: Callable[[State, Item], Result], items: Iterable[Item]
    ) -> Iterator[Result]:
        """`function(state, item)` of every item, in order, as the workers finish them.

        `function` must be a module-level function (its name is sent with each item)."""
        return self._pool.imap(_run, ((function, item) for item in items))


@contextlib.contextmanager
def forked(state: State, *, processes: int) -> Iterator[Workers[State]]:
    """`processes` workers forked now, holding `state` (inherited, never pickled); they are
    stopped when the block ends."""
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_start, initargs=(state,)) as pool:
        yield Workers(pool, state)


def forked_map(
    function: Callable[[State, Item], Result],
    state: State,
    items: Sequence[Item],
    *,
    processes: int,
) -> Iterator[Result]:
    """`function(state, item)` of every item, in order, worked out in `processes` workers.

    Results come back as they are done, in the order of `items`, so the caller can use
    the first while the workers do the rest."""
    with forked(state, processes=processes) as workers:
        yield from workers.map(function, items)

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

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")

_WORK: tuple[Callable[[Any, Any], Any], Any] | None = None
"""In a worker process only: its function and the state it was forked with."""


def _start(function: Callable[[Any, Any], Any], state: Any) -> None:
    global _WORK
    _WORK = (function, state)


def _run(item: Any) -> Any:
    assert _WORK is not None, "a worker's function runs only in a forked worker"
    function, state = _WORK
    return function(state, item)


def forked_map(
    function: Callable[[State, Item], Result],
    state: State,
    items: Sequence[Item],
    *,
    processes: int,
) -> Iterator[Result]:
    """`function(state, item)` of every item, in order, worked out in `processes` workers.

    `function` must be a module-level function (its name is sent with each item); `state`
    is inherited by the fork, never pickled. Results come back as they are done, in the
    order of `items`, so the caller can use the first while the workers do the rest.
    """
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_start, initargs=(function, state)) as pool:
        yield from pool.imap(_run, items)

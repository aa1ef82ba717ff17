"""Matching: which claims report the same quantity, and how sure we are.

`candidates` (which pairs are compared) -> `checks` (named comparisons: a veto
or evidence) -> `pair_model` (the fitted probability and each check's
contribution) -> `match` (the pairs kept, within a batch and against the
index). `names` and `context` are what the checks read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.matching.context import ClaimContext, MatchSettings
    from factcheck.matching.match import (
        Match,
        best_per_document,
        match_against_index,
        match_within,
        same_thing,
    )

__all__ = [
    "ClaimContext",
    "Match",
    "MatchSettings",
    "best_per_document",
    "match_against_index",
    "match_within",
    "same_thing",
]

_HOME = {"ClaimContext": "context", "MatchSettings": "context"}
"""Where each name lives (the rest in `match`). Imported on first use: the UI's first page
needs `MatchSettings` alone, not the checks, the candidate search and spaCy behind them."""


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_HOME.get(name, 'match')}")
    return getattr(module, name)

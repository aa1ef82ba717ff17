"""Matching: which claims report the same quantity, and how sure we are.

`candidates` (which pairs are compared) -> `checks` (named comparisons: a veto
or evidence) -> `pair_model` (the fitted probability and each check's
contribution) -> `match` (the pairs kept, within a batch and against the
index). `names` and `context` are what the checks read.
"""

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

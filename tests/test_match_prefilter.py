"""Skipping the name checks on pairs that cannot reach `suggest` changes no match."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import read_csv
from factcheck.matching import ClaimContext, MatchSettings
from factcheck.matching.match import Match, scored_matches
from factcheck.pipeline import Checker

ARTICLES = Path(__file__).parent / "data" / "multisource" / "articles.csv"


@pytest.fixture(scope="module")
def contexts(nlp: Language, encoder: SentenceEncoder) -> list[ClaimContext]:
    prepared = Checker(nlp=nlp, encoder=encoder).prepare(read_csv(ARTICLES).documents)
    return prepared.contexts


def seen(matches: list[Match]) -> list[tuple]:
    """What a reader is shown of each match: its claims, score, checks and why."""
    return [
        (m.a.claim.id, m.b.claim.id, m.score, m.checks, m.contributions, m.confidence)
        for m in matches
    ]


@pytest.mark.parametrize("suggest", [None, 0.05, 0.6])
def test_every_pair_is_scored_as_if_every_check_ran(
    contexts: list[ClaimContext], suggest: float | None
) -> None:
    settings = MatchSettings() if suggest is None else replace(MatchSettings(), suggest=suggest)
    pairs = [(a, b) for n, a in enumerate(contexts) for b in contexts[n + 1 :]]
    fast = scored_matches(pairs, settings)
    assert fast  # the multi-source set has pairs of one quantity at every threshold here
    assert seen(fast) == seen(scored_matches(pairs, settings, prefilter=False))

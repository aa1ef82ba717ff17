"""The frame of a figure: what it measures, in a few words, embedded beside its sentence.

The sentence vector says two figures come from one story; the frame (the
canonical measure, the predicate, its subject, the counted noun, whose figure
it is) says whether they measure one thing in it. Articles are invented.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import document_from_text
from factcheck.matching import ClaimContext
from factcheck.matching.checks import wording
from factcheck.matching.context import MatchSettings, frame_text
from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.store import ClaimIndex
from tests.articles import contexts_by_figure
from tests.claims import make_claim

FIRST = (
    "A gunman killed two people at the Harlow Textiles plant in Brenford on Monday, "
    "police chief Dana Ocampo said. Three others were wounded."
)
SECOND = (
    "Four people were killed when a former employee opened fire at Harlow Textiles in "
    "Brenford, the mayor's office said. Ocampo said the suspect was arrested."
)


@pytest.fixture(scope="module")
def contexts(nlp: Language, encoder: SentenceEncoder) -> dict[str, ClaimContext]:
    return contexts_by_figure(nlp, encoder, {"a": FIRST, "b": SECOND})


def test_a_frame_names_the_measure_the_deed_and_the_doer(
    contexts: dict[str, ClaimContext],
) -> None:
    toll = contexts["a two"]
    words = frame_text(toll.claim, toll.measure).split()
    assert "deaths" in words and "kill" in words and "gunman" in words
    wounded = contexts["a three"]
    assert "injured" in frame_text(wounded.claim, wounded.measure).split()


def test_two_outlets_tolls_share_a_frame_more_than_a_toll_and_the_wounded(
    contexts: dict[str, ClaimContext],
) -> None:
    toll, other_toll, wounded = contexts["a two"], contexts["b four"], contexts["a three"]
    assert toll.frame is not None and other_toll.frame is not None and wounded.frame is not None
    same_quantity = wording(toll, other_toll, MatchSettings()).features["frame_cosine"]
    two_quantities = wording(toll, wounded, MatchSettings()).features["frame_cosine"]
    assert same_quantity > two_quantities


def test_without_frames_the_claim_texts_stand_in() -> None:
    claim = make_claim("Nine rockets landed in Kessel.", "Nine")
    document = Document(id="a", text="", source="a")
    vector = np.eye(1, 8, dtype=np.float32)[0]
    bare = ClaimContext.build(claim, document, vector)
    assert bare.frame is None
    features = wording(bare, bare, MatchSettings()).features
    assert features["frame_cosine"] == pytest.approx(features["cosine"])


def test_a_stored_article_is_judged_as_it_is_side_by_side(
    nlp: Language, encoder: SentenceEncoder, tmp_path: Path
) -> None:
    """Checking the second outlet against the stored first gives the toll dispute the same
    probability as comparing the two side by side: the stored claims' frames are embedded."""
    checker = Checker(nlp=nlp, encoder=encoder, settings=MatchSettings(suggest=0.05))
    first, second = document_from_text(FIRST, doc_id="a"), document_from_text(SECOND, doc_id="b")
    side_by_side = checker.compare([first, second])
    with ClaimIndex.open(tmp_path / "index", encoder=encoder) as index:
        prepared = checker.prepare([first], index=index)
        index.add(first, prepared.claims[0], names=prepared.names["a"])
        against = checker.compare([second], index=index)

    def toll_score(report: object) -> float:
        scores = [
            f.score
            for f in report.findings  # type: ignore[attr-defined]
            if sorted(report.claim(c).figure_text for c in f.claims)  # type: ignore[attr-defined]
            == ["Four", "two"]
        ]
        assert scores, "the two tolls were not set against each other"
        return scores[0]

    assert toll_score(against) == pytest.approx(toll_score(side_by_side), abs=1e-6)

"""Articles about one event are compared; articles about another event of the same kind are not."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import document_from_text
from factcheck.model import Report
from factcheck.pipeline import Checker
from factcheck.story import (
    document_frequency,
    names_of,
    normalize_name,
    story_similarity,
    story_vector,
    story_vectors,
)

# Four short articles we wrote: two about a shooting in Brenford, one about a shooting
# in Calloway (another event, same kind, same figures), one more about Brenford.
BRENFORD_A = (
    "A gunman killed two people at the Harlow Textiles plant in Brenford on Monday, "
    "police chief Dana Ocampo said. Three others were wounded."
)
BRENFORD_B = (
    "Four people were killed when a former employee opened fire at Harlow Textiles in "
    "Brenford, the mayor's office said. Ocampo said the suspect was arrested."
)
CALLOWAY = (
    "A gunman killed four people at the Westbrook Foods warehouse in Calloway on Monday, "
    "sheriff Amos Reddick said. Three others were wounded."
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("the Washington Nationals'", "washington nationals"),
        ("Harlow Textiles", "harlow textiles"),
        ("Iran's", "iran"),
        ("The", ""),
    ],
)
def test_names_are_normalized_for_comparison(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_a_name_profile_counts_people_places_and_organisations(nlp: Language) -> None:
    profile = names_of(nlp(BRENFORD_A + " Brenford is a small town."))
    assert profile.get("brenford") == 2
    assert {"dana ocampo", "ocampo"} <= set(profile)  # the surname too
    assert "monday" not in profile  # dates say nothing about which story
    assert not any(name.isdigit() for name in profile)


def test_articles_of_one_story_are_closer_than_articles_of_another(nlp: Language) -> None:
    profiles = {
        name: names_of(nlp(text))
        for name, text in (("a", BRENFORD_A), ("b", BRENFORD_B), ("c", CALLOWAY))
    }
    vectors = story_vectors(profiles)
    same = story_similarity(vectors["a"], vectors["b"])
    other = story_similarity(vectors["a"], vectors["c"])
    assert same is not None and other is not None
    assert same > 0.3
    assert other == 0.0


def test_a_name_every_article_shares_weighs_least() -> None:
    profiles = [{"police": 1, "brenford": 1}, {"police": 1, "calloway": 1}]
    vector = story_vector(profiles[0], document_frequency(profiles), documents=2)
    assert 0 < vector["police"] < vector["brenford"]


def test_two_articles_alone_can_share_a_story() -> None:
    profiles = {"a": {"brenford": 2}, "b": {"brenford": 1}}
    vectors = story_vectors(profiles)
    assert story_similarity(vectors["a"], vectors["b"]) == pytest.approx(1.0)


def test_an_article_that_names_nothing_has_no_story() -> None:
    assert story_similarity({}, {"brenford": 1.0}) is None


@pytest.fixture(scope="module")
def brenford_calloway(nlp: Language, encoder: SentenceEncoder) -> Report:
    """Two reports of one Brenford shooting and one of another in Calloway, compared."""
    documents = [
        document_from_text(text, doc_id=doc_id)
        for doc_id, text in (("a", BRENFORD_A), ("b", BRENFORD_B), ("c", CALLOWAY))
    ]
    return Checker(nlp=nlp, encoder=encoder).compare(documents)


def _paired_documents(report: Report) -> set[frozenset[str]]:
    return {
        frozenset(report.claim(cid).doc_id for cid in finding.claims)  # type: ignore[union-attr]
        for finding in report.findings
    }


def test_compare_does_not_set_another_event_against_this_one(brenford_calloway: Report) -> None:
    report = brenford_calloway
    assert not any("c" in docs and len(docs) > 1 for docs in _paired_documents(report))
    assert set(report.names) == {"a", "b", "c"}
    assert "calloway" in report.names["c"]


def test_compare_sets_two_reports_of_one_toll_against_each_other(
    brenford_calloway: Report,
) -> None:
    # two killed vs four killed in Brenford
    assert frozenset({"a", "b"}) in _paired_documents(brenford_calloway)


QESH_A = (
    "A magnitude 5.9 earthquake struck Qesh island on Sunday, killing 10 people, state media said."
)
QESH_B = (
    "Sunday's quake on Qesh killed 12 people, officials said. A 2019 quake on the island "
    "killed 7 people and injured 40."
)


def test_a_name_the_entity_recogniser_misses_still_makes_one_story(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    """The small model tags "Qesh" in one article and not in the other ("struck Qesh
    island"); the proper noun still names the story, so the two tolls are compared."""
    first, second = names_of(nlp(QESH_A)), names_of(nlp(QESH_B))
    assert "qesh" in first and "qesh" in second
    documents = [document_from_text(QESH_A, doc_id="a"), document_from_text(QESH_B, doc_id="b")]
    report = Checker(nlp=nlp, encoder=encoder).compare(documents)
    tolls = [
        sorted(report.claim(c).figure_text for c in f.claims)  # type: ignore[union-attr]
        for f in report.findings
    ]
    assert ["10", "12"] in tolls

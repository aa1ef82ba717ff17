"""The other figures of two articles: whether they report one event.

Two outlets reporting one quake agree on most of what they both count (the
magnitude, the injured) even where they dispute the toll; a quake of another year
gives different figures for all of it. The articles are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.matching import ClaimContext
from factcheck.matching.checks import other_figures
from factcheck.matching.context import MatchSettings, with_article_measures
from factcheck.matching.pair_model import load_pair_model
from tests.articles import prepared_contexts, stored_claims

FIRST_OUTLET = (
    "A magnitude 5.8 quake killed 12 people on Qesh island on Sunday, officials said. "
    "Rescuers said 40 people were injured."
)
SECOND_OUTLET = (
    "Fifteen people died when a magnitude 5.8 quake struck Qesh island on Sunday, "
    "state radio said. It said 40 people were injured."
)
LATER_REPORT = (
    "Rescuers on Qesh island said 55 people were injured in Sunday's magnitude 5.8 quake, "
    "which killed 16 people."
)
OTHER_QUAKE = (
    "A magnitude 6.2 quake killed nine people on Qesh island, the governor said. "
    "He said 100 people were injured."
)


@pytest.fixture(scope="module")
def tolls(nlp: Language, encoder: SentenceEncoder) -> dict[str, ClaimContext]:
    articles = {
        "first": FIRST_OUTLET, "second": SECOND_OUTLET, "other": OTHER_QUAKE, "later": LATER_REPORT
    }  # fmt: skip
    found = prepared_contexts(nlp, encoder, articles)
    return {c.claim.doc_id: c for c in found if c.measure.canonical == "deaths"}


def test_each_figure_knows_its_article_s_figures(tolls: dict[str, ClaimContext]) -> None:
    figures = tolls["first"].article_figures
    assert figures["deaths"] == {12.0}
    assert figures["magnitude"] == {5.8}
    assert figures["injured"] == {40.0}


def test_two_outlets_of_one_quake_agree_on_what_else_they_count(
    tolls: dict[str, ClaimContext],
) -> None:
    evidence = other_figures(tolls["first"], tolls["second"], MatchSettings())
    assert evidence.features == {"other_figures_agree": 1.0}
    assert evidence.says == "the articles agree on the other 2 things both count"


def test_a_later_report_agrees_on_part_of_the_rest(tolls: dict[str, ClaimContext]) -> None:
    evidence = other_figures(tolls["first"], tolls["later"], MatchSettings())
    assert evidence.features == {"other_figures_agree": 0.0}  # one agrees, one differs
    assert evidence.says == "the articles agree on 1 of the other 2 things both count"


def test_a_quake_of_another_year_differs_on_everything_else(
    tolls: dict[str, ClaimContext],
) -> None:
    evidence = other_figures(tolls["first"], tolls["other"], MatchSettings())
    assert evidence.features == {"other_figures_agree": -1.0, "other_figures_all_differ": 1.0}
    assert evidence.says == "the articles give different figures for the other 2 things both count"


def test_one_article_is_not_compared_with_itself(tolls: dict[str, ClaimContext]) -> None:
    first = tolls["first"]
    assert other_figures(first, first, MatchSettings()).features == {}


def test_a_stored_article_is_read_with_all_its_figures(
    nlp: Language, encoder: SentenceEncoder, tmp_path: Path, tolls: dict[str, ClaimContext]
) -> None:
    """Against the index only some stored claims are candidates; the article's other
    figures still come from all of its stored claims."""
    stored = stored_claims(nlp, encoder, tmp_path / "index", "first", FIRST_OUTLET)
    alone = with_article_measures([tolls["first"]], {})[0]
    assert set(alone.article_figures) == {"deaths"}  # by itself it sees only its own figure
    read = with_article_measures([tolls["first"]], stored)[0]
    assert set(read.article_figures) == {"deaths", "magnitude", "injured"}


def test_the_fitted_model_reads_shared_figures_as_one_event() -> None:
    """Fitted on the dev gold, not set by hand: for figures that differ, articles that
    agree on the rest are likelier to report one quantity than articles that differ on it."""
    head = load_pair_model().differ
    agree = head.terms({"other_figures_agree": 1.0})
    unknown = head.terms({})
    differ = head.terms({"other_figures_agree": -1.0, "other_figures_all_differ": 1.0})
    assert sum(agree.values()) > sum(unknown.values()) > sum(differ.values())

"""Where a figure comes in its article: news gives its story's figures first.

An article's first death toll is its event's; a later one is more often a part,
an update or another event recalled ("in 2003 a quake killed 300"). The pair
model reads how many figures of the same measure come before each one. Articles
are invented.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import document_from_text
from factcheck.matching import ClaimContext
from factcheck.matching.checks import order
from factcheck.matching.context import MatchSettings, with_article_measures
from factcheck.matching.pair_model import load_pair_model
from factcheck.pipeline import Checker
from tests.articles import prepared_contexts, stored_claims

QUAKE = (
    "A quake killed 12 people on Qesh island on Sunday, officials said. "
    "Rescuers said 40 people were hurt. "
    "In 2003 a quake in Barran killed 300 people."
)
OTHER_OUTLET = "Fifteen people died when a quake struck Qesh island on Sunday, state radio said."


@pytest.fixture(scope="module")
def contexts(nlp: Language, encoder: SentenceEncoder) -> dict[str, ClaimContext]:
    found = prepared_contexts(nlp, encoder, {"a": QUAKE, "b": OTHER_OUTLET})
    return {c.claim.figure_text.lower(): c for c in found}


def test_each_figure_knows_how_many_of_its_measure_came_before(
    contexts: dict[str, ClaimContext],
) -> None:
    assert contexts["12"].earlier_of_measure == 0
    assert contexts["300"].earlier_of_measure == 1  # the second death toll of the article
    assert contexts["40"].earlier_of_measure == 0  # the first count of injured
    assert contexts["fifteen"].earlier_of_measure == 0


def test_the_order_check_says_which_figure_comes_later(
    contexts: dict[str, ClaimContext],
) -> None:
    settings = MatchSettings()
    both_first = order(contexts["12"], contexts["fifteen"], settings)
    recalled = order(contexts["300"], contexts["fifteen"], settings)
    assert both_first.features == {"both_first": 1.0, "both_in_lead": 1.0}
    assert both_first.says == (
        "each is the first of its kind in its article; "
        "both are in their articles' opening sentences"
    )
    assert recalled.features["later_mention"] == pytest.approx(np.log1p(1))
    assert recalled.says.startswith("one comes after one other figure of its kind in its article")


LONG_REPORT = (
    "A quake killed 14 people on Qesh island on Sunday, officials said. "
    "It struck at dawn. "
    "Rescuers worked through the night. "
    "The island's harbour was closed. "
    "Schools will stay shut until Friday. "
    "In 2003 a quake in Barran killed 300 people."
)


def test_a_figure_knows_whether_it_is_in_its_article_s_lead(
    nlp: Language, encoder: SentenceEncoder, contexts: dict[str, ClaimContext]
) -> None:
    """The inverted pyramid: the opening sentences carry the story's own figures; the toll
    of 2003, six sentences down, is background."""
    prepared = Checker(nlp=nlp, encoder=encoder).prepare([document_from_text(LONG_REPORT)])
    found = {c.claim.figure_text: c for c in prepared.contexts}
    assert found["14"].claim.sentence_index == 0
    assert found["300"].claim.sentence_index == 5
    settings = MatchSettings()
    headline = order(found["14"], contexts["fifteen"], settings)
    background = order(found["300"], contexts["fifteen"], settings)
    assert headline.features.get("both_in_lead") == 1.0
    assert background.features.get("one_in_lead") == 1.0
    assert "both_in_lead" not in background.features


def test_a_stored_figure_is_placed_among_all_its_article_s_figures(
    nlp: Language, encoder: SentenceEncoder, tmp_path: Path, contexts: dict[str, ClaimContext]
) -> None:
    """Checked against the index, only some stored claims are candidates; the recalled toll
    is still the article's second, as it is side by side."""
    stored = stored_claims(nlp, encoder, tmp_path / "index", "a", QUAKE)
    assert [c.figure_text for c in stored["a"]] == ["12", "40", "300"]
    assert [c.sentence_index for c in stored["a"]] == [0, 1, 2]  # kept through the index
    recalled = contexts["300"]
    assert with_article_measures([recalled])[0].earlier_of_measure == 0  # alone, it looks first
    assert with_article_measures([recalled], stored)[0].earlier_of_measure == 1


def test_the_fitted_model_trusts_an_article_s_first_figures_more() -> None:
    """Fitted on the dev gold, not set by hand: for figures that differ, two first figures
    of their measure are likelier one quantity than a pair where one is a later mention."""
    head = load_pair_model().differ

    def weight_of_order(features: dict[str, float]) -> float:
        terms = head.terms(features)
        return terms["both_first"] + terms["later_mention"]

    first = weight_of_order({"both_first": 1.0})
    second = weight_of_order({"later_mention": float(np.log1p(1))})
    third = weight_of_order({"later_mention": float(np.log1p(2))})
    assert first > second > third

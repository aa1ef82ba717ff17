"""Two sources' rival estimates of one crowd, in two outlets, are one dispute on the page.

"Police said about 12,000 marched" and "organisers claimed up to 80,000 joined" can
both hold as written (12,000 is "up to 80,000"), yet each source gives its own
figure for one quantity at one time: a reader wants them set side by side as a
dispute, not folded into an agreement. Articles and names are invented.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import document_from_text
from factcheck.matching.checks import marks_change
from factcheck.model import COMPETING_ESTIMATES
from factcheck.pipeline import Checker
from tests.claims import make_claim

POLICE = (
    "Police said about 12,000 people marched through Kessel on Saturday against the new "
    "pension law."
)
ORGANISERS = (
    "Organisers claimed up to 80,000 joined Saturday's march in Kessel against the pension law."
)


def test_police_and_organisers_rival_crowd_estimates_are_one_dispute(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    documents = [
        document_from_text(POLICE, doc_id="post", source="Kessel Post", published="2026-03-07"),
        document_from_text(ORGANISERS, doc_id="wire", source="Valley Wire", published="2026-03-07"),
    ]
    report = Checker(nlp=nlp, encoder=encoder).compare(documents)
    disputes = [f for f in report.findings if f.dispute == COMPETING_ESTIMATES]
    assert len(disputes) == 1, [(f.kind, f.values) for f in report.findings]
    finding = disputes[0]
    assert finding.kind == "conflict"
    assert sorted(report.claim(c).figure_text for c in finding.claims) == [  # type: ignore[union-attr]
        "about 12,000",
        "up to 80,000",
    ]


def test_two_labelled_estimates_in_one_sentence_are_one_dispute(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    text = (
        "The strike march filled central Dorran on Saturday (organisers' estimate: 90,000 "
        "people; police estimate: 25,000)."
    )
    document = document_from_text(text, doc_id="daily", source="Dorran Daily")
    report = Checker(nlp=nlp, encoder=encoder).compare([document])
    disputes = [f for f in report.findings if f.dispute == COMPETING_ESTIMATES]
    assert [sorted(report.claim(c).figure_text for c in f.claims) for f in disputes] == [  # type: ignore[union-attr]
        ["25,000", "90,000"]
    ]


@pytest.mark.parametrize(
    "sentence, figure, changed",
    [
        ("The death toll rose to 11 on Tuesday.", "11", True),
        ("Its initial bid of $140 million was turned down.", "$140 million", True),
        ("Five were dead, up from three earlier.", "Five", True),
        (POLICE, "about 12,000", False),  # "the new pension law" is not a new count
    ],
)
def test_a_change_word_speaks_of_the_figure_it_stands_next_to(
    sentence: str, figure: str, changed: bool
) -> None:
    assert marks_change(make_claim(sentence, figure)) is changed

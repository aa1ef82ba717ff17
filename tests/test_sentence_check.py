"""One sentence read twice: two figures of one sentence are two quantities, unless the
sentence sets two sources against each other. Claims are built by hand, invented."""

from __future__ import annotations

import numpy as np

from factcheck.matching import ClaimContext, MatchSettings
from factcheck.matching.checks import Evidence, Veto, sentence_read_twice
from factcheck.model import Document
from tests.claims import make_claim

VECTOR = np.eye(1, 8, dtype=np.float32)[0]


def context(claim) -> ClaimContext:  # type: ignore[no-untyped-def]
    return ClaimContext.build(claim, Document(id=claim.doc_id, text=""), VECTOR)


def test_two_sources_setting_their_figures_against_each_other_are_compared() -> None:
    sentence = "Police put the crowd at 20,000, while organisers said more than 50,000 marched."
    police = make_claim(sentence, "20,000", noun="person", speaker="Police", claim_id="a:0")
    organisers = make_claim(
        sentence, "more than 50,000", noun="person", speaker="organisers", claim_id="a:1"
    )
    outcome = sentence_read_twice(context(police), context(organisers), MatchSettings())
    assert isinstance(outcome, Evidence)
    assert outcome.says == "one sentence, two sources"


def test_a_figure_that_counts_who_speaks_is_no_rival_source_s_figure() -> None:
    """ "some 62 percent of respondents said ..., compared with 35 percent who ...": the
    62 percent is inside the source of the 35 percent; two shares of one poll, not a dispute."""
    sentence = (
        "In a poll of Varna voters, some 62 percent of respondents said the tax was unfair, "
        "compared with 35 percent who backed it."
    )
    speaker_start = sentence.index("some 62")
    speaker_end = sentence.index(" said")
    share = make_claim(sentence, "some 62 percent", noun="percent", speaker="poll", claim_id="a:0")
    other = make_claim(
        sentence,
        "35 percent",
        noun="percent",
        speaker="some 62 percent of respondents",
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        claim_id="a:1",
    )
    outcome = sentence_read_twice(context(share), context(other), MatchSettings())
    assert isinstance(outcome, Veto)
    assert outcome.says == "two figures of one sentence"

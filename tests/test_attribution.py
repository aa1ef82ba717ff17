"""Who said each figure: speaker, role, cue and quote kind, read through `extract_claims`."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.extract import extract_claims
from factcheck.model import Claim, Document


def claims_of(nlp: Language, text: str) -> list[Claim]:
    return extract_claims(Document(id="d", text=text, published="2021-07-07"), nlp=nlp)


def claim_for(nlp: Language, text: str, figure_text: str) -> Claim:
    found = [c for c in claims_of(nlp, text) if c.figure_text == figure_text]
    assert len(found) == 1, f"no single claim {figure_text!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "text, figure, speaker, cue, quote",
    [
        ("Mayor Lena Varga said 40 houses were destroyed.", "40", "Lena Varga", "said", "indirect"),
        (
            "Mayor Lena Varga said that 40 houses were destroyed.",
            "40",
            "Lena Varga",
            "said",
            "indirect",
        ),
        (
            "Forty houses were destroyed, Mayor Lena Varga said.",
            "Forty",
            "Lena Varga",
            "said",
            "indirect",
        ),
        (
            "Forty houses were destroyed, said Mayor Lena Varga.",
            "Forty",
            "Lena Varga",
            "said",
            "indirect",
        ),
        (
            "According to the Red Cross, 40 houses were destroyed.",
            "40",
            "Red Cross",
            "according to",
            "according_to",
        ),
        (
            "Forty houses were destroyed, according to the Red Cross.",
            "Forty",
            "Red Cross",
            "according to",
            "according_to",
        ),
        (
            "A statement from the Harbour Authority said 12 ships were stranded.",
            "12",
            "Harbour Authority",
            "said",
            "indirect",
        ),
        (
            "In a statement, the Harbour Authority said 12 ships were stranded.",
            "12",
            "Harbour Authority",
            "said",
            "indirect",
        ),
        (
            "Tomas Brandt told the Valley Courier that 40 houses were destroyed.",
            "40",
            "Tomas Brandt",
            "told",
            "indirect",
        ),
        ("Organisers put the figure at 70,000.", "70,000", "Organisers", "put", "indirect"),
        ("Police estimates put the crowd at 20,000.", "20,000", "Police", "put", "indirect"),
        (
            '"We have found 14 bodies in the river," said Captain Hugo Lind.',
            "14",
            "Hugo Lind",
            "said",
            "direct",
        ),
        (
            '"We have found 14 bodies in the river," Captain Hugo Lind said.',
            "14",
            "Hugo Lind",
            "said",
            "direct",
        ),
        (
            "The Ministry of Health said on Tuesday that 12 people had died.",
            "12",
            "Ministry of Health",
            "said",
            "indirect",
        ),
    ],
)
def test_speaker_cue_and_quote(
    nlp: Language, text: str, figure: str, speaker: str, cue: str, quote: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker is not None and speaker in claim.speaker
    assert (claim.cue, claim.quote) == (cue, quote)
    assert text[claim.speaker_start : claim.speaker_end] == claim.speaker


def test_the_figure_of_the_crowd_names_the_police_not_the_estimate_noun(nlp: Language) -> None:
    claim = claim_for(nlp, "Police estimates put the crowd at 20,000.", "20,000")
    assert claim.speaker is not None and "police" in claim.speaker.lower()
    assert claim.noun == "crowd"


def test_a_quotation_after_a_cue_carries_into_its_second_sentence(nlp: Language) -> None:
    text = (
        'Governor Tomas Brandt tweeted: "Six bridges were closed overnight. '
        'Three ferries remain out of service."'
    )
    six, three = claims_of(nlp, text)
    for claim in (six, three):
        assert claim.speaker == "Tomas Brandt"
        assert (claim.cue, claim.quote) == ("tweeted", "direct")
    assert three.figure_text == "Three"


@pytest.mark.parametrize(
    "text, figure, speaker",
    [
        (
            "A statement from the Harbour Authority said 12 ships were stranded. "
            "It added that 3 crew members were missing.",
            "3",
            "Harbour Authority",
        ),
        (
            "The Harbour Authority issued a statement on Monday. It said 12 ships were stranded.",
            "12",
            "Harbour Authority",
        ),
        (
            "Inspector Paul Greaves said 5 cars were towed. He said 2 drivers were fined.",
            "2",
            "Paul Greaves",
        ),
    ],
)
def test_pronouns_point_back_to_the_last_speaker(
    nlp: Language, text: str, figure: str, speaker: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker == speaker
    assert claim.quote == "indirect"


@pytest.mark.parametrize(
    "text, speaker, role",
    [
        ("Police spokesman Ana Ruiz said 30 people were arrested.", "Ana Ruiz", "spokesman"),
        (
            "Coalition spokesman Col. Dirk Amsel said 9 drones were shot down.",
            "Dirk Amsel",
            "spokesman",
        ),
        pytest.param(
            "The spokesman for the regional police, Maj. Ana Ruiz, said 30 people were arrested.",
            "Ana Ruiz",
            "spokesman",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a role before an appositive name becomes the speaker "
                '("spokesman for the regional police"), the name is lost',
            ),
        ),
        pytest.param(
            "Maj. Ana Ruiz, the spokesman for the regional police, said 30 people were arrested.",
            "Ana Ruiz",
            "spokesman",
            marks=pytest.mark.xfail(
                strict=True, reason="a role in apposition after the name is dropped (role None)"
            ),
        ),
        pytest.param(
            "Police spokesman Maj. Ana Ruiz said 30 people were arrested.",
            "Ana Ruiz",
            "spokesman",
            marks=pytest.mark.xfail(
                strict=True,
                reason='"Maj." is not a known title: the speaker comes out as "Maj" '
                "and the whole phrase as the role",
            ),
        ),
        pytest.param(
            "Army spokesman Col. Ivo Brenner said 14 rockets hit the base.",
            "Ivo Brenner",
            "spokesman",
        ),
    ],
)
def test_role_and_name_are_split(nlp: Language, text: str, speaker: str, role: str) -> None:
    [claim] = claims_of(nlp, text)
    assert claim.speaker is not None and speaker in claim.speaker
    assert claim.speaker_role is not None and role in claim.speaker_role


@pytest.mark.parametrize(
    "text",
    [
        "The storm damaged 200 homes on the coast.",
        "Some 3,000 people were evacuated from the valley on Monday.",
    ],
)
def test_the_outlets_own_figures_have_no_speaker(nlp: Language, text: str) -> None:
    [claim] = claims_of(nlp, text)
    assert claim.speaker is None
    assert claim.speaker_role is None
    assert claim.cue is None
    assert claim.quote == "narrator"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("RIVERA: There were 45 boats in the harbour.", "RIVERA"),
        ("HOST: Tell us what happened.\nRIVERA: There were 45 boats in the harbour.", "RIVERA"),
        pytest.param(
            "HOST: Tell us what happened.\nRIVERA: We counted 45 boats in the harbour.",
            "RIVERA",
        ),
    ],
)
def test_a_transcript_line_belongs_to_its_speaker(nlp: Language, text: str, speaker: str) -> None:
    claim = claim_for(nlp, text, "45")
    assert claim.speaker == speaker


def test_a_colon_introduces_the_next_paragraph(nlp: Language) -> None:
    text = (
        "The Times reports:\n\n"
        "Some 3,000 people were evacuated from the valley. Another 40 were missing.\n\n"
        "The storm damaged 200 homes on the coast."
    )
    by_figure = {c.figure_text: c for c in claims_of(nlp, text)}
    assert by_figure["Some 3,000"].speaker == "Times"
    assert by_figure["40"].speaker == "Times"
    assert by_figure["200"].speaker is None  # the introduced paragraph has ended


def test_a_stray_straight_quote_does_not_flip_the_quotations_after_it(nlp: Language) -> None:
    text = (
        'The mayor called the plan a 12" stopgap. "We lost 40 homes in one night," '
        "said Mayor Ilse Varga."
    )
    homes = next(c for c in claims_of(nlp, text) if c.figure_text == "40")
    assert homes.speaker is not None and "Varga" in homes.speaker
    assert homes.quote == "direct"


def test_a_transcript_turn_inside_quotes_keeps_its_speaker(nlp: Language) -> None:
    text = '"HALVORSEN: Do you really think 300 jobs will come back?'
    jobs = next(c for c in claims_of(nlp, text) if c.figure_text == "300")
    assert jobs.speaker == "HALVORSEN"


def test_we_inside_a_quotation_takes_the_speaker_named_after_it(nlp: Language) -> None:
    text = '"We counted 45 boats in the harbour," said harbour master Ines Kale.'
    boats = next(c for c in claims_of(nlp, text) if c.figure_text == "45")
    assert boats.speaker is not None and "Kale" in boats.speaker


def test_a_cue_outside_a_quotation_whose_subject_is_inside_it(nlp: Language) -> None:
    """ "“We heard ...,” smelled smoke and heard neighbours shouting, said X": no endless
    reading back and forth between the quotation and its cue."""
    text = (
        "\u201cWe heard 12 shots,\u201d smelled smoke and heard neighbours shouting, "
        "said Ada Kern, 52, a night nurse."
    )
    shots = next(c for c in claims_of(nlp, text) if c.figure_text == "12")
    assert shots.speaker is not None and "Kern" in shots.speaker

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


def assert_source(claim: Claim, *, speaker: str, cue: str, quote: str) -> None:
    """The claim names `speaker` (or a longer name holding it), with this cue and quote kind."""
    assert claim.speaker is not None and speaker in claim.speaker
    assert (claim.cue, claim.quote) == (cue, quote)


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
    assert_source(claim, speaker=speaker, cue=cue, quote=quote)
    assert text[claim.speaker_start : claim.speaker_end] == claim.speaker


def test_the_figure_of_the_crowd_names_the_police_not_the_estimate_noun(nlp: Language) -> None:
    claim = claim_for(nlp, "Police estimates put the crowd at 20,000.", "20,000")
    assert claim.speaker is not None and "police" in claim.speaker.lower()
    assert claim.noun == "crowd"


@pytest.mark.parametrize(
    "figure, speaker",
    [("90,000", "organisers"), ("25,000", "police")],
)
def test_a_labelled_estimate_is_its_labels_source(nlp: Language, figure: str, speaker: str) -> None:
    """ "(organisers' estimate: 90,000; police estimate: 25,000)": each label names its value's
    source, so the two estimates in one sentence are set against each other."""
    text = (
        "The strike march filled central Dorran (organisers' estimate: 90,000 people; "
        "police estimate: 25,000)."
    )
    claim = claim_for(nlp, text, figure)
    assert claim.speaker == speaker
    assert claim.cue == "estimate"


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
        (
            "The spokesman for the regional police, Maj. Ana Ruiz, said 30 people were arrested.",
            "Ana Ruiz",
            "spokesman",
        ),
        (
            "Maj. Ana Ruiz, the spokesman for the regional police, said 30 people were arrested.",
            "Ana Ruiz",
            "spokesman",
        ),
        ("Police spokesman Maj. Ana Ruiz said 30 people were arrested.", "Ana Ruiz", "spokesman"),
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


@pytest.mark.parametrize(
    "text, figure, speaker, cue, quote",
    [
        (  # a second quotation after the cue's sentence goes on with the same speaker
            '"The harbour is full and the cranes are idle," said Ida Lorne, the port director. '
            '"We turned away 14 ships this week."',
            "14",
            "Ida Lorne",
            "said",
            "direct",
        ),
        (  # a quotation left open at a paragraph's end runs on into the next paragraph
            '"The water came fast in the night," Mayor Lena Varga said. '
            '"We lost the bridge and the mill.\n\n'
            '"Forty houses are gone, and more may follow."',
            "Forty",
            "Lena Varga",
            "said",
            "direct",
        ),
        (  # a cue in the next paragraph does not claim the quotation
            'Pia Holm asked, "Why did only 30 buses run on Sunday?"\n\n'
            "The council noted that the depot was closed.",
            "30",
            "Pia Holm",
            "asked",
            "direct",
        ),
        (  # doubled apostrophes open and close a quotation in some archives
            "''We counted 12 more boats today,'' said harbour master Ida Lorne.",
            "12",
            "Ida Lorne",
            "said",
            "direct",
        ),
        (  # the outer report: "claimed" takes a thing as object, no statement
            "The Valley Courier wrote that the firm had claimed a loss of $9 million.",
            "$9 million",
            "Valley Courier",
            "wrote",
            "indirect",
        ),
        (  # the outer report: the inner cue is only a plan
            "The union says the mayor will announce 300 new jobs on Friday.",
            "300",
            "union",
            "says",
            "indirect",
        ),
        (
            "Mayor Lena Varga said the museum would tell the story of 12 families.",
            "12",
            "Lena Varga",
            "said",
            "indirect",
        ),
        (  # "according to" on the clause names the source of the whole report
            "The ministry has said it will not release the 14 files, "
            "according to lawyers for the families.",
            "14",
            "lawyers for the families",
            "according to",
            "according_to",
        ),
        (
            "Under the governor's plan, the sales tax would rise to 6 percent.",
            "6 percent",
            "governor",
            "under plan",
            "indirect",
        ),
        (
            "In the latest Harbor Institute poll, Varga led Holm by 4 points.",
            "4",
            "Harbor Institute",
            "in poll",
            "indirect",
        ),
        (
            "By the agency's estimate, 3,000 homes were damaged in the storm.",
            "3,000",
            "agency",
            "by estimate",
            "indirect",
        ),
        (
            "The council issued a statement calling the 12 closures unacceptable.",
            "12",
            "council",
            "statement",
            "indirect",
        ),
        (
            "The mayor's plan would cap bus fares at 3 dollars.",
            "3 dollars",
            "mayor",
            "plan",
            "indirect",
        ),
        (
            "The central bank said growth was slowing. "
            "It raised its forecast for exports to 2.5 percent.",
            "2.5 percent",
            "central bank",
            "forecast",
            "indirect",
        ),
        (
            "By Senator Ode's own admission, she missed 12 votes.",
            "12",
            "Ode",
            "by admission",
            "indirect",
        ),
        (
            "The audit closes with this finding: 27 agencies kept no records.",
            "27",
            "this finding",
            "finding",
            "indirect",
        ),
        (
            'Dr. Ida Lorne made the following comment:\n\n"We treated 40 patients overnight."',
            "40",
            "Ida Lorne",
            "comment",
            "direct",
        ),
        (
            "Senator Ode joked that the town has two traffic lights.",
            "two",
            "Ode",
            "joked",
            "indirect",
        ),
        ("Mayor Varga bragged about the 40 new parks.", "40", "Varga", "bragged", "indirect"),
        (
            "Ode defended the budget, explaining that only 3 percent went to salaries.",
            "3 percent",
            "Ode",
            "explaining",
            "indirect",
        ),
        (
            "The agency's estimated 40,000 deaths were never confirmed.",
            "estimated 40,000",
            "agency",
            "estimated",
            "indirect",
        ),
        (  # a study speaks for itself; "the statement" would stand for its author
            "The agency published a study in May. The study found that 30 wells were dry.",
            "30",
            "study",
            "found",
            "indirect",
        ),
    ],
)
def test_reporting_frames_beyond_said(
    nlp: Language, text: str, figure: str, speaker: str, cue: str, quote: str
) -> None:
    assert_source(claim_for(nlp, text, figure), speaker=speaker, cue=cue, quote=quote)


@pytest.mark.parametrize(
    "text",
    [
        "The survey was conducted in May among 600 adults.",
        "Her speech coincided with a rally of 5,000 people.",
        "She read 40 books last year.",
        "Their plan faced 3 challenges in court.",
        "The mayor's 40-page plan was published on Monday.",
        "The city spent 40 million dollars under the plan.",
        "An estimated 40,000 people attended the parade.",
    ],
)
def test_documents_and_plans_that_report_nothing_leave_the_narrator(
    nlp: Language, text: str
) -> None:
    [claim] = claims_of(nlp, text)
    assert claim.speaker is None
    assert claim.quote == "narrator"


@pytest.mark.parametrize(
    "text, speaker, role",
    [
        (
            '"We will hire 200 nurses," said Ida Lorne, a director of the county hospital.',
            "Ida Lorne",
            "director of the county hospital",
        ),
        (
            "The authors of the audit, which include two former judges, found 40 errors.",
            "authors of the audit",
            "which include two former judges",
        ),
    ],
)
def test_an_apposition_or_relative_clause_after_the_speaker_is_its_role(
    nlp: Language, text: str, speaker: str, role: str
) -> None:
    claim = next(c for c in claims_of(nlp, text) if c.figure_text in {"200", "40"})
    assert claim.speaker == speaker
    assert claim.speaker_role == role


# Sources that are not people, headline cues, relative pronouns and pronouns that
# must agree with their antecedent (issue 13): every sentence here is invented.
@pytest.mark.parametrize(
    "text, figure, speaker, cue",
    [
        # documents, polls, data and forecasts speak through verbs beyond "say"
        (
            "A new poll from the Marlow Institute gives her a 6-point lead.",
            "6",
            "Marlow Institute",
            "gives",
        ),
        (
            "Figures released Tuesday by the state labour office show 4,000 new jobs.",
            "4,000",
            "state labour office",
            "show",
        ),
        ("The model now puts his chances at 71 percent.", "71 percent", "model", "puts"),
        (
            "The Tarn Valley survey found 38 percent of farms had no broadband.",
            "38 percent",
            "Tarn Valley survey",
            "found",
        ),
        ("The audit omits 12 of the 40 sites the council inspected.", "12", "audit", "omits"),
        # a relative pronoun stands for the noun its clause is about
        (
            "Reporters asked the Kelso Fire Service, which counted 37 false alarms in May.",
            "37",
            "Kelso Fire Service",
            "counted",
        ),
        (
            "Inspectors met Dr. Alma Ruud, who estimated that 90 patients were exposed.",
            "90",
            "Alma Ruud",
            "estimated",
        ),
        # cues that warn or promise
        ("Mayor Tove Brandt cautioned that 300 jobs could go.", "300", "Tove Brandt", "cautioned"),
        (
            "Senator Iva Marsh pledged 2 million dollars for the harbour.",
            "2 million dollars",
            "Iva Marsh",
            "pledged",
        ),
    ],
)
def test_sources_that_are_not_people_and_cues_beyond_say(
    nlp: Language, text: str, figure: str, speaker: str, cue: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker
    assert claim.cue == cue


@pytest.mark.parametrize(
    "text, figure, speaker, cue",
    [
        (
            "Mayor Cautions on 300 Layoffs\n\nThe city will vote on Friday.",
            "300",
            "Mayor",
            "Cautions",
        ),
        (
            "Governor Ulla Berg Warns of 2,000 Job Cuts\n\nThe plant closes in May.",
            "2,000",
            "Ulla Berg",
            "Warns",
        ),
        ("Union Says 40 Drivers Quit\n\nTalks resume Monday.", "40", "Union", "Says"),
    ],
)
def test_a_headline_cue_names_its_source(
    nlp: Language, text: str, figure: str, speaker: str, cue: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker
    assert claim.cue is not None and claim.cue.lower() == cue.lower()


@pytest.mark.parametrize(
    "text, figure, speaker",
    [
        # "he" is one person: not the officials named after him
        (
            "Minister Edvin Lowe said local officials should act. "
            "\u201cThere is not one system we trust,\u201d he said.",
            "one",
            "Edvin Lowe",
        ),
        # "he" is a person: not the agency that spoke last
        (
            "Dr. Ivo Sand briefed reporters. The Kelso Water Board said pipes were old. "
            "He said 14 pipes had burst.",
            "14",
            "Ivo Sand",
        ),
    ],
)
def test_a_pronoun_takes_an_antecedent_that_agrees_with_it(
    nlp: Language, text: str, figure: str, speaker: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker


@pytest.mark.parametrize(
    "text",
    [
        "Let's say you think a degree will cost $90,000 by then.",
        "SAVE A THIRD Let's say you think a degree will cost $90,000 in 18 years.",
    ],
)
def test_lets_say_is_no_speaker(nlp: Language, text: str) -> None:
    assert claim_for(nlp, text, "$90,000").speaker not in {"'s", "Let"}


def test_a_relative_pronoun_the_parser_hangs_elsewhere_still_names_the_noun_before_it(
    nlp: Language,
) -> None:
    text = (
        "To settle it, they turned to the Orlen Transit Authority which reported "
        "\u201c812 late trains\u201d in the city between May 1 and June 30."
    )
    claim = claim_for(nlp, text, "812")
    assert claim.speaker is not None and "Orlen Transit Authority" in claim.speaker


@pytest.mark.parametrize(
    "text, figure, speaker, cue",
    [
        ("Ivo Lind said he expects 50 new stores next year.", "50", "Ivo Lind", "said"),
        (
            "Senator Ada Vinter said she wants to close four loopholes.",
            "four",
            "Ada Vinter",
            "said",
        ),
        # someone else's intention, as Lind tells it, is still Lind's statement
        ("Ivo Lind said the Orlen Council plans to cut 40 posts.", "40", "Ivo Lind", "said"),
        ("Polls showed that few voters want 3 debates.", "3", "Polls", "showed"),
    ],
)
def test_an_intention_inside_a_statement_is_the_statements(
    nlp: Language, text: str, figure: str, speaker: str, cue: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker
    assert claim.cue == cue


def test_a_name_ends_before_a_no_break_space(nlp: Language) -> None:
    claim = claim_for(nlp, "Reporter Lia Dunne\u00a0writes that 12 shops closed.", "12")
    assert claim.speaker is not None and not claim.speaker.endswith("\u00a0")


def test_a_person_just_before_a_participle_cue_is_its_speaker(nlp: Language) -> None:
    text = (
        "The new ad uses footage of Maria Lopez asking, \u201cWhy am I not 30 points ahead?\u201d"
    )
    claim = claim_for(nlp, text, "30")
    assert claim.speaker is not None and "Maria Lopez" in claim.speaker, claim.speaker


def test_a_pronoun_cue_inside_a_transcript_turn_yields_to_the_turn(nlp: Language) -> None:
    text = (
        "BRANDT: The Courier wrote about rents, and the budget is fair.\n\n"
        "OSTROM: But, Mayor, it shows 40 percent of families worry about rent. Why?"
    )
    claim = claim_for(nlp, text, "40 percent")
    assert claim.speaker == "OSTROM"


@pytest.mark.parametrize(
    "text, figure, speaker, cue",
    [
        # the tagger takes "Kessel Tribune" for a person
        (
            "Mayor Tove Brandt met reporters. The Kessel Tribune reported on the plan. "
            "She told them that 40 posts would go.",
            "40",
            "Tove Brandt",
            "told",
        ),
        # "it" is the poll just named, speaking for whoever released it
        (
            "The Marlow Institute released a poll on Monday. It gives Brandt a 6-point lead.",
            "6",
            "Marlow Institute",
            "gives",
        ),
    ],
)
def test_a_pronoun_resolves_to_a_source_of_its_kind(
    nlp: Language, text: str, figure: str, speaker: str, cue: str
) -> None:
    claim = claim_for(nlp, text, figure)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker
    assert claim.cue == cue


def test_it_gives_without_a_document_named_is_no_cue(nlp: Language) -> None:
    text = "The Orlen Council met on Monday. It gives every pupil 20 free meals."
    assert claim_for(nlp, text, "20").speaker is None


@pytest.mark.parametrize(
    "text, figure",
    [
        ("I know that 40 clinics closed in Kessel last year.", "40"),
        ("Tove Brandt spoke on Monday. We think 12 schools will close.", "12"),
    ],
)
def test_first_person_outside_quotes_is_the_writer(nlp: Language, text: str, figure: str) -> None:
    assert claim_for(nlp, text, figure).speaker is None


def test_first_person_inside_a_quotation_is_its_speaker(nlp: Language) -> None:
    text = "\u201cWe think 12 schools will close this year,\u201d Mayor Tove Brandt said."
    assert claim_for(nlp, text, "12").speaker == "Tove Brandt"

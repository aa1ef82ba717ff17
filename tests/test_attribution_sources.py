"""Who said it where the source hides: pronouns, trailing statements, owners, headlines.

Each case is an invented sentence; the speaker is what a card would show.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.attribution import choosing_with
from factcheck.extract import extract_claims
from factcheck.model import Claim, Document


def claim_for(nlp: Language, text: str, figure_text: str) -> Claim:
    with choosing_with(None):  # the rules alone: the learned chooser is tested elsewhere
        claims = extract_claims(Document(id="d", text=text, published="2021-07-07"), nlp=nlp)
    found = [c for c in claims if c.figure_text == figure_text]
    assert len(found) == 1, f"no single claim {figure_text!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "text, figure, speaker",
    [
        # a pronoun in a clause after the person's own: that person, not a body named nearer
        (
            "Oskar Vell, who chairs the Lanark Transit Board, spoke in Eastmoor on Friday, "
            "where the city council approved 300 new buses, and he said the plan would cost "
            "$90 million.",
            "$90 million",
            "Oskar Vell",
        ),
        # a lone surname is the person the article named in full before
        (
            "Ida Brandt, the mayor, opened the depot. Later, Brandt spoke to reporters. "
            "\u201cWe will hire 200 drivers,\u201d she said.",
            "200",
            "Brandt",
        ),
        # a short quotation closed by its own full stop goes on from the one before
        (
            "Ida Brandt spoke to reporters on Monday. \u201cWe will hire 200 teachers,\u201d "
            "she said. \u201cAnd 40 nurses.\u201d",
            "40",
            "Ida Brandt",
        ),
        # a trailing "it said" speaks for the body its clause follows
        (
            "Brandt's campaign raised $12 million in August, it said in a filing with the "
            "election board.",
            "$12 million",
            "Brandt's campaign",
        ),
        # the owner of a campaign or of aides is not who speaks
        ("Ida Brandt's campaign says it raised $12 million in August.", "$12 million",
         "Ida Brandt's campaign"),
        # an intention or expectation inside a trailing statement is the statement's
        (
            "Harbor Fund plans to cut 40 jobs, the Eastmoor Courier reported, citing two "
            "people familiar with the talks.",
            "40",
            "Eastmoor Courier",
        ),
        (
            "Officials expect at least 20,000 people at the rally, the police department said.",
            "at least 20,000",
            "police department",
        ),
        # "of" after a poll or an analysis names what was studied, not its author
        (
            "A Courier analysis of campaign filings found that Brandt's allies spent "
            "$14 million on advertising.",
            "$14 million",
            "Courier",
        ),
        # "adding" hung on the reported clause is still the speaker adding
        (
            "A spokeswoman said the agency had hired 120 inspectors, adding that 30 more "
            "would start in May.",
            "30",
            "spokeswoman",
        ),
        # aides around a person speak, not the person
        (
            "Ida Brandt toured the north on Monday. Aides to Brandt said she would visit 12 "
            "towns this week.",
            "12",
            "Aides to Brandt",
        ),
        # one speaker's quotations run on into the next paragraph
        (
            "Tomas Ek, the campaign's state director, was blunt.\n\n\u201cWe have 300 "
            "volunteers in this county alone,\u201d he said.\n\n\u201cWe will have 500 by "
            "October. Nobody else comes close.\u201d",
            "500",
            "Tomas Ek",
        ),
        # a short quotation with its cue after it is speech the next one goes on from
        (
            "\u201cIt is a disgrace,\u201d Brandt wrote on Twitter. \u201c12 million people "
            "will lose their coverage!\u201d",
            "12 million",
            "Brandt",
        ),
        # a name that only modifies a body is part of the body's name
        (
            "The Brandt campaign said in a statement that it had raised $12 million in August.",
            "$12 million",
            "Brandt campaign",
        ),
        (
            "Data from the Lanark statistics office indicate unemployment fell to 4.1 percent.",
            "4.1 percent",
            "Lanark statistics office",
        ),
        # a polling average or a model with a named author frames its figures
        ("Brandt leads by 3 points in the Marlow polling average.", "3", "Marlow"),
        ("In the Marlow model, Brandt's chances stand at 71 percent.", "71 percent", "Marlow"),
        # where the parse gives a verb two subjects, the one next to it is its own
        (
            "The 40 - year - old captain and 31 - year - old fired 9 shots — the inquest "
            "report showed that five bullets hit the car.",
            "five",
            "inquest report",
        ),
        # a headline's weak cue reports every figure after it
        ("Brandt Unveils Plan to Hire 500 Teachers\n\nThe mayor spoke on Monday.", "500",
         "Brandt"),
    ],
)  # fmt: skip
def test_the_source_behind_the_figure(nlp: Language, text: str, figure: str, speaker: str) -> None:
    assert claim_for(nlp, text, figure).speaker == speaker


@pytest.mark.parametrize(
    "text, figure",
    [
        # a figure in a clause describing the scene belongs to no later "he said"
        (
            "Oskar Vell spoke in Eastmoor on Friday, where the city council approved 300 new "
            "buses, and he said the plan would cost $90 million.",
            "300",
        ),
        # a paper's correction is no speaker's turn
        (
            "The depot opened in May.\n\nCorrection: An earlier version of this article "
            "misstated the number of buses. It is 156, not 165.",
            "156",
        ),
        # an average with no author is no source
        ("Gas prices rose to $3.10, above the national average of $2.90.", "$2.90"),
    ],
)
def test_the_writers_own_figures_have_no_speaker(nlp: Language, text: str, figure: str) -> None:
    assert claim_for(nlp, text, figure).speaker is None


def test_a_short_quotation_with_its_cue_after_it_is_direct_speech(nlp: Language) -> None:
    text = "\u201cWe have 300 volunteers,\u201d Tomas Ek said, \u201cand 500 by October.\u201d"
    for figure in ("300", "500"):
        claim = claim_for(nlp, text, figure)
        assert (claim.speaker, claim.quote) == ("Tomas Ek", "direct")

"""Plain words for what the matcher keeps as lemmas and field names."""

from __future__ import annotations

import pytest

from factcheck import words
from factcheck.model import Document, Finding
from tests.claims import make_claim


@pytest.mark.parametrize(
    ("noun", "many"),
    [("rocket", "rockets"), ("militiaman", "militiamen"), ("casualty", "casualties"),
     ("person", "people"), ("child", "children"), ("bus", "buses"), ("day", "days"),
     ("police", "police")],
)  # fmt: skip
def test_plural(noun, many):
    assert words.plural(noun) == many


@pytest.mark.parametrize(
    ("verb", "done"),
    [("fire", "fired"), ("deploy", "deployed"), ("hit", "hit"), ("strike", "struck"),
     ("carry", "carried"), ("stop", "stopped"), ("land", "landed"), ("station", "stationed")],
)  # fmt: skip
def test_participle(verb, done):
    assert words.participle(verb) == done


@pytest.mark.parametrize(
    ("measure", "phrase"),
    [
        ("rocket fire at Ain al-Asad Air Base", "rockets fired at Ain al-Asad Air Base"),
        ("militiaman deploy", "militiamen deployed"),
        ("injured at Orlen", "people injured in Orlen"),
        ("killed at Maple Court", "people killed at Maple Court"),
        ("crowd", "crowd size"),
        ("money usd offer", "money offered (USD)"),
    ],
)
def test_measure_words(measure, phrase):
    assert words.measure_words(measure) == phrase


@pytest.mark.parametrize(
    ("sentence", "figure", "noun", "predicate", "counts"),
    [
        ("There were no damages, the statement said.", "no", "damage", "be", "damages"),
        ("Thousands of militiamen are deployed there.", "Thousands", "militiaman", "deploy",
         "militiamen deployed"),
        ("Officials said 14 rockets landed.", "14", "rocket", "land", "rockets landed"),
        # the quake killed, not its magnitude
        ("A magnitude 5.8 quake killed 12 people.", "5.8", "magnitude", "kill", "magnitude"),
    ],
)  # fmt: skip
def test_claim_counts_uses_the_written_noun_and_drops_empty_verbs(
    sentence, figure, noun, predicate, counts
):
    claim = make_claim(sentence, figure, value=0, noun=noun, predicate=predicate)
    assert words.claim_counts(claim) == counts


@pytest.mark.parametrize(
    ("cue", "quote", "said"),
    [
        ("according to", "according_to", "according to"),
        ("said", "indirect", "said, in reported speech"),
        ("tweeted", "direct", "tweeted, in quotation marks"),
        (None, "narrator", "in the outlet's own words"),
    ],
)
def test_how_said_has_no_field_values(cue, quote, said):
    claim = make_claim("Police said 12 rockets landed.", "12", cue=cue, quote=quote)
    assert words.how_said(claim) == said


def test_summary_names_each_report_with_outlet_and_date():
    documents = {
        "p": Document(id="p", text="", source="Northgate Post", published="2024-05-02"),
        "w": Document(id="w", text="", source="Lakeside Wire", published="2024-05-02"),
    }
    twelve = make_claim(
        "Omar Lindqvist said 12 rockets were fired.", "12", doc_id="p", speaker="Omar Lindqvist"
    )
    forty = make_claim("It said its fighters fired 40 rockets.", "40", doc_id="w")
    finding = Finding("conflict", (twelve.id, forty.id), "rocket fire", (12, 40), 0.7, "")
    assert words.summary_text(finding, [twelve, forty], documents) == (
        "12 rockets (Omar Lindqvist, Northgate Post, 2024-05-02) vs 40 (Lakeside Wire itself, "
        "2024-05-02): rockets fired; conflict, possible."
    )


@pytest.mark.parametrize(
    ("says", "reads"),
    [
        ("both say air, base, brenna", "the same words around both figures (air, base, brenna)"),
        ("both Brenna Air Base's", "both give Brenna Air Base's figure"),
        ("the Rovers's against the Owls's", "the Rovers's figure against the Owls's"),
        ("both name Brenna Air Base", "both name Brenna Air Base"),
        ("both count projectiles fired", "both count projectiles fired"),
        ("same article", "same article"),
    ],
)
def test_a_checks_note_reads_as_a_sentence(says, reads):
    assert words.evidence_phrase(says) == reads


def test_what_weighed_most_says_for_and_against_what():
    contributions = (
        {"check": "measure", "weight": 1.4},
        {"check": "story", "weight": -0.8},
        {"check": "dates", "weight": 0.6},
        {"check": "places", "weight": 0.01},  # too small to name
    )
    finding = Finding("conflict", ("a", "b"), "rocket fire", (14, 30), 0.8, "why",
                      contributions=contributions)  # fmt: skip
    assert words.moved_words(finding) == (
        "for one quantity: what is counted and the dates; against: the stories of the articles"
    )


def test_every_check_of_the_pair_model_has_a_readers_name():
    """What moved a score is told in words; a check without a name would be left out."""
    from factcheck.matching.checks import CHECK_FEATURES

    assert set(CHECK_FEATURES) <= set(words.CHECK_WORDS)

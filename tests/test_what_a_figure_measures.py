"""What a figure measures, read from the parse: how long what lasted, a death by "to
death", a figure written twice in two units. Articles are invented.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.extract import extract_claims
from factcheck.judge import judge, values_agree
from factcheck.matching import Match, MatchSettings
from factcheck.matching.checks import measure, places
from factcheck.measure import comparable_scale, measure_of
from factcheck.model import Claim, Document
from tests.articles import contexts_by_figure


def claims_of(nlp: Language, text: str) -> dict[str, Claim]:
    document = Document(id="a", text=text)
    return {c.figure_text.lower(): c for c in extract_claims(document, nlp=nlp)}


# -- how long what lasted ------------------------------------------------------------------


def test_two_outlets_lengths_of_one_riot_name_the_same_thing(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    contexts = contexts_by_figure(
        nlp,
        encoder,
        {
            "a": "Corvo was calm on Sunday after eight days of the worst riots the city has seen.",
            "b": "The shooting triggered five days of rioting in Corvo and across Velland.",
        },
    )
    eight, five = contexts["a eight"], contexts["b five"]
    assert eight.measure.canonical == five.measure.canonical == "duration"
    features = measure(eight, five, MatchSettings()).features
    assert features.get("same_reference") == 1.0  # the riots, written two ways
    assert "references_differ" not in features


def test_a_questioning_and_a_hearing_are_two_durations(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    contexts = contexts_by_figure(
        nlp,
        encoder,
        {
            "a": "Lena Marsh was questioned by prosecutors for nine hours on Thursday.",
            "b": "A judge released Marsh on Friday after a hearing that lasted four hours.",
        },
    )
    nine, four = contexts["a nine"], contexts["b four"]
    assert nine.measure.reference == "question"  # the questioning itself, not a speech cue
    assert four.measure.reference == "hearing"  # what "that lasted four hours" is on
    assert measure(nine, four, MatchSettings()).features.get("references_differ") == 1.0


def test_durations_in_seconds_and_minutes_are_compared_on_one_scale(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    contexts = contexts_by_figure(
        nlp,
        encoder,
        {
            "a": "An office worker in Pellam said the tremor lasted 30 seconds.",
            "b": "Witnesses in Pellam said they felt the tremor for one minute.",
        },
    )
    seconds, minute = contexts["a 30"], contexts["b one"]
    assert seconds.measure.unit_class == minute.measure.unit_class == "time"
    assert judge(Match(seconds, minute, 0.9, {})).kind == "conflict"  # 30 s against 60 s


def test_an_age_in_years_is_not_put_on_the_scale_of_durations(nlp: Language) -> None:
    claims = claims_of(nlp, "Police named the suspect as Dario Venn, 29. The 31-year-old fled.")
    ages = [claims["29"], claims["31"]]
    assert all(c.unit == "year" for c in ages if c.unit)

    assert [measure_of(c).canonical for c in ages] == ["age", "age"]
    assert [comparable_scale(c) for c in ages] == [1.0, 1.0]


# -- deaths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, figure, canonical",
    [
        ("A gunman shot to death one guard and wounded two others on Monday.", "one", "deaths"),
        ("Two men were beaten to death outside the stadium.", "two", "deaths"),
    ],
)
def test_to_death_on_the_verb_makes_a_death_wherever_the_figure_stands(
    nlp: Language, sentence: str, figure: str, canonical: str
) -> None:

    assert measure_of(claims_of(nlp, sentence)[figure]).canonical == canonical


def test_a_sentence_to_death_counts_no_dead(nlp: Language) -> None:

    claim = claims_of(nlp, "The court sentenced three men to death on Tuesday.")["three"]
    assert measure_of(claim).canonical != "deaths"


# -- one figure, two units -----------------------------------------------------------------


def test_a_conversion_in_parentheses_is_not_a_figure_of_its_own(nlp: Language) -> None:
    claims = claims_of(
        nlp, "The survey put the epicentre about 58 km (36 miles) south-west of Varo."
    )
    assert "about 58 km" in claims
    assert not any("36" in text for text in claims)


def test_a_converted_currency_stays_an_amount_of_its_own(nlp: Language) -> None:
    claims = claims_of(nlp, "Ministers agreed a loan of €110 billion ($158 billion) on Sunday.")
    assert {"€110 billion", "$158 billion"} <= set(claims)


# -- where ---------------------------------------------------------------------------------


def test_a_figure_whose_sentence_names_no_place_is_where_the_article_last_was(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    contexts = contexts_by_figure(
        nlp,
        encoder,
        {
            "a": (
                "Unions marched across Velland on Saturday.\n\n"
                "In Lammholm, some 20,000 people rallied outside the parliament. "
                "In Dresvik, police said about 19,000 took part."
            ),
            "b": (
                "Union leaders vowed more protests after Saturday's march in Dresvik.\n\n"
                "Police have put the turnout at 20,000."
            ),
        },
    )
    elsewhere, here = contexts["a some 20,000"], contexts["a about 19,000"]
    turnout = contexts["b 20,000"]
    assert turnout.claim.places == () and turnout.claim.setting == ("Dresvik",)
    assert places(elsewhere, turnout, MatchSettings()).features.get("settings_differ") == 1.0
    assert places(here, turnout, MatchSettings()).features.get("settings_shared") == 1.0


def test_another_figure_s_phrase_is_not_a_scope(nlp: Language) -> None:
    claims = claims_of(
        nlp, "Police put the march, called for a 24-hour strike, at roughly 30,000 people."
    )
    assert not any("30,000" in p or "30 000" in p for p in claims["24"].modifiers)
    assert measure_of(claims["24"]).scope == ()


def test_amounts_converted_at_different_rates_agree_within_the_rate(nlp: Language) -> None:
    def dollars(text: str) -> Claim:
        return next(c for c in claims_of(nlp, text).values() if c.unit == "USD")

    low = dollars("Velland will get a loan of €110 billion ($141 billion) from its partners.")
    high = dollars("Velland will get a loan of €110 billion ($144 billion), ministers said.")
    other = dollars("Velland will get a loan of €120 billion ($158 billion), ministers said.")
    assert low.converted_from == "€110 billion"
    assert values_agree(low, high)  # one euro amount at two days' rates
    assert not values_agree(high, other)
    plain = replace(low, converted_from=None), replace(high, converted_from=None)
    assert not values_agree(*plain)  # written as dollars, $141 billion is not $144 billion

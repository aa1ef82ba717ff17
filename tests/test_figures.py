"""Numbers as people write them: what a reader would check, and what is not a figure."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.figures import FigureMention, find_figures, parse_number
from factcheck.model import Figure


def mentions(nlp: Language, text: str) -> list[FigureMention]:
    return find_figures(nlp(text), text=text)


def figures(nlp: Language, text: str) -> list[Figure]:
    return [m.figure for m in mentions(nlp, text)]


def only_figure(nlp: Language, text: str) -> Figure:
    found = figures(nlp, text)
    assert len(found) == 1, f"expected one figure in {text!r}, got {found}"
    return found[0]


@pytest.mark.parametrize(
    "words, value",
    [
        ("2,500", 2500),
        ("1.5 million", 1_500_000),
        ("thirty-five", 35),
        ("Thirty-Five", 35),
        ("a dozen", 12),
        ("two dozen", 24),
        ("one hundred", 100),
        ("110bn", 110e9),
        ("3 billion", 3e9),
        ("zero", 0),
        ("seventy-two", 72),
    ],
)
def test_parse_number_reads_written_numbers(words: str, value: float) -> None:
    assert parse_number(words) == pytest.approx(value)


@pytest.mark.parametrize("words", ["rockets", "", "the base", "third"])
def test_parse_number_is_none_for_words_that_are_not_numbers(words: str) -> None:
    assert parse_number(words) is None


@pytest.mark.parametrize(
    "text, figure_text, value, unit",
    [
        ("The fire destroyed 2,500 homes in the valley.", "2,500", 2500, None),
        ("The city has 1.5 million residents.", "1.5 million", 1_500_000, None),
        ("The council approved $3 million for repairs.", "$3 million", 3e6, "USD"),
        ("Turnout reached 45% in the district.", "45%", 45, "percent"),
        ("Prices rose 3.2 percent last year.", "3.2 percent", 3.2, "percent"),
        ("Unemployment fell 4.5 per cent in the region.", "4.5 per cent", 4.5, "percent"),
        ("The bank lent €40 million to the port.", "€40 million", 40e6, "EUR"),
        ("The charity raised £2 million for the hospital.", "£2 million", 2e6, "GBP"),
        ("The union paid 2,000 euros to each worker.", "2,000 euros", 2000, "EUR"),
        ("The company paid US$5 million in fines.", "US$5 million", 5e6, "USD"),
        ("Thirty-five workers were rescued from the mine.", "Thirty-five", 35, None),
        ("The army said seventy-two soldiers were wounded.", "seventy-two", 72, None),
        ("Rescuers pulled a dozen miners from the shaft.", "dozen", 12, None),
        ("Two dozen boats left the harbour.", "Two dozen", 24, None),
        ("Fourteen rockets hit the depot.", "Fourteen", 14, None),
        # a unit of two words, and "square" is no street here
        (
            "The fire burned 40 square kilometres of forest.",
            "40 square kilometres",
            40,
            "square kilometre",
        ),
        ("Rescuers searched 25 square miles of the lake.", "25 square miles", 25, "square mile"),
    ],
)
def test_exact_figures_keep_value_unit_and_text(
    nlp: Language, text: str, figure_text: str, value: float, unit: str | None
) -> None:
    figure = only_figure(nlp, text)
    assert figure.text == figure_text
    assert text[figure.start : figure.end] == figure_text
    assert figure.qualifier == "exact"
    assert figure.value == pytest.approx(value)
    assert (figure.low, figure.high) == (pytest.approx(value), pytest.approx(value))
    assert figure.unit == unit


@pytest.mark.parametrize(
    "text, figure_text, qualifier, low, high",
    [
        ("At least 14 people were injured in the crash.", "At least 14", "at_least", 14, None),
        ("No fewer than 12 ships were seized.", "No fewer than 12", "at_least", 12, None),
        ("More than 300 residents signed the petition.", "More than 300", "more_than", 300, None),
        (
            "Up to 200,000 people marched through the capital.",
            "Up to 200,000",
            "up_to",
            None,
            200_000,
        ),
        ("As many as 80 migrants were rescued.", "As many as 80", "up_to", None, 80),
        ("Fewer than 20 passengers were on board.", "Fewer than 20", "less_than", None, 20),
        ("About 40 fishermen lost their boats.", "About 40", "about", 36, 44),
        ("Some 500 volunteers cleaned the beach.", "Some 500", "about", 450, 550),
        (
            "Approximately 7,000 runners finished the race.",
            "Approximately 7,000",
            "about",
            6300,
            7700,
        ),
        ("Nearly 90 students were sent home.", "Nearly 90", "nearly", 76.5, 90),
        (
            "Nearly $5 million was stolen from the vault.",
            "Nearly $5 million",
            "nearly",
            4.25e6,
            5e6,
        ),
    ],
)
def test_qualifiers_become_bounds(
    nlp: Language,
    text: str,
    figure_text: str,
    qualifier: str,
    low: float | None,
    high: float | None,
) -> None:
    figure = next(f for f in figures(nlp, text) if f.value)
    assert figure.text == figure_text
    assert figure.qualifier == qualifier
    assert figure.low == (None if low is None else pytest.approx(low))
    assert figure.high == (None if high is None else pytest.approx(high))


@pytest.mark.parametrize(
    "text, figure_text, low, high, unit",
    [
        ("Between 10 and 15 houses were flooded.", "Between 10 and 15", 10, 15, None),
        ("Officials said 10-15 houses were flooded.", "10-15", 10, 15, None),
        ("Two or three cars were damaged.", "Two or three", 2, 3, None),
        (
            "The stadium cost 140-150 million dollars.",
            "140-150 million dollars",
            140e6,
            150e6,
            "USD",
        ),
        (
            "The contract is worth between $140 million and $150 million.",
            "between $140 million and $150 million",
            140e6,
            150e6,
            "USD",
        ),
        # the dash written onto the first number, as in a list in brackets
        (
            "The Harriers (a deal of $ 140- $ 150 million) are out.",
            "$ 140- $ 150 million",
            140e6,
            150e6,
            "USD",
        ),
        # a hedge before a range spans the range
        (
            "As many as 35 to 40 volunteers came.",
            "As many as 35 to 40",
            35,
            40,
            None,
        ),
    ],
)
def test_ranges_are_one_figure_with_both_ends(
    nlp: Language, text: str, figure_text: str, low: float, high: float, unit: str | None
) -> None:
    figure = only_figure(nlp, text)
    assert figure.text == figure_text
    assert figure.qualifier == "range"
    assert (figure.low, figure.high) == (pytest.approx(low), pytest.approx(high))
    assert figure.unit == unit


@pytest.mark.parametrize(
    "text, figure_text, low, high",
    [
        ("Dozens of people gathered outside the court.", "Dozens", 24, 99),
        ("Hundreds of farmers blocked the road.", "Hundreds", 200, 999),
        ("Tens of thousands of fans filled the streets.", "Tens of thousands", 20_000, 99_999),
        (
            "Hundreds of thousands of people fled the floods.",
            "Hundreds of thousands",
            200_000,
            999_999,
        ),
    ],
)
def test_vague_counts_are_intervals_without_a_value(
    nlp: Language, text: str, figure_text: str, low: float, high: float
) -> None:
    figure = only_figure(nlp, text)
    assert figure.text == figure_text
    assert figure.value is None
    assert figure.qualifier == "approx"
    assert (figure.low, figure.high) == (low, high)


@pytest.mark.parametrize(
    "text, figure_text, counted",
    [
        ("There were no casualties in the blast.", "no", "casualty"),
        ("No one was killed in the collision.", "No one", "person"),
        ("None were hurt when the roof collapsed.", "None", None),
    ],
)
def test_zero_figures(nlp: Language, text: str, figure_text: str, counted: str | None) -> None:
    [mention] = mentions(nlp, text)
    assert mention.figure.text == figure_text
    assert (mention.figure.value, mention.figure.low, mention.figure.high) == (0, 0, 0)
    assert mention.kind == "zero"
    assert mention.noun_hint == counted


@pytest.mark.parametrize(
    "text, values",
    [
        pytest.param(
            "No fewer than 12 ships were seized.",
            [12],
        ),
        ("No more than 12 ships were seized.", [12]),
        ("At least 14 people were injured in the crash.", [14]),
    ],
)
def test_a_qualified_figure_is_not_also_a_zero(
    nlp: Language, text: str, values: list[float]
) -> None:
    assert [f.value for f in figures(nlp, text)] == values


@pytest.mark.parametrize(
    "text, figure_text, value, unit",
    [
        ("The ministry approved a 110bn budget.", "110bn", 110e9, None),
        ("The council spent 5bn on roads.", "5bn", 5e9, None),
        ("The club paid $184M for the striker.", "$184M", 184e6, "USD"),
        ("The lenders offered euro110 billion in loans.", "euro110 billion", 110e9, "EUR"),
        # a scale abbreviation written apart from its number
        ("The fund lent 30 bn euros to Ostrelna.", "30 bn euros", 30e9, "EUR"),
        ("The city raised 5 mln dollars.", "5 mln dollars", 5e6, "USD"),
    ],
)
def test_glued_forms(
    nlp: Language, text: str, figure_text: str, value: float, unit: str | None
) -> None:
    figure = only_figure(nlp, text)
    assert figure.text == figure_text
    assert text[figure.start : figure.end] == figure_text
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


@pytest.mark.parametrize(
    "text, unit",
    [
        ("The club offered $22 million per season to the pitcher.", "USD/season"),
        ("The hospital treated 500 patients a day during the outbreak.", "count/day"),
        ("Militants fired 14 rockets a day later.", None),
        ("Militants fired 14 rockets at the camp.", None),
        ("The club offered an average annual value of $23 million.", "USD/year"),
        ("The pitcher will earn a $23 million annual salary.", "USD/year"),
        ("The club offered a total of $160 million.", "USD"),
    ],
)
def test_rates_carry_their_period_in_the_unit(nlp: Language, text: str, unit: str | None) -> None:
    assert only_figure(nlp, text).unit == unit


@pytest.mark.parametrize(
    "text, not_a_figure",
    [
        ("The storm hit on June 27 and flooded the town.", "27"),
        ("The ferry sank on March 3, 2019 near the island.", "3"),
        ("The ferry sank on March 3, 2019 near the island.", "2019"),
        ("The meeting began at 3:30 p.m. on the pier.", "3:30"),
        ("The protest began at 3 p.m. outside the embassy.", "3"),
        ("The bridge opened in 2019 after delays.", "2019"),
        ("She finished third in the race.", "third"),
        ("The minister left No. 10 after the vote.", "10"),
        ("The shop sits on Route 66 near the river.", "66"),
        ("Traffic stopped on Highway 401 near the exit.", "401"),
        ("The airline said Flight 370 had 239 people aboard.", "370"),
        ("Call the hotline at 555-0134 for help.", "555"),
        ("Call the hotline at 555-0134 for help.", "0134"),
        ("The plan has two parts: 1. Spending cuts for the town.", "1"),
        ("The report lists three steps:\n1. Close the roads.", "1"),
        ("The motion passed (2) and the board adjourned.", "2"),
        ("The fire started at 48 Kellner Street late on Monday.", "48"),
        ("The rally moved to 12 Market Square at noon.", "12"),
        ("The deputy was shot in the 4200 block of Elm Street.", "4200"),
        ("The company filed for Chapter 11 protection.", "11"),
        ("The band played hits from the 1990s at the fair.", "1990s"),
        ("The clerk called 911 from the back room.", "911"),
        ("The ferry sailed at 0615 GMT on Friday.", "0615"),
        # clock times whose parts the text's source spaced apart
        ("The alarm sounded around 10 a. m. in the mill.", "10"),
        ("The alarm sounded at 10 : 45 in the mill.", "10"),
        ("The alarm sounded at 10 : 45 in the mill.", "45"),
        ('"I am the one you are looking for," she told the dispatcher.', "one"),
    ],
)
def test_non_figures_are_skipped(nlp: Language, text: str, not_a_figure: str) -> None:
    found = [f.text for f in figures(nlp, text)]
    assert not any(not_a_figure in f for f in found), found


@pytest.mark.parametrize(
    "text, kept",
    [
        ("The plan has two parts: 1. Spending cuts for the town.", ["two"]),
        ("The bus left at 7:45 with 40 children on board.", ["40"]),
        ("The bus left at 7 : 45 a. m. with 40 children on board.", ["40"]),
        ("The airline said Flight 370 had 239 people aboard.", ["239"]),
        ("The storm killed 12 people on Tuesday, and 3 more on Wednesday.", ["12", "3"]),
        ("The one survivor called 911 and waited.", ["one"]),
        ("Crews closed 12 blocks of Elm Street.", ["12"]),
        ("The court is aware that one of the parties is a candidate.", ["one"]),
    ],
)
def test_real_counts_next_to_non_figures_are_kept(
    nlp: Language, text: str, kept: list[str]
) -> None:
    assert [f.text for f in figures(nlp, text)] == kept


def test_offsets_point_into_the_document_text(nlp: Language) -> None:
    header = "Storm update\n\n"
    body = "Up to 200,000 people fled, and $3 million in aid arrived."
    text = header + body
    found = find_figures(nlp(body), offset=len(header), text=text)
    assert [text[m.figure.start : m.figure.end] for m in found] == ["Up to 200,000", "$3 million"]
    assert [m.figure.text for m in found] == ["Up to 200,000", "$3 million"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The council approved $3 million for repairs.", "money"),
        ("Turnout reached 45% in the district.", "percent"),
        ("Fourteen rockets hit the depot.", "count"),
        ("Ms. Lang, 45, was arrested on Friday.", "age"),
    ],
)
def test_figure_kind(nlp: Language, text: str, kind: str) -> None:
    [mention] = mentions(nlp, text)
    assert mention.kind == kind


@pytest.mark.parametrize(
    "text, figure_text, low, high",
    [
        ("The rule could cost millions of Americans their cover.", "millions", 2e6, 9_999_999),
        ("Tens of millions of riders use the Orlen line.", "Tens of millions", 2e7, 99_999_999),
        ("Tickets cost eight or nine euros at the Kessel gate.", "eight or nine euros", 8, 9),
    ],
)
def test_plural_scales_and_either_or_are_ranges(
    nlp: Language, text: str, figure_text: str, low: float, high: float
) -> None:
    figure = only_figure(nlp, text)
    assert (figure.text, figure.low, figure.high) == (figure_text, low, high)


@pytest.mark.parametrize(
    "text, figure_text, share, qualifier",
    [
        (
            "A third of those screened in Kessel had high blood pressure.",
            "A third",
            33.3333,
            "exact",
        ),
        ("Two-thirds of Orlen voters backed the levy.", "Two-thirds", 66.6667, "exact"),
        ("Nearly half of the members walked out.", "Nearly half", 50.0, "nearly"),
        ("Vinter won a quarter of the vote.", "a quarter", 25.0, "exact"),
    ],
)
def test_a_fraction_of_a_group_is_a_share_in_percent(
    nlp: Language, text: str, figure_text: str, share: float, qualifier: str
) -> None:
    figure = only_figure(nlp, text)
    assert (figure.text, figure.value, figure.unit, figure.qualifier) == (
        figure_text,
        share,
        "percent",
        qualifier,
    )


@pytest.mark.parametrize(
    "text",
    [
        "It rained a third time in Kessel.",  # an ordinal
        "The third of the brothers spoke last.",
    ],
)
def test_ordinals_are_no_fractions(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


@pytest.mark.parametrize(
    "text, not_a_figure",
    [
        ("She queued for an iPhone 11 in Kessel.", "11"),
        ("The S&P 500 closed higher on Friday.", "500"),
        ("The FTSE 100 index slipped.", "100"),
        ("The Nasdaq 100 rose at the open.", "100"),
        ("He drove a four-door car to the rally.", "four"),
        ("They rented a two-bedroom flat in Orlen.", "two"),
    ],
)
def test_product_index_and_kind_names_are_not_figures(
    nlp: Language, text: str, not_a_figure: str
) -> None:
    assert not_a_figure not in [f.text for f in figures(nlp, text)]


@pytest.mark.parametrize(
    "text, figure_text",
    [
        ("Vinter holds a 6-point lead in Kessel.", "6"),
        ("The team walked a 10-mile route.", "10-mile"),
        ("Kessel 14 rockets hit the base.", "14"),
        ("Orlen Steel cut 300 jobs.", "300"),
        ("Fire Guts a three-story building in Kessel.", "three"),
        ("The bill lets a 10-juror majority decide.", "10"),
        ("Boy Struck 11 Times By Falling Hail In Orlen", "11"),  # a headline's capitals
    ],
)
def test_measures_and_counts_after_names_stay_figures(
    nlp: Language, text: str, figure_text: str
) -> None:
    assert figure_text in [f.text for f in figures(nlp, text)]


@pytest.mark.parametrize(
    "text, figure_text, value",
    [
        ("Brenland agreed a 110-billion bailout.", "110-billion", 110e9),
        # copy that spaces its hyphens
        ("Brenland agreed a 110 - billion bailout.", "110 - billion", 110e9),
        ("The firm paid a $5-billion fine.", "$5-billion", 5e9),
    ],
)
def test_a_hyphenated_scale_word_is_the_figure_s_own_scale(
    nlp: Language, text: str, figure_text: str, value: float
) -> None:
    figure = only_figure(nlp, text)
    assert (figure.text, figure.value, figure.qualifier) == (figure_text, value, "exact")


@pytest.mark.parametrize(
    "text, figure_text",
    [
        ("A quake of at least magnitude 5.9 shook Kesh.", "at least magnitude 5.9"),
        ("A quake of at least magnitude - 5.9 shook Kesh.", "at least magnitude - 5.9"),
    ],
)
def test_a_hedge_before_the_name_of_a_scale_bounds_the_reading(
    nlp: Language, text: str, figure_text: str
) -> None:
    figure = only_figure(nlp, text)
    assert (figure.text, figure.qualifier, figure.low) == (figure_text, "at_least", 5.9)

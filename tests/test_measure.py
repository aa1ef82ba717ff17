"""The canonical measure of a figure, its reference and scope, the lexicon, and its evaluation.

Sentences are our own (invented places, people and figures). The spaCy-backed
cases read the whole path a user's text takes: parse -> Claim -> Measure.
"""

from __future__ import annotations

import re

import pytest

from factcheck.eval.measures import (
    MeasuredReport,
    render,
    score_measures,
    score_parts,
    topic_of,
)
from factcheck.extract import extract_claims
from factcheck.measure import LEXICON_PATH, lexicon, measure_of
from factcheck.model import Claim, Document
from tests.claims import make_claim


def _claims(nlp, text: str) -> dict[str, Claim]:
    return {c.figure_text: c for c in extract_claims(Document(id="t", text=text), nlp=nlp)}


@pytest.mark.parametrize(
    "text, figure, canonical",
    [
        ("Officials said 12 people were killed in the blast.", "12", "deaths"),
        ("The crash left four dead.", "four", "deaths"),
        ("Dozens of people were hurt.", "Dozens", "injured"),
        ("Three people are still missing after the flood.", "Three", "missing"),
        ("Police arrested 45 people overnight.", "45", "arrested"),
        ("Some 2,000 residents were evacuated from the valley.", "Some 2,000", "evacuated"),
        ("The flood left 5,000 people displaced.", "5,000", "displaced"),
        ("About 8,000 workers went on strike on Monday.", "About 8,000", "strikers"),
        ("About 30,000 people marched through Varna.", "About 30,000", "crowd size"),
        # people struck by gunfire are a count of their own, which holds the dead and hurt;
        # a shooting verb coordinated with the outcome counts the outcome
        ("A gunman shot four people outside the Halden depot.", "four", "people shot"),
        ("Five people were shot near the Varna ferry on Sunday.", "Five", "people shot"),
        ("Two guards were shot and killed at the gate.", "Two", "deaths"),
        ("The gunman shot and wounded three customers.", "three", "injured"),
        ("Militants fired 30 rockets at the base.", "30", "projectiles fired"),
        ("Fourteen rockets landed inside the base.", "Fourteen", "projectiles hit"),
        ("The army said it intercepted 12 drones.", "12", "intercepted"),
        ("The quake had a magnitude of 6.1.", "6.1", "magnitude"),
        ("The quake struck at a depth of 10 km.", "10 km", "depth"),
        ("Halden lies 40 km north of the capital.", "40 km", "distance"),
        ("The trial lasted three weeks.", "three", "duration"),
        ("The measure passed with 212 votes.", "212", "votes"),
        ("Turnout was 45 percent of registered voters.", "45 percent", "percent"),
        # a percentage a word of change governs is a change, not a share of a base
        ("Orvel shares fell 11% on Thursday.", "11%", "percent change"),
        ("The index posted a 5% rise.", "5%", "percent change"),
        ("Stocks closed down 3.9 percent.", "3.9 percent", "percent change"),
        ("Orvel shares recovered 4% on Friday.", "4%", "percent change"),
        ("Pension funds hold about 30% of Orvel shares.", "about 30%", "percent"),
        ("Mara Lind, 34, was arrested on Friday.", "34", "age"),
        ("Crews towed 17 cars from the square.", "17", "count: vehicle"),
        ("The town has a population of 15,000.", "15,000", "population"),
        ("The tank held 100,000 gallons of fuel.", "100,000 gallons", "volume"),
        # what happened may be said by a modifier or by the verb the phrase belongs to
        ("The guards took 23 into custody.", "23", "arrested"),
        ("Police arrested 14 men who fled the scene.", "14", "arrested"),
        ("The evacuation of 2,000 residents began at dawn.", "2,000", "evacuated"),
        # of two verbs that share the figure, the one that says what befell the counted
        ("One man was shot and killed at the party.", "One", "deaths"),
        ("Two guards were attacked and wounded.", "Two", "injured"),
        # bullets that entered a body struck it; "three of them" are three of those bullets
        ("Seven bullets entered him, three of them from the rear.", "Seven", "projectiles hit"),
        ("Seven bullets entered him, three of them from the rear.", "three", "projectiles hit"),
        # a verb written on the counted noun says what befell it when no clause does
        ("The report cited 14 fired shells.", "14", "projectiles fired"),
        # a bare number after a name between commas is an age (AP style), not after a place
        ("Halvard Berg, 52, was charged on Monday.", "52", "age"),
        ("He leaves two sons, ages 6 and 16.", "16", "age"),
        ("In Varna, 40 were hurt.", "40", "injured"),
        # sport writes records and scores as two numbers joined by a dash
        ("The Rovers fired their coach after a 9-14 start.", "9-14", "won-lost record"),
        ("It was an 88-72 loss to the Owls.", "88", "score"),
        # portions and synonyms count one kind of object
        ("Crews sent 12 pieces of apparatus to the fire.", "12", "count: vehicle"),
        ("Police seized six rifles from the boat.", "six", "count: firearm"),
    ],
)
def test_a_figure_gets_its_canonical_measure(nlp, text: str, figure: str, canonical: str) -> None:
    assert measure_of(_claims(nlp, text)[figure]).canonical == canonical


@pytest.mark.parametrize(
    "text, figure, canonical",
    [
        # the counted thing is the head of the words after the figure, as written
        ("Two co-workers were killed in the blast at the Brenmoor plant.", "Two", "deaths"),
        ("Three bank employees were burnt to death in Corvel.", "Three", "deaths"),
        ("Two sheriff's deputies were wounded in the chase.", "Two", "injured"),
        ("The cache included nine assault rifles and a boat.", "nine", "count: firearm"),
        # before a thing, the figure measures the first noun: a caliber, not revolvers
        ("Police said Varn carried a 38 caliber revolver.", "38", "count: caliber"),
        # a model designation names the thing more exactly than its noun
        ("The cache included seven AK-47 rifles and a radio.", "seven", "count: ak-47"),
        # a casualty word written right after the count says what happened to it
        ("Three dead after a fire at a depot in Corvel.", "Three", "deaths"),
        ("A gas leak in Varnholt: 12 people injured, two of them badly.", "12", "injured"),
        ("Two gang members are under arrest, police in Lendra said.", "Two", "arrested"),
        ("Police named the two workers who died in the Corvel fire.", "two", "deaths"),
        ("Two executives were held accountable for the losses.", "Two", "people"),
        ("Twelve people were taken to hospital, the service said.", "Twelve", "injured"),
        ("More than 50,000 people took part in the march.", "More than 50,000", "crowd size"),
        ("The council voted 19-15 along party lines.", "15", "votes"),
        ("A judge sentenced two men to death on Monday.", "two", "people"),
        # "of" attaches a count to a person, not to the event: the sons did not die
        ("The father of two sons died on Friday.", "two", "people"),
        ("Relatives of the four murder victims spoke to the court.", "four", "deaths"),
        # times a weapon's action happened count its projectiles
        ("Officers said the man was shot three times.", "three", "projectiles hit"),
        ("The guard fired 11 times at the van.", "11", "projectiles fired"),
        # one unit written three ways is one measure
        ("The car reached 120 mph on the ring road.", "120 mph", "speed"),
        ("The car reached 120 miles per hour on the ring road.", "120 miles", "speed"),
        ("Crews fought the fire in temperatures of minus 20 degrees.", "20 degrees", "temperature"),
        ("Kovac is seeking $20 million per season.", "$20 million", "money per year"),
        # ages written with a verb or with "old"
        ("Kovac, who turns 29 in April, signed on Monday.", "29", "age"),
        ("The chapel is about 30 years old.", "about 30", "age"),
        # a jury's split is a tally of votes
        ("The jury deadlocked at 9-3 on Friday.", "9", "votes"),
        # sports copy: a bare pair is a record, a bare count won or lost is of games
        ("The Rovers fired their coach with the team 9-14 this season.", "9-14", "won-lost record"),
        ("The Owls won two of six against the Rovers this season.", "two", "games won"),
        ("The Owls won two of six against the Rovers this season.", "six", "count: game"),
        ("The Owls have lost eight of their last 10 games.", "eight", "games lost"),
        # a breakdown by name counts each named part
        ("Marines detained 14 Varnese and 9 Oskari sailors.", "14", "count: varnese"),
        ("Marines detained 14 Varnese and 9 Oskari sailors.", "9", "count: oskari"),
        ("Five Varnese and three Oskari soldiers were killed.", "Five", "deaths"),
        # a counted noun is a unit only as an abbreviation or joined by a hyphen
        ("The truck carried 300 lb of salt.", "300", "mass"),
        ("Crews cleared a 9-acre site.", "9-acre", "area"),
        # a surface two units share is read from its sentence: here a weight, not sterling
        ("The 250-pound suspect was arrested on Friday.", "250", "mass"),
        # one letter is too little to name a unit
        ("Temperatures reached 40 C in Varna.", "40", "count: c"),
        ("The boys threw three stones at the bus.", "three", "count: stone"),
        # "take" and "turn" gather a crowd only with their words
        ("It took about 40 firefighters to put out the blaze.", "about 40", "people"),
        ("About 9,000 people took to the streets of Varna.", "About 9,000", "crowd size"),
        # a decimal count of a quake is its reading
        ("A 5.2 quake shook the coast of Lendra.", "5.2", "magnitude"),
    ],
)
def test_the_frame_around_a_figure_names_its_measure(
    nlp, text: str, figure: str, canonical: str
) -> None:
    assert measure_of(_claims(nlp, text)[figure]).canonical == canonical


@pytest.mark.parametrize(
    "text, figure",
    [
        ("The Owls offered Kovac a $90 million contract.", "$90 million"),
        ("The fine print aside, the Owls offered at least $90 million.", "at least $90 million"),
    ],
)
def test_money_offered_is_an_offer_whatever_the_words_near_it(nlp, text: str, figure: str) -> None:
    """An offered contract is an offer, not a deal; an adjective far off names no money."""
    assert measure_of(_claims(nlp, text)[figure]).canonical == "money: offer"


def test_a_casualty_verb_with_an_object_is_what_the_counted_did() -> None:
    """ "Two gunmen killed the guard and drove off": they drove off; they are not the dead."""
    claim = make_claim(
        "Two gunmen killed the guard and drove off.",
        "Two",
        value=2,
        noun="gunman",
        predicate="drive",
    )
    assert measure_of(claim).canonical == "people"


@pytest.mark.parametrize(
    "text, canonical",
    [
        # what befell them is written on the counted noun: it holds whatever governs it
        ("The families of the two wounded men asked for privacy.", "injured"),
        ("Relatives of the three dead soldiers gathered.", "deaths"),
        # without it, the people of a person noun are only people
        ("The father of two sons died on Monday.", "people"),
    ],
)
def test_an_outcome_written_on_the_counted_noun_says_what_befell_them(
    nlp, text: str, canonical: str
) -> None:
    [claim] = _claims(nlp, text).values()
    assert measure_of(claim).canonical == canonical


def test_a_coordinated_verb_with_its_own_object_is_another_clause(nlp) -> None:
    """ "Gunmen shot two guards and killed a driver": the guards were shot, not killed."""
    measure = measure_of(_claims(nlp, "Gunmen shot two guards and killed a driver.")["two"])
    assert measure.canonical != "deaths"


def test_a_count_of_something_of_something_names_what_it_is_of(nlp) -> None:
    """ "13 counts of attempted murder" and "13 counts of fraud" are two quantities."""
    murder = measure_of(_claims(nlp, "He faces 13 counts of attempted murder.")["13"])
    fraud = measure_of(_claims(nlp, "He faces 13 counts of fraud.")["13"])
    assert murder.canonical == fraud.canonical == "count: count"
    assert (murder.reference, fraud.reference) == ("attempted murder", "fraud")
    # a partitive's "of" names the whole, not what the count is of
    judges = measure_of(_claims(nlp, "Six of the 10 judges were named by the council.")["Six"])
    assert (judges.canonical, judges.reference) == ("count: judge", None)


@pytest.mark.parametrize(
    "text, figure, kind",
    [
        ("The Rovers made Kovac an $80 million offer.", "$80 million", "offer"),
        ("The storm caused $3 million in damage.", "$3 million", "damage"),
        ("The lender approved a $2 billion bailout.", "$2 billion", "aid"),
        ("The kidnappers demanded a ransom of $1 million.", "$1 million", "ransom"),
        ("The court imposed a $5 million fine on the firm.", "$5 million", "fine"),
        ("Police offered a $10,000 reward for information.", "$10,000", "reward"),
        ("Kovac signed a $90 million contract with the Owls.", "$90 million", "deal"),
        # the kind may be written away from the amount: the nearest word of the sentence says it
        (
            "Reports of the Owls' offer varied, and it could reach $120 million over six years.",
            "$120 million",
            "offer",
        ),
        ("The Rovers offered Kovac $140 million.", "$140 million", "offer"),
        # the last kind of money in the figure's own phrase is its head
        ("The lenders agreed on a $110 billion debt bailout.", "$110 billion", "aid"),
    ],
)
def test_money_is_measured_by_what_it_is(nlp, text: str, figure: str, kind: str) -> None:
    assert measure_of(_claims(nlp, text)[figure]).canonical == f"money: {kind}"


@pytest.mark.parametrize(
    "text, figure, reference",
    [
        # a distance is from a named point
        ("Halden lies 40 km north of the capital.", "40 km", "capital"),
        ("The quake struck 9 km from the dam.", "9 km", "dam"),
        # the direction word carries the point, whatever the parser hangs it from
        ("Its epicentre was 14 kilometres north of Orvan.", "14 kilometres", "orvan"),
        ("It hit 30 km south-west of the capital at a depth of 10 km.", "30 km", "capital"),
        ("The quake, which hit seven km (4 miles) east of Darsk, was felt.", "seven km", "darsk"),
        ("The tremor, 12 miles west of Pelmora, shook the coast.", "12 miles", "pelmora"),
        # a duration belongs to what lasted
        ("The trial lasted three weeks.", "three", "trial"),
        ("The Rovers made Kovac an eight-year offer.", "eight", "offer"),
        # an age is a named person's
        ("Mara Lind, 34, was arrested on Friday.", "34", "mara lind"),
        # a percent has a base
        ("Turnout was 45 percent of registered voters.", "45 percent", "voter"),
        # a population is the place's that the frame stands beside, not a direction's point
        ("Aid reached Darsk, a city of 500,000, on Monday.", "500,000", "darsk"),
        ("The quake struck Ostrelna Island, home to 200,000 people.", "200,000", "ostrelna island"),
        ("The town of 9,000 people north of the capital was hit.", "9,000", None),
    ],
)
def test_a_figure_names_what_it_is_relative_to(
    nlp, text: str, figure: str, reference: str | None
) -> None:
    assert measure_of(_claims(nlp, text)[figure]).reference == reference


@pytest.mark.parametrize(
    "text, figure, scope",
    [
        ("About 900 people died in the district.", "About 900", "in the district"),
        ("In all, 2,400 people died across the region.", "2,400", "across the region"),
        ("The company sold $40 million in stock.", "$40 million", "in stock"),
    ],
)
def test_a_figure_keeps_the_phrases_that_bound_it(nlp, text: str, figure: str, scope: str) -> None:
    assert scope in measure_of(_claims(nlp, text)[figure]).scope


@pytest.mark.parametrize(
    "a, b",
    [
        ("The trial lasted three weeks.", "The hearing lasted two weeks."),
        ("Halden lies 40 km north of the capital.", "Halden lies 25 km from the dam."),
    ],
)
def test_one_canonical_measure_of_two_things_differs_in_reference(nlp, a: str, b: str) -> None:
    first, second = (measure_of(next(iter(_claims(nlp, s).values()))) for s in (a, b))
    assert first.canonical == second.canonical
    assert first.reference != second.reference


def test_kinds_of_person_counted_without_an_event_are_people_of_that_kind() -> None:
    """ "Six girls testified" and "four sisters": people, told apart by their kind."""
    claim = make_claim("Six girls testified.", "Six", value=6, noun="girl", predicate="testify")
    measure = measure_of(claim)
    assert (measure.canonical, measure.reference) == ("people", "child")


def test_a_measure_read_from_claim_fields_needs_no_parse() -> None:
    """The matcher only has Claims: the frame fields alone give the measure."""
    claim = make_claim("The hearing lasted 3 hours.", "3", value=3, noun="hour", predicate="last")
    claim = Claim.from_dict({**claim.to_dict(), "subject": "hearing"})
    assert (measure_of(claim).canonical, measure_of(claim).reference) == ("duration", "hearing")


def test_every_lexicon_entry_says_why() -> None:
    data = lexicon()
    tables = {"words", "canonical"}
    entries = [
        *data["words"].values(),
        *data["canonical"].values(),
        *(entry for name, entry in data.items() if name not in tables),
    ]
    assert entries and all(entry.get("why") for entry in entries)


def test_the_lexicon_names_no_person_or_place() -> None:
    """Only common words: a capitalised word in a list would be a name from some article."""
    text = LEXICON_PATH.read_text(encoding="utf-8")
    lists = re.findall(r"\[([^\[\]]*)\]", text)
    words = re.findall(r'"([^"]+)"', " ".join(lists))
    assert words and not [w for w in words if w[:1].isupper()]


# --- the evaluation's scoring, on hand-built data --------------------------------------------


def _reports(*rows: tuple[str, str, str | None]) -> list[MeasuredReport]:
    return [MeasuredReport(slot, canonical, reference) for slot, canonical, reference in rows]


def test_a_report_is_right_when_it_has_its_slots_majority_measure() -> None:
    reports = _reports(
        ("3x.dead", "deaths", None),
        ("3x.dead", "deaths", None),
        ("3x.dead", "count: body", None),
        ("3x.crowd", "crowd size", None),
    )
    score = score_measures(reports)
    assert (score.right, score.reports, score.distinct) == (3, 4, 3)
    assert score.accuracy == pytest.approx(0.75)
    [worst] = score.worst(5)
    assert worst.slot == "3x.dead" and worst.measures == (("deaths", 2), ("count: body", 1))


def test_a_tie_in_a_slot_counts_one_side_right_whatever_the_order() -> None:
    one = score_measures(_reports(("3x.a", "deaths", None), ("3x.a", "injured", None)))
    other = score_measures(_reports(("3x.a", "injured", None), ("3x.a", "deaths", None)))
    assert one.right == other.right == 1


@pytest.mark.parametrize(
    "rows, separated",
    [
        # different canonical measures keep two quantities apart
        ([("3x.a", "deaths", None), ("3x.b", "injured", None)], 1),
        # one measure with two named references too
        ([("3x.a", "distance", "dam"), ("3x.b", "distance", "capital")], 1),
        # one measure, a reference on one side only: nothing tells them apart
        ([("3x.a", "distance", "dam"), ("3x.b", "distance", None)], 0),
        ([("3x.a", "deaths", None), ("3x.b", "deaths", None)], 0),
    ],
)
def test_must_not_pairs_are_separated_by_measure_or_reference(
    rows: list[tuple[str, str, str | None]], separated: int
) -> None:
    score = score_measures(_reports(*rows), [("3x.a", "3x.b"), ("3x.a", "3x.missing")])
    assert (score.must_not_judged, score.must_not_separated) == (1, separated)


def test_the_worst_slots_can_be_listed_for_the_tuned_topics_only() -> None:
    """Whoever extends the lexicon reads the tuned topics' failures, not the held-aside ones."""
    reports = _reports(
        ("8ecb.a", "deaths", None),
        ("8ecb.a", "people", None),
        ("20ecb.b", "injured", None),
        ("20ecb.b", "people", None),
    )
    tuned = render(score_parts(reports, []), worst_of="tuned")
    every = render(score_parts(reports, []))
    assert "8ecb.a" in tuned and "20ecb.b" not in tuned
    assert "8ecb.a" in every and "20ecb.b" in every


def test_the_held_aside_topics_are_scored_apart() -> None:
    reports = _reports(("8ecb.a", "deaths", None), ("20ecb.b", "injured", None))
    parts = score_parts(reports, [])
    assert [p.reports for p in parts.values()] == [2, 1, 1]
    assert topic_of("20ecbplus.quake_dead") == 20


_MEASURE_OF_A_SHARED_SURFACE = """
from factcheck.extract import extract_claims
from factcheck.measure import measure_of
from factcheck.model import Document
from factcheck.nlp import load_nlp

text = "The 250-pound suspect was arrested on Friday."
claims = extract_claims(Document(id="t", text=text), nlp=load_nlp())
print([measure_of(c).canonical for c in claims])
"""


def test_a_unit_two_measures_share_reads_the_same_in_every_run() -> None:
    """quantulum3 keeps the units of one surface in a set, whose order changes from one
    Python process to the next; a reader must not see "pound" as a weight in one run and
    as a count of pounds in the next."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    runs = {
        subprocess.run(
            [sys.executable, "-c", _MEASURE_OF_A_SHARED_SURFACE],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONWARNINGS": "ignore"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (0, 2)
    }
    assert runs == {"['mass']\n"}

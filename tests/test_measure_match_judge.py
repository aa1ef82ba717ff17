"""Which figures are about the same thing, and the verdict on each pair.

Claims are built by hand so each case isolates one rule. Vectors are one shared
unit vector (the texts read alike) unless a case is about language, where the
real encoder embeds the claim texts.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from factcheck.embed import SentenceEncoder, claim_text
from factcheck.judge import group_findings, interval, judge, values_agree, written_step
from factcheck.matching import ClaimContext, Match, MatchSettings, best_per_document, same_thing
from factcheck.matching.checks import compare, most_specific, time_gap_days
from factcheck.matching.match import values_differ
from factcheck.matching.names import place_similarity
from factcheck.matching.pair_model import load_pair_model
from factcheck.measure import compatible, measure_of
from factcheck.model import Claim, Document, Finding
from tests.claims import make_claim

SETTINGS = MatchSettings()
SAME_TEXT = np.eye(1, 8, dtype=np.float32)[0]


def document(doc_id: str, published: str = "2021-07-07") -> Document:
    return Document(id=doc_id, text="", source=f"outlet {doc_id}", published=published)


def context(
    claim: Claim,
    *,
    published: str = "2021-07-07",
    vector: np.ndarray = SAME_TEXT,
    story: dict[str, float] | None = None,
) -> ClaimContext:
    return ClaimContext.build(claim, document(claim.doc_id, published), vector, story=story)


SAME_DAY = ("2021-07-07", "2021-07-07")


def pair(a: Claim, b: Claim, *, published: tuple[str, str] = SAME_DAY) -> Match | None:
    """`same_thing` on two claims from documents published on `published`."""
    return same_thing(
        context(a, published=published[0]), context(b, published=published[1]), SETTINGS
    )


def verdict(a: Claim, b: Claim, *, published: tuple[str, str] = SAME_DAY) -> Finding:
    """The judge's verdict on two claims taken as one quantity (whatever the pair model says)."""
    match = Match(context(a, published=published[0]), context(b, published=published[1]), 0.9, {})
    return judge(match)


def evidence(a: Claim, b: Claim, *, published: tuple[str, str] = SAME_DAY) -> dict[str, float]:
    """The features the checks give the pair (empty when a check vetoes it)."""
    compared = compare(
        context(a, published=published[0]), context(b, published=published[1]), SETTINGS
    )
    return compared.evidence.features() if compared.evidence is not None else {}


def probability(a: ClaimContext, b: ClaimContext) -> float:
    """The shipped pair model's probability that two claims report one quantity (0: vetoed)."""
    compared = compare(a, b, SETTINGS)
    if compared.evidence is None:
        return 0.0
    return load_pair_model().score(compared.evidence, values_differ=values_differ(a, b)).probability


# -- measure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (make_claim(None, "14"), make_claim(None, "30"), True),
        (make_claim(None, "14"), make_claim(None, "30", predicate="fire"), True),
        (make_claim(None, "14"), make_claim(None, "30", noun="missile", predicate="strike"), True),
        (
            make_claim(None, "$3 million", value=3e6, noun="usd", predicate="pay", unit="USD"),
            make_claim(None, "€3 million", value=3e6, noun="eur", predicate="pay", unit="EUR"),
            False,
        ),
        (
            make_claim(
                None, "$22 million", value=22e6, noun="usd", predicate="offer", unit="USD/season"
            ),
            make_claim(
                None, "$160 million", value=160e6, noun="usd", predicate="offer", unit="USD"
            ),
            False,
        ),
        (
            make_claim(None, "4", noun="person", predicate="kill"),
            make_claim(None, "9", noun="person", predicate="injure"),
            False,
        ),
        (
            make_claim(None, "4", noun="civilian", predicate="kill"),
            make_claim(None, "5", noun="person", predicate="die"),
            True,
        ),
        (
            make_claim(None, "45%", value=45, noun="voter", predicate="back", unit="percent"),
            make_claim(None, "45", noun="voter", predicate="back"),
            False,
        ),
        (make_claim(None, "14"), make_claim(None, "14", noun="drone"), False),
        (
            make_claim(None, "5.2", noun="magnitude", predicate="injure"),
            make_claim(None, "5.4", noun="magnitude", predicate="put"),
            True,
        ),
        (
            make_claim(None, "50", noun="hurt", predicate="kill"),
            make_claim(None, "70", noun="person", predicate="wound"),
            True,
        ),
        (
            make_claim(None, "100", noun="mourner", predicate="clash"),
            make_claim(None, "130", noun="person", predicate="march"),
            True,
        ),
        (
            make_claim(
                None, "60 percent", value=60, noun="percent", predicate="respond", unit="percent"
            ),
            make_claim(
                None, "64 percent", value=64, noun="percent", predicate="consider", unit="percent"
            ),
            False,
        ),
        (
            make_claim(
                None, "5.4 per cent", value=5.4, noun="stock", predicate="plunge", unit="percent"
            ),
            make_claim(
                None, "3.9 percent", value=3.9, noun="stock", predicate="close", unit="percent"
            ),
            True,
        ),
        (
            make_claim(None, "seven", value=7, noun="village", predicate="flatten"),
            make_claim(None, "five", value=5, noun="village", predicate="damage"),
            True,
        ),
        (
            make_claim(None, "seven", value=7, noun="village", predicate="flatten"),
            make_claim(None, "two", value=2, noun="village", predicate="evacuate"),
            False,
        ),
        (
            make_claim(None, "eight", value=8, noun="day", predicate="fight", unit="day"),
            make_claim(None, "five", value=5, noun="day", predicate="fight", unit="day"),
            True,
        ),
        (
            make_claim(None, "eight", value=8, noun="day", predicate="fight", unit="day"),
            make_claim(None, "five", value=5, noun="day", predicate=None, unit="day"),
            False,
        ),
        (
            make_claim(None, "eight", value=8, noun="year", predicate="offer", unit="year"),
            make_claim(None, "seven", value=7, noun="year", predicate="serve", unit="year"),
            False,
        ),
    ],
    ids=[
        "same-noun-same-predicate",
        "fired-vs-landed",
        "synonyms",
        "usd-vs-eur",
        "rate-vs-total",
        "killed-vs-injured",
        "killed-vs-died",
        "percent-vs-count",
        "rockets-vs-drones",
        "a-magnitude-whatever-the-verb",
        "hurt-is-injured",
        "mourners-are-a-crowd",
        "percent-of-what-different-verbs",
        "market-plunged-vs-closed-down",
        "villages-flattened-vs-damaged",
        "villages-flattened-vs-evacuated",
        "fought-for-days-vs-fought-for-days",
        "fought-for-days-vs-days-of-what",
        "years-offered-vs-years-served",
    ],
)
def test_measures_are_compatible_only_when_they_count_the_same_thing(
    a: Claim, b: Claim, expected: bool
) -> None:
    assert compatible(measure_of(a), measure_of(b)) is expected


# -- values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, agree",
    [
        (make_claim(None, "14"), make_claim(None, "14"), True),
        (make_claim(None, "14"), make_claim(None, "30"), False),
        (
            make_claim(None, "At least 14", value=14, low=14, qualifier="at_least"),
            make_claim(None, "14"),
            True,
        ),
        (
            make_claim(None, "At least 50", value=50, low=50, qualifier="at_least"),
            make_claim(None, "80"),
            True,
        ),
        (
            make_claim(None, "At least 50", value=50, low=50, qualifier="at_least"),
            make_claim(None, "30"),
            False,
        ),
        (
            make_claim(None, "up to 200,000", value=200_000, high=200_000, qualifier="up_to"),
            make_claim(None, "30,000"),
            True,
        ),
        (
            make_claim(None, "up to 200,000", value=200_000, high=200_000, qualifier="up_to"),
            make_claim(None, "250,000"),
            False,
        ),
        (make_claim(None, "1.5 million", value=1.5e6), make_claim(None, "1,520,000"), True),
        (
            make_claim(None, "About 40", value=40, low=36, high=44, qualifier="about"),
            make_claim(None, "42"),
            True,
        ),
        (
            make_claim(None, "10-15", value=10, low=10, high=15, qualifier="range"),
            make_claim(None, "12"),
            True,
        ),
        (
            make_claim(None, "Dozens", low=24, high=99, qualifier="approx"),
            make_claim(None, "9"),
            False,
        ),
        # a figure is as precise as it is written
        (
            make_claim(None, "$82 million", value=82e6, unit="USD"),
            make_claim(None, "$80 million", value=80e6, unit="USD"),
            False,
        ),
        (make_claim(None, "12"), make_claim(None, "13"), False),
        # "more than" leaves its number out; "as many as" and "at least" keep it
        (
            make_claim(None, "nearly 300", value=300, low=255, high=300, qualifier="nearly"),
            make_claim(None, "more than 300", value=300, low=300, qualifier="more_than"),
            False,
        ),
        (
            make_claim(None, "as many as 20,000", value=20_000, high=20_000, qualifier="up_to"),
            make_claim(None, "Tens of thousands", low=20_000, high=99_999, qualifier="approx"),
            True,
        ),
        (
            make_claim(None, "almost 50", value=50, low=42.5, high=50, qualifier="nearly"),
            make_claim(None, "at least 50", value=50, low=50, qualifier="at_least"),
            True,
        ),
    ],
)
def test_values_agree_when_both_can_be_true(a: Claim, b: Claim, agree: bool) -> None:
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree


@pytest.mark.parametrize(
    "figure, value, step",
    [
        ("$82 million", 82e6, 1e6),
        ("1.5 million", 1.5e6, 1e5),
        ("1,520,000", 1_520_000, 1),
        ("20, 000", 20_000, 1),  # as some feeds space a number
        ("three", 3, 1),
        ("5.6", 5.6, 0.1),
    ],
)
def test_an_exact_figure_is_as_precise_as_it_is_written(
    figure: str, value: float, step: float
) -> None:
    assert written_step(make_claim(None, figure, value=value)) == pytest.approx(step)


def test_interval_of_an_open_qualifier_is_open() -> None:
    at_least = make_claim(None, "At least 14", value=14, low=14, qualifier="at_least")
    up_to = make_claim(None, "up to 200,000", value=200_000, high=200_000, qualifier="up_to")
    assert interval(at_least) == (14, np.inf)
    assert interval(up_to) == (0, 200_000)


# -- verdicts --------------------------------------------------------------------------


def test_landed_vs_fired_in_one_event_is_a_different_measure(encoder: SentenceEncoder) -> None:
    landed = make_claim(
        "The coalition said 14 rockets landed on Kessel air base on Wednesday.",
        "14",
        predicate="land",
        speaker="coalition",
    )
    fired = make_claim(
        "The Red Hand militia said its members fired 30 rockets at Kessel air base.",
        "30",
        predicate="fire",
        doc_id="b",
        speaker="Red Hand militia",
    )
    vectors = encoder.encode([claim_text(landed), claim_text(fired)])
    a, b = context(landed, vector=vectors[0]), context(fired, vector=vectors[1])
    assert probability(a, b) > 0.5, "one attack's fired and landed counts are one flow"
    finding = judge(Match(a, b, 0.9, {}))
    assert finding.kind == "different_measure"
    assert finding.values == (14, 30)
    assert set(finding.claims) == {landed.id, fired.id}


@pytest.mark.parametrize(
    "a, b, kind",
    [
        (
            make_claim(None, "14", speaker="coalition"),
            make_claim(None, "30", doc_id="b", speaker="militia"),
            "conflict",
        ),
        (
            make_claim(None, "At least 14", value=14, low=14, qualifier="at_least"),
            make_claim(None, "14", doc_id="b"),
            "agreement",
        ),
        (
            make_claim(
                None,
                "At least 50",
                value=50,
                low=50,
                qualifier="at_least",
                noun="person",
                predicate="march",
            ),
            make_claim(None, "80", doc_id="b", noun="person", predicate="march"),
            "agreement",
        ),
        (
            make_claim(
                None,
                "up to 200,000",
                value=200_000,
                high=200_000,
                qualifier="up_to",
                noun="person",
                predicate="march",
            ),
            make_claim(None, "30,000", doc_id="b", noun="person", predicate="march"),
            "agreement",
        ),
    ],
    ids=["14-vs-30", "at-least-14-vs-14", "at-least-50-vs-80", "up-to-200000-vs-30000"],
)
def test_verdict_on_one_measure(a: Claim, b: Claim, kind: str) -> None:
    assert verdict(a, b).kind == kind


def _length(sentence: str, figure: str, value: float, unit: str, doc_id: str = "a") -> Claim:
    return make_claim(
        sentence, figure, value=value, noun=None, predicate=None, unit=unit, doc_id=doc_id
    )


@pytest.mark.parametrize(
    "a, b, kind",
    [
        (
            _length("Halden lies 30 miles north of Dorran.", "30 miles", 30, "mile"),
            _length("Halden lies 48 km north of Dorran.", "48 km", 48, "kilometre", "b"),
            "agreement",
        ),
        (
            _length("Halden lies 700 miles north of Dorran.", "700 miles", 700, "mile"),
            _length("Halden lies 1,500 km north of Dorran.", "1,500 km", 1500, "kilometre", "b"),
            "conflict",
        ),
        (
            _length("Halden lies 30 miles north of Dorran.", "30 miles", 30, "mile"),
            _length("Halden lies 31 miles north of Dorran.", "31 miles", 31, "mile", "b"),
            "conflict",
        ),
        (
            make_claim(None, "60", noun="age", predicate=None, unit="year"),
            make_claim(None, "61", noun="age", predicate=None, doc_id="b"),
            "conflict",
        ),
    ],
    ids=[
        "30-miles-is-48-km",
        "700-miles-is-not-1500-km",
        "30-miles-is-not-31-miles",
        "unconverted-age-60-is-not-61",
    ],
)
def test_distances_in_miles_and_kilometres_are_compared_on_one_scale(
    a: Claim, b: Claim, kind: str
) -> None:
    assert verdict(a, b).kind == kind


@pytest.mark.parametrize(
    "sentence, figure, measure",
    [
        ("Halden lies 1,500 km south of Dorran.", "1,500 km", "distance"),
        ("The quake struck at a depth of 10 km.", "10 km", "depth"),
        ("The quake was 10 km deep, 40 km from Halden.", "40 km", "distance"),
    ],
)
def test_a_length_measures_a_distance_unless_its_words_name_another_dimension(
    sentence: str, figure: str, measure: str
) -> None:
    claim = make_claim(sentence, figure, value=10, noun=None, predicate=None, unit="kilometre")
    assert measure_of(claim).kind == measure


def test_the_same_speaker_with_a_new_figure_later_is_an_update() -> None:
    first = make_claim(None, "12", noun="person", predicate="kill", speaker="Health Ministry")
    later = make_claim(
        None, "15", noun="person", predicate="kill", speaker="Health Ministry", doc_id="b"
    )
    finding = verdict(first, later, published=("2021-07-07", "2021-07-09"))
    assert finding.kind == "update"
    assert finding.claims == (first.id, later.id)
    assert finding.values == (12, 15)


def test_the_earlier_report_is_listed_first() -> None:
    later = make_claim(None, "30", speaker="militia")
    earlier = make_claim(None, "14", doc_id="b", speaker="coalition")
    finding = verdict(later, earlier, published=("2021-07-09", "2021-07-07"))
    assert finding.claims == (earlier.id, later.id)
    assert finding.values == (14, 30)


# -- same thing? -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        (
            make_claim(None, "14", times=("2021-05-14",)),
            make_claim(None, "30", doc_id="b", times=("2021-05-28",)),
        ),
        (
            make_claim(
                None,
                "$160 million",
                value=160e6,
                noun="usd",
                predicate="offer",
                unit="USD",
                actor="Nationals",
                places=(),
            ),
            make_claim(
                None,
                "$150 million",
                value=150e6,
                noun="usd",
                predicate="offer",
                unit="USD",
                actor="Red Sox",
                places=(),
                doc_id="b",
            ),
        ),
        (
            make_claim(None, "14", places=("Kessel air base",)),
            make_claim(None, "2", doc_id="b", places=("Dorran airfield",)),
        ),
        (
            make_claim(None, "4", noun="person", predicate="kill"),
            make_claim(None, "9", noun="person", predicate="injure", doc_id="b"),
        ),
    ],
    ids=["may-14-vs-may-28", "nationals-vs-red-sox", "different-bases", "killed-vs-injured"],
)
def test_different_events_are_told_apart_by_a_named_check(a: Claim, b: Claim) -> None:
    """Each pair differs from one event's two reports in one respect, which a check names."""
    features = evidence(a, b)
    named = {"events_apart", "actors_differ", "places_differ", "events_differ", "same_kind"}
    assert (
        features.get("events_apart")
        or features.get("actors_differ")
        or features.get("places_differ")
        or not features.get("same_kind")
    ), sorted(set(features) & named)


def test_an_undated_figure_is_about_the_days_around_its_report() -> None:
    a = make_claim(None, "14")
    b = make_claim(None, "30", doc_id="b")
    near = evidence(a, b, published=("2021-07-07", "2021-07-09"))
    far = evidence(a, b, published=("2021-07-07", "2021-09-01"))
    assert near["report_gap"] < far["report_gap"]
    near_p = probability(context(a), context(b, published="2021-07-09"))
    far_p = probability(context(a), context(b, published="2021-09-01"))
    assert far_p < near_p, "two months between the reports make one quantity less likely"


def test_one_sentence_is_never_paired_with_itself() -> None:
    sentence = "Militants fired 14 rockets and 30 mortar rounds on the base."
    a = make_claim(sentence, "14")
    b = make_claim(sentence, "30")
    assert a.sentence_start == b.sentence_start and a.doc_id == b.doc_id
    assert pair(a, b) is None


def test_two_sources_set_against_each_other_in_one_sentence_conflict() -> None:
    sentence = "Police put the crowd at 20,000, while organisers said 50,000 people marched."
    a = make_claim(sentence, "20,000", noun="crowd", predicate="put", speaker="Police", places=())
    b = make_claim(
        sentence, "50,000", noun="person", predicate="march", speaker="organisers", places=()
    )
    assert verdict(a, b).kind == "conflict"


@pytest.mark.parametrize(
    "speakers, sentences, paired",
    [
        ((None, None), ("14 landed on the base.", "30 landed near the gate."), False),
        (("Police", "police"), ("Police said 14 landed.", "Another 30 landed, police said"), False),
        (("Police", "Hale"), ("Police said 14 landed.", "Hale said 30 landed."), True),
        ((None, None), ("Initially 14 landed.", "The count rose to 30 landed."), True),
    ],
    ids=["narrator-twice", "one-spokesman-twice", "two-sources", "wording-says-it-changed"],
)
def test_one_source_does_not_contradict_itself_within_an_article(
    speakers: tuple[str | None, str | None], sentences: tuple[str, str], paired: bool
) -> None:
    a = make_claim(sentences[0], "14", speaker=speakers[0])
    b = make_claim(sentences[1], "30", speaker=speakers[1])
    b = replace(b, sentence_start=100)
    assert bool(evidence(a, b).get("one_source_twice")) is not paired


def test_one_source_giving_one_figure_twice_still_agrees() -> None:
    a = make_claim("Officials said 14 landed.", "14", speaker="officials")
    b = replace(make_claim(None, "14", claim_id="a:14b"), sentence_start=80, speaker="officials")
    assert verdict(a, b).kind == "agreement"


@pytest.mark.parametrize(
    "owners, paired",
    [
        ((("the Orioles",), ("the Nationals",)), False),
        ((("the Nationals",), ("Washington Nationals",)), True),
        (((), ("the Nationals",)), True),
    ],
    ids=["two-teams", "one-team-two-spellings", "owner-unknown-on-one-side"],
)
def test_figures_owned_by_different_names_are_not_paired(
    owners: tuple[tuple[str, ...], tuple[str, ...]], paired: bool
) -> None:
    a = make_claim(None, "$140 million", value=140e6, noun="usd", unit="USD", owners=owners[0])
    b = make_claim(
        None, "$160 million", value=160e6, noun="usd", unit="USD", doc_id="b", owners=owners[1]
    )
    assert bool(evidence(a, b).get("owners_differ")) is not paired


@pytest.mark.parametrize(
    "actor, paired", [("the Rovers", False), ("Owls", True), (None, True)], ids=str
)
def test_a_figure_owned_by_one_name_is_not_paired_with_what_another_did(
    actor: str | None, paired: bool
) -> None:
    """ "the Owls (eight years, $160 million)" against "the Rovers offered $150 million"."""
    owned = make_claim(
        None, "$160 million", value=160e6, noun="usd", unit="USD", owners=("the Owls",)
    )
    done = make_claim(
        None, "$150 million", value=150e6, noun="usd", unit="USD", doc_id="b", actor=actor
    )
    assert bool(evidence(owned, done).get("owners_differ")) is not paired


@pytest.mark.parametrize(
    "parts, paired",
    [(("40", None), False), (("40", "40"), True), ((None, None), True)],
    ids=["part-and-whole", "two-parts", "two-wholes"],
)
def test_a_part_of_a_figure_is_paired_only_with_another_part(
    parts: tuple[str | None, str | None], paired: bool
) -> None:
    """ "15 of them (of 40 injured) on the island" is not another outlet's "18 injured"."""
    fifteen = make_claim(None, "15", noun="person", predicate="injure", part_of=parts[0])
    eighteen = make_claim(
        None, "18", noun="person", predicate="injure", doc_id="b", part_of=parts[1]
    )
    assert bool(evidence(fifteen, eighteen).get("part_and_whole")) is not paired


@pytest.mark.parametrize(
    "nouns, paired", [(("woman", "woman"), True), (("woman", "man"), False)], ids=str
)
def test_parts_counting_different_kinds_of_person_are_not_paired(
    nouns: tuple[str, str], paired: bool
) -> None:
    """ "two women and one man died": the two and the one are two parts of the dead."""
    group = "two women and one man"
    women = make_claim(None, "two", noun=nouns[0], predicate="die", part_of=group)
    other = make_claim(None, "one", noun=nouns[1], predicate="die", doc_id="b", part_of=group)
    assert bool(evidence(women, other).get("parts_differ")) is not paired


@pytest.mark.parametrize(
    "places, paired",
    [
        ((("Norland", "Kessel air base"), ("Norland", "Dorran airfield")), False),
        ((("Norland", "Kessel air base"), ("Kessel air base",)), True),
        ((("Norland", "Kessel air base"), ("Kessel air base", "Norland")), True),
        ((("Norland", "Harlow Textiles"), ("Norland", "the Textiles plant")), True),
    ],
    ids=["shared-country-own-towns", "one-names-more", "same-places", "one-site-two-spellings"],
)
def test_a_shared_region_does_not_join_two_towns(
    places: tuple[tuple[str, ...], tuple[str, ...]], paired: bool
) -> None:
    a = make_claim(None, "14", places=places[0])
    b = make_claim(None, "30", places=places[1], doc_id="b")
    features = evidence(a, b)
    assert bool(features.get("places_shared") and not features.get("places_apart")) is paired


@pytest.mark.parametrize(
    "dated, paired",
    [(None, False), ("February", True), ("2003", False)],
    ids=["today-at-the-same-base", "the-same-february", "another-year"],
)
def test_a_figure_dated_to_another_month_is_paired_only_with_one_dated_the_same(
    dated: str | None, paired: bool
) -> None:
    """ "In February, rockets hit ..." in an undated article may be another attack,
    even at the same base."""
    base = ("Kessel air base",)
    february = make_claim(None, "14", places=base, earlier_date="February")
    other = make_claim(None, "30", places=base, doc_id="b", earlier_date=dated)
    assert bool(evidence(february, other).get("dated_differently")) is not paired


def test_in_one_article_a_figure_dated_to_another_month_is_another_event() -> None:
    february = make_claim(None, "14", places=(), earlier_date="February", speaker="police")
    today = replace(make_claim(None, "30", places=(), claim_id="a:30"), sentence_start=90)
    assert evidence(february, today).get("dated_differently")
    undated = replace(february, earlier_date=None)
    assert probability(context(february), context(today)) < probability(
        context(undated), context(today)
    ), "a figure dated to another month is less likely today's"


def test_across_two_articles_a_figure_is_paired_with_its_best_counterpart_only() -> None:
    forty = make_claim(None, "40", noun="person", predicate="injure", places=())
    fifteen = replace(
        make_claim(None, "15", noun="person", predicate="injure", places=(), claim_id="a:15"),
        sentence_start=60,
    )
    fifty = make_claim(None, "50", noun="person", predicate="injure", places=(), doc_id="b")
    close, far = np.array([1.0, 0.0], np.float32), np.array([0.8, 0.6], np.float32)
    contexts = [context(forty, vector=close), context(fifteen, vector=far)]
    other = context(fifty, vector=close)
    matches = [Match(c, other, probability(c, other), {}) for c in contexts]
    kept = best_per_document(matches)
    assert [(m.a.claim.figure_text, m.b.claim.figure_text) for m in kept] == [("40", "50")]


def test_articles_about_different_stories_are_not_compared() -> None:
    a, b = make_claim(None, "14"), make_claim(None, "30", doc_id="b")
    kessel = {"kessel": 0.8, "hale": 0.6}
    dorran = {"dorran": 0.8, "voss": 0.6}
    apart = probability(context(a, story=kessel), context(b, story=dorran))
    together = probability(context(a, story=kessel), context(b, story=kessel))
    assert apart < together


def test_a_match_keeps_the_checks_that_explain_it() -> None:
    a = make_claim(None, "14", times=("2021-07-07",))
    b = make_claim(None, "30", doc_id="b", times=("2021-07-07",), places=("Kessel airbase",))
    match = same_thing(context(a), context(b), replace(SETTINGS, suggest=0.0))
    assert isinstance(match, Match)
    assert match.checks["shared_places"] == ["Kessel air base"]
    assert match.checks["date_gap_days"] == 0
    assert match.checks["similarity"] == 1.0
    assert "both name Kessel air base" in match.checks["evidence"]
    assert "same day" in match.checks["evidence"]
    checks = [c.check for c in match.contributions]
    assert len(checks) == len(set(checks)) and {"places", "dates", "wording"} <= set(checks)
    assert match.score == pytest.approx(match.checks["score"], abs=1e-3)


@pytest.mark.parametrize(
    "a, b, similar",
    [
        pytest.param(
            "Ain al-Asad airbase",
            "Al-Assad Air Base",
            True,
        ),
        ("Ain al-Asad Air Base", "Al-Asad Air Base", True),
        ("Ain al-Asad air base", "Ain al-Asad Air Base", True),
        ("Kessel airbase", "Kessel Air Base", True),
        ("al-Omar base", "Al-Assad Air Base", False),
        ("Athens", "Thessaloniki", False),
        ("IMF", "the International Monetary Fund", True),
        ("the U.N.", "United Nations", True),
        ("U.N.", "the United Nations", True),
        ("IMF", "International Monetary", False),
        ("Imf", "International Monetary Fund", False),  # an acronym is written in capitals
        ("EU", "European Central Bank", False),
    ],
)
def test_place_names_match_fuzzily(a: str, b: str, similar: bool) -> None:
    assert (place_similarity(a, b) >= SETTINGS.place_similarity) is similar


@pytest.mark.parametrize(
    "a, b, gap",
    [
        (["2021-05-14"], ["2021-05-28"], 14),
        (["2021-07-07"], ["2021-07-03/2021-07-04"], 3),
        (["2021-06"], ["2021-06-27"], 0),
        (["2021-05-14"], [], None),
    ],
)
def test_time_gap_days(a: list[str], b: list[str], gap: int | None) -> None:
    assert time_gap_days(a, b) == gap


def test_most_specific_prefers_days() -> None:
    assert most_specific(["2021-07", "2021-07-06"]) == ["2021-07-06"]
    assert most_specific(["2021-07", "2021"]) == ["2021-07", "2021"]


# -- grouping --------------------------------------------------------------------------


def finding(
    kind: str, claims: tuple[str, str], values: tuple[float, float], score: float
) -> Finding:
    return Finding(
        kind=kind,  # type: ignore[arg-type]
        claims=claims,
        measure="rocket hit at Kessel air base",
        values=values,
        score=score,
        why="...",
        checks={"similarity": score},
    )


def test_group_findings_merges_pairs_that_share_a_claim_into_one_quantity() -> None:
    pairs = [
        finding("conflict", ("a:14", "b:30"), (14, 30), 0.8),
        finding("conflict", ("a:14", "c:30"), (14, 30), 0.9),
        finding("conflict", ("d:14", "e:30"), (14, 30), 0.7),  # no shared claim: its own finding
        finding("agreement", ("b:30", "c:30"), (30, 30), 0.95),
    ]
    grouped = group_findings(pairs)
    assert [f.kind for f in grouped] == ["conflict", "conflict"]
    merged = grouped[0]
    assert merged.claims == ("a:14", "b:30", "c:30")
    assert merged.values == (14, 30)
    assert merged.score == 0.95
    assert sorted(merged.checks["pairs"]) == [["a:14", "b:30"], ["a:14", "c:30"], ["b:30", "c:30"]]
    assert {p.claims: p.kind for p in merged.pairs} == {
        ("a:14", "b:30"): "conflict",
        ("a:14", "c:30"): "conflict",
        ("b:30", "c:30"): "agreement",
    }
    assert grouped[1].claims == ("d:14", "e:30")
    assert grouped[1].checks["pairs"] == [["d:14", "e:30"]]

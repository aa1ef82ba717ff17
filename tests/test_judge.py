"""The judge's verdict on disputed estimates, and one finding per quantity.

Claims are built by hand (`tests.claims`), with invented places, sources and
figures; each case isolates one rule. Pairs are given to the judge as matches
directly, so these tests are about the verdict, not about the matcher.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from factcheck.eval.matching import finding_pairs
from factcheck.judge import group_findings, judge
from factcheck.matching import ClaimContext, Match
from factcheck.model import (
    COMPETING_ESTIMATES,
    Claim,
    Document,
    Finding,
    FindingReport,
    JudgedPair,
)
from tests.claims import make_claim

VECTOR = np.eye(1, 8, dtype=np.float32)[0]
OUTLETS = {"a": "Northgate Post", "b": "Lakeside Wire", "c": "Valley Courier"}
DAY = "2024-05-14"
NEXT_DAY = "2024-05-15"


def context(claim: Claim, published: str | None) -> ClaimContext:
    document = Document(
        id=claim.doc_id, text="", source=OUTLETS.get(claim.doc_id), published=published
    )
    return ClaimContext.build(claim, document, VECTOR)


def judged(
    a: Claim, b: Claim, published: tuple[str | None, str | None] = (DAY, DAY), score: float = 0.8
) -> Finding:
    """The judge's finding on `a` and `b`, as if the matcher had paired them."""
    match = Match(context(a, published[0]), context(b, published[1]), score, {"similarity": 0.9})
    return judge(match)


def crowd(sentence: str, figure: str, *, doc_id: str = "a", **fields: object) -> Claim:
    """A crowd figure in Varrow: people who marched."""
    return make_claim(
        sentence,
        figure,
        noun="person",
        predicate="march",
        places=("Varrow",),
        doc_id=doc_id,
        **fields,  # type: ignore[arg-type]
    )


def toll(sentence: str, figure: str, *, doc_id: str = "a", **fields: object) -> Claim:
    """A death toll of the Orlen mine collapse."""
    return make_claim(
        sentence,
        figure,
        noun="person",
        predicate="die",
        places=("Orlen",),
        doc_id=doc_id,
        **fields,  # type: ignore[arg-type]
    )


UP_TO_80000 = crowd(
    "Organisers claimed up to 80,000 people marched through Varrow.",
    "up to 80,000",
    value=80_000,
    high=80_000,
    qualifier="up_to",
    speaker="Organisers",
)
JUST_12000 = crowd(
    "Police said just 12,000 people marched in Varrow.", "12,000", doc_id="b", speaker="police"
)
SIDE_BY_SIDE = "Police said at least 400,000 people marched in Varrow, the organisers 1.5 million."
AT_LEAST_400000 = crowd(
    SIDE_BY_SIDE,
    "at least 400,000",
    value=400_000,
    low=400_000,
    qualifier="at_least",
    speaker="Police",
)
ONE_AND_A_HALF_MILLION = crowd(SIDE_BY_SIDE, "1.5 million", value=1_500_000, speaker="organisers")
AT_LEAST_5 = toll(
    "At least 5 people died when the Orlen mine roof fell, officials said.",
    "At least 5",
    value=5,
    low=5,
    qualifier="at_least",
    speaker="officials",
)
ELEVEN = toll(
    "Eleven people died in the Orlen mine collapse, the regional governor said.",
    "Eleven",
    value=11,
    doc_id="b",
    speaker="the regional governor",
)


@pytest.mark.parametrize(
    "a, b, published, kind, dispute",
    [
        (UP_TO_80000, JUST_12000, (DAY, DAY), "conflict", COMPETING_ESTIMATES),
        (AT_LEAST_400000, ONE_AND_A_HALF_MILLION, (DAY, DAY), "conflict", COMPETING_ESTIMATES),
        # both sources in one article, whatever its date
        (AT_LEAST_400000, ONE_AND_A_HALF_MILLION, (None, None), "conflict", COMPETING_ESTIMATES),
        # an early hedged toll and a later count can both hold
        (AT_LEAST_5, ELEVEN, (DAY, NEXT_DAY), "agreement", None),
        # ... whichever of the two is passed first
        (ELEVEN, AT_LEAST_5, (NEXT_DAY, DAY), "agreement", None),
        # a later count said to be one, on the same day
        (
            AT_LEAST_5,
            toll(
                "The toll later rose to 11, the hospital said.",
                "11",
                doc_id="b",
                speaker="the hospital",
            ),
            (DAY, DAY),
            "agreement",
            None,
        ),
        # the outlet's own hedged figure is nobody's competing estimate
        (
            toll(
                "At least 5 people died in Orlen.",
                "At least 5",
                value=5,
                low=5,
                qualifier="at_least",
            ),
            ELEVEN,
            (DAY, DAY),
            "agreement",
            None,
        ),
        # one source twice: organisers with "more than 50,000" and "55,000"
        (
            crowd(
                "Organisers said more than 50,000 marched in Varrow.",
                "more than 50,000",
                value=50_000,
                low=50_000,
                qualifier="more_than",
                speaker="organisers",
            ),
            crowd(
                "Organisers counted 55,000 marchers in Varrow.",
                "55,000",
                doc_id="b",
                speaker="the organisers",
            ),
            (DAY, DAY),
            "agreement",
            None,
        ),
        # a spokeswoman and the service she speaks for are one source
        (
            toll(
                "At least 20 died, said Ilse Marr, spokeswoman for the Orlen fire service.",
                "At least 20",
                value=20,
                low=20,
                qualifier="at_least",
                speaker="Ilse Marr",
                speaker_role="spokeswoman for the Orlen fire service",
            ),
            toll(
                "The Orlen fire service said 31 people died.",
                "31",
                doc_id="b",
                speaker="Orlen fire service",
            ),
            (DAY, DAY),
            "agreement",
            None,
        ),
        # figures that meet as written agree, whoever gives them
        (
            crowd(
                "Police said about 20,000 marched in Varrow.",
                "about 20,000",
                value=20_000,
                low=18_000,
                high=22_000,
                qualifier="about",
                speaker="police",
            ),
            crowd("Organisers said 21,000 marched.", "21,000", doc_id="b", speaker="organisers"),
            (DAY, DAY),
            "agreement",
            None,
        ),
        # two sources, two exact figures, one day: competing
        (
            crowd("Police said 20,000 marched in Varrow.", "20,000", speaker="police"),
            crowd("Organisers said 55,000 marched.", "55,000", doc_id="b", speaker="organisers"),
            (DAY, DAY),
            "conflict",
            COMPETING_ESTIMATES,
        ),
        # two sources whose figures are close as written: the hedge is how both tell one figure
        (
            crowd(
                "Police said more than 50,000 marched in Varrow.",
                "more than 50,000",
                value=50_000,
                low=50_000,
                qualifier="more_than",
                speaker="police",
            ),
            crowd("Organisers said 60,000 marched.", "60,000", doc_id="b", speaker="organisers"),
            (DAY, DAY),
            "agreement",
            None,
        ),
        # ... days apart, one may be a later count: a conflict, not called competing
        (
            crowd("Police said 20,000 marched in Varrow.", "20,000", speaker="police"),
            crowd("Organisers said 55,000 marched.", "55,000", doc_id="b", speaker="organisers"),
            (DAY, "2024-05-17"),
            "conflict",
            None,
        ),
    ],
    ids=[
        "up-to-80000-vs-12000",
        "at-least-400000-vs-1.5-million",
        "one-article-undated",
        "early-hedged-toll-then-later-count",
        "later-count-passed-first",
        "later-count-marked-by-its-words",
        "the-outlet-itself",
        "one-source-twice",
        "spokeswoman-and-her-service",
        "alike-as-written",
        "two-exact-figures-one-day",
        "hedge-close-to-the-other-figure",
        "two-exact-figures-days-apart",
    ],
)
def test_two_sources_each_giving_their_own_estimate_are_a_dispute(
    a: Claim,
    b: Claim,
    published: tuple[str | None, str | None],
    kind: str,
    dispute: str | None,
) -> None:
    finding = judged(a, b, published)
    assert (finding.kind, finding.dispute) == (kind, dispute)
    assert [(p.kind, p.dispute) for p in finding.pairs] == [(kind, dispute)]


@pytest.mark.parametrize(
    "a, b, published, words",
    [
        (
            UP_TO_80000,
            JUST_12000,
            (DAY, DAY),
            [
                "Organisers put it at up to 80,000; police at 12,000: two competing estimates",
                '"up to 80,000" would allow 12,000',
            ],
        ),
        (
            AT_LEAST_400000,
            ONE_AND_A_HALF_MILLION,
            (DAY, DAY),
            ["Police put it at at least 400,000; organisers at 1.5 million", "competing"],
        ),
        (AT_LEAST_5, ELEVEN, (DAY, NEXT_DAY), ['can both hold: Eleven is within "At least 5"']),
    ],
    ids=["hedge-overlaps", "hedge-does-not-help", "compatible"],
)
def test_the_why_says_whose_estimates_compete_or_why_both_hold(
    a: Claim, b: Claim, published: tuple[str, str], words: list[str]
) -> None:
    why = judged(a, b, published).why
    for phrase in words:
        assert phrase in why


def test_the_judged_pair_carries_who_gave_each_value() -> None:
    finding = judged(AT_LEAST_5, ELEVEN, (DAY, NEXT_DAY))
    assert finding.reports == (
        FindingReport(
            AT_LEAST_5.id, 5, "At least 5", "at_least", "officials", "a", OUTLETS["a"], DAY
        ),
        FindingReport(
            ELEVEN.id, 11, "Eleven", "exact", "the regional governor", "b", OUTLETS["b"], NEXT_DAY
        ),
    )


# -- one finding per quantity ----------------------------------------------------------------


def test_three_outlets_reporting_one_toll_are_one_finding() -> None:
    twelve = toll("The ministry said 12 people died in Orlen.", "12", speaker="the ministry")
    fifteen = toll("Fifteen people died in Orlen.", "Fifteen", value=15, doc_id="b")
    also_fifteen = toll("Rescuers said 15 died at Orlen.", "15", doc_id="c", speaker="rescuers")
    pairs = [
        judged(twelve, fifteen, (DAY, NEXT_DAY), score=0.8),
        judged(twelve, also_fifteen, (DAY, NEXT_DAY), score=0.7),
        judged(fifteen, also_fifteen, (NEXT_DAY, NEXT_DAY), score=0.9),
    ]
    [finding] = group_findings(pairs)
    assert finding.kind == "conflict"
    assert finding.claims == (twelve.id, fifteen.id, also_fifteen.id)
    assert finding.values == (12, 15)
    assert finding.given_by() == (
        "12: the ministry (Northgate Post); 15: Lakeside Wire itself, rescuers (Valley Courier)"
    )
    assert {p.claims: p.kind for p in finding.pairs} == {
        (twelve.id, fifteen.id): "conflict",
        (twelve.id, also_fifteen.id): "conflict",
        (fifteen.id, also_fifteen.id): "agreement",
    }
    assert finding.why.startswith("3 reports, 2 values: 12: the ministry (Northgate Post);")
    assert finding.score == 0.9


def pair_finding(
    kind: str,
    a: tuple[str, float, str | None],
    b: tuple[str, float, str | None],
    score: float,
) -> Finding:
    """A judged pair of claims given as (claim id "<doc>:<n>", value, speaker)."""
    reports = tuple(
        FindingReport(claim=cid, value=value, speaker=speaker, doc_id=cid.split(":")[0])
        for cid, value, speaker in (a, b)
    )
    return Finding(
        kind=kind,  # type: ignore[arg-type]
        claims=(a[0], b[0]),
        measure="people injured in Orlen",
        values=(a[1], b[1]),
        score=score,
        why=f"{kind} {a[0]} {b[0]}",
        reports=reports,
    )


@pytest.mark.parametrize(
    "kinds, expected",
    [
        (["agreement", "agreement"], "agreement"),
        (["agreement", "update"], "update"),
        (["update", "different_measure", "agreement"], "different_measure"),
        (["different_measure", "conflict", "update"], "conflict"),
    ],
)
def test_the_kind_of_a_quantity_is_its_most_serious_pair(kinds: list[str], expected: str) -> None:
    chain = [
        pair_finding(kind, (f"d{n}:0", n, None), (f"d{n + 1}:0", n + 1, None), 0.9 - n / 10)
        for n, kind in enumerate(kinds)
    ]
    [finding] = group_findings(chain)
    assert finding.kind == expected
    assert sorted(p.kind for p in finding.pairs) == sorted(kinds)


# "40 injured in all, 15 of them on the island" (article a, the outlet's own voice);
# b reports the 40, c the 15, and a weak link pairs b's 40 with c's 15.
STRONG = [
    pair_finding("agreement", ("a:40", 40, None), ("b:40", 40, None), 0.9),
    pair_finding("agreement", ("a:15", 15, None), ("c:15", 15, None), 0.85),
]
WEAK = pair_finding("conflict", ("b:40", 40, None), ("c:15", 15, None), 0.6)


@pytest.mark.parametrize(
    "findings, quantities",
    [
        (
            [*STRONG, WEAK],
            [{"a:40", "b:40"}, {"a:15", "c:15"}, {"b:40", "c:15"}],
        ),
        # the weak link reaching a claim not yet grouped
        (
            [STRONG[0], pair_finding("conflict", ("b:40", 40, None), ("a:15", 15, None), 0.6)],
            [{"a:40", "b:40"}, {"b:40", "a:15"}],
        ),
        # the article itself pairs its two figures (a revised count): one quantity
        (
            [*STRONG, WEAK, pair_finding("update", ("a:15", 15, None), ("a:40", 40, None), 0.7)],
            [{"a:40", "b:40", "a:15", "c:15"}],
        ),
        # two speakers in one article, each with their own figure: one quantity, disputed
        (
            [
                pair_finding("agreement", ("a:40", 40, "police"), ("b:40", 40, None), 0.9),
                pair_finding("agreement", ("a:15", 15, "organisers"), ("c:15", 15, None), 0.85),
                WEAK,
            ],
            [{"a:40", "b:40", "a:15", "c:15"}],
        ),
    ],
    ids=["weak-link-kept-apart", "weak-link-to-a-new-claim", "paired-directly", "two-speakers"],
)
def test_a_weak_link_does_not_chain_two_values_of_one_source_into_one_quantity(
    findings: list[Finding], quantities: list[set[str]]
) -> None:
    grouped = group_findings(findings)
    assert sorted(map(set, (f.claims for f in grouped)), key=sorted) == sorted(
        quantities, key=sorted
    )
    judged_pairs = sorted(p.claims for f in grouped for p in f.pairs)
    assert judged_pairs == sorted(f.claims for f in findings)  # every judged pair kept once


def test_each_judged_pair_is_scored_with_its_own_kind() -> None:
    grouped = group_findings(
        [
            pair_finding("conflict", ("a:12", 12, None), ("b:15", 15, None), 0.8),
            pair_finding("agreement", ("b:15", 15, None), ("c:15", 15, None), 0.9),
        ]
    )
    [finding] = grouped
    assert finding.kind == "conflict"
    pairs = finding_pairs(grouped, {})
    assert {(p.a, p.b, p.kind, p.score) for p in pairs} == {
        ("a:12", "b:15", "conflict", 0.8),
        ("b:15", "c:15", "agreement", 0.9),
    }


# -- JSON ------------------------------------------------------------------------------------


def test_a_finding_of_one_quantity_round_trips_through_json() -> None:
    [finding] = group_findings(
        [
            judged(UP_TO_80000, JUST_12000),
            judged(
                JUST_12000,
                crowd("Police said 12,000 marched.", "12,000", doc_id="c", speaker="police"),
            ),
        ]
    )
    data = finding.to_dict()
    assert data["dispute"] == COMPETING_ESTIMATES
    assert data["values"] == [80_000, 12_000]
    assert [p["kind"] for p in data["pairs"]] == ["conflict", "agreement"]
    assert data["pairs"][0]["claims"] == [UP_TO_80000.id, JUST_12000.id]
    assert data["checks"]["pairs"] == [p["claims"] for p in data["pairs"]]
    assert [r["speaker"] for r in data["reports"]] == ["Organisers", "police", "police"]
    assert Finding.from_dict(data) == finding


def test_json_written_before_pairs_and_reports_still_reads() -> None:
    old = {
        "kind": "conflict",
        "claims": ["a:14", "b:30", "c:30"],
        "measure": "rockets that landed at Kessel air base",
        "values": [14, 30],
        "score": 0.9,
        "why": "14 (coalition) vs 30 (militia)",
        "checks": {"similarity": 0.9, "pairs": [["a:14", "b:30"], ["a:14", "c:30"]]},
    }
    finding = Finding.from_dict(old)
    assert (finding.pairs, finding.reports, finding.dispute) == ((), (), None)
    assert finding.claims == ("a:14", "b:30", "c:30")
    assert [(p.a, p.b, p.kind) for p in finding_pairs([finding], {})] == [
        ("a:14", "b:30", "conflict"),
        ("a:14", "c:30", "conflict"),
    ]


def test_a_judged_pair_reads_from_its_json() -> None:
    pair = JudgedPair(("a:1", "b:2"), "conflict", 0.75, "why", COMPETING_ESTIMATES)
    assert JudgedPair.from_dict(pair.to_dict()) == pair


def test_findings_sort_in_one_order_in_the_json_the_terminal_and_the_pages() -> None:
    """Conflict, different measure, update, agreement, then likeliest first: everywhere."""
    from app_pages.draw import ordered
    from factcheck.model import Document, Report
    from factcheck.terminal import finding_lines

    kinds = ["agreement", "update", "conflict", "different_measure", "conflict"]
    pairs = [
        replace(
            pair_finding(kind, (f"a{n}:0", n, None), (f"b{n}:0", n + 1, None), 0.5 + n / 20),
            measure=f"{kind} {n}",
        )
        for n, kind in enumerate(kinds)
    ]
    grouped = group_findings(pairs)
    expected = ["conflict 4", "conflict 2", "different_measure 3", "update 1", "agreement 0"]
    assert [f.measure for f in grouped] == expected
    assert [f.measure for f in ordered(list(reversed(grouped)))] == expected
    documents = tuple(Document(id=f"{s}{n}", text="x") for s in "ab" for n in range(5))
    report = Report(documents=documents, claims=(), findings=tuple(grouped))
    assert [f["measure"] for f in report.to_dict()["findings"]] == expected
    lines = finding_lines(list(reversed(grouped)), report)
    printed = [int(m[1]) for line in lines if (m := re.match(r"\s+[A-Z ]+\s(\d+) (vs|and) ", line))]
    assert printed == [4, 2, 3, 1, 0], lines  # each finding's first value, in the order printed


# -- different measures of one flow ----------------------------------------------------------


def projectiles(sentence: str, figure: str, predicate: str, **fields: object) -> Claim:
    return make_claim(sentence, figure, noun="rocket", predicate=predicate, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "a, b, kind",
    [
        # fired and hit are two stages of one attack: both hold, measured differently
        (
            projectiles("Militants fired 30 rockets at Camp Tarn.", "30", "fire"),
            projectiles("Fourteen rockets hit Camp Tarn.", "Fourteen", "hit", value=14, doc_id="b"),
            "different_measure",
        ),
        # two verbs telling one offer: judged on the values, not called a different measure
        (
            make_claim(
                "The Harriers offered Dano Vell $184 million.",
                "$184 million",
                value=184e6,
                unit="USD",
                noun="usd",
                predicate="offer",
            ),
            make_claim(
                "Reports pegged the Harriers' offer at $160 million.",
                "$160 million",
                value=160e6,
                unit="USD",
                noun="usd",
                predicate="peg",
                doc_id="b",
            ),
            "conflict",
        ),
        (
            make_claim(
                "The Harriers offered Dano Vell more than $160 million.",
                "more than $160 million",
                value=160e6,
                low=160e6,
                qualifier="more_than",
                unit="USD",
                noun="usd",
                predicate="offer",
            ),
            make_claim(
                "Reports pegged the Harriers' offer at $184 million.",
                "$184 million",
                value=184e6,
                unit="USD",
                noun="usd",
                predicate="peg",
                doc_id="b",
            ),
            "agreement",
        ),
    ],
    ids=["fired-and-hit", "offered-and-pegged-differ", "offered-and-pegged-both-hold"],
)
def test_only_stages_of_one_flow_are_a_different_measure(a: Claim, b: Claim, kind: str) -> None:
    assert judged(a, b).kind == kind


@pytest.mark.parametrize(
    "a, b, kind",
    [
        # 35 miles is 56 km, which a writer rounding to tens gives as 60 km
        (("35 miles", 35, "mile"), ("60km", 60, "km"), "agreement"),
        # a boat of 24 to 30 feet (9.1 m at most) is not a 10-metre one
        (("24- to 30-foot", (24, 30), "foot"), ("10-metre", 10, "metre"), "conflict"),
    ],
    ids=["rounded-conversion", "beyond-rounding"],
)
def test_figures_in_two_units_agree_within_the_rounding_of_a_conversion(
    a: tuple, b: tuple, kind: str
) -> None:
    def length(figure: str, value: float | tuple[float, float], unit: str, doc_id: str) -> Claim:
        low, high = value if isinstance(value, tuple) else (value, value)
        return make_claim(
            f"The Kesh light lies {figure} from the shore.",
            figure,
            value=low,
            low=low,
            high=high,
            qualifier="range" if low != high else "exact",
            unit=unit,
            noun=None,
            predicate="lie",
            doc_id=doc_id,
        )

    assert judged(length(*a, "a"), length(*b, "b")).kind == kind

"""The matching evaluation: unit scoring on a tiny hand-built gold, and the seed bar end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from factcheck.eval.__main__ import build_parser
from factcheck.eval.gold import shared_dir
from factcheck.eval.matching import (
    GoldReport,
    Pair,
    SeedItem,
    SlotGold,
    baseline_candidates,
    baseline_pairs,
    finding_pairs,
    gold_units,
    judge_pair,
    map_claims,
    read_slot_gold,
    score_outcomes,
    score_seed_items,
    tune_baseline,
)
from factcheck.model import Finding
from tests.claims import make_claim

SHARED = shared_dir()
SEED = SHARED / "seeds" / "000_66e9cc6d0f1db5b5.txt"
SEED_GOLD = SHARED / "dev" / "seed_gold.json"
MULTISOURCE = Path(__file__).parent / "data" / "multisource"


def report(slot: str, index: int, doc_id: str, start: int, value: float) -> GoldReport:
    return GoldReport(slot, index, doc_id, start, str(int(value)), value)


# One event "ev": rockets fired (18 by the command in A and C, 30 by the group in B),
# rockets landed (11, in A); another event "other" where 11 rockets also landed.
# The crowd slot has "at least 50" and "80": a listed conflict the hedge makes compatible.
REPORTS = (
    report("ev.fired", 0, "A", 100, 18),
    report("ev.fired", 1, "B", 100, 30),
    report("ev.fired", 2, "C", 100, 18),
    report("ev.landed", 0, "A", 200, 11),
    report("other.landed", 0, "E", 100, 11),
    report("ev.crowd", 0, "A", 300, 50),
    report("ev.crowd", 1, "B", 300, 80),
)
GOLD = SlotGold(
    docs=("A", "B", "C", "E"),
    reports=REPORTS,
    labels={
        ("ev.fired", 0, 1): "conflict",
        ("ev.fired", 0, 2): "agree",
        ("ev.fired", 1, 2): "conflict",
        ("ev.crowd", 0, 1): "compatible",
    },
    must_not=(("ev.landed", "other.landed", "another attack"),),
    different_measure=(("ev.fired", "ev.landed"),),
    listed=(("ev.crowd", (50.0, 80.0)),),
)
CLAIMS = {
    c.id: c
    for c in (
        make_claim(None, "18", doc_id="A", claim_id="a18", start=100),
        make_claim(None, "30", doc_id="B", claim_id="b30", start=100),
        make_claim(None, "18", doc_id="C", claim_id="c18", start=100),
        make_claim(None, "11", doc_id="A", claim_id="a11", start=200),
        make_claim(None, "11", doc_id="E", claim_id="e11", start=100),
        make_claim(None, "50", doc_id="A", claim_id="a50", start=300, noun="people"),
        make_claim(None, "80", doc_id="B", claim_id="b80", start=300, noun="people"),
        # two figures the gold does not list
        make_claim(None, "99", doc_id="B", claim_id="b99", start=500),
        make_claim(None, "77", doc_id="C", claim_id="c77", start=500),
    )
}
MAPPING = map_claims(CLAIMS.values(), GOLD)


def score(*pairs: Pair):
    return score_outcomes([judge_pair(p, CLAIMS, MAPPING, GOLD) for p in pairs], GOLD)


def test_gold_units_come_from_report_labels_and_different_measure_pairs() -> None:
    discrepancies, agreements = gold_units(GOLD)
    assert set(discrepancies) == {
        ("ev.fired", (18.0, 30.0)),
        ("ev.fired|ev.landed", (11.0, 18.0)),
        ("ev.fired|ev.landed", (11.0, 30.0)),
    }
    # the crowd conflict is listed, but its only report pair is compatible: not required
    assert ("ev.crowd", (50.0, 80.0)) not in discrepancies
    assert set(agreements) == {("ev.fired", (18.0, 18.0))}


def test_claims_map_to_reports_by_overlapping_span_in_the_same_document() -> None:
    assert [r.slot for r in MAPPING["a18"]] == ["ev.fired"]
    assert [r.slot for r in MAPPING["a11"]] == ["ev.landed"]
    assert "b99" not in MAPPING
    # "8" of "18" still overlaps the report
    shifted = make_claim(None, "18", doc_id="A", claim_id="x", start=101)
    assert map_claims([shifted], GOLD)["x"][0].index == 0
    other_doc = make_claim(None, "11", doc_id="B", claim_id="y", start=200)
    assert map_claims([other_doc], GOLD) == {}


def test_one_gold_unit_hit_twice_counts_once() -> None:
    result = score(Pair("a18", "b30", "conflict"), Pair("b30", "c18", "conflict"))
    assert (result.discrepancy.hit, result.discrepancy.fp, result.discrepancy.gold) == (1, 0, 3)
    assert result.discrepancy.precision == 1.0
    assert result.discrepancy.recall == pytest.approx(1 / 3)
    assert ("ev.fired|ev.landed", (11.0, 18.0)) in result.missed


@pytest.mark.parametrize("kind", ["conflict", "different_measure", "update"])
def test_every_discrepancy_kind_hits_the_unit(kind: str) -> None:
    assert score(Pair("a18", "b30", kind)).discrepancy.hit == 1


def test_fired_vs_landed_is_a_hit_of_the_different_measure_unit() -> None:
    result = score(Pair("a11", "b30", "different_measure"), Pair("a11", "c18", "conflict"))
    assert result.discrepancy.hit == 2
    assert result.discrepancy.fp == 0


def test_agreement_across_a_different_measure_pair_is_wrong() -> None:
    result = score(Pair("a18", "a11", "agreement"))
    assert (result.agreement.hit, result.agreement.fp) == (0, 1)


def test_false_positives_are_deduplicated_by_slots_and_values() -> None:
    # the same wrong pairing (fired 18 vs landed elsewhere 11) from two documents: one unit
    result = score(Pair("a18", "e11", "conflict"), Pair("c18", "e11", "conflict"))
    assert result.discrepancy.fp == 1
    assert result.discrepancy.fp_reasons == {"different slots": 1}


def test_unmapped_false_positives_are_counted_separately() -> None:
    result = score(
        Pair("a18", "b99", "conflict"),
        Pair("b99", "c77", "conflict"),
        Pair("a18", "b30", "conflict"),
    )
    assert result.discrepancy.fp == 2
    assert result.discrepancy.fp_unmapped == 2
    assert result.discrepancy.precision == pytest.approx(1 / 3)


def test_report_pair_labels_decide_within_a_slot() -> None:
    # 18 and 18 agree: a conflict between them is wrong, an agreement right
    wrong = score(Pair("a18", "c18", "conflict"))
    assert (wrong.discrepancy.hit, wrong.discrepancy.fp) == (0, 1)
    assert wrong.discrepancy.fp_reasons == {"same slot: agree": 1}
    right = score(Pair("a18", "c18", "agreement"))
    assert (right.agreement.hit, right.agreement.fp) == (1, 0)
    # "at least 50" vs "80" are compatible: a conflict is wrong, an agreement is not counted
    hedged = score(Pair("a50", "b80", "conflict"), Pair("a50", "b80", "agreement"))
    assert hedged.discrepancy.fp_reasons == {"same slot: compatible": 1}
    assert (hedged.agreement.fp, hedged.agreement.neutral) == (0, 1)


def test_must_not_violations_are_counted_for_any_kind() -> None:
    result = score(Pair("a11", "e11", "agreement"), Pair("e11", "a11", "conflict"))
    assert result.must_not_entries == 1
    assert result.must_not_pairs == 1
    assert result.agreement.fp_reasons == {"must_not slot pair": 1}
    assert score(Pair("a18", "b30", "conflict")).must_not_entries == 0


def finding(kind: str, claims: tuple[str, ...], **checks: object) -> Finding:
    return Finding(kind, claims, "rocket", (), 0.8, "why", dict(checks))


def test_finding_pairs_prefer_the_judged_pairs() -> None:
    grouped = finding("conflict", ("a18", "b30", "c18"), pairs=[["a18", "b30"], ["c18", "b30"]])
    assert [(p.a, p.b) for p in finding_pairs([grouped], CLAIMS)] == [
        ("a18", "b30"),
        ("c18", "b30"),
    ]


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("conflict", {("a18", "b30"), ("b30", "c18")}),
        ("agreement", {("a18", "c18")}),
    ],
)
def test_finding_pairs_without_judged_pairs_follow_the_values(kind: str, expected: set) -> None:
    pairs = finding_pairs([finding(kind, ("a18", "b30", "c18"))], CLAIMS)
    assert {(p.a, p.b) for p in pairs} == expected
    assert all(p.kind == kind for p in pairs)


ITEMS = (
    SeedItem(True, ("c03", "c07"), ("conflict", "different_measure"), ""),
    SeedItem(True, ("c03", "c06"), ("agreement",), ""),
    SeedItem(False, ("c08", "c03"), (), ""),
)
LOCATED = {"c03": {"x3"}, "c06": {"x6"}, "c07": {"x7"}, "c08": {"x8"}}


@pytest.mark.parametrize(
    "pairs, passed",
    [
        ([Pair("x7", "x3", "different_measure"), Pair("x3", "x6", "agreement")], [1, 1, 1]),
        ([Pair("x3", "x7", "agreement"), Pair("x3", "x6", "conflict")], [0, 0, 1]),
        ([Pair("x3", "x7", "conflict"), Pair("x8", "x3", "agreement")], [1, 0, 0]),
        ([], [0, 0, 1]),
    ],
)
def test_seed_items(pairs: list[Pair], passed: list[int]) -> None:
    result = score_seed_items(ITEMS, LOCATED, pairs)
    assert [int(v) for v in result.values()] == passed


def test_a_must_item_fails_when_its_claim_was_not_extracted() -> None:
    located = {**LOCATED, "c07": set()}
    result = score_seed_items(ITEMS, located, [Pair("x3", "x7", "conflict")])
    assert result[ITEMS[0].label] is False


def test_baseline_pairs_same_nouns_from_different_sentences() -> None:
    claims = [
        make_claim(None, "14", doc_id="A", claim_id="p", sentence_start=10),
        make_claim(None, "30", doc_id="B", claim_id="q", sentence_start=10),
        # same sentence as q
        make_claim(None, "14", doc_id="B", claim_id="r", start=14, sentence_start=10),
        make_claim(None, "14", doc_id="C", claim_id="s", sentence_start=10),
        make_claim(None, "14", doc_id="C", claim_id="t", sentence_start=40, noun="soldier"),
    ]
    q, s = [0.83, np.sqrt(1 - 0.83**2)], [0.62, np.sqrt(1 - 0.62**2)]
    vectors = np.array([[1, 0], q, q, s, [1, 0]], dtype=np.float32)
    candidates = baseline_candidates(claims, vectors)
    found = {(c.a, c.b): (round(c.cosine, 2), c.kind) for c in candidates}
    assert found == {
        ("p", "q"): (0.83, "conflict"),
        ("p", "r"): (0.83, "agreement"),
        ("p", "s"): (0.62, "agreement"),
        ("q", "s"): (0.95, "conflict"),
        ("r", "s"): (0.95, "agreement"),
    }
    assert {(p.a, p.b) for p in baseline_pairs(candidates, 0.9)} == {("q", "s"), ("r", "s")}
    best, curve = tune_baseline(candidates, lambda pairs: -abs(len(pairs) - 2))
    assert best == 0.85  # the lowest threshold leaving exactly two pairs
    assert curve[0.3] == -3


def test_own_multisource_gold_reads_with_its_different_measure_pairs() -> None:
    gold = read_slot_gold(MULTISOURCE / "gold.json")
    discrepancies, agreements = gold_units(gold)
    assert ("ostrel.0514_rockets_fired", "ostrel.0514_rockets_landed") in gold.different_measure
    assert ("ostrel.0514_rockets_fired", (18.0, 30.0)) in discrepancies
    assert discrepancies and agreements and gold.must_not


def test_matching_is_a_subcommand_and_rejects_a_zero_limit(capsys) -> None:
    args = build_parser().parse_args(["matching", "--sections", "seed", "own"])
    assert args.sections == ["seed", "own"]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["matching", "--limit", "0"])
    assert "at least 1" in capsys.readouterr().err


@pytest.mark.skipif(
    not (SEED.exists() and SEED_GOLD.exists()),
    reason=f"the seed article and its gold are read in place from {SHARED}, which is absent",
)
def test_seed_bar_every_must_found_and_no_must_not_pair() -> None:
    from factcheck.embed import load_encoder
    from factcheck.eval.matching import evaluate_seed_matching
    from factcheck.nlp import load_nlp
    from factcheck.pipeline import Checker

    checker = Checker(nlp=load_nlp(), encoder=load_encoder())
    result = evaluate_seed_matching(checker, SEED, SEED_GOLD)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["findings"]
    assert len(result["items"]) == len(gold["must"]) + len(gold["must_not"])
    failed = [item for item, ok in result["results"]["ours"].items() if not ok]
    assert failed == []

"""The pair model, its candidates and its evaluation: probabilities a reader can trust.

Claims are built by hand (`tests/claims.py`) so each case isolates one check;
vectors are chosen so the wording check says what the case needs.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from factcheck.errors import FactcheckError
from factcheck.eval.matching import GoldReport, Pair, PairOutcome, SlotGold
from factcheck.eval.training import PairSet, fit_model, listed_pairs, ranked, reliability
from factcheck.matching import ClaimContext, MatchSettings, same_thing
from factcheck.matching.candidates import candidate_pairs, story_links
from factcheck.matching.checks import CHECK_FEATURES, CHECKS, FEATURES, compare
from factcheck.matching.match import values_differ
from factcheck.matching.pair_model import (
    MODEL_PATH,
    PairModel,
    load_pair_model,
    read_pair_model,
    write_pair_model,
)
from factcheck.model import Claim, Document
from tests.claims import make_claim

SETTINGS = MatchSettings()
SAME_TEXT = np.eye(1, 8, dtype=np.float32)[0]


def context(
    claim: Claim, *, vector: np.ndarray = SAME_TEXT, story: dict[str, float] | None = None
) -> ClaimContext:
    document = Document(id=claim.doc_id, text="", source=claim.doc_id, published="2024-05-14")
    return ClaimContext.build(claim, document, vector, story=story)


def test_every_feature_belongs_to_exactly_one_named_check() -> None:
    owned = [name for names in CHECK_FEATURES.values() for name in names]
    assert sorted(owned) == sorted(FEATURES)
    assert len(owned) == len(set(owned))
    assert set(CHECK_FEATURES) <= {check.__name__ for check in CHECKS} | {
        "sentence", "wording", "surroundings", "story", "rivals",
    }  # fmt: skip


def test_the_shipped_model_reads_and_writes_the_same_file(tmp_path: Path) -> None:
    model = load_pair_model()
    copy = tmp_path / "model.json"
    write_pair_model(model, copy)
    assert json.loads(copy.read_text()) == json.loads(MODEL_PATH.read_text())
    assert 0 < model.suggest < model.confirm < 1


def test_a_model_written_for_other_features_is_refused_with_what_to_run(tmp_path: Path) -> None:
    data = json.loads(MODEL_PATH.read_text())
    data["heads"]["differ"]["weights"]["a_check_that_is_gone"] = 1.0
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FactcheckError, match=r"python -m factcheck\.eval train"):
        read_pair_model(path)


def test_a_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="cannot read the pair model"):
        read_pair_model(tmp_path / "nowhere.json")


def test_the_contributions_add_up_to_the_probability() -> None:
    """The waterfall a reader is shown is the score, not a story told beside it."""
    a = make_claim(None, "14", places=("Kessel air base",), speaker="coalition")
    b = make_claim(None, "30", doc_id="b", places=("Kessel air base",), speaker="militia")
    ca, cb = context(a), context(b)
    evidence = compare(ca, cb, SETTINGS).evidence
    assert evidence is not None
    model = load_pair_model()
    scored = model.score(evidence, values_differ=values_differ(ca, cb))
    log_odds = model.differ.intercept + sum(c.weight for c in scored.contributions)
    assert scored.probability == pytest.approx(1 / (1 + math.exp(-log_odds)))
    weights = [abs(c.weight) for c in scored.contributions]
    assert weights == sorted(weights, reverse=True), "largest contribution first"


def test_confidence_follows_the_confirm_setting() -> None:
    a = make_claim(None, "14", places=("Kessel air base",))
    b = make_claim(None, "14", doc_id="b", places=("Kessel air base",))
    match = same_thing(context(a), context(b), replace(SETTINGS, suggest=0.0, confirm=0.0))
    assert match is not None and match.confidence == "confirmed"
    match = same_thing(context(a), context(b), replace(SETTINGS, suggest=0.0, confirm=1.0))
    assert match is not None and match.confidence == "possible"
    assert same_thing(context(a), context(b), replace(SETTINGS, suggest=1.0)) is None


def test_figures_in_two_currencies_are_never_compared() -> None:
    dollars = make_claim(None, "$3 million", value=3e6, noun="usd", unit="USD")
    euros = make_claim(None, "€3 million", value=3e6, noun="eur", unit="EUR", doc_id="b")
    compared = compare(context(dollars), context(euros), SETTINGS)
    assert compared.evidence is None and compared.veto is not None
    assert compared.veto.says == "different units"


def test_a_percentage_change_and_a_share_are_never_compared() -> None:
    """ "shares fell 11%" and "funds hold 30% of the shares": a change and a share."""
    fell = make_claim(
        "Orvel shares fell 11% on Thursday.", "11%", value=11, unit="percent", noun="share",
        predicate="fall",
    )  # fmt: skip
    held = make_claim(
        "Pension funds hold about 30% of Orvel shares.", "about 30%", value=30,
        unit="percent", noun="share", predicate="hold", doc_id="b",
    )  # fmt: skip
    assert {context(fell).measure.canonical, context(held).measure.canonical} == {
        "percent change",
        "percent",
    }
    compared = compare(context(fell), context(held), SETTINGS)
    assert compared.evidence is None and compared.veto is not None
    assert compared.veto.says == "a change against a share"


def test_story_links_join_articles_that_name_the_same_people() -> None:
    stories = {
        "a": {"kessel": 0.8, "hale": 0.6},
        "b": {"kessel": 0.6, "hale": 0.8},
        "c": {"dorran": 1.0},
    }
    assert story_links(stories, threshold=0.5) == {("a", "b")}


def test_candidates_keep_one_storys_figures_even_when_worded_apart() -> None:
    """Two outlets on one event, worded differently: vector neighbours alone would miss it."""
    story = {"kessel": 1.0}
    near = [np.array([1.0, 0.0, 0.0], np.float32), np.array([0.99, 0.14, 0.0], np.float32)]
    far = np.array([0.0, 0.0, 1.0], np.float32)
    contexts = [
        context(make_claim(None, "14"), vector=near[0], story=story),
        context(make_claim(None, "15", claim_id="a:15"), vector=near[1], story=story),
        context(make_claim(None, "30", doc_id="b"), vector=far, story=story),
        context(make_claim(None, "9", doc_id="c"), vector=far, story={"dorran": 1.0}),
    ]
    pairs = set(candidate_pairs(contexts, replace(SETTINGS, k=1)))
    assert (0, 2) in pairs and (1, 2) in pairs, "same story, same unit: compared"
    assert (0, 3) not in pairs, "another story, not a neighbour: not compared"


def _pair_set(rows: np.ndarray, labels: np.ndarray, differ: np.ndarray) -> PairSet:
    return PairSet(
        name="ecbplus",
        contexts=[],
        gold=None,  # type: ignore[arg-type]
        pairs=[(0, 1)] * len(labels),
        evidence=[],
        rows=rows,
        labels=labels,
        differ=differ,
        folds=np.array(["1"] * len(labels), dtype=object),
        true_pairs=int(labels.sum()),
        doc_folds={},
    )


def test_fitting_is_deterministic_and_learns_the_direction_of_a_feature() -> None:
    rng = np.random.default_rng(0)
    rows = np.zeros((400, len(FEATURES)))
    cosine = FEATURES.index("cosine")
    rows[:, cosine] = rng.uniform(0, 1, 400)
    labels = (rows[:, cosine] + rng.normal(0, 0.2, 400) > 0.7).astype(int)
    differ = np.arange(400) % 2 == 0
    pair_set = _pair_set(rows, labels, differ)
    mask = np.ones(400, dtype=bool)
    first = fit_model([(pair_set, mask)])
    second = fit_model([(pair_set, mask)])
    assert first.to_dict() == second.to_dict()
    assert first.differ.weights["cosine"] > 0 and first.equal.weights["cosine"] > 0
    again = PairModel.from_dict(json.loads(json.dumps(first.to_dict())))
    assert again.to_dict() == first.to_dict()


def test_reliability_bands_count_pairs_and_their_observed_share() -> None:
    scores = np.array([0.05, 0.05, 0.95, 0.95, 0.95, 0.95])
    labels = np.array([0, 0, 1, 1, 1, 0])
    assert reliability(scores, labels) == [(0.0, 0.1, 2, 0.0), (0.9, 1.0, 4, 0.75)]


def test_reliability_can_be_read_over_the_pairs_the_gold_can_judge() -> None:
    # Two outlets give one distance; the gold lists only the first outlet's figure and a
    # third one, so a pair with the unlisted figure can never count as right.
    text = "The quake struck 35 miles from Velmora."
    listed_a = make_claim(text, "35 miles", doc_id="a", claim_id="a:0")
    unlisted = make_claim(text, "35 miles", doc_id="b", claim_id="b:0")
    listed_c = make_claim(text, "35 miles", doc_id="c", claim_id="c:0")
    gold = SlotGold(
        docs=("a", "b", "c"),
        reports=tuple(
            GoldReport("velmora.distance", n, doc, listed_a.start, "35 miles", 35.0)
            for n, doc in enumerate(("a", "c"))
        ),
        labels={},
    )
    contexts = [context(c) for c in (listed_a, unlisted, listed_c)]
    pair_set = replace(
        _pair_set(np.zeros((3, len(FEATURES))), np.array([0, 1, 0]), np.zeros(3, dtype=bool)),
        contexts=contexts,
        gold=gold,
        pairs=[(0, 1), (0, 2), (1, 2)],
    )
    assert listed_pairs(pair_set).tolist() == [False, True, False]


def _outcome(a: str, score: float, unit: str, tp: bool) -> PairOutcome:
    return PairOutcome(Pair(a, "x", "conflict", score), "discrepancy", (unit,), tp, "")


def test_ranked_precision_reads_units_from_the_most_probable_down() -> None:
    outcomes = [
        _outcome("a", 0.9, "u1", True),
        _outcome("b", 0.8, "u1", True),  # the same unit again: counted once
        _outcome("c", 0.7, "f1", False),
        _outcome("d", 0.6, "u2", True),
    ]
    result = ranked(outcomes, gold_units_count=4)
    assert result.shown == 3
    assert result.average_precision == pytest.approx((1 / 1 + 2 / 3) / 4)
    assert result.top20 == pytest.approx(2 / 3)


def test_a_pair_knows_when_a_rival_in_the_other_article_reads_closer() -> None:
    """ "12 worst-hit villages" and "15 villages damaged": the closer wording wins the pair."""
    from factcheck.matching.checks import with_rivals

    close, far = np.array([1.0, 0.0], np.float32), np.array([0.6, 0.8], np.float32)
    mine = context(make_claim(None, "15"), vector=close)
    rival = context(make_claim(None, "12", doc_id="b"), vector=close)
    other = context(make_claim(None, "15", doc_id="b", claim_id="b:15"), vector=far)
    compared = []
    for a, b in ((mine, rival), (mine, other)):
        evidence = compare(a, b, SETTINGS).evidence
        assert evidence is not None
        compared.append((a, b, evidence))
    best, beaten = (e.features() for e in with_rivals(compared))
    assert best["closest_both_ways"] == 1.0 and best["rival_gap"] == 0.0
    assert "closest_both_ways" not in beaten and beaten["rival_gap"] == pytest.approx(0.4)


@pytest.mark.parametrize(
    "fields, feature",
    [
        ({"subject": ("quake", "aftershock")}, "subjects_differ"),
        ({"subject": ("the quake", "quake")}, None),
        ({"modifiers": (("in the district",), ("across the region",))}, "modifiers_differ"),
        ({"modifiers": (("in stock",), ("in stock",))}, "modifiers_shared"),
        ({"head": ("offer", "deal")}, "heads_differ"),
    ],
    ids=["two-subjects", "one-subject", "two-scopes", "one-scope", "offer-vs-deal"],
)
def test_the_frame_check_reads_subject_head_and_modifiers(
    fields: dict[str, tuple], feature: str | None
) -> None:
    """ "the quake killed 10" vs "the aftershock killed 2": two events' deaths."""
    a = make_claim(None, "10")
    b = make_claim(None, "2", doc_id="b")
    a = replace(a, **{k: v[0] for k, v in fields.items()})
    b = replace(b, **{k: v[1] for k, v in fields.items()})
    evidence = compare(context(a), context(b), SETTINGS).evidence
    assert evidence is not None
    frame = evidence.of("frame")
    assert frame is not None
    flagged = {k for k in frame.features if k.endswith(("_differ", "_shared"))}
    if feature is None:
        assert not flagged and frame.features.get("same_subject") == 1.0
    else:
        assert feature in frame.features


def test_the_why_says_in_words_what_the_checks_saw() -> None:
    from factcheck import words
    from factcheck.judge import judge

    a = make_claim(None, "14", places=("Kessel air base",), speaker="coalition")
    b = make_claim(None, "30", doc_id="b", places=("Kessel air base",), speaker="Red Hand")
    match = same_thing(context(a), context(b), replace(SETTINGS, suggest=0.0))
    assert match is not None
    why = judge(match).why
    assert "both name Kessel air base" in match.checks["evidence"]
    moved = [words.evidence_phrase(c.says) for c in match.contributions if c.says][:3]
    assert moved and all(said in why for said in moved), "the why names what moved the score"
    assert "similarity" not in why and "_" not in why


def test_a_very_long_article_gets_a_bounded_number_of_candidates_per_claim() -> None:
    """A 1 MB transcript has thousands of figures; comparing each with every other is quadratic."""
    from factcheck.matching.candidates import PAIR_BUDGET

    rng = np.random.default_rng(1)
    n = 3000
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    contexts = [
        context(make_claim(None, "14", claim_id=f"a:{row}"), vector=vectors[row])
        for row in range(n)
    ]
    pairs = list(candidate_pairs(contexts, SETTINGS))
    per_claim = max(SETTINGS.k, PAIR_BUDGET // n) + SETTINGS.k
    assert len(pairs) <= n * per_claim
    assert len(pairs) == len(set(pairs)) and all(i < j for i, j in pairs)


_TIED_CANDIDATES = """
import numpy as np
from factcheck.matching import ClaimContext, MatchSettings
from factcheck.matching.candidates import candidate_pairs
from factcheck.model import Document
from tests.claims import make_claim

story = {"kessel": 1.0}
vector = np.eye(1, 8, dtype=np.float32)[0]  # every text alike: the closest are all tied
contexts = [
    ClaimContext.build(
        make_claim(None, "14", doc_id=doc, claim_id=f"{doc}:0"),
        Document(id=doc, text="", source=doc),
        vector,
        story=story,
    )
    for doc in ("north", "south", "east", "west", "centre", "harbour", "airport", "old town")
]  # eight articles of one story, one figure each: which two partners each keeps is a tie
print(sorted(candidate_pairs(contexts, MatchSettings(k=1), story_k=2)))
"""


def test_candidates_are_the_same_in_every_run() -> None:
    """`eval train` rebuilds the pair model deterministically only if the candidates are;
    the order of a set of names changes from one Python process to the next."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    runs = {
        subprocess.run(
            [sys.executable, "-c", _TIED_CANDIDATES],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(runs) == 1

"""Shape checks for the project's own gold data under tests/data.

The extraction and pairing evaluations trust these files blindly, so a typo in
an offset or a label silently turns into a wrong score. These tests catch that:
every figure is where the file says it is, every label is from the allowed
set, and the pair labels agree with the value-level lists.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"
EXTRACTION_GOLD = DATA / "extraction_gold.jsonl"
MULTISOURCE_CSV = DATA / "multisource" / "articles.csv"
MULTISOURCE_GOLD = DATA / "multisource" / "gold.json"

QUALIFIERS = {
    "exact",
    "at_least",
    "more_than",
    "about",
    "nearly",
    "up_to",
    "less_than",
    "range",
    "approx",
}
QUOTE_KINDS = {"direct", "indirect", "according_to", "narrator"}
PAIR_LABELS = {"agree", "compatible", "conflict", "update"}
CURRENCIES = {"USD", "EUR", "GBP"}

REQUIRED_PATTERNS = [
    # how numbers are written
    "digits-separator",
    "decimal-million",
    "money-usd",
    "money-eur",
    "percent-sign",
    "percent-word",
    "word-number",
    "hyphenated-word-number",
    "a-dozen",
    "one-hundred",
    # qualifiers
    "at-least",
    "more-than",
    "up-to",
    "about",
    "nearly",
    "some",
    "around",
    "almost",
    "fewer-than",
    # ranges and vague counts
    "range-between",
    "range-hyphen",
    "range-to",
    "dozens-of",
    "hundreds-of",
    "thousands-of",
    # zero figures
    "zero-no-casualties",
    "zero-none",
    "zero-no-one",
    # units
    "unit-kilometre",
    "unit-mile",
    # numbers that are not figures
    "nonfig-date",
    "nonfig-clock",
    "nonfig-year",
    "nonfig-ordinal",
    "nonfig-title-abbrev",
    "nonfig-list-marker",
    "nonfig-phone",
    "nonfig-address",
    # attribution
    "attr-x-said-that",
    "attr-trailing-x-said",
    "attr-said-x",
    "attr-according-to",
    "attr-tweeted",
    "attr-statement-from",
    "attr-told-outlet",
    "attr-reported",
    "attr-claimed",
    "attr-announced",
    "attr-denied",
    "attr-confirmed",
    "attr-in-a-statement",
    "attr-put-the-figure",
    "attr-police-estimates",
    "attr-multi-sentence-quote",
    "attr-pronoun-it",
    "attr-pronoun-he",
    "attr-role-appositive",
    "attr-according-to-clause",
    "attr-document-noun",
    "attr-nested-outer",
    "attr-noun-comment",
    "attr-noun-estimate",
    "attr-noun-narrator",
    "attr-noun-plan",
    "attr-noun-poll",
    "attr-noun-statement",
    "attr-owned-participle",
    "attr-participle-cue",
    "attr-quote-doubled-apostrophes",
    "attr-quote-goes-on",
    "attr-quote-runs-on",
    "attr-speech-verbs",
    "attr-pronoun-she",
    "narrator",
    "curly-quotes",
]


def _load_cases() -> list[dict[str, Any]]:
    with EXTRACTION_GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _load_articles() -> dict[str, dict[str, str]]:
    with MULTISOURCE_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def _load_multisource_gold() -> dict[str, Any]:
    return json.loads(MULTISOURCE_GOLD.read_text(encoding="utf-8"))


CASES = _load_cases()
ARTICLES = _load_articles()
GOLD = _load_multisource_gold()
SLOTS = [slot for sub in GOLD["subtopics"] for slot in sub["slots"]]


# ----------------------------------------------------------------- extraction_gold.jsonl


def test_extraction_gold_has_enough_unique_cases() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 48
    assert len(ids) == len(set(ids)), "duplicate case ids"


def test_every_required_pattern_has_a_case() -> None:
    patterns = {case["pattern"] for case in CASES}
    missing = [p for p in REQUIRED_PATTERNS if p not in patterns]
    assert not missing, f"patterns without a case: {missing}"


def test_curly_quotes_are_really_curly() -> None:
    curly = [c for c in CASES if c["pattern"] == "curly-quotes"]
    assert len(curly) >= 2
    assert all("“" in c["text"] and "”" in c["text"] for c in curly)


def _check_bounds(fig: dict[str, Any]) -> None:
    """Bounds follow factcheck.model.Figure: what the qualifier says about the number."""
    value, low, high, qualifier = fig["value"], fig["low"], fig["high"], fig["qualifier"]
    if qualifier == "exact":
        assert low == high == value is not None
    elif qualifier in {"at_least", "more_than"}:
        assert (low, high) == (value, None)
    elif qualifier in {"up_to", "less_than"}:
        assert (low, high) == (None, value)
    elif qualifier in {"about", "nearly"}:
        assert value is not None
    elif qualifier == "range":
        assert low is not None and high is not None and low < high and value == low
    elif qualifier == "approx":
        assert value is None and low is not None and high is not None and low < high


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_extraction_case_shape(case: dict[str, Any]) -> None:
    text = case["text"]
    assert case["pattern"] and isinstance(case["not_figures"], list)
    assert case["figures"], "a case without figures tests nothing about extraction"
    spans = []
    for fig in case["figures"]:
        figure_text = fig["figure_text"]
        assert figure_text in text
        if "start" in fig:
            assert text[fig["start"] : fig["start"] + len(figure_text)] == figure_text
        assert fig["qualifier"] in QUALIFIERS
        assert fig["quote"] in QUOTE_KINDS
        assert fig["unit"] is None or isinstance(fig["unit"], str)
        if fig["unit"] in CURRENCIES or fig["unit"] == "percent":
            assert fig["value"] is not None
        assert fig["noun"] is None or fig["noun"] == fig["noun"].lower()
        assert fig["predicate"] != "say"
        speaker = fig["speaker"]
        if speaker is None:
            assert fig["quote"] == "narrator" and fig["cue"] is None
        else:
            assert isinstance(speaker, list) and speaker
            assert all(isinstance(s, str) and s for s in speaker)
            assert fig["quote"] != "narrator" and fig["cue"]
        if fig["quote"] == "according_to":
            assert fig["cue"] == "according to"
        _check_bounds(fig)
        start = fig.get("start", text.find(figure_text))
        spans.append((start, start + len(figure_text)))
    for not_figure in case["not_figures"]:
        assert not_figure in text, f"not_figure {not_figure!r} is not in the text"
        at = text.find(not_figure)
        while at >= 0:
            end = at + len(not_figure)
            assert all(end <= a or at >= b for a, b in spans), f"{not_figure!r} overlaps a figure"
            at = text.find(not_figure, at + 1)


# ----------------------------------------------------------------- multisource set


def test_multisource_articles_are_a_real_multi_source_set() -> None:

    with MULTISOURCE_CSV.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["id", "source", "published", "url", "title", "text"]
    assert len(ARTICLES) >= 10
    assert len({row["source"] for row in ARTICLES.values()}) >= 6
    for doc_id, row in ARTICLES.items():
        words = len(row["text"].split())
        assert 80 <= words <= 250, f"{doc_id}: {words} words"
        assert row["url"].startswith("https://") and ".example/" in row["url"]
        assert len(row["published"]) == 10 and row["published"][4] == "-"


def test_multisource_docs_belong_to_exactly_one_subtopic() -> None:

    listed = [doc for sub in GOLD["subtopics"] for doc in sub["docs"]]
    assert sorted(listed) == sorted(ARTICLES)


def test_multisource_slot_ids_are_unique() -> None:
    ids = [slot["id"] for slot in SLOTS]
    assert len(ids) == len(set(ids))


def test_multisource_every_figure_is_annotated_once() -> None:
    seen = [(r["doc_id"], r["start"]) for slot in SLOTS for r in slot["reports"]]
    assert len(seen) == len(set(seen)), "one figure listed in two slots"
    docs_with_reports = {doc_id for doc_id, _ in seen}
    assert docs_with_reports == set(ARTICLES)


@pytest.mark.parametrize("slot", SLOTS, ids=[s["id"] for s in SLOTS])
def test_multisource_reports_point_at_their_figure(slot: dict[str, Any]) -> None:

    assert slot["reports"], "a slot without reports"
    for report in slot["reports"]:
        assert report["doc_id"] in ARTICLES
        text = ARTICLES[report["doc_id"]]["text"]
        start, figure_text = report["start"], report["figure_text"]
        assert text[start : start + len(figure_text)] == figure_text
        assert report["qualifier"] in QUALIFIERS
        assert figure_text in report["quote"] and report["quote"] in text
        assert len(report["quote"].split()) <= 12
        assert report["speaker"] is None or isinstance(report["speaker"], str)


def _same(pair: list[float], values: list[list[float]], *, ordered: bool = False) -> bool:
    """Is the value pair in the list (in this order, if `ordered`)?"""
    if ordered:
        return pair in values
    return sorted(pair) in [sorted(v) for v in values]


@pytest.mark.parametrize("slot", SLOTS, ids=[s["id"] for s in SLOTS])
def test_multisource_pair_labels_match_value_lists(slot: dict[str, Any]) -> None:
    published = {doc_id: row["published"] for doc_id, row in ARTICLES.items()}
    reports = slot["reports"]
    pairs = slot["report_pairs"]
    expected = set(itertools.combinations(range(len(reports)), 2))
    assert {(i, j) for i, j, _ in pairs} == expected, "report_pairs must list every pair"
    for i, j, label in pairs:
        assert label in PAIR_LABELS
        values = [reports[i]["value"], reports[j]["value"]]
        if label == "agree":
            assert _same(values, slot["agreements"])
        elif label in {"conflict", "compatible"}:
            assert _same(values, slot["conflicts"])
        else:
            # [old, new]: the old figure must not come from a later article than the new one
            old, new = (
                (reports[i], reports[j])
                if _same(values, slot["updates"], ordered=True)
                else (reports[j], reports[i])
            )
            assert _same([old["value"], new["value"]], slot["updates"], ordered=True)
            assert published[old["doc_id"]] <= published[new["doc_id"]]
    for listed in ("conflicts", "agreements", "updates"):
        for pair in slot[listed]:
            assert any(sorted(pair) == sorted(p) for p in _value_pairs(slot)), (listed, pair)


def _value_pairs(slot: dict[str, Any]) -> list[list[float]]:
    reports = slot["reports"]
    return [[reports[i]["value"], reports[j]["value"]] for i, j, _ in slot["report_pairs"]]


def test_multisource_cross_slot_references_exist() -> None:
    ids = {slot["id"] for slot in SLOTS}
    for sub in GOLD["subtopics"]:
        for entry in sub["must_not"] + sub.get("different_measure", []):
            assert entry["slot_a"] in ids and entry["slot_b"] in ids and entry["why"]
            assert entry["slot_a"] != entry["slot_b"]


def test_multisource_covers_the_hard_cases() -> None:
    """The set exists for these patterns; losing one would make the evaluation blind to it."""
    labels = {label for slot in SLOTS for _, _, label in slot["report_pairs"]}
    assert labels == PAIR_LABELS
    assert any(sub.get("different_measure") for sub in GOLD["subtopics"])
    assert sum(len(sub["must_not"]) for sub in GOLD["subtopics"]) >= 5
    updates = [
        (slot["reports"][i], slot["reports"][j])
        for slot in SLOTS
        for i, j, label in slot["report_pairs"]
        if label == "update"
    ]
    assert any(a["doc_id"] != b["doc_id"] for a, b in updates)

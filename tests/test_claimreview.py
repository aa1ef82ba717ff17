"""ClaimReview export: schema.org JSON-LD as fact-check tools read it, one per disputed finding.

The property names are checked against schema.org's own lists for each type
(https://schema.org/ClaimReview, /Claim, /Rating, /CreativeWork, /Person,
/Organization), and the fields Google's Fact Check Tools need are required.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from factcheck.claimreview import claim_reviews, rating_name, speaker_entity, write_claimreview
from factcheck.ingest import document_from_text
from factcheck.model import Document, Finding, FindingReport, Report
from factcheck.pipeline import Checker
from tests.claims import make_claim

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"

# The schema.org properties of each type we write (its own and inherited from Thing and
# CreativeWork), as listed on schema.org; an unknown name would be ignored by readers.
THING = {"@type", "@context", "name", "url", "description", "sameAs", "identifier"}
CREATIVE_WORK = THING | {
    "author", "datePublished", "headline", "publisher", "appearance", "firstAppearance",
    "text", "dateCreated", "dateModified", "inLanguage",
}  # fmt: skip
PROPERTIES: dict[str, set[str]] = {
    "ClaimReview": CREATIVE_WORK | {"claimReviewed", "itemReviewed", "reviewRating"},
    "Claim": CREATIVE_WORK | {"claimInterpreter"},
    "Rating": THING | {"alternateName", "ratingValue", "bestRating", "worstRating",
                       "ratingExplanation", "author"},
    "CreativeWork": CREATIVE_WORK,
    "Person": THING | {"jobTitle", "affiliation"},
    "Organization": THING | {"logo"},
}  # fmt: skip
REQUIRED = {
    "ClaimReview": {"@context", "@type", "claimReviewed", "itemReviewed", "reviewRating",
                    "datePublished"},
    "Claim": {"@type", "author", "appearance"},
    "Rating": {"@type", "alternateName"},
}  # fmt: skip


def check_node(node: Any, *, path: str = "$") -> None:
    """Every object has a known @type, only that type's properties and its required ones."""
    if isinstance(node, list):
        for n, item in enumerate(node):
            check_node(item, path=f"{path}[{n}]")
        return
    if not isinstance(node, dict):
        assert isinstance(node, str | int | float), f"{path}: {node!r}"
        return
    kind = node.get("@type")
    assert kind in PROPERTIES, f"{path}: unknown @type {kind!r}"
    unknown = set(node) - PROPERTIES[kind]
    assert not unknown, f"{path}: {kind} has no properties {sorted(unknown)}"
    missing = REQUIRED.get(kind, set()) - set(node)
    assert not missing, f"{path}: {kind} lacks {sorted(missing)}"
    for key, value in node.items():
        check_node(value, path=f"{path}.{key}")


def check_review(review: dict[str, Any]) -> None:
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    check_node(review)
    dt.date.fromisoformat(review["datePublished"])
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    authors = item["author"] if isinstance(item["author"], list) else [item["author"]]
    assert all(a["@type"] in {"Person", "Organization"} and a["name"] for a in authors)
    assert review["reviewRating"]["alternateName"].startswith("Disputed: ")
    json.dumps(review)  # plain JSON


DOCS = (
    Document(id="p", text="", source="Northgate Post", published="2024-05-02",
             url="https://example.org/post/1"),
    Document(id="w", text="", source="Lakeside Wire", published="2024-05-03",
             url="javascript:alert(1)"),
)  # fmt: skip
TWELVE = make_claim(
    "Police spokesman Omar Lindqvist said 12 rockets were fired.",
    "12",
    doc_id="p",
    speaker="Omar Lindqvist",
    predicate="fire",
)
FORTY = make_claim(
    "The Red Hollow Front said its fighters fired 40 rockets.",
    "40",
    doc_id="w",
    speaker="The Red Hollow Front",
    predicate="fire",
)


def invented_report() -> Report:
    conflict = Finding(
        kind="conflict",
        claims=(TWELVE.id, FORTY.id),
        measure="rocket fire at Brenna Air Base",
        values=(12, 40),
        score=0.8,
        why="12 vs 40",
        reports=(FindingReport.of(TWELVE, DOCS[0]), FindingReport.of(FORTY, DOCS[1])),
    )
    agreement = Finding("agreement", (TWELVE.id, TWELVE.id), "rocket fire", (12,), 0.9, "same")
    return Report(documents=DOCS, claims=(TWELVE, FORTY), findings=(conflict, agreement))


def test_one_review_per_disputed_finding_with_speakers_and_appearances():
    [review] = claim_reviews(invented_report(), reviewed_on=dt.date(2024, 5, 4))
    check_review(review)
    assert review["datePublished"] == "2024-05-04"
    assert review["reviewRating"]["alternateName"] == "Disputed: 12 vs 40 rockets"
    assert review["claimReviewed"].startswith(
        "12 rockets (Omar Lindqvist, Northgate Post, 2024-05-02) vs 40 (The Red Hollow Front, "
        "Lakeside Wire, 2024-05-03)"
    )
    item = review["itemReviewed"]
    assert item["author"] == [
        {"@type": "Person", "name": "Omar Lindqvist"},
        {"@type": "Organization", "name": "The Red Hollow Front"},
    ]
    assert item["datePublished"] == "2024-05-02"
    # the javascript: link is no appearance URL; the article still appears, by outlet and date
    assert [a.get("url") for a in item["appearance"]] == ["https://example.org/post/1", None]
    assert item["firstAppearance"]["datePublished"] == "2024-05-02"
    assert "url" not in review  # the review's own page is not known


def test_review_url_and_reviewer_when_given():
    [review] = claim_reviews(
        invented_report(), url="https://desk.example.org/checks/7", reviewer="Desk"
    )
    check_review(review)
    assert review["url"] == "https://desk.example.org/checks/7"
    assert review["author"] == {"@type": "Organization", "name": "Desk"}


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [
        ("Omar Lindqvist", "Person"),
        ("Col. Ada Brenner", "Person"),
        ("Security Media Cell", "Organization"),
        ("the police", "Organization"),
        ("Harbor Fire Service", "Organization"),
        (None, "Organization"),
    ],
)
def test_speaker_is_a_person_or_an_organization(speaker, kind):
    assert speaker_entity(speaker, outlet="Northgate Post")["@type"] == kind


def test_written_file_is_a_json_array(tmp_path):
    path = tmp_path / "reviews.jsonld"
    write_claimreview(invented_report(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 1
    check_review(data[0])


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_seed_14_vs_30_finding_exports_a_valid_claim_review(nlp, encoder):
    document = document_from_text(
        SEED.read_text(encoding="utf-8"), source="AP", url="https://apnews.com/article/seed"
    )
    report = Checker(nlp=nlp, encoder=encoder).check(document)
    [finding] = [f for f in report.findings if f.kind == "conflict" and set(f.values) == {14, 30}]
    assert rating_name(finding, report.claims_of(finding)) == "Disputed: 14 vs 30 rockets"
    reviews = claim_reviews(report)
    [review] = [
        r for r in reviews if r["reviewRating"]["alternateName"].endswith("14 vs 30 rockets")
    ]
    check_review(review)
    item = review["itemReviewed"]
    names = {a["name"] for a in item["author"]}
    assert "Col. Wayne Marotto" in names
    assert any("al-Muhandis" in name for name in names)
    assert item["datePublished"] == "2021-07-07"
    assert item["appearance"][0]["url"] == "https://apnews.com/article/seed"
    assert item["appearance"][0]["publisher"] == {"@type": "Organization", "name": "AP"}

"""Disputed findings as schema.org ClaimReview JSON-LD, the markup fact-check tools read.

Google's Fact Check Tools (the Fact Check Explorer and the ClaimReview markup
tool) and other aggregators read a fact check as one `ClaimReview` object: the
claim in a sentence (`claimReviewed`), the claim itself (`itemReviewed`, a
`Claim` with who made it, when and where it appeared) and a verdict
(`reviewRating`, a `Rating` whose `alternateName` is the verdict in words).
A disputed finding becomes one such object: the reader gets a draft review
they can load into their own CMS and finish, rather than retyping who said
what where.

Choices, since a finding is one quantity reported by several sources, where a
ClaimReview reviews one claim:

- `claimReviewed` is the finding's one-line summary ("14 rockets (Col. Wayne
  Hale, AP, 2021-07-07) vs 30 (...)"): what is disputed, with its sources.
- `itemReviewed.author` is the speaker: one `Person` or `Organization` when
  one source gives the disputed figures, a list (JSON-LD allows a repeated
  property) when several do; the outlet itself when nobody is named.
- `itemReviewed.appearance` lists every article the reports appeared in, each
  a `CreativeWork` with its URL (when it is a plain http(s) link), outlet and
  date; `firstAppearance` is the earliest.
- `reviewRating.alternateName` says "Disputed: 14 vs 30 rockets"; no numeric
  `ratingValue` is given, because we judge that sources disagree, not which one
  is true.
- The review's own `url` (the page of the fact check) and `author` (the
  fact-checking organisation) are only known to the user, so they are set when
  passed and left out otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck import words
from factcheck.model import Claim, Document, Finding, Report, number_text
from factcheck.render import safe_url

__all__ = [
    "DISPUTED_KINDS",
    "claim_review",
    "claim_reviews",
    "rating_name",
    "speaker_entity",
    "to_claimreview_json",
    "write_claimreview",
]

CONTEXT = "https://schema.org"
DISPUTED_KINDS = frozenset({"conflict"})
"""Kinds exported: figures that cannot both be true, or competing estimates of one quantity.
A different measure (fired against landed) may hold both ways, so it is no dispute."""

ORGANISATION_WORDS = frozenset({
    "agency", "army", "alliance", "association", "authority", "bank", "board", "brigade",
    "brigades", "bureau", "cell", "center", "centre", "club", "coalition", "command",
    "commission", "committee", "company", "corp", "council", "court", "department",
    "federation", "force", "forces", "foundation", "front", "fund", "government", "group",
    "guard", "inc", "institute", "league", "ltd", "media", "ministry", "network", "office",
    "organisation", "organization", "party", "police", "press", "service", "services", "team",
    "tribune", "union", "university",
})  # fmt: skip
"""Words that make a speaker a body, not a person ("Security Media Cell", "the police")."""


def speaker_entity(speaker: str | None, *, outlet: str | None = None) -> dict[str, str]:
    """The schema.org `Person` or `Organization` behind a figure.

    A name holding an organisation's word, or starting with "the", is an
    `Organization`; other names are a `Person`. Nobody named: the outlet, an
    `Organization`.
    """
    if not speaker:
        return {"@type": "Organization", "name": outlet or "the outlet"}
    lowered = {w.strip(".,'’()").lower() for w in speaker.split()}
    organisation = bool(lowered & ORGANISATION_WORDS) or speaker.lower().startswith("the ")
    return {"@type": "Organization" if organisation else "Person", "name": speaker}


def rating_name(finding: Finding, claims: Sequence[Claim]) -> str:
    """ "Disputed: 14 vs 30 rockets": the values and what they count, as the verdict."""
    values = " vs ".join(number_text(v) for v in finding.values)
    noun = words.noun_words(claims[0]) if claims else ""
    return f"Disputed: {values}" + (f" {noun}" if noun else "")


def _appearance(document: Document) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = safe_url(document.url)
    if url:
        work["url"] = url
    if document.title:
        work["headline"] = document.title
    if document.source:
        work["publisher"] = {"@type": "Organization", "name": document.source}
    if document.published:
        work["datePublished"] = document.published
    return work


def claim_review(
    finding: Finding,
    report: Report,
    *,
    reviewed_on: dt.date | None = None,
    url: str | None = None,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """One ClaimReview object for one disputed finding (see the module notes for choices)."""
    claims = report.claims_of(finding)
    documents = [
        d for d in dict.fromkeys(report.document(c.doc_id) for c in claims) if d is not None
    ]
    authors: dict[tuple[str, str], dict[str, str]] = {}
    for claim in claims:
        document = report.document(claim.doc_id)
        entity = speaker_entity(claim.speaker, outlet=document.source if document else None)
        authors.setdefault((entity["@type"], entity["name"]), entity)
    speakers = list(authors.values())
    dates = sorted(d.published for d in documents if d.published)
    appearances = [_appearance(d) for d in documents]
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": speakers[0] if len(speakers) == 1 else speakers,
    }
    if dates:
        item["datePublished"] = dates[0]
    if appearances:
        item["appearance"] = appearances
        dated = [a for a in appearances if a.get("datePublished")]
        first = min(dated, key=lambda a: a["datePublished"]) if dated else appearances[0]
        item["firstAppearance"] = first
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "datePublished": (reviewed_on or dt.date.today()).isoformat(),
        "claimReviewed": words.summary_text(finding, claims, report.documents_by_id),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rating_name(finding, claims),
            "ratingExplanation": finding.why,
        },
    }
    if url and safe_url(url):
        review["url"] = safe_url(url)
    if reviewer:
        review["author"] = {"@type": "Organization", "name": reviewer}
    return review


def claim_reviews(
    report: Report,
    *,
    reviewed_on: dt.date | None = None,
    url: str | None = None,
    reviewer: str | None = None,
) -> list[dict[str, Any]]:
    """A ClaimReview for each disputed finding of the report, in the report's order."""
    return [
        claim_review(f, report, reviewed_on=reviewed_on, url=url, reviewer=reviewer)
        for f in report.findings
        if f.kind in DISPUTED_KINDS
    ]


def to_claimreview_json(report: Report, *, reviewed_on: dt.date | None = None) -> str:
    """The disputed findings as a JSON array of ClaimReview objects (one JSON-LD document)."""
    return json.dumps(claim_reviews(report, reviewed_on=reviewed_on), ensure_ascii=False, indent=1)


def write_claimreview(report: Report, path: str | Path) -> None:
    Path(path).write_text(to_claimreview_json(report), encoding="utf-8")

"""Which claims report the same quantity: candidates, checks, the pair model's probability.

For a batch of claims (one article, or many) and, optionally, a stored index:
`candidates.py` says which pairs are compared at all; `checks.py` compares
each pair and either vetoes it (certain: one sentence read twice, another
currency) or returns the evidence; the pair model (`pair_model.py`) turns the
evidence into the probability that both claims report one quantity, with
every check's signed contribution. Pairs below `MatchSettings.suggest` are
dropped; those at or above `confirm` are confirmed, the rest possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from factcheck.matching.candidates import candidate_pairs
from factcheck.matching.checks import (
    PairEvidence,
    Veto,
    evidence_after,
    iter_features,
    rival_evidence,
    screen,
)
from factcheck.matching.context import ClaimContext, MatchSettings
from factcheck.matching.pair_model import Contribution, PairModel, load_pair_model
from factcheck.store import ClaimIndex

Confidence = Literal["confirmed", "possible"]

SCORE_BLOCK = 20_000
"""Candidate pairs whose full evidence is worked out and scored at a time."""


@dataclass(frozen=True)
class Match:
    """Two claims judged to report one quantity, with the evidence and its weights.

    `score` is the pair model's probability; `contributions` the signed
    log-odds each check added, largest first; `checks` the same evidence as
    plain values for the JSON output.
    """

    a: ClaimContext
    b: ClaimContext
    score: float
    checks: dict[str, Any]
    contributions: tuple[Contribution, ...] = ()
    confidence: Confidence = "possible"
    evidence: PairEvidence | None = field(default=None, compare=False)


def values_differ(a: ClaimContext, b: ClaimContext) -> bool:
    """Do the two figures differ as numbers (which head of the pair model applies)?"""
    pa, pb = a.claim.point, b.claim.point
    if pa is None or pb is None:
        return pa is not pb
    return abs(pa - pb) > 1e-9 * max(1.0, abs(pa), abs(pb))


def plain_checks(a: ClaimContext, b: ClaimContext, evidence: PairEvidence) -> dict[str, Any]:
    """The evidence as plain values: what the JSON's `checks` and older readers expect."""
    features = evidence.features()
    checks: dict[str, Any] = {
        "similarity": round(features.get("cosine", 0.0), 3),
        "measure": a.measure.kind,
        "evidence": evidence.sayings(),
    }
    if "story" in features:
        checks["story_similarity"] = round(features["story"], 3)
    if features.get("same_document"):
        checks["same_document"] = True
    places = evidence.of("places")
    if places is not None and places.features.get("places_shared") and places.says:
        checks["shared_places"] = [places.says.removeprefix("both name ")]
    times_a, times_b = a.claim.times, b.claim.times
    if "event_gap" in features and times_a and times_b:
        checks["date_gap_days"] = round(float(np.expm1(features["event_gap"])))
    if a.measure.event and b.measure.event:
        checks["predicates"] = [a.measure.event, b.measure.event]
    return checks


def scored_matches(
    pairs: Sequence[tuple[ClaimContext, ClaimContext]],
    settings: MatchSettings,
    *,
    model: PairModel | None = None,
) -> list[Match]:
    """The pairs the pair model puts at `settings.suggest` or above, as Matches.

    The vetoes run on every pair first, so each surviving pair's evidence can say
    whether it is each claim's closest match in the other article
    (`checks.rival_evidence`); the other checks and the scoring then run in blocks.
    """
    model = model or load_pair_model()
    survivors, screened = [], []
    for a, b in pairs:
        outcome = screen(a, b, settings)
        if not isinstance(outcome, Veto):
            survivors.append((a, b))
            screened.append(outcome)
    rivals = rival_evidence(survivors)
    matches = []
    # in blocks, so the evidence of a million candidate pairs is never held at once
    for start in range(0, len(survivors), SCORE_BLOCK):
        block = range(start, min(start + SCORE_BLOCK, len(survivors)))
        evidence = []
        for n in block:
            found = evidence_after(*survivors[n], settings, screened[n])
            evidence.append(PairEvidence((*found.items, rivals[n])))
        differ = [values_differ(*survivors[n]) for n in block]
        rows = [list(iter_features(e)) for e in evidence]
        likely = model.probabilities(rows, differ)
        for x, n in enumerate(block):
            if likely[x] < settings.suggest:
                continue
            scored = model.score(evidence[x], values_differ=differ[x])
            matches.append(
                matched(
                    *survivors[n], scored.probability, evidence[x], settings, scored.contributions
                )
            )
    return matches


def matched(
    a: ClaimContext,
    b: ClaimContext,
    probability: float,
    evidence: PairEvidence,
    settings: MatchSettings,
    contributions: tuple[Contribution, ...] = (),
) -> Match:
    """Two claims as a Match: the probability, its confidence in words and the plain checks."""
    checks = plain_checks(a, b, evidence)
    checks["score"] = round(probability, 3)
    confidence: Confidence = "confirmed" if probability >= settings.confirm else "possible"
    return Match(a, b, probability, checks, contributions, confidence, evidence)


def same_thing(
    a: ClaimContext,
    b: ClaimContext,
    settings: MatchSettings,
    *,
    model: PairModel | None = None,
) -> Match | None:
    """One pair on its own (no rivals) as a Match, when the pair model puts it at
    `settings.suggest` or above."""
    matches = scored_matches([(a, b)], settings, model=model)
    return matches[0] if matches else None


def best_per_document(matches: Sequence[Match]) -> list[Match]:
    """Across two articles, pair each figure with its one best counterpart.

    An article that gives several figures of one measure ("injuring 40 ... 15 of
    them on the island", two teams' offers) reports one of them about the thing
    the other article counts, not all. A pair of claims from two articles is
    kept only when each is the other's most probable match in that article.
    Pairs inside one article are kept as they are.
    """
    best: dict[tuple[str, str], Match] = {}
    for match in matches:
        if match.a.claim.doc_id == match.b.claim.doc_id:
            continue
        for mine, theirs in ((match.a, match.b), (match.b, match.a)):
            key = (mine.claim.id, theirs.claim.doc_id)
            if key not in best or match.score > best[key].score:
                best[key] = match
    return [
        m
        for m in matches
        if m.a.claim.doc_id == m.b.claim.doc_id
        or (
            best[(m.a.claim.id, m.b.claim.doc_id)] is m
            and best[(m.b.claim.id, m.a.claim.doc_id)] is m
        )
    ]


def match_within(
    contexts: Sequence[ClaimContext],
    *,
    settings: MatchSettings,
    model: PairModel | None = None,
) -> list[Match]:
    """Same-quantity pairs among `contexts` (one article, or a batch of articles)."""
    pairs = [(contexts[i], contexts[j]) for i, j in candidate_pairs(contexts, settings)]
    return best_per_document(scored_matches(pairs, settings, model=model))


def match_against_index(
    contexts: Sequence[ClaimContext],
    index: ClaimIndex,
    settings: MatchSettings,
    stories: dict[str, dict[str, float]],
    *,
    model: PairModel | None = None,
) -> list[Match]:
    """New claims against the stored ones: candidates from vector kNN and full text.

    A stored claim is a candidate for a new one when it is among its `k`
    nearest vectors, or when the index's full-text search finds the new
    claim's counted noun and places in it (two outlets wording one figure
    apart). Claims of the batch's own articles are left to `match_within`.
    """
    if not contexts:
        return []
    model = model or load_pair_model()
    local_docs = {c.document.id for c in contexts}
    vectors = np.stack([c.vector for c in contexts])
    neighbours = index.nearest(vectors, k=settings.k)
    wanted: dict[int, set[str]] = {
        row: {cid for cid, _ in hits} for row, hits in enumerate(neighbours)
    }
    for row, context in enumerate(contexts):
        query = " ".join(part for part in (context.claim.noun, *context.claim.places) if part)
        if query:
            wanted[row] |= {cid for cid, _ in index.lexical(query, k=settings.k)}
    all_ids = sorted({cid for ids in wanted.values() for cid in ids})
    if not all_ids:
        return []
    stored = {c.id: c for c in index.claims(all_ids) if c.doc_id not in local_docs}
    if not stored:
        return []
    documents = {d.id: d for d in (index.document(c.doc_id) for c in stored.values()) if d}
    stored_vectors = index.vectors(list(stored))
    stored_contexts = {
        cid: ClaimContext.build(
            claim, documents[claim.doc_id], vector, story=stories.get(claim.doc_id)
        )
        for cid, claim in stored.items()
        if claim.doc_id in documents and (vector := stored_vectors.get(cid)) is not None
    }
    pairs = [
        (context, stored_contexts[cid])
        for row, context in enumerate(contexts)
        for cid in sorted(wanted[row])
        if cid in stored_contexts
    ]
    return scored_matches(pairs, settings, model=model)

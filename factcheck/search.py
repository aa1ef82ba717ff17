"""Stored claims like a query, with a score a reader can trust to say "nothing like this".

`ClaimIndex.search` ranks by reciprocal-rank fusion of vector and full-text
hits: good for finding candidates, but its scores depend only on rank, so the
tenth of ten rocket claims scores the same whether the query was about rockets
or about a fire. The claims' stored vectors do not tell either: they embed the
whole sentence, and "people killed in the fire" is as close to "rockets fired
at the base, killing no one" as a relevant query is (0.45-0.55 both, measured on
the seed). What the claim counts is what a query names, so each candidate is
scored by the cosine between the query and the claim's measure in words
("rockets fired Camp Ostrel", `words.claim_counts` and its places):
0.75-0.85 for "rockets fired at the air base" against rocket claims, 0.35 or
less for "people killed in the fire". Hits below `CUTOFF` are left out. The
CLI's `search` and the Index page both use this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from factcheck import words
from factcheck.embed import Encoder
from factcheck.model import Claim, Document
from factcheck.store import ClaimIndex

__all__ = ["CUTOFF", "Hit", "similar_claims"]

CUTOFF = 0.45
"""Lowest score shown: below it is no claim like the query (measured on the seed's claims
with both encoders; tests/test_app.py keeps both sides)."""


@dataclass(frozen=True)
class Hit:
    """One stored claim like the query: how like (cosine), its rank score, its article."""

    claim: Claim
    similarity: float
    rank_score: float
    document: Document | None


def similar_claims(
    index: ClaimIndex,
    query: str,
    *,
    encoder: Encoder,
    k: int = 10,
    cutoff: float = CUTOFF,
) -> list[Hit]:
    """Up to `k` stored claims like `query`, best first, none below `cutoff`.

    `encoder` is the index's own: candidates come from its vectors, scores from it too.
    """
    ranked = index.search(query, k=k)
    if not ranked:
        return []
    phrases = [counted_text(claim) for claim, _ in ranked]
    vectors = np.asarray(encoder.encode([query, *phrases]), dtype=np.float32)
    similarities = vectors[1:] @ vectors[0]
    documents: dict[str, Document | None] = {}
    hits: list[Hit] = []
    for (claim, score), similarity in zip(ranked, similarities.tolist(), strict=True):
        if similarity < cutoff:
            continue
        if claim.doc_id not in documents:
            documents[claim.doc_id] = index.document(claim.doc_id)
        hits.append(Hit(claim, float(similarity), score, documents[claim.doc_id]))
    return sorted(hits, key=lambda hit: -hit.similarity)


def counted_text(claim: Claim) -> str:
    """What a claim counts and where, as the phrase a query is compared with."""
    return " ".join([words.claim_counts(claim), *claim.places[:2]])

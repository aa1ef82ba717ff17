"""The whole flow in one place: documents -> claims -> vectors -> matches -> findings.

`Checker` holds the models (spaCy pipeline, sentence encoder) it is given, so
the CLI, the UI and the tests each decide how models are loaded and shared.
`check` is one article (inside it, and against the index); `compare` is many
articles against each other (and, optionally, the index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.language import Language

from factcheck.embed import Encoder, claim_text
from factcheck.extract import Extraction, extract_documents
from factcheck.judge import group_findings, judge
from factcheck.match import (
    ClaimContext,
    Match,
    MatchSettings,
    best_per_document,
    match_within,
    same_thing,
)
from factcheck.model import Claim, Document, Finding
from factcheck.store import ClaimIndex
from factcheck.story import Profile, story_vectors

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Report:
    """Everything one run found: the JSON contract of DESIGN.md, plus row problems."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Any, ...] = ()
    stored: tuple[Document, ...] = field(default_factory=tuple)
    stored_claims: tuple[Claim, ...] = field(default_factory=tuple)
    names: dict[str, dict[str, int]] = field(default_factory=dict)
    """Document id -> its name profile (`story.py`), kept so `add` can store it."""

    def claim(self, claim_id: str) -> Claim | None:
        return self._claims_by_id().get(claim_id)

    def document(self, doc_id: str) -> Document | None:
        for document in (*self.documents, *self.stored):
            if document.id == doc_id:
                return document
        return None

    def _claims_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in (*self.claims, *self.stored_claims)}

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable output: documents, claims and findings (DESIGN.md)."""
        documents = {d.id: d for d in (*self.documents, *self.stored)}
        claims = self._claims_by_id()
        used = {cid for f in self.findings for cid in f.claims}
        listed = [*self.claims, *(c for c in self.stored_claims if c.id in used)]
        listed_docs = {c.doc_id for c in listed} | {d.id for d in self.documents}
        return {
            "documents": [documents[d].to_dict() for d in listed_docs if d in documents],
            "claims": [claims[c.id].to_dict() for c in listed],
            "findings": [f.to_dict() for f in self.findings],
            "problems": [p.to_dict() if hasattr(p, "to_dict") else p for p in self.problems],
        }


class Checker:
    """Extracts, embeds, matches and judges; models are passed in, never global."""

    def __init__(
        self,
        *,
        nlp: Language,
        encoder: Encoder,
        settings: MatchSettings | None = None,
        processes: int = 1,
    ) -> None:
        self.nlp = nlp
        self.encoder = encoder
        self.settings = settings or MatchSettings()
        self.processes = processes
        """Worker processes for parsing large batches (the CLI uses one per core)."""

    def claims_of(
        self, documents: Sequence[Document], *, progress: Progress | None = None
    ) -> list[list[Claim]]:
        return [e.claims for e in self.extract(documents, progress=progress)]

    def extract(
        self, documents: Sequence[Document], *, progress: Progress | None = None
    ) -> list[Extraction]:
        return extract_documents(
            documents, nlp=self.nlp, processes=self.processes, progress=progress
        )

    def contexts(
        self,
        documents: Sequence[Document],
        claims: Sequence[Sequence[Claim]],
        *,
        stories: dict[str, dict[str, float]] | None = None,
    ) -> list[ClaimContext]:
        """Claims with their vectors (and their articles' story vectors when given)."""
        flat = [(doc, claim) for doc, cs in zip(documents, claims, strict=True) for claim in cs]
        if not flat:
            return []
        stories = stories or {}
        vectors = self.encoder.encode([claim_text(c) for _, c in flat])
        return [
            ClaimContext.build(c, d, v, story=stories.get(d.id))
            for (d, c), v in zip(flat, vectors, strict=True)
        ]

    def check(
        self,
        document: Document,
        *,
        index: ClaimIndex | None = None,
        settings: MatchSettings | None = None,
    ) -> Report:
        """One article: its claims, findings inside it, and against the index."""
        return self.compare([document], index=index, settings=settings)

    def compare(
        self,
        documents: Sequence[Document],
        *,
        index: ClaimIndex | None = None,
        settings: MatchSettings | None = None,
        progress: Progress | None = None,
        problems: Sequence[Any] = (),
    ) -> Report:
        """Many articles against each other, and against the index when one is given."""
        settings = settings or self.settings
        extractions = self.extract(documents, progress=progress)
        claims = [e.claims for e in extractions]
        names = {d.id: e.names for d, e in zip(documents, extractions, strict=True)}
        stored_names = index.names() if index is not None else {}
        stories = _stories(names, stored_names)
        contexts = self.contexts(documents, claims, stories=stories)
        matches = match_within(contexts, settings=settings)
        local_docs = {d.id for d in documents}
        if index is not None and contexts:
            matches += self._against_index(contexts, index, settings, stories)
            matches = best_per_document(matches)  # a stored article may beat a batch one
        stored = [m.b for m in matches if m.b.document.id not in local_docs]
        stored_docs = {c.document.id: c.document for c in stored}
        stored_claims = {c.claim.id: c.claim for c in stored}
        findings = group_findings([judge(m) for m in matches])
        return Report(
            documents=tuple(documents),
            claims=tuple(c for cs in claims for c in cs),
            findings=tuple(findings),
            problems=tuple(problems),
            stored=tuple(stored_docs.values()),
            stored_claims=tuple(stored_claims.values()),
            names=names,
        )

    def _against_index(
        self,
        contexts: list[ClaimContext],
        index: ClaimIndex,
        settings: MatchSettings,
        stories: dict[str, dict[str, float]],
    ) -> list[Match]:
        """Candidates from the index (vector kNN and full text) judged against new claims."""
        local_docs = {c.document.id for c in contexts}
        vectors = np.stack([c.vector for c in contexts])
        neighbours = index.nearest(vectors, k=settings.k)
        wanted: dict[int, set[str]] = {}
        for row, hits in enumerate(neighbours):
            wanted[row] = {cid for cid, _ in hits}
        for row, context in enumerate(contexts):
            query = " ".join(part for part in (context.claim.noun, *context.claim.places) if part)
            if query:
                wanted[row] |= {cid for cid, _ in index.lexical(query, k=settings.k)}
        all_ids = sorted({cid for ids in wanted.values() for cid in ids})
        if not all_ids:
            return []
        stored = {c.id: c for c in index.claims(all_ids)}
        stored = {cid: c for cid, c in stored.items() if c.doc_id not in local_docs}
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
        matches: list[Match] = []
        for row, context in enumerate(contexts):
            for cid in wanted[row]:
                other = stored_contexts.get(cid)
                if other is None:
                    continue
                match = same_thing(context, other, settings)
                if match is not None:
                    matches.append(match)
        return matches


def _stories(
    names: dict[str, dict[str, int]], stored: dict[str, Profile]
) -> dict[str, dict[str, float]]:
    """Story vectors of the batch and the stored articles, names weighed over both."""
    profiles: dict[str, Profile] = {**stored, **names}
    return story_vectors(profiles)

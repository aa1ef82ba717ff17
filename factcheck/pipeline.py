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

from spacy.language import Language

from factcheck.embed import Encoder, claim_text
from factcheck.extract import Extraction, extract_documents
from factcheck.judge import group_findings, judge
from factcheck.matching import (
    ClaimContext,
    MatchSettings,
    best_per_document,
    match_against_index,
    match_within,
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


@dataclass(frozen=True)
class Prepared:
    """A batch parsed, extracted and embedded: what matching and the evaluation read."""

    documents: tuple[Document, ...]
    claims: list[list[Claim]]
    names: dict[str, dict[str, int]]
    stories: dict[str, dict[str, float]]
    contexts: list[ClaimContext]


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
        self._settings = settings
        self.processes = processes
        """Worker processes for parsing large batches (the CLI uses one per core)."""

    @property
    def settings(self) -> MatchSettings:
        """The matcher's settings: as given, else the defaults the pair model was fitted with."""
        if self._settings is None:
            self._settings = MatchSettings()
        return self._settings

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

    def prepare(
        self,
        documents: Sequence[Document],
        *,
        index: ClaimIndex | None = None,
        progress: Progress | None = None,
    ) -> Prepared:
        """Parse, extract and embed a batch: everything matching reads, computed once."""
        extractions = self.extract(documents, progress=progress)
        claims = [e.claims for e in extractions]
        names = {d.id: e.names for d, e in zip(documents, extractions, strict=True)}
        stored_names = index.names() if index is not None else {}
        stories = _stories(names, stored_names)
        contexts = self.contexts(documents, claims, stories=stories)
        return Prepared(tuple(documents), claims, names, stories, contexts)

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
        prepared = self.prepare(documents, index=index, progress=progress)
        return self.findings(prepared, index=index, settings=settings, problems=problems)

    def findings(
        self,
        prepared: Prepared,
        *,
        index: ClaimIndex | None = None,
        settings: MatchSettings | None = None,
        problems: Sequence[Any] = (),
    ) -> Report:
        """Match and judge a prepared batch (and against the index when one is given)."""
        settings = settings or self.settings
        contexts = prepared.contexts
        matches = match_within(contexts, settings=settings)
        local_docs = {d.id for d in prepared.documents}
        if index is not None and contexts:
            matches += match_against_index(contexts, index, settings, prepared.stories)
            matches = best_per_document(matches)  # a stored article may beat a batch one
        stored = [m.b for m in matches if m.b.document.id not in local_docs]
        stored_docs = {c.document.id: c.document for c in stored}
        stored_claims = {c.claim.id: c.claim for c in stored}
        findings = group_findings([judge(m) for m in matches])
        return Report(
            documents=prepared.documents,
            claims=tuple(c for cs in prepared.claims for c in cs),
            findings=tuple(findings),
            problems=tuple(problems),
            stored=tuple(stored_docs.values()),
            stored_claims=tuple(stored_claims.values()),
            names=prepared.names,
        )


def _stories(
    names: dict[str, dict[str, int]], stored: dict[str, Profile]
) -> dict[str, dict[str, float]]:
    """Story vectors of the batch and the stored articles, names weighed over both."""
    profiles: dict[str, Profile] = {**stored, **names}
    return story_vectors(profiles)

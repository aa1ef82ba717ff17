"""The whole flow in one place: documents -> claims -> vectors -> matches -> findings.

`Checker` holds the models (spaCy pipeline, sentence encoder) it is given, so
the CLI, the UI and the tests each decide how models are loaded and shared.
`check` is one article (inside it, and against the index); `compare` is many
articles against each other (and, optionally, the index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from factcheck.collect import fewer_collections
from factcheck.embed import Encoder, claim_text
from factcheck.extract import Extraction, extract_documents
from factcheck.ingest import document_from_text
from factcheck.judge import group_findings, judge
from factcheck.matching import (
    ClaimContext,
    MatchSettings,
    best_per_document,
    match_against_index,
    match_within,
)
from factcheck.matching.context import with_article_measures, with_frames
from factcheck.model import Claim, Document, Report
from factcheck.store import ClaimIndex
from factcheck.story import Profile, story_vectors

__all__ = ["Checker", "Prepared", "Report"]

Progress = Callable[[int], None]

WARM_TEXT = (
    "Officials said on Monday that 14 rockets hit the base, 30 kilometres from the city, "
    "and burned 40 square kilometres of land.\n\n"
    "A militant group said its members fired 30 rockets at the base on July 5."
)
"""What `Checker.warm` checks: units (one of several words, which quantulum3's parser reads),
dates, attributed figures and a pair to score."""


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
        """Worker processes for parsing and the first pass of scoring large batches (the CLI
        uses one per core)."""

    def warm(self) -> None:
        """Load now what the first article would: quantulum3 (its unit tables, its parser and
        the classifier behind it), the date parser, the cue chooser, pint's unit registry and
        the pair model, by checking one short article.

        Worker processes forked after this (`processes` > 1) inherit them, instead of each
        loading its own copy, seconds of CPU time a worker; this process holds them too.
        `bench/bench_compare.py` warms so, and so a long-running front end can.
        """
        self.check(document_from_text(WARM_TEXT, published="2021-07-07"))

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
        contexts = [
            ClaimContext.build(c, d, v, story=stories.get(d.id))
            for (d, c), v in zip(flat, vectors, strict=True)
        ]
        return with_article_measures(with_frames(contexts, self.encoder.encode))

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
        with fewer_collections():  # matching and judging make millions of small objects
            matches = match_within(contexts, settings=settings, processes=self.processes)
            local_docs = {d.id for d in prepared.documents}
            if index is not None and contexts:
                matches += match_against_index(
                    contexts, index, settings, prepared.stories, encode=self.encoder.encode
                )
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

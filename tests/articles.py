"""Invented articles run through the real pipeline, for tests of what the matcher reads.

`prepared_contexts` gives the claim contexts a check compares (each article parsed,
embedded and placed among its own figures), `contexts_by_figure` the same keyed by
figure; `stored_claims` gives an article's claims as the index keeps them, for tests
of an article checked against the index.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import document_from_text
from factcheck.matching import ClaimContext
from factcheck.model import Claim
from factcheck.pipeline import Checker
from factcheck.store import ClaimIndex


def prepared_contexts(
    nlp: Language, encoder: SentenceEncoder, articles: Mapping[str, str]
) -> list[ClaimContext]:
    """The claim contexts of the articles (article id -> text), prepared side by side."""
    documents = [document_from_text(text, doc_id=doc_id) for doc_id, text in articles.items()]
    return Checker(nlp=nlp, encoder=encoder).prepare(documents).contexts


def contexts_by_figure(
    nlp: Language, encoder: SentenceEncoder, articles: Mapping[str, str]
) -> dict[str, ClaimContext]:
    """`prepared_contexts` by "article-id figure" ("a two", "b four"), the figure as written,
    lower-case."""
    found = prepared_contexts(nlp, encoder, articles)
    return {f"{c.claim.doc_id} {c.claim.figure_text.lower()}": c for c in found}


def stored_claims(
    nlp: Language, encoder: SentenceEncoder, folder: Path, doc_id: str, text: str
) -> dict[str, list[Claim]]:
    """The article's claims as an index under `folder` keeps them once it is added."""
    checker = Checker(nlp=nlp, encoder=encoder)
    article = document_from_text(text, doc_id=doc_id)
    with ClaimIndex.open(folder, encoder=encoder) as index:
        prepared = checker.prepare([article], index=index)
        index.add(article, prepared.claims[0], names=prepared.names[doc_id])
        return index.claims_of_documents([doc_id])

"""Claims are made where the parse happens: the `factcheck_claims` pipe, in spaCy's workers."""

from __future__ import annotations

import os

import pytest
from spacy.language import Language

from factcheck import extract
from factcheck.extract import CLAIMS_COMPONENT, Extraction, _Wanted, claims_from_doc
from factcheck.ingest import document_from_text
from factcheck.story import names_of

TEXT = (
    "Coalition spokesman Col. Wayne Marotto said 14 rockets landed on Ain al-Asad Air Base. "
    "A militant group said its members fired 30 rockets."
)


def test_the_shared_pipeline_ends_with_the_claims_pipe(nlp: Language) -> None:
    assert nlp.pipe_names[-1] == CLAIMS_COMPONENT


def test_a_wanted_doc_comes_back_as_its_extraction_and_an_empty_doc(nlp: Language) -> None:
    document = document_from_text(TEXT, source="AP", published="2021-07-07")
    ((doc, extraction),) = nlp.pipe([(document.body, _Wanted(document))], as_tuples=True)
    assert len(doc) == 0  # nothing but the claims crosses back from a worker
    with nlp.select_pipes(disable=[CLAIMS_COMPONENT]):
        parsed = nlp(document.body)
    assert extraction == Extraction(claims_from_doc(document, parsed), names_of(parsed))
    assert [c.value for c in extraction.claims] == [14, 30]


@pytest.mark.parametrize("context", [None, "a caller's own context", {"id": 3}])
def test_any_other_use_of_the_pipeline_keeps_the_parse(nlp: Language, context: object) -> None:
    assert [t.text for t in nlp(TEXT)][:2] == ["Coalition", "spokesman"]
    ((doc, kept),) = nlp.pipe([(TEXT, context)], as_tuples=True)
    assert kept == context and len(doc) > 20 and doc[0].dep_


def test_with_workers_the_parent_extracts_nothing(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers (forked) run `claims_from_doc`; this process only receives the results."""
    here = os.getpid()
    calls: list[int] = []
    real = extract.claims_from_doc

    def counted(document, doc):
        calls.append(os.getpid())
        return real(document, doc)

    monkeypatch.setattr(extract, "claims_from_doc", counted)
    documents = [
        document_from_text(f"Police said {n} people marched in Eastport.", doc_id=f"m{n}")
        for n in range(10, 16)
    ]
    results = extract.extract_documents(documents, nlp=nlp, batch_size=2, processes=2)
    assert [c.value for e in results for c in e.claims] == [10, 11, 12, 13, 14, 15]
    assert here not in calls
    alone = extract.extract_documents(documents, nlp=nlp, batch_size=2)
    assert calls.count(here) == len(documents)  # one process: it runs here, as it must
    assert [e.claims for e in alone] == [e.claims for e in results]


def test_a_long_body_is_still_extracted_from_its_joined_pieces(nlp: Language) -> None:
    sentence = "Officials said 14 rockets hit Kessel air base on Monday. "
    body = "\n\n".join([sentence * 20] * 12)  # over PIECE_CHARS: parsed in pieces here
    assert len(body) > extract.PIECE_CHARS
    document = document_from_text(body, doc_id="long")
    (result,) = extract.extract_documents([document], nlp=nlp)
    assert len(result.claims) == 240
    assert all(body[c.start : c.end] == c.figure_text for c in result.claims)

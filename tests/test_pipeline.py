"""The whole flow on three short articles: what a reader of the report would see."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.ingest import document_from_text
from factcheck.model import Claim, Document
from factcheck.pipeline import Checker, Report

CONTRACT_CLAIM_FIELDS = {
    "id", "doc_id", "sentence", "start", "end", "value", "low", "high", "qualifier",
    "figure_text", "unit", "noun", "predicate", "places", "times", "speaker", "speaker_role",
    "cue", "quote",
}  # fmt: skip

ARTICLES = (
    Document(
        id="courier",
        source="Valley Courier",
        published="2021-07-07",
        text=(
            "Rockets hit Kessel air base\n\n"
            "Fourteen rockets hit Kessel air base in western Norland on Wednesday, "
            "army spokesman Ivo Brenner said. "
            "Three soldiers were injured in the attack, he said."
        ),
    ),
    Document(
        id="post",
        source="Northern Post",
        published="2021-07-08",
        text=(
            "A militia called the Red Hand said 30 rockets hit Kessel air base on Wednesday. "
            "At least three soldiers were injured, according to hospital officials."
        ),
    ),
    Document(
        id="wire",
        source="Coastal Wire",
        published="2021-07-07",
        text=(
            "Kessel air base was also attacked on June 20, when two rockets hit "
            "Kessel air base, officials said."
        ),
    ),
)


@pytest.fixture(scope="module")
def report(nlp: Language, encoder: SentenceEncoder) -> Report:
    return Checker(nlp=nlp, encoder=encoder).compare(ARTICLES)


def claim_with(report: Report, doc_id: str, figure_text: str) -> Claim:
    [claim] = [c for c in report.claims if c.doc_id == doc_id and c.figure_text == figure_text]
    return claim


def sources_of(report: Report, claim_ids: tuple[str, ...]) -> set[str | None]:
    sources = set()
    for claim_id in claim_ids:
        claim = report.claim(claim_id)
        assert claim is not None
        document = report.document(claim.doc_id)
        assert document is not None
        sources.add(document.source)
    return sources


def test_conflicting_rocket_counts_are_found_with_both_sources(report: Report) -> None:
    fourteen = claim_with(report, "courier", "Fourteen")
    thirty = claim_with(report, "post", "30")
    [conflict] = [f for f in report.findings if fourteen.id in f.claims and thirty.id in f.claims]
    assert conflict.kind == "conflict"
    assert sorted(conflict.values) == [14, 30]
    assert sources_of(report, conflict.claims) == {"Valley Courier", "Northern Post"}
    assert fourteen.speaker is not None and "Ivo Brenner" in fourteen.speaker
    assert thirty.speaker == "Red Hand"


def test_agreeing_injury_counts_are_found(report: Report) -> None:
    three = claim_with(report, "courier", "Three")
    at_least_three = claim_with(report, "post", "At least three")
    [agreement] = [f for f in report.findings if set(f.claims) == {three.id, at_least_three.id}]
    assert agreement.kind == "agreement"
    assert at_least_three.quote == "according_to"


def test_an_attack_on_another_date_is_not_paired(report: Report) -> None:
    two = claim_with(report, "wire", "two")
    assert two.times == ("2021-06-20",)
    assert not [f for f in report.findings if two.id in f.claims]


def test_no_claim_is_paired_with_another_measure(report: Report) -> None:
    for finding in report.findings:
        nouns = {report.claim(cid).noun for cid in finding.claims}  # type: ignore[union-attr]
        assert len(nouns) == 1, finding


def test_report_follows_the_json_contract(report: Report) -> None:
    data = json.loads(json.dumps(report.to_dict()))
    assert {"documents", "claims", "findings"} <= set(data)
    assert {d["id"] for d in data["documents"]} == {"courier", "post", "wire"}
    assert {d["source"] for d in data["documents"]} == {
        "Valley Courier",
        "Northern Post",
        "Coastal Wire",
    }
    assert data["claims"], "no claims in the report"
    for claim in data["claims"]:
        assert set(claim) >= CONTRACT_CLAIM_FIELDS, CONTRACT_CLAIM_FIELDS - set(claim)
        assert isinstance(claim["places"], list) and isinstance(claim["times"], list)
    claim_ids = {c["id"] for c in data["claims"]}
    for finding in data["findings"]:
        assert finding["kind"] in {"conflict", "agreement", "different_measure", "update"}
        assert set(finding["claims"]) <= claim_ids
        assert all(v is None or isinstance(v, int | float) for v in finding["values"])
        assert finding["why"]


def test_every_claim_points_at_its_figure_in_the_document_text(report: Report) -> None:
    texts = {d.id: d.text for d in ARTICLES}
    for claim in report.to_dict()["claims"]:
        text = texts[claim["doc_id"]]
        assert text[claim["start"] : claim["end"]] == claim["figure_text"]
        assert claim["sentence"] in text


def test_check_one_article_finds_its_figures_with_offsets(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    document = Document(
        id="one",
        text="date 2021-07-07\nThe storm damaged 200 homes, and up to 3,000 people fled.",
        published="2021-07-07",
        body_start=16,
    )
    report = Checker(nlp=nlp, encoder=encoder).check(document)
    assert [(c.figure_text, c.qualifier) for c in report.claims] == [
        ("200", "exact"),
        ("up to 3,000", "up_to"),
    ]
    for claim in report.claims:
        assert document.text[claim.start : claim.end] == claim.figure_text
    assert report.findings == ()


def test_parsing_in_worker_processes_gives_the_same_claims(nlp: Language) -> None:
    from factcheck.extract import extract_documents

    documents = [
        document_from_text(
            f"Officials said {n} rockets hit Kessel air base on Monday.", doc_id=f"d{n}"
        )
        for n in range(2, 8)
    ]
    alone = extract_documents(documents, nlp=nlp, batch_size=2)
    ticks: list[int] = []
    workers = extract_documents(
        documents, nlp=nlp, batch_size=2, processes=2, progress=ticks.append
    )
    assert sum(ticks) == len(documents)  # the progress bar reaches the end
    assert [e.claims for e in workers] == [e.claims for e in alone]
    assert [e.names for e in workers] == [e.names for e in alone]
    assert [c.value for e in workers for c in e.claims] == [2, 3, 4, 5, 6, 7]


def test_the_claims_table_says_which_figure_a_part_belongs_to(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    from factcheck.report import claims_frame

    document = document_from_text(
        "The storm hurt 60 residents, 22 of them in Dorran, officials said.", doc_id="q"
    )
    table = claims_frame(Checker(nlp=nlp, encoder=encoder).check(document))
    parts = dict(zip(table["figure_text"], table["part_of"], strict=True))
    assert parts["22"] == "60"
    assert pd.isna(parts["60"])

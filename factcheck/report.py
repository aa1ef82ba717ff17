"""Findings and claims as tables (pandas), CSV and the JSON contract.

A finding is one quantity, and it is one block of rows: one row per report
of it (three outlets giving 12, 15 and 15 dead are three rows sharing a
`finding` number), each with the full provenance of its claim (outlet, date,
speaker, cue, sentence, offsets, link). Every row of a block repeats what the
quantity is about in plain words (`values`: "12 vs 15"; `given_by`: "12: police
(Post); 15: the ministry (Wire), Courier itself"), so a spreadsheet user can
filter to any row and still see the whole dispute.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd

from factcheck import words
from factcheck.model import Finding, FindingReport, Report, number_text

FINDING_COLUMNS = [
    "finding", "kind", "dispute", "measure", "values", "given_by", "reports", "score", "why",
    "value", "figure_text", "qualifier",
    "noun", "predicate", "speaker", "speaker_role", "cue", "quote", "source", "published",
    "url", "doc_id", "claim_id", "sentence", "start", "end",
]  # fmt: skip
CLAIM_COLUMNS = [
    "claim_id", "doc_id", "source", "published", "figure_text", "value", "low", "high",
    "qualifier", "unit", "noun", "predicate", "part_of", "places", "times", "speaker",
    "speaker_role", "cue", "quote", "sentence", "start", "end", "url",
]  # fmt: skip


def findings_frame(report: Report) -> pd.DataFrame:
    """One row per report of each quantity, numbered by finding (one number a quantity)."""
    rows = []
    for number, finding in enumerate(report.findings, start=1):
        summary = _summary(finding, report)
        for claim_id in finding.claims:
            claim = report.claim(claim_id)
            if claim is None:
                continue
            document = report.document(claim.doc_id)
            rows.append(
                {
                    "finding": number,
                    "kind": finding.kind,
                    "dispute": finding.dispute,
                    "measure": finding.measure,
                    **summary,
                    "score": round(finding.score, 3),
                    "why": finding.why,
                    "value": claim.value if claim.value is not None else claim.low,
                    "figure_text": claim.figure_text,
                    "qualifier": claim.qualifier,
                    "noun": claim.noun,
                    "predicate": claim.predicate,
                    "speaker": claim.speaker or "(the outlet)",
                    "speaker_role": claim.speaker_role,
                    "cue": claim.cue,
                    "quote": claim.quote,
                    "source": document.source if document else None,
                    "published": document.published if document else None,
                    "url": document.url if document else None,
                    "doc_id": claim.doc_id,
                    "claim_id": claim.id,
                    "sentence": claim.sentence,
                    "start": claim.start,
                    "end": claim.end,
                }
            )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


QUANTITY_COLUMNS = [
    "finding", "quantity", "values", "sources", "kind", "confidence", "reports", "summary",
]  # fmt: skip


def quantities_frame(report: Report) -> pd.DataFrame:
    """One row per finding (one quantity), in words: what is measured, its values, the
    outlets that reported it, the kind and the confidence; `finding` numbers it as
    `findings_frame` does, so a reader can find its claims there."""
    rows = []
    for number, finding in enumerate(report.findings, start=1):
        claims = report.claims_of(finding)
        lead = claims[0] if claims else None
        outlets = dict.fromkeys(
            (d.source or d.title or f"article {d.id}")
            for d in (report.document(c.doc_id) for c in claims)
            if d is not None
        )
        rows.append(
            {
                "finding": number,
                "quantity": words.measure_words(finding.measure, lead),
                "values": words.values_words(finding),
                "sources": ", ".join(outlets),
                "kind": words.kind_words(finding),
                "confidence": words.confidence_words(finding),
                "reports": len(claims) or len(finding.claims),
                "summary": words.summary_text(finding, claims, report.documents_by_id),
            }
        )
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS)


def summaries_text(report: Report) -> str:
    """Every finding as one pasteable line (`words.summary_text`), one a line."""
    return "".join(
        words.summary_text(f, report.claims_of(f), report.documents_by_id) + "\n"
        for f in report.findings
    )


def _summary(finding: Finding, report: Report) -> dict[str, object]:
    """The quantity in plain words: its values, who gave each, how many reports.

    A finding read from older JSON has no reports of its own; its claims are
    looked up in the report then.
    """
    if not finding.reports:
        finding = _with_reports(finding, report)
    return {
        "values": (" and " if finding.kind == "agreement" else " vs ").join(
            number_text(v) for v in finding.values
        ),
        "given_by": finding.given_by(),
        "reports": len(finding.claims),
    }


def _with_reports(finding: Finding, report: Report) -> Finding:
    reports = [
        FindingReport.of(claim, report.document(claim.doc_id))
        for claim in map(report.claim, finding.claims)
        if claim is not None
    ]
    values = tuple(dict.fromkeys(r.value for r in reports)) or finding.values
    return replace(finding, reports=tuple(reports), values=values)


def claims_frame(report: Report) -> pd.DataFrame:
    """Every extracted claim with its document's metadata."""
    rows = []
    for claim in report.claims:
        document = report.document(claim.doc_id)
        row = claim.to_dict()
        row["claim_id"] = row.pop("id")
        row["places"] = "; ".join(claim.places)
        row["times"] = "; ".join(claim.times)
        row["source"] = document.source if document else None
        row["published"] = document.published if document else None
        row["url"] = document.url if document else None
        rows.append(row)
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def to_json(report: Report) -> str:
    """The JSON contract of DESIGN.md (documents, claims, findings)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1)


def write_json(report: Report, path: str | Path) -> None:
    Path(path).write_text(to_json(report), encoding="utf-8")


def write_findings_csv(report: Report, path: str | Path) -> None:
    findings_frame(report).to_csv(path, index=False)

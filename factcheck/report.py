"""Findings and claims as tables (pandas), CSV and the JSON contract.

One row per side of a finding: a conflict between 14 and 30 rockets is two
rows sharing a `finding` number, each with the full provenance of its claim
(outlet, date, speaker, cue, sentence, offsets, link), so a spreadsheet user
can filter and still see both sides.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from factcheck.pipeline import Report

FINDING_COLUMNS = [
    "finding", "kind", "measure", "score", "why", "value", "figure_text", "qualifier",
    "noun", "predicate", "speaker", "speaker_role", "cue", "quote", "source", "published",
    "url", "doc_id", "claim_id", "sentence", "start", "end",
]  # fmt: skip
CLAIM_COLUMNS = [
    "claim_id", "doc_id", "source", "published", "figure_text", "value", "low", "high",
    "qualifier", "unit", "noun", "predicate", "part_of", "places", "times", "speaker",
    "speaker_role", "cue", "quote", "sentence", "start", "end", "url",
]  # fmt: skip


def findings_frame(report: Report) -> pd.DataFrame:
    """One row per claim of each finding, numbered by finding."""
    rows = []
    for number, finding in enumerate(report.findings, start=1):
        for claim_id in finding.claims:
            claim = report.claim(claim_id)
            if claim is None:
                continue
            document = report.document(claim.doc_id)
            rows.append(
                {
                    "finding": number,
                    "kind": finding.kind,
                    "measure": finding.measure,
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

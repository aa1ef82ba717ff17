"""Reports drawn with Streamlit: findings side by side, claims tables, charts, downloads.

Only HTML built by `factcheck.render` (which escapes every piece of article
text) is handed to `st.html`; everything else goes through Streamlit's own
text elements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, TypeVar

import altair as alt
import pandas as pd
import streamlit as st

from factcheck import render
from factcheck.model import Claim, Document, Finding

if TYPE_CHECKING:  # the pipeline imports spaCy and torch; drawing needs neither
    from factcheck.pipeline import Report
    from factcheck.store import ClaimIndex

KIND_ORDER = {"conflict": 0, "update": 1, "different_measure": 2, "agreement": 3}
"""Conflicts first: they are what a reader came for."""
CARDS_PER_ROW = 4
MAX_FINDINGS = 30
MAX_CLAIM_ROWS = 200
MAX_PROBLEMS_LISTED = 10


T = TypeVar("T")


def memo(name: str, report: Report, make: Callable[[], T]) -> T:
    """`make()` computed once per report on screen; reruns (a filter change) reuse it.

    Not `st.cache_data`: a report depends on the index, which changes as
    articles are added, so a cache keyed by the input text would serve stale
    findings. The report object held in the session is the key instead.
    """
    slot = f"memo_{name}"
    held = st.session_state.get(slot)
    if held is None or held[0] is not report:
        held = (report, make())
        st.session_state[slot] = held
    return held[1]


def style() -> None:
    """The CSS classes of `factcheck.render`, once per page run."""
    st.html(render.STYLE)


class Lookup:
    """Claims and documents by id, built once (a report can hold thousands of claims)."""

    def __init__(self, claims: Iterable[Claim], documents: Iterable[Document]) -> None:
        self.claims: dict[str, Claim] = {c.id: c for c in claims}
        self.documents: dict[str, Document] = {d.id: d for d in documents}

    @classmethod
    def of(cls, report: Report) -> Lookup:
        return cls((*report.claims, *report.stored_claims), (*report.stored, *report.documents))

    @classmethod
    def stored(cls, claims: Sequence[Claim], index: ClaimIndex) -> Lookup:
        """For claims read from the index: their documents fetched from it."""
        doc_ids = dict.fromkeys(c.doc_id for c in claims)
        documents = [d for d in (index.document(doc_id) for doc_id in doc_ids) if d]
        return cls(claims, documents)

    def claims_of(self, finding: Finding) -> list[Claim]:
        return [self.claims[cid] for cid in finding.claims if cid in self.claims]


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (KIND_ORDER.get(f.kind, 9), -f.score))


def finding(found: Finding, lookup: Lookup) -> None:
    """The verdict and why, then one card per claim side by side (and a chart for 3+)."""
    st.html(render.verdict_html(found))
    claims = lookup.claims_of(found)
    for first in range(0, len(claims), CARDS_PER_ROW):
        row = claims[first : first + CARDS_PER_ROW]
        for column, claim in zip(st.columns(len(row)), row, strict=True):
            with column:
                document = lookup.documents.get(claim.doc_id)
                st.html(render.card_html(claim, document, kind=found.kind))
    if len(claims) >= 3:
        chart(claims, lookup)


def chart(claims: Sequence[Claim], lookup: Lookup) -> None:
    """Values reported for one figure, by source and date, coloured by speaker."""
    rows = []
    for claim in claims:
        document = lookup.documents.get(claim.doc_id)
        source = (document.source if document else None) or "(no outlet)"
        published = (document.published if document else None) or "no date"
        rows.append(
            {
                "report": f"{source} · {published}",
                "value": claim.value if claim.value is not None else claim.low,
                "speaker": claim.speaker or "(the outlet)",
                "figure": claim.figure_text,
            }
        )
    data = pd.DataFrame(rows).dropna(subset=["value"])
    if data.empty:
        return
    points = (
        alt.Chart(data)
        .mark_circle(size=160)
        .encode(
            x=alt.X("report:N", title="source · date", sort=None),
            y=alt.Y("value:Q", title="reported value"),
            color=alt.Color("speaker:N", title="speaker"),
            tooltip=["report", "speaker", "figure", "value"],
        )
        .properties(height=220)
    )
    st.altair_chart(points, width="stretch")


def findings(found: Sequence[Finding], lookup: Lookup, *, empty: str) -> None:
    """Findings, conflicts first, each side by side; at most MAX_FINDINGS drawn."""
    if not found:
        st.info(empty)
        return
    shown = ordered(found)[:MAX_FINDINGS]
    for number, item in enumerate(shown):
        if number:
            st.divider()
        finding(item, lookup)
    if len(found) > len(shown):
        st.caption(f"{len(found) - len(shown)} more findings are in the downloads below.")


def findings_by_measure(found: Sequence[Finding], lookup: Lookup) -> None:
    """Findings grouped under the thing they measure, groups with conflicts first."""
    if not found:
        st.info("No two claims in these articles report the same figure.")
        return

    def group_rank(item: tuple[str, list[Finding]]) -> tuple[int, str]:
        return min(KIND_ORDER.get(f.kind, 9) for f in item[1]), item[0]

    groups = [
        (measure, list(items))
        for measure, items in groupby(sorted(found, key=lambda f: f.measure), lambda f: f.measure)
    ]
    drawn = 0
    for measure, items in sorted(groups, key=group_rank):
        if drawn >= MAX_FINDINGS:
            st.caption("More findings are in the downloads below.")
            break
        st.subheader(measure, divider="gray")
        for item in ordered(items):
            finding(item, lookup)
            drawn += 1


def claims_table(claims: Sequence[Claim], lookup: Lookup) -> None:
    """The claims with figure and speaker marked in their sentences."""
    if not claims:
        st.info("No checkable figures found.")
        return
    st.html(render.claim_rows_html(claims[:MAX_CLAIM_ROWS], lookup.documents))
    if len(claims) > MAX_CLAIM_ROWS:
        st.caption(
            f"Showing {MAX_CLAIM_ROWS} of {len(claims)} claims; the claims CSV below has all."
        )


def downloads(report: Report, *, key: str) -> None:
    """Findings CSV, claims CSV and the JSON contract of the whole report."""
    from factcheck.report import claims_frame, findings_frame, to_json

    def make() -> tuple[str, str, str]:
        return (
            findings_frame(report).to_csv(index=False),
            claims_frame(report).to_csv(index=False),
            to_json(report),
        )

    findings_csv, claims_csv, everything = memo(f"{key}_downloads", report, make)
    left, middle, right = st.columns(3)
    left.download_button(
        "Findings (CSV)",
        findings_csv,
        file_name="findings.csv",
        mime="text/csv",
        key=f"{key}-findings-csv",
        on_click="ignore",
    )
    middle.download_button(
        "Claims (CSV)",
        claims_csv,
        file_name="claims.csv",
        mime="text/csv",
        key=f"{key}-claims-csv",
        on_click="ignore",
    )
    right.download_button(
        "Everything (JSON)",
        everything,
        file_name="factcheck.json",
        mime="application/json",
        key=f"{key}-json",
        on_click="ignore",
    )


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!$<>|~])")


def _plain(text: str) -> str:
    """Text shown literally inside Streamlit markdown (no emphasis, links or $math$)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def problems(items: Sequence[object], *, what: str = "rows") -> None:
    """Rows or files that could not be used, each named, as a warning and a table."""
    if not items:
        return
    lines = [_plain(str(item)) for item in items]
    listed = "\n".join(f"- {line}" for line in lines[:MAX_PROBLEMS_LISTED])
    more = len(lines) - MAX_PROBLEMS_LISTED
    noun = what if len(lines) > 1 else what.removesuffix("s")
    st.warning(
        f"{len(lines)} {noun} could not be used as given; the rest were processed.\n\n{listed}"
        + (f"\n\n... and {more} more (all in the table below)." if more > 0 else "")
    )
    if more > 0:
        st.dataframe(pd.DataFrame({"problem": lines}), hide_index=True, width="stretch")

"""Reports drawn with Streamlit: findings side by side, claims tables, charts, downloads.

Only HTML built by `factcheck.render` (which escapes every piece of article
text) is handed to `st.html`; everything else goes through Streamlit's own
text elements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

import altair as alt
import pandas as pd
import streamlit as st

from factcheck import render, words
from factcheck.model import Claim, Document, Finding, Report, kind_rank

if TYPE_CHECKING:
    from factcheck.store import ClaimIndex

CARDS_PER_ROW = 4
CHART_FROM = 3
"""A quantity with this many reports or more gets a chart of value by source and date."""
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

    def __init__(self, claims: dict[str, Claim], documents: dict[str, Document]) -> None:
        self.claims = claims
        self.documents = documents

    @classmethod
    def of(cls, report: Report) -> Lookup:
        """The report's own tables (`Report.claims_by_id`), built once per report, not per run."""
        return cls(report.claims_by_id, report.documents_by_id)

    @classmethod
    def stored(cls, claims: Sequence[Claim], index: ClaimIndex) -> Lookup:
        """For claims read from the index: their documents fetched from it."""
        doc_ids = dict.fromkeys(c.doc_id for c in claims)
        documents = [d for d in (index.document(doc_id) for doc_id in doc_ids) if d]
        return cls({c.id: c for c in claims}, {d.id: d for d in documents})

    def claims_of(self, finding: Finding) -> list[Claim]:
        return [self.claims[cid] for cid in finding.claims if cid in self.claims]


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Conflicts first (`KIND_ORDER`), then the likeliest."""
    return sorted(findings, key=lambda f: (kind_rank(f.kind), -f.score))


def legend() -> None:
    """What the words on a finding mean: conflict, agreement, ..., confirmed or possible."""
    with st.expander("What the words mean", expanded=False):
        st.html(render.legend_html())


def finding(found: Finding, lookup: Lookup, *, key: str = "") -> None:
    """One quantity: what is measured, its values, every report as a card, a chart for 3+
    reports, and the finding as a line to copy."""
    claims = lookup.claims_of(found)
    measure = words.measure_words(found.measure, claims[0] if claims else None)
    st.subheader(plain(measure[:1].upper() + measure[1:]), anchor=False)  # article words
    st.html(render.quantity_html(found, claims, heading=False))
    for first in range(0, len(claims), CARDS_PER_ROW):
        row = claims[first : first + CARDS_PER_ROW]
        for column, claim in zip(st.columns(CARDS_PER_ROW), row, strict=False):
            with column:
                document = lookup.documents.get(claim.doc_id)
                st.html(render.card_html(claim, document, kind=found.kind))
    if len(claims) >= CHART_FROM:
        chart(claims, lookup, key=key)
    st.caption("The finding in one line, to copy:")
    st.code(words.summary_text(found, claims, lookup.documents), language=None, wrap_lines=True)


def chart(claims: Sequence[Claim], lookup: Lookup, *, key: str = "") -> None:
    """Values reported for one quantity, by source and date, coloured by who gave them."""
    rows = []
    for claim in claims:
        document = lookup.documents.get(claim.doc_id)
        source = (document.source if document else None) or "no outlet given"
        published = (document.published if document else None) or "no date"
        rows.append(
            {
                "report": f"{source} · {published}",
                "value": claim.point,
                "who": words.speaker_words(claim, document),
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
            x=alt.X(
                "report:N",
                title="source · date",
                sort=None,
                axis=alt.Axis(labelAngle=0, labelLimit=200),
            ),
            # Two sources giving one value in one article would share a dot: side by side.
            xOffset=alt.XOffset("who:N"),
            y=alt.Y("value:Q", title="reported value"),
            color=alt.Color("who:N", title="who gives it", legend=alt.Legend(labelLimit=260)),
            tooltip=["report", "who", "figure", "value"],
        )
        .properties(height=260)
    )
    st.altair_chart(points, width="stretch", key=f"chart-{key}" if key else None)


def findings(found: Sequence[Finding], lookup: Lookup, *, empty: str, key: str = "f") -> None:
    """One block per quantity, conflicts first; at most MAX_FINDINGS drawn."""
    if not found:
        st.info(empty)
        return
    legend()
    shown = ordered(found)[:MAX_FINDINGS]
    for number, item in enumerate(shown):
        if number:
            st.divider()
        finding(item, lookup, key=f"{key}-{number}")
    if len(found) > len(shown):
        st.caption(f"{len(found) - len(shown)} more findings are in the downloads below.")


def findings_by_measure(found: Sequence[Finding], lookup: Lookup) -> None:
    """Every quantity the articles report more than once, one block each, conflicts first."""
    findings(found, lookup, empty="No two claims in these articles report the same figure.")


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
    """Findings CSV, claims CSV, the JSON contract, ClaimReview JSON-LD and one line a finding."""
    from factcheck.claimreview import to_claimreview_json
    from factcheck.report import claims_frame, findings_frame, summaries_text, to_json

    def make() -> tuple[str, ...]:
        return (
            findings_frame(report).to_csv(index=False),
            claims_frame(report).to_csv(index=False),
            to_json(report),
            to_claimreview_json(report),
            summaries_text(report),
        )

    findings_csv, claims_csv, everything, reviews, lines = memo(f"{key}_downloads", report, make)
    files = [
        ("Findings (CSV)", findings_csv, "findings.csv", "text/csv", "findings-csv"),
        ("Claims (CSV)", claims_csv, "claims.csv", "text/csv", "claims-csv"),
        ("Everything (JSON)", everything, "factcheck.json", "application/json", "json"),
        ("ClaimReview (JSON-LD)", reviews, "claimreview.jsonld", "application/ld+json", "cr"),
        ("Findings as text", lines, "findings.txt", "text/plain", "text"),
    ]
    disputed = sum(f.kind == "conflict" for f in report.findings)
    st.caption(
        f"Downloads. ClaimReview holds the {disputed} disputed "
        f"finding{'' if disputed == 1 else 's'} as schema.org markup that fact-check tools read."
    )
    for column, (label, data, name, mime, slug) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            label, data, file_name=name, mime=mime, key=f"{key}-{slug}", on_click="ignore"
        )


def link_warnings(documents: Iterable[Document]) -> None:
    """A visible warning for each link that will not be shown (`javascript:` and the like)."""
    for document in documents:
        if document.url and render.safe_url(document.url) is None:
            name = document.source or document.title or "an article"
            st.warning(f"{plain(name)}: {plain(render.unsafe_link_warning(document.url))}")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!$<>|~])")


def plain(text: str) -> str:
    """Text shown literally inside Streamlit markdown (no emphasis, links or $math$)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def problems(items: Sequence[object], *, what: str = "rows") -> None:
    """Rows or files that could not be used, each named, as a warning and a table."""
    if not items:
        return
    lines = [plain(str(item)) for item in items]
    listed = "\n".join(f"- {line}" for line in lines[:MAX_PROBLEMS_LISTED])
    more = len(lines) - MAX_PROBLEMS_LISTED
    noun = what if len(lines) > 1 else what.removesuffix("s")
    st.warning(
        f"{len(lines)} {noun} could not be used as given; the rest were processed.\n\n{listed}"
        + (f"\n\n... and {more} more (all in the table below)." if more > 0 else "")
    )
    if more > 0:
        st.dataframe(pd.DataFrame({"problem": lines}), hide_index=True, width="stretch")

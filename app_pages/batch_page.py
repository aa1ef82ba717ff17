"""Page 3, "Batch CSV": one article a row, a progress bar, a filterable table, downloads."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from app_pages import draw, resources
from app_pages.uploads import batch_documents
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.model import Report

RESULT = "batch_result"
# Which upload the stored result belongs to: a new file must not show the last file's findings.
RESULT_FILE = "batch_result_file"
FILTERS = (("kind", "Kind"), ("sources", "Source"), ("quantity", "Quantity"))
# Three invented articles in the shape the page reads: what a reader copies to start. (A
# comment, not a docstring: Streamlit's magic would show a bare string on the page.)
SAMPLE_ROWS = [
    ("harbor-1", "Harbor Ledger", "2024-03-12", "https://example.org/harbor-ledger/1",
     "Police spokesman Aron Vell said 12 rockets were fired at Karsun Air Base on Tuesday."),
    ("valley-1", "Valley Courier", "2024-03-12", "https://example.org/valley-courier/1",
     "A group calling itself the Free Valley Brigades said its members fired 40 rockets at "
     "Karsun Air Base on Tuesday."),
    ("north-1", "Northgate Post", "2024-03-13", "https://example.org/northgate-post/1",
     "Governor Dario Mentesh said 12 rockets were fired at Karsun Air Base from a truck."),
]  # fmt: skip


def sample_csv() -> str:
    """`SAMPLE_ROWS` as CSV with a header: id, source, published, url, text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "source", "published", "url", "text"])
    writer.writerows(SAMPLE_ROWS)
    return buffer.getvalue()


def _run(data: bytes, name: str, file_id: str, *, use_index: bool) -> None:
    try:
        collected = batch_documents(data, name=name)
    except FactcheckError as exc:
        st.session_state.pop(RESULT, None)
        st.error(draw.plain(str(exc)))
        return
    documents = collected.documents
    if not documents:
        st.session_state.pop(RESULT, None)
        draw.problems(collected.problems)
        st.error(draw.plain(f"No row of {name} could be used."))
        return
    report = resources.compare_with_progress(collected, use_index=use_index, verb="Checking")
    if report is not None:
        st.session_state[RESULT] = report
        st.session_state[RESULT_FILE] = file_id


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    """The findings table narrowed by the kind/source/quantity pickers (empty picker: all)."""
    columns = st.columns(len(FILTERS))
    keep = pd.Series(True, index=frame.index)
    for column, (field, label) in zip(columns, FILTERS, strict=True):
        if field == "sources":
            options = sorted({s for cell in frame[field].dropna() for s in cell.split(", ") if s})
        else:
            options = sorted(frame[field].dropna().astype(str).unique())
        chosen = column.multiselect(label, options, key=f"batch_filter_{field}")
        if chosen and field == "sources":
            wanted = set(chosen)
            keep &= frame[field].apply(lambda cell, w=wanted: bool(set(cell.split(", ")) & w))
        elif chosen:
            keep &= frame[field].astype(str).isin(chosen)
    return frame[keep]


def _show(report: Report) -> None:
    draw.problems(report.problems)
    draw.link_warnings(report.documents)
    lookup = draw.Lookup.of(report)
    left, middle, right = st.columns(3)
    left.metric("Articles checked", len(report.documents))
    middle.metric("Claims", len(report.claims))
    right.metric("Findings", len(report.findings))
    from factcheck.report import quantities_frame

    st.header("Findings, one row per quantity")
    frame = draw.memo("batch_quantities", report, lambda: quantities_frame(report))
    if frame.empty:
        st.info("No two claims in these articles report the same figure.")
    else:
        shown = _filtered(frame)
        st.dataframe(
            shown.drop(columns=["summary"]),
            hide_index=True,
            width="stretch",
            column_config={"finding": st.column_config.NumberColumn("#", width="small")},
        )
        st.header("The claims behind each finding")
        st.caption("Open a finding to see every report of it side by side.")
        draw.legend()
        for number in list(shown["finding"])[: draw.MAX_FINDINGS]:
            item = report.findings[number - 1]
            row = frame.iloc[number - 1]
            title = f"{number}. {row['quantity']}: {row['values']} — {row['kind']}"
            with st.expander(draw.plain(title)):  # a label is Markdown; these are article words
                draw.finding(item, lookup, key=f"batch-{number}")
        if len(shown) > draw.MAX_FINDINGS:
            st.caption(f"{len(shown) - draw.MAX_FINDINGS} more findings are in the downloads.")
    draw.downloads(report, key="batch")


def page() -> None:
    draw.style()
    st.title("Batch CSV")
    st.caption(
        "One article a row. Column `text` is required; `source`, `published`, `url`, `title` "
        "and `id` are optional (aliases such as body, outlet and date work too)."
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    upload = left.file_uploader("CSV of articles", type=["csv"], key="batch_file")
    right.download_button(
        "Sample CSV",
        sample_csv(),
        file_name="sample_articles.csv",
        mime="text/csv",
        key="batch_sample",
        on_click="ignore",
        help="Three invented articles in the columns this page reads.",
    )
    use_index = st.checkbox("Also match against the index", value=True, key="batch_use_index")
    if upload is None or st.session_state.get(RESULT_FILE) != upload.file_id:
        st.session_state.pop(RESULT, None)  # the findings shown are always the current file's
    if upload is not None:
        st.caption(draw.plain(f"{upload.name} ({upload.size:,} bytes) is loaded."))
    if upload is not None and st.button("Check all rows", type="primary"):
        _run(upload.getvalue(), upload.name, upload.file_id, use_index=use_index)
    report = st.session_state.get(RESULT)
    if report is not None:
        _show(report)


if __name__ == "__main__":
    page()

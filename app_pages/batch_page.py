"""Page 3, "Batch CSV": one article a row, a progress bar, a filterable table, downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from app_pages import draw, resources
from app_pages.uploads import batch_documents
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.pipeline import Report

RESULT = "batch_result"
FILTERS = (("kind", "Kind"), ("source", "Source"), ("measure", "Measure"))


def _run(data: bytes, name: str, *, use_index: bool) -> None:
    try:
        collected = batch_documents(data, name=name)
    except FactcheckError as exc:
        st.session_state.pop(RESULT, None)
        st.error(str(exc))
        return
    documents = collected.documents
    if not documents:
        st.session_state.pop(RESULT, None)
        draw.problems(collected.problems)
        st.error(f"No row of {name} could be used.")
        return
    report = resources.compare_with_progress(collected, use_index=use_index, verb="Checking")
    if report is not None:
        st.session_state[RESULT] = report


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    """The findings table narrowed by the kind/source/measure pickers (empty picker: all)."""
    columns = st.columns(len(FILTERS))
    keep = pd.Series(True, index=frame.index)
    for column, (field, label) in zip(columns, FILTERS, strict=True):
        options = sorted(frame[field].dropna().astype(str).unique())
        chosen = column.multiselect(label, options, key=f"batch_filter_{field}")
        if chosen:
            keep &= frame[field].astype(str).isin(chosen)
    return frame[keep]


def _show(report: Report) -> None:
    draw.problems(report.problems)
    lookup = draw.Lookup.of(report)
    left, middle, right = st.columns(3)
    left.metric("Articles checked", len(report.documents))
    middle.metric("Claims", len(report.claims))
    right.metric("Findings", len(report.findings))
    from factcheck.report import findings_frame

    st.header("Results")
    frame = draw.memo("batch_findings", report, lambda: findings_frame(report))
    if frame.empty:
        st.info("No two claims in these articles report the same figure.")
    else:
        shown = _filtered(frame)
        st.dataframe(shown, hide_index=True, width="stretch")
        numbers = sorted(set(shown["finding"]))
        st.header("Side by side")
        draw.findings([report.findings[n - 1] for n in numbers], lookup, empty="No match.")
    draw.downloads(report, key="batch")


def page() -> None:
    draw.style()
    st.title("Batch CSV")
    st.caption(
        "One article a row. Column `text` is required; `source`, `published`, `url`, `title` "
        "and `id` are optional (aliases such as body, outlet and date work too)."
    )
    upload = st.file_uploader("CSV of articles", type=["csv"], key="batch_file")
    use_index = st.checkbox("Also match against the index", value=True, key="batch_use_index")
    if upload is None:
        st.session_state.pop(RESULT, None)
    elif st.button("Check all rows", type="primary"):
        _run(upload.getvalue(), upload.name, use_index=use_index)
    report = st.session_state.get(RESULT)
    if report is not None:
        _show(report)


if __name__ == "__main__":
    page()

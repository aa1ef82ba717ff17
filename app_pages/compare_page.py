"""Page 2, "Compare sources": several articles at once, findings grouped by what they measure."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import streamlit as st

from app_pages import draw, resources
from app_pages.uploads import Collected, collect

if TYPE_CHECKING:
    from factcheck.model import Report

RESULT = "compare_result"
EARLIEST = dt.date(1900, 1, 1)


def _pasted(count: int) -> list[tuple[str, dict[str, object]]]:
    """One tab per article: its text and metadata."""
    pasted = []
    for number, tab in enumerate(st.tabs([f"Article {n}" for n in range(1, count + 1)]), 1):
        with tab:
            text = st.text_area("Text", key=f"compare_text_{number}", height=200)
            left, middle, right = st.columns(3)
            source = left.text_input("Outlet", key=f"compare_outlet_{number}")
            published = middle.date_input(
                "Date",
                value=None,
                min_value=EARLIEST,
                key=f"compare_date_{number}",
                format="YYYY-MM-DD",
            )
            url = right.text_input("URL", key=f"compare_url_{number}", placeholder="https://...")
        pasted.append((text, {"source": source, "published": published, "url": url}))
    return pasted


def _run(collected: Collected, *, use_index: bool) -> None:
    report = resources.compare_with_progress(collected, use_index=use_index, verb="Reading")
    if report is not None:
        st.session_state[RESULT] = report


def _add_all(report: Report) -> None:
    added = resources.add_to_index(report)
    if added is not None:
        known = len(report.documents) - added
        st.success(f"Added {added} new articles to the index ({known} known).")


def _show(report: Report) -> None:
    draw.problems(report.problems, what="inputs")
    draw.link_warnings(report.documents)
    lookup = draw.Lookup.of(report)
    left, middle, right = st.columns(3)
    left.metric("Articles", len(report.documents))
    middle.metric("Claims", len(report.claims))
    right.metric("Conflicts", sum(f.kind == "conflict" for f in report.findings))
    if st.button("Add these articles to the index", key="compare_add"):
        _add_all(report)
    st.header("Each quantity reported more than once")
    draw.findings_by_measure(report.findings, lookup)
    with st.expander(f"All {len(report.claims)} claims"):
        draw.claims_table(report.claims, lookup)
    draw.downloads(report, key="compare")


def page() -> None:
    draw.style()
    st.title("Compare sources")
    st.caption("Paste articles one per tab, or upload .txt files or a CSV (one article a row).")
    count = st.number_input("Pasted articles", min_value=1, max_value=8, value=2, step=1)
    with st.form("compare"):
        pasted = _pasted(int(count))
        files = st.file_uploader(
            "Or upload articles", type=["txt", "csv"], accept_multiple_files=True
        )
        use_index = st.checkbox("Also match against the index", value=True)
        submitted = st.form_submit_button("Compare", type="primary")
    if submitted:
        collected = collect(pasted, [(f.name, f.getvalue()) for f in files or []])
        if collected.documents:
            _run(collected, use_index=use_index)
        else:
            st.session_state.pop(RESULT, None)
            draw.problems(collected.problems, what="inputs")
            st.warning("Nothing to compare yet: paste an article in a tab or upload files.")
    report = st.session_state.get(RESULT)
    if report is not None:
        _show(report)


if __name__ == "__main__":
    page()

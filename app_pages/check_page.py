"""Page 1, "Check an article": paste, press Check, see claims and findings side by side."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import streamlit as st

from app_pages import draw, resources
from app_pages.example import example_article
from app_pages.uploads import pasted_document
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.model import Document, Report

RESULT = "check_result"
INDEXED = "check_indexed"
# The index's copy of the checked article, when the same text was stored already. (A
# comment, not a docstring: Streamlit's magic would show a bare string on the page.)
STORED = "check_stored"
ADDED = "check_added"
EARLIEST = dt.date(1900, 1, 1)


def _load_example() -> None:
    """Button callback: runs before the widgets, so it may set their values."""
    text, outlet = example_article()
    st.session_state["check_text"] = text
    st.session_state["check_outlet"] = outlet
    st.session_state.pop(RESULT, None)


def _run(text: str, outlet: str, published: dt.date | None, url: str) -> None:
    try:
        document = pasted_document(text, source=outlet, published=published, url=url)
        with st.spinner("Checking..."):
            index = resources.existing_index()
            report = resources.checker().check(document, index=index)
            stored = resources.stored_copy(index, document)
    except FactcheckError as exc:
        st.session_state.pop(RESULT, None)
        st.error(draw.plain(str(exc)))
        return
    st.session_state[RESULT] = report
    st.session_state[INDEXED] = index is not None and index.stats()["documents"] > 0
    st.session_state[STORED] = stored
    st.session_state[ADDED] = False


def _stored_message(stored: Document) -> str:
    """Where the same text is stored: its outlet and date as the index has them."""
    where = ", ".join(part for part in (stored.source, stored.published) if part)
    return (
        "This article is already in the index"
        + (f" (stored as {where})" if where else "")
        + ", so its figures are not compared with their own stored copies."
    )


def _add_to_index(report: Report) -> None:
    added = resources.add_to_index(report)
    if added is None:
        return
    st.session_state[ADDED] = True
    if added:
        st.success(f"Added the article and its {len(report.claims)} claims to the index.")
    else:
        st.info("This article is already in the index.")


def _show(report: Report) -> None:
    lookup = draw.Lookup.of(report)
    local = {c.id for c in report.claims}
    inside = [f for f in report.findings if all(cid in local for cid in f.claims)]
    against = [f for f in report.findings if f not in inside]
    conflicts = sum(f.kind == "conflict" for f in report.findings)
    first, second, third, fourth = st.columns(4)
    first.metric("Claims", len(report.claims))
    second.metric("Conflicts", conflicts)
    third.metric("Findings in the article", len(inside))
    fourth.metric("Findings against the index", len(against))
    draw.link_warnings(report.documents)
    stored = st.session_state.get(STORED)
    if stored is not None:
        st.info(draw.plain(_stored_message(stored)))
    # Stored already (or just added): the button stays in its place, greyed, saying why.
    stored_now = stored is not None or bool(st.session_state.get(ADDED))
    if st.button(
        "Add to index",
        key="check_add",
        disabled=stored_now,
        help="Already in the index." if stored_now else f"Store it in {resources.index_dir()}",
    ):
        _add_to_index(report)
    st.header("Inside this article")
    draw.findings(
        inside, lookup, empty="No two claims in this article report the same figure.", key="in"
    )
    st.header("Against the index")
    if st.session_state.get(ADDED):
        st.info(
            "The article is in the index now. Check another article to compare it with this one."
        )
    elif not st.session_state.get(INDEXED):
        st.info("The index is empty: add articles to compare new ones against them.")
    else:
        other = "Nothing else in the index" if stored is not None else "Nothing in the index"
        draw.findings(against, lookup, empty=f"{other} reports these figures.", key="idx")
    st.header("Claims")
    draw.claims_table(report.claims, lookup)
    draw.downloads(report, key="check")


def page() -> None:
    draw.style()
    st.title("Check an article")
    st.caption("Every figure in the article, who said it, and where reports disagree.")
    st.button("Load example", on_click=_load_example)
    with st.form("check"):
        text = st.text_area(
            "Article text", key="check_text", height=260, placeholder="Paste a news article here."
        )
        left, middle, right = st.columns(3)
        outlet = left.text_input("Outlet", key="check_outlet", placeholder="e.g. AP")
        published = middle.date_input(
            "Date", value=None, min_value=EARLIEST, key="check_date", format="YYYY-MM-DD"
        )
        url = right.text_input("URL", key="check_url", placeholder="https://...")
        submitted = st.form_submit_button("Check", type="primary")
    if submitted:
        _run(text, outlet, published, url)
    report = st.session_state.get(RESULT)
    if report is not None:
        _show(report)


if __name__ == "__main__":
    page()

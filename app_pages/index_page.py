"""Page 4, "Index": what is stored, "claims like ..." search, and removing a source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import draw, resources
from factcheck import render, words
from factcheck.errors import FactcheckError
from factcheck.store import NO_SOURCE, ClaimIndex

MESSAGE = "index_message"


def _stats(index: ClaimIndex) -> dict:
    stats = index.stats()
    left, middle, right = st.columns(3)
    left.metric("Documents", stats["documents"])
    middle.metric("Claims", stats["claims"])
    right.metric("Sources", len(stats["sources"]))
    st.caption(draw.plain(f"Model {stats['model']} ({stats['dim']} dimensions) · {stats['path']}"))
    if stats["sources"]:
        sources = pd.DataFrame(
            {"source": list(stats["sources"]), "documents": list(stats["sources"].values())}
        )
        st.dataframe(sources, hide_index=True, width="stretch")
    return stats


def _search(index: ClaimIndex) -> None:
    st.header("Search")
    with st.form("index_search"):
        query = st.text_input("Claims like ...", placeholder="rockets fired at the air base")
        k = st.slider("How many", 1, 50, 10)
        submitted = st.form_submit_button("Find claims")
    if not submitted:
        return
    if not query.strip():
        st.info("Type what the claims are about, e.g. 'rockets fired at the base'.")
        return
    from factcheck.search import CUTOFF, similar_claims

    _, encoder = resources.models()
    hits = similar_claims(index, query, encoder=encoder, k=k)
    if not hits:
        st.info(
            f"No claim like this in the index: nothing stored scores {CUTOFF:.2f} or more "
            "(how alike the query and a claim read, from 0 to 1)."
        )
        return
    st.caption(
        f"{len(hits)} claim{'' if len(hits) == 1 else 's'}, most alike first; the score is how "
        f"alike the query and what the claim counts read (0 to 1); claims below {CUTOFF:.2f} "
        "are not shown."
    )
    rows = [
        {
            "score": round(hit.similarity, 2),
            "figure": hit.claim.figure_text,
            "counts": words.claim_counts(hit.claim),
            "who": words.speaker_words(hit.claim, hit.document),
            "source": (hit.document.source if hit.document else None) or "",
            "date": (hit.document.published if hit.document else None) or "",
            "link": render.safe_url(hit.document.url if hit.document else None) or "",
            "sentence": " ".join(hit.claim.sentence.split()),
        }
        for hit in hits
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "score": st.column_config.ProgressColumn(
                "score", min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "link": st.column_config.LinkColumn("link", display_text="open"),
        },
    )
    claims = [hit.claim for hit in hits]
    with st.expander("The sentences, marked"):
        draw.claims_table(claims, draw.Lookup.stored(claims, index))


def _remove(index: ClaimIndex, sources: dict[str, int]) -> None:
    """Remove every article of one source; articles stored without one are listed by the
    label the table above shows for them, so they can be removed too."""
    if not sources:
        return
    st.header("Remove a source")
    with st.form("index_remove"):
        source = st.selectbox("Source", list(sources))
        sure = st.checkbox("Remove every article of this source and its claims")
        submitted = st.form_submit_button("Remove")
    if submitted and source is not None:
        if not sure:
            st.warning("Tick the box to confirm the removal.")
            return
        if source == NO_SOURCE:
            removed = index.remove_source(None)
            st.session_state[MESSAGE] = f"Removed {removed} articles stored without a source."
        else:
            removed = index.remove_source(source)
            st.session_state[MESSAGE] = f"Removed {removed} articles of {draw.plain(source)}."
        st.rerun()


def page() -> None:
    draw.style()
    st.title("Index")
    if MESSAGE in st.session_state:
        st.success(st.session_state.pop(MESSAGE))
    try:
        index = resources.existing_index()
        if index is None:
            st.info(
                draw.plain(
                    f"No index yet at {resources.index_dir()}. "
                    "Add articles from the Check or Compare page to create it."
                )
            )
            return
        stats = _stats(index)
        _search(index)
        _remove(index, stats["sources"])
    except FactcheckError as exc:
        st.error(draw.plain(str(exc)))


if __name__ == "__main__":
    page()

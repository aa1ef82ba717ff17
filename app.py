"""factcheck in the browser: `streamlit run app.py`.

Four pages (check one article, compare sources, batch CSV, the index) and a
sidebar with the matching thresholds. This file only wires them together:
page code lives in `app_pages/`, models and the index are loaded once per
process in `app_pages/resources.py`, and all HTML comes from `factcheck.render`.
"""

from __future__ import annotations

import streamlit as st

from app_pages import resources

st.set_page_config(page_title="factcheck", page_icon=":mag:", layout="wide")

pages = [
    st.Page("app_pages/check_page.py", title="Check an article", icon=":material/fact_check:"),
    st.Page(
        "app_pages/compare_page.py",
        title="Compare sources",
        icon=":material/compare:",
        url_path="compare",
    ),
    st.Page(
        "app_pages/batch_page.py", title="Batch CSV", icon=":material/table_view:", url_path="batch"
    ),
    st.Page(
        "app_pages/index_page.py", title="Index", icon=":material/database:", url_path="claim-index"
    ),
]
navigation = st.navigation(pages)
with st.sidebar:
    resources.sidebar()
navigation.run()
# After the first page is drawn, so the models load while the reader pastes.
resources.start_warmup()

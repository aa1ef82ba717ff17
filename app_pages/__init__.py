"""The pages of the Streamlit UI (`streamlit run app.py`) and the helpers they share.

Page scripts (`*_page.py`) draw; `resources` loads models and the index once per
process; `draw` turns reports into Streamlit elements using the escaped HTML of
`factcheck.render`; `uploads` and `example` are plain Python with no Streamlit.
"""

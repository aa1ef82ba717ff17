"""What the learned cue chooser sees, and which chooser attributors use.

Where no rule attributes a figure, the attributor asks the chooser
(`model.py`) about every verb that could report it (`candidate_cues`: the verbs
above it in the parse and those hung beside its clause), each described by named
features. The same candidates are what `python -m factcheck.eval.attribution_training`
fits the chooser on, so both read them from here. `choosing_with` is the seam
for measuring a chooser fitted without some articles on those articles.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from spacy.tokens import Token

from factcheck.attribution.cues import (
    DOCUMENT_CUES,
    MODALS,
    SPEECH_CUES,
    WEAK_CUES,
    cue_lemma,
    is_document,
)
from factcheck.attribution.model import CueChooser, load_chooser
from factcheck.attribution.names import FIRST_AND_SECOND_PERSON, PERSON_NOUNS
from factcheck.attribution.sources import subject_of

_CHOOSER: ContextVar[CueChooser | str | None] = ContextVar("factcheck_cue_chooser", default="")


def current_chooser() -> CueChooser | None:
    """The chooser attributors use: the shipped one unless `choosing_with` says otherwise."""
    chosen = _CHOOSER.get()
    return load_chooser() if chosen == "" else chosen  # type: ignore[return-value]


@contextmanager
def choosing_with(chooser: CueChooser | None) -> Iterator[None]:
    """Attribute with `chooser` (None: rules only) inside the block, in this thread.

    The seam for measuring a chooser fitted without some articles on those articles
    (extraction builds its attributors deep inside a spaCy component).
    """
    token = _CHOOSER.set(chooser)
    try:
        yield
    finally:
        _CHOOSER.reset(token)


def _lexicon(verb: Token) -> str:
    lemma = cue_lemma(verb)
    if lemma in SPEECH_CUES:
        return "speech"
    if lemma in WEAK_CUES:
        return "weak"
    if lemma in DOCUMENT_CUES:
        return "document"
    return "other"


def _subject_kind(subject: Token | None) -> str:
    """What stands as the verb's subject, in a few classes a source can be."""
    if subject is None:
        return "none"
    if subject.tag_ in {"WDT", "WP"} or subject.lower_ == "that":
        return "relative"
    if subject.lower_ in FIRST_AND_SECOND_PERSON:
        return "first-second"
    if subject.pos_ == "PRON":
        return "pronoun"
    if subject.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return subject.ent_type_.lower()
    if is_document(subject):
        return "document"
    if subject.lemma_.lower() in PERSON_NOUNS:
        return "person-noun"
    if subject.pos_ in {"NOUN", "PROPN"}:
        return "plural-noun" if subject.tag_ in {"NNS", "NNPS"} else "noun"
    return "other"


def _features(anchor: Token, verb: Token, path: str, hops: int, rank: int) -> list[str]:
    lemma = verb.lemma_.lower()
    subject = subject_of(verb)
    lexicon = _lexicon(verb)
    kind = _subject_kind(subject)
    features = [
        f"lemma={lemma}",
        f"lexicon={lexicon}",
        f"path={path}",
        f"lexicon={lexicon}&path={path}",
        f"hops={min(hops, 4)}",
        f"rank={min(rank, 3)}",
        f"subject={kind}",
        f"lexicon={lexicon}&subject={kind}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
    ]
    if subject is not None and anchor in subject.subtree:
        features.append("figure-in-subject")
    if any(c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "TO") for c in verb.children):
        features.append("modal")
    if any(c.dep_ == "neg" for c in verb.children):
        features.append("negated")
    if any(c.dep_ == "ccomp" for c in verb.children):
        features.append("takes-clause")
    return features


def candidate_cues(anchor: Token) -> Iterator[tuple[Token, list[str]]]:
    """Every verb that could report the figure at `anchor`, with the chooser's features.

    The verbs above it in the parse, nearest first (the child on the path to the figure
    is the path feature), then the verbs hung beside the clause that holds it ("...,
    aides say", parataxis), which reach it from the side.
    """
    child, rank = anchor, 0
    seen: set[int] = set()
    for hops, ancestor in enumerate(anchor.ancestors, start=1):
        if ancestor.pos_ in {"VERB", "AUX"}:
            seen.add(ancestor.i)
            yield ancestor, _features(anchor, ancestor, child.dep_, hops, rank)
            rank += 1
        child = ancestor
    for ancestor in [anchor, *anchor.ancestors]:
        for side in ancestor.children:
            if side.dep_ == "parataxis" and side.pos_ == "VERB" and side.i not in seen:
                if anchor not in side.subtree:
                    seen.add(side.i)
                    yield side, _features(anchor, side, "side", 1, rank)
                    rank += 1

"""Which articles tell the same story: their named people, places and organisations compared.

Claims are only worth comparing across articles about one event. Counted
nouns and masked sentences cannot tell two office shootings, two Iranian
earthquakes or two riots apart ("killing one person", "injuring 40"), but the
articles around them can: reports of one event name the same victims, towns,
companies and officials. Each article gets a *name profile* (its entity names
with counts); two profiles are compared by TF-IDF cosine, where the document
frequencies come from every article at hand (the batch and the index), so
names every story mentions ("police", "US") weigh little and rare ones
("Brenford", "Harlow Textiles") decide.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.tokens import Doc

STORY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
"""Entity labels that identify a story (numbers, dates and quantities do not)."""

Profile = Mapping[str, int]
"""Normalized entity name -> how often the article names it."""

Vector = Mapping[str, float]
"""A profile weighted by TF-IDF and scaled to unit length."""


def normalize_name(name: str) -> str:
    """ "the Washington Nationals'" -> "washington nationals": no case, punctuation, articles."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    if words and words[-1] == "s" and len(words) > 1:
        words = words[:-1]  # the possessive "'s" left as a word
    return " ".join(words)


def names_of(doc: Doc) -> dict[str, int]:
    """The name profile of a parsed article.

    A person also counts under their surname, as later mentions and other
    outlets name them ("police chief Dana Ocampo" ... "Ocampo said").
    """
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ in STORY_LABELS:
            name = normalize_name(ent.text)
            if name:
                counts[name] += 1
            words = name.split()
            if ent.label_ == "PERSON" and len(words) > 1:
                counts[words[-1]] += 1
    if not counts:  # a short article whose only names the entity recogniser missed
        counts.update(_untagged_proper_names(doc))
    return dict(counts)


def _untagged_proper_names(doc: Doc) -> Iterable[str]:
    """Runs of proper nouns the entity recogniser did not tag. The small model misses rare
    names ("struck Qesh island"), and a short article that names nothing has no story,
    which the pair model weighs heavily against any pairing."""
    run: list[str] = []
    for token in doc:
        if token.pos_ == "PROPN" and not token.ent_type_ and token.is_alpha:
            run.append(token.text)
            continue
        if run:
            yield normalize_name(" ".join(run))
        run = []
    if run:
        yield normalize_name(" ".join(run))


def document_frequency(profiles: Iterable[Profile]) -> Counter[str]:
    """In how many articles each name occurs."""
    frequency: Counter[str] = Counter()
    for profile in profiles:
        frequency.update(profile.keys())
    return frequency


def story_vector(
    profile: Profile, frequency: Mapping[str, int], documents: int
) -> dict[str, float]:
    """TF-IDF weights of a profile (sublinear counts, smoothed IDF), unit length.

    The IDF is `1 + ln((n + 1) / (df + 1))`: a name in every article still
    counts a little (two articles alone can share a story), a rare one counts
    most. A name missing from `frequency` counts as found once (this article).
    """
    weights = {
        name: (1.0 + math.log(count))
        * (1.0 + math.log((documents + 1) / (frequency.get(name, 1) + 1)))
        for name, count in profile.items()
        if count > 0
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if norm == 0:
        return {}
    return {name: w / norm for name, w in weights.items() if w > 0}


def story_similarity(a: Vector, b: Vector) -> float | None:
    """Cosine of two story vectors; None when either article names nothing distinctive."""
    if not a or not b:
        return None
    if len(b) < len(a):
        a, b = b, a
    return sum(weight * b.get(name, 0.0) for name, weight in a.items())


def story_vectors(profiles: Mapping[str, Profile]) -> dict[str, dict[str, float]]:
    """Story vectors of many articles (id -> vector), names weighed over all of them.

    To weigh names against everything stored, pass the stored profiles along
    with the batch's (as `pipeline` does).
    """
    frequency = document_frequency(profiles.values())
    return {doc_id: story_vector(p, frequency, len(profiles)) for doc_id, p in profiles.items()}

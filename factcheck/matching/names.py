"""Do two names name the same place, party or speaker? Spelling-tolerant, acronym-aware.

Outlets write one base as "Tel al-Kasar airbase" and "Al-Kassar Air Base", one
body as "the International Monetary Fund" and "IMF". The matcher compares
places, owners, actors and speakers with these functions (rapidfuzz for the
spelling, a small word list for what does not distinguish a place).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence

import snowballstemmer
from rapidfuzz import fuzz

GENERIC_PLACE_WORDS = {
    "the", "al", "el", "air", "base", "airbase", "airport", "airfield", "field", "oil",
    "city", "province", "region", "district", "town", "village", "camp", "state", "county",
    "of", "in", "near", "northern", "southern", "eastern", "western", "central", "north",
    "south", "east", "west", "same", "nearby",
}  # fmt: skip
"""Words that many place names share and that tell none apart."""

ACRONYM_SKIPPED_WORDS = {"of", "the", "and", "for", "on", "in", "de", "&"}
"""Words an acronym leaves out ("International Monetary Fund" -> IMF, "Bank of England" -> BoE)."""

NAME_CACHE = 1 << 16
"""Name comparisons remembered: the matcher compares the same few hundred names in every
candidate pair (a hundred thousand pairs, a few thousand distinct names), and the bound keeps
a process that runs all day from holding every name it ever saw."""


@functools.lru_cache(maxsize=NAME_CACHE)
def normalize_place(place: str) -> str:
    """ "Tel al-Kasar airbase" -> "tel kasar": the distinctive words of a place name."""
    words = re.split(r"[\s\-\u2010-\u2015'’.,]+", place.lower().replace("airbase", "air base"))
    kept = [w for w in words if w and w not in GENERIC_PLACE_WORDS]
    return " ".join(kept)


def is_acronym_of(short: str, name: str) -> bool:
    """ "IMF" ~ "the International Monetary Fund", "U.N." ~ "United Nations".

    Outlets alternate between a body's name and its acronym, and no spelling
    distance can see it. The short form must be written in capitals (2-6 letters,
    dots allowed) and spell the initials of the name's other words.
    """
    letters = re.sub(r"^the\s+", "", short.strip(), flags=re.IGNORECASE).replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in ACRONYM_SKIPPED_WORDS]
    return len(words) == len(letters) and all(
        w[0].isupper() and w[0] == c for w, c in zip(words, letters, strict=True)
    )


@functools.lru_cache(maxsize=NAME_CACHE)
def place_similarity(a: str, b: str) -> float:
    """0-100: how surely two names name the same place or party.

    Every distinctive word of the shorter name must find a close spelling in the
    other ("Al-Kassar Air Base" ~ "Tel al-Kasar airbase": kassar ~ kasar), so extra
    words on one side ("Tel") do not count against a match. An acronym matches
    the name it abbreviates ("IMF" ~ "the International Monetary Fund").
    """
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return 100.0
    na, nb = normalize_place(a).split(), normalize_place(b).split()
    if not na or not nb:
        return 100.0 if a.lower().strip() == b.lower().strip() else 0.0
    shorter, longer = (na, nb) if len(na) <= len(nb) else (nb, na)
    scores = [max(fuzz.ratio(word, other) for other in longer) for word in shorter]
    return sum(scores) / len(scores)


def shared_places(
    a: Sequence[str], b: Sequence[str], *, threshold: float
) -> list[tuple[str, str, float]]:
    """Each name of `a` with its closest name of `b`, where they are at least `threshold` alike."""
    pairs = []
    for pa in a:
        best = max(((place_similarity(pa, pb), pb) for pb in b), default=(0.0, ""))
        if best[0] >= threshold:
            pairs.append((pa, best[1], round(best[0], 1)))
    return pairs


_STEMMERS = threading.local()
"""A Snowball stemmer per thread: a stemmer keeps the word it works on, and the UI matches
in several sessions' threads at once."""


@functools.lru_cache(maxsize=NAME_CACHE)
def _stems(text: str) -> tuple[str, ...]:
    if not hasattr(_STEMMERS, "english"):
        _STEMMERS.english = snowballstemmer.stemmer("english")
    return tuple(_STEMMERS.english.stemWords(normalize_place(text).split()))


def same_reference(a: str, b: str, *, threshold: float) -> bool:
    """Do two figures' references (what lasted, whose age, a distance's point) name one thing?

    A place or name spelled alike (`place_similarity`), or the same words in other
    forms: "eight days of riots" and "five days of rioting" both tell how long the
    rioting went on, "30 hours of deliberation" and "deliberated for 40 hours" how
    long the jury deliberated. Word stems (Snowball) see what a spelling distance
    does not ("riot" and "rioting" are too far apart as strings).
    """
    return place_similarity(a, b) >= threshold or same_stems(a, b)


def same_stems(a: str, b: str) -> bool:
    """The same words in other forms ("riots" ~ "rioting", "deliberation" ~ "deliberated")."""
    stems_a = _stems(a)
    return bool(stems_a) and stems_a == _stems(b)


def places_apart(a: Sequence[str], b: Sequence[str], threshold: float) -> bool:
    """Does each side name a place the other does not ("Norland, Halden" vs "Norland, Dorran")?

    A shared country or region says little when each sentence also names its
    own town: an article recalling October's flood in Halden is not reporting
    today's in Dorran. One side naming more ("Dorran" vs "Dorran, Norland") is fine,
    and a place that shares a distinctive word with one on the other side is
    the same site written another way ("Textiles plant" ~ "Harlow Textiles").
    """

    def own(places: Sequence[str], others: Sequence[str]) -> list[str]:
        words = {w for place in others for w in normalize_place(place).split()}
        return [
            place
            for place in places
            if not any(
                fuzz.ratio(word, other) >= threshold
                for word in normalize_place(place).split()
                for other in words
            )
        ]

    return bool(own(a, b) and own(b, a))


@functools.lru_cache(maxsize=NAME_CACHE)
def same_name(a: str, b: str) -> bool:
    """The same speaker or party, allowing for titles and word order ("Col. Hale" ~ "Hale")."""
    return fuzz.token_set_ratio(a.lower(), b.lower()) >= 90

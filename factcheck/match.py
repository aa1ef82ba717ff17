"""Which claims are about the same thing: candidate pairs, then checks that explain the pairing.

Candidates come from vector search (the claim texts with figures masked, so
"14 rockets" and "30 rockets" land close) and, against a stored index, from
full-text search too. Each candidate then goes through checks a reader would
make: do they count the same thing (measure), is it the same event (places
fuzzy-matched with rapidfuzz, dates resolved and compared), are they really
two statements (not one sentence read twice)? Every check's outcome is kept in
`Match.checks` so the UI can say why two figures were put side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import faiss
import numpy as np
from rapidfuzz import fuzz

from factcheck.measure import Measure, comparable_scale, compatible, measure_of
from factcheck.model import Claim, Document
from factcheck.story import story_similarity
from factcheck.times import time_interval

GENERIC_PLACE_WORDS = {
    "the", "al", "el", "air", "base", "airbase", "airport", "airfield", "field", "oil",
    "city", "province", "region", "district", "town", "village", "camp", "state", "county",
    "of", "in", "near", "northern", "southern", "eastern", "western", "central", "north",
    "south", "east", "west", "same", "nearby",
}  # fmt: skip


@dataclass(frozen=True)
class MatchSettings:
    """Knobs of the matcher; the UI exposes `suggest` and `confirm` in its sidebar.

    `suggest`: the lowest score at which a pair is reported at all.
    `confirm`: the score above which the pairing is reported as confident.
    `same_story`: the lowest story similarity (`story.py`) at which claims of
    two articles are compared at all.
    """

    k: int = 25
    suggest: float = 0.5
    confirm: float = 0.7
    date_window_days: int = 2
    report_window_days: int = 7
    place_similarity: float = 85.0
    same_story: float = 0.05


@dataclass(frozen=True)
class ClaimContext:
    """A claim with what the matcher needs: its document's metadata, measure and vector.

    `story` is the story vector of the claim's article (`story.py`); empty when
    unknown, and then the story check is skipped.
    """

    claim: Claim
    document: Document
    measure: Measure
    vector: np.ndarray
    story: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        claim: Claim,
        document: Document,
        vector: np.ndarray,
        *,
        story: Mapping[str, float] | None = None,
    ) -> ClaimContext:
        return cls(claim, document, measure_of(claim), vector, story or {})


@dataclass(frozen=True)
class Match:
    """Two claims judged to be about the same thing, with the evidence."""

    a: ClaimContext
    b: ClaimContext
    score: float
    checks: dict[str, Any]


def normalize_place(place: str) -> str:
    """ "Ain al-Asad airbase" -> "ain asad": the distinctive words of a place name."""
    words = re.split(r"[\s\-\u2010-\u2015'’.,]+", place.lower().replace("airbase", "air base"))
    kept = [w for w in words if w and w not in GENERIC_PLACE_WORDS]
    return " ".join(kept)


ACRONYM_SKIPPED_WORDS = {"of", "the", "and", "for", "on", "in", "de", "&"}
"""Words an acronym leaves out ("International Monetary Fund" -> IMF, "Bank of England" -> BoE)."""


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


def place_similarity(a: str, b: str) -> float:
    """0-100: how surely two names name the same place or party.

    Every distinctive word of the shorter name must find a close spelling in the
    other ("Al-Assad Air Base" ~ "Ain al-Asad airbase": assad ~ asad), so extra
    words on one side ("Ain") do not count against a match. An acronym matches
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
    pairs = []
    for pa in a:
        best = max(((place_similarity(pa, pb), pb) for pb in b), default=(0.0, ""))
        if best[0] >= threshold:
            pairs.append((pa, best[1], round(best[0], 1)))
    return pairs


def _intervals(values: Iterable[str]) -> list[tuple[Any, Any]]:
    return [iv for iv in (time_interval(v) for v in values) if iv is not None]


def time_gap_days(a: Sequence[str], b: Sequence[str]) -> int | None:
    """Smallest gap in days between any time of `a` and any of `b` (0 = overlapping)."""
    best: int | None = None
    for a_start, a_end in _intervals(a):
        for b_start, b_end in _intervals(b):
            if a_end < b_start:
                gap = (b_start - a_end).days
            elif b_end < a_start:
                gap = (a_start - b_end).days
            else:
                gap = 0
            best = gap if best is None else min(best, gap)
    return best


def most_specific(times: Sequence[str]) -> list[str]:
    """Keep the day-level times when there are any ("on Tuesday ... this month" -> Tuesday)."""
    days = [t for t in times if len(t) >= 10]
    return days or list(times)


def _event_times(context: ClaimContext) -> tuple[list[str], bool]:
    """The claim's own times, else the day of the report (an undated figure is news)."""
    if context.claim.times:
        return most_specific(context.claim.times), True
    if context.document.published:
        return [context.document.published], False
    return [], False


def _date_check(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> int | bool | None:
    """Days between the events two claims report; False when they cannot be one event.

    Two explicit dates must fall within `date_window_days`. In one article, a
    figure dated elsewhere ("over the weekend") is another event than the
    article's undated ones. Across articles, an undated figure is taken to be
    about the days around its report (`report_window_days`).
    """
    times_a, explicit_a = _event_times(a)
    times_b, explicit_b = _event_times(b)
    gap = time_gap_days(times_a, times_b)
    if gap is None:
        return None
    same_document = a.claim.doc_id == b.claim.doc_id
    if explicit_a and explicit_b:
        return False if gap > settings.date_window_days else gap
    if same_document:
        return False if (explicit_a or explicit_b) and gap > 0 else None
    return False if gap > settings.report_window_days else gap


def _magnitude_ratio(a: Claim, b: Claim) -> float | None:
    values = [a.point, b.point]
    if any(v is None or v <= 0 for v in values):
        return None
    values = [v * comparable_scale(c) for v, c in zip(values, (a, b), strict=True)]  # type: ignore[operator]
    low, high = sorted(values)  # type: ignore[type-var]
    return high / low


UPDATE_WORDS = {
    "rose", "risen", "climbed", "revised", "raised", "updated", "increased", "jumped", "now",
    "new", "latest", "grew", "lowered", "reduced", "later",
}  # fmt: skip
"""Words that mark a figure as the newer one ("the toll rose to 10", "the latest count")."""
CHANGE_WORDS = UPDATE_WORDS | {
    "initial", "initially", "earlier", "originally", "previous", "previously", "upgraded",
    "bumped", "boosted",
}  # fmt: skip
"""Words that mark a figure as changed over time, newer or older ("its initial bid")."""


def marks_change(claim: Claim) -> bool:
    """Does the claim's sentence say its figure changed, or was the earlier one?"""
    words = {w.strip(".,;:()\"'").lower() for w in claim.sentence.split()}
    return bool(words & CHANGE_WORDS)


def same_name(a: str, b: str) -> bool:
    """The same speaker or party, allowing for titles and word order ("Col. Hale" ~ "Hale")."""
    return fuzz.token_set_ratio(a.lower(), b.lower()) >= 90


def _names(claim: Claim) -> list[str]:
    return [*claim.places, *claim.entities]


def _places_apart(a: Claim, b: Claim, threshold: float) -> bool:
    """Does each claim name a place the other does not ("Norland, Halden" vs "Norland, Dorran")?

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

    return bool(own(a.places, b.places) and own(b.places, a.places))


def _one_source_twice(a: Claim, b: Claim) -> bool:
    """Two different figures from one source in one article are two quantities.

    A writer (or one spokesman) does not contradict themself within an article:
    "a 16-year-old son" and "a 17-year-old son", or "fired 11 shots" and "seven
    bullets entered", are different things counted, unless the wording says the
    figure changed ("the toll rose to 10", "its initial bid").
    """
    if a.doc_id != b.doc_id or a.point == b.point:
        return False
    speakers_differ = bool(a.speaker and b.speaker and not same_name(a.speaker, b.speaker))
    if speakers_differ or bool(a.speaker) != bool(b.speaker):
        return False
    return not (marks_change(a) or marks_change(b))


def _owners(claim: Claim, other: Claim) -> Sequence[str]:
    """Whose figure `claim` is, as far as `other` can be compared: its owners, or
    the actor of its predicate when only `other` names owners."""
    if claim.owners or not other.owners:
        return claim.owners
    return (claim.actor,) if claim.actor else ()


def same_thing(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Match | None:
    """Decide whether `a` and `b` report the same quantity; None when they do not."""
    ca, cb = a.claim, b.claim
    if ca.doc_id == cb.doc_id and ca.sentence_start == cb.sentence_start:
        # one sentence is a list of figures, unless two sources are set against each other
        # ("police put the crowd at 20,000, while organisers said more than 50,000")
        if not (ca.speaker and cb.speaker and not same_name(ca.speaker, cb.speaker)):
            return None
    if not compatible(a.measure, b.measure):
        return None
    if _one_source_twice(ca, cb):
        return None
    story = None if ca.doc_id == cb.doc_id else story_similarity(a.story, b.story)
    if story is not None and story < settings.same_story:
        return None  # two articles about different events (another shooting, another quake)
    if ca.negated or cb.negated or ca.generic or cb.generic:
        return None
    if bool(ca.part_of) != bool(cb.part_of):
        return None  # "22 of them in Dorran" is a part; "hurt 60" or "75 hurt" the whole
    if ca.part_of and ca.noun and cb.noun and ca.noun != cb.noun:
        return None  # "two women" and "one man" are two parts of the dead
    cosine = float(np.dot(a.vector, b.vector))
    checks: dict[str, Any] = {"similarity": round(cosine, 3), "measure": a.measure.kind}
    if story is not None:
        checks["story_similarity"] = round(story, 3)
    # Text similarity alone cannot tell two attacks apart ("2 rockets hit base A" reads
    # like "14 rockets hit base B"); it is half the score, the event checks the rest.
    score = 0.5 * cosine + 0.25
    same_document = ca.doc_id == cb.doc_id
    if same_document:
        score += 0.1  # one article mostly reports one event
        checks["same_document"] = True
    # "In October, a fire killed six at a Halden depot" is another event than the one
    # an undated article reports, in this article or another; two figures dated to
    # the same month or year may be one event
    if ca.earlier_date != cb.earlier_date:
        return None
    # event: the places and names the two sentences are about
    # (within one article only places count: its sentences name different actors)
    names_a = list(ca.places) if same_document else _names(ca)
    names_b = list(cb.places) if same_document else _names(cb)
    if names_a and names_b:
        shared = shared_places(names_a, names_b, threshold=settings.place_similarity)
        checks["shared_places"] = [f"{x} ~ {y}" for x, y, _ in shared]
        if shared:
            score += 0.08
            if not same_document and _places_apart(ca, cb, settings.place_similarity):
                return None
        elif not same_document:
            return None  # "Athens" vs "Thessaloniki", "the Angels" vs "the Nationals"
        else:
            checks["places_differ"] = [names_a, names_b]
            score -= 0.2
    # whose figure: "the Rovers' $140 million offer" is not "the Owls' $160 million bid",
    # nor what "the Owls offered"
    owners_a, owners_b = _owners(ca, cb), _owners(cb, ca)
    if owners_a and owners_b:
        owned = shared_places(owners_a, owners_b, threshold=settings.place_similarity)
        if not owned:
            return None
        checks["same_owner"] = [f"{x} ~ {y}" for x, y, _ in owned]
    # who did it: "the Nationals offered" is not "the Red Sox offered"
    if ca.actor and cb.actor:
        if place_similarity(ca.actor, cb.actor) < settings.place_similarity:
            return None
        checks["same_actor"] = f"{ca.actor} ~ {cb.actor}"
    # event: dates
    gap = _date_check(a, b, settings)
    if gap is False:
        return None  # another day: another event (the same base attacked twice)
    if gap is not None:
        checks["date_gap_days"] = gap
        score += 0.04
    # figures of one measure rarely differ by more than an order of magnitude
    ratio = _magnitude_ratio(ca, cb)
    if ratio is not None and ratio > 20:
        checks["magnitude_ratio"] = round(ratio, 1)
        score -= 0.15
    # what happened
    if a.measure.event and b.measure.event:
        checks["predicates"] = [a.measure.event, b.measure.event]
        if a.measure.event == b.measure.event:
            score += 0.04
    checks["score"] = round(score, 3)
    if score < settings.suggest:
        return None
    return Match(a, b, score, checks)


def candidate_pairs(vectors: np.ndarray, *, k: int) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of rows that are among each other's k nearest neighbours."""
    n = len(vectors)
    if n < 2:
        return
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    _, neighbours = index.search(np.ascontiguousarray(vectors, dtype=np.float32), min(k + 1, n))
    seen: set[tuple[int, int]] = set()
    for i, row in enumerate(neighbours):
        for j in row:
            if j < 0 or j == i:
                continue
            pair = (min(i, int(j)), max(i, int(j)))
            if pair not in seen:
                seen.add(pair)
                yield pair


def best_per_document(matches: Sequence[Match]) -> list[Match]:
    """Across two articles, pair each figure with its one best counterpart.

    An article that gives several figures of one measure ("injuring 40 ... 15 of
    them on the island", two teams' offers) reports one of them
    about the thing the other article counts, not all. A pair of claims from two
    articles is kept only when each is the other's best-scoring match in that
    article. Pairs inside one article are kept as they are.
    """
    best: dict[tuple[str, str], Match] = {}
    for match in matches:
        if match.a.claim.doc_id == match.b.claim.doc_id:
            continue
        for mine, theirs in ((match.a, match.b), (match.b, match.a)):
            key = (mine.claim.id, theirs.claim.doc_id)
            if key not in best or match.score > best[key].score:
                best[key] = match
    return [
        m
        for m in matches
        if m.a.claim.doc_id == m.b.claim.doc_id
        or (
            best[(m.a.claim.id, m.b.claim.doc_id)] is m
            and best[(m.b.claim.id, m.a.claim.doc_id)] is m
        )
    ]


def match_within(contexts: Sequence[ClaimContext], *, settings: MatchSettings) -> list[Match]:
    """Same-thing pairs among `contexts` (one article, or a batch of articles)."""
    if len(contexts) < 2:
        return []
    vectors = np.stack([c.vector for c in contexts])
    matches = []
    for i, j in candidate_pairs(vectors, k=settings.k):
        match = same_thing(contexts[i], contexts[j], settings)
        if match is not None:
            matches.append(match)
    return best_per_document(matches)

"""What the matcher knows of one claim, and the knobs it is run with.

A `ClaimContext` is a claim together with its article's metadata, what it
measures (`factcheck.measure`), its vector, the vector of its frame, its
article's story vector (`story.py`) and the words around its figure, all
computed once per claim, so that the checks of every candidate pair
(`checks.py`) only compare.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from factcheck.model import Claim, Document

if TYPE_CHECKING:  # spaCy and quantulum3 (via measure): seconds the UI's first page must not wait
    from factcheck.measure import Measure


@dataclass(frozen=True)
class MatchSettings:
    """Knobs of the matcher; the UI exposes `suggest` and `confirm` in its sidebar.

    `suggest`: the lowest probability (of the pair model) at which two claims
    are reported as one quantity at all; `confirm`: the probability from which
    the pairing is reported as confirmed rather than possible. `k`: vector
    neighbours taken as candidates; `same_story`: the story similarity from
    which claims of two articles are candidates whatever their wording.
    """

    k: int = 25
    suggest: float = field(default_factory=lambda: _shipped()[0])
    confirm: float = field(default_factory=lambda: _shipped()[1])
    date_window_days: int = 2
    report_window_days: int = 7
    place_similarity: float = 85.0
    same_story: float = 0.05


@functools.cache
def _shipped() -> tuple[float, float]:
    """`suggest` and `confirm` of the shipped pair model, whose fitting chose them.

    Read from its JSON alone: the UI's sidebar draws its sliders from them on the
    first page, before anything imports the checks (and spaCy and quantulum3 with
    them). A file that does not read so is left to `load_pair_model` to report.
    """
    try:
        data = json.loads(Path(__file__).with_name("pair_model.json").read_text(encoding="utf-8"))
        return float(data["suggest"]), float(data["confirm"])
    except (OSError, ValueError, TypeError, KeyError):
        from factcheck.matching.pair_model import load_pair_model  # the model reads these settings

        model = load_pair_model()
        return model.suggest, model.confirm


CONTEXT_WINDOW = 8
"""Words on each side of a figure that say what it counts and where ("in the district")."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def context_words(claim: Claim, window: int = CONTEXT_WINDOW) -> frozenset[str]:
    """Content words near the figure, lower-cased and crudely singular.

    "900 died in the district" and "2,400 died across the region" share "died"
    but not "district"/"region": the words next to a figure carry its scope,
    reference point and owner, which the sentence vector blurs.
    """
    from spacy.lang.en.stop_words import STOP_WORDS  # see TYPE_CHECKING above

    start, end = claim.figure_in_sentence
    before = _WORD.findall(claim.sentence[: max(0, start)])[-window:]
    after = _WORD.findall(claim.sentence[max(0, end) :])[:window]
    words = set()
    for word in (*before, *after):
        lowered = word.lower()
        if lowered in STOP_WORDS or len(lowered) < 3:
            continue
        if lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) > 3:
            lowered = lowered[:-1]
        words.add(lowered)
    return frozenset(words)


def frame_text(claim: Claim, measure: Measure) -> str:
    """The figure's frame as a few words: what it measures, who did what, to what, whose.

    The canonical measure in words ("deaths", "projectiles fired", "money
    offer"), the predicate's subject, the predicate, the counted noun, the noun
    it describes, the owners and the governing word. Embedded apart from the
    sentence, it says what the figure measures without the rest of the
    sentence's news: "12 worst-hit villages" and "15 villages damaged" read
    alike as sentences about one quake, less so as frames. The modifiers ("at
    the plant in Brenford") are left to the frame check: one outlet names the
    place in the figure's phrase, another a sentence later.
    """
    name = measure.canonical
    for prefix in ("other:", "count:"):
        name = name.removeprefix(prefix)
    parts = (
        name.replace(":", ""),
        claim.subject,
        claim.predicate,
        claim.noun,
        claim.head,
        *claim.owners,
        claim.governor,
    )
    return " ".join(part.strip() for part in parts if part and part.strip())


def with_frames(
    contexts: Sequence[ClaimContext], encode: Callable[[Sequence[str]], np.ndarray]
) -> list[ClaimContext]:
    """The contexts with their frames (`frame_text`) embedded by `encode`, in one batch."""
    if not contexts:
        return []
    vectors = encode([frame_text(c.claim, c.measure) for c in contexts])
    return [replace(c, frame=v) for c, v in zip(contexts, vectors, strict=True)]


def with_article_measures(
    contexts: Sequence[ClaimContext], article_claims: Mapping[str, Sequence[Claim]] | None = None
) -> list[ClaimContext]:
    """The contexts with what their articles measure: `earlier_of_measure` and
    `article_figures`.

    An article's figures are its contexts here, or, for an article in
    `article_claims`, the claims listed for it: a stored article of which only
    some claims are compared is read with all of its figures.
    """
    from factcheck.measure import comparable_scale, measure_of  # see TYPE_CHECKING above

    article_claims = article_claims or {}
    starts: dict[tuple[str, str | None], list[int]] = {}
    values: dict[str, dict[str, set[float]]] = {}

    def note_figure(doc_id: str, claim: Claim, canonical: str | None) -> None:
        starts.setdefault((doc_id, canonical), []).append(claim.start)
        if canonical and not canonical.startswith("other") and claim.value is not None:
            scaled = float(claim.value) * comparable_scale(claim)
            values.setdefault(doc_id, {}).setdefault(canonical, set()).add(round(scaled, 6))

    for context in contexts:
        if context.claim.doc_id not in article_claims:
            note_figure(context.claim.doc_id, context.claim, context.measure.canonical)
    for doc_id, claims in article_claims.items():
        for claim in claims:
            note_figure(doc_id, claim, measure_of(claim).canonical)
    for found in starts.values():
        found.sort()
    figures = {
        doc_id: {canonical: frozenset(found) for canonical, found in measures.items()}
        for doc_id, measures in values.items()
    }
    return [
        replace(
            context,
            earlier_of_measure=bisect.bisect_left(
                starts.get((context.claim.doc_id, context.measure.canonical), ()),
                context.claim.start,
            ),
            article_figures=figures.get(context.claim.doc_id, {}),
        )
        for context in contexts
    ]


@dataclass(frozen=True)
class ClaimContext:
    """A claim with what the matcher needs: its document's metadata, measure and vector.

    `story` is the story vector of the claim's article (`story.py`); empty when
    unknown, and then the story check says so. `frame` is the vector of
    `frame_text` by the same encoder as `vector` (`with_frames`); None when it
    was not embedded (the claim text's cosine then stands in for the frames'
    in the wording check).
    """

    claim: Claim
    document: Document
    measure: Measure
    vector: np.ndarray
    story: Mapping[str, float] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    frame: np.ndarray | None = None
    earlier_of_measure: int = 0
    """How many figures of the same canonical measure its article gives before this one
    (`with_article_measures`): 0 for the first. News is written as an inverted pyramid; the
    first death toll of an article is its story's, a later one more often a part, an
    update or another event recalled."""
    article_figures: Mapping[str, frozenset[float]] = field(default_factory=dict)
    """The values its article gives for each canonical measure ("other: ..." left out), on
    each measure's common scale (`with_article_measures`); one mapping shared by the
    article's contexts. What two articles both count, and whether they give the same
    figures for it, tells whether they report one event (`checks.other_figures`)."""

    @classmethod
    def build(
        cls,
        claim: Claim,
        document: Document,
        vector: np.ndarray,
        *,
        story: Mapping[str, float] | None = None,
    ) -> ClaimContext:
        from factcheck.measure import measure_of  # see TYPE_CHECKING above

        return cls(claim, document, measure_of(claim), vector, story or {}, context_words(claim))

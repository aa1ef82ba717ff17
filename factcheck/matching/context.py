"""What the matcher knows of one claim, and the knobs it is run with.

A `ClaimContext` is a claim together with its article's metadata, what it
measures (`factcheck.measure`), its vector, its article's story vector (`story.py`)
and the words around its figure, all computed once per claim, so that the
checks of every candidate pair (`checks.py`) only compare.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class ClaimContext:
    """A claim with what the matcher needs: its document's metadata, measure and vector.

    `story` is the story vector of the claim's article (`story.py`); empty when
    unknown, and then the story check says so.
    """

    claim: Claim
    document: Document
    measure: Measure
    vector: np.ndarray
    story: Mapping[str, float] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

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

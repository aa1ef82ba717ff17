"""The one place tests build `Claim` values, with offsets computed the way the extractor sets them.

A claim is hard to write out by hand: two dozen fields, and offsets that must point at the
figure. `make_claim` takes the sentence and the figure, finds the figure in the
sentence, and fills everything else with the stock claim the matching tests compare
(rockets that landed on Kessel air base, in article "a", stated by the narrator);
a test names only the fields it is about. `make_claims` builds one claim per figure
of a one-sentence document, for tests that store or index whole documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import EllipsisType
from typing import Any

from factcheck.model import Claim, Document

KESSEL = ("Kessel air base",)
"""The stock claim's place."""

_PLAIN_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def make_claim(
    sentence: str | None,
    figure: str,
    *,
    value: float | EllipsisType | None = ...,
    low: float | None = None,
    high: float | None = None,
    qualifier: str = "exact",
    unit: str | None = None,
    noun: str | None = "rocket",
    predicate: str | None = "land",
    places: tuple[str, ...] = KESSEL,
    times: tuple[str, ...] = (),
    doc_id: str = "a",
    claim_id: str | None = None,
    sentence_start: int = 0,
    start: int | None = None,
    end: int | None = None,
    speaker: str | None = None,
    speaker_role: str | None = None,
    speaker_start: int | None = None,
    speaker_end: int | None = None,
    cue: str | None = None,
    quote: str = "narrator",
    negated: bool = False,
    generic: bool = False,
    entities: tuple[str, ...] = (),
    actor: str | None = None,
    owners: tuple[str, ...] = (),
    part_of: str | None = None,
    earlier_date: str | None = None,
) -> Claim:
    """A claim for `figure` as it occurs in `sentence`, which starts at `sentence_start`.

    - `sentence=None` stands for a stock sentence built from the figure, noun and
      predicate ("14 rocket land on the base."), for tests about the measure, not the words.
    - `start`/`end` (document offsets of the figure) default to where `figure` first
      occurs in the sentence, shifted by `sentence_start`; pass them when the figure
      is not in the sentence or not at its first occurrence.
    - `value` defaults to the figure read as a plain number ("14", "30,000", "5.2"),
      else None; pass it for words and scales ("two", "$3 million").
    - `low`/`high` default to the value for an exact figure, like the extractor's.
    - `speaker_start`/`speaker_end` default to the speaker's first mention in the
      sentence, when it is there.
    - `claim_id` defaults to "<doc_id>:<figure>".
    """
    if sentence is None:
        sentence = f"{figure} {noun or 'things'} {predicate or 'counted'} on the base."
    if value is ...:
        value = _plain_number(figure)
    if qualifier == "exact" and low is None and high is None:
        low = high = value
    if start is None:
        start = sentence_start + sentence.index(figure)
    if end is None:
        end = start + len(figure)
    if speaker and speaker_start is None and speaker in sentence:
        speaker_start = sentence_start + sentence.index(speaker)
        speaker_end = speaker_start + len(speaker)
    return Claim(
        id=claim_id or f"{doc_id}:{figure}",
        doc_id=doc_id,
        sentence=sentence,
        start=start,
        end=end,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        figure_text=figure,
        unit=unit,
        noun=noun,
        predicate=predicate,
        places=places,
        times=times,
        speaker=speaker,
        speaker_role=speaker_role,
        cue=cue,
        quote=quote,
        sentence_start=sentence_start,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        negated=negated,
        generic=generic,
        entities=entities,
        actor=actor,
        owners=owners,
        part_of=part_of,
        earlier_date=earlier_date,
    )


def make_claims(document: Document, figures: Sequence[str], **fields: Any) -> list[Claim]:
    """One claim per figure of a one-sentence `document`, with ids "<doc id>:0", ":1", ...

    `fields` are `make_claim`'s keywords, the same for every claim.
    """
    return [
        make_claim(
            document.text, figure, doc_id=document.id, claim_id=f"{document.id}:{n}", **fields
        )
        for n, figure in enumerate(figures)
    ]


def _plain_number(figure: str) -> float | None:
    """ "30,000" -> 30000, "5.2" -> 5.2; None for anything with words, signs or units."""
    if not _PLAIN_NUMBER.fullmatch(figure):
        return None
    number = float(figure.replace(",", ""))
    return int(number) if number.is_integer() else number

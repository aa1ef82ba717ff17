"""The named checks that compare two claims, each returning a veto or evidence.

Each check is one small function a reader can read alone, in the manner of a
record-linkage comparison (Splink): it looks at one aspect of the pair (the
wording, what is counted, the places, whose figure, the dates, the values, who
said it) and returns either a `Veto`, when the pair can never be one quantity
(one sentence read twice, money in two currencies, a count against a
percentage), or `Evidence`: the feature values the pair model (`pair_model.py`)
weighs, and a sentence that says what was seen, for the finding's why.

Vetoes are kept for what is certain. Everything that only makes a pairing more
or less likely (another predicate, no shared place, two dates a week apart) is
evidence, and its weight is fitted on the labelled pairs of the dev gold
(`python -m factcheck.eval train`), not set by hand.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from factcheck.matching.context import ClaimContext, MatchSettings
from factcheck.matching.names import (
    places_apart,
    same_name,
    same_reference,
    same_stems,
    shared_places,
)
from factcheck.measure import PREDICATE_FAMILIES, Measure, comparable_scale
from factcheck.model import Claim
from factcheck.story import story_similarity
from factcheck.times import time_interval


@dataclass(frozen=True)
class Veto:
    """A check's verdict that two claims cannot report one quantity, and why, in words."""

    check: str
    says: str


@dataclass(frozen=True)
class Evidence:
    """What one check saw: feature values for the pair model and a sentence for a reader.

    `features` holds the check's numbers by feature name (absent features are
    0); `says` is what a reader is told ("both name Camp Ostrel"), or None when
    the check saw nothing worth telling.
    """

    check: str
    features: Mapping[str, float]
    says: str | None = None


@dataclass(frozen=True)
class PairEvidence:
    """Every check's evidence on one pair, in check order: what the pair model scores."""

    items: tuple[Evidence, ...]

    def features(self) -> dict[str, float]:
        values: dict[str, float] = {}
        for item in self.items:
            values.update(item.features)
        return values

    def of(self, check: str) -> Evidence | None:
        return next((item for item in self.items if item.check == check), None)

    def sayings(self) -> list[str]:
        return [item.says for item in self.items if item.says]


Check = Callable[[ClaimContext, ClaimContext, MatchSettings], "Veto | Evidence"]


# --- helpers ----------------------------------------------------------------------------------


def _intervals(values: Iterable[str]) -> list[tuple[Any, Any]]:
    return [iv for iv in (time_interval(v) for v in values) if iv is not None]


PAIR_CACHE = 1 << 16
"""Answers remembered per distinct input (a few thousand dates and sentences recur across
a hundred thousand candidate pairs); bounded, so a process that runs all day stays small."""


def time_gap_days(a: Sequence[str], b: Sequence[str]) -> int | None:
    """Smallest gap in days between any time of `a` and any of `b` (0 = overlapping)."""
    return _time_gap_days(tuple(a), tuple(b))


@functools.lru_cache(maxsize=PAIR_CACHE)
def _time_gap_days(a: tuple[str, ...], b: tuple[str, ...]) -> int | None:
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


CHANGE_REACH = (6, 6)
"""Words before and after a figure where a change word speaks of it: "the toll rose to 11",
"its initial bid of $140 million", "5 dead, up from 3 earlier"; not "12,000 marched on
Saturday against the new pension law"."""


def marks_change(claim: Claim) -> bool:
    """Does the claim's sentence say its figure changed, or was the earlier one?"""
    start, end = claim.figure_in_sentence
    return _says_change(claim.sentence, start, end)


@functools.lru_cache(maxsize=PAIR_CACHE)
def _says_change(sentence: str, start: int, end: int) -> bool:
    """`marks_change` of one figure in one sentence, worked out once however many pairs
    it is in."""
    before, after = CHANGE_REACH
    if 0 <= start <= end <= len(sentence):
        near = sentence[:start].split()[-before:] + sentence[end:].split()[:after]
    else:
        near = sentence.split()
    words = {w.strip(".,;:()\"'").lower() for w in near}
    return bool(words & CHANGE_WORDS)


def _one_source_twice(a: Claim, b: Claim) -> bool:
    """Two different figures from one source in one article are likely two quantities.

    A writer (or one spokesman) seldom contradicts themself within an article:
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


def _event_times(context: ClaimContext) -> tuple[list[str], bool]:
    """The claim's own times, else the day of the report (an undated figure is news)."""
    if context.claim.times:
        return most_specific(context.claim.times), True
    if context.document.published:
        return [context.document.published], False
    return [], False


def _log_days(days: int) -> float:
    return math.log1p(max(0, days))


# --- the checks -------------------------------------------------------------------------------


def sentence_read_twice(
    a: ClaimContext, b: ClaimContext, settings: MatchSettings
) -> Veto | Evidence:
    """One sentence is a list of figures, unless it sets two sources against each other
    ("police put the crowd at 20,000, while organisers said more than 50,000").

    Two sources' figures of one sentence are rival estimates when they measure the same
    thing; figures of two measures there ("fired 11 shots; the autopsy showed seven
    bullets entered") are the sentence's list again, and the model weighs them apart."""
    ca, cb = a.claim, b.claim
    if ca.doc_id != cb.doc_id or ca.sentence_start != cb.sentence_start:
        return Evidence("sentence", {})
    if (
        ca.speaker
        and cb.speaker
        and not same_name(ca.speaker, cb.speaker)
        and not _in_speaker(ca, cb)
        and not _in_speaker(cb, ca)
    ):
        if one_canonical(a.measure, b.measure):
            return Evidence("sentence", {"same_sentence": 1.0}, "one sentence, two sources")
        return Evidence(
            "sentence", {"same_sentence_measures_differ": 1.0}, "one sentence, two measures"
        )
    return Veto("sentence", "two figures of one sentence")


def _in_speaker(figure: Claim, other: Claim) -> bool:
    """Is the figure written inside the other claim's source ("some 62 percent of
    respondents said ...")? Then it counts who speaks; it is no rival source's figure."""
    lo, hi = other.speaker_start, other.speaker_end
    return lo is not None and hi is not None and lo <= figure.start < hi


def one_canonical(a: Measure, b: Measure) -> bool:
    """Do the two figures have one canonical measure (a known one)?"""
    return bool(a.canonical) and a.canonical == b.canonical


NEVER_ONE_MEASURE = {frozenset({"percent", "percent change"})}
"""Canonical measures that are never one quantity, however the figures are worded: a
change is relative to an earlier value, a share to a base."""


def units(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Veto | Evidence:
    """Money in two currencies, a count and a percentage, a length and a sum: never one figure."""
    if a.measure.unit_class != b.measure.unit_class:
        return Veto("units", "different units")
    if frozenset({a.measure.canonical, b.measure.canonical}) in NEVER_ONE_MEASURE:
        return Veto("units", "a change against a share")
    return Evidence("units", {})


def wording(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """How alike the two claim texts read (figures masked), and the two frames
    (`context.frame_text`: subject, predicate, noun, modifiers, owners), by the
    sentence encoder. The sentences say the story is one; the frames, whether
    the figures measure one thing in it."""
    cosine = float(np.dot(a.vector, b.vector))
    if a.frame is not None and b.frame is not None:
        frame_cosine = float(np.dot(a.frame, b.frame))
    else:
        frame_cosine = cosine  # frames not embedded: the claim texts stand in
    says = "worded alike" if cosine >= 0.8 else None
    return Evidence("wording", {"cosine": cosine, "frame_cosine": frame_cosine}, says)


def surroundings(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """The words next to each figure: its scope, reference point and owner ("in the district")."""
    if not a.words or not b.words:
        return Evidence("surroundings", {"context_unknown": 1.0})
    shared = a.words & b.words
    overlap = len(shared) / len(a.words | b.words)
    says = f"both say {', '.join(sorted(shared)[:3])}" if overlap >= 0.3 else None
    return Evidence("surroundings", {"context_overlap": overlap}, says)


def measure(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """What is counted and by which predicate: the same kind, noun and verb, or a family."""
    ma, mb = a.measure, b.measure
    na, nb = (a.claim.noun or "").lower(), (b.claim.noun or "").lower()
    features = {
        "same_kind": float(ma.kind == mb.kind and ma.kind != "unknown"),
        "same_noun": float(bool(na) and na == nb),
        "noun_missing": float(not na or not nb),
    }
    if one_canonical(ma, mb):
        features["same_canonical"] = 1.0
        if ma.canonical.startswith("other"):
            features["same_other"] = 1.0  # nothing in the taxonomy fits: a weaker sign
    if ma.reference and mb.reference:
        if same_reference(ma.reference, mb.reference, threshold=settings.place_similarity):
            features["same_reference"] = 1.0
        else:
            features["references_differ"] = 1.0
    if ma.scope or mb.scope:
        if set(ma.scope) & set(mb.scope):
            features["scope_shared"] = 1.0
        elif ma.scope and mb.scope:
            features["scopes_differ"] = 1.0
        else:
            features["one_scoped"] = 1.0
    name_a, name_b = ma.canonical or ma.kind, mb.canonical or mb.kind
    says = f"both count {name_a}" if name_a == name_b else f"{name_a} against {name_b}"
    if features.get("references_differ"):
        says += f" ({ma.reference} against {mb.reference})"
    if ma.event and mb.event:
        if ma.event == mb.event:
            features["same_event"] = 1.0
        elif any(ma.event in f and mb.event in f for f in PREDICATE_FAMILIES):
            features["event_family"] = 1.0
        else:
            features["events_differ"] = 1.0
            says += f" ({ma.event} against {mb.event})"
    return Evidence("measure", features, says)


LEAD_SENTENCES = 3
"""The lead of a news article: its first sentences (the lead paragraph and the one or two
that follow it), where the inverted pyramid puts the story's own figures. With the lead
features, `python -m factcheck.eval matching` finds ECB+ dev discrepancies held out with
precision 0.43 and F1 0.37, against 0.36 and 0.35 without; a lead of two sentences did
about as well, so the structure, not the exact number, carries it."""


def in_lead(claim: Claim) -> bool | None:
    """Is the figure in its article's lead (`LEAD_SENTENCES`)? None when unknown."""
    if claim.sentence_index is None:
        return None
    return claim.sentence_index < LEAD_SENTENCES


def order(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """Where each figure comes in its article: among its figures of the same measure, and
    whether in the lead.

    News puts its story's figures first: an article's first death toll is the
    toll of its event, a later one more often a part of it ("three of them
    children"), an update, or another event recalled ("a 2003 quake killed
    31,000"). Two first figures are more likely two reports of one quantity, and
    two figures of two articles' leads more likely their one headline quantity.
    """
    features: dict[str, float] = {}
    says: list[str] = []
    later = max(a.earlier_of_measure, b.earlier_of_measure)
    if later == 0:
        features["both_first"] = 1.0
        says.append("each is the first of its kind in its article")
    else:
        features["later_mention"] = math.log1p(later)
        after = "one other figure" if later == 1 else f"{later} other figures"
        says.append(f"one comes after {after} of its kind in its article")
    leads = in_lead(a.claim), in_lead(b.claim)
    if leads == (True, True):
        features["both_in_lead"] = 1.0
        says.append("both are in their articles' opening sentences")
    elif True in leads and False in leads:
        features["one_in_lead"] = 1.0
    return Evidence("order", features, "; ".join(says))


def _content(phrases: Iterable[str]) -> set[str]:
    """The content words of phrases ("in the district" -> {"district"})."""
    return {w for p in phrases for w in p.lower().split() if w.isalpha() and w not in STOP_WORDS}


def frame(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """The figure's frame in the parse: who did it (the predicate's subject), the noun it
    describes ("an eight-year offer"), the word that governs it and its modifiers.

    "the quake killed 10" and "the aftershock killed 2" count deaths of two events;
    "$40 million in stock" and "$150 million in all" two amounts of one deal.
    """
    ca, cb = a.claim, b.claim
    features: dict[str, float] = {}
    says = None
    for name, x, y in (
        ("subject", ca.subject, cb.subject),
        ("head", ca.head, cb.head),
        ("governor", ca.governor, cb.governor),
    ):
        if x and y:
            if x.lower() == y.lower() or same_name(x, y) or same_stems(x, y):
                features[f"same_{name}"] = 1.0  # "riot" ~ "rioting": one word, two forms
            else:
                features[f"{name}s_differ"] = 1.0
                if name == "subject":
                    says = f"{x} against {y}"
    mods_a, mods_b = _content(ca.modifiers), _content(cb.modifiers)
    if mods_a and mods_b:
        if mods_a & mods_b:
            features["modifiers_shared"] = 1.0
        else:
            features["modifiers_differ"] = 1.0
            says = says or f"{ca.modifiers[0]} against {cb.modifiers[0]}"
    elif mods_a or mods_b:
        features["one_modified"] = 1.0
    return Evidence("frame", features, says)


StoryMemo = dict[tuple[int, int], "float | None"]
"""Story similarities already worked out in one batch of pairs, by the ids of the two
story vectors (alive for as long as the batch's contexts, which hold them)."""


def story(
    a: ClaimContext, b: ClaimContext, settings: MatchSettings, *, memo: StoryMemo | None = None
) -> Veto | Evidence:
    """Do the two articles name the same people, places and organisations (`story.py`)?

    Two articles whose names share (almost) nothing (`same_story`) report two
    events, two quakes or two riots: a veto, not a matter of degree the pair
    model could weigh against a similar wording. The similarity depends on the
    two articles alone, so a `memo` scoped to one batch of pairs works it out
    once per pair of articles rather than once per pair of claims.
    """
    if a.claim.doc_id == b.claim.doc_id:
        return Evidence("story", {"same_document": 1.0}, "same article")
    if memo is None or not a.story or not b.story:  # (an empty vector is quickly told)
        similarity = story_similarity(a.story, b.story)
    else:
        key = (id(a.story), id(b.story))
        if key not in memo:
            memo[key] = story_similarity(a.story, b.story)
        similarity = memo[key]
    if similarity is None:
        return Evidence("story", {"story_unknown": 1.0})
    if similarity < settings.same_story:
        return Veto("story", "the articles tell different stories")
    says = "the articles tell the same story" if similarity >= 0.3 else None
    if similarity < 0.1:
        says = "the articles name different people and places"
    return Evidence("story", {"story": similarity}, says)


def figure_agreement(
    a: Mapping[str, frozenset[float]], b: Mapping[str, frozenset[float]], leave_out: set[str]
) -> tuple[int, int]:
    """(measures both articles give figures for, those of them with a figure in common),
    leaving out the measures in `leave_out` (the pair's own)."""
    common = agreeing = 0
    for canonical, found in a.items():
        if canonical in leave_out or canonical not in b:
            continue
        common += 1
        agreeing += bool(found & b[canonical])
    return common, agreeing


def net_agreement(common: int, agreeing: int) -> float:
    """From -1 (every other figure differs) to 1 (all agree); 0, as for no evidence, at a
    tie or with nothing in common."""
    return (2 * agreeing - common) / common if common else 0.0


def other_figures(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """Do the two articles give the same figures for the other things they both count?

    Two reports of one event agree on most of what they both count (the
    magnitude, the toll, the crowd) even where they dispute one figure; two
    events of one kind (two quakes of one island, two marches of one city) give
    different figures for all of it. The pair's own measures are left out, so a
    disputed figure does not count against itself; articles with nothing else in
    common say nothing either way (the agreement is 0, as for a tie).
    """
    if a.claim.doc_id == b.claim.doc_id:
        return Evidence("other_figures", {})
    own = {a.measure.canonical or "", b.measure.canonical or ""}
    common, agreeing = figure_agreement(a.article_figures, b.article_figures, own)
    if not common:
        return Evidence("other_figures", {})
    features = {"other_figures_agree": net_agreement(common, agreeing)}
    things = "the other thing" if common == 1 else f"the other {common} things"
    if agreeing == 0:
        features["other_figures_all_differ"] = 1.0
        says = f"the articles give different figures for {things} both count"
    elif agreeing == common:
        says = f"the articles agree on {things} both count"
    else:
        says = f"the articles agree on {agreeing} of {things} both count"
    return Evidence("other_figures", features, says)


def places(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """The places (and, across articles, the other names) the two sentences are about."""
    ca, cb = a.claim, b.claim
    same_document = ca.doc_id == cb.doc_id
    names_a = list(ca.places) if same_document else [*ca.places, *ca.entities]
    names_b = list(cb.places) if same_document else [*cb.places, *cb.entities]
    features = _settings(ca, cb, settings)
    if not names_a or not names_b:
        return Evidence("places", {"places_unknown": 1.0, **features})
    shared = shared_places(names_a, names_b, threshold=settings.place_similarity)
    if not shared:
        says = f"{names_a[0]} against {names_b[0]}"
        return Evidence("places", {"places_differ": 1.0, **features}, says)
    features["places_shared"] = 1.0
    if places_apart(ca.places, cb.places, settings.place_similarity):
        features["places_apart"] = 1.0
    return Evidence("places", features, f"both name {shared[0][0]}")


def _settings(ca: Claim, cb: Claim, settings: MatchSettings) -> dict[str, float]:
    """Where the articles were when they gave the figures: the sentence's places, or the
    article's before it when the sentence names none. "In Lammholm, some 20,000 rallied"
    against a Dresvik report's "Police put the turnout at 20,000" are two cities' crowds."""
    if ca.doc_id == cb.doc_id and ca.sentence_start == cb.sentence_start:
        return {"settings_shared": 1.0}  # one sentence is one scene, named or not
    where_a, where_b = ca.places or ca.setting, cb.places or cb.setting
    if not where_a or not where_b:
        return {}
    if shared_places(where_a, where_b, threshold=settings.place_similarity):
        return {"settings_shared": 1.0}
    return {"settings_differ": 1.0}


def owners(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """Whose figure: "the Rovers' $140 million offer" is not "the Owls' $160 million bid"."""
    ca, cb = a.claim, b.claim
    owners_a, owners_b = _owners(ca, cb), _owners(cb, ca)
    features: dict[str, float] = {}
    says = None
    if owners_a and owners_b:
        owned = shared_places(owners_a, owners_b, threshold=settings.place_similarity)
        if owned:
            features["owners_shared"] = 1.0
            says = f"both {owned[0][0]}'s"
        else:
            features["owners_differ"] = 1.0
            says = f"{owners_a[0]}'s against {owners_b[0]}'s"
    if ca.actor and cb.actor:
        if shared_places([ca.actor], [cb.actor], threshold=settings.place_similarity):
            features["actors_same"] = 1.0
        else:
            features["actors_differ"] = 1.0
            says = f"done by {ca.actor} against {cb.actor}"
    return Evidence("owners", features, says)


def dates(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Veto | Evidence:
    """Days between the events two claims report, and between the two reports.

    Two explicit dates further apart than `date_window_days` are two events
    (the same base attacked twice on 20 June and 7 July): a veto. A figure the
    sentence dates to another month or year ("In October, a fire killed six")
    is likely background.
    """
    ca, cb = a.claim, b.claim
    features: dict[str, float] = {}
    says = None
    if ca.earlier_date != cb.earlier_date:
        features["dated_differently"] = 1.0
        says = f"dated {ca.earlier_date or 'now'} against {cb.earlier_date or 'now'}"
    times_a, explicit_a = _event_times(a)
    times_b, explicit_b = _event_times(b)
    gap = time_gap_days(times_a, times_b)
    if gap is None:
        features["dates_unknown"] = 1.0
    elif explicit_a and explicit_b:
        if gap > settings.date_window_days:
            return Veto("dates", f"{gap} days apart: another event")
        features["event_gap"] = _log_days(gap)
        says = says or ("same day" if gap == 0 else f"{gap} day{'s' * (gap > 1)} apart")
    elif explicit_a or explicit_b:
        features["one_dated_gap"] = _log_days(gap)
    published_a, published_b = a.document.published, b.document.published
    if published_a and published_b and ca.doc_id != cb.doc_id:
        report_gap = time_gap_days([published_a], [published_b])
        if report_gap is not None:
            features["report_gap"] = _log_days(report_gap)
    return Evidence("dates", features, says)


def values(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """How far apart the two figures are: reports of one quantity seldom differ tenfold."""
    va, vb = a.claim.point, b.claim.point
    if va is None or vb is None or va <= 0 or vb <= 0:
        return Evidence("values", {"values_unknown": 1.0})
    low, high = sorted((va * comparable_scale(a.claim), vb * comparable_scale(b.claim)))
    ratio = math.log(high / low) if low > 0 else 0.0
    features = {"log_ratio": min(ratio, 10.0)}
    if ratio < 1e-9:
        features["values_equal"] = 1.0
    says = f"{high / low:.0f} times apart" if ratio > math.log(5) else None
    return Evidence("values", features, says)


def parts(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """A part against a whole ("22 of them" against "hurt 60"), or two parts of a group."""
    ca, cb = a.claim, b.claim
    if bool(ca.part_of) != bool(cb.part_of):
        return Evidence("parts", {"part_and_whole": 1.0}, "a part against a whole")
    if ca.part_of and cb.part_of:
        if ca.noun and cb.noun and ca.noun != cb.noun:
            return Evidence("parts", {"parts_differ": 1.0}, "two parts of one group")
        return Evidence("parts", {"both_parts": 1.0})
    return Evidence("parts", {})


def statement(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """A denial ("no one was killed") or a general statement is not a report of the figure."""
    ca, cb = a.claim, b.claim
    features: dict[str, float] = {}
    if ca.negated or cb.negated:
        features["negated"] = 1.0
    if ca.generic or cb.generic:
        features["generic"] = 1.0
    if ca.qualifier != "exact" or cb.qualifier != "exact":
        features["hedged"] = 1.0
    return Evidence("statement", features, "a general statement" if "generic" in features else None)


def speakers(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Evidence:
    """Who gave each figure: one source seldom gives two values of one thing in one article."""
    ca, cb = a.claim, b.claim
    features: dict[str, float] = {}
    says = None
    if ca.speaker and cb.speaker:
        if same_name(ca.speaker, cb.speaker):
            features["same_speaker"] = 1.0
            says = f"both from {ca.speaker}"
        else:
            features["speakers_differ"] = 1.0
    elif bool(ca.speaker) != bool(cb.speaker):
        features["one_unattributed"] = 1.0
    if _one_source_twice(ca, cb):
        features["one_source_twice"] = 1.0
        says = "one source gives both figures in one article"
    return Evidence("speakers", features, says)


CHECKS: tuple[Check, ...] = (
    sentence_read_twice,
    units,
    wording,
    surroundings,
    measure,
    order,
    frame,
    story,
    other_figures,
    places,
    owners,
    dates,
    values,
    parts,
    statement,
    speakers,
)
"""Every check, in the order a reader would ask (and its evidence is listed)."""
VETO_CHECKS: tuple[Check, ...] = (sentence_read_twice, units, story, dates)
"""The checks that can veto a pair (each returns evidence when it does not), run first."""
_ORDER = {check.__name__: n for n, check in enumerate(CHECKS)}


@dataclass(frozen=True)
class Compared:
    """The outcome of running every check on a pair: its evidence, or the veto that stopped it."""

    evidence: PairEvidence | None
    veto: Veto | None = None


def compare(a: ClaimContext, b: ClaimContext, settings: MatchSettings) -> Compared:
    """Run the checks in order; the first veto ends the comparison."""
    screened = screen(a, b, settings)
    if isinstance(screened, Veto):
        return Compared(None, screened)
    return Compared(evidence_after(a, b, settings, screened))


def rival_evidence(
    pairs: Sequence[tuple[ClaimContext, ClaimContext]],
) -> list[Evidence]:
    """For each pair: is it each claim's closest match (by wording) in the other's article?

    An article that reports a quantity once offers one counterpart for another
    article's figure; the other figures of the same kind in it are rivals ("12
    worst-hit villages" against "15 villages damaged"). A pair whose two claims
    are each other's most alike candidate in the other's article is more likely
    one quantity than a pair with a closer rival on either side. Rivals are the
    other pairs given, so pass every pair that survived the vetoes.
    """
    cosines = [float(np.dot(a.vector, b.vector)) for a, b in pairs]
    best: dict[tuple[str, str], float] = {}
    for (a, b), cosine in zip(pairs, cosines, strict=True):
        for mine, theirs in ((a, b), (b, a)):
            key = (mine.claim.id, theirs.claim.doc_id)
            best[key] = max(best.get(key, -1.0), cosine)
    return [
        rival_of(
            max(
                best[(a.claim.id, b.claim.doc_id)] - cosine,
                best[(b.claim.id, a.claim.doc_id)] - cosine,
            )
        )
        for (a, b), cosine in zip(pairs, cosines, strict=True)
    ]


def rival_of(gap: float) -> Evidence:
    """The rivals' evidence of a pair whose claims have a closer match in the other's
    article by `gap` (in cosine; 0 when each is the other's closest): `rival_evidence`,
    and the array first pass (`first_pass.py`), which finds the gaps of many pairs at once."""
    features = {"rival_gap": gap}
    says = None
    if gap <= 1e-9:
        features["closest_both_ways"] = 1.0
        says = "each is the other's closest match in its article"
    return Evidence("rivals", features, says)


def with_rivals(
    compared: Sequence[tuple[ClaimContext, ClaimContext, PairEvidence]],
) -> list[PairEvidence]:
    """Each pair's evidence with its rivals' (`rival_evidence`) added."""
    rivals = rival_evidence([(a, b) for a, b, _ in compared])
    return [
        PairEvidence((*evidence.items, rival))
        for (_, _, evidence), rival in zip(compared, rivals, strict=True)
    ]


def screen(
    a: ClaimContext, b: ClaimContext, settings: MatchSettings, *, memo: StoryMemo | None = None
) -> Veto | tuple[Evidence, ...]:
    """The cheap, certain checks alone: the first veto that stops the pair, or their evidence.

    `memo` is handed to the `story` check (see there), for many pairs of one batch."""
    items = []
    for check in VETO_CHECKS:
        outcome = story(a, b, settings, memo=memo) if check is story else check(a, b, settings)
        if isinstance(outcome, Veto):
            return outcome
        items.append(outcome)
    return tuple(items)


def evidence_after(
    a: ClaimContext, b: ClaimContext, settings: MatchSettings, screened: tuple[Evidence, ...]
) -> PairEvidence:
    """Every check's evidence on a pair that passed `screen` (its evidence given), in
    `CHECKS` order."""
    found = dict(zip((c.__name__ for c in VETO_CHECKS), screened, strict=True))
    items = [
        found[check.__name__] if check.__name__ in found else check(a, b, settings)
        for check in CHECKS
    ]
    return PairEvidence(tuple(items))  # type: ignore[arg-type]


CHECK_FEATURES: dict[str, tuple[str, ...]] = {
    "sentence": ("same_sentence", "same_sentence_measures_differ"),
    "wording": ("cosine", "frame_cosine"),
    "surroundings": ("context_overlap", "context_unknown"),
    "measure": (
        "same_kind", "same_noun", "noun_missing", "same_event", "event_family", "events_differ",
        "same_canonical", "same_other", "same_reference", "references_differ", "scope_shared",
        "scopes_differ", "one_scoped",
    ),
    "order": ("both_first", "later_mention", "both_in_lead", "one_in_lead"),
    "frame": (
        "same_subject", "subjects_differ", "same_head", "heads_differ", "same_governor",
        "governors_differ", "modifiers_shared", "modifiers_differ", "one_modified",
    ),
    "story": ("same_document", "story", "story_unknown"),
    "other_figures": ("other_figures_agree", "other_figures_all_differ"),
    "places": (
        "places_unknown", "places_differ", "places_shared", "places_apart", "settings_shared",
        "settings_differ",
    ),
    "owners": ("owners_shared", "owners_differ", "actors_same", "actors_differ"),
    "dates": (
        "dated_differently", "dates_unknown", "event_gap", "one_dated_gap", "report_gap",
    ),
    "values": ("values_unknown", "log_ratio", "values_equal"),
    "parts": ("part_and_whole", "parts_differ", "both_parts"),
    "statement": ("negated", "generic", "hedged"),
    "speakers": ("same_speaker", "speakers_differ", "one_unattributed", "one_source_twice"),
    "rivals": ("rival_gap", "closest_both_ways"),
}  # fmt: skip
"""Which features each check owns, so a check's contribution includes what it did not see
(a pair with no shared place is told how much that absence cost)."""

FEATURES = tuple(name for names in CHECK_FEATURES.values() for name in names)
"""The pair model's inputs, in the order of the checks that own them."""


def iter_features(evidence: PairEvidence) -> Iterator[float]:
    """The evidence as one row of the pair model's inputs, in `FEATURES` order."""
    values = evidence.features()
    for name in FEATURES:
        yield float(values.get(name, 0.0))

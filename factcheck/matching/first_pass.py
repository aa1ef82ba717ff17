"""The first pass of scoring, over arrays: vetoes, features, rivals and the bound of every
candidate pair at once.

`checks.py` reads one pair at a time, the right shape for a reader and for the evidence
a finding keeps; but a thousand articles give 440,000 candidate pairs, and all but one in
twenty end below `suggest`. Here each claim's attributes are read once into arrays
(`ClaimTable`), and the vetoes and the features of every check that compares no names
are worked out for all pairs together: equalities of small integer codes, and, where a
feature needs a function of two values (a gap between dates, a story similarity, two
speakers' names, a logarithm), that function of `checks.py` called once per distinct
pair of values. The rivals (`checks.rival_evidence`) come from the same cosines.

The name checks (`PREFILTERED_CHECKS`) are left out and given their largest possible
contribution (`Bound`): a pair whose bound is below `suggest` cannot be kept whatever
they would say. Only the pairs left go through the checks of `checks.py`, which give
their evidence and score exactly as always; the arrays only decide which pairs are not
worth it.

The arrays must give what the checks give, value for value (`tests/test_first_pass.py`
holds them equal on real extracted claims). A check or feature this pass does not know
(`missing`) makes `match.scored_row_matches` score pair by pair instead: correct, slower.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from factcheck.matching import checks
from factcheck.matching.checks import CHECK_FEATURES, CHECKS, FEATURES, VETO_CHECKS
from factcheck.matching.context import ClaimContext, MatchSettings
from factcheck.matching.names import same_name, same_reference
from factcheck.matching.pair_model import Head, PairModel, head_arrays
from factcheck.measure import PREDICATE_FAMILIES, comparable_scale
from factcheck.story import story_similarity

PREFILTERED_CHECKS = ("frame", "places", "owners")
"""Checks left out of the first pass and bounded instead.

Comparing names (spelling-tolerant, `names.py`) is most of the cost of a pair, and these
three checks only compare names; each of their features is a flag (0 or 1; any value in
[0, 1] would do). The bound gives each of them its largest possible contribution (per
feature, the larger of its terms at 0 and at 1), an upper bound on the pair's log-odds.
"""

ARRAY_FEATURES: dict[str, tuple[str, ...]] = {
    "sentence": ("same_sentence", "same_sentence_measures_differ"),
    "wording": ("cosine", "frame_cosine"),
    "surroundings": ("context_overlap", "context_unknown"),
    "measure": (
        "same_kind", "same_noun", "noun_missing", "same_event", "event_family", "events_differ",
        "same_canonical", "same_other", "same_reference", "references_differ", "scope_shared",
        "scopes_differ", "one_scoped",
    ),
    "order": ("both_first", "later_mention", "both_in_lead", "one_in_lead"),
    "story": ("same_document", "story", "story_unknown"),
    "other_figures": ("other_figures_agree", "other_figures_all_differ"),
    "dates": (
        "dated_differently", "dates_unknown", "event_gap", "one_dated_gap", "report_gap",
    ),
    "values": ("values_unknown", "log_ratio", "values_equal"),
    "parts": ("part_and_whole", "parts_differ", "both_parts"),
    "statement": ("negated", "generic", "hedged"),
    "speakers": ("same_speaker", "speakers_differ", "one_unattributed", "one_source_twice"),
    "rivals": ("rival_gap", "closest_both_ways"),
}  # fmt: skip
"""The features this module computes, by the check that owns them (`checks.CHECK_FEATURES`)."""

ARRAY_CHECKS = frozenset(
    {
        "sentence_read_twice", "units", "wording", "surroundings", "measure", "order", "story",
        "other_figures", "dates", "values", "parts", "statement", "speakers",
    }
)  # fmt: skip
"""The checks of `checks.CHECKS` (by function name) this module works out over arrays."""
NEVER_ONE_MEASURE_NAMES = sorted({name for pair in checks.NEVER_ONE_MEASURE for name in pair})
NEVER_ONE_MEASURE_CODES = [
    tuple(NEVER_ONE_MEASURE_NAMES.index(name) + 1 for name in sorted(pair))
    for pair in checks.NEVER_ONE_MEASURE
]
"""`checks.NEVER_ONE_MEASURE` as pairs of `ClaimTable.never_pair` codes."""
ARRAY_VETOES = ("sentence_read_twice", "units", "story", "dates")
"""The vetoes this module knows, in the order `checks.VETO_CHECKS` runs them."""


def missing() -> list[str]:
    """What the array pass would need to know to stand in for the checks: features the
    pair model reads that it does not compute, and checks or vetoes it has never seen.
    Empty when it is complete; `match.scored_row_matches` scores pair by pair otherwise."""
    needed = []
    for check, names in CHECK_FEATURES.items():
        if check in PREFILTERED_CHECKS:
            continue
        known = ARRAY_FEATURES.get(check, ())
        needed += [f"feature {name!r} of check {check!r}" for name in names if name not in known]
    for check in CHECKS:
        if check.__name__ not in ARRAY_CHECKS and check.__name__ not in PREFILTERED_CHECKS:
            needed.append(f"check {check.__name__!r}")
    if tuple(check.__name__ for check in VETO_CHECKS) != ARRAY_VETOES:
        needed.append(f"vetoes {[check.__name__ for check in VETO_CHECKS]}")
    return needed


def _codes(values: Sequence[Hashable], *, blank_falsy: bool = False) -> np.ndarray:
    """Each value as a small integer, equal values alike (a falsy one -1 if `blank_falsy`)."""
    seen: dict[Hashable, int] = {}
    out = np.empty(len(values), dtype=np.int64)
    for n, value in enumerate(values):
        out[n] = -1 if blank_falsy and not value else seen.setdefault(value, len(seen))
    return out


def _distinct(
    function: Callable[[int, int], Any], x: np.ndarray, y: np.ndarray, *, dtype: Any = float
) -> np.ndarray:
    """`function(x[n], y[n])` for every n, called once per distinct pair of codes."""
    out = np.empty(len(x), dtype=dtype)
    if not len(x):
        return out
    width = int(max(x.max(), y.max())) + 2
    pairs, inverse = np.unique((x + 1) * width + (y + 1), return_inverse=True)
    answers = [function(int(code // width) - 1, int(code % width) - 1) for code in pairs]
    out[:] = np.array(answers, dtype=dtype)[inverse.ravel()]
    return out


@dataclass(frozen=True)
class ClaimTable:
    """What the checks read of each claim, one array (or list) a field, rows as `contexts`.

    Text fields are small integer codes (equal texts, equal codes; -1 where the check
    treats the value as absent); the values themselves are kept where a check calls a
    function of two of them.
    """

    contexts: Sequence[ClaimContext]
    claim: np.ndarray
    doc: np.ndarray
    sentence_start: np.ndarray
    figure_start: np.ndarray
    speaker_start: np.ndarray
    speaker_end: np.ndarray
    unit: np.ndarray
    kind: np.ndarray
    kind_known: np.ndarray
    noun: np.ndarray
    raw_noun: np.ndarray
    canonical: np.ndarray
    other: np.ndarray
    never_pair: np.ndarray
    """Per claim, its place in `NEVER_ONE_MEASURE_NAMES` + 1 (0 when it is in none)."""
    reference: np.ndarray
    scope: np.ndarray
    event: np.ndarray
    earlier_of_measure: np.ndarray
    article_measure: np.ndarray
    """Codes of (article, canonical measure); `values["article_measure"][code]` is that
    article's figures (`ClaimContext.article_figures`) and the measure."""
    lead: np.ndarray
    """1 where the claim is in its article's lead (`checks.in_lead`), 0 where not, -1 unknown."""
    words: np.ndarray
    word_count: np.ndarray
    times: np.ndarray
    explicit: np.ndarray
    earlier_date: np.ndarray
    published: np.ndarray
    point: np.ndarray
    has_point: np.ndarray
    scaled: np.ndarray
    part_of: np.ndarray
    negated: np.ndarray
    generic: np.ndarray
    hedged: np.ndarray
    speaker: np.ndarray
    change: np.ndarray
    values: dict[str, list[Any]]
    """The distinct values behind some codes, by field: `values["speaker"][code]`."""

    @classmethod
    def of(cls, contexts: Sequence[ClaimContext]) -> ClaimTable:
        claims = [c.claim for c in contexts]
        measures = [c.measure for c in contexts]
        values: dict[str, list[Any]] = {}

        def coded(field: str, items: Sequence[Hashable]) -> np.ndarray:
            codes = _codes(items, blank_falsy=True)
            found: dict[int, Any] = {}
            for code, item in zip(codes.tolist(), items, strict=True):
                found.setdefault(code, item)
            values[field] = [found[n] for n in range(len(found) - (-1 in found))]
            return codes

        event_times = [checks._event_times(c) for c in contexts]
        word_codes: dict[str, int] = {}
        lists = [[word_codes.setdefault(w, len(word_codes)) for w in c.words] for c in contexts]
        width = max((len(w) for w in lists), default=0)
        words = np.full((len(contexts), max(width, 1)), -1, dtype=np.int64)
        for n, found_words in enumerate(lists):
            words[n, : len(found_words)] = found_words
        points = [claim.point for claim in claims]
        doc_ids = [claim.doc_id for claim in claims]
        stories: dict[str, Any] = {}
        for context in contexts:
            stories.setdefault(context.claim.doc_id, context.story)
        values["story"] = [stories[d] for d in dict.fromkeys(doc_ids)]
        article_measures = [(c.claim.doc_id, c.measure.canonical or "") for c in contexts]
        figures_of = {c.claim.doc_id: c.article_figures for c in contexts}
        values["article_measure"] = [
            (figures_of[doc_id], canonical) for doc_id, canonical in dict.fromkeys(article_measures)
        ]
        return cls(
            contexts=contexts,
            claim=_codes([claim.id for claim in claims]),
            doc=_codes(doc_ids),
            sentence_start=np.array([claim.sentence_start for claim in claims], dtype=np.int64),
            figure_start=np.array([claim.start for claim in claims], dtype=np.int64),
            speaker_start=np.array(
                [-1 if c.speaker_start is None else c.speaker_start for c in claims], np.int64
            ),
            speaker_end=np.array(
                [-1 if c.speaker_end is None else c.speaker_end for c in claims], np.int64
            ),
            unit=_codes([m.unit_class for m in measures]),
            kind=_codes([m.kind for m in measures]),
            kind_known=np.array([m.kind != "unknown" for m in measures], dtype=bool),
            noun=_codes([(claim.noun or "").lower() for claim in claims], blank_falsy=True),
            raw_noun=_codes([claim.noun for claim in claims], blank_falsy=True),
            canonical=_codes([m.canonical for m in measures], blank_falsy=True),
            other=np.array(
                [bool(m.canonical) and m.canonical.startswith("other") for m in measures]
            ),
            never_pair=np.array(
                [
                    NEVER_ONE_MEASURE_NAMES.index(m.canonical) + 1
                    if m.canonical in NEVER_ONE_MEASURE_NAMES
                    else 0
                    for m in measures
                ],
                dtype=np.int64,
            ),
            reference=coded("reference", [m.reference for m in measures]),
            scope=coded("scope", [m.scope for m in measures]),
            event=coded("event", [m.event for m in measures]),
            earlier_of_measure=np.array([c.earlier_of_measure for c in contexts], dtype=np.int64),
            article_measure=_codes(article_measures),
            lead=np.array(
                [{None: -1, False: 0, True: 1}[checks.in_lead(claim)] for claim in claims],
                dtype=np.int64,
            ),
            words=words,
            word_count=np.array([len(w) for w in lists], dtype=np.int64),
            times=coded("times", [tuple(times) for times, _ in event_times]),
            explicit=np.array([explicit for _, explicit in event_times], dtype=bool),
            earlier_date=_codes([claim.earlier_date for claim in claims]),
            published=coded("published", [c.document.published for c in contexts]),
            point=np.array([np.nan if p is None else p for p in points], dtype=float),
            has_point=np.array([p is not None for p in points], dtype=bool),
            scaled=np.array(
                [
                    np.nan if p is None else p * comparable_scale(c)
                    for p, c in zip(points, claims, strict=True)
                ],
                dtype=float,
            ),
            part_of=np.array([bool(claim.part_of) for claim in claims], dtype=bool),
            negated=np.array([bool(claim.negated) for claim in claims], dtype=bool),
            generic=np.array([bool(claim.generic) for claim in claims], dtype=bool),
            hedged=np.array([claim.qualifier != "exact" for claim in claims], dtype=bool),
            speaker=coded("speaker", [claim.speaker for claim in claims]),
            change=np.array([checks.marks_change(claim) for claim in claims], dtype=bool),
            values=values,
        )


VETO_CODES = {name: n + 1 for n, name in enumerate(ARRAY_VETOES)}
"""A pair's veto as a number: 0 none, else the veto check's place in `ARRAY_VETOES` + 1."""


@dataclass
class PairArrays:
    """The first pass over some candidate pairs (rows `a[n]`, `b[n]` of a `ClaimTable`):
    the veto that stops each (`VETO_CODES`, 0 for none), its cosines, and every feature
    of `ARRAY_FEATURES` but the rivals (0 where absent, as in the pair model's rows)."""

    veto: np.ndarray
    cosine: np.ndarray
    features: dict[str, np.ndarray]


def cosines(contexts: Sequence[ClaimContext], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`float(np.dot(x.vector, y.vector))` of each pair, as `checks.wording` computes it.

    One dot product at a time: a matrix product sums in another order, and its last
    bits differ from the check's."""
    vectors = [c.vector for c in contexts]
    dot = np.dot
    return np.array(
        [float(dot(vectors[x], vectors[y])) for x, y in zip(a.tolist(), b.tolist(), strict=True)]
    )


def _frame_cosines(
    table: ClaimTable, a: np.ndarray, b: np.ndarray, cosine: np.ndarray
) -> np.ndarray:
    frames = [c.frame for c in table.contexts]
    out = cosine.copy()
    dot = np.dot
    for n, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        if frames[x] is not None and frames[y] is not None:
            out[n] = float(dot(frames[x], frames[y]))
    return out


def pair_arrays(
    table: ClaimTable, a: np.ndarray, b: np.ndarray, settings: MatchSettings
) -> PairArrays:
    """Vetoes and features of the pairs (`a[n]`, `b[n]`), as the checks would give them."""
    n = len(a)
    veto = np.zeros(n, dtype=np.int64)
    f: dict[str, np.ndarray] = {}

    def flag(mask: np.ndarray) -> np.ndarray:
        return mask.astype(float)

    def stop(name: str, mask: np.ndarray) -> None:
        veto[(veto == 0) & mask] = VETO_CODES[name]

    same_doc = table.doc[a] == table.doc[b]
    # sentence_read_twice
    same_sentence = same_doc & (table.sentence_start[a] == table.sentence_start[b])
    speaker_a, speaker_b = table.speaker[a], table.speaker[b]
    both_speak = (speaker_a >= 0) & (speaker_b >= 0)
    names = table.values["speaker"]
    same_speaker = np.zeros(n, dtype=bool)
    same_speaker[both_speak] = _distinct(
        lambda x, y: same_name(names[x], names[y]),
        speaker_a[both_speak],
        speaker_b[both_speak],
        dtype=bool,
    )
    differ_speakers = both_speak & ~same_speaker
    inside = _inside_speaker(table, a, b) | _inside_speaker(table, b, a)
    rival_sources = same_sentence & differ_speakers & ~inside
    canonical_a = table.canonical[a]
    same_canonical = (canonical_a >= 0) & (canonical_a == table.canonical[b])
    f["same_sentence"] = flag(rival_sources & same_canonical)
    f["same_sentence_measures_differ"] = flag(rival_sources & ~same_canonical)
    stop("sentence_read_twice", same_sentence & ~rival_sources)
    # units
    never = np.zeros(n, dtype=bool)
    never_a, never_b = table.never_pair[a], table.never_pair[b]
    for x, y in NEVER_ONE_MEASURE_CODES:
        never |= ((never_a == x) & (never_b == y)) | ((never_a == y) & (never_b == x))
    stop("units", (table.unit[a] != table.unit[b]) | never)
    # story
    f["same_document"] = flag(same_doc)
    stories = table.values["story"]
    similarity = np.full(n, np.nan)
    other_doc = ~same_doc
    similarity[other_doc] = _distinct(
        lambda x, y: _none_nan(story_similarity(stories[x], stories[y])),
        table.doc[a][other_doc],
        table.doc[b][other_doc],
    )
    unknown_story = other_doc & np.isnan(similarity)
    known_story = other_doc & ~unknown_story
    f["story_unknown"] = flag(unknown_story)
    low = np.zeros(n, dtype=bool)
    low[known_story] = similarity[known_story] < settings.same_story
    stop("story", low)
    f["story"] = np.where(known_story & ~low, similarity, 0.0)
    # other_figures: the net agreement of each pair of (article, measure), NaN for none
    article_measures = table.values["article_measure"]

    def agreement(x: int, y: int) -> float:
        (figures_x, own_x), (figures_y, own_y) = article_measures[x], article_measures[y]
        common, agreeing = checks.figure_agreement(figures_x, figures_y, {own_x, own_y})
        return checks.net_agreement(common, agreeing) if common else math.nan

    net = np.full(n, np.nan)
    net[other_doc] = _distinct(
        agreement, table.article_measure[a][other_doc], table.article_measure[b][other_doc]
    )
    f["other_figures_agree"] = np.nan_to_num(net, nan=0.0)
    f["other_figures_all_differ"] = flag(net == -1.0)
    # dates
    f["dated_differently"] = flag(table.earlier_date[a] != table.earlier_date[b])
    times = table.values["times"]
    gap = _distinct(
        lambda x, y: _none_nan(checks.time_gap_days(_at(times, x), _at(times, y))),
        table.times[a],
        table.times[b],
    )
    unknown_gap = np.isnan(gap)
    explicit_a, explicit_b = table.explicit[a], table.explicit[b]
    both_explicit = ~unknown_gap & explicit_a & explicit_b
    one_explicit = ~unknown_gap & (explicit_a != explicit_b)
    f["dates_unknown"] = flag(unknown_gap)
    stop("dates", both_explicit & (np.where(unknown_gap, 0, gap) > settings.date_window_days))
    days = _log_days(np.where(unknown_gap, 0, gap))
    f["event_gap"] = np.where(both_explicit, days, 0.0)
    f["one_dated_gap"] = np.where(one_explicit, days, 0.0)
    published = table.values["published"]
    dated = (table.published[a] >= 0) & (table.published[b] >= 0) & other_doc
    report = np.full(n, np.nan)
    report[dated] = _distinct(
        lambda x, y: _none_nan(checks.time_gap_days([published[x]], [published[y]])),
        table.published[a][dated],
        table.published[b][dated],
    )
    f["report_gap"] = np.where(np.isnan(report), 0.0, _log_days(np.nan_to_num(report)))
    # wording
    cosine = cosines(table.contexts, a, b)
    f["cosine"] = cosine
    f["frame_cosine"] = _frame_cosines(table, a, b, cosine)
    # surroundings
    f.update(_surroundings(table, a, b))
    # measure
    f.update(_measure(table, a, b, settings, same_canonical))
    # order
    later = np.maximum(table.earlier_of_measure[a], table.earlier_of_measure[b])
    f["both_first"] = flag(later == 0)
    logs = np.array([math.log1p(k) for k in range(int(later.max(initial=0)) + 1)])
    f["later_mention"] = np.where(later > 0, logs[later], 0.0)
    lead_a, lead_b = table.lead[a], table.lead[b]  # 1 in the lead, 0 not, -1 unknown
    f["both_in_lead"] = flag((lead_a == 1) & (lead_b == 1))
    f["one_in_lead"] = flag((lead_a >= 0) & (lead_b >= 0) & (lead_a != lead_b))
    # values
    f.update(_values(table, a, b))
    # parts
    part_a, part_b = table.part_of[a], table.part_of[b]
    both_parts = part_a & part_b
    nouns_differ = (table.raw_noun[a] >= 0) & (table.raw_noun[b] >= 0)
    nouns_differ &= table.raw_noun[a] != table.raw_noun[b]
    f["part_and_whole"] = flag(part_a != part_b)
    f["parts_differ"] = flag(both_parts & nouns_differ)
    f["both_parts"] = flag(both_parts & ~nouns_differ)
    # statement
    f["negated"] = flag(table.negated[a] | table.negated[b])
    f["generic"] = flag(table.generic[a] | table.generic[b])
    f["hedged"] = flag(table.hedged[a] | table.hedged[b])
    # speakers
    f["same_speaker"] = flag(both_speak & same_speaker)
    f["speakers_differ"] = flag(differ_speakers)
    f["one_unattributed"] = flag((speaker_a >= 0) != (speaker_b >= 0))
    point_a, point_b = table.point[a], table.point[b]
    has_a, has_b = table.has_point[a], table.has_point[b]
    points_equal = np.where(has_a & has_b, point_a == point_b, has_a == has_b)
    f["one_source_twice"] = flag(
        same_doc
        & ~points_equal
        & ~differ_speakers
        & ((speaker_a >= 0) == (speaker_b >= 0))
        & ~(table.change[a] | table.change[b])
    )
    return PairArrays(veto, cosine, f)


def _at(values: list[Any], code: int) -> Any:
    """The value behind a code of `ClaimTable.values` (a falsy value, coded -1, is empty)."""
    return values[code] if code >= 0 else ()


def _none_nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _log_days(days: np.ndarray) -> np.ndarray:
    """`checks._log_days` of whole days, one `math.log1p` per distinct day count."""
    whole = np.maximum(0, days).astype(np.int64)
    distinct, inverse = np.unique(whole, return_inverse=True)
    logs = np.array([math.log1p(int(d)) for d in distinct], dtype=float)
    return logs[inverse.ravel()] if len(whole) else np.zeros(0)


def _inside_speaker(table: ClaimTable, figure: np.ndarray, other: np.ndarray) -> np.ndarray:
    """`checks._in_speaker`: is each figure written inside the other claim's source?"""
    lo, hi = table.speaker_start[other], table.speaker_end[other]
    start = table.figure_start[figure]
    return (lo >= 0) & (hi >= 0) & (lo <= start) & (start < hi)


def _surroundings(table: ClaimTable, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    count_a, count_b = table.word_count[a], table.word_count[b]
    known = (count_a > 0) & (count_b > 0)
    shared = np.zeros(len(a), dtype=np.int64)
    for start in range(0, len(a), 20_000):  # bounded: pairs x words x words booleans
        part = slice(start, start + 20_000)
        words_a, words_b = table.words[a[part]], table.words[b[part]]
        hits = (words_a[:, :, None] == words_b[:, None, :]).any(axis=2) & (words_a >= 0)
        shared[part] = hits.sum(axis=1)
    union = count_a + count_b - shared
    overlap = np.zeros(len(a))
    overlap[known] = shared[known] / union[known]
    return {"context_overlap": overlap, "context_unknown": (~known).astype(float)}


def _measure(
    table: ClaimTable,
    a: np.ndarray,
    b: np.ndarray,
    settings: MatchSettings,
    same_canonical: np.ndarray,
) -> dict[str, np.ndarray]:
    f: dict[str, np.ndarray] = {}
    f["same_kind"] = ((table.kind[a] == table.kind[b]) & table.kind_known[a]).astype(float)
    noun_a, noun_b = table.noun[a], table.noun[b]
    f["same_noun"] = ((noun_a >= 0) & (noun_a == noun_b)).astype(float)
    f["noun_missing"] = ((noun_a < 0) | (noun_b < 0)).astype(float)
    f["same_canonical"] = same_canonical.astype(float)
    f["same_other"] = (same_canonical & table.other[a]).astype(float)
    references = table.values["reference"]
    ref_a, ref_b = table.reference[a], table.reference[b]
    both = (ref_a >= 0) & (ref_b >= 0)
    same = np.zeros(len(a), dtype=bool)
    same[both] = _distinct(
        lambda x, y: same_reference(
            references[x], references[y], threshold=settings.place_similarity
        ),
        ref_a[both],
        ref_b[both],
        dtype=bool,
    )
    f["same_reference"] = (both & same).astype(float)
    f["references_differ"] = (both & ~same).astype(float)
    scopes = table.values["scope"]
    scope_a, scope_b = table.scope[a], table.scope[b]
    scoped = (scope_a >= 0) | (scope_b >= 0)
    verdict = np.full(len(a), -1, dtype=np.int64)
    verdict[scoped] = _distinct(
        lambda x, y: _scope_verdict(_at(scopes, x), _at(scopes, y)),
        scope_a[scoped],
        scope_b[scoped],
        dtype=np.int64,
    )
    for n, name in enumerate(("scope_shared", "scopes_differ", "one_scoped")):
        f[name] = (verdict == n).astype(float)
    events = table.values["event"]
    event_a, event_b = table.event[a], table.event[b]
    both = (event_a >= 0) & (event_b >= 0)
    verdict = np.full(len(a), -1, dtype=np.int64)
    verdict[both] = _distinct(
        lambda x, y: _event_verdict(events[x], events[y]), event_a[both], event_b[both], dtype=int
    )
    for n, name in enumerate(("same_event", "event_family", "events_differ")):
        f[name] = (verdict == n).astype(float)
    return f


def _scope_verdict(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """`checks.measure` on two scopes, one of them given: 0 shared, 1 differ, 2 one scoped."""
    if set(a) & set(b):
        return 0
    return 1 if a and b else 2


def _event_verdict(a: str, b: str) -> int:
    """`checks.measure` on two events: 0 the same, 1 one family, 2 different."""
    if a == b:
        return 0
    return 1 if any(a in family and b in family for family in PREDICATE_FAMILIES) else 2


def _values(table: ClaimTable, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    point_a, point_b = table.point[a], table.point[b]
    known = table.has_point[a] & table.has_point[b]
    known &= np.where(known, point_a, 0) > 0
    known &= np.where(known, point_b, 0) > 0
    scaled_a, scaled_b = table.scaled[a][known], table.scaled[b][known]
    low, high = np.minimum(scaled_a, scaled_b), np.maximum(scaled_a, scaled_b)
    positive = low > 0
    quotient = np.where(positive, high / np.where(positive, low, 1.0), 1.0)
    distinct, inverse = np.unique(quotient, return_inverse=True)
    logs = np.array([math.log(q) for q in distinct.tolist()], dtype=float)
    ratio = np.where(positive, logs[inverse.ravel()] if len(quotient) else 0.0, 0.0)
    log_ratio = np.zeros(len(a))
    log_ratio[known] = np.minimum(ratio, 10.0)
    equal = np.zeros(len(a), dtype=bool)
    equal[known] = ratio < 1e-9
    return {
        "values_unknown": (~known).astype(float),
        "log_ratio": log_ratio,
        "values_equal": equal.astype(float),
    }


def rival_gaps(table: ClaimTable, a: np.ndarray, b: np.ndarray, cosine: np.ndarray) -> np.ndarray:
    """`checks.rival_evidence`'s gap of each pair (`a[n]`, `b[n]`) among the pairs given:
    how much closer each claim's best match in the other's article is than this one."""
    docs = int(table.doc.max(initial=0)) + 1
    mine = table.claim[a] * docs + table.doc[b]
    theirs = table.claim[b] * docs + table.doc[a]
    keys, inverse = np.unique(np.concatenate([mine, theirs]), return_inverse=True)
    best = np.full(len(keys), -1.0)
    np.maximum.at(best, inverse.ravel(), np.concatenate([cosine, cosine]))
    first, second = inverse.ravel()[: len(a)], inverse.ravel()[len(a) :]
    return np.maximum(best[first] - cosine, best[second] - cosine)


class Bound:
    """An upper bound on each pair's log-odds without the `PREFILTERED_CHECKS`, and whether
    it leaves the pair a chance of `suggest`."""

    def __init__(self, model: PairModel, settings: MatchSettings, checks_run: set[str]) -> None:
        self.checks = {name for name in PREFILTERED_CHECKS if name in checks_run}
        self.columns = np.array(
            [FEATURES.index(f) for name in self.checks for f in CHECK_FEATURES.get(name, ())],
            dtype=int,
        )
        suggest = settings.suggest
        self.threshold = math.log(suggest / (1 - suggest)) if 0 < suggest < 1 else -math.inf
        self.heads = {True: self._arrays(model.differ), False: self._arrays(model.equal)}

    @property
    def bounds(self) -> bool:
        """Can any pair be left out at all (a threshold, and checks to bound)?"""
        return self.threshold != -math.inf and bool(len(self.columns))

    def _arrays(self, head: Head) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        weights, means, scales = head_arrays(head)
        at_zero, at_one = weights * (0 - means) / scales, weights * (1 - means) / scales
        rest = float(np.maximum(at_zero, at_one)[self.columns].sum())
        weights[self.columns] = 0.0
        return weights, means, scales, head.intercept + rest

    def log_odds(self, rows: np.ndarray, differ: bool) -> np.ndarray:
        """The bound of each row (features in `FEATURES` order) under one head."""
        weights, means, scales, offset = self.heads[differ]
        return offset + ((rows - means) / scales) @ weights

    def slope(self, feature: str, differ: bool) -> float:
        """How much the bound moves per unit of one feature, under one head."""
        weights, _, scales, _ = self.heads[differ]
        at = FEATURES.index(feature)
        return float(weights[at] / scales[at])

    def reaches(self, log_odds: np.ndarray) -> np.ndarray:
        """Can a pair of this bound reach `suggest`? (A margin keeps rounding on the safe side.)"""
        return log_odds >= self.threshold - 1e-6

    def chance(self, rows: np.ndarray, differ: np.ndarray) -> np.ndarray:
        """Per row: can the pair reach `suggest`?"""
        out = np.ones(len(rows), dtype=bool)
        if not self.bounds:
            return out
        for flag in (True, False):
            chosen = differ == flag
            if chosen.any():
                out[chosen] = self.reaches(self.log_odds(rows[chosen], flag))
        return out


def values_differ(table: ClaimTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`match.values_differ` of each pair: which head of the pair model scores it."""
    has_a, has_b = table.has_point[a], table.has_point[b]
    point_a, point_b = table.point[a], table.point[b]
    both = has_a & has_b
    scale = np.maximum(1.0, np.maximum(np.abs(point_a), np.abs(point_b)))
    apart = np.abs(point_a - point_b) > 1e-9 * scale
    return np.where(both, apart, has_a != has_b)


@dataclass(frozen=True)
class FirstPass:
    """Which candidate pairs no veto stops (`survivors`, positions in the candidate arrays),
    their rival gaps and heads, and which of them (`kept`, positions in `survivors`) the
    bound leaves a chance of `suggest`."""

    survivors: np.ndarray
    rival_gap: np.ndarray
    differ: np.ndarray
    kept: np.ndarray


BLOCK = 50_000
"""Candidate pairs whose features are held at once (features x pairs floats)."""


@dataclass(frozen=True)
class Candidates:
    """The candidate pairs (rows `a[n]`, `b[n]` of `table`) and what scoring them reads:
    the state a worker process is forked with (`workers.forked`)."""

    table: ClaimTable
    a: np.ndarray
    b: np.ndarray
    settings: MatchSettings
    model: PairModel

    @functools.cached_property
    def bound(self) -> Bound:
        return Bound(self.model, self.settings, {c.__name__ for c in CHECKS})


Mapper = Callable[[Callable[[Candidates, Any], Any], Iterable[Any]], Iterator[Any]]
"""How blocks of work are run: here, one after the other (`in_turn`), or in worker processes
holding the same `Candidates` (`workers.Workers.map`); results come in block order."""


def in_turn(candidates: Candidates) -> Mapper:
    """The `Mapper` that works each block out in this process."""
    return lambda function, items: (function(candidates, item) for item in items)


def first_pass(candidates: Candidates, run: Mapper | None = None) -> FirstPass:
    """Vetoes, rivals and the bound of every candidate pair.

    In blocks, so no pairs x features matrix of all candidates is held, and the blocks
    can be worked out side by side (`run`): each block's bound is worked out without the
    rivals, whose terms are added once every survivor's cosine is known (the bound is
    linear in them)."""
    table, a, b, bound = candidates.table, candidates.a, candidates.b, candidates.bound
    run = run or in_turn(candidates)
    spans = [(start, min(start + BLOCK, len(a))) for start in range(0, len(a), BLOCK)]
    blocks = list(run(_first_pass_block, spans))
    alive = np.concatenate([x[0] for x in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    cos = np.concatenate([x[1] for x in blocks]) if blocks else np.zeros(0)
    gap = rival_gaps(table, a[alive], b[alive], cos)
    differ = values_differ(table, a[alive], b[alive])
    if not bound.bounds:
        return FirstPass(alive, gap, differ, np.arange(len(alive)))
    closest = (gap <= 1e-9).astype(float)
    chance = np.zeros(len(alive), dtype=bool)
    for n, flag in ((2, True), (3, False)):
        log_odds = np.concatenate([x[n] for x in blocks]) if blocks else np.zeros(0)
        log_odds += bound.slope("rival_gap", flag) * gap
        log_odds += bound.slope("closest_both_ways", flag) * closest
        chosen = differ == flag
        chance[chosen] = bound.reaches(log_odds[chosen])
    return FirstPass(alive, gap, differ, np.flatnonzero(chance))


def _first_pass_block(
    candidates: Candidates, span: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One block of `first_pass`: its survivors (positions among all candidates), their
    cosines, and their bounds without the rivals under each head (differ, equal)."""
    start, stop = span
    column = {name: n for n, name in enumerate(FEATURES)}
    a, b = candidates.a[start:stop], candidates.b[start:stop]
    found = pair_arrays(candidates.table, a, b, candidates.settings)
    alive = np.flatnonzero(found.veto == 0)
    rows = np.zeros((len(alive), len(FEATURES)))
    for name, values in found.features.items():
        if name in column:
            rows[:, column[name]] = values[alive]
    bound = candidates.bound
    return (
        alive + start,
        found.cosine[alive],
        bound.log_odds(rows, True),
        bound.log_odds(rows, False),
    )

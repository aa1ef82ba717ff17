"""Which claims report the same quantity: candidates, checks, the pair model's probability.

For a batch of claims (one article, or many) and, optionally, a stored index:
`candidates.py` says which pairs are compared at all; `checks.py` compares
each pair and either vetoes it (certain: one sentence read twice, another
currency) or returns the evidence; the pair model (`pair_model.py`) turns the
evidence into the probability that both claims report one quantity, with
every check's signed contribution. Pairs below `MatchSettings.suggest` are
dropped; those at or above `confirm` are confirmed, the rest possible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from factcheck.collect import fewer_collections
from factcheck.matching import first_pass
from factcheck.matching.candidates import candidate_rows
from factcheck.matching.checks import (
    CHECKS,
    FEATURES,
    VETO_CHECKS,
    Evidence,
    PairEvidence,
    StoryMemo,
    Veto,
    rival_evidence,
    rival_of,
    screen,
)
from factcheck.matching.context import (
    ClaimContext,
    MatchSettings,
    with_article_measures,
    with_frames,
)
from factcheck.matching.first_pass import Bound, Candidates, ClaimTable
from factcheck.matching.pair_model import Contribution, PairModel, load_pair_model
from factcheck.store import ClaimIndex
from factcheck.workers import forked

Confidence = Literal["confirmed", "possible"]

SCORE_BLOCK = 20_000
"""Candidate pairs whose full evidence is worked out and scored at a time."""


@dataclass(frozen=True)
class Match:
    """Two claims judged to report one quantity, with the evidence and its weights.

    `score` is the pair model's probability; `contributions` the signed
    log-odds each check added, largest first; `checks` the same evidence as
    plain values for the JSON output.
    """

    a: ClaimContext
    b: ClaimContext
    score: float
    checks: dict[str, Any]
    contributions: tuple[Contribution, ...] = ()
    confidence: Confidence = "possible"
    evidence: PairEvidence | None = field(default=None, compare=False)


def values_differ(a: ClaimContext, b: ClaimContext) -> bool:
    """Do the two figures differ as numbers (which head of the pair model applies)?"""
    pa, pb = a.claim.point, b.claim.point
    if pa is None or pb is None:
        return pa is not pb
    return abs(pa - pb) > 1e-9 * max(1.0, abs(pa), abs(pb))


def plain_checks(a: ClaimContext, b: ClaimContext, evidence: PairEvidence) -> dict[str, Any]:
    """The evidence as plain values: what the JSON's `checks` and older readers expect."""
    features = evidence.features()
    checks: dict[str, Any] = {
        "similarity": round(features.get("cosine", 0.0), 3),
        "measure": a.measure.kind,
        "evidence": evidence.sayings(),
    }
    if "story" in features:
        checks["story_similarity"] = round(features["story"], 3)
    if features.get("same_document"):
        checks["same_document"] = True
    places = evidence.of("places")
    if places is not None and places.features.get("places_shared") and places.says:
        checks["shared_places"] = [places.says.removeprefix("both name ")]
    times_a, times_b = a.claim.times, b.claim.times
    if "event_gap" in features and times_a and times_b:
        checks["date_gap_days"] = round(float(np.expm1(features["event_gap"])))
    if a.measure.event and b.measure.event:
        checks["predicates"] = [a.measure.event, b.measure.event]
    return checks


def scored_matches(
    pairs: Sequence[tuple[ClaimContext, ClaimContext]],
    settings: MatchSettings,
    *,
    model: PairModel | None = None,
    prefilter: bool = True,
) -> list[Match]:
    """The pairs the pair model puts at `settings.suggest` or above, as Matches
    (`scored_row_matches` of the pairs' contexts, each context once)."""
    rows: dict[int, int] = {}
    contexts: list[ClaimContext] = []
    for context in (c for pair in pairs for c in pair):
        if id(context) not in rows:
            rows[id(context)] = len(contexts)
            contexts.append(context)
    a = np.array([rows[id(x)] for x, _ in pairs], dtype=np.int64)
    b = np.array([rows[id(y)] for _, y in pairs], dtype=np.int64)
    return scored_row_matches(contexts, a, b, settings, model=model, prefilter=prefilter)


def scored_row_matches(
    contexts: Sequence[ClaimContext],
    a: np.ndarray,
    b: np.ndarray,
    settings: MatchSettings,
    *,
    model: PairModel | None = None,
    prefilter: bool = True,
    processes: int = 1,
) -> list[Match]:
    """The candidate pairs (`contexts[a[n]]`, `contexts[b[n]]`) the pair model puts at
    `settings.suggest` or above, as Matches, in candidate order.

    The vetoes, the features of every check that compares no names, the rivals and an
    upper bound of each pair's log-odds are worked out over arrays first
    (`first_pass.py`); only the pairs whose bound reaches `suggest` are compared by the
    checks of `checks.py`, whose evidence is scored as always. When the array pass does
    not know every check and feature (`first_pass.missing`), or `prefilter=False`, each
    pair goes through the checks instead (`prefilter=False`: every check on every pair):
    the same matches, slower. With `processes` > 1, the first pass of a batch runs in
    that many forked workers (`workers.forked`): the same matches, in the same order.
    """
    model = model or load_pair_model()
    with fewer_collections():  # (see `factcheck.collect`)
        if not prefilter or first_pass.missing():
            pairs = [
                (contexts[x], contexts[y]) for x, y in zip(a.tolist(), b.tolist(), strict=True)
            ]
            return _pair_by_pair(pairs, settings, model=model, prefilter=prefilter)
        return _after_first_pass(contexts, a, b, settings, model=model, processes=processes)


def _after_first_pass(
    contexts: Sequence[ClaimContext],
    a: np.ndarray,
    b: np.ndarray,
    settings: MatchSettings,
    *,
    model: PairModel,
    processes: int,
) -> list[Match]:
    """The first pass (in workers, for a batch and several `processes`), then the checks
    and the pair model on the pairs it leaves a chance, in this process.

    The second step stays here: its result is every kept pair's evidence and
    contributions, and sending those back from a worker (26 MB of small objects for
    1,000 articles) took as long as working them out."""
    candidates = Candidates(ClaimTable.of(contexts), a, b, settings, model)
    if processes > 1 and len(a) >= PARALLEL_PAIRS:
        candidates.bound  # noqa: B018 (worked out once, before the workers are forked)
        with forked(candidates, processes=processes) as workers:
            passed = first_pass.first_pass(candidates, workers.map)
    else:
        passed = first_pass.first_pass(candidates)
    kept = passed.kept
    matches = []
    for n in range(0, len(kept), SCORE_BLOCK):
        block = kept[n : n + SCORE_BLOCK]
        found = _scored_block(candidates, (passed.survivors[block], passed.rival_gap[block]))
        matches += [
            Match(contexts[a[candidate]], contexts[b[candidate]], *fields)
            for candidate, fields in found
        ]
    return matches


PARALLEL_PAIRS = 50_000
"""Candidate pairs from which the first pass runs in worker processes (when it is given
several): forking costs a few hundredths of a second, worth it only on a batch."""


def _scored_block(
    candidates: Candidates, block: tuple[np.ndarray, np.ndarray]
) -> list[tuple[int, tuple[Any, ...]]]:
    """The pairs of one block (candidate positions, their rival gaps) that the pair model
    puts at `suggest` or above: each pair's position and its Match's fields but the two
    claims."""
    contexts, a, b = candidates.table.contexts, candidates.a, candidates.b
    settings, model = candidates.settings, candidates.model
    later = [check for check in CHECKS if check.__name__ not in VETO_NAMES]
    stories: StoryMemo = {}  # per pair of articles, for this block only
    found: list[dict[str, Evidence]] = []
    pairs: list[tuple[int, ClaimContext, ClaimContext]] = []
    for candidate, gap in zip(block[0].tolist(), block[1].tolist(), strict=True):
        x, y = contexts[int(a[candidate])], contexts[int(b[candidate])]
        outcome = screen(x, y, settings, memo=stories)
        if isinstance(outcome, Veto):  # (the arrays say no veto: never so)
            continue
        items = dict(zip(VETO_NAMES, outcome, strict=True))
        for check in later:
            items[check.__name__] = check(x, y, settings)  # type: ignore[assignment]
        items["rivals"] = rival_of(gap)
        found.append(items)
        pairs.append((candidate, x, y))
    if not found:
        return []
    differ = np.array([values_differ(x, y) for _, x, y in pairs], dtype=bool)
    likely = model.probabilities(_feature_rows(found), differ)
    out = []
    for items, (candidate, x, y), flag, probability in zip(
        found, pairs, differ.tolist(), likely, strict=True
    ):
        if probability < settings.suggest:
            continue
        evidence = PairEvidence(tuple(items[name] for name in EVIDENCE_ORDER))
        scored = model.score(evidence, values_differ=flag)
        match = matched(x, y, scored.probability, evidence, settings, scored.contributions)
        fields = (match.score, match.checks, match.contributions, match.confidence, evidence)
        out.append((candidate, fields))
    return out


def _pair_by_pair(
    pairs: Sequence[tuple[ClaimContext, ClaimContext]],
    settings: MatchSettings,
    *,
    model: PairModel,
    prefilter: bool,
) -> list[Match]:
    """`scored_row_matches` one pair at a time through the checks: the vetoes on every
    pair first, so each surviving pair's evidence can say whether it is each claim's
    closest match in the other article (`checks.rival_evidence`); the other checks and
    the scoring then run in blocks, the name checks only where `first_pass.Bound` leaves
    the pair a chance (`prefilter=False` runs every check on every pair)."""
    survivors, screened = [], []
    alike: dict[tuple[Any, ...], Evidence] = {}
    stories: StoryMemo = {}  # per pair of articles, for this call only
    for a, b in pairs:
        outcome = screen(a, b, settings, memo=stories)
        if not isinstance(outcome, Veto):
            survivors.append((a, b))
            # one object for equal evidence ("same article", no dates): it is held for every
            # survivor until its block is scored, a third of the memory of a large batch
            screened.append(
                tuple(
                    alike.setdefault((e.check, tuple(e.features.items()), e.says), e)
                    for e in outcome
                )
            )
    del alike, stories
    rivals = rival_evidence(survivors)
    later = [check for check in CHECKS if check.__name__ not in VETO_NAMES]
    bounded = Bound(model, settings, {c.__name__ for c in later}) if prefilter else None
    first = [c for c in later if bounded is None or c.__name__ not in bounded.checks]
    second = [c for c in later if bounded is not None and c.__name__ in bounded.checks]
    named_first = [(check.__name__, check) for check in first]
    matches = []
    # in blocks, so the evidence of a million candidate pairs is never held at once
    for start in range(0, len(survivors), SCORE_BLOCK):
        block = range(start, min(start + SCORE_BLOCK, len(survivors)))
        found: list[dict[str, Evidence]] = []
        for n in block:
            a, b = survivors[n]
            items = dict(zip(VETO_NAMES, screened[n], strict=True))
            for name, check in named_first:
                items[name] = check(a, b, settings)  # type: ignore[assignment]
            items["rivals"] = rivals[n]
            found.append(items)
        differ = np.array([values_differ(*survivors[n]) for n in block], dtype=bool)
        rows = _feature_rows(found)
        kept = np.flatnonzero(bounded.chance(rows, differ) if bounded else np.ones(len(rows), bool))
        for x in kept:
            a, b = survivors[block[x]]
            for check in second:
                found[x][check.__name__] = check(a, b, settings)  # type: ignore[assignment]
        if second and len(kept):
            rows[kept] = _feature_rows([found[x] for x in kept])
        likely = model.probabilities(rows[kept], differ[kept]) if len(kept) else []
        for x, probability in zip(kept, likely, strict=True):
            if probability < settings.suggest:
                continue
            evidence = PairEvidence(tuple(found[x][name] for name in EVIDENCE_ORDER))
            scored = model.score(evidence, values_differ=bool(differ[x]))
            matches.append(
                matched(
                    *survivors[block[x]],
                    scored.probability,
                    evidence,
                    settings,
                    scored.contributions,
                )
            )
    return matches


VETO_NAMES = tuple(check.__name__ for check in VETO_CHECKS)
EVIDENCE_ORDER = (*(check.__name__ for check in CHECKS), "rivals")
"""A pair's evidence in `checks.evidence_after` order, then its rivals (`rival_evidence`)."""
_COLUMN = {name: n for n, name in enumerate(FEATURES)}


def _feature_rows(found: Sequence[dict[str, Evidence]]) -> np.ndarray:
    """The pair model's input rows (`FEATURES` order, absent features 0), one per pair,
    as `checks.iter_features` gives them: in evidence order, a later check's value wins;
    names the model does not read are left out."""
    width, column = len(FEATURES), _COLUMN.get
    rows = []
    for items in found:
        row = [0.0] * width
        for item in map(items.get, EVIDENCE_ORDER):
            if item is not None:
                for name, value in item.features.items():
                    at = column(name)
                    if at is not None:
                        row[at] = value
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(found), width)


def matched(
    a: ClaimContext,
    b: ClaimContext,
    probability: float,
    evidence: PairEvidence,
    settings: MatchSettings,
    contributions: tuple[Contribution, ...] = (),
) -> Match:
    """Two claims as a Match: the probability, its confidence in words and the plain checks."""
    checks = plain_checks(a, b, evidence)
    checks["score"] = round(probability, 3)
    confidence: Confidence = "confirmed" if probability >= settings.confirm else "possible"
    return Match(a, b, probability, checks, contributions, confidence, evidence)


def same_thing(
    a: ClaimContext,
    b: ClaimContext,
    settings: MatchSettings,
    *,
    model: PairModel | None = None,
) -> Match | None:
    """One pair on its own (no rivals) as a Match, when the pair model puts it at
    `settings.suggest` or above."""
    matches = scored_matches([(a, b)], settings, model=model)
    return matches[0] if matches else None


def best_per_document(matches: Sequence[Match]) -> list[Match]:
    """Across two articles, pair each figure with its one best counterpart.

    An article that gives several figures of one measure ("injuring 40 ... 15 of
    them on the island", two teams' offers) reports one of them about the thing
    the other article counts, not all. A pair of claims from two articles is
    kept only when each is the other's most probable match in that article.
    Pairs inside one article are kept as they are.
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


def match_within(
    contexts: Sequence[ClaimContext],
    *,
    settings: MatchSettings,
    model: PairModel | None = None,
    processes: int = 1,
) -> list[Match]:
    """Same-quantity pairs among `contexts` (one article, or a batch of articles; a batch's
    pairs scored in `processes` worker processes when more than one)."""
    a, b = candidate_rows(contexts, settings)
    matches = scored_row_matches(contexts, a, b, settings, model=model, processes=processes)
    return best_per_document(matches)


def match_against_index(
    contexts: Sequence[ClaimContext],
    index: ClaimIndex,
    settings: MatchSettings,
    stories: dict[str, dict[str, float]],
    *,
    model: PairModel | None = None,
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[Match]:
    """New claims against the stored ones: candidates from vector kNN and full text.

    A stored claim is a candidate for a new one when it is among its `k`
    nearest vectors, or when the index's full-text search finds the new
    claim's counted noun and places in it (two outlets wording one figure
    apart). Claims of the batch's own articles are left to `match_within`.
    `encode` (the encoder that embedded `contexts`) embeds the stored claims'
    frames, which the index does not keep.
    """
    if not contexts:
        return []
    model = model or load_pair_model()
    local_docs = {c.document.id for c in contexts}
    vectors = np.stack([c.vector for c in contexts])
    neighbours = index.nearest(vectors, k=settings.k)
    wanted: dict[int, set[str]] = {
        row: {cid for cid, _ in hits} for row, hits in enumerate(neighbours)
    }
    for row, context in enumerate(contexts):
        query = " ".join(part for part in (context.claim.noun, *context.claim.places) if part)
        if query:
            wanted[row] |= {cid for cid, _ in index.lexical(query, k=settings.k)}
    all_ids = sorted({cid for ids in wanted.values() for cid in ids})
    if not all_ids:
        return []
    stored = {c.id: c for c in index.claims(all_ids) if c.doc_id not in local_docs}
    if not stored:
        return []
    documents = {d.id: d for d in (index.document(c.doc_id) for c in stored.values()) if d}
    stored_vectors = index.vectors(list(stored))
    stored_contexts = {
        cid: ClaimContext.build(
            claim, documents[claim.doc_id], vector, story=stories.get(claim.doc_id)
        )
        for cid, claim in stored.items()
        if claim.doc_id in documents and (vector := stored_vectors.get(cid)) is not None
    }
    if encode is not None:
        stored_contexts = dict(
            zip(stored_contexts, with_frames(list(stored_contexts.values()), encode), strict=True)
        )
    # each stored figure is placed among all its article's figures, as it was when checked
    stored_contexts = dict(
        zip(
            stored_contexts,
            with_article_measures(
                list(stored_contexts.values()), index.claims_of_documents(sorted(documents))
            ),
            strict=True,
        )
    )
    pairs = [
        (context, stored_contexts[cid])
        for row, context in enumerate(contexts)
        for cid in sorted(wanted[row])
        if cid in stored_contexts
    ]
    return scored_matches(pairs, settings, model=model)

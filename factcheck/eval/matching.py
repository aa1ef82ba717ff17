"""How well claims about the same thing are paired and judged, against a naive baseline.

`python -m factcheck.eval matching` scores the findings of `Checker.compare` on

1. the seed article (`dev/seed_gold.json`): every `must` finding reported with
   an accepted kind, no `must_not` pair reported at all;
2. ECB+ dev: the twelve annotated subtopics compared together in one run, so a
   pairing across events is possible and counts as an error;
3. the project's own multi-source set (`tests/data/multisource`), written for the
   patterns real data has too rarely (fired vs landed, revised tolls, a second
   attack on the same base).

Sets 2 and 3 share a gold format: *slots* (one quantity of one event) holding
*reports* (a figure at a character offset), with report-level pair labels.
Scoring is by *unit*, a slot and an unordered pair of values, so an article
set repeating "20,000 vs 50,000" ten times counts once, as the gold counts it.

Every number is given for three systems run on the same extracted claims:
ours; ours with the claim text swapped for the plain sentence (the choice the
encoder is fed is the only change); and a naive baseline (plain-sentence cosine
above a threshold + same counted noun + different values), its threshold tuned
for its own best discrepancy F1 on each set. Scoring functions are pure
(gold, claims and pairs in, counts out) so they are tested on hand-built data.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.embed import sentence_text
from factcheck.errors import FactcheckError, InputError
from factcheck.eval.extraction import spans_overlap, value_agrees
from factcheck.eval.gold import SeedGold, read_seed_gold
from factcheck.ingest import document_from_text, read_csv
from factcheck.judge import group_findings, judge
from factcheck.matching import ClaimContext, match_within
from factcheck.matching.context import with_article_measures, with_frames
from factcheck.model import Claim, Document, Finding
from factcheck.pipeline import Checker, Prepared
from factcheck.story import story_vectors

__all__ = [
    "BASELINE_GRID",
    "DISCREPANCY_KINDS",
    "SECTIONS",
    "Candidate",
    "GoldReport",
    "Pair",
    "PairOutcome",
    "SeedFindings",
    "SeedItem",
    "SlotGold",
    "SlotScore",
    "Systems",
    "TaskScore",
    "add_matching",
    "baseline_candidates",
    "baseline_pairs",
    "claim_value",
    "evaluate_seed_matching",
    "evaluate_slot_set",
    "finding_pairs",
    "gold_units",
    "judge_pair",
    "load_ecbplus",
    "load_multisource",
    "locate_seed_claims",
    "map_claims",
    "read_seed_findings",
    "read_slot_gold",
    "render_seed",
    "render_slot_set",
    "run_matching",
    "run_systems",
    "score_outcomes",
    "score_seed_items",
    "score_systems",
    "tune_baseline",
    "value_pair",
]

DISCREPANCY_KINDS = frozenset({"conflict", "different_measure", "update"})
"""Finding kinds that put two different figures side by side."""

BASELINE_GRID = tuple(round(0.3 + 0.05 * i, 2) for i in range(14))
"""Cosine thresholds tried for the naive baseline: 0.30, 0.35, ..., 0.95."""

SEED_NAME = "000_66e9cc6d0f1db5b5.txt"
ECBPLUS = Path("data") / "ecbplus-dev"
MULTISOURCE = Path(__file__).resolve().parents[2] / "tests" / "data" / "multisource"
SECTIONS = ("seed", "ecbplus", "own")


SYSTEMS = ("ours", "ours_plain", "baseline")
SYSTEM_TITLES = {
    "ours": "ours",
    "ours_plain": "ours, plain sentence",
    "baseline": "naive baseline",
}

Values = tuple[float | None, float | None]
Unit = tuple[str, Values]
"""A gold unit: a slot id (or "slot_a|slot_b" for a different-measure pair) and a value pair."""

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# --- values -----------------------------------------------------------------------------------


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def value_pair(a: float | None, b: float | None) -> Values:
    """An unordered pair of values in canonical order (None last)."""
    a, b = _num(a), _num(b)
    ordered = sorted((a, b), key=lambda v: (v is None, v if v is not None else 0.0))
    return ordered[0], ordered[1]


def claim_value(claim: Claim) -> float | None:
    """The single number a claim gives (`Claim.point`)."""
    return claim.point


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _fmt_values(values: Values) -> str:
    return f"{_fmt(values[0])} vs {_fmt(values[1])}"


# --- the slot gold (ECB+ dev and the own multi-source set) ------------------------------------


@dataclass(frozen=True)
class GoldReport:
    """One gold figure report: where it is written, and its value in the slot's unit."""

    slot: str
    index: int
    doc_id: str
    start: int
    figure_text: str
    value: float | None
    quote: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.figure_text)


@dataclass(frozen=True)
class SlotGold:
    """Slots, their report-level pair labels, must_not and different-measure slot pairs.

    `labels` maps (slot, i, j) with i < j to the label of `report_pairs`
    (agree | compatible | conflict | update); `listed` keeps the value-level
    conflict and update pairs as written, to spot any the report labels never realise.
    """

    docs: tuple[str, ...]
    reports: tuple[GoldReport, ...]
    labels: Mapping[tuple[str, int, int], str]
    must_not: tuple[tuple[str, str, str], ...] = ()
    different_measure: tuple[tuple[str, str], ...] = ()
    listed: tuple[Unit, ...] = ()

    def by_slot(self) -> dict[str, list[GoldReport]]:
        slots: dict[str, list[GoldReport]] = defaultdict(list)
        for report in self.reports:
            slots[report.slot].append(report)
        return slots

    def label(self, a: GoldReport, b: GoldReport) -> str | None:
        if a.slot != b.slot or a.index == b.index:
            return None
        i, j = sorted((a.index, b.index))
        return self.labels.get((a.slot, i, j))

    def restricted(self, doc_ids: Iterable[str]) -> SlotGold:
        """The gold of a subset of documents (for quick runs on the first N of each set)."""
        keep = set(doc_ids)
        kept = {(r.slot, r.index) for r in self.reports if r.doc_id in keep}
        return SlotGold(
            docs=tuple(d for d in self.docs if d in keep),
            reports=tuple(r for r in self.reports if r.doc_id in keep),
            labels={
                k: v
                for k, v in self.labels.items()
                if (k[0], k[1]) in kept and (k[0], k[2]) in kept
            },
            must_not=self.must_not,
            different_measure=self.different_measure,
            listed=self.listed,
        )


def read_slot_gold(path: Path) -> SlotGold:
    """A gold.json in the ECB+ dev format (the own set adds `different_measure` per subtopic)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    docs: list[str] = []
    reports: list[GoldReport] = []
    labels: dict[tuple[str, int, int], str] = {}
    must_not: list[tuple[str, str, str]] = []
    different: list[tuple[str, str]] = []
    listed: list[Unit] = []
    for s, subtopic in enumerate(data.get("subtopics", [])):
        docs.extend(subtopic.get("docs", []))
        for slot in subtopic.get("slots", []):
            where = f"{path}: subtopic {s} slot {slot.get('id')!r}"
            try:
                slot_id = str(slot["id"])
                for i, item in enumerate(slot["reports"]):
                    reports.append(
                        GoldReport(
                            slot=slot_id,
                            index=i,
                            doc_id=str(item["doc_id"]),
                            start=int(item["start"]),
                            figure_text=str(item["figure_text"]),
                            value=item.get("value"),
                            quote=str(item.get("quote", "")),
                        )
                    )
                for i, j, label in slot.get("report_pairs", []):
                    a, b = sorted((int(i), int(j)))
                    labels[(slot_id, a, b)] = str(label)
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{where}: malformed report or report pair ({exc})") from exc
            for va, vb in [*slot.get("conflicts", []), *slot.get("updates", [])]:
                listed.append((slot_id, value_pair(va, vb)))
        for item in subtopic.get("must_not", []):
            must_not.append((str(item["slot_a"]), str(item["slot_b"]), str(item.get("why", ""))))
        for item in subtopic.get("different_measure", []):
            different.append((str(item["slot_a"]), str(item["slot_b"])))
    return SlotGold(
        docs=tuple(docs),
        reports=tuple(reports),
        labels=labels,
        must_not=tuple(must_not),
        different_measure=tuple(different),
        listed=tuple(dict.fromkeys(listed)),
    )


def _dm_key(slot_a: str, slot_b: str) -> str:
    return "|".join(sorted((slot_a, slot_b)))


def gold_units(gold: SlotGold) -> tuple[dict[Unit, list[tuple[GoldReport, GoldReport]]], ...]:
    """The units to find: (discrepancy units, agreement units), each with its report pairs.

    Discrepancy units come from report pairs labelled conflict or update (so a
    listed conflict whose every report pair is hedged into `compatible` is not
    required) and from every differing value pair of a different-measure slot pair.
    """
    slots = gold.by_slot()
    discrepancies: dict[Unit, list[tuple[GoldReport, GoldReport]]] = defaultdict(list)
    agreements: dict[Unit, list[tuple[GoldReport, GoldReport]]] = defaultdict(list)
    for slot, reports in slots.items():
        for a, b in itertools.combinations(reports, 2):
            label = gold.label(a, b)
            unit = (slot, value_pair(a.value, b.value))
            if label in {"conflict", "update"}:
                discrepancies[unit].append((a, b))
            elif label == "agree":
                agreements[unit].append((a, b))
    for slot_a, slot_b in gold.different_measure:
        for a in slots.get(slot_a, []):
            for b in slots.get(slot_b, []):
                if _num(a.value) != _num(b.value):
                    discrepancies[(_dm_key(slot_a, slot_b), value_pair(a.value, b.value))].append(
                        (a, b)
                    )
    return dict(discrepancies), dict(agreements)


def map_claims(claims: Iterable[Claim], gold: SlotGold) -> dict[str, tuple[GoldReport, ...]]:
    """Claim id -> the gold reports its figure overlaps (same document, overlapping span)."""
    by_doc: dict[str, list[GoldReport]] = defaultdict(list)
    for report in gold.reports:
        by_doc[report.doc_id].append(report)
    mapping: dict[str, tuple[GoldReport, ...]] = {}
    for claim in claims:
        hits = tuple(
            r
            for r in by_doc.get(claim.doc_id, ())
            if spans_overlap((claim.start, claim.end), (r.start, r.end))
        )
        if hits:
            mapping[claim.id] = hits
    return mapping


# --- predicted pairs --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Two claims a system put side by side, and the kind it gave the pair."""

    a: str
    b: str
    kind: str
    score: float = 0.0

    @property
    def task(self) -> str:
        return "discrepancy" if self.kind in DISCREPANCY_KINDS else "agreement"


def finding_pairs(findings: Iterable[Finding], claims: Mapping[str, Claim]) -> list[Pair]:
    """The judged claim pairs of findings, each with its own kind and score.

    A finding of one quantity lists its judged pairs in `pairs`, each with the
    kind the judge gave it ("12 vs 15" a conflict, "15 and 15" an agreement inside
    one conflict finding), so a pair is scored as judged, not as the whole is.
    Findings written before `pairs` existed list them in `checks["pairs"]` (the
    finding's kind then stands for each); without either, every pair of its claims
    whose values differ (discrepancies) or are equal (agreements) is taken.
    """
    pairs: list[Pair] = []
    for finding in findings:
        if finding.pairs:
            pairs.extend(
                Pair(p.claims[0], p.claims[1], p.kind, float(p.score)) for p in finding.pairs
            )
            continue
        listed = finding.checks.get("pairs") if finding.checks else None
        if listed:
            candidates = [(str(a), str(b)) for a, b in listed]
        elif len(finding.claims) == 2:
            candidates = [(finding.claims[0], finding.claims[1])]
        else:
            candidates = []
            for a, b in itertools.combinations(finding.claims, 2):
                if a not in claims or b not in claims:
                    continue
                same = _num(claim_value(claims[a])) == _num(claim_value(claims[b]))
                if same == (finding.kind == "agreement"):
                    candidates.append((a, b))
        pairs.extend(Pair(a, b, finding.kind, float(finding.score)) for a, b in candidates)
    return pairs


# --- scoring one pair, then units -------------------------------------------------------------


@dataclass(frozen=True)
class PairOutcome:
    """What one predicted pair is worth against the slot gold.

    `unit` is the gold unit hit when `tp`, else the key the false positive is
    deduplicated by: (side a, side b, value pair) where a side is the slot of a
    mapped claim or the claim id of an unmapped one. `neutral` pairs (an agreement
    on two hedged reports the gold calls `compatible`) count neither way.
    """

    pair: Pair
    task: str
    unit: tuple
    tp: bool
    reason: str
    unmapped: bool = False
    neutral: bool = False
    must_not: tuple[int, ...] = ()


def judge_pair(
    pair: Pair,
    claims: Mapping[str, Claim],
    mapping: Mapping[str, tuple[GoldReport, ...]],
    gold: SlotGold,
) -> PairOutcome:
    """Score one predicted pair: which gold unit it hits, or why it is a false positive."""
    reports_a, reports_b = mapping.get(pair.a, ()), mapping.get(pair.b, ())
    task = pair.task
    violated = tuple(
        sorted(
            {
                n
                for n, (slot_a, slot_b, _) in enumerate(gold.must_not)
                for ra in reports_a
                for rb in reports_b
                if {ra.slot, rb.slot} == {slot_a, slot_b} and slot_a != slot_b
            }
        )
    )
    dm = {frozenset(p) for p in gold.different_measure}
    labels: list[tuple[GoldReport, GoldReport, str]] = []
    for ra in reports_a:
        for rb in reports_b:
            if ra.slot == rb.slot:
                label = "same report" if ra.index == rb.index else gold.label(ra, rb)
                labels.append((ra, rb, label or "unlabelled"))
            elif frozenset((ra.slot, rb.slot)) in dm:
                labels.append((ra, rb, "different_measure"))
    wanted = {"conflict", "update", "different_measure"} if task == "discrepancy" else {"agree"}
    for ra, rb, label in labels:
        if label not in wanted:
            continue
        if label == "different_measure":
            if _num(ra.value) == _num(rb.value):
                continue
            unit: tuple = (_dm_key(ra.slot, rb.slot), value_pair(ra.value, rb.value))
        else:
            unit = (ra.slot, value_pair(ra.value, rb.value))
        return PairOutcome(pair, task, unit, True, "hit", must_not=violated)
    side_a = reports_a[0].slot if reports_a else f"claim {pair.a}"
    side_b = reports_b[0].slot if reports_b else f"claim {pair.b}"
    va = reports_a[0].value if reports_a else claim_value(claims[pair.a])
    vb = reports_b[0].value if reports_b else claim_value(claims[pair.b])
    (side_a, va), (side_b, vb) = sorted([(side_a, _num(va)), (side_b, _num(vb))], key=str)
    key = (side_a, side_b, (va, vb))
    found = {label for _, _, label in labels}
    if task == "agreement" and "compatible" in found:
        return PairOutcome(pair, task, key, False, "compatible", neutral=True, must_not=violated)
    if not reports_a or not reports_b:
        reason = "unmapped (a figure the gold does not list)"
    elif violated:
        reason = "must_not slot pair"
    elif found == {"different_measure"}:
        reason = "different-measure slot pair"
    elif found:
        reason = "same slot: " + "/".join(sorted(found - {"different_measure"}))
    else:
        reason = "different slots"
    unmapped = not reports_a or not reports_b
    return PairOutcome(pair, task, key, False, reason, unmapped=unmapped, must_not=violated)


@dataclass
class TaskScore:
    """Unit counts of one task (discrepancies or agreements)."""

    gold: int
    hit: int
    fp: int
    fp_unmapped: int = 0
    neutral: int = 0
    fp_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.hit / (self.hit + self.fp) if self.hit + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_units": self.gold,
            "tp_units": self.hit,
            "fp_units": self.fp,
            "fp_units_unmapped": self.fp_unmapped,
            "neutral_units": self.neutral,
            "fp_reasons": self.fp_reasons,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class SlotScore:
    """Everything one system scores on one slot-gold set, with examples of its errors."""

    discrepancy: TaskScore
    agreement: TaskScore
    must_not_entries: int
    must_not_total: int
    must_not_pairs: int
    pairs: int
    false_positives: list[PairOutcome] = field(default_factory=list)
    missed: list[Unit] = field(default_factory=list)
    missed_agreements: list[Unit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "discrepancy": self.discrepancy.to_dict(),
            "agreement": self.agreement.to_dict(),
            "must_not_entries_violated": self.must_not_entries,
            "must_not_entries": self.must_not_total,
            "must_not_claim_pairs": self.must_not_pairs,
            "predicted_pairs": self.pairs,
        }


def score_outcomes(
    outcomes: Sequence[PairOutcome],
    gold: SlotGold,
    units: tuple[dict[Unit, Any], dict[Unit, Any]] | None = None,
) -> SlotScore:
    """Deduplicate pair outcomes into units and count them per task."""
    discrepancy_units, agreement_units = units or gold_units(gold)
    tasks: dict[str, TaskScore] = {}
    false_positives: list[PairOutcome] = []
    missed: dict[str, list[Unit]] = {}
    for task, wanted in (("discrepancy", discrepancy_units), ("agreement", agreement_units)):
        mine = [o for o in outcomes if o.task == task]
        hit = {o.unit for o in mine if o.tp}
        fps: dict[tuple, PairOutcome] = {}
        neutral: set[tuple] = set()
        for o in mine:
            if o.neutral:
                neutral.add(o.unit)
            elif not o.tp:
                fps.setdefault(o.unit, o)
        reasons = Counter(o.reason for o in fps.values())
        tasks[task] = TaskScore(
            gold=len(wanted),
            hit=len(hit & set(wanted)),
            fp=len(fps),
            fp_unmapped=sum(o.unmapped for o in fps.values()),
            neutral=len(neutral),
            fp_reasons=dict(reasons.most_common()),
        )
        false_positives.extend(fps.values())
        missed[task] = [u for u in wanted if u not in hit]
    violated_pairs = {frozenset((o.pair.a, o.pair.b)) for o in outcomes if o.must_not}
    violated_entries = {n for o in outcomes for n in o.must_not}
    return SlotScore(
        discrepancy=tasks["discrepancy"],
        agreement=tasks["agreement"],
        must_not_entries=len(violated_entries),
        must_not_total=len(gold.must_not),
        must_not_pairs=len(violated_pairs),
        pairs=len(outcomes),
        false_positives=false_positives,
        missed=missed["discrepancy"],
        missed_agreements=missed["agreement"],
    )


# --- the naive baseline -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A baseline candidate: two claims with the same counted noun, and their sentence cosine."""

    a: str
    b: str
    cosine: float
    kind: str


def baseline_candidates(
    claims: Sequence[Claim], vectors: np.ndarray, *, floor: float = BASELINE_GRID[0]
) -> list[Candidate]:
    """Every pair (different sentences, same noun lemma, cosine above `floor`) with its kind.

    Values differ -> conflict, values equal -> agreement; the threshold is applied later.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for row, claim in enumerate(claims):
        if claim.noun and claim_value(claim) is not None:
            groups[claim.noun.lower().strip()].append(row)
    candidates: list[Candidate] = []
    for rows in groups.values():
        if len(rows) < 2:
            continue
        sims = vectors[rows] @ vectors[rows].T
        for x, y in zip(*np.nonzero(np.triu(sims > floor, k=1)), strict=True):
            a, b = claims[rows[x]], claims[rows[y]]
            if a.doc_id == b.doc_id and a.sentence_start == b.sentence_start:
                continue
            same = _num(claim_value(a)) == _num(claim_value(b))
            candidates.append(
                Candidate(a.id, b.id, float(sims[x, y]), "agreement" if same else "conflict")
            )
    return candidates


def baseline_pairs(candidates: Iterable[Candidate], threshold: float) -> list[Pair]:
    return [Pair(c.a, c.b, c.kind, c.cosine) for c in candidates if c.cosine > threshold]


def tune_baseline(
    candidates: Sequence[Candidate], score: Callable[[list[Pair]], float]
) -> tuple[float, dict[float, float]]:
    """The grid threshold with the best `score` (ties go to the lower threshold)."""
    curve = {t: score(baseline_pairs(candidates, t)) for t in BASELINE_GRID}
    best = max(BASELINE_GRID, key=lambda t: (curve[t], -t))
    return best, curve


# --- running the systems ----------------------------------------------------------------------


@dataclass
class Systems:
    """The claims of one set, and each system's predicted pairs on them."""

    documents: list[Document]
    claims: list[Claim]
    pairs: dict[str, list[Pair]]
    candidates: list[Candidate]
    seconds: float


def run_systems(
    checker: Checker,
    documents: Sequence[Document],
    *,
    label: str,
    progress: Progress = _quiet,
    prepared: Prepared | None = None,
) -> Systems:
    """One `compare` (ours), then the plain-sentence swap and the baseline on its claims.

    With `prepared` (the batch already parsed and embedded, as the cross-validation
    needs it too), ours is matched and judged on it without parsing again.
    """
    started = time.perf_counter()
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        progress(f"{label}: extracted {done}/{len(documents)} articles")

    if prepared is None:
        report = checker.compare(documents, progress=tick)
    else:
        report = checker.findings(prepared)
    claims = list(report.claims)
    by_id = {c.id: c for c in claims}
    progress(f"{label}: {len(claims)} claims; plain-sentence vectors")
    plain = checker.encoder.encode([sentence_text(c) for c in claims])
    doc_of = {d.id: d for d in documents}
    stories = story_vectors(report.names)
    contexts = [
        ClaimContext.build(c, doc_of[c.doc_id], v, story=stories.get(c.doc_id))
        for c, v in zip(claims, plain, strict=True)
    ]
    # only the claim text differs
    contexts = with_article_measures(with_frames(contexts, checker.encoder.encode))
    plain_findings = group_findings(
        [judge(m) for m in match_within(contexts, settings=checker.settings)]
    )
    progress(f"{label}: baseline candidates")
    candidates = baseline_candidates(claims, plain)
    return Systems(
        documents=list(documents),
        claims=claims,
        pairs={
            "ours": finding_pairs(report.findings, by_id),
            "ours_plain": finding_pairs(plain_findings, by_id),
        },
        candidates=candidates,
        seconds=time.perf_counter() - started,
    )


# --- the seed ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedItem:
    """A `must` (found with an accepted kind) or `must_not` (never paired) item of the seed gold."""

    must: bool
    claims: tuple[str, str]
    accept: tuple[str, ...]
    why: str

    @property
    def label(self) -> str:
        a, b = self.claims
        if self.must:
            return f"must {'/'.join(self.accept)} {a}-{b}"
        return f"must_not {a}-{b}"


@dataclass(frozen=True)
class SeedFindings:
    claims: SeedGold
    items: tuple[SeedItem, ...]


def read_seed_findings(path: Path) -> SeedFindings:
    """The seed gold's claims plus its `findings.must` and `findings.must_not` lists."""
    gold = read_seed_gold(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    findings = data.get("findings", {})
    items: list[SeedItem] = []
    for n, item in enumerate(findings.get("must", [])):
        if len(item.get("claims", [])) != 2:
            raise InputError(f"{path}: findings.must[{n}]: expected two claim ids")
        accept = tuple(item.get("accept") or [item["kind"]])
        items.append(SeedItem(True, tuple(item["claims"]), accept, item.get("why", "")))
    for n, item in enumerate(findings.get("must_not", [])):
        if len(item.get("claims", [])) != 2:
            raise InputError(f"{path}: findings.must_not[{n}]: expected two claim ids")
        items.append(SeedItem(False, tuple(item["claims"]), (), item.get("why", "")))
    return SeedFindings(gold, tuple(items))


def locate_seed_claims(gold: SeedGold, claims: Sequence[Claim]) -> dict[str, set[str]]:
    """Gold claim id -> ids of the extracted claims in its sentence with its value."""
    located: dict[str, set[str]] = {}
    for g in gold.claims:
        opening = " ".join(g.sentence_starts.split())
        located[g.id] = {
            c.id
            for c in claims
            if " ".join(c.sentence.split()).startswith(opening)
            and value_agrees(
                c, value=g.value, low=g.low, high=g.high, qualifier="approx" if g.approx else None
            )
        }
    return located


def score_seed_items(
    items: Sequence[SeedItem], located: Mapping[str, set[str]], pairs: Iterable[Pair]
) -> dict[str, bool]:
    """Item label -> passed. A must item fails when one of its claims was not extracted."""
    kinds: dict[frozenset[str], set[str]] = defaultdict(set)
    for pair in pairs:
        kinds[frozenset((pair.a, pair.b))].add(pair.kind)
    result: dict[str, bool] = {}
    for item in items:
        a, b = (located.get(c, set()) for c in item.claims)
        found = set().union(*(kinds.get(frozenset((x, y)), set()) for x in a for y in b if x != y))
        result[item.label] = bool(found & set(item.accept)) if item.must else not found
    return result


def evaluate_seed_matching(
    checker: Checker, seed_path: Path, gold_path: Path, *, progress: Progress = _quiet
) -> dict[str, Any]:
    """The seed bar for ours, ours on plain sentences and the baseline (tuned on items passed)."""
    gold = read_seed_findings(gold_path)
    text = seed_path.read_text(encoding="utf-8")
    document = document_from_text(text, doc_id=seed_path.stem, source="AP")
    systems = run_systems(checker, [document], label="seed", progress=progress)
    located = locate_seed_claims(gold.claims, systems.claims)

    def passed(pairs: list[Pair]) -> float:
        return float(sum(score_seed_items(gold.items, located, pairs).values()))

    threshold, curve = tune_baseline(systems.candidates, passed)
    systems.pairs["baseline"] = baseline_pairs(systems.candidates, threshold)
    results = {name: score_seed_items(gold.items, located, systems.pairs[name]) for name in SYSTEMS}
    return {
        "items": [item.label for item in gold.items],
        "results": results,
        "unlocated": sorted(g for g, ids in located.items() if not ids),
        "baseline_threshold": threshold,
        "baseline_curve": curve,
        "claims": len(systems.claims),
        "seconds": round(systems.seconds, 2),
    }


def render_seed(result: Mapping[str, Any]) -> str:
    title = "Seed article (dev/seed_gold.json): must / must_not findings"
    width = max(len(i) for i in result["items"])
    head = f"  {'item'.ljust(width)}  " + "  ".join(f"{SYSTEM_TITLES[s]:>22}" for s in SYSTEMS)
    lines = [title, "-" * len(title), head]
    for item in result["items"]:
        marks = ("pass" if result["results"][s][item] else "FAIL" for s in SYSTEMS)
        lines.append(f"  {item.ljust(width)}  " + "  ".join(f"{m:>22}" for m in marks))
    totals = [sum(result["results"][s].values()) for s in SYSTEMS]
    cells = [f"{t}/{len(result['items'])}" for t in totals]
    lines.append(f"  {'passed'.ljust(width)}  " + "  ".join(f"{c:>22}" for c in cells))
    lines.append(
        f"  baseline threshold {result['baseline_threshold']:.2f} (best items passed on the grid)"
    )
    if result["unlocated"]:
        lines.append(f"  gold claims not extracted: {', '.join(result['unlocated'])}")
    return "\n".join(lines)


# --- slot-gold sets ---------------------------------------------------------------------------


def load_ecbplus(root: Path, *, limit: int | None = None) -> tuple[list[Document], SlotGold]:
    """Every document of the annotated subtopics (the first `limit` of each with `limit`)."""
    gold = read_slot_gold(root / "gold.json")
    data = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    wanted: list[str] = []
    for subtopic in data["subtopics"]:
        wanted.extend(subtopic["docs"][:limit])
    texts: dict[str, str] = {}
    published: dict[str, str | None] = {}
    path = root / "docs.jsonl"
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: line {number}: {exc.msg}") from exc
            texts[item["doc_id"]] = item["text"]
            published[item["doc_id"]] = item.get("published")
    missing = [d for d in wanted if d not in texts]
    if missing:
        raise InputError(f"{path}: annotated documents missing: {', '.join(missing[:5])}")
    documents = [_document(texts[d], doc_id=d, published=published.get(d)) for d in wanted]
    return documents, gold.restricted(wanted)


def subtopic_folds(gold_path: Path, *, by_topic: bool) -> dict[str, str]:
    """Article id -> the fold it is held out with: its ECB+ topic (both of a topic's
    subtopics, two events of one kind, go together) or its own subtopic."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    folds: dict[str, str] = {}
    for subtopic in data.get("subtopics", []):
        name = str(subtopic["subtopic"])
        fold = name.split("ecb")[0] if by_topic and "ecb" in name else name
        folds.update(dict.fromkeys(subtopic.get("docs", []), fold))
    return folds


def load_multisource(
    directory: Path, *, limit: int | None = None
) -> tuple[list[Document], SlotGold]:
    """The own multi-source set: articles.csv and its gold.json."""
    result = read_csv(directory / "articles.csv")
    if result.problems:
        raise InputError(f"{directory / 'articles.csv'}: {result.problems[0]}")
    documents = list(result.documents)
    gold = read_slot_gold(directory / "gold.json")
    if limit is not None:
        documents = documents[:limit]
    return documents, gold.restricted(d.id for d in documents)


def _document(text: str, *, doc_id: str, published: str | None = None) -> Document:
    document = document_from_text(text, doc_id=doc_id, published=published)
    if document.text != text:
        raise FactcheckError(f"document {doc_id}: ingest changed the text; offsets would drift")
    return document


def _excerpt(claim: Claim, width: int = 110) -> str:
    """The claim's sentence around its figure, figure in [brackets]."""
    sentence = claim.sentence
    start, end = claim.figure_in_sentence
    if not 0 <= start <= end <= len(sentence):
        return " ".join(sentence.split())[:width]
    marked = f"{sentence[:start]}[{sentence[start:end]}]{sentence[end:]}"
    marked = " ".join(marked.split())
    at = marked.find("[")
    lo = max(0, at - width // 2)
    text = marked[lo : lo + width]
    return ("..." if lo else "") + text + ("..." if lo + width < len(marked) else "")


def evaluate_slot_set(
    checker: Checker,
    documents: Sequence[Document],
    gold: SlotGold,
    *,
    label: str,
    progress: Progress = _quiet,
    errors: int = 15,
    prepared: Prepared | None = None,
) -> dict[str, Any]:
    """All three systems on one slot-gold set; the baseline tuned for its discrepancy F1."""
    systems = run_systems(checker, documents, label=label, progress=progress, prepared=prepared)
    return score_systems(systems, gold, errors=errors)


def score_systems(systems: Systems, gold: SlotGold, *, errors: int = 15) -> dict[str, Any]:
    """Scores, baseline tuning curve and error listings of already-run systems."""
    claims = {c.id: c for c in systems.claims}
    mapping = map_claims(systems.claims, gold)
    units = gold_units(gold)

    judged: dict[Pair, PairOutcome] = {}  # the baseline grid re-scores the same pairs

    def scored(pairs: Sequence[Pair]) -> SlotScore:
        outcomes = []
        for pair in pairs:
            if pair not in judged:
                judged[pair] = judge_pair(pair, claims, mapping, gold)
            outcomes.append(judged[pair])
        return score_outcomes(outcomes, gold, units)

    grid = {t: scored(baseline_pairs(systems.candidates, t)) for t in BASELINE_GRID}
    threshold, _ = tune_baseline(systems.candidates, lambda ps: scored(ps).discrepancy.f1)
    systems.pairs["baseline"] = baseline_pairs(systems.candidates, threshold)
    scores = {name: scored(systems.pairs[name]) for name in SYSTEMS}
    curve = {
        str(t): {
            task: {
                "precision": round(getattr(s, task).precision, 4),
                "recall": round(getattr(s, task).recall, 4),
                "f1": round(getattr(s, task).f1, 4),
            }
            for task in ("discrepancy", "agreement")
        }
        for t, s in grid.items()
    }
    realised = set(units[0])
    unrealised = [u for u in gold.listed if u not in realised]
    reports_found = len({r for rs in mapping.values() for r in rs})
    return {
        "documents": len(systems.documents),
        "claims": len(systems.claims),
        "claims_mapped": len(mapping),
        "gold_reports": len(gold.reports),
        "gold_reports_extracted": reports_found,
        "listed_pairs_only_compatible": [f"{s} {_fmt_values(v)}" for s, v in unrealised],
        "baseline_threshold": threshold,
        "baseline_curve": curve,
        "scores": {name: scores[name].to_dict() for name in SYSTEMS},
        "errors": _error_listing(scores["ours"], claims, mapping, gold, units, limit=errors),
        "seconds": round(systems.seconds, 2),
        "_scores": scores,
    }


def _error_listing(
    score: SlotScore,
    claims: Mapping[str, Claim],
    mapping: Mapping[str, tuple[GoldReport, ...]],
    gold: SlotGold,
    units: tuple[dict[Unit, list[tuple[GoldReport, GoldReport]]], ...],
    *,
    limit: int,
) -> dict[str, list[str]]:
    """Readable lines for the first `limit` false-positive and missed discrepancy units."""
    extracted = {(r.slot, r.index) for rs in mapping.values() for r in rs}
    fps = []
    for o in sorted(
        (o for o in score.false_positives if o.task == "discrepancy"), key=lambda o: -o.pair.score
    )[:limit]:
        a, b = claims[o.pair.a], claims[o.pair.b]
        fps.append(
            f"{o.pair.kind} {_fmt(claim_value(a))} vs {_fmt(claim_value(b))} ({o.reason}; "
            f"{o.unit[0]} / {o.unit[1]}): {a.doc_id}: {_excerpt(a)} || {b.doc_id}: {_excerpt(b)}"
        )
    missed = []
    for unit in score.missed[:limit]:
        ra, rb = units[0][unit][0]
        state = [
            "extracted" if (r.slot, r.index) in extracted else "NOT extracted" for r in (ra, rb)
        ]
        missed.append(
            f"{unit[0]} {_fmt_values(unit[1])}: {ra.doc_id} ({state[0]}): {ra.quote!r} || "
            f"{rb.doc_id} ({state[1]}): {rb.quote!r}"
        )
    return {"false_positives": fps, "missed": missed}


def _cell(task: TaskScore, what: str) -> str:
    if what == "precision":
        return f"{task.precision:.2f} ({task.hit}/{task.hit + task.fp})"
    if what == "recall":
        return f"{task.recall:.2f} ({task.hit}/{task.gold})"
    return f"{task.f1:.2f}"


def render_slot_set(title: str, result: Mapping[str, Any]) -> str:
    """The side-by-side table (ours, ours with plain sentences, baseline) and the error listing."""
    scores: dict[str, SlotScore] = result["_scores"]
    heads = [SYSTEM_TITLES[s] for s in SYSTEMS]
    heads[-1] += f" (t={result['baseline_threshold']:.2f})"
    rows: list[tuple[str, list[str]]] = []
    for task in ("discrepancy", "agreement"):
        for what in ("precision", "recall", "F1"):
            rows.append(
                (f"{task} {what}", [_cell(getattr(scores[s], task), what.lower()) for s in SYSTEMS])
            )
        rows.append(
            (
                f"  {task} FP units (unmapped)",
                [
                    f"{getattr(scores[s], task).fp} ({getattr(scores[s], task).fp_unmapped})"
                    for s in SYSTEMS
                ],
            )
        )
    rows.append(
        (
            "must_not entries violated",
            [f"{scores[s].must_not_entries}/{scores[s].must_not_total}" for s in SYSTEMS],
        )
    )
    rows.append(("  claim pairs violating", [str(scores[s].must_not_pairs) for s in SYSTEMS]))
    rows.append(("predicted pairs", [str(scores[s].pairs) for s in SYSTEMS]))
    width = max(len(r[0]) for r in rows)
    col = max(24, *(len(h) for h in heads))
    header = (
        f"{title}: {result['documents']} documents, {result['claims']} claims, "
        f"{result['gold_reports_extracted']}/{result['gold_reports']} gold reports extracted"
    )
    lines = [header, "-" * len(header)]
    lines.append(f"  {''.ljust(width)}  " + "  ".join(h.rjust(col) for h in heads))
    for name, cells in rows:
        lines.append(f"  {name.ljust(width)}  " + "  ".join(c.rjust(col) for c in cells))
    curve = result["baseline_curve"]
    lines.append(
        "  baseline discrepancy precision/recall by threshold: "
        + ", ".join(
            f"{float(t):.2f} {v['precision']:.2f}/{v['recall']:.2f}"
            for t, v in ((t, v["discrepancy"]) for t, v in curve.items())
        )
    )
    reasons = scores["ours"].discrepancy.fp_reasons
    if reasons:
        lines.append(
            "  ours, discrepancy FP units by reason: "
            + ", ".join(f"{k} {v}" for k, v in reasons.items())
        )
    if result["listed_pairs_only_compatible"]:
        lines.append(
            "  listed conflicts whose report pairs are all 'compatible' (not required): "
            + "; ".join(result["listed_pairs_only_compatible"])
        )
    listings = (
        ("ours, false-positive discrepancy units", "false_positives"),
        ("ours, missed discrepancy units", "missed"),
    )
    for heading, key in listings:
        items = result["errors"][key]
        if items:
            lines.append(f"  {heading} (first {len(items)}):")
            lines += [f"    - {item}" for item in items]
    return "\n".join(lines)


# --- the command ------------------------------------------------------------------------------


def _stderr_progress() -> Progress:
    tty = sys.stderr.isatty()
    last = [0.0]

    def show(message: str) -> None:
        now = time.monotonic()
        if tty:
            print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)
        elif now - last[0] > 5 or not message.split(":")[-1].strip().startswith("extracted"):
            print(message, file=sys.stderr, flush=True)
            last[0] = now

    return show


def run_matching(args: Any) -> int:
    """`python -m factcheck.eval matching`: print the tables, optionally write every number."""
    from factcheck.embed import load_encoder
    from factcheck.matching import MatchSettings
    from factcheck.nlp import load_nlp

    progress = _stderr_progress()
    progress("loading models")
    checker = Checker(nlp=load_nlp(), encoder=load_encoder(args.encoder), settings=MatchSettings())
    shared: Path = args.shared
    output: dict[str, Any] = {"limit": args.limit, "skipped": {}}
    seed, seed_gold = shared / "seeds" / SEED_NAME, shared / "dev" / "seed_gold.json"
    sets: dict[str, tuple[list[Path], str, Callable[[], tuple[list[Document], SlotGold]]]] = {
        "ecbplus": (
            [shared / ECBPLUS],
            "ECB+ dev (21 annotated subtopics, one compare run)",
            lambda: load_ecbplus(shared / ECBPLUS, limit=args.limit),
        ),
        "own": (
            [args.multisource],
            "Own multi-source set (tests/data/multisource)",
            lambda: load_multisource(args.multisource, limit=args.limit),
        ),
    }
    from factcheck.eval.training import held_out_report, load_training_sets, render_held_out
    from factcheck.matching.pair_model import load_pair_model

    slot_sets = [n for n in args.sections if n != "seed"]
    loaded = load_training_sets(
        checker,
        shared,
        multisource=args.multisource,
        limit=args.limit,
        progress=progress,
        names=[*slot_sets, "seed"],
    )
    for name in args.sections:
        started = time.perf_counter()
        if name == "seed":
            missing = [str(p) for p in (seed, seed_gold) if not p.exists()]
            if missing:
                output["skipped"][name] = f"missing {', '.join(missing)}"
                print(f"seed: skipped (missing {', '.join(missing)})\n")
                continue
            result = evaluate_seed_matching(checker, seed, seed_gold, progress=progress)
            _end_progress()
            print(render_seed(result))
            output[name] = result
        else:
            needed, title, _ = sets[name]
            missing = [str(p) for p in needed if not p.exists()]
            if missing:
                output["skipped"][name] = f"missing {', '.join(missing)}"
                print(f"{name}: skipped (missing {', '.join(missing)})\n")
                continue
            pair_set = loaded.sets[name]
            prepared = loaded.prepared[name]
            result = evaluate_slot_set(
                checker,
                list(prepared.documents),
                pair_set.gold,
                label=name,
                progress=progress,
                errors=args.errors,
                prepared=prepared,
            )
            _end_progress()
            print(render_slot_set(title, result))
            output[name] = {k: v for k, v in result.items() if not k.startswith("_")}
            others = [s for n, s in loaded.sets.items() if n != name]
            progress(f"{name}: fitting the pair model with each fold held out")
            held = held_out_report(pair_set, others, load_pair_model())
            _end_progress()
            print()
            print(render_held_out(f"{title}: the pair model, each fold held out", held))
            output[name]["pair_model"] = held
        print(f"  ({time.perf_counter() - started:.1f} s)\n")
    if args.json:
        args.json.write_text(json.dumps(output, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"numbers written to {args.json}")
    return 0


def _end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


def add_matching(subparsers: Any, *, shared: Path) -> None:
    """Register `matching` on the `python -m factcheck.eval` parser."""
    parser = subparsers.add_parser(
        "matching",
        help="findings (conflicts, agreements) against the seed, ECB+ dev and own gold",
        description=(
            "Score cross-source matching and judging on the seed article, ECB+ dev and "
            "tests/data/multisource, side by side with a plain-sentence variant and a "
            "naive baseline. Example: python -m factcheck.eval matching --sections seed own"
        ),
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every number to FILE")
    parser.add_argument(
        "--limit", type=_positive, metavar="N",
        help="only the first N documents of each ECB+ subtopic (and of the own set)",
    )  # fmt: skip
    parser.add_argument(
        "--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sets to run"
    )
    parser.add_argument(
        "--errors", type=int, default=15, metavar="N", help="false positives and misses to list"
    )
    add_data_options(parser, shared=shared, encoder_help="sentence encoder of the claim vectors")
    parser.set_defaults(run=run_matching)


def add_data_options(parser: Any, *, shared: Path, encoder_help: str) -> None:
    """--shared, --multisource and --encoder: where the gold sets are, and which encoder
    embeds their claims (the `matching` and `train` commands read the same sets)."""
    from factcheck.embed import DEFAULT_ENCODER, ENCODERS

    parser.add_argument(
        "--shared", type=Path, default=shared, metavar="DIR", help="the shared data folder"
    )
    parser.add_argument(
        "--multisource", type=Path, default=MULTISOURCE, metavar="DIR",
        help="folder with the own articles.csv and gold.json",
    )  # fmt: skip
    parser.add_argument(
        "--encoder", choices=ENCODERS, default=DEFAULT_ENCODER,
        help=f"{encoder_help} (default: {DEFAULT_ENCODER})",
    )  # fmt: skip


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value

"""`python -m factcheck.eval measures`: is the canonical measure one per gold quantity?

A gold slot of the ECB+ dev set is one quantity of one event, reported several
times. Each report that an extracted claim overlaps gets that claim's canonical
measure (`measure.Measure.canonical`); a report is right when its measure is the
one most of its slot's reports get. Purity alone is met by one measure for
everything, so the run also prints how many distinct measures are used and how
many `must_not` slot pairs (two quantities that must never be paired) get
different canonical measures or different references.

    python -m factcheck.eval measures               # every annotated subtopic
    python -m factcheck.eval measures --worst 20 --json out.json
    python -m factcheck.eval measures --worst-of tuned   # list worst slots of topics 3-16 only

The lexicon was tuned looking at topics 3-16 only; topics 18-22 are scored
apart as the held-aside part.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from factcheck.eval.matching import load_ecbplus, map_claims
from factcheck.extract import extract_all
from factcheck.measure import measure_of
from factcheck.model import Claim
from factcheck.nlp import load_nlp

ECBPLUS = Path("data") / "ecbplus-dev"
TUNED_TOPICS = frozenset({3, 5, 8, 10, 12, 13, 16})
"""Topics whose slots were read while writing the lexicon; the others are held aside."""
BAR = 0.90


@dataclass(frozen=True)
class MeasuredReport:
    """One gold report and the canonical measure its overlapping claim was given."""

    slot: str
    canonical: str
    reference: str | None = None


@dataclass(frozen=True)
class SlotConfusion:
    """How one slot's reports spread over canonical measures (most frequent first)."""

    slot: str
    reports: int
    right: int
    measures: tuple[tuple[str, int], ...]
    text: str = ""

    @property
    def wrong(self) -> int:
        return self.reports - self.right


@dataclass(frozen=True)
class MeasureScore:
    """Canonical-measure purity over gold slots, spread of measures, must_not separation."""

    reports: int
    right: int
    distinct: int
    must_not_judged: int
    must_not_separated: int
    slots: tuple[SlotConfusion, ...] = field(default=())

    @property
    def accuracy(self) -> float:
        return self.right / self.reports if self.reports else 0.0

    @property
    def separation(self) -> float:
        return self.must_not_separated / self.must_not_judged if self.must_not_judged else 0.0

    def worst(self, n: int) -> list[SlotConfusion]:
        """The slots with the most reports off their majority measure."""
        ranked = sorted(self.slots, key=lambda s: (-s.wrong, -s.reports, s.slot))
        return [s for s in ranked if s.wrong][:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "right": self.right,
            "accuracy": round(self.accuracy, 4),
            "distinct": self.distinct,
            "must_not_judged": self.must_not_judged,
            "must_not_separated": self.must_not_separated,
            "separation": round(self.separation, 4),
            "slots": [asdict(s) for s in self.slots],
        }


def _majority(values: Iterable[Any]) -> tuple[Any, int]:
    """The most frequent value and its count; ties go to the value that sorts first, so
    the score does not depend on report order."""
    counts = Counter(values)
    if not counts:
        return None, 0
    best = max(counts.values())
    return min((v for v, c in counts.items() if c == best), key=lambda v: str(v)), best


def score_measures(
    reports: Sequence[MeasuredReport],
    must_not: Iterable[tuple[str, str]] = (),
    *,
    slot_text: Mapping[str, str] | None = None,
) -> MeasureScore:
    """Purity of canonical measures within slots, and how many must_not pairs they separate.

    A report is right when its canonical measure is its slot's majority one. A
    must_not pair is judged when both slots have measured reports; it is
    separated when the slots' majority measures differ, or both slots name a
    reference and their majority references differ.
    """
    by_slot: dict[str, list[MeasuredReport]] = defaultdict(list)
    for report in reports:
        by_slot[report.slot].append(report)
    slots: list[SlotConfusion] = []
    majority: dict[str, tuple[str, str | None]] = {}
    for slot, items in sorted(by_slot.items()):
        measure, right = _majority(r.canonical for r in items)
        reference, _ = _majority(r.reference for r in items if r.reference is not None)
        majority[slot] = (measure, reference)
        counts = Counter(r.canonical for r in items).most_common()
        slots.append(
            SlotConfusion(
                slot=slot,
                reports=len(items),
                right=right,
                measures=tuple(counts),
                text=(slot_text or {}).get(slot, ""),
            )
        )
    judged = separated = 0
    for a, b in must_not:
        if a not in majority or b not in majority:
            continue
        judged += 1
        (measure_a, ref_a), (measure_b, ref_b) = majority[a], majority[b]
        if measure_a != measure_b or (ref_a is not None and ref_b is not None and ref_a != ref_b):
            separated += 1
    return MeasureScore(
        reports=len(reports),
        right=sum(s.right for s in slots),
        distinct=len({r.canonical for r in reports}),
        must_not_judged=judged,
        must_not_separated=separated,
        slots=tuple(slots),
    )


def measured_reports(claims: Iterable[Claim], gold: Any) -> list[MeasuredReport]:
    """Each gold report an extracted claim overlaps, with that claim's canonical measure.

    A report overlapped by several claims takes the first in reading order.
    """
    claims = list(claims)
    by_id = {c.id: c for c in claims}
    chosen: dict[tuple[str, int], Claim] = {}
    for claim_id, hits in map_claims(claims, gold).items():
        claim = by_id[claim_id]
        for report in hits:
            key = (report.slot, report.index)
            if key not in chosen or claim.start < chosen[key].start:
                chosen[key] = claim
    result = []
    for (slot, _), claim in sorted(chosen.items()):
        measure = measure_of(claim)
        result.append(MeasuredReport(slot, measure.canonical, measure.reference))
    return result


def topic_of(slot: str) -> int:
    """ "8ecbplus.athens_crowd" -> 8."""
    return int("".join(ch for ch in slot.split(".")[0] if ch.isdigit()))


def slot_texts(root: Path) -> dict[str, str]:
    """Slot id -> the gold's plain description of its quantity (`measure`)."""
    data = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    return {
        slot["id"]: slot.get("measure", "")
        for subtopic in data.get("subtopics", [])
        for slot in subtopic.get("slots", [])
    }


def score_parts(
    reports: Sequence[MeasuredReport],
    must_not: Sequence[tuple[str, str]],
    *,
    slot_text: Mapping[str, str] | None = None,
) -> dict[str, MeasureScore]:
    """The score over all reports, over the tuned topics and over the held-aside ones."""
    parts: dict[str, MeasureScore] = {}
    for name, keep in (
        ("all", lambda t: True),
        ("tuned (topics 3-16)", lambda t: t in TUNED_TOPICS),
        ("held aside (topics 18-22)", lambda t: t not in TUNED_TOPICS),
    ):
        chosen = [r for r in reports if keep(topic_of(r.slot))]
        pairs = [(a, b) for a, b in must_not if keep(topic_of(a))]
        parts[name] = score_measures(chosen, pairs, slot_text=slot_text)
    return parts


PART_NAMES = {"all": "all", "tuned": "tuned (topics 3-16)", "held": "held aside (topics 18-22)"}
"""`--worst-of` choices -> the part whose worst slots are listed."""


def render(parts: Mapping[str, MeasureScore], *, worst: int = 15, worst_of: str = "all") -> str:
    """The printed report: one line of numbers a part, then the worst slots of one part.

    Listing only the tuned part's slots (`worst_of="tuned"`) lets whoever extends the
    lexicon read its failures without reading the held-aside topics' ones, which
    would make the held-aside number a tuned one.
    """
    lines = ["Canonical measures on ECB+ dev (a report is right when it has its slot's majority)"]
    lines.append("-" * len(lines[0]))
    for name, score in parts.items():
        mark = "ok" if score.accuracy >= BAR else f"below the {BAR:.2f} bar"
        lines.append(
            f"  {name:26} accuracy {score.right}/{score.reports} ({score.accuracy:.3f}, {mark}); "
            f"{score.distinct} distinct measures; must_not pairs separated "
            f"{score.must_not_separated}/{score.must_not_judged} ({score.separation:.2f})"
        )
    every = parts.get(PART_NAMES[worst_of], next(iter(parts.values())))
    lines.append(f"  worst slots of {worst_of} (of {len(every.slots)} with a measured report):")
    for slot in every.worst(worst):
        spread = ", ".join(f"{m} x{n}" for m, n in slot.measures)
        lines.append(f"    - {slot.slot} ({slot.text}): {spread}")
    return "\n".join(lines)


def run_measures(args: Any) -> int:
    root: Path = args.shared / ECBPLUS
    if not (root / "gold.json").exists():
        print(f"measures: skipped (missing {root / 'gold.json'})")
        return 0
    documents, gold = load_ecbplus(root, limit=args.limit)
    nlp = load_nlp()
    print(f"measures: extracting {len(documents)} articles", file=sys.stderr)
    claims = [c for batch in extract_all(documents, nlp=nlp) for c in batch]
    reports = measured_reports(claims, gold)
    must_not = [(a, b) for a, b, _ in gold.must_not]
    parts = score_parts(reports, must_not, slot_text=slot_texts(root))
    print(render(parts, worst=args.worst, worst_of=args.worst_of))
    if args.json:
        output = {name: score.to_dict() for name, score in parts.items()}
        args.json.write_text(json.dumps(output, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"numbers written to {args.json}")
    return 0


def add_measures(subparsers: Any, *, shared: Path) -> None:
    """Register `measures` on the `python -m factcheck.eval` parser."""
    parser = subparsers.add_parser(
        "measures",
        help="canonical measure purity over ECB+ dev gold slots",
        description=(
            "Score the canonical measure of claims against the ECB+ dev slots: purity, "
            "distinct measures, must_not separation. Example: "
            "python -m factcheck.eval measures --worst 20"
        ),
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every number to FILE")
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="only the first N documents of each subtopic"
    )
    parser.add_argument(
        "--worst", type=_positive, default=15, metavar="N", help="slots to list (default 15)"
    )
    parser.add_argument(
        "--worst-of",
        choices=sorted(PART_NAMES),
        default="all",
        help="the part whose worst slots are listed (default all; tuned keeps the held-aside "
        "topics unread while the lexicon is extended)",
    )
    parser.add_argument(
        "--shared", type=Path, default=shared, metavar="DIR", help="the shared data folder"
    )
    parser.set_defaults(run=run_measures)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"must be at least 1, not {value}")
    return value

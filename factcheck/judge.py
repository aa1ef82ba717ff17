"""Same thing, different value? The verdict on a matched pair, and findings grouped per figure.

Values are compared as intervals, so qualifiers count: "at least 14" and "14"
agree, "at least 50" and "80" can both hold, "up to 200,000" and "30,000" are
a conflict between estimates only when the intervals cannot meet. Kinds:

- `agreement`: the intervals meet (rounding allowed on large round numbers);
- `different_measure`: the same thing counted by different predicates
  ("30 fired" vs "14 landed"): a discrepancy, labelled so the reader sees why
  both may hold;
- `update`: the same speaker gives a new figure later (a later report, or
  wording such as "rose to");
- `conflict`: the rest: the figures cannot both be true.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from factcheck.match import UPDATE_WORDS, Match, same_name
from factcheck.measure import comparable_scale
from factcheck.model import Claim, Finding

INFINITY = math.inf


def interval(claim: Claim) -> tuple[float, float]:
    """The values a claim allows, with rounding slack on large round figures, on its
    measure's common scale (a distance in miles is compared in kilometres)."""
    low = claim.low if claim.low is not None else (claim.value if claim.value is not None else 0)
    high = claim.high if claim.high is not None else INFINITY
    if claim.qualifier in {"up_to", "less_than"} and claim.low is None:
        low = 0.0
    if claim.qualifier in {"at_least", "more_than"} and claim.high is None:
        high = INFINITY
    if claim.qualifier == "exact" and claim.value is not None and abs(claim.value) >= 1000:
        slack = abs(claim.value) * 0.02  # "1.5 million" and "1,520,000" agree
        low, high = claim.value - slack, claim.value + slack
    scale = comparable_scale(claim)
    return float(low) * scale, float(high) * scale


CONVERSION_SLACK = 0.03
"""How far a figure converted from another unit may be off: "30 miles" is "48 km"."""


def values_agree(a: Claim, b: Claim) -> bool:
    """Can both figures be true at once?"""
    a_low, a_high = interval(a)
    b_low, b_high = interval(b)
    if comparable_scale(a) != comparable_scale(b):  # one side converted and rounded the other's
        a_low, a_high = a_low * (1 - CONVERSION_SLACK), a_high * (1 + CONVERSION_SLACK)
    return a_low <= b_high + 1e-9 and b_low <= a_high + 1e-9


def same_speaker(a: Claim, b: Claim) -> bool:
    return bool(a.speaker and b.speaker and same_name(a.speaker, b.speaker))


def _display(claim: Claim) -> str:
    who = claim.speaker or "the outlet"
    return f"{claim.figure_text} ({who})"


def judge(match: Match) -> Finding:
    """The kind, score and one-sentence why of a matched pair."""
    a, b = match.a, match.b
    ca, cb = a.claim, b.claim
    if (b.document.published or "") < (a.document.published or ""):
        a, b, ca, cb = b, a, cb, ca  # earlier report first
    checks = dict(match.checks)
    measure = a.measure.label
    if ca.places or cb.places:
        measure += f" at {(ca.places or cb.places)[0]}"
    evidence = _evidence(checks)
    measured_differently = (
        a.measure.event and b.measure.event and a.measure.event != b.measure.event
    )
    if values_agree(ca, cb) and not (measured_differently and ca.point != cb.point):
        kind = "agreement"
        why = f"{_display(ca)} and {_display(cb)} agree on {a.measure.kind}{evidence}."
    elif measured_differently:
        kind = "different_measure"
        why = (
            f"{_display(ca)} counts {a.measure.event}, {_display(cb)} counts "
            f"{b.measure.event}: the same {a.measure.kind}, measured differently{evidence}."
        )
    elif same_speaker(ca, cb) and _is_update(a.document.published, b.document.published, cb):
        kind = "update"
        why = f"{ca.speaker} first gave {ca.figure_text}, later {cb.figure_text}{evidence}."
    else:
        kind = "conflict"
        why = f"{_display(ca)} vs {_display(cb)} on {a.measure.kind}{evidence}."
    return Finding(
        kind=kind,
        claims=(ca.id, cb.id),
        measure=measure,
        values=(ca.point, cb.point),
        score=match.score,
        why=why,
        checks=checks,
    )


def _is_update(first: str | None, second: str | None, later: Claim) -> bool:
    if first and second and first < second:
        return True
    words = {w.strip(".,").lower() for w in later.sentence.split()}
    return bool(words & UPDATE_WORDS)


def _evidence(checks: dict) -> str:
    parts = [f"similarity {checks.get('similarity', 0):.2f}"]
    if checks.get("shared_places"):
        parts.append("same place (" + checks["shared_places"][0] + ")")
    if checks.get("date_gap_days") is not None:
        parts.append(f"dates {checks['date_gap_days']} day(s) apart")
    return "; " + ", ".join(parts) if parts else ""


def group_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Merge pairwise findings that report the same values of one measure into one finding.

    Pairs are merged only when they share a claim, so a finding lists every
    report of one figure without chaining unrelated pairs together.
    """
    buckets: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in findings:
        key = (finding.kind, finding.measure, tuple(sorted(map(str, finding.values))))
        buckets[key].append(finding)
    merged: list[Finding] = []
    for group in buckets.values():
        for component in _components(group):
            if len(component) == 1:
                merged.append(component[0])
                continue
            claim_ids = tuple(dict.fromkeys(cid for f in component for cid in f.claims))
            best = max(component, key=lambda f: f.score)
            merged.append(
                Finding(
                    kind=best.kind,
                    claims=claim_ids,
                    measure=best.measure,
                    values=best.values,
                    score=best.score,
                    why=best.why,
                    checks={**best.checks, "pairs": [list(f.claims) for f in component]},
                )
            )
    merged.sort(key=lambda f: (_KIND_ORDER[f.kind], -f.score))
    return merged


_KIND_ORDER = {"conflict": 0, "different_measure": 1, "update": 2, "agreement": 3}


def _components(findings: list[Finding]) -> list[list[Finding]]:
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, finding in enumerate(findings):
        for claim_id in finding.claims:
            if claim_id in owner:
                parent[root(i)] = root(owner[claim_id])
            else:
                owner[claim_id] = i
    groups: dict[int, list[Finding]] = defaultdict(list)
    for i, finding in enumerate(findings):
        groups[root(i)].append(finding)
    return list(groups.values())

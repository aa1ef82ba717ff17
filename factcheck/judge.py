"""Same thing, different value? The verdict on a matched pair, and one finding per quantity.

Values are compared as intervals, so qualifiers count: "at least 14" and "14"
agree, "at least 50" and "80" can both hold. Kinds:

- `agreement`: the intervals meet (an exact figure allows what rounds to it as written);
- `different_measure`: the same thing counted by different predicates
  ("30 fired" vs "14 landed"): a discrepancy, labelled so the reader sees why
  both may hold;
- `update`: the same speaker gives a new figure later (a later report, or
  wording such as "rose to");
- `conflict`: the rest: the figures cannot both be true; or two sources each
  give their own estimate of one quantity at one time (`dispute` "competing
  estimates"), even when a hedge lets both hold: "organisers claimed up to
  80,000" and "police put the marchers at 12,000" are a dispute, since each
  source gives its own figure, although 12,000 is within "up to 80,000".

What separates a dispute from a compatible pair is structure, never wording of
one article: two different named sources (not one source and its spokesman),
figures that differ as written by more than a hedge stretches (`DISPUTE_RATIO`:
"more than 100,000" and "120,000" are one figure told twice, "up to 80,000" and
"12,000" are not), and no sign that one is a later count (a later publication
day, or a sentence that marks a change). "At least 5 dead" on Monday and "11
dead" on Tuesday can both hold; the later count is within the early hedge.

A different measure is a different stage of one flow that the lexicon names
(`PREDICATE_FAMILIES`: fired and hit, destroyed and damaged). Two other verbs
around one quantity ("offered $184 million", "pegged the offer at $184
million") are two ways of telling it, and are judged on their values.

`group_findings` turns the judged pairs into one finding per quantity: every
report of it, its distinct values, who gave each, and the pairs inside it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from factcheck import words
from factcheck.collect import fewer_collections
from factcheck.matching.checks import UPDATE_WORDS, marks_change
from factcheck.matching.match import Match
from factcheck.matching.names import same_name
from factcheck.measure import PREDICATE_FAMILIES, comparable_scale
from factcheck.model import (
    COMPETING_ESTIMATES,
    KIND_ORDER,
    Claim,
    Finding,
    FindingReport,
    JudgedPair,
)

INFINITY = float("inf")

OPEN_BOUNDS = frozenset({"at_least", "more_than", "up_to", "less_than"})
"""Qualifiers that leave one side of the interval open: only a bound is given."""


NUMERAL = re.compile(r"\d+(?:,\s?\d{3})*(?:\.(\d+))?")
"""A number as written: "82", "20, 000" (as some feeds space it), "1.52"."""


def written_step(claim: Claim) -> float | None:
    """The step of the figure's last written digit, in the units of its value: "$82
    million" 1 million, "1.5 million" 0.1 million, "1,520,000" 1, "three" 1.

    A figure is as precise as it is written: "1.5 million" allows 1,520,000,
    "$82 million" does not allow $80 million. None when the text does not say
    (no numeral, or one that is not the value scaled by a power of ten).
    """
    if claim.value is None or claim.value == 0:
        return None
    found = list(NUMERAL.finditer(claim.figure_text))
    if not found:  # a number in words ("three", "a dozen")
        return 1.0 if float(claim.value).is_integer() else None
    last = found[-1]
    written = float(re.sub(r"[,\s]", "", last.group(0)))
    if written == 0:
        return None
    scale = abs(claim.value) / written
    power = round(math.log10(scale))
    if not math.isclose(scale, 10.0**power, rel_tol=1e-6):
        return None
    decimals = len(last.group(1) or "")
    return 10.0 ** (power - decimals)


@dataclass(frozen=True)
class Allowed:
    """The values a claim allows, on its measure's common scale, and whether each end is left
    out: "more than 300" allows no 300, and an exact figure allows what rounds to it, not
    the midpoint to the next one ("12" and "13" only touch at 12.5)."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False


def allowed(claim: Claim, *, rounded: bool = True) -> Allowed:
    """What a claim allows (a distance in miles is compared in kilometres). An exact figure
    allows what rounds to it as written (`written_step`) when `rounded`; an open bound
    leaves its side open."""
    low = claim.low if claim.low is not None else (claim.value if claim.value is not None else 0)
    high = claim.high if claim.high is not None else INFINITY
    if claim.qualifier in {"up_to", "less_than"} and claim.low is None:
        low = 0.0
    if claim.qualifier in {"at_least", "more_than"} and claim.high is None:
        high = INFINITY
    low_open, high_open = claim.qualifier == "more_than", claim.qualifier == "less_than"
    step = written_step(claim) if rounded and claim.qualifier == "exact" else None
    if step is not None and claim.value is not None:
        low, high = claim.value - step / 2, claim.value + step / 2
        low_open = high_open = True
    scale = comparable_scale(claim)
    return Allowed(float(low) * scale, float(high) * scale, low_open, high_open)


def interval(claim: Claim, *, rounded: bool = True) -> tuple[float, float]:
    """The lowest and highest value a claim allows (`allowed`)."""
    found = allowed(claim, rounded=rounded)
    return found.low, found.high


CONVERSION_SLACK = 0.08
"""How far a figure converted from another unit may be off: a writer rounds the converted
figure to their own precision, so "35 miles" (56 km) is given as "60km" (7% more), while a
"24- to 30-foot" boat (9.1 m at most) is not a "10-metre" one."""

EXCHANGE_RATE_SLACK = 0.04
"""How far an amount converted at a rate of exchange may be off: outlets convert one euro
amount at their own day's rate, so "€110 billion ($141 billion)" and "($144 billion)" are
one amount, while $144 billion and $158 billion are two."""

DISPUTE_RATIO = 1.5
"""How far apart, as written, two sources' figures must be for a hedge that lets both hold
not to reconcile them. A hedge stretches a figure by a fraction of it ("more than 100,000"
is seldom 150,000); "up to 80,000" against 12,000, or "at least 400,000" against 1.5
million, are two estimates, not one figure."""


def values_agree(a: Claim, b: Claim) -> bool:
    """Can both figures be true at once? ("nearly 300" and "more than 300" cannot;
    "as many as 20,000" and "tens of thousands" can, at 20,000.)"""
    # one side converted the other's and rounded it to its own taste: the slack stands in
    # for the rounding of each as written
    converted = comparable_scale(a) != comparable_scale(b)
    x, y = allowed(a, rounded=not converted), allowed(b, rounded=not converted)
    if converted:
        slack = CONVERSION_SLACK
    else:  # an amount converted at a rate of exchange is as precise as the rate
        slack = EXCHANGE_RATE_SLACK if a.converted_from or b.converted_from else 0.0
    if slack:
        x = replace(x, low=x.low * (1 - slack), high=x.high * (1 + slack))
    tolerance = 1e-9 * max(1.0, *(abs(v) for v in (x.low, y.low) if math.isfinite(v)))

    def ends_before(first: Allowed, second: Allowed) -> bool:
        if abs(first.high - second.low) <= tolerance:
            return first.high_open or second.low_open
        return first.high < second.low

    return not ends_before(x, y) and not ends_before(y, x)


def far_apart_as_written(a: Claim, b: Claim) -> bool:
    """Are the numbers the two sources wrote `DISPUTE_RATIO` or more apart?"""
    x, y = a.value, b.value
    if x is None or y is None or x <= 0 or y <= 0:
        return x != y
    x, y = x * comparable_scale(a), y * comparable_scale(b)
    return max(x, y) / min(x, y) >= DISPUTE_RATIO


def one_flow(event_a: str | None, event_b: str | None) -> bool:
    """Two predicates that count one flow at different stages ("fired" and "hit")."""
    if not event_a or not event_b or event_a == event_b:
        return False
    return any(event_a in family and event_b in family for family in PREDICATE_FAMILIES)


def as_written(claim: Claim) -> Claim:
    """The claim with an open bound closed at its number: "up to 80,000" -> 80,000.

    Two figures that agree only through an open bound differ as written: each
    source named its own number, and the bound is what lets both hold.
    """
    if claim.qualifier not in OPEN_BOUNDS or claim.value is None:
        return claim
    return replace(claim, qualifier="exact", low=claim.value, high=claim.value)


def written_alike(a: Claim, b: Claim) -> bool:
    """Do the figures meet as written ("about 20,000" and "21,000" do; "up to 80,000" and
    "12,000" do not)?"""
    return values_agree(as_written(a), as_written(b))


def same_speaker(a: Claim, b: Claim) -> bool:
    return bool(a.speaker and b.speaker and same_name(a.speaker, b.speaker))


def same_source(a: Claim, b: Claim) -> bool:
    """One source behind both figures: the same speaker, or one's speaker named in the
    other's role ("the fire service" and "Chief Officer Vale, of the fire service")."""
    if same_speaker(a, b):
        return True
    return any(
        x.speaker and y.speaker_role and same_name(x.speaker, y.speaker_role)
        for x, y in ((a, b), (b, a))
    )


def two_sources(a: Claim, b: Claim) -> bool:
    """Two different named sources: each figure is someone's own, and not the same one's."""
    return bool(a.speaker and b.speaker) and not same_source(a, b)


def _at_one_time(a: Claim, b: Claim, first: str | None, second: str | None) -> bool:
    """Could neither figure be a later count than the other?

    Figures in one article, or in articles of one day (or of unknown days), are
    given side by side, unless a sentence says its figure changed ("rose to",
    "the initial count"). Articles of different days may hold a newer count.
    """
    if marks_change(a) or marks_change(b):
        return False
    if a.doc_id == b.doc_id:
        return True
    return not (first and second and first[:10] != second[:10])


def _who(claim: Claim) -> str:
    return claim.speaker or "the outlet"


def _display(claim: Claim) -> str:
    return f"{claim.figure_text} ({_who(claim)})"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _dispute_why(first: Claim, second: Claim, overlap: bool) -> str:
    """ "Police put it at 12,000; the organisers at up to 80,000: two competing estimates"."""
    why = (
        f"{_capital(_who(first))} put it at {first.figure_text}; {_who(second)} at "
        f"{second.figure_text}: two competing estimates"
    )
    if overlap:
        hedged, other = (first, second) if first.qualifier in OPEN_BOUNDS else (second, first)
        why += (
            f' ("{hedged.figure_text}" would allow {other.figure_text}, but each source '
            "gives its own figure)"
        )
    return why


def _agreement_why(first: Claim, second: Claim, kind: str) -> str:
    if written_alike(first, second):
        return f"{_display(first)} and {_display(second)} agree on {kind}"
    hedged, other = (first, second) if first.qualifier in OPEN_BOUNDS else (second, first)
    return (
        f"{_display(first)} and {_display(second)} can both hold: "
        f'{other.figure_text} is within "{hedged.figure_text}"'
    )


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
    evidence = _evidence(match)
    measured_differently = one_flow(a.measure.event, b.measure.event)
    agree = values_agree(ca, cb)
    disputed = (
        two_sources(ca, cb)
        and not written_alike(ca, cb)
        and (not agree or far_apart_as_written(ca, cb))
        and _at_one_time(ca, cb, a.document.published, b.document.published)
    )
    dispute = None
    if measured_differently and not (agree and ca.point == cb.point):
        kind = "different_measure"
        why = (
            f"{_display(ca)} counts {a.measure.event}, {_display(cb)} counts "
            f"{b.measure.event}: the same {words.noun_words(ca) or a.measure.kind}, measured "
            f"differently{evidence}."
        )
    elif disputed:
        kind, dispute = "conflict", COMPETING_ESTIMATES
        why = f"{_dispute_why(ca, cb, agree)}{evidence}."
    elif agree:
        kind = "agreement"
        why = f"{_agreement_why(ca, cb, words.claim_counts(ca))}{evidence}."
    elif same_speaker(ca, cb) and _is_update(a.document.published, b.document.published, cb):
        kind = "update"
        why = f"{ca.speaker} first gave {ca.figure_text}, later {cb.figure_text}{evidence}."
    else:
        kind = "conflict"
        why = f"{_display(ca)} vs {_display(cb)}: {words.claim_counts(ca)}{evidence}."
    reports = (FindingReport.of(ca, a.document), FindingReport.of(cb, b.document))
    return Finding(
        kind=kind,
        claims=(ca.id, cb.id),
        measure=measure,
        values=(ca.point, cb.point),
        score=match.score,
        why=why,
        checks=checks,
        dispute=dispute,
        pairs=(JudgedPair((ca.id, cb.id), kind, match.score, why, dispute),),
        reports=reports,
        confidence=match.confidence,
        contributions=tuple(c.to_dict() for c in match.contributions),
    )


def _is_update(first: str | None, second: str | None, later: Claim) -> bool:
    if first and second and first < second:
        return True
    words = {w.strip(".,").lower() for w in later.sentence.split()}
    return bool(words & UPDATE_WORDS)


def _evidence(match: Match) -> str:
    """What the checks saw, in words ("; same article, both name Camp Ostrel, same day")."""
    if match.contributions:  # what moved the score most, in words
        parts = [c.says for c in match.contributions if c.says][:3]
    elif match.evidence is not None:
        parts = match.evidence.sayings()[:3]
    else:  # a match built without the checks (as in tests of the judge alone)
        parts = [str(part) for part in match.checks.get("evidence", ())][:3]
    return "; " + ", ".join(map(words.evidence_phrase, parts)) if parts else ""


# -- one finding per quantity ----------------------------------------------------------

# The kind of a whole quantity is the first of its pairs' kinds in `KIND_ORDER` (model.py).


@dataclass(eq=False)
class _Quantity:
    """A growing group of claims taken for one quantity, and the findings that joined it."""

    links: list[Finding] = field(default_factory=list)
    reports: dict[str, FindingReport] = field(default_factory=dict)


def _reports_of(finding: Finding) -> tuple[FindingReport, ...]:
    """The finding's reports; for a finding built without them, its claims and values."""
    if finding.reports:
        return finding.reports
    values = finding.values if len(finding.values) == len(finding.claims) else ()
    return tuple(
        FindingReport(claim=cid, value=values[n] if values else None)
        for n, cid in enumerate(finding.claims)
    )


def _pairs_of(finding: Finding) -> tuple[JudgedPair, ...]:
    if finding.pairs:
        return finding.pairs
    if len(finding.claims) != 2:
        return ()
    a, b = finding.claims
    return (JudgedPair((a, b), finding.kind, finding.score, finding.why, finding.dispute),)


def _one_source(x: FindingReport, y: FindingReport) -> bool:
    """Two reports of one article by one speaker (or both in the outlet's own voice)."""
    if x.doc_id is None or x.doc_id != y.doc_id:
        return False
    if x.speaker is None or y.speaker is None:
        return x.speaker is None and y.speaker is None
    return same_name(x.speaker, y.speaker)


def _would_chain(one: _Quantity, other: _Quantity, judged: set[frozenset[str]]) -> bool:
    """Would joining the groups put two values of one source in one article into one
    quantity, when nothing paired those two claims directly?"""
    return any(
        _one_source(x, y) and x.value != y.value and frozenset((x.claim, y.claim)) not in judged
        for x in one.reports.values()
        for y in other.reports.values()
    )


def group_findings(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per quantity: the judged pairs joined into connected groups of claims.

    A quantity is a connected group of matched claims: "12 dead" (one outlet),
    "15 dead" and "15 dead" (two others) paired with each other are one finding
    with three reports, two values and who gave each, its kind the first of its
    pairs' kinds in `KIND_ORDER` (a conflict when any two reports conflict), and
    its judged pairs listed in `pairs`, each with its own kind.

    Guard against chaining: pairs are joined strongest first, and a pair that
    would bring together two claims of one article by one speaker (or both the
    outlet's own) with different values is not used to merge, unless the judge
    paired those two claims itself (an article revising its own toll). One
    source in one article giving two values is, almost always, two quantities
    (the injured in all and those on the island; this year's and last year's
    count): the matcher pairs an article's figure with one counterpart per
    article for that reason, and only a chain of weaker links would join them.
    Since links are taken strongest first, the one refused is the weaker link.
    It is kept as a finding of its own two claims, so the judged pair is still
    shown and scored, without merging the two quantities.
    """
    with fewer_collections():  # (see `factcheck.collect`)
        return _grouped(findings)


def _grouped(findings: Sequence[Finding]) -> list[Finding]:
    """`group_findings`, with the collector's thresholds as the caller set them."""
    links = sorted(findings, key=lambda f: -f.score)
    position = {
        cid: n for n, cid in enumerate(dict.fromkeys(c for f in findings for c in f.claims))
    }
    judged = {frozenset(p.claims) for f in links for p in _pairs_of(f)}
    group_of: dict[str, _Quantity] = {}
    groups: dict[int, _Quantity] = {}  # by id, in the order they were made (removal in O(1))
    apart: list[Finding] = []
    for link in links:
        reports = _reports_of(link)
        # the groups this link would join; a claim not yet grouped is a group of its own
        sides = list(
            {
                id(g): g
                for r in reports
                for g in (group_of.get(r.claim) or _Quantity([], {r.claim: r}),)
            }.values()
        )
        if any(_would_chain(x, y, judged) for n, x in enumerate(sides) for y in sides[n + 1 :]):
            apart.append(
                _quantity_finding(_Quantity([link], {r.claim: r for r in reports}), position)
            )
            continue
        target = next((g for g in sides if g.links), None)
        if target is None:
            target = _Quantity()
            groups[id(target)] = target
        joined: list[str] = []  # the claims now in `target` that were not (theirs point elsewhere)
        for other in sides:
            if other is target:
                continue
            target.links += other.links
            target.reports.update(other.reports)
            joined += other.reports
            groups.pop(id(other), None)
        target.links.append(link)
        for report in reports:
            if report.claim not in target.reports:
                target.reports[report.claim] = report
                joined.append(report.claim)
        for claim_id in joined:
            group_of[claim_id] = target
    merged = [_quantity_finding(g, position) for g in groups.values()] + apart
    merged.sort(key=lambda f: (KIND_ORDER[f.kind], -f.score))
    return merged


def _quantity_finding(group: _Quantity, position: dict[str, int]) -> Finding:
    """The finding of one quantity: its reports, distinct values, kind, pairs and why.

    Reports are listed earliest publication first, then in the order the pairs came in
    (the judge lists a pair's earlier report first)."""
    links = sorted(group.links, key=lambda f: -f.score)
    pairs = tuple(dict.fromkeys(p for f in links for p in _pairs_of(f)))
    kind = min((p.kind for p in pairs), key=KIND_ORDER.__getitem__, default=links[0].kind)
    lead = next((f for f in links if f.kind == kind), links[0])
    reports = sorted(
        group.reports.values(),
        key=lambda r: (r.published is None, r.published or "", position.get(r.claim, 0)),
    )
    values = tuple(dict.fromkeys(r.value for r in reports))
    dispute = next((p.dispute for p in pairs if p.kind == kind and p.dispute), None)
    finding = Finding(
        kind=kind,
        claims=tuple(r.claim for r in reports),
        measure=lead.measure,
        values=values,
        score=max(f.score for f in links),
        why=lead.why,
        checks={**lead.checks, "pairs": [list(p.claims) for p in pairs]},
        dispute=dispute,
        pairs=pairs,
        reports=tuple(reports),
        confidence="confirmed" if any(f.confidence == "confirmed" for f in links) else "possible",
        contributions=max(links, key=lambda f: f.score).contributions,
    )
    if len(reports) > 2:
        finding = replace(finding, why=f"{_summary(finding)} {lead.why}")
    return finding


def _summary(finding: Finding) -> str:
    """ "3 reports, 2 values: 12: police (Post); 15: the ministry (Wire), Courier itself."."""
    count = len(finding.values)
    values = "one value" if count == 1 else f"{count} values"
    return f"{len(finding.reports)} reports, {values}: {finding.given_by()}."

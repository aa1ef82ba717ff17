"""The data types every stage passes on: plain, frozen, JSON round-trippable.

Each stage of the pipeline (ingest -> extract -> embed/store -> match -> judge ->
report) takes and returns these values and nothing else, so a stage can be read,
tested and replaced alone. Field names follow the JSON contract in DESIGN.md;
fields may be added, the existing ones keep their meaning.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cached_property
from typing import Any, Literal

Qualifier = Literal[
    "exact", "at_least", "more_than", "about", "nearly", "up_to", "less_than", "range", "approx"
]
QuoteKind = Literal["direct", "indirect", "according_to", "narrator"]
FindingKind = Literal["conflict", "agreement", "different_measure", "update"]

KIND_ORDER: dict[str, int] = {"conflict": 0, "different_measure": 1, "update": 2, "agreement": 3}
"""Kinds from most to least a reader's concern, used wherever findings are sorted (the
JSON, the terminal, the screens) and by the judge: a quantity's kind is the first of its
pairs' kinds in this order. Conflicts first: they are what a reader came for; a different
measure is a discrepancy that may be explained; an update and an agreement are not."""

NARRATOR = None
"""A claim's `speaker` is None when the article itself (the outlet) states the figure."""


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a dataclass from a dict, ignoring keys it does not know (forward compatible)."""
    known = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in known}
    for name in (
        "places",
        "times",
        "claims",
        "values",
        "entities",
        "owners",
        "modifiers",
        "setting",
    ):
        if name in kwargs and isinstance(kwargs[name], list):
            kwargs[name] = tuple(kwargs[name])
    if "checks" in kwargs and isinstance(kwargs["checks"], dict):
        kwargs["checks"] = dict(kwargs["checks"])
    return cls(**kwargs)


def content_hash(text: str) -> str:
    """A stable id for a text: the same article added twice is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One article as the user gave it.

    `text` is exactly what the user supplied: every offset in a Claim points into it.
    `body_start` is where the article proper begins (after a leading "date
    YYYY-MM-DD" header line, which is metadata and never a figure).
    """

    id: str
    text: str
    source: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    body_start: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        """The contract's document object (the text itself stays out of the JSON)."""
        return {
            "id": self.id,
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "title": self.title,
        }

    def to_full_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = {"text": "", **data}
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Figure:
    """A number as written in the text, with its bounds.

    `value` is the figure as a single number (None for vague counts such as
    "dozens"); `low`/`high` bound it ("at least 14" -> 14..None, "up to 200,000"
    -> None..200000, "dozens" -> 24..99). Offsets are into the document text.
    """

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier = "exact"
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Attribution:
    """Who a statement is attributed to.

    `speaker` is None for the narrator (the outlet's own voice). `speaker_start`/
    `speaker_end` locate the speaker mention in the document (for highlighting);
    for a resolved pronoun ("It added ...") they point at the antecedent.
    """

    speaker: str | None
    cue: str | None
    quote: QuoteKind
    role: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        return _from_dict(cls, data)


NARRATOR_ATTRIBUTION = Attribution(speaker=None, cue=None, quote="narrator")


@dataclass(frozen=True)
class Claim:
    """One checkable figure in one document, with what it counts and who said it.

    Provenance (doc_id, sentence, start/end of the figure) is required: every
    finding must be traceable to the exact characters it came from.
    """

    id: str
    doc_id: str
    sentence: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    figure_text: str
    unit: str | None
    noun: str | None
    predicate: str | None
    places: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    speaker: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    quote: str = "narrator"
    sentence_start: int = 0
    sentence_index: int | None = None
    """Which sentence of the article's body the figure is in (0 the first); None for a claim
    stored before it was kept. News is written as an inverted pyramid: the lead's figures
    are the story's own, later ones more often parts, background or other events."""
    speaker_start: int | None = None
    speaker_end: int | None = None
    negated: bool = False
    generic: bool = False
    """A general statement ("a magnitude 6 quake can cause severe damage"), not a report."""
    entities: tuple[str, ...] = ()
    """Other names in the sentence (people, organisations, events), not the speaker's."""
    actor: str | None = None
    """Who did what the predicate says, when a name says so ("the Nationals offered")."""
    owners: tuple[str, ...] = ()
    """Names nearest the figure in the parse: whose figure it is ("the Owls' $160 million bid")."""
    earlier_date: str | None = None
    """A month or year the sentence dates its figure to ("in February", "in 2003") when the
    article's own date is unknown, so nothing tells whether it is this event's: such a figure
    is compared only with figures dated the same way."""
    part_of: str | None = None
    """The figure of the same sentence this one counts a part of: "22 of them" after
    "hurt 60 residents" -> "60"; "two of the nine shells launched" -> "nine"; or, with no
    whole written, the breakdown it belongs to: "two women and one man died" -> that phrase."""
    subject: str | None = None
    """The predicate's subject when it is not the figure's own phrase, lower-case: "the quake
    killed 12" -> "quake", "the hearing lasted 3 hours" -> "hearing". What did it, or what
    lasted, tells two figures of one kind apart where the counted noun cannot."""
    head: str | None = None
    """The noun the figure's phrase describes when the figure is its modifier: "an eight-year
    offer" -> "offer", "a 3-hour hearing" -> "hearing". A duration belongs to it."""
    modifiers: tuple[str, ...] = ()
    """Prepositional phrases on the counted noun, its head and the predicate, lower-case, as
    written: "from the dam", "in the district", "in stock". They say where a distance is
    measured from and what a figure covers (`measure.Measure.reference` and `scope`)."""
    governor: str | None = None
    """The verb or event noun the figure's phrase is an argument of, when that is not the
    predicate: "arrested 23 men who fled" -> "arrest" (the predicate is "flee"); "the
    evacuation of 2,000 residents" -> "evacuation". It may say what happened to the counted."""
    converted_from: str | None = None
    """The figure this one converts at a rate of exchange, when written in parentheses after
    it: "€110 billion ($158 billion)" -> "€110 billion" on the dollar claim. Outlets convert
    at different rates, so such an amount is only as precise as the rate."""
    setting: tuple[str, ...] = ()
    """Where the article said it was before, for a figure whose sentence names no place: "the
    march in Dresvik ... Police put the turnout at 20,000" -> ("Dresvik",); every place named
    before it, the latest first. Empty when the sentence names its own places or none came
    before it."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["places"] = list(self.places)
        data["times"] = list(self.times)
        data["entities"] = list(self.entities)
        data["owners"] = list(self.owners)
        data["modifiers"] = list(self.modifiers)
        data["setting"] = list(self.setting)
        for key in ("value", "low", "high"):
            data[key] = _plain_number(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return _from_dict(cls, data)

    @property
    def point(self) -> float | None:
        """The figure as one number ("at least 14" -> 14, "dozens" -> its lower bound)."""
        return self.value if self.value is not None else self.low

    @property
    def figure_in_sentence(self) -> tuple[int, int]:
        """Offsets of the figure inside `sentence` (for marking it up)."""
        return self.start - self.sentence_start, self.end - self.sentence_start


COMPETING_ESTIMATES = "competing estimates"
"""`Finding.dispute` when two sources each give their own figure for one quantity at one time."""


@dataclass(frozen=True)
class FindingReport:
    """One report inside a finding: which claim gave which value, who said it, in which outlet.

    A finding carries its reports so that "who reported what" reads from the
    finding alone (the JSON, a CSV row, the UI) without looking the claims up.
    """

    claim: str
    value: float | None
    figure_text: str = ""
    qualifier: str = "exact"
    speaker: str | None = None
    doc_id: str | None = None
    source: str | None = None
    published: str | None = None

    @classmethod
    def of(cls, claim: Claim, document: Document | None) -> FindingReport:
        """The report `claim` makes, in `document` (None when the document is unknown)."""
        return cls(
            claim=claim.id,
            value=claim.point,
            figure_text=claim.figure_text,
            qualifier=claim.qualifier,
            speaker=claim.speaker,
            doc_id=claim.doc_id,
            source=document.source if document else None,
            published=document.published if document else None,
        )

    @property
    def who(self) -> str:
        """In plain words: "police (Northgate Post)"; "Northgate Post itself" for the narrator."""
        outlet = self.source or (f"article {self.doc_id}" if self.doc_id else "an unnamed outlet")
        return f"{self.speaker} ({outlet})" if self.speaker else f"{outlet} itself"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _plain_number(self.value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FindingReport:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class JudgedPair:
    """Two claims of a finding as the judge saw them: their own kind, score and why.

    A finding of one quantity holds several reports; each pair of them that was
    matched keeps its own verdict ("12 vs 15" a conflict, "15 and 15" an agreement),
    so the evaluation and a reader can see every judgement behind the whole.
    """

    claims: tuple[str, str]
    kind: FindingKind
    score: float
    why: str = ""
    dispute: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims": list(self.claims),
            "kind": self.kind,
            "score": round(float(self.score), 4),
            "why": self.why,
            "dispute": self.dispute,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JudgedPair:
        a, b = data["claims"]
        return cls(
            claims=(str(a), str(b)),
            kind=data["kind"],
            score=float(data.get("score", 0.0)),
            why=data.get("why", ""),
            dispute=data.get("dispute"),
        )


@dataclass(frozen=True)
class Finding:
    """A judgement over the claims that report one quantity.

    `claims` are every report of the quantity (across outlets), `values` its
    distinct values, `reports` who gave each, and `pairs` the judged pairs of
    claims inside it, each with its own kind; `kind` is the kind of the whole
    (a conflict when any two reports conflict). `dispute` names a disagreement
    between sources ("competing estimates": two sources each give their own
    figure) so a reader sees it is not one source contradicting itself.
    `checks` keeps the result of every matching check of the strongest pair
    (similarity, shared places, date gap, ...) so a reader can see why the
    claims were paired.
    """

    kind: FindingKind
    claims: tuple[str, ...]
    measure: str
    values: tuple[float | None, ...]
    score: float
    why: str
    checks: dict[str, Any] = field(default_factory=dict)
    dispute: str | None = None
    pairs: tuple[JudgedPair, ...] = ()
    reports: tuple[FindingReport, ...] = ()
    confidence: str = "possible"
    """ "confirmed" when the pair model puts the strongest pair at or above the confirm
    threshold, else "possible"."""
    contributions: tuple[dict[str, Any], ...] = ()
    """What each check added to the strongest pair's log-odds ({"check", "weight", "says"}),
    largest first: the waterfall behind `score`."""

    def by_value(self) -> list[tuple[float | None, tuple[FindingReport, ...]]]:
        """Each distinct value with the reports that gave it, in the order of `values`."""
        groups: dict[float | None, list[FindingReport]] = {v: [] for v in self.values}
        for report in self.reports:
            groups.setdefault(report.value, []).append(report)
        return [(value, tuple(reports)) for value, reports in groups.items()]

    def given_by(self) -> str:
        """Who gave each value, in plain words: "12: police (Post); 15: Wire itself, ..."."""
        parts = []
        for value, reports in self.by_value():
            who = ", ".join(
                r.who
                + (f' ("{r.figure_text}")' if r.qualifier != "exact" and r.figure_text else "")
                for r in reports
            )
            parts.append(f"{number_text(value)}: {who}" if who else number_text(value))
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "claims": list(self.claims),
            "measure": self.measure,
            "values": [_plain_number(v) for v in self.values],
            "score": round(float(self.score), 4),
            "why": self.why,
            "checks": self.checks,
            "dispute": self.dispute,
            "pairs": [p.to_dict() for p in self.pairs],
            "reports": [r.to_dict() for r in self.reports],
            "confidence": self.confidence,
            "contributions": [dict(c) for c in self.contributions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """A finding from its JSON; JSON written before `pairs`, `reports` and `dispute`
        existed reads with those empty."""
        data = dict(data)
        pairs = tuple(JudgedPair.from_dict(p) for p in data.pop("pairs", None) or ())
        reports = tuple(FindingReport.from_dict(r) for r in data.pop("reports", None) or ())
        contributions = tuple(dict(c) for c in data.pop("contributions", None) or ())
        finding: Finding = _from_dict(cls, data)
        return replace(finding, pairs=pairs, reports=reports, contributions=contributions)


def kind_rank(kind: str) -> int:
    """A kind's place in `KIND_ORDER`; an unknown kind (from newer JSON) sorts last."""
    return KIND_ORDER.get(kind, len(KIND_ORDER))


@dataclass(frozen=True)
class Report:
    """Everything one run found: the JSON contract of DESIGN.md, plus row problems.

    `claims`/`documents` are the run's own; `stored`/`stored_claims` those of the index
    that its findings point to. The lookups by id are built once, on first use: a report
    of a batch holds thousands of claims, and every drawn finding looks its claims up.
    """

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Any, ...] = ()
    stored: tuple[Document, ...] = field(default_factory=tuple)
    stored_claims: tuple[Claim, ...] = field(default_factory=tuple)
    names: dict[str, dict[str, int]] = field(default_factory=dict)
    """Document id -> its name profile (`story.py`), kept so `add` can store it."""

    @cached_property
    def claims_by_id(self) -> dict[str, Claim]:
        """Every claim of the run and of the index it was matched against, by id."""
        return {c.id: c for c in (*self.claims, *self.stored_claims)}

    @cached_property
    def documents_by_id(self) -> dict[str, Document]:
        """Every document of the run and the stored ones it was matched against, by id."""
        return {d.id: d for d in (*self.stored, *self.documents)}

    def claim(self, claim_id: str) -> Claim | None:
        return self.claims_by_id.get(claim_id)

    def document(self, doc_id: str) -> Document | None:
        return self.documents_by_id.get(doc_id)

    def claims_of(self, finding: Finding) -> list[Claim]:
        """The finding's claims, in its order (ids this report does not hold are skipped)."""
        return [c for c in map(self.claim, finding.claims) if c is not None]

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable output: documents, claims and findings (DESIGN.md)."""
        documents = self.documents_by_id
        used = {cid for f in self.findings for cid in f.claims}
        listed = [*self.claims, *(c for c in self.stored_claims if c.id in used)]
        listed_docs = dict.fromkeys([*(d.id for d in self.documents), *(c.doc_id for c in listed)])
        return {
            "documents": [documents[d].to_dict() for d in listed_docs if d in documents],
            "claims": [c.to_dict() for c in listed],
            "findings": [f.to_dict() for f in self.findings],
            "problems": [p.to_dict() if hasattr(p, "to_dict") else p for p in self.problems],
        }


def number_text(value: float | None) -> str:
    """A value as a reader writes it: 80000 -> "80,000", 5.2 -> "5.2", None -> "?"."""
    plain = _plain_number(value)
    if plain is None:
        return "?"
    return f"{plain:,}" if isinstance(plain, int) else f"{plain:,g}"


def _plain_number(value: float | None) -> float | int | None:
    """14.0 -> 14 in JSON, so the output reads as the article wrote it."""
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value

"""Readers for the gold sets the extractor is measured against.

Each reader turns one annotation format into small frozen values, so the scoring
code never touches JSON keys or brat lines. The third-party sets (PolNeAR, ECB+)
and the seed gold live in the shared data folder next to the repository and are
read in place; a malformed record raises `InputError` naming the file and line.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import InputError

__all__ = [
    "BratSpan",
    "EcbDoc",
    "EcbReport",
    "GoldCase",
    "GoldFigure",
    "PolnearArticle",
    "Relation",
    "SeedClaim",
    "SeedGold",
    "Span",
    "parse_brat_spans",
    "read_brat",
    "read_ecbplus",
    "read_extraction_gold",
    "read_polnear",
    "read_seed_gold",
    "shared_dir",
]

Span = tuple[int, int]
"""A character span [start, end) into a text."""


def shared_dir() -> Path:
    """The shared data folder: `../shared` next to the repository checkout."""
    return Path(__file__).resolve().parents[2].parent / "shared"


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc


def _alternatives(value: Any, *, where: str) -> tuple[str, ...] | None:
    """A speaker field: null (the narrator), one string, or a list of accepted substrings."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"{where}: speaker must be null, a string or a list of strings, not {value!r}")


def _number(value: Any, *, where: str, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where}: {key!r} must be a number or null, not {value!r}")
    return float(value)


# --- the seed article ---------------------------------------------------------------------


@dataclass(frozen=True)
class SeedClaim:
    """One hand-annotated claim of the seed article, located by its sentence's opening words."""

    id: str
    required: bool
    value: float | None
    low: float | None
    high: float | None
    noun: str
    speaker: tuple[str, ...] | None
    cue: str | None
    sentence_starts: str
    predicate: str | None = None
    unit: str | None = None
    approx: str | None = None
    """The vague word of an approximate count ("hundreds"); `low`/`high` then bound it."""


@dataclass(frozen=True)
class SeedGold:
    """`dev/seed_gold.json`: the claims that must (or may) be found, and what is no figure."""

    published: str | None
    claims: tuple[SeedClaim, ...]
    not_claims: tuple[str, ...]


def read_seed_gold(path: Path) -> SeedGold:
    data = _load_json(path)
    claims = []
    for i, item in enumerate(data.get("claims", [])):
        where = f"{path}: claims[{i}]"
        try:
            claims.append(
                SeedClaim(
                    id=str(item["id"]),
                    required=bool(item.get("required", False)),
                    value=_number(item.get("value"), where=where, key="value"),
                    low=_number(item.get("low"), where=where, key="low"),
                    high=_number(item.get("high"), where=where, key="high"),
                    noun=str(item["noun"]),
                    speaker=_alternatives(item.get("speaker"), where=where),
                    cue=item.get("cue"),
                    sentence_starts=str(item["sentence_starts"]),
                    predicate=item.get("predicate"),
                    unit=item.get("unit"),
                    approx=item.get("approx"),
                )
            )
        except KeyError as exc:
            raise InputError(f"{where}: missing key {exc.args[0]!r}") from exc
    not_claims = tuple(str(item["text"]) for item in data.get("not_claims", []))
    return SeedGold(published=data.get("published"), claims=tuple(claims), not_claims=not_claims)


# --- the project's own extraction gold ----------------------------------------------------

_FIGURE_FIELDS = (
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "noun",
    "predicate",
    "speaker",
    "cue",
    "quote",
)


@dataclass(frozen=True)
class GoldFigure:
    """One expected figure of a test case; `given` names the fields the annotator filled in.

    A field left out of the JSON is not scored (it is not the same as null: a null
    speaker means "the narrator said it").
    """

    figure_text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str | None
    noun: str | None
    predicate: str | None
    speaker: tuple[str, ...] | None
    cue: str | None
    quote: str | None
    given: frozenset[str]
    start: int | None = None


@dataclass(frozen=True)
class GoldCase:
    """One line of `tests/data/extraction_gold.jsonl`: a short text and its figures."""

    id: str
    pattern: str
    text: str
    published: str | None
    figures: tuple[GoldFigure, ...]
    not_figures: tuple[str, ...]


def _gold_figure(item: dict[str, Any], *, where: str) -> GoldFigure:
    if "figure_text" not in item:
        raise InputError(f"{where}: missing key 'figure_text'")
    start = item.get("start")
    if start is not None and not isinstance(start, int):
        raise InputError(f"{where}: 'start' must be an integer, not {start!r}")
    return GoldFigure(
        figure_text=str(item["figure_text"]),
        value=_number(item.get("value"), where=where, key="value"),
        low=_number(item.get("low"), where=where, key="low"),
        high=_number(item.get("high"), where=where, key="high"),
        qualifier=item.get("qualifier"),
        unit=item.get("unit"),
        noun=item.get("noun"),
        predicate=item.get("predicate"),
        speaker=_alternatives(item.get("speaker"), where=where),
        cue=item.get("cue"),
        quote=item.get("quote"),
        given=frozenset(k for k in _FIGURE_FIELDS if k in item),
        start=start,
    )


def read_extraction_gold(path: Path) -> list[GoldCase]:
    """Every case of a JSON-lines gold file; blank lines are allowed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}, column {exc.colno}: {exc.msg}") from exc
        if not isinstance(item, dict) or "text" not in item:
            raise InputError(f"{where}: expected an object with a 'text' key")
        figures = tuple(
            _gold_figure(f, where=f"{where}: figures[{i}]")
            for i, f in enumerate(item.get("figures", []))
        )
        not_figures = tuple(
            str(f.get("figure_text") or f.get("text")) if isinstance(f, dict) else str(f)
            for f in item.get("not_figures", [])
        )
        cases.append(
            GoldCase(
                id=str(item.get("id", number)),
                pattern=str(item.get("pattern", "")),
                text=str(item["text"]),
                published=item.get("published"),
                figures=figures,
                not_figures=not_figures,
            )
        )
    return cases


# --- PolNeAR (brat standoff attribution relations) ----------------------------------------


@dataclass(frozen=True)
class BratSpan:
    """A possibly discontinuous annotated span and its text (pieces joined by a space)."""

    spans: tuple[Span, ...]
    text: str


@dataclass(frozen=True)
class Relation:
    """One attribution relation: what was said (content), by whom (source), how (cue)."""

    content: tuple[Span, ...]
    source: BratSpan | None
    cue: BratSpan | None


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    text: str
    relations: tuple[Relation, ...]
    publisher: str | None = None
    published: str | None = None
    title: str | None = None


def parse_brat_spans(field: str, *, where: str = "brat span") -> tuple[Span, ...]:
    """'12 20' or the discontinuous '12 20;25 31' into ((12, 20), (25, 31))."""
    spans = []
    for piece in field.split(";"):
        parts = piece.split()
        try:
            start, end = (int(p) for p in parts)
        except ValueError as exc:
            raise InputError(f"{where}: bad span {piece!r} (expected 'START END')") from exc
        if not 0 <= start <= end:
            raise InputError(f"{where}: bad span {piece!r} (start after end)")
        spans.append((start, end))
    return tuple(spans)


_CONTENT_ROLES = ("Content", "Content2")


def read_brat(path: Path, text: str) -> tuple[Relation, ...]:
    """The attribution relations of one `.ann` file; span texts are taken from `text`.

    Relations without a Content span (a few cue-only annotations) are left out.
    """
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    for number, line in enumerate(lines, start=1):
        where = f"{path}: line {number}"
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _kind, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = parse_brat_spans(offsets, where=where)
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg)
            events.append((where, roles))

    def span_of(ref: str | None, where: str) -> BratSpan | None:
        if ref is None:
            return None
        if ref not in spans:
            raise InputError(f"{where}: relation points to unknown span {ref!r}")
        pieces = spans[ref]
        return BratSpan(pieces, " ".join(text[s:e] for s, e in pieces))

    relations = []
    for where, roles in events:
        content: list[Span] = []
        for role in _CONTENT_ROLES:
            found = span_of(roles.get(role), where)
            if found:
                content.extend(found.spans)
        if not content:
            continue
        relations.append(
            Relation(
                content=tuple(content),
                source=span_of(roles.get("Source"), where),
                cue=span_of(roles.get("Cue"), where),
            )
        )
    return tuple(relations)


def read_polnear(root: Path, *, limit: int | None = None) -> list[PolnearArticle]:
    """The articles of the PolNeAR dev copy, with the first annotation file by sorted name."""
    metadata: dict[str, dict[str, str]] = {}
    meta_path = root / "metadata.tsv"
    if meta_path.exists():
        with meta_path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                metadata[row["filename"]] = row
    articles = []
    for text_path in sorted((root / "text").glob("*.txt")):
        if limit is not None and len(articles) >= limit:
            break
        name = text_path.stem
        annotations = sorted((root / "attributions").glob(f"{name}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        meta = metadata.get(name, {})
        articles.append(
            PolnearArticle(
                name=name,
                text=text,
                relations=read_brat(annotations[0], text),
                publisher=meta.get("publisher") or None,
                published=meta.get("publication_date") or None,
                title=meta.get("title") or None,
            )
        )
    return articles


# --- ECB+ (figure reports in annotated subtopics) -----------------------------------------


@dataclass(frozen=True)
class EcbDoc:
    doc_id: str
    subtopic: str
    text: str


@dataclass(frozen=True)
class EcbReport:
    """One gold report of a figure: where it is written and the value in the slot's unit."""

    doc_id: str
    slot: str
    measure: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    speaker: str | None
    start: int
    figure_text: str
    normalized: str | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.figure_text)


def read_ecbplus(root: Path, *, limit: int | None = None) -> tuple[list[EcbDoc], list[EcbReport]]:
    """The documents of the annotated subtopics (in file order) and their gold reports.

    With `limit`, only the first `limit` annotated documents and their reports.
    """
    gold_path = root / "gold.json"
    gold = _load_json(gold_path)
    annotated: set[str] = set()
    reports: list[EcbReport] = []
    for subtopic in gold["subtopics"]:
        annotated.update(subtopic["docs"])
        for slot in subtopic["slots"]:
            for i, item in enumerate(slot["reports"]):
                where = f"{gold_path}: slot {slot['id']} report {i}"
                reports.append(
                    EcbReport(
                        doc_id=item["doc_id"],
                        slot=slot["id"],
                        measure=slot.get("measure", ""),
                        value=_number(item.get("value"), where=where, key="value"),
                        low=_number(item.get("low"), where=where, key="low"),
                        high=_number(item.get("high"), where=where, key="high"),
                        qualifier=item.get("qualifier", "exact"),
                        speaker=item.get("speaker"),
                        start=int(item["start"]),
                        figure_text=item["figure_text"],
                        normalized=item.get("normalized"),
                    )
                )
    docs_path = root / "docs.jsonl"
    docs = []
    with docs_path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if limit is not None and len(docs) >= limit:
                break
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{docs_path}: line {number}: {exc.msg}") from exc
            if item["doc_id"] in annotated:
                docs.append(EcbDoc(item["doc_id"], item["subtopic"], item["text"]))
    kept = {d.doc_id for d in docs}
    texts = {d.doc_id: d.text for d in docs}
    for report in reports:
        if report.doc_id in kept and texts[report.doc_id][report.start : report.end] != (
            report.figure_text
        ):
            raise InputError(
                f"{gold_path}: report of slot {report.slot} in {report.doc_id}: "
                f"{report.figure_text!r} is not at offset {report.start}"
            )
    return docs, [r for r in reports if r.doc_id in kept]

"""Reports as plain aligned text for a terminal: claims tables and one block per quantity.

The command line prints what this module renders; the web UI has its own HTML
in `render.py` beside it. Both take their wording from `words.py`, so a measure
reads "rockets fired at Camp Ostrel" and a cue "according to" in the
terminal as on the page. Pure Python: nothing here loads a model or an index.
"""

from __future__ import annotations

import functools
import re
import shutil
import textwrap
from collections.abc import Callable, Sequence

from factcheck import words
from factcheck.model import Claim, Document, Finding, FindingReport, Report, kind_rank

__all__ = [
    "Cell",
    "claim_excerpt",
    "claim_lines",
    "clip",
    "counted",
    "excerpt",
    "finding_counts",
    "finding_lines",
    "number",
    "outlet_of",
    "speaker_of",
    "summary_lines",
    "table",
    "terminal_width",
]


def terminal_width() -> int:
    return max(72, min(shutil.get_terminal_size((120, 24)).columns, 240))


_SPACE = re.compile(r"\s+")


def _squash(text: str | None) -> str:
    """Line breaks and runs of spaces as one space, so a cell stays on one line."""
    return _SPACE.sub(" ", text or "")


def clip(text: str | None, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    text = _squash(text).strip()
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def _cut_left(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    return "…" + text[len(text) - room + 1 :] if room > 0 else ""


def _cut_right(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    return text[: room - 1] + "…" if room > 0 else ""


def excerpt(sentence: str, start: int, end: int, width: int) -> str:
    """`sentence` in at most `width` characters, cut around the figure at `start:end`.

    The figure stays visible however long the sentence is; what is cut on
    either side is marked with an ellipsis.
    """
    if not 0 <= start <= end <= len(sentence):
        return clip(sentence, width)
    before = _squash(sentence[:start]).lstrip()
    figure = _squash(sentence[start:end])
    after = _squash(sentence[end:]).rstrip()
    if len(before) + len(figure) + len(after) <= width:
        return before + figure + after
    if len(figure) >= width:
        return clip(figure, width)
    room = width - len(figure)
    left = min(len(before), max(room // 2, room - len(after)))
    return _cut_left(before, left) + figure + _cut_right(after, room - left)


def claim_excerpt(claim: Claim, width: int) -> str:
    """The claim's sentence cut to `width`, keeping its figure in view."""
    start, end = claim.figure_in_sentence
    if claim.sentence[start:end] != claim.figure_text:
        found = claim.sentence.find(claim.figure_text) if claim.figure_text else -1
        start, end = (found, found + len(claim.figure_text)) if found >= 0 else (-1, -1)
    return excerpt(claim.sentence, start, end, width)


def number(value: float | None) -> str:
    """14.0 -> "14", 1200000.0 -> "1,200,000", 2.5 -> "2.5", None -> "?"."""
    if value is None:
        return "?"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def claim_value(claim: Claim) -> str:
    """The figure as a number, or its bounds when it has no single value."""
    if claim.value is not None:
        return number(claim.value)
    if claim.low is not None and claim.high is not None:
        return f"{number(claim.low)}-{number(claim.high)}"
    if claim.low is not None:
        return f">={number(claim.low)}"
    if claim.high is not None:
        return f"<={number(claim.high)}"
    return "?"


def speaker_of(claim: Claim) -> str:
    return claim.speaker or "(the outlet)"


def outlet_of(document: Document | None) -> str:
    if document is None:
        return "(unknown document)"
    return document.source or document.title or f"document {document.id}"


Cell = str | Callable[[int], str]
"""A table cell: text, or (in the one flexible column) text made to fit a width."""


def table(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], caps: Sequence[int], *, indent: int = 0
) -> list[str]:
    """Left-aligned columns two spaces apart, cut with an ellipsis at their cap.

    The column whose cap is 0 takes the rest of the terminal line; its cells
    are callables that render themselves to that width (a sentence excerpt
    keeps its figure in view rather than losing it to a cut).
    """
    flexible = caps.index(0) if 0 in caps else None
    widths = [0] * len(headers)
    for i, (header, cap) in enumerate(zip(headers, caps, strict=True)):
        if i != flexible:
            cells = [len(_squash(row[i])) for row in rows if isinstance(row[i], str)]
            widths[i] = min(cap, max([len(header), *cells]))
    if flexible is not None:
        fixed = sum(widths) + 2 * (len(widths) - 1) + indent
        widths[flexible] = max(30, terminal_width() - fixed)
    rendered = [
        [cell(widths[i]) if callable(cell) else cell for i, cell in enumerate(row)] for row in rows
    ]
    if flexible is not None and rendered:
        widths[flexible] = max(len(headers[flexible]), *(len(row[flexible]) for row in rendered))

    def line(cells: Sequence[str]) -> str:
        text = "  ".join(
            clip(cell, width).ljust(width) for cell, width in zip(cells, widths, strict=True)
        )
        return (" " * indent + text).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in rendered)]


CLAIM_HEADERS = ["#", "figure", "value", "qualifier", "noun", "predicate", "speaker", "cue"]
CLAIM_HEADERS += ["quote", "sentence"]
CLAIM_CAPS = [4, 16, 12, 9, 14, 12, 28, 12, 12, 0]


def claim_lines(claims: Sequence[Claim]) -> list[str]:
    """The claims table: one row per figure, its sentence cut around the figure."""
    if not claims:
        return ["  (no checkable figures found)"]
    rows: list[list[Cell]] = [
        [
            str(position),
            claim.figure_text,
            claim_value(claim),
            claim.qualifier,
            claim.noun or "",
            claim.predicate or "",
            speaker_of(claim),
            claim.cue or "",
            claim.quote.replace("_", " "),
            functools.partial(claim_excerpt, claim),
        ]
        for position, claim in enumerate(claims, start=1)
    ]
    return table(CLAIM_HEADERS, rows, CLAIM_CAPS, indent=2)


def finding_lines(
    findings: Sequence[Finding], report: Report, *, names: dict[str, str] | None = None
) -> list[str]:
    """Findings grouped by measure, conflicts first; every side with its provenance.

    `names` labels documents that have no source (an article read from a file
    is known by its file name).
    """
    if not findings:
        return ["  (none)"]
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.measure, []).append(finding)

    def rank(finding: Finding) -> tuple[int, float]:
        return kind_rank(finding.kind), -finding.score

    ordered = sorted(groups.items(), key=lambda item: min(rank(f) for f in item[1]))
    width = terminal_width()
    lines: list[str] = []
    for measure, members in ordered:
        lines.append(f"  {words.measure_words(measure, _lead(members[0], report))}")
        for finding in sorted(members, key=rank):
            values = (" and " if finding.kind == "agreement" else " vs ").join(
                number(v) for v in finding.values
            )
            kind = words.KIND_WORDS.get(finding.kind, finding.kind).upper()
            dispute = f"{finding.dispute}, " if finding.dispute else ""
            likely = f"{finding.confidence}, {finding.score:.0%} likely one quantity"
            lines.append(f"    {kind}  {values}  ({dispute}{likely})")
            lines += _given_lines(finding, report, names or {}, width)
            for claim_id in finding.claims:
                claim = report.claim(claim_id)
                if claim is None:
                    continue
                document = report.document(claim.doc_id)
                name = (names or {}).get(claim.doc_id) or outlet_of(document)
                lines += _side_lines(claim, document, name, width)
            lines += textwrap.wrap(
                f"why: {_squash(finding.why)}",
                width=width,
                initial_indent="      ",
                subsequent_indent="        ",
            )
        lines.append("")
    return lines[:-1]


def _given_lines(finding: Finding, report: Report, names: dict[str, str], width: int) -> list[str]:
    """Who gave each value of the quantity, one line a value: "15: the ministry (Wire), Post".

    A finding read from older JSON has no reports of its own; its claims are looked up.
    """
    reports = finding.reports or tuple(
        FindingReport.of(claim, report.document(claim.doc_id))
        for claim in map(report.claim, finding.claims)
        if claim is not None
    )
    given: dict[float | None, list[str]] = {}
    for item in reports:
        outlet = item.source or names.get(item.doc_id or "") or f"document {item.doc_id}"
        who = f"{item.speaker} ({outlet})" if item.speaker else f"{outlet} itself"
        if item.qualifier != "exact" and item.figure_text:
            who += f' ("{item.figure_text}")'
        given.setdefault(item.value, []).append(who)
    lines: list[str] = []
    for value, who in given.items():
        lines += textwrap.wrap(
            f"{number(value)}: given by {', '.join(who)}",
            width=width,
            initial_indent="      ",
            subsequent_indent="        ",
        )
    return lines


def _side_lines(claim: Claim, document: Document | None, name: str, width: int) -> list[str]:
    cue = words.how_said(claim)
    who = speaker_of(claim) + (f" ({claim.speaker_role})" if claim.speaker_role else "")
    said = who + (f" -- {cue}" if cue else "")
    where = [
        name,
        (document.published if document else None) or "(no date)",
        f"chars {claim.start}-{claim.end}",
    ]
    indent = " " * 24
    lines = [
        f"      {clip(claim.figure_text, 16):<16}  {clip(said, width - 24)}",
        indent + clip(" | ".join(where), width - len(indent)),
        indent + '"' + claim_excerpt(claim, width - len(indent) - 2) + '"',
    ]
    if document is not None and document.url:
        lines.append(indent + document.url)  # never cut: a link must stay usable
    return lines


def finding_counts(findings: Sequence[Finding]) -> str:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    if not counts:
        return "no findings"
    parts = [f"{counts[k]} {words.KIND_WORDS.get(k, k)}" for k in sorted(counts, key=kind_rank)]
    return f"{len(findings)} findings ({', '.join(parts)})"


def counted(count: int, word: str) -> str:
    """ "1 claim", "3 claims", "1,200 claims"."""
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _lead(finding: Finding, report: Report) -> Claim | None:
    """One claim of the finding, for the noun as its sentence writes it."""
    return next(iter(report.claims_of(finding)), None)


def summary_lines(findings: Sequence[Finding], report: Report) -> list[str]:
    """Each finding as the one line a reader pastes into a note (`words.summary_text`)."""
    return [words.summary_text(f, report.claims_of(f), report.documents_by_id) for f in findings]

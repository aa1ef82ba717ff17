"""HTML for the web UI: claims and findings as escaped, marked-up fragments.

Every piece of article or user text passes through `html.escape` before it is
wrapped in markup, and links are kept only when they are plain http(s) URLs.
That is the whole safety argument of the UI: the app hands HTML to Streamlit
only from the functions here, so an article containing `<script>` or
`<img onerror=...>` shows as text. The module is pure Python (no streamlit
import) so the escaping can be tested without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from factcheck.model import Claim, Document, Finding, number_text

__all__ = [
    "STYLE",
    "VERDICTS",
    "card_html",
    "claim_rows_html",
    "figure_label",
    "given_html",
    "mark_spans",
    "safe_url",
    "sentence_html",
    "speaker_html",
    "verdict_html",
]

VERDICTS: dict[str, tuple[str, str]] = {
    "conflict": ("Conflict", "#d62728"),
    "agreement": ("Agreement", "#2ca02c"),
    "different_measure": ("Different measure", "#ff7f0e"),
    "update": ("Update", "#1f77b4"),
}
"""Finding kind -> (label a reader sees, colour of its badge and card edge)."""

STYLE = """<style>
.fc-verdict{margin:.6rem 0 .3rem 0;font-size:1.05rem}
.fc-badge{color:#fff;border-radius:.3rem;padding:.1rem .5rem;font-weight:600;margin-right:.4rem}
.fc-why{opacity:.85}
.fc-checks{font-size:.8rem;opacity:.7;margin-top:.15rem}
.fc-dispute{border:1px solid currentColor;border-radius:.3rem;padding:0 .4rem;font-size:.85rem;
 margin-right:.4rem}
.fc-given{margin:.2rem 0}
.fc-card{border:1px solid rgba(128,128,128,.35);border-left:.35rem solid var(--fc-edge,#888);
 border-radius:.4rem;padding:.6rem .8rem;height:100%}
.fc-figure{font-size:2.1rem;font-weight:700;line-height:1.1}
.fc-what{font-size:.95rem;opacity:.85;margin-bottom:.3rem}
.fc-speaker{margin:.2rem 0}
.fc-meta{font-size:.85rem;opacity:.75;margin-bottom:.3rem}
.fc-sentence{font-size:.9rem;border-left:2px solid rgba(128,128,128,.4);padding-left:.5rem;
 margin:.3rem 0 0 0}
mark.fc-fig{background:rgba(255,210,0,.55);color:inherit;padding:0 .1rem;border-radius:.15rem}
mark.fc-who{background:rgba(80,160,255,.35);color:inherit;padding:0 .1rem;border-radius:.15rem}
table.fc-claims{border-collapse:collapse;width:100%;font-size:.88rem}
table.fc-claims th,table.fc-claims td{border-bottom:1px solid rgba(128,128,128,.25);
 padding:.25rem .4rem;text-align:left;vertical-align:top}
</style>"""
"""Classes used by the fragments below; the app injects this once per page."""

FIGURE_CLASS = "fc-fig"
SPEAKER_CLASS = "fc-who"


def _e(value: object) -> str:
    """Escape any value for use in element text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def mark_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` escaped, with each (start, end, css_class) span wrapped in `<mark>`.

    Spans outside the text, empty ones, and ones overlapping an earlier span in
    the given order are skipped (so list the figure first: it wins an overlap).
    Escaping happens piece by piece, after the offsets are applied to the raw
    text, so offsets never point into an entity like `&amp;`.
    """
    kept: list[tuple[int, int, str]] = []
    for start, end, css in spans:
        if not (0 <= start < end <= len(text)):
            continue
        if any(start < k_end and k_start < end for k_start, k_end, _ in kept):
            continue
        kept.append((start, end, css))
    out: list[str] = []
    position = 0
    for start, end, css in sorted(kept):
        out.append(_e(text[position:start]))
        out.append(f'<mark class="{_e(css)}">{_e(text[start:end])}</mark>')
        position = end
    out.append(_e(text[position:]))
    return "".join(out)


def sentence_html(claim: Claim) -> str:
    """The claim's sentence with its figure (and speaker, if in the sentence) marked."""
    sentence = claim.sentence
    spans = [(*claim.figure_in_sentence, FIGURE_CLASS)]
    if claim.speaker_start is not None and claim.speaker_end is not None:
        start = claim.speaker_start - claim.sentence_start
        end = claim.speaker_end - claim.sentence_start
        spans.append((start, end, SPEAKER_CLASS))
    return mark_spans(sentence, spans)


def safe_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) link, else None (no `javascript:` and friends)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    return url


_UNIT_SIGNS = {"percent": "%", "usd": "$", "eur": "€", "gbp": "£"}


def figure_label(claim: Claim) -> str:
    """The figure as the article wrote it, with its unit when the text lacks it."""
    text = claim.figure_text.strip()
    unit = (claim.unit or "").strip()
    if not unit or unit.lower() in text.lower():
        return text
    if _UNIT_SIGNS.get(unit.lower(), "\0") in text:
        return text
    return f"{text} {unit}"


def speaker_html(claim: Claim) -> str:
    """ "Col. Wayne Marotto, spokesman for ... — said (indirect)"; the outlet when no speaker."""
    if claim.speaker:
        who = f"<b>{_e(claim.speaker)}</b>"
        if claim.speaker_role:
            who += f", {_e(claim.speaker_role)}"
    else:
        return "<b>the outlet</b> (no speaker named)"
    how = " ".join(part for part in (claim.cue, f"({claim.quote})" if claim.quote else "") if part)
    return who + (f" — <i>{_e(how)}</i>" if how else "")


def _meta_html(document: Document | None) -> str:
    if document is None:
        return "unknown document"
    parts = [_e(document.source or "no outlet given"), _e(document.published or "no date")]
    url = safe_url(document.url)
    if url:
        parts.append(f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">link</a>')
    elif document.url:
        parts.append(f"link: {_e(document.url)}")
    if document.title:
        parts.insert(0, f"<i>{_e(document.title)}</i>")
    return " · ".join(parts)


def card_html(claim: Claim, document: Document | None, *, kind: str | None = None) -> str:
    """One side of a finding: figure large, what it counts, who said it, where, the sentence."""
    edge = VERDICTS.get(kind or "", ("", "#888"))[1]
    what = (
        " · ".join(part for part in (claim.noun, claim.predicate) if part) or "(what is counted?)"
    )
    places = ", ".join(claim.places)
    times = ", ".join(claim.times)
    where = " · ".join(part for part in (places, times) if part)
    return (
        f'<div class="fc-card" style="--fc-edge:{edge}">'
        f'<div class="fc-figure">{_e(figure_label(claim))}</div>'
        f'<div class="fc-what">{_e(what)}{" — " + _e(where) if where else ""}</div>'
        f'<div class="fc-speaker">{speaker_html(claim)}</div>'
        f'<div class="fc-meta">{_meta_html(document)}</div>'
        f'<blockquote class="fc-sentence">{sentence_html(claim)}</blockquote>'
        "</div>"
    )


def _checks_text(finding: Finding) -> str:
    """The evidence for the pairing in a line: similarity, shared places, date gap, ...

    The claim ids of the judged pairs are left out (the reports above say who gave
    what); a finding of more than one pair says how its pairs were judged instead.
    """
    shown = []
    if len(finding.pairs) > 1:
        kinds = {kind: 0 for kind in ("conflict", "different_measure", "update", "agreement")}
        for pair in finding.pairs:
            kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
        kinds = {kind: n for kind, n in kinds.items() if n}
        judged = ", ".join(f"{n} {VERDICTS.get(k, (k,))[0].lower()}" for k, n in kinds.items())
        shown.append(f"pairs judged: {judged}")
    seen = [str(part) for part in finding.checks.get("evidence", ())]
    if seen:
        shown.append("seen: " + ", ".join(seen))
    moved = moved_most(finding)
    if moved:
        shown.append("what moved the score most: " + moved)
    return "; ".join(shown)


def moved_most(finding: Finding, *, limit: int = 3) -> str:
    """The checks that moved the pair model's score most, signed: "the wording +1.2, ..."."""
    parts = []
    for item in list(finding.contributions)[:limit]:
        weight = float(item.get("weight", 0.0))
        if abs(weight) < 0.05:
            continue
        name = CHECK_WORDS.get(str(item.get("check")), str(item.get("check")))
        parts.append(f"{name} {weight:+.1f}")
    return ", ".join(parts)


CHECK_WORDS = {
    "sentence": "one sentence", "wording": "the wording", "surroundings": "the words around it",
    "measure": "what is counted", "story": "the stories", "places": "the places",
    "owners": "whose figure", "dates": "the dates", "values": "how far apart the figures are",
    "parts": "part or whole", "statement": "how it is stated", "speakers": "who said it",
}  # fmt: skip
"""The pair model's checks as a reader names them."""


def confidence_html(finding: Finding) -> str:
    """ "confirmed" or "possible", with the probability in a tooltip."""
    return (
        f'<span class="fc-confidence" title="probability {finding.score:.2f} that these '
        f'report one quantity">{_e(finding.confidence)}</span>'
    )


def given_html(finding: Finding) -> str:
    """Who gave each value, one line a value: "<b>15</b> — the ministry (Wire), Post itself".

    The line shows the figure as written when a report hedged it ("at least 12"),
    since the distinct values are the bare numbers.
    """
    lines = []
    for value, reports in finding.by_value():
        who = ", ".join(
            _e(r.who) + (f" (“{_e(r.figure_text)}”)" if r.qualifier != "exact" else "")
            for r in reports
        )
        lines.append(f"<b>{_e(number_text(value))}</b>" + (f" — {who}" if who else ""))
    if not lines:
        return ""
    return '<div class="fc-given">' + "".join(f"<div>{line}</div>" for line in lines) + "</div>"


def verdict_html(finding: Finding) -> str:
    """The verdict badge, the measure, the values and who gave each, the why and the checks."""
    label, colour = VERDICTS.get(finding.kind, (finding.kind, "#888"))
    checks = _checks_text(finding)
    dispute = f'<span class="fc-dispute">{_e(finding.dispute)}</span>' if finding.dispute else ""
    return (
        '<div class="fc-verdict">'
        f'<span class="fc-badge" style="background:{colour}">{_e(label)}</span>{dispute}'
        f"<b>{_e(finding.measure)}</b> — {confidence_html(finding)}"
        + given_html(finding)
        + f'<div class="fc-why">{_e(finding.why)}</div>'
        + (f'<div class="fc-checks">{_e(checks)}</div>' if checks else "")
        + "</div>"
    )


def claim_rows_html(claims: Sequence[Claim], documents: dict[str, Document]) -> str:
    """The claims table: one row a claim, its figure and speaker marked in the sentence."""
    rows = []
    for number, claim in enumerate(claims, start=1):
        document = documents.get(claim.doc_id)
        what = " ".join(part for part in (claim.noun, claim.predicate) if part)
        rows.append(
            "<tr>"
            f"<td>{number}</td>"
            f"<td><b>{_e(figure_label(claim))}</b></td>"
            f"<td>{_e(what)}</td>"
            f"<td>{speaker_html(claim)}</td>"
            f"<td>{_e(document.source if document and document.source else '')}</td>"
            f"<td>{sentence_html(claim)}</td>"
            "</tr>"
        )
    return (
        '<table class="fc-claims"><thead><tr><th>#</th><th>figure</th><th>counts</th>'
        "<th>who says so</th><th>outlet</th><th>sentence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )

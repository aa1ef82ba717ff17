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

from factcheck import words
from factcheck.model import Claim, Document, Finding, kind_rank, number_text

__all__ = [
    "STYLE",
    "VERDICTS",
    "card_html",
    "claim_rows_html",
    "figure_label",
    "given_html",
    "legend_html",
    "link_html",
    "mark_spans",
    "quantity_html",
    "safe_url",
    "sentence_html",
    "speaker_html",
    "unsafe_link_warning",
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
.fc-quantity{font-size:1.35rem;font-weight:700;margin:.2rem 0}
.fc-values{font-size:1.6rem;font-weight:700;margin:.1rem 0 .3rem 0}
.fc-confidence{border-bottom:1px dotted currentColor;cursor:help}
.fc-warn{color:#b35900;font-weight:600}
.fc-legend{font-size:.85rem;opacity:.85;margin:.2rem 0 .6rem 0}
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
    """ "<b>Col. Marcus Hale</b>, spokesman for ... — said, in reported speech"; the outlet
    when no speaker is named. The cue and quotation kind are words, never field values."""
    how = words.how_said(claim)
    if claim.speaker:
        who = f"<b>{_e(claim.speaker)}</b>"
        if claim.speaker_role:
            who += f", {_e(claim.speaker_role)}"
    else:
        who = "<b>the outlet itself</b> (no speaker named)"
        how = "" if how == "in the outlet's own words" else how
    return who + (f" — <i>{_e(how)}</i>" if how else "")


def unsafe_link_warning(url: str) -> str:
    """What a reader is told when a link is not shown: it is not an http(s) address."""
    return f"link not shown: “{url}” is not an http(s) address"


def link_html(url: str | None, *, label: str = "link") -> str:
    """A safe link, a visible warning for an unsafe one (`javascript:`), or nothing."""
    if not url:
        return ""
    safe = safe_url(url)
    if safe:
        return f'<a href="{_e(safe)}" target="_blank" rel="noopener noreferrer">{_e(label)}</a>'
    return f'<span class="fc-warn">⚠ {_e(unsafe_link_warning(url))}</span>'


def _meta_html(document: Document | None) -> str:
    """Outlet, date and link (or a warning that the link is unsafe), then the title."""
    if document is None:
        return "unknown article"
    parts = [
        f"<b>{_e(document.source)}</b>" if document.source else "no outlet given",
        _e(document.published or "no date"),
    ]
    link = link_html(document.url)
    if link:
        parts.append(link)
    if document.title:
        parts.insert(0, f"<i>{_e(document.title)}</i>")
    return " · ".join(parts)


def card_html(claim: Claim, document: Document | None, *, kind: str | None = None) -> str:
    """One side of a finding: figure large, what it counts, who said it, where, the sentence."""
    edge = VERDICTS.get(kind or "", ("", "#888"))[1]
    what = words.claim_counts(claim)
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
    """Why the reports were put together, in sentences: how the pairs were judged, what the
    checks saw, and which weighed most (signs and weights stay in the tooltip and the JSON).

    The claim ids of the judged pairs are left out (the reports say who gave what).
    """
    shown = []
    if len(finding.pairs) > 1:
        kinds: dict[str, int] = {}
        for pair in finding.pairs:
            kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
        ordered = sorted(kinds.items(), key=lambda item: kind_rank(item[0]))
        judged = ", ".join(
            f"{n} {words.KIND_WORDS.get(k, k.replace('_', ' '))}{'' if n == 1 else 's'}"
            for k, n in ordered
        )
        shown.append(f"Pairs judged: {judged}.")
    seen = words.evidence_words(finding)
    if seen:
        shown.append("Seen: " + "; ".join(seen) + ".")
    moved = words.moved_words(finding)
    if moved:
        shown.append(f"Weighed most {moved}.")
    return " ".join(shown)


def _weights_tip(finding: Finding) -> str:
    """A `title` attribute with the signed weights behind "Weighed most", for who wants them."""
    moved = moved_most(finding)
    return f' title="{_e("log-odds added: " + moved)}"' if moved else ""


def moved_most(finding: Finding, *, limit: int = 3) -> str:
    """The checks that moved the pair model's score most, signed: for a tooltip."""
    parts = []
    for item in list(finding.contributions)[:limit]:
        weight = float(item.get("weight", 0.0) or 0.0)
        if abs(weight) < 0.05:
            continue
        name = words.CHECK_WORDS.get(str(item.get("check")), str(item.get("check")))
        parts.append(f"{name} {weight:+.1f}")
    return ", ".join(parts)


def confidence_html(finding: Finding) -> str:
    """ "confirmed" or "possible", with the probability in a tooltip."""
    return (
        f'<span class="fc-confidence" title="{_e(words.probability_words(finding))}">'
        f"{_e(words.confidence_words(finding))}</span>"
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


def _badges(finding: Finding) -> str:
    label, colour = VERDICTS.get(finding.kind, (finding.kind.replace("_", " "), "#888"))
    dispute = f'<span class="fc-dispute">{_e(finding.dispute)}</span>' if finding.dispute else ""
    return f'<span class="fc-badge" style="background:{colour}">{_e(label)}</span>{dispute}'


def verdict_html(finding: Finding, claim: Claim | None = None) -> str:
    """The verdict badge, the measure in words, who gave each value, the why and the checks.

    `claim`, one report of the quantity, lets the measure use the noun as written.
    """
    checks = _checks_text(finding)
    measure = words.measure_words(finding.measure, claim)
    return (
        '<div class="fc-verdict">'
        f"{_badges(finding)}<b>{_e(measure)}</b> — {confidence_html(finding)}"
        + given_html(finding)
        + f'<div class="fc-why">{_e(finding.why)}</div>'
        + (f'<div class="fc-checks"{_weights_tip(finding)}>{_e(checks)}</div>' if checks else "")
        + "</div>"
    )


def quantity_html(finding: Finding, claims: Sequence[Claim], *, heading: bool = True) -> str:
    """The head of one disputed quantity's block: what is measured (unless the page draws
    it as its own heading), its distinct values large, the verdict and confidence, who gave
    each value, and why they were grouped."""
    lead = claims[0] if claims else None
    measure = words.measure_words(finding.measure, lead)
    checks = _checks_text(finding)
    count = len(finding.reports) or len(claims)
    values = words.values_words(finding)
    title = f'<div class="fc-quantity">{_e(measure[:1].upper() + measure[1:])}</div>'
    return (
        '<div class="fc-verdict">'
        + (title if heading else "")
        + f"<div>{_badges(finding)}{confidence_html(finding)} · {count} reports, "
        f"{len(finding.values)} {'value' if len(finding.values) == 1 else 'values'}</div>"
        f'<div class="fc-values">{_e(values)}</div>'
        + given_html(finding)
        + f'<div class="fc-why">{_e(words.own_why(finding))}</div>'
        + (f'<div class="fc-checks"{_weights_tip(finding)}>{_e(checks)}</div>' if checks else "")
        + "</div>"
    )


def legend_html() -> str:
    """What conflict, agreement, different measure, update and competing estimates mean."""
    colours = {label.lower(): colour for label, colour in VERDICTS.values()}
    items = []
    for word, meaning in words.LEGEND:
        colour = colours.get(word)
        name = (
            f'<span class="fc-badge" style="background:{colour}">{_e(word)}</span>'
            if colour
            else f"<b>{_e(word)}</b>"
        )
        items.append(f"<div>{name} {_e(meaning)}</div>")
    return '<div class="fc-legend">' + "".join(items) + "</div>"


def claim_rows_html(claims: Sequence[Claim], documents: dict[str, Document]) -> str:
    """The claims table: one row a claim, its figure and speaker marked in the sentence."""
    rows = []
    for number, claim in enumerate(claims, start=1):
        document = documents.get(claim.doc_id)
        what = words.claim_counts(claim)
        rows.append(
            "<tr>"
            f"<td>{number}</td>"
            f"<td><b>{_e(figure_label(claim))}</b></td>"
            f"<td>{_e(what)}</td>"
            f"<td>{speaker_html(claim)}</td>"
            f"<td>{_meta_html(document) if document else ''}</td>"
            f"<td>{sentence_html(claim)}</td>"
            "</tr>"
        )
    return (
        '<table class="fc-claims"><thead><tr><th>#</th><th>figure</th><th>counts</th>'
        "<th>who says so</th><th>where</th><th>sentence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )

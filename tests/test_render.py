"""The UI's HTML fragments: article text is escaped, figures and speakers are marked."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from factcheck import render
from factcheck.extract import extract_all
from factcheck.ingest import document_from_text
from factcheck.judge import group_findings
from factcheck.model import COMPETING_ESTIMATES, Claim, Document, Finding, FindingReport, Report
from factcheck.nlp import load_nlp
from factcheck.report import findings_frame
from factcheck.terminal import finding_lines
from tests.claims import make_claim

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def tags(html: str) -> set[str]:
    """The element names in an HTML fragment."""
    return {name.lower() for name in re.findall(r"<\s*([a-zA-Z][\w-]*)", html)}


ALLOWED = {"div", "span", "b", "i", "a", "mark", "blockquote", "table", "thead", "tbody"}
ALLOWED |= {"tr", "th", "td"}


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("14 rockets", [(0, 2, "f")], '<mark class="f">14</mark> rockets'),
        ("a < 14 & b", [(4, 6, "f")], 'a &lt; <mark class="f">14</mark> &amp; b'),
        # The second span overlaps the first and is dropped: the figure wins.
        ("Col. Marotto said 14", [(18, 20, "f"), (15, 20, "s")],
         'Col. Marotto said <mark class="f">14</mark>'),
        ("Marotto said 14", [(13, 15, "f"), (0, 7, "s")],
         '<mark class="s">Marotto</mark> said <mark class="f">14</mark>'),
        # Offsets outside the text (a speaker in another sentence) mark nothing.
        ("It added 14", [(9, 11, "f"), (-40, -20, "s")], 'It added <mark class="f">14</mark>'),
        ("It added 14", [(9, 99, "f")], "It added 14"),
        ("<b>14</b>", [(3, 5, "f")], '&lt;b&gt;<mark class="f">14</mark>&lt;/b&gt;'),
    ],
)  # fmt: skip
def test_mark_spans_escapes_and_marks(text, spans, expected):
    assert render.mark_spans(text, spans) == expected


def test_sentence_marks_figure_and_speaker_in_the_sentence():
    claim = make_claim("Col. Wayne Marotto said 14 rockets landed.", "14", speaker="Wayne Marotto")
    html = render.sentence_html(claim)
    assert '<mark class="fc-fig">14</mark>' in html
    assert '<mark class="fc-who">Wayne Marotto</mark>' in html


def test_speaker_in_another_sentence_is_named_but_not_marked():
    claim = make_claim(
        "It added that 14 rockets were fired.",
        "14",
        speaker="Security Media Cell",
        speaker_start=-120,
        speaker_end=-101,
        cue="said",
        quote="indirect",
    )
    assert "fc-who" not in render.sentence_html(claim)
    assert "<b>Security Media Cell</b>" in render.speaker_html(claim)


@pytest.mark.parametrize(
    ("figure", "unit", "label"),
    [
        ("14", None, "14"),
        ("100 %", "percent", "100 %"),
        ("12 percent", "percent", "12 percent"),
        ("$5 million", "USD", "$5 million"),
        ("40", "km", "40 km"),
    ],
)
def test_figure_label_adds_a_unit_only_when_the_text_lacks_it(figure, unit, label):
    claim = make_claim(f"They said {figure} here.", figure, unit=unit)
    assert render.figure_label(claim) == label


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/no-scheme", False),
        ("https://exa mple.org", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links_are_kept(url, kept):
    assert (render.safe_url(url) is not None) is kept


@pytest.mark.parametrize("payload", [SCRIPT, IMG, '"><svg onload=alert(1)>'])
def test_card_verdict_and_table_escape_every_field(payload):
    sentence = f"Police said {payload} 14 rockets landed."
    claim = make_claim(
        sentence,
        "14",
        speaker=payload,
        speaker_role=payload,
        cue=payload,
        quote="indirect",
        doc_id="d",
        noun=payload,
        predicate=payload,
        places=(payload,),
        times=(payload,),
    )
    document = Document(
        id="d",
        text=sentence,
        source=payload,
        published=payload,
        url=f"https://example.org/{payload}",
        title=payload,
    )
    finding = Finding("conflict", ("d:0",), payload, (14.0,), 0.9, payload, {payload: payload})
    fragments = [
        render.card_html(claim, document, kind="conflict"),
        render.verdict_html(finding),
        render.verdict_html(
            replace(finding, dispute=payload, reports=(FindingReport.of(claim, document),))
        ),
        render.claim_rows_html([claim], {"d": document}),
    ]
    for html in fragments:
        assert tags(html) <= ALLOWED, html
        assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
        assert "&lt;" in html


def test_javascript_link_is_shown_as_text_not_a_link():
    claim = make_claim("Police said 14 rockets landed.", "14", places=())
    document = Document(id="d", text="", url="javascript:alert(1)")
    html = render.card_html(claim, document)
    assert "<a " not in html
    assert "javascript:alert(1)" in html


def test_extracted_article_with_markup_renders_as_text():
    """An article carrying markup: the claims built from it show the markup as text."""
    text = (
        f"Police said {IMG} 14 people were hurt in the blast. {SCRIPT} "
        f"The mayor, {SCRIPT} Ana Ruiz, said 30 people were hurt."
    )
    document = document_from_text(text, source=IMG, url="javascript:alert(1)")
    [claims] = extract_all([document], nlp=load_nlp())
    assert {c.figure_text for c in claims} >= {"14", "30"}
    html = render.claim_rows_html(claims, {document.id: document})
    html += "".join(render.card_html(c, document) for c in claims)
    assert tags(html) <= ALLOWED
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(1)" in html
    assert '<mark class="fc-fig">14</mark>' in html


# -- one quantity, shown in one place ----------------------------------------------------------

OUTLETS = {"a": "Northgate Post", "b": "Lakeside Wire", "c": "Valley Courier"}
DOCUMENTS = tuple(
    Document(id=doc_id, text="", source=source, published="2024-05-14")
    for doc_id, source in OUTLETS.items()
)
TOLL = (
    make_claim("The ministry said 12 people died.", "12", speaker="the ministry", doc_id="a"),
    make_claim("At least 15 people died.", "At least 15", value=15, low=15, qualifier="at_least",
               doc_id="b"),
    make_claim("Rescuers said 15 died.", "15", speaker="rescuers", doc_id="c"),
)  # fmt: skip


def pair(kind: str, a: Claim, b: Claim, score: float) -> Finding:
    documents = {d.id: d for d in DOCUMENTS}
    return Finding(
        kind=kind,  # type: ignore[arg-type]
        claims=(a.id, b.id),
        measure="people who died in Orlen",
        values=(a.point, b.point),
        score=score,
        why=f"{a.figure_text} vs {b.figure_text}",
        checks={"similarity": score},
        dispute=COMPETING_ESTIMATES if kind == "conflict" else None,
        reports=(
            FindingReport.of(a, documents[a.doc_id]),
            FindingReport.of(b, documents[b.doc_id]),
        ),
    )


def toll_report() -> Report:
    twelve, fifteen, also_fifteen = TOLL
    findings = group_findings(
        [
            pair("conflict", twelve, fifteen, 0.8),
            pair("conflict", twelve, also_fifteen, 0.7),
            pair("agreement", fifteen, also_fifteen, 0.9),
        ]
    )
    return Report(documents=DOCUMENTS, claims=TOLL, findings=tuple(findings))


def test_verdict_shows_each_value_and_who_gave_it():
    [finding] = toll_report().findings
    html = render.verdict_html(finding)
    assert tags(html) <= ALLOWED
    assert '<span class="fc-dispute">competing estimates</span>' in html
    assert "<div><b>12</b> — the ministry (Northgate Post)</div>" in html
    assert (
        "<div><b>15</b> — Lakeside Wire itself (“At least 15”), rescuers (Valley Courier)" in html
    )
    assert "Pairs judged: 2 conflicts, 1 agreement." in html
    assert "[" not in html  # the pairs' claim ids stay in the JSON


def test_terminal_shows_one_block_per_quantity_with_who_gave_each_value():
    report = toll_report()
    lines = finding_lines(report.findings, report)
    assert [line for line in lines if "CONFLICT" in line] == [
        "    CONFLICT  12 vs 15  (competing estimates, possible, 90% likely one quantity)"
    ]
    assert "      12: given by the ministry (Northgate Post)" in lines
    assert (
        '      15: given by Lakeside Wire itself ("At least 15"), rescuers (Valley Courier)'
        in lines
    )
    assert sum(line.strip().startswith("why:") for line in lines) == 1


def test_findings_table_is_one_block_of_rows_per_quantity():
    frame = findings_frame(toll_report())
    assert list(frame["finding"]) == [1, 1, 1]
    assert list(frame["source"]) == list(OUTLETS.values())
    assert set(frame["values"]) == {"12 vs 15"}
    assert set(frame["reports"]) == {3}
    assert set(frame["dispute"]) == {COMPETING_ESTIMATES}
    [given] = set(frame["given_by"])
    assert given == (
        '12: the ministry (Northgate Post); 15: Lakeside Wire itself ("At least 15"), '
        "rescuers (Valley Courier)"
    )


def test_findings_table_reads_findings_without_reports():
    """A finding from JSON written before findings carried their reports."""
    [finding] = toll_report().findings
    old = replace(finding, reports=(), pairs=())
    frame = findings_frame(Report(documents=DOCUMENTS, claims=TOLL, findings=(old,)))
    assert set(frame["given_by"]) == {
        '12: the ministry (Northgate Post); 15: Lakeside Wire itself ("At least 15"), '
        "rescuers (Valley Courier)"
    }

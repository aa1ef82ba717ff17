"""The UI's HTML fragments: article text is escaped, figures and speakers are marked."""

from __future__ import annotations

import re

import pytest

from factcheck import render
from factcheck.extract import extract_all
from factcheck.ingest import document_from_text
from factcheck.model import Document, Finding
from factcheck.nlp import load_nlp
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

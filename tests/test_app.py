"""The Streamlit UI driven with AppTest: what a reader sees on each page.

Every test points FACTCHECK_INDEX at its own temporary directory, so the
repository's `index/` is never touched.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app_pages.example
from app_pages.uploads import MAX_CHARS, batch_documents, collect
from factcheck.embed import load_encoder
from factcheck.matching import MatchSettings
from factcheck.nlp import load_nlp
from tests.test_ingest import SWALLOWING_CSV as UNCLOSED  # a quote in the third never closed

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"
PAGES = {
    "check": "app_pages/check_page.py",
    "compare": "app_pages/compare_page.py",
    "batch": "app_pages/batch_page.py",
    "index": "app_pages/index_page.py",
}
# Two invented reports of one attack that disagree on the rocket count.
ARTICLE_A = (
    "date 2024-05-02 Rockets hit Brenna Air Base on Thursday. Police spokesman Omar Lindqvist "
    "said 12 rockets were fired at Brenna Air Base."
)
ARTICLE_B = (
    "date 2024-05-02 A militant group calling itself the Red Hollow Front said its fighters "
    "fired 40 rockets at Brenna Air Base on Thursday."
)


def csv_bytes(rows: list[tuple[str, str]], *, encoding: str = "utf-8") -> bytes:
    lines = ["source,text"] + [f'"{source}","{text}"' for source, text in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.fixture(scope="session")
def models():
    """Load the models once, outside any AppTest timeout."""
    return load_nlp(), load_encoder()


@pytest.fixture
def open_app(tmp_path, monkeypatch, models):
    monkeypatch.setenv("FACTCHECK_INDEX", str(tmp_path / "index"))

    def start(page: str = "check") -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        if page != "check":
            at.switch_page(PAGES[page]).run()
        assert not at.exception, at.exception
        return at

    return start


_ESCAPED = re.compile(r"\\(.)")


def said(elements) -> str:
    """The text of Markdown elements as a reader reads it: the page escapes article and file
    words ("no\\_text\\.csv"), so they show literally; the escapes are taken out here."""
    return "\n".join(
        _ESCAPED.sub(r"\1", str(getattr(e, "value", None) or e.label)) for e in elements
    )


def shown(at: AppTest) -> str:
    """Everything a reader can read on the page, as one string."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "code"):
        parts += [str(element.value) for element in getattr(at, kind)]
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "expander"):
        parts.append(said(getattr(at, kind)))
    parts += [str(element.value) for element in at.get("html")]
    parts += [f"{metric.label}: {metric.value}" for metric in at.metric]
    return "\n".join(parts)


PYTHON_LITERALS = re.compile(r"\b(True|False|None)\b|according_to|different_measure|_measure\b")


def assert_plain_words(at: AppTest) -> None:
    """No Python literal, field value or lemma pair ("damage be") anywhere a reader looks.

    A lemma pair is a claim's counted noun and predicate as the matcher keeps them; the
    article's own sentences are taken out first, since an article may say "rocket fire".
    """
    page = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"(?s)<style>.*?</style>", "", shown(at))))
    report = next(
        (at.session_state[k] for k in ("check_result", "compare_result", "batch_result")
         if k in at.session_state),
        None,
    )  # fmt: skip
    sentences = []
    if report is not None:
        sentences = [c.sentence for c in (*report.claims, *report.stored_claims)]
        sentences += [d.text for d in (*report.documents, *report.stored)]
    text = page
    for sentence in sorted(set(sentences), key=len, reverse=True):
        text = text.replace(sentence, " ")
    assert not PYTHON_LITERALS.search(text), PYTHON_LITERALS.search(text)
    if report is not None:
        for claim in report.claims:
            if claim.noun and claim.predicate and claim.noun != claim.predicate:
                pair = f"{claim.noun} {claim.predicate}"
                assert not re.search(rf"\b{re.escape(pair)}\b", text), pair
            if claim.noun:  # the bare lemma as what a finding is about ("... vs 30 on rocket.")
                lemma = re.search(rf"\b(on|same) {re.escape(claim.noun)}[;,.]", text)
                assert lemma is None, lemma


def click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    [value] = [m.value for m in at.metric if m.label == label]
    return value


def check(at: AppTest, text: str, *, outlet: str = "") -> AppTest:
    at.text_area(key="check_text").input(text)
    at.text_input(key="check_outlet").input(outlet)
    return click(at, "Check")


@pytest.mark.parametrize(
    ("page", "title", "button", "message"),
    [
        ("check", "Check an article", "Check", "the article is empty"),
        ("compare", "Compare sources", "Compare", "Nothing to compare yet"),
        ("batch", "Batch CSV", None, "One article a row"),
        ("index", "Index", None, "No index yet"),
    ],
)
def test_every_page_renders_with_empty_input(open_app, page, title, button, message):
    at = open_app(page)
    assert at.title[0].value == title
    assert at.sidebar.slider(key="suggest").value == pytest.approx(MatchSettings().suggest)
    if button:
        click(at, button)
    assert message in shown(at)


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_seed_check_shows_14_vs_30_conflict_with_both_speakers(open_app):
    at = click(open_app(), "Load example")
    assert at.text_area(key="check_text").value.startswith(" date 2021-07-07")
    click(at, "Check")
    page = shown(at)
    assert ">Conflict</span>" in page
    assert '<mark class="fc-fig">14</mark>' in page
    assert '<mark class="fc-fig">30</mark>' in page
    assert "Security Media Cell" in page
    assert "Col. Wayne Marotto" in page
    assert "brigades to avenge al-Muhandis" in page
    assert int(metric(at, "Conflicts")) >= 1
    # one block for the quantity: its measure in words, all three reports, the chart
    assert "Rockets fired" in [s.value for s in at.subheader]
    assert '<div class="fc-values">14 vs 30</div>' in page
    assert len([h for h in at.get("html") if 'class="fc-card"' in h.value]) >= 3
    assert len(at.get("vega_lite_chart")) >= 1
    assert any(
        c.value.startswith("14 rockets (Col. Wayne Marotto, AP, 2021-07-07") for c in at.code
    )
    assert "according to" in page and ">possible</span>" in page
    assert "What the words mean" in page
    assert_plain_words(at)
    # two sources give 14 in one article: side by side in the chart, not one dot on another
    encoding = at.get("vega_lite_chart")[0].proto.spec
    assert '"xOffset"' in encoding and '"who"' in encoding


def test_example_without_shared_is_an_invented_conflict(open_app, monkeypatch, tmp_path):
    monkeypatch.setattr(app_pages.example, "SEED", tmp_path / "absent.txt")
    at = click(open_app(), "Load example")
    assert at.text_area(key="check_text").value == app_pages.example.FALLBACK
    click(at, "Check")
    page = shown(at)
    assert ">Conflict</span>" in page
    assert '<mark class="fc-fig">12</mark>' in page
    assert '<mark class="fc-fig">40</mark>' in page
    assert "Free Valley Brigades" in page


def test_added_article_is_matched_searched_and_removed(open_app):
    at = check(open_app(), ARTICLE_A, outlet="Northgate Post")
    assert "The index is empty" in shown(at)
    click(at, "Add to index")
    assert "Added the article and its 1 claims" in shown(at)
    assert "The index is empty" not in shown(at)
    assert "The article is in the index now" in shown(at)

    # the same text again, under another outlet: the page says where it is stored
    check(at, ARTICLE_A, outlet="Elsewhere Daily")
    page = shown(at)
    assert "already in the index (stored as Northgate Post, 2024-05-02)" in page
    assert "Nothing in the index reports these figures" not in page
    assert "The index is empty" not in page
    [add] = [b for b in at.button if b.label == "Add to index"]
    assert add.disabled and add.help == "Already in the index."

    check(at, ARTICLE_B, outlet="Lakeside Wire")
    page = shown(at)
    assert metric(at, "Findings against the index") == "1"
    assert "Omar Lindqvist" in page
    assert "Red Hollow Front" in page
    assert "Northgate Post" in page

    at.switch_page(PAGES["index"]).run()
    assert metric(at, "Documents") == "1"
    click(at, "Find claims")  # empty query
    assert "Type what the claims are about" in shown(at)
    at.text_input[0].input("people killed in the fire")
    click(at, "Find claims")
    assert "No claim like this in the index" in shown(at)
    at.text_input[0].input("rockets fired at the air base")
    click(at, "Find claims")
    [results] = at.dataframe[1:]
    table = results.value
    assert list(table["who"]) == ["Omar Lindqvist"]
    assert list(table["date"]) == ["2024-05-02"]
    assert table.notna().all().all()  # an empty cell, never "None"
    assert 0.45 <= table["score"][0] <= 1.0
    assert "are not shown" in shown(at)
    at.selectbox[0].set_value("Northgate Post")
    at.checkbox[0].check()
    click(at, "Remove")
    assert "Removed 1 articles of Northgate Post" in shown(at)
    assert metric(at, "Documents") == "0"


def test_compare_tabs_group_findings_by_measure(open_app):
    at = open_app("compare")
    at.text_area(key="compare_text_1").input(ARTICLE_A)
    at.text_input(key="compare_outlet_1").input("Northgate Post")
    at.text_area(key="compare_text_2").input(ARTICLE_B)
    click(at, "Compare")
    assert metric(at, "Articles") == "2"
    assert metric(at, "Conflicts") == "1"
    assert [s.value for s in at.subheader] == ["Rockets fired at Brenna Air Base"]
    page = shown(at)
    assert "Omar Lindqvist" in page
    assert "Red Hollow Front" in page
    assert_plain_words(at)


def test_compared_articles_are_added_to_the_index_once(open_app):
    at = open_app("compare")
    at.text_area(key="compare_text_1").input(ARTICLE_A)
    at.text_area(key="compare_text_2").input(ARTICLE_B)
    click(at, "Compare")
    click(at, "Add these articles to the index")
    assert "Added 2 new articles to the index (0 known)." in shown(at)
    click(at, "Add these articles to the index")
    assert "Added 0 new articles to the index (2 known)." in shown(at)


def run_batch(at: AppTest, data: bytes, name: str = "articles.csv") -> AppTest:
    at.file_uploader(key="batch_file").set_value((name, data, "text/csv")).run()
    return click(at, "Check all rows")


def test_batch_lists_bad_row_and_checks_the_rest(open_app):
    data = csv_bytes([("Northgate Post", ARTICLE_A), ("Empty Times", ""), ("Lakeside", ARTICLE_B)])
    at = run_batch(open_app("batch"), data)
    warning = at.warning[0].value
    assert "row 3" in warning
    assert "row 2" not in warning and "row 4" not in warning
    assert metric(at, "Articles checked") == "2"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "finding", "quantity", "values", "sources", "kind", "confidence", "reports"
    ]  # fmt: skip
    assert list(table["quantity"]) == ["rockets fired at Brenna Air Base"]
    assert list(table["values"]) == ["12 vs 40"]
    assert list(table["sources"]) == ["Northgate Post, Lakeside"]
    assert list(table["kind"]) == ["conflict (competing estimates)"]
    # the claims are a click away, in the finding's expander
    labels = [e.label.replace("\\", "") for e in at.expander]  # labels are escaped Markdown
    assert [label for label in labels if label.startswith("1.")] == [
        "1. rockets fired at Brenna Air Base: 12 vs 40 — conflict (competing estimates)"
    ]
    assert "Red Hollow Front" in shown(at)
    at.multiselect(key="batch_filter_sources").set_value(["Lakeside"]).run()
    assert len(at.dataframe[0].value) == 1
    assert [b.label for b in at.get("download_button")] == [
        "Sample CSV",
        "Findings (CSV)",
        "Claims (CSV)",
        "Everything (JSON)",
        "ClaimReview (JSON-LD)",
        "Findings as text",
    ]
    assert_plain_words(at)


def test_sample_csv_is_offered_and_reads_as_a_dispute(open_app):
    from app_pages.batch_page import sample_csv

    at = open_app("batch")
    assert [b.label for b in at.get("download_button")] == ["Sample CSV"]
    at = run_batch(at, sample_csv().encode("utf-8"), name="sample_articles.csv")
    assert metric(at, "Articles checked") == "3"
    table = at.dataframe[0].value
    assert "12 vs 40" in set(table["values"])
    assert_plain_words(at)


def test_latin1_csv_is_read(open_app):
    text = "date 2024-05-02 Le porte-parole José Núñez a déclaré que 12 roquettes sont tombées."
    at = run_batch(open_app("batch"), csv_bytes([("Télé Ouest", text)], encoding="latin-1"))
    assert metric(at, "Articles checked") == "1"
    assert not at.error


def test_a_new_upload_never_shows_the_last_files_findings(open_app):
    at = run_batch(open_app("batch"), csv_bytes([("Northgate Post", ARTICLE_A)]), name="one.csv")
    assert metric(at, "Articles checked") == "1"
    two = csv_bytes([("Northgate Post", ARTICLE_A), ("Lakeside", ARTICLE_B)])
    at.file_uploader(key="batch_file").set_value(("two.csv", two, "text/csv")).run()
    assert not at.metric  # one.csv's findings are gone before two.csv is checked
    assert "two.csv (" in shown(at).replace("\\", "")  # the caption is escaped Markdown
    click(at, "Check all rows")
    assert metric(at, "Articles checked") == "2"


def test_csv_without_text_column_is_an_error_message(open_app):
    data = b"source,headline\nNorthgate Post,Rockets hit a base\n"
    at = run_batch(open_app("batch"), data, name="no_text.csv")
    assert "no 'text' column in no_text.csv" in said(at.error)
    assert not at.metric


@pytest.mark.parametrize("page", ["check", "compare"])
def test_one_megabyte_paste_is_refused_with_a_message(open_app, page):
    huge = ("The council said 12 rockets were fired. " * 30_000)[: 1024 * 1024]
    at = open_app(page)
    at.text_area(key="check_text" if page == "check" else "compare_text_1").input(huge)
    click(at, "Check" if page == "check" else "Compare")
    assert f"1,048,576 characters long; the limit is {MAX_CHARS:,}" in shown(at)


def test_batch_documents_names_each_bad_row():
    data = csv_bytes([("A", ARTICLE_A), ("B", ""), ("C", "x" * (MAX_CHARS + 1)), ("D", ARTICLE_B)])
    collected = batch_documents(data, name="upload.csv")
    assert [d.source for d in collected.documents] == ["A", "D"]
    assert collected.problems[0].startswith("row 3, column 'text'")
    assert "limit is 100,000" in collected.problems[1]


def test_collect_reads_txt_and_csv_uploads_once_each():
    files = [
        ("a.txt", ARTICLE_A.encode("utf-8")),
        ("again.txt", ARTICLE_A.encode("utf-8")),
        ("more.csv", csv_bytes([("Lakeside", ARTICLE_B), ("Empty", "")])),
        ("photo.txt", b"\x00\x01binary"),
    ]
    collected = collect([("", {}), (ARTICLE_B, {"source": "Pasted"})], files)
    assert [d.title or d.source for d in collected.documents] == ["Pasted", "a"]
    problems = "\n".join(collected.problems)
    assert "again.txt: the same article was given twice" in problems
    assert "more.csv, row 3" in problems
    assert "more.csv, document " in problems  # ARTICLE_B was pasted already
    assert "photo.txt looks like a binary file" in problems


@pytest.mark.parametrize("page", ["check", "index"])
def test_foreign_index_directory_is_an_error_message(open_app, monkeypatch, tmp_path, page):
    foreign = tmp_path / "not-an-index"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    (foreign / "manifest.json").write_text('{"format": "something-else"}', encoding="utf-8")
    monkeypatch.setenv("FACTCHECK_INDEX", str(foreign))
    at = open_app(page)
    if page == "check":
        check(at, ARTICLE_A)
    assert "is not a factcheck index" in said(at.error)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_three_outlets_show_one_block_with_every_report_and_a_chart(open_app):
    at = open_app("compare")
    at.number_input[0].set_value(3).run()
    reports = [("Omar Lindqvist", 12), ("Ida Holm", 12), ("Lea Brandt", 40)]
    for number, (speaker, value) in enumerate(reports, start=1):
        text = (
            f"date 2024-05-02 Spokesperson {speaker} said {value} rockets were fired at Brenna "
            "Air Base."
        )
        at.text_area(key=f"compare_text_{number}").input(text)
        at.text_input(key=f"compare_outlet_{number}").input(f"Outlet {number}")
    click(at, "Compare")
    assert [s.value for s in at.subheader] == ["Rockets fired at Brenna Air Base"]
    cards = [h.value for h in at.get("html") if 'class="fc-card"' in h.value]
    assert len(cards) == 3
    assert all("Outlet" in card and "2024-05-02" in card for card in cards)
    assert len(at.get("vega_lite_chart")) == 1
    page = shown(at)
    assert '<div class="fc-values">12 vs 40</div>' in page
    assert "3 reports, 2 values" in page
    assert "both say " not in page and "both Brenna Air Base's" not in page  # notes, in words
    assert_plain_words(at)


def test_javascript_link_gets_a_visible_warning(open_app):
    at = open_app()
    at.text_area(key="check_text").input(ARTICLE_A)
    at.text_input(key="check_url").input("javascript:alert(1)")
    click(at, "Check")
    assert any("link not shown" in w.value for w in at.warning)
    assert '<a href="javascript' not in shown(at)


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        ("pages", "is corrupt: claims.sqlite"),  # every page after the header, not a truncation
        ("vectors", "vectors.faiss cannot be read (it is truncated)"),
    ],
)
@pytest.mark.parametrize("page", ["check", "index", "compare", "batch"])
def test_a_damaged_index_is_an_error_message_on_every_page(
    open_app, monkeypatch, tmp_path, page, damage, named
):
    from factcheck.model import Document
    from factcheck.store import ClaimIndex
    from tests.claims import make_claims

    folder = tmp_path / "damaged"
    with ClaimIndex.open(folder, encoder=load_encoder()) as index:
        for n in range(30):
            text = f"Officials said {n + 10} rockets landed on Brenna Air Base, report {n}. " * 8
            document = Document(id=f"d{n}", text=text, source="Wire")
            index.add(document, make_claims(document, [str(n + 10)]))
    damaged = folder / ("claims.sqlite" if damage == "pages" else "vectors.faiss")
    data = bytearray(damaged.read_bytes())
    if damage == "pages":
        data[4096:] = b"\xa5" * (len(data) - 4096)
    else:
        del data[len(data) // 2 :]
    damaged.write_bytes(bytes(data))
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    monkeypatch.setenv("FACTCHECK_INDEX", str(folder))
    at = open_app(page)
    if page == "check":
        check(at, ARTICLE_A)
    elif page == "compare":
        at.text_area(key="compare_text_1").input(ARTICLE_A)
        at.text_area(key="compare_text_2").input(ARTICLE_B)
        click(at, "Compare")
    elif page == "batch":
        run_batch(at, csv_bytes([("Northgate Post", ARTICLE_A), ("Lakeside", ARTICLE_B)]))
    assert not at.exception
    errors = said(at.error)
    assert named in errors and "it was left untouched" in errors
    if damage == "vectors":
        assert "reindex" in errors and "faiss::" not in errors
    assert "internal failure" not in shown(at) and "Traceback" not in shown(at)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_articles_stored_without_a_source_can_be_removed_from_the_page(open_app):
    at = check(open_app(), ARTICLE_A)  # no outlet given
    click(at, "Add to index")
    at.switch_page(PAGES["index"]).run()
    assert list(at.dataframe[0].value["source"]) == ["(no source)"]
    at.selectbox[0].set_value("(no source)")
    at.checkbox[0].check()
    click(at, "Remove")
    assert "Removed 1 articles stored without a source." in shown(at)
    assert metric(at, "Documents") == "0"


def test_one_megabyte_search_query_is_answered_without_a_crash(open_app):
    at = check(open_app(), ARTICLE_A, outlet="Northgate Post")
    click(at, "Add to index")
    at.switch_page(PAGES["index"]).run()
    at.text_input[0].input("rockets fired at the air base " * 35_000)  # about 1 MB
    click(at, "Find claims")
    assert not at.error
    assert "Omar Lindqvist" in " ".join(map(str, at.dataframe[1].value["who"]))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (csv_bytes([("Télé Ouest", ARTICLE_A), ("Lakeside", ARTICLE_B)], encoding="latin-1"),
         "Articles: 2"),
        (b"source,headline\nNorthgate Post,Rockets hit a base\n", "no 'text' column in up.csv"),
    ],
)  # fmt: skip
def test_compare_takes_a_latin1_csv_and_names_one_without_text(open_app, data, expected):
    at = open_app("compare")
    at.file_uploader[0].set_value(("up.csv", data, "text/csv"))  # sent with the form
    click(at, "Compare")
    assert expected in shown(at).replace("\\", "")


@pytest.mark.parametrize(
    ("data", "checked", "said"),
    [
        (UNCLOSED.encode("utf-8"), "4", "row 4, column 'text': a double quote opened on this line"),
        (UNCLOSED.encode("utf-16-le"), "4", "row 4, column 'text': a double quote opened"),
        (csv_bytes([("AP", ARTICLE_A + " x" * 100_000), ("Lakeside", ARTICLE_B)]), "1",
         "the limit is 100,000"),
    ],
    ids=["unclosed-quote", "utf-16le-no-bom", "200-kb-row"],
)  # fmt: skip
def test_batch_names_every_row_it_does_not_check(open_app, data, checked, said):
    at = run_batch(open_app("batch"), data)
    assert metric(at, "Articles checked") == checked
    assert said in " ".join(w.value for w in at.warning).replace("\\", "")
    assert not at.error


def test_the_page_and_the_command_line_find_one_index(open_app, tmp_path, capsys):
    """FACTCHECK_INDEX names the same directory to both (`factcheck.location`): an article
    added in the browser is what `python -m factcheck stats` counts, at the path the
    sidebar shows."""
    from factcheck.cli import main

    at = check(open_app(), ARTICLE_A, outlet="Northgate Post")
    click(at, "Add to index")
    [sidebar_path] = [c.value for c in at.sidebar.code]
    assert sidebar_path == str((tmp_path / "index").resolve())
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert f"index:     {sidebar_path}" in out
    assert "documents: 1" in out and "Northgate Post" in out


def test_file_and_column_names_show_as_written_never_as_markdown(open_app):
    """A header cell or file name is shown literally: no bold, no link a reader could click."""
    data = b"**Bold**,[open](https://example.org)\nx,y\n"
    at = run_batch(open_app("batch"), data, name="my_*notes*.csv")
    [error] = at.error
    assert r"\*\*Bold\*\*" in error.value and r"\[open\]\(https://example\.org\)" in error.value
    assert r"my\_\*notes\*\.csv" in error.value
    assert "**Bold**, [open](https://example.org)" in said(at.error)

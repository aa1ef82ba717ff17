"""Ingest: what a user gives (text, files, CSV) becomes Documents, or a clear error.

The promises under test: the text is kept exactly (offsets point into what the
user gave), a leading date line becomes metadata, any common encoding reads
right, and no CSV row disappears without a RowProblem naming it.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.ingest import (
    CSV_FIELD_LIMIT,
    IngestResult,
    RowProblem,
    decode_bytes,
    document_from_text,
    iter_csv,
    normalize_date,
    read_articles,
    read_csv,
    read_text_file,
)
from factcheck.model import Document, content_hash

DATA = Path(__file__).resolve().parent / "data" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_66e9cc6d0f1db5b5.txt"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- single texts -----------------------------------------------------------------------


def test_seed_header_sets_date_and_body_start_and_keeps_text() -> None:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (the shared data lives outside the repo)")
    raw = SEED.read_text(encoding="utf-8")
    doc = read_text_file(SEED)
    assert doc.text == raw
    assert doc.published == "2021-07-07"
    assert doc.body.startswith("US-backed Syrian fighters")
    assert doc.text[doc.body_start : doc.body_start + len("US-backed")] == "US-backed"
    assert doc.id == content_hash(raw)


@pytest.mark.parametrize(
    ("text", "published", "body_starts_with"),
    [
        (" date 2021-07-07 Rockets hit the base.", "2021-07-07", "Rockets"),
        ("date 2021-07-07\n\nRockets hit the base.", "2021-07-07", "Rockets"),
        ("Date: 2021-07-07\nRockets hit the base.", "2021-07-07", "Rockets"),
        ("DATE:2021-07-07 Rockets hit the base.", "2021-07-07", "Rockets"),
        ("Date: July 7, 2021\r\nRockets hit the base.", "2021-07-07", "Rockets"),
        ("Date: 7 July 2021\n\n  Rockets hit the base.", "2021-07-07", "Rockets"),
        ("Rockets hit the base on 2021-07-07.", None, "Rockets hit"),
        ("Dated 2021-07-07, the memo said rockets hit the base.", None, "Dated"),
        ("date 2021-13-45 Rockets hit the base.", None, "date 2021-13-45"),
        ("date 2021-07-07T10:00 Rockets hit the base.", None, "date 2021"),
        ("Date: sometime soon\nRockets hit the base.", None, "Date: sometime"),
    ],
)
def test_leading_date_line(text: str, published: str | None, body_starts_with: str) -> None:
    doc = document_from_text(text)
    assert doc.text == text
    assert doc.published == published
    assert doc.body.startswith(body_starts_with)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2021-07-08", "2021-07-08"), ("8 July 2021", "2021-07-08"), ("July 8, 2021", "2021-07-08")],
)
def test_explicit_published_wins_over_header_and_is_normalized(given: str, expected: str) -> None:
    doc = document_from_text(" date 2021-07-07 Rockets hit the base.", published=given)
    assert doc.published == expected
    assert doc.body.startswith("Rockets")


def test_explicit_published_that_is_not_a_date_is_an_error() -> None:
    with pytest.raises(InputError, match="'next Tuesday'"):
        document_from_text("Rockets hit the base.", published="next Tuesday")


def test_metadata_is_trimmed_and_blank_means_absent() -> None:
    doc = document_from_text(
        "Rockets hit the base.", source="  AP ", url=" ", title="\tAttack\n", published=""
    )
    assert (doc.source, doc.url, doc.title, doc.published) == ("AP", None, "Attack", None)


def test_id_is_stable_hash_of_text_unless_given() -> None:
    first = document_from_text("Rockets hit the base.")
    again = document_from_text("Rockets hit the base.", source="another outlet")
    other = document_from_text("Rockets hit the base!")
    named = document_from_text("Rockets hit the base.", doc_id="ap-0707")
    assert first.id == again.id == content_hash("Rockets hit the base.")
    assert other.id != first.id
    assert named.id == "ap-0707"


@pytest.mark.parametrize("text", ["", " ", "\n\t \r\n", " date 2021-07-07  \n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="the article is empty"):
        document_from_text(text)


def test_empty_file_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", b"  \n\n")
    with pytest.raises(InputError, match=r"the article is empty.*blank\.txt"):
        read_text_file(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "no such file"),
        (lambda p: p, "is a directory"),
    ],
)
def test_unreadable_path_is_an_input_error(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_text_file(make(tmp_path))


def test_one_megabyte_text(tmp_path: Path) -> None:
    sentence = "Officials said 14 rockets landed near the base, a spokesman said. "
    text = " date 2021-07-07 " + sentence * (1_000_000 // len(sentence) + 1)
    assert len(text) > 1_000_000
    doc = document_from_text(text)
    assert doc.text == text and doc.published == "2021-07-07" and doc.body_start == 17
    from_file = read_text_file(write(tmp_path, "big.txt", text.encode("utf-8")))
    assert from_file.id == doc.id


# --- bytes and encodings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("café", "latin-1"),
        ("Le café a fermé à 14 h, selon la mairie.", "latin-1"),
        ("Die Sprecherin – so heißt es – nannte 5 € für „Kaffee“.", "cp1252"),
        ("Żołnierze odparli atak dronów na bazę w Łodzi, właśnie wtedy.", "cp1250"),
        ("Силы заявили, что отразили атаку беспилотников на базу.", "cp1251"),
        ("Rockets hit the café.", "utf-8"),
        ("Rockets hit the café.", "utf-8-sig"),
        ("Rockets hit the café.", "utf-16"),
    ],
)
def test_encodings_decode_to_the_original_text(tmp_path: Path, text: str, encoding: str) -> None:
    path = write(tmp_path, "article.txt", text.encode(encoding))
    assert read_text_file(path).text == text


def test_utf8_bom_is_not_part_of_the_text_and_header_still_found() -> None:
    text = decode_bytes(codecs.BOM_UTF8 + b" date 2021-07-07 Rockets hit.", name="bom.txt")
    doc = document_from_text(text)
    assert not doc.text.startswith("\ufeff")
    assert doc.published == "2021-07-07"
    assert doc.body == "Rockets hit."


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
        bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 20 + b"some words",
    ],
)
def test_binary_data_is_refused_by_name(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match=r"photo\.jpg looks like a binary file, not text"):
        read_text_file(write(tmp_path, "photo.jpg", data))


def test_decode_bytes_of_nothing_is_empty_text() -> None:
    assert decode_bytes(b"", name="x") == ""


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-07", "2021-07-07"),
        (" 2021-07-07 ", "2021-07-07"),
        ("7 July 2021", "2021-07-07"),
        ("July 7, 2021", "2021-07-07"),
        ("Wednesday, July 7, 2021", "2021-07-07"),
        ("07/07/2021", "2021-07-07"),
        ("03/04/2021", "2021-03-04"),
        ("25/12/2021", "2021-12-25"),
        ("2021-07-07T23:30:00-05:00", "2021-07-07"),
        ("2021-02-30", None),
        ("2021", None),
        ("July", None),
        ("July 2021", None),
        ("45", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        ("7" * 5000, None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalize_date_never_raises(value: str) -> None:
    result = normalize_date(value)
    assert result is None or normalize_date(result) == result


# --- CSV --------------------------------------------------------------------------------


def test_csv_aliases_in_odd_case() -> None:
    result = read_csv(DATA / "aliases_odd_case.csv")
    assert result.problems == ()
    first, second = result.documents
    assert first == Document(
        id="wire-1",
        text="Officials said 14 rockets struck the depot, and no one was hurt.",
        source="Example Wire",
        published="2021-07-07",
        url="https://example.org/a",
        title="Depot struck",
    )
    assert (second.id, second.source, second.url) == ("daily-1", "Sample Daily", None)


def test_csv_without_text_column_names_the_columns_found() -> None:
    with pytest.raises(InputError) as err:
        read_csv(DATA / "no_text_column.csv")
    assert "no 'text' column in" in str(err.value)
    assert "no_text_column.csv" in str(err.value)
    assert "columns found: outlet, date, headline" in str(err.value)


def test_malformed_rows_are_reported_by_spreadsheet_row() -> None:
    result = read_csv(DATA / "malformed.csv")
    assert [d.text for d in result.documents] == [
        "A note that spans\ntwo lines, quoted.",
        "A clean row about 3 ships",
    ]
    # Row 2 spans two lines (still one row); row 4 is blank; 3 and 5 have an extra
    # field; 6 has a stray quote.
    assert [(p.row, p.column) for p in result.problems] == [(3, None), (5, None), (6, None)]
    assert "4 fields where the header has 3" in result.problems[0].message


@pytest.mark.parametrize(
    ("csv_text", "expected_texts", "expected_problems"),
    [
        pytest.param(
            "text,source\nfirst,A\n,B\n   ,C\nlast,D\n",
            ["first", "last"],
            [(3, "text", "empty text"), (4, "text", "empty text")],
            id="empty text rows",
        ),
        pytest.param(
            "Story,date\nfirst,2021-07-07\nsecond,not a date\n",
            ["first", "second"],
            [(3, "date", "'not a date' is not a date")],
            id="bad date kept",
        ),
        pytest.param(
            "text,id\nfirst,a\nsecond,a\nthird,b\n",
            ["first", "third"],
            [(3, "id", "id 'a' already used in row 2")],
            id="duplicate id",
        ),
        pytest.param(
            "text\nsame words\nother words\nsame words\n",
            ["same words", "other words"],
            [(4, "text", "same text as row 2")],
            id="duplicate text",
        ),
        pytest.param(
            "text,source\nfirst,A,extra\nsecond,B\n",
            ["second"],
            [(2, None, "3 fields where the header has 2")],
            id="first data row too wide",
        ),
        pytest.param(
            "text,source\nfirst,A,\nsecond,B,,\n",
            ["first", "second"],
            [],
            id="trailing empty fields are harmless",
        ),
        pytest.param(
            "text\nfirst\nsecond,with a comma\n",
            ["first"],
            [(3, None, "2 fields where the header has 1")],
            id="unquoted comma in a one-column file",
        ),
        pytest.param(
            'text,source\nfirst,A\n"never closed,B\nthird,C\n',
            ["first", "third"],
            [(3, "text", "never closed")],
            id="unclosed quote gives up only its own line",
        ),
        pytest.param(
            "text,source\nfirst,A\n,\n\n,,\nlast,B\n",
            ["first", "last"],
            [],
            id="blank rows are padding",
        ),
        pytest.param(
            'text,source\n" date 2021-07-07 ",A\nok,B\n',
            ["ok"],
            [(2, "text", "only a date line")],
            id="text that is only a date line",
        ),
    ],
)
def test_csv_rows(csv_text: str, expected_texts: list[str], expected_problems: list[tuple]) -> None:
    result = read_csv(csv_text.encode("utf-8"), name="articles.csv")
    assert [d.text for d in result.documents] == expected_texts
    assert len(result.problems) == len(expected_problems)
    for problem, (row, column, message) in zip(result.problems, expected_problems, strict=True):
        assert (problem.row, problem.column) == (row, column)
        assert message in problem.message


def test_csv_bad_date_row_keeps_other_fields() -> None:
    result = read_csv(b"text,source,published\nRockets hit.,AP,07/07/21x\n", name="a.csv")
    (doc,) = result.documents
    assert (doc.text, doc.source, doc.published) == ("Rockets hit.", "AP", None)
    assert result.problems == (
        RowProblem(
            row=2,
            column="published",
            message="'07/07/21x' is not a date I can read; row kept without this date",
            line=2,
        ),
    )


def test_csv_header_date_in_text_fills_published() -> None:
    result = read_csv(b'text\n" date 2021-07-07 Rockets hit."\n', name="a.csv")
    (doc,) = result.documents
    assert (doc.published, doc.body) == ("2021-07-07", "Rockets hit.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "articles.csv is empty"),
        (b" \n\n", "articles.csv is empty"),
        (b"text,source\n", "articles.csv has a header but no rows"),
        (b'text,source\n"never closed,A\n', "no article could be read from articles.csv"),
        (b"\x00\x01\x02 text", "articles.csv looks like a binary file"),
    ],
)
def test_csv_that_cannot_give_any_row_is_an_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_csv(data, name="articles.csv")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda p: p, id="path"),
        pytest.param(lambda p: str(p), id="str path"),
        pytest.param(lambda p: p.read_bytes(), id="bytes"),
        pytest.param(lambda p: io.BytesIO(p.read_bytes()), id="binary file object"),
        pytest.param(lambda p: io.StringIO(p.read_text(encoding="cp1252")), id="text file object"),
    ],
)
def test_csv_sources_and_latin1(tmp_path: Path, source) -> None:
    path = write(tmp_path, "latin.csv", "Text;Outlet\nLe café a fermé.;Le Monde\n".encode("cp1252"))
    result = read_csv(source(path))
    assert [(d.text, d.source) for d in result.documents] == [("Le café a fermé.", "Le Monde")]


def test_csv_errors_name_the_uploaded_file() -> None:
    upload = io.BytesIO(b"headline\nRockets hit.\n")
    upload.name = "upload-7.csv"
    with pytest.raises(InputError) as err:
        read_csv(upload)
    assert "no 'text' column in upload-7.csv; columns found: headline" in str(err.value)


def test_csv_values_stay_strings() -> None:
    result = read_csv(b"text,id,source\n14,007,NaN\n", name="a.csv")
    (doc,) = result.documents
    assert (doc.text, doc.id, doc.source) == ("14", "007", "NaN")


def test_row_problem_to_dict() -> None:
    problem = RowProblem(row=3, column="date", message="'x' is not a date I can read", line=4)
    assert problem.to_dict() == {
        "row": 3,
        "column": "date",
        "message": problem.message,
        "line": 4,
    }
    assert str(problem) == "row 3 (line 4), column 'date': 'x' is not a date I can read"
    assert str(RowProblem(3, "date", "bad", line=3)) == "row 3, column 'date': bad"


# --- round trips ------------------------------------------------------------------------

article_text = st.text(min_size=1, max_size=200).filter(lambda t: t.strip())


@settings(max_examples=100, deadline=None)
@given(text=article_text, source=st.none() | st.text(max_size=20))
def test_document_round_trip(text: str, source: str | None) -> None:
    doc = document_from_text(text, source=source)
    assert doc.text == text
    assert doc.body == text[doc.body_start :]
    assert Document.from_dict(doc.to_full_dict()) == doc


# Any printable text plus the characters CSV has to quote.
cell = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\n\r\t,"'), max_size=30
)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(cell, cell), min_size=1, max_size=8))
def test_csv_written_by_csv_module_reads_back(rows: list[tuple[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", "source"])
    writer.writerows(rows)
    try:
        result = read_csv(buffer.getvalue().encode("utf-8"), name="round.csv")
    except InputError as err:  # only when no row has any text at all
        assert all(not text.strip() for text, _ in rows), err
        return
    kept = list(dict.fromkeys(t for t, s in rows if t.strip()))
    assert [d.text for d in result.documents] == kept
    assert isinstance(result, IngestResult)


# --- issue 16: nothing lost, nothing hidden -----------------------------------------------

# Five invented articles; in the third a quote is opened and never closed.
SWALLOWING_CSV = (
    "text,source\n"
    "Police said 12 people were hurt in Dumra.,Harbor Ledger\n"
    "Officials said 40 homes were damaged in Eastport.,Valley Post\n"
    '"The council said 3 schools will close,Morning Wire\n'
    "Medics said 7 people were treated in Lakeside.,Valley Post\n"
    "Organizers said 2000 people marched in Northfield.,Harbor Ledger\n"
)


def test_an_unclosed_quote_never_swallows_the_rows_after_it(tmp_path: Path) -> None:
    path = write(tmp_path, "articles.csv", SWALLOWING_CSV.encode("utf-8"))
    result = read_csv(path)
    assert [d.source for d in result.documents] == [
        "Harbor Ledger",
        "Valley Post",
        "Valley Post",
        "Harbor Ledger",
    ]
    (problem,) = result.problems
    assert (problem.row, problem.line, problem.column) == (4, 4, "text")
    assert "a double quote opened on this line is never closed" in problem.message
    # every physical line is a row read, the header, or a row reported
    lines = SWALLOWING_CSV.count("\n")
    assert len(result.documents) + 1 + len(result.problems) == lines


def test_a_quote_closed_rows_later_still_loses_only_its_own_line() -> None:
    data = b'text,source\n"first, quoted,A\nsecond,B\nthird says "hi",C\n"fourth",D\n'
    result = read_csv(data, name="a.csv")
    assert [d.text for d in result.documents] == ["second", 'third says "hi"', "fourth"]
    assert [(p.row, p.line) for p in result.problems] == [(2, 2)]


def test_rows_after_a_multiline_value_report_their_line_too() -> None:
    data = b'text,source\n"two\nlines",A\n,B\n'
    (problem,) = read_csv(data, name="a.csv").problems
    assert (problem.row, problem.line) == (3, 4)
    assert str(problem) == "row 3 (line 4), column 'text': empty text; row skipped"


def test_a_200_kb_article_in_a_csv_reads_like_the_same_text_file(tmp_path: Path) -> None:
    article = ('Officials said 14 rockets landed on the base, and "40" were intercepted. ' * 2800)[
        :200_000
    ]
    text_file = write(tmp_path, "long.txt", article.encode("utf-8"))
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["text", "source"], [article, "AP"], ["short one", "AP"]])
    csv_file = write(tmp_path, "long.csv", buffer.getvalue().encode("utf-8"))
    result = read_csv(csv_file)
    assert result.problems == ()
    assert result.documents[0].text == read_text_file(text_file).text == article
    assert result.documents[1].text == "short one"


def test_a_value_over_the_limit_is_reported_with_the_limit() -> None:
    data = b'text\n"' + b"x" * (CSV_FIELD_LIMIT + 1) + b'"\nshort\n'
    result = read_csv(data, name="huge.csv")
    assert [d.text for d in result.documents] == ["short"]
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "text")
    assert f"longer than {CSV_FIELD_LIMIT:,} characters" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    text = "Police said 12 people were hurt in Dümra.\r\nMedics treated 7.\r\n"
    assert read_text_file(write(tmp_path, "a.txt", text.encode(encoding))).text == text
    table = "text,source\r\nPolice said 12 people were hurt.,Harbor Ledger\r\n"
    (document,) = read_csv(write(tmp_path, "a.csv", table.encode(encoding))).documents
    assert (document.text, document.source) == ("Police said 12 people were hurt.", "Harbor Ledger")


def test_binary_data_says_how_to_resave_a_text_file() -> None:
    with pytest.raises(InputError, match=r"looks like a binary file.*save it as UTF-8"):
        decode_bytes(bytes(range(256)) * 4, name="photo.txt")


def test_iter_csv_reads_a_large_file_in_chunks(tmp_path: Path) -> None:
    rows = "".join(f"Officials said {n} rockets landed.,Wire\n" for n in range(1, 1001))
    path = write(tmp_path, "many.csv", ("text,source\n" + rows + "\n,\n").encode("utf-8"))
    chunks = list(iter_csv(path, chunk_rows=300))
    assert [len(c.documents) for c in chunks] == [300, 300, 300, 100]
    assert chunks[-1].documents[-1].text == "Officials said 1000 rockets landed."
    assert read_csv(path).documents == tuple(d for c in chunks for d in c.documents)


def test_read_articles_reads_files_and_uploads_the_same_way(tmp_path: Path) -> None:
    text_file = write(tmp_path, "dumra.txt", b"Police said 12 people were hurt in Dumra.")
    uploads = [
        ("more.csv", b"text,source\nOfficials said 40 homes burned.,Valley Post\n,X\n"),
        ("again.txt", b"Police said 12 people were hurt in Dumra."),
        ("photo.txt", bytes(range(256)) * 4),
    ]
    articles = read_articles([text_file, *uploads], published="2024-05-02", strict=False)
    assert [d.source for d in articles.documents] == [None, "Valley Post"]
    assert {d.published for d in articles.documents} == {"2024-05-02"}
    assert articles.labels == {articles.documents[0].id: "dumra.txt"}
    problems = [str(p) for p in articles.problems]
    assert problems[0] == "more.csv, row 3, column 'text': empty text; row skipped"
    assert "again.txt: the same article as in" in problems[1]
    assert "photo.txt looks like a binary file" in problems[2]
    with pytest.raises(InputError, match=r"photo\.txt looks like a binary file"):
        read_articles(uploads[2:])

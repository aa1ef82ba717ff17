"""Turn what a user gives us (pasted text, a text file, a CSV of articles) into Documents.

Two promises shape this module:

- **The text is kept exactly as given.** Every offset a later stage reports points
  into `Document.text`, so nothing here strips, re-wraps or re-encodes it. Metadata
  found in the text (a leading "date 2021-07-07" line) is recorded as
  `published` and `body_start`, never cut off.
- **Nothing is dropped silently.** A file that cannot be read raises `InputError`
  naming the file; a CSV row that cannot be used becomes a `RowProblem` naming the
  row (as a spreadsheet shows it), the column and the value, and the other rows
  are still read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import charset_normalizer
import pandas as pd
from dateutil import parser as date_parser

from factcheck.errors import InputError
from factcheck.model import Document, content_hash

__all__ = [
    "IngestResult",
    "RowProblem",
    "decode_bytes",
    "document_from_text",
    "normalize_date",
    "read_csv",
    "read_text_file",
]


@dataclass(frozen=True)
class RowProblem:
    """A CSV row that was skipped, or read without one of its values.

    `row` is the row number a spreadsheet user sees: the header is row 1 and the
    first data row is row 2 (a quoted value spanning several lines is still one
    row). `column` is the column header as written in the file, or None when the
    problem concerns the whole row (for instance too many fields).
    """

    row: int
    column: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class IngestResult:
    """The documents read from a CSV, and every row that could not be used as is."""

    documents: tuple[Document, ...]
    problems: tuple[RowProblem, ...]


# --- dates ------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Two far-apart defaults: if parsing with each gives a different date, the value
# left out the year, month or day ("2021", "July") and is not a date we can use.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))
_MAX_DATE_LENGTH = 64


def normalize_date(value: str | None) -> str | None:
    """The date in `value` as ISO "YYYY-MM-DD", or None when it is not a full date.

    Accepts "2021-07-07", "7 July 2021", "July 7, 2021", "Wednesday, July 7, 2021",
    "2021-07-07T10:00:00Z" and "07/07/2021". Slashed dates are read month first (as
    US wires write them) unless the first number cannot be a month. A value missing
    the day, month or year gives None rather than a guessed date. Never raises: a
    bad date in one CSV row must not stop the others.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > _MAX_DATE_LENGTH:
        return None
    if _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        first, second = (date_parser.parse(value, default=d).date() for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return first.isoformat() if first == second else None


# --- single documents -------------------------------------------------------------------

# " date 2021-07-07 US-backed Syrian fighters ..." (the date and the article on one
# line) or "Date: 2021-07-07" on a line of its own.
_ISO_HEADER = re.compile(r"\s*date[ \t]*:?[ \t]*(?P<date>\d{4}-\d{1,2}-\d{1,2})(?!\w)\s*", re.I)
# "Date: July 7, 2021" needs the colon and a line end, or we could not tell where
# the date stops and the article starts.
_LINE_HEADER = re.compile(r"\s*date[ \t]*:[ \t]*(?P<date>[^\r\n]{1,64}?)[ \t]*(?:\r?\n\s*|$)", re.I)


def _date_header(text: str) -> tuple[str | None, int]:
    """The date of a leading date header and where the article after it begins."""
    for pattern in (_ISO_HEADER, _LINE_HEADER):
        match = pattern.match(text)
        if match:
            published = normalize_date(match.group("date"))
            if published:
                return published, match.end()
    return None, 0


def _clean(value: str | None) -> str | None:
    """Metadata values are trimmed; an empty value means "not given"."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _make_document(
    text: str,
    *,
    where: str,
    source: str | None,
    published: str | None,
    url: str | None,
    title: str | None,
    doc_id: str | None,
) -> Document:
    """Build a Document from text and already-normalized metadata (`published` ISO or None)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        raise InputError(f"the article is empty ({where})")
    header_date, body_start = _date_header(text)
    if not text[body_start:].strip():
        raise InputError(f"the article is empty ({where}): it holds only a date line")
    return Document(
        id=_clean(doc_id) or content_hash(text),
        text=text,
        source=_clean(source),
        published=published or header_date,
        url=_clean(url),
        title=_clean(title),
        body_start=body_start,
    )


def _explicit_date(published: str | None, *, where: str) -> str | None:
    """A date the caller passed by hand: wrong is an error, not something to ignore."""
    if _clean(published) is None:
        return None
    iso = normalize_date(published)
    if iso is None:
        raise InputError(
            f"published date {published!r} for {where} is not a date I can read; "
            "use YYYY-MM-DD, e.g. 2021-07-07"
        )
    return iso


def document_from_text(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    where: str = "pasted text",
) -> Document:
    """A Document from text a person handed over, kept exactly as given.

    A leading "date 2021-07-07" or "Date: 2021-07-07" line sets `published` (unless
    `published` is given, which wins) and `body_start`. The id is `doc_id` or a hash
    of the text, so the same article pasted twice gets the same id. Raises
    `InputError`, naming `where` the text came from, for empty text or a
    `published` value that is not a date (a date someone typed by hand is never
    silently dropped).
    """
    return _make_document(
        text,
        where=where,
        source=source,
        published=_explicit_date(published, where=where),
        url=url,
        title=title,
        doc_id=doc_id,
    )


def _read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, with an InputError a user can act on when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"not allowed to read {path}") from None
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None


def read_text_file(
    path: str | Path,
    *,
    source: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """A Document from a text file in any common encoding (see `decode_bytes`).

    For text already in memory (an upload), use `decode_bytes` and
    `document_from_text`. Errors name the file.
    """
    where = str(path)
    text = decode_bytes(_read_bytes(path), name=where)
    return document_from_text(
        text, source=source, published=published, url=url, title=title, where=where
    )


# --- bytes to text ----------------------------------------------------------------------

# UTF-32 LE's mark starts with UTF-16 LE's, so it is tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that occur in text in any ASCII-compatible encoding: printable ASCII, the
# usual whitespace controls, ESC, and everything from 0x80 up (legacy letters, UTF-8).
_TEXT_BYTES = bytes({7, 8, 9, 10, 11, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})
_BINARY_SAMPLE = 64 * 1024
_MAX_CONTROL_SHARE = 0.05
# Western legacy text is checked before asking charset_normalizer: on short or
# plain texts it misreads it (Latin-1 "café" came back as UTF-16, cp1250 or
# mac_latin2 in our trials). cp1252 is a superset of Latin-1's printable range.
_WESTERN = "cp1252"
_MAX_NON_ASCII_LETTER_SHARE = 0.5
# Non-letters that may sit between two letters in real text ("don’t", "a–b").
_IN_WORD_PUNCTUATION = frozenset("’‘–—·")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:_BINARY_SAMPLE]
    controls = len(sample.translate(None, delete=_TEXT_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _reads_as_western(text: str) -> bool:
    """Whether a cp1252 reading looks like text in a Western European language.

    Read as cp1252, Cyrillic or Greek text turns into words made only of accented
    letters, and Central European text into letters broken by symbols ("w³a¶nie");
    real French, German or Spanish has a few accented letters among plain ones.
    """
    sample = text[:_BINARY_SAMPLE]
    ascii_letters = len(_ASCII_LETTERS.findall(sample))
    other_letters = 0
    for match in _NON_ASCII.finditer(sample):
        char = match.group()
        if char.isalpha():
            other_letters += 1
            continue
        i = match.start()
        if (
            char not in _IN_WORD_PUNCTUATION
            and 0 < i < len(sample) - 1
            and sample[i - 1].isalpha()
            and sample[i + 1].isalpha()
        ):
            return False
    letters = ascii_letters + other_letters
    return letters > 0 and other_letters <= _MAX_NON_ASCII_LETTER_SHARE * letters


def _detect(data: bytes, *, name: str) -> str:
    """Decode text that is not UTF-8: Western legacy text, else what charset_normalizer finds."""
    try:
        western = data.decode(_WESTERN)
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_as_western(western):
        return western
    readings = [str(match) for match in charset_normalizer.from_bytes(data)]
    if not readings:
        raise InputError(f"cannot tell the text encoding of {name}; save it as UTF-8 and try again")
    # The cp1252 reading was just judged wrong, so prefer the best reading that differs.
    return next((r for r in readings if r != western), readings[0])


def decode_bytes(data: bytes, *, name: str) -> str:
    """Bytes from a file or an upload as text.

    Order: a byte-order mark (UTF-8/16/32) decides; binary data (NUL bytes or many
    control bytes) is refused; then UTF-8; then the encoding `charset_normalizer`
    detects. Raises `InputError` naming `name` for binary data or an encoding that
    cannot be told. Empty bytes give "" (the caller decides whether that is an error).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name} starts with a {encoding.upper()} byte-order mark "
                    "but is not valid text in that encoding"
                ) from None
            if "\x00" in text:
                raise InputError(f"{name} looks like a binary file, not text")
            return text
    if _looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(data, name=name)


# --- CSV --------------------------------------------------------------------------------

# Canonical field -> accepted column names (after trimming and lower-casing), best first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story"),
    "source": ("source", "outlet", "publisher", "site"),
    "published": ("published", "date", "published_at", "pubdate"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "id": ("id", "doc_id"),
}
# Stands in for a row with too many fields, so pandas keeps its place and every
# later row keeps its number.
_BAD_LINE = "\x00factcheck-bad-line\x00"


@dataclass(frozen=True)
class _Records:
    """What a plain `csv.reader` pass learns about a CSV before pandas reads it."""

    header: list[str]
    rows: list[int]  # spreadsheet row number of each record pandas returns, header first
    too_wide: dict[int, int]  # row -> field count, for rows with values beyond the header
    problems: list[RowProblem]


def _column_key(name: object) -> str:
    """How a header is compared with the aliases: " Published At" -> "published_at"."""
    key = str(name).strip().strip("\ufeff").strip().lower()
    return re.sub(r"[\s\-]+", "_", key)


def _match_columns(columns: list[str]) -> dict[str, int]:
    """Canonical field -> position of the column that supplies it."""
    keys = [_column_key(c) for c in columns]
    found: dict[str, int] = {}
    for field_name, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in keys:
                found[field_name] = keys.index(alias)
                break
    return found


def _delimiter(text: str) -> str:
    """Comma, unless the header line clearly uses ';' (European spreadsheets) or tabs."""
    header = text.split("\n", 1)[0]
    if "," not in header:
        for candidate in (";", "\t"):
            if candidate in header:
                return candidate
    return ","


def _describe_csv_error(message: str) -> str:
    if "unexpected end of data" in message:
        return (
            "a double quote opened in this row is never closed, so the rest of the file "
            "could not be read"
        )
    return (
        f"{message}: a value containing quotes must be in double quotes, with its own quotes "
        "doubled"
    )


def _scan_records(text: str, delimiter: str, *, name: str) -> _Records:
    """Number every record and find the rows pandas would lose without a word.

    pandas' python engine reads with `csv.reader(..., strict=True)`; reading the same
    text with the same reader here gives each DataFrame row its spreadsheet row
    number. It also finds what pandas hides: a record with a broken quote is
    skipped without calling `on_bad_lines`, and when the *first* data row is the
    one with too many fields pandas takes its width as the norm and drops the
    extra values with only a warning.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[int] = []
    too_wide: dict[int, int] = {}
    problems: list[RowProblem] = []
    row = 0
    while True:
        row += 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if header is None:
                raise InputError(
                    f"cannot read the header row of {name}: {_describe_csv_error(str(err))}"
                ) from None
            message = f"{_describe_csv_error(str(err))}; row skipped"
            problems.append(RowProblem(row, None, message))
            continue
        if header is None:
            header = fields
        elif any(value.strip() for value in fields[len(header) :]):
            too_wide[row] = len(fields)
        rows.append(row)
    if header is None:
        raise InputError(f"{name} is empty")
    return _Records(header=header, rows=rows, too_wide=too_wide, problems=problems)


def _read_source(source: str | Path | bytes | IO, name: str | None) -> tuple[str, str]:
    """The text of a CSV given as a path, bytes or an open file, and a name for messages."""
    if isinstance(source, bytes | bytearray | memoryview):
        name = name or "the uploaded CSV"
        return decode_bytes(bytes(source), name=name), name
    if isinstance(source, str | Path):
        name = name or str(source)
        return decode_bytes(_read_bytes(source), name=name), name
    if hasattr(source, "read"):
        name = name or str(getattr(source, "name", "") or "the CSV")
        data = source.read()
        if isinstance(data, str):
            return data, name
        return decode_bytes(bytes(data), name=name), name
    raise TypeError(f"read_csv needs a path, bytes or a file object, not {type(source).__name__}")


def read_csv(path_or_buffer: str | Path | bytes | IO, *, name: str | None = None) -> IngestResult:
    """Documents from a CSV with one article a row.

    A `text` column is required; `source`, `published`, `url`, `title` and `id` are
    optional. Headers are matched trimmed and case-insensitively, with aliases
    (body/content/article/story, outlet/publisher/site, date/published_at/pubdate,
    link, headline, doc_id). Every value is read as text, so "007" stays "007".

    A row is skipped, and reported in `problems`, when its text is empty, it has more
    fields than the header, its quotes are broken, or its id repeats an earlier row
    (the same text twice gives the same id). A date that cannot be read is reported
    and the row kept without it. Completely blank rows (spreadsheet padding) are
    skipped without a report, since they hold nothing. Raises `InputError` for a file
    that cannot be read, is empty, has no rows, or lacks a text column.
    """
    text, name = _read_source(path_or_buffer, name)
    if not text.strip():
        raise InputError(f"{name} is empty")
    delimiter = _delimiter(text)
    records = _scan_records(text, delimiter, name=name)
    width = len(records.header)

    def on_bad_line(fields: list[str]) -> list[str]:
        # Trailing empty fields ("a,b," from some exports) lose nothing: keep the row.
        if not any(value.strip() for value in fields[width:]):
            return fields[:width]
        return [_BAD_LINE] + [""] * (width - 1)

    try:
        with warnings.catch_warnings():
            # The "loss of data" warning is about rows `_scan_records` reports.
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                engine="python",
                on_bad_lines=on_bad_line,
                skip_blank_lines=False,
                index_col=False,
            )
    except (ValueError, csv.Error) as err:  # pandas' ParserError is a ValueError
        raise InputError(f"cannot read {name} as CSV: {err}") from None

    columns = [str(c) for c in frame.columns][:width]
    matched = _match_columns(columns)
    if "text" not in matched:
        raise InputError(
            f"no 'text' column in {name}; columns found: {', '.join(c.strip() for c in columns)}"
            f" (the text may also be in a column named {', '.join(_ALIASES['text'][1:])})"
        )
    data_rows = records.rows[1:]
    if len(data_rows) != len(frame):  # pragma: no cover - the two readers disagree
        raise InputError(f"cannot read {name} as CSV: rows could not be numbered reliably")
    if not data_rows:
        if records.problems:
            raise InputError(f"no article could be read from {name}: {records.problems[0]}")
        raise InputError(f"{name} has a header but no rows")

    documents, problems = _rows_to_documents(
        frame.fillna("").itertuples(index=False, name=None),
        data_rows,
        columns=columns,
        matched=matched,
        too_wide=records.too_wide,
        name=name,
    )
    problems = sorted([*records.problems, *problems], key=lambda p: p.row)
    return IngestResult(documents=tuple(documents), problems=tuple(problems))


def _rows_to_documents(
    rows: Iterable[tuple[str, ...]],
    row_numbers: list[int],
    *,
    columns: list[str],
    matched: dict[str, int],
    too_wide: dict[int, int],
    name: str,
) -> tuple[list[Document], list[RowProblem]]:
    """One Document per usable row; a RowProblem for every row skipped or partly read."""
    documents: list[Document] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    text_column = columns[matched["text"]].strip()

    def value(values: tuple[str, ...], field: str) -> str:
        return values[matched[field]] if field in matched else ""

    for row, values in zip(row_numbers, rows, strict=True):
        if row in too_wide:
            problems.append(
                RowProblem(
                    row,
                    None,
                    f"{too_wide[row]} fields where the header has {len(columns)}; "
                    "a value containing the delimiter must be in double quotes; row skipped",
                )
            )
            continue
        if not any(v.strip() for v in values):
            continue
        text = value(values, "text")
        if not text.strip():
            problems.append(RowProblem(row, text_column, "empty text; row skipped"))
            continue
        published = None
        raw_date = value(values, "published")
        if raw_date.strip():
            published = normalize_date(raw_date)
            if published is None:
                problems.append(
                    RowProblem(
                        row,
                        columns[matched["published"]].strip(),
                        f"{raw_date!r} is not a date I can read; row kept without this date",
                    )
                )
        try:
            document = _make_document(
                text,
                where=f"{name}, row {row}",
                source=value(values, "source"),
                published=published,
                url=value(values, "url"),
                title=value(values, "title"),
                doc_id=value(values, "id"),
            )
        except InputError as err:
            problems.append(RowProblem(row, text_column, f"{err}; row skipped"))
            continue
        if document.id in seen:
            given_id = bool(value(values, "id").strip())
            column = columns[matched["id"]].strip() if given_id else text_column
            what = f"id {document.id!r} already used in" if given_id else "same text as"
            problems.append(RowProblem(row, column, f"{what} row {seen[document.id]}; row skipped"))
            continue
        seen[document.id] = row
        documents.append(document)
    return documents, problems

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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePath
from typing import IO, Any

import charset_normalizer
from dateutil import parser as date_parser

from factcheck.errors import InputError
from factcheck.model import Document, content_hash

__all__ = [
    "CSV_FIELD_LIMIT",
    "CSV_SUFFIXES",
    "Articles",
    "IngestResult",
    "InputProblem",
    "RowProblem",
    "decode_bytes",
    "document_from_text",
    "iter_articles",
    "iter_csv",
    "normalize_date",
    "read_articles",
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
    line: int | None = None
    """The physical line the row starts on (it differs from `row` after a value spanning
    several lines); None when not known."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def where(self) -> str:
        """ "row 3", or "row 3 (line 5)" when a multi-line value came before it."""
        line = f" (line {self.line})" if self.line is not None and self.line != self.row else ""
        return f"row {self.row}{line}" + (f", column {self.column!r}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


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
_UTF16_NUL_SHARE = 0.3  # of the high bytes: NUL for every ASCII character
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


def _utf16_order(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when `data` looks like UTF-16 saved without a byte-order mark.

    Text in a Latin script saved as UTF-16 has a NUL in every other byte (the
    high byte of each ASCII letter) and almost none in the others; binary data
    has NULs wherever. The reading must also decode and hold almost no
    control characters.
    """
    sample = data[: _BINARY_SAMPLE - (_BINARY_SAMPLE % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for order, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high.count(0) >= _UTF16_NUL_SHARE * len(high) and low.count(0) <= 0.01 * len(low):
            try:
                text = sample.decode(order, errors="strict")
            except UnicodeDecodeError:
                continue
            controls = sum(1 for char in text if char < " " and char not in "\t\n\r\f")
            if "\x00" not in text and controls <= _MAX_CONTROL_SHARE * len(text):
                return order
    return None


def _binary_message(name: str) -> str:
    return (
        f"{name} looks like a binary file, not text; if it is text, save it as UTF-8 "
        "(in a spreadsheet: Save as > CSV UTF-8; in an editor: Save with encoding > UTF-8) "
        "and try again"
    )


def decode_bytes(data: bytes, *, name: str) -> str:
    """Bytes from a file or an upload as text.

    Order: a byte-order mark (UTF-8/16/32) decides; then UTF-16 saved without a
    mark (Windows' "Unicode" text, see `_utf16_order`); binary data (NUL bytes
    or many control bytes) is refused, with how to re-save a text file as
    UTF-8; then UTF-8; then the encoding `charset_normalizer` detects. Raises
    `InputError` naming `name` for binary data or an encoding that cannot be
    told. Empty bytes give "" (the caller decides whether that is an error).
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
                raise InputError(_binary_message(name))
            return text
    order = _utf16_order(data)
    if order is not None:
        try:
            text = data.decode(order)
        except UnicodeDecodeError:
            raise InputError(
                f"{name} looks like {order.upper()} text without a byte-order mark, but is not "
                "valid text in that encoding; save it as UTF-8 and try again"
            ) from None
        if "\x00" not in text:
            return text
    if _looks_binary(data):
        raise InputError(_binary_message(name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(data, name=name)


# --- CSV --------------------------------------------------------------------------------

CSV_FIELD_LIMIT = 10_000_000
"""Most characters one CSV value may hold (about 1,500 pages of text; stated in the README).

Python's csv module stops at 131,072 by default, which dropped a 200 KB article
that a `.txt` file reads without complaint; a value over this limit is
reported by row and column with the limit named, and the other rows are read.
"""
CHUNK_ROWS = 256
"""Documents per chunk of `iter_csv`: what a batch holds in memory at once."""
_ENCODING_SAMPLE = 1 << 20

# Canonical field -> accepted column names (after trimming and lower-casing), best first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story"),
    "source": ("source", "outlet", "publisher", "site"),
    "published": ("published", "date", "published_at", "pubdate"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "id": ("id", "doc_id"),
}


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


def _delimiter(header: str) -> str:
    """Comma, unless the header line clearly uses ';' (European spreadsheets) or tabs."""
    if "," not in header:
        for candidate in (";", "\t"):
            if candidate in header:
                return candidate
    return ","


class _Lines:
    """The physical lines of a CSV, numbered, with a way to read some of them again.

    `csv.reader` pulls one line at a time and never reads past the record it
    returns, so the lines taken since the last record are exactly that record's.
    When a record is broken (a quote never closed swallows the lines after it),
    only its first line is given up and the rest are read again: no row is
    lost to another row's quote.
    """

    def __init__(self, stream: Iterable[str], *, name: str) -> None:
        self._stream = iter(stream)
        self._again: deque[tuple[int, str]] = deque()
        self._name = name
        self.number = 0
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            item = self._again.popleft()
        else:
            try:
                line = next(self._stream)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{self._name} is not valid {err.encoding} text after line {self.number}; "
                    "save it as UTF-8 and try again"
                ) from None
            self.number += 1
            item = (self.number, line)
        self.taken.append(item)
        return item[1]

    def record(self) -> list[tuple[int, str]]:
        """The lines of the record just read (or just found broken)."""
        taken, self.taken = self.taken, []
        return taken

    def read_again(self, lines: list[tuple[int, str]]) -> None:
        self._again.extendleft(reversed(lines))


def _scan_fields(text: str, delimiter: str) -> tuple[int | None, int | None]:
    """Where a record's quoting goes wrong: (field left open at the end, first field too long).

    The same reading as `csv` (a quote opens a value only at its start, "" is
    a quote inside one), so a broken record's message can name its column.
    """
    field_index, length, at_start, quoted, i = 0, 0, True, False, 0
    too_long: int | None = None
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"' and text[i + 1 : i + 2] == '"':
                i += 1
            elif char == '"':
                quoted = False
            length += 1
        elif char == delimiter:
            field_index, length, at_start = field_index + 1, 0, True
            i += 1
            continue
        elif char in "\r\n":
            field_index, length = 0, 0
        elif char == '"' and at_start:
            quoted = True
        else:
            length += 1
        if too_long is None and length > CSV_FIELD_LIMIT:
            too_long = field_index
        at_start = False
        i += 1
    return (field_index if quoted else None), too_long


def _broken_record(
    err: csv.Error, lines: list[tuple[int, str]], header: list[str] | None, delimiter: str
) -> tuple[str | None, str]:
    """The column (if known) and the reason a record could not be read, in a user's words."""
    message = str(err)
    if "field larger than field limit" in message:
        _, position = _scan_fields("".join(line for _, line in lines), delimiter)
    else:
        position, _ = _scan_fields(lines[0][1] if lines else "", delimiter)
    column = None
    if header is not None and position is not None and position < len(header):
        column = header[position].strip()
    if "field larger than field limit" in message:
        return column, (
            f"a value is longer than {CSV_FIELD_LIMIT:,} characters, the most one CSV value may "
            "hold (or a double quote opened here is never closed)"
        )
    if position is not None or "unexpected end of data" in message:
        return column, (
            "a double quote opened on this line is never closed (a quote inside a quoted value "
            "must be doubled); the lines after it were read as rows of their own"
        )
    if "line contains NUL" in message:
        return column, "the line contains a NUL byte, which text never does"
    return column, (
        f"{message}: a value containing quotes must be in double quotes, with its own quotes "
        "doubled"
    )


@dataclass(frozen=True)
class _Record:
    row: int  # as a spreadsheet numbers it: the header is row 1
    line: int  # physical line the record starts on
    fields: list[str] | None  # None: the record was broken
    problem: tuple[str | None, str] | None = None


def _records(stream: Iterable[str], *, name: str) -> Iterator[_Record | list[str]]:
    """The header (first, as a list), then every record, numbered by row and line.

    Every physical line is either part of a record yielded or the first line
    of a broken record yielded with its reason; broken records give up only
    their first line (see `_Lines`).
    """
    lines = _Lines(stream, name=name)
    try:
        first = next(lines)
    except StopIteration:
        raise InputError(f"{name} is empty") from None
    delimiter = _delimiter(first.lstrip("\ufeff"))
    lines.read_again(lines.record())
    header: list[str] | None = None
    row = 0
    # Raised, never lowered: another reader in this process may rely on a higher limit.
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    while True:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            for fields in reader:
                taken = lines.record()
                row += 1
                if header is None:
                    header = fields
                    yield [str(value) for value in fields]
                    continue
                yield _Record(row, taken[0][0], fields)
            return
        except csv.Error as err:
            taken = lines.record()
            if header is None:
                reason = _broken_record(err, taken, None, delimiter)[1]
                raise InputError(f"cannot read the header row of {name}: {reason}") from None
            row += 1
            yield _Record(row, taken[0][0], None, _broken_record(err, taken, header, delimiter))
            lines.read_again(taken[1:])


def _text_lines(
    source: str | Path | bytes | IO, name: str | None
) -> tuple[Iterator[str], str, Callable[[], None]]:
    """The lines of a CSV given as a path, bytes or an open file; a name; how to close it.

    A file on disk is read as a stream, so a large CSV is never held in memory
    whole: its encoding is told from its first megabyte and a UTF-8 check of
    the rest (`_file_encoding`); only a file in a legacy encoding is decoded at once.
    """
    if isinstance(source, str | Path):
        name = name or str(source)
        encoding = _file_encoding(Path(source), name=name)
        if encoding is None:
            text = decode_bytes(_read_bytes(source), name=name)
            return iter(io.StringIO(text, newline="")), name, lambda: None
        handle = open(source, encoding=encoding, newline="")  # noqa: SIM115 - closed by caller
        return iter(handle), name, handle.close
    if isinstance(source, bytes | bytearray | memoryview):
        name = name or "the uploaded CSV"
        text = decode_bytes(bytes(source), name=name)
    elif hasattr(source, "read"):
        name = name or str(getattr(source, "name", "") or "the CSV")
        data = source.read()
        text = data if isinstance(data, str) else decode_bytes(bytes(data), name=name)
    else:
        raise TypeError(
            f"read_csv needs a path, bytes or a file object, not {type(source).__name__}"
        )
    return iter(io.StringIO(text, newline="")), name, lambda: None


def _file_encoding(path: Path, *, name: str) -> str | None:
    """The codec to stream `path` with, or None when only the whole file can tell.

    The same order as `decode_bytes`: a byte-order mark, UTF-16 without one,
    binary data refused, then UTF-8 if the whole file is valid UTF-8 (checked
    a megabyte at a time).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_ENCODING_SAMPLE)
            for bom, encoding in _BOMS:
                if head.startswith(bom):
                    return "utf-8-sig" if encoding == "utf-8-sig" else encoding
            if _utf16_order(head) is not None:
                return None
            if _looks_binary(head):
                raise InputError(_binary_message(name))
            decoder = codecs.getincrementaldecoder("utf-8")()
            chunk = head
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(_ENCODING_SAMPLE)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError:
        _read_bytes(path)  # raises the InputError that names the problem
        raise
    return "utf-8"


def _cells(fields: list[str], width: int) -> list[str] | None:
    """`fields` cut or padded to the header's width; None if values lie beyond it."""
    if len(fields) > width and any(value.strip() for value in fields[width:]):
        return None
    return (fields + [""] * (width - len(fields)))[:width]


def iter_csv(
    path_or_buffer: str | Path | bytes | IO,
    *,
    name: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[IngestResult]:
    """The CSV's documents and problems, `chunk_rows` documents at a time, in file order.

    What `read_csv` returns, as a stream: a batch command processes one chunk
    and lets it go, so its memory does not grow with the number of rows. The
    same errors are raised (the first chunk is only yielded once the header is
    known to be usable).
    """
    lines, name, close = _text_lines(path_or_buffer, name)
    try:
        yield from _chunks_of(lines, name=name, chunk_rows=chunk_rows)
    finally:
        close()


def _chunks_of(lines: Iterator[str], *, name: str, chunk_rows: int) -> Iterator[IngestResult]:
    records = _records(lines, name=name)
    header = next(records)
    assert isinstance(header, list)
    if not any(cell.strip() for cell in header):
        raise InputError(f"{name} is empty")
    columns = [str(c) for c in header]
    width = len(columns)
    matched = _match_columns(columns)
    if "text" not in matched:
        raise InputError(
            f"no 'text' column in {name}; columns found: {', '.join(c.strip() for c in columns)}"
            f" (the text may also be in a column named {', '.join(_ALIASES['text'][1:])})"
        )
    rows = _RowReader(columns, matched, name=name)
    documents: list[Document] = []
    problems: list[RowProblem] = []
    read_any = False
    for record in records:
        assert isinstance(record, _Record)
        if record.fields is None:
            assert record.problem is not None
            column, message = record.problem
            problems.append(RowProblem(record.row, column, f"{message}; row skipped", record.line))
        else:
            read_any = True
            cells = _cells(record.fields, width)
            if cells is None:
                problems.append(
                    RowProblem(
                        record.row,
                        None,
                        f"{len(record.fields)} fields where the header has {width}; "
                        "a value containing the delimiter must be in double quotes; row skipped",
                        record.line,
                    )
                )
            else:
                document = rows.document(cells, record.row, record.line, problems)
                if document is not None:
                    documents.append(document)
        if len(documents) >= chunk_rows:
            yield IngestResult(tuple(documents), tuple(problems))
            documents, problems = [], []
    if not read_any and not rows.seen:
        if problems:
            raise InputError(f"no article could be read from {name}: {problems[0]}")
        raise InputError(f"{name} has a header but no rows")
    if documents or problems:
        yield IngestResult(tuple(documents), tuple(problems))


def read_csv(path_or_buffer: str | Path | bytes | IO, *, name: str | None = None) -> IngestResult:
    """Documents from a CSV with one article a row.

    A `text` column is required; `source`, `published`, `url`, `title` and `id` are
    optional. Headers are matched trimmed and case-insensitively, with aliases
    (body/content/article/story, outlet/publisher/site, date/published_at/pubdate,
    link, headline, doc_id). Every value is read as text, so "007" stays "007".

    Every physical line is accounted for: it belongs to a row that is read, or
    its row is reported in `problems` (by row, line and column) and skipped when
    its text is empty, it has more fields than the header, a quote opened in it
    is never closed (only that line is given up: the lines after it are read
    as rows of their own), a value is longer than `CSV_FIELD_LIMIT`, or its id
    repeats an earlier row (the same text twice gives the same id). A date that
    cannot be read is reported and the row kept without it. Completely blank
    rows (spreadsheet padding) are skipped without a report, since they hold
    nothing. Raises `InputError` for a file that cannot be read, is empty, has
    no rows, or lacks a text column. For a large file, `iter_csv` reads the
    same in chunks.
    """
    documents: list[Document] = []
    problems: list[RowProblem] = []
    for chunk in iter_csv(path_or_buffer, name=name):
        documents += chunk.documents
        problems += chunk.problems
    return IngestResult(documents=tuple(documents), problems=tuple(problems))


class _RowReader:
    """Turns the cells of one row into a Document, noting what it could not use."""

    def __init__(self, columns: list[str], matched: dict[str, int], *, name: str) -> None:
        self.columns = columns
        self.matched = matched
        self.name = name
        self.text_column = columns[matched["text"]].strip()
        self.seen: dict[str, int] = {}  # document id -> row that had it (ids only: small)

    def _value(self, cells: list[str], field: str) -> str:
        return cells[self.matched[field]] if field in self.matched else ""

    def document(
        self, cells: list[str], row: int, line: int, problems: list[RowProblem]
    ) -> Document | None:
        """The row's Document, or None (with a problem unless the row is blank)."""
        if not any(v.strip() for v in cells):
            return None
        text = self._value(cells, "text")
        if not text.strip():
            problems.append(RowProblem(row, self.text_column, "empty text; row skipped", line))
            return None
        published = None
        raw_date = self._value(cells, "published")
        if raw_date.strip():
            published = normalize_date(raw_date)
            if published is None:
                problems.append(
                    RowProblem(
                        row,
                        self.columns[self.matched["published"]].strip(),
                        f"{raw_date!r} is not a date I can read; row kept without this date",
                        line,
                    )
                )
        try:
            document = _make_document(
                text,
                where=f"{self.name}, row {row}",
                source=self._value(cells, "source"),
                published=published,
                url=self._value(cells, "url"),
                title=self._value(cells, "title"),
                doc_id=self._value(cells, "id"),
            )
        except InputError as err:
            problems.append(RowProblem(row, self.text_column, f"{err}; row skipped", line))
            return None
        if document.id in self.seen:
            given_id = bool(self._value(cells, "id").strip())
            column = self.columns[self.matched["id"]].strip() if given_id else self.text_column
            what = f"id {document.id!r} already used in" if given_id else "same text as"
            problems.append(
                RowProblem(row, column, f"{what} row {self.seen[document.id]}; row skipped", line)
            )
            return None
        self.seen[document.id] = row
        return document


# --- files and uploads, one way for every front end --------------------------------------

CSV_SUFFIXES = frozenset({".csv", ".tsv"})
ArticleFile = str | Path | tuple[str, bytes | str]
"""A path, or an upload as (file name, its bytes or text)."""


@dataclass(frozen=True)
class InputProblem:
    """A file, or one row of a CSV, that was not used as given; `str()` names both."""

    name: str
    message: str
    row: RowProblem | None = None

    def __str__(self) -> str:
        return f"{self.name}, {self.row}" if self.row is not None else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "message": self.message, "row": self.row and self.row.to_dict()}


@dataclass(frozen=True)
class Articles:
    """The documents read from files and uploads, what could not be used, and file labels."""

    documents: tuple[Document, ...]
    problems: tuple[InputProblem, ...]
    labels: dict[str, str]
    """Document id -> file name, for articles that have no source: how a reader knows them."""


def read_articles(
    files: Iterable[ArticleFile],
    *,
    source: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    strict: bool = True,
    title_from_name: bool = False,
) -> Articles:
    """Documents from text files and CSVs (one article a row), on disk or uploaded, in order.

    The one reader behind the command line (`compare`) and the web UI (every
    upload), so both skip and name the same things; `iter_articles` gives the
    same a chunk at a time (`add`). A `.csv`/`.tsv` name is read with
    `read_csv`, any other as one article (`decode_bytes`). The metadata given
    is a text file's own, as with `read_text_file` (a date given wins over its
    date line), and fills what a CSV row leaves empty (`published` must be a
    date). The same text given twice is read once, and the second is reported.
    With `strict`, a file that cannot be read at all raises `InputError`;
    without, it becomes a problem too (the UI shows every problem and goes
    on). `title_from_name` titles a text file with its name ("report.txt" ->
    "report").
    """
    documents: list[Document] = []
    problems: list[InputProblem] = []
    labels: dict[str, str] = {}
    for chunk in iter_articles(
        files,
        source=source,
        published=published,
        url=url,
        title=title,
        strict=strict,
        title_from_name=title_from_name,
    ):
        documents += chunk.documents
        problems += chunk.problems
        labels.update(chunk.labels)
    return Articles(tuple(documents), tuple(problems), labels)


def iter_articles(
    files: Iterable[ArticleFile],
    *,
    source: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    strict: bool = True,
    title_from_name: bool = False,
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[Articles]:
    """What `read_articles` returns, a chunk at a time: a CSV `chunk_rows` rows at a time
    (`iter_csv`), a text file as one chunk.

    Only ids are kept from one chunk to the next (to read the same text once),
    so a command that stores each chunk and lets it go holds one chunk of a
    large CSV in memory, never the whole file.
    """
    defaults = {
        "source": _clean(source),
        "published": _explicit_date(published, where="the articles given"),
        "url": _clean(url),
        "title": _clean(title),
    }
    where: dict[str, str] = {}
    for item in files:
        name, data = (str(item[0]), item[1]) if isinstance(item, tuple) else (str(item), None)
        csv_file = PurePath(name).suffix.lower() in CSV_SUFFIXES
        try:
            for found, rows in _read_one(
                name, data, defaults, title_from_name=title_from_name, chunk_rows=chunk_rows
            ):
                documents: list[Document] = []
                problems = [InputProblem(name, row.message, row) for row in rows]
                labels: dict[str, str] = {}
                for document in found:
                    if csv_file:
                        missing = {
                            k: v for k, v in defaults.items() if v and getattr(document, k) is None
                        }
                        document = replace(document, **missing) if missing else document
                    if document.id in where:
                        message = f"{name}: the same article as in {where[document.id]}; read once"
                        problems.append(InputProblem(name, message))
                        continue
                    documents.append(document)
                    where[document.id] = name
                    if document.source is None and not csv_file:
                        labels[document.id] = PurePath(name).name
                yield Articles(tuple(documents), tuple(problems), labels)
        except InputError as err:
            if strict:
                raise
            yield Articles((), (InputProblem(name, str(err)),), {})


def _read_one(
    name: str,
    data: bytes | str | None,
    defaults: dict[str, str | None],
    *,
    title_from_name: bool,
    chunk_rows: int,
) -> Iterator[tuple[tuple[Document, ...], tuple[RowProblem, ...]]]:
    """The documents of one file or upload and its CSV row problems, a chunk at a time."""
    if PurePath(name).suffix.lower() in CSV_SUFFIXES:
        if data is None:
            chunks = iter_csv(name, chunk_rows=chunk_rows)
        elif isinstance(data, str):
            chunks = iter_csv(io.StringIO(data), name=name, chunk_rows=chunk_rows)
        else:
            chunks = iter_csv(data, name=name, chunk_rows=chunk_rows)
        for chunk in chunks:
            yield chunk.documents, chunk.problems
        return
    if data is None:
        text = decode_bytes(_read_bytes(name), name=name)
    else:
        text = data if isinstance(data, str) else decode_bytes(data, name=name)
    given = dict(defaults)
    if title_from_name and not given["title"]:
        given["title"] = PurePath(name).stem
    yield (document_from_text(text, where=name, **given),), ()

"""Uploaded and pasted articles into Documents, as plain functions of bytes and strings.

Kept free of Streamlit so the rules (what is skipped, how each problem is
named) are tested directly, whatever the test harness can do with an upload
widget. Nothing is dropped silently: every file or row not used comes back as
a problem naming the file and row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from factcheck.errors import FactcheckError, InputError
from factcheck.ingest import CSV_SUFFIXES, document_from_text, read_articles
from factcheck.model import Document

MAX_CHARS = 100_000
"""Longest article checked in one go (about 15,000 words, several times a long feature).

Extraction reads a few thousand characters a second, so a longer text would
hold the page for minutes; it is refused with a message naming where it came
from and how long it is, instead.
"""


@dataclass
class Collected:
    """Documents gathered from several inputs, and what could not be used, by name."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, document: Document, *, where: str) -> None:
        """Add a document unless it is too long or the same text was given already."""
        if len(document.text) > MAX_CHARS:
            self.problems.append(too_long(where, len(document.text)))
        elif any(d.id == document.id for d in self.documents):
            self.problems.append(f"{where}: the same article was given twice; checked once")
        else:
            self.documents.append(document)


def too_long(where: str, length: int) -> str:
    return (
        f"{where} is {length:,} characters long; the limit is {MAX_CHARS:,}. "
        "Split it into articles (the Batch CSV page takes one article a row)."
    )


def pasted_document(
    text: str,
    *,
    source: str | None = None,
    published: dt.date | str | None = None,
    url: str | None = None,
    where: str = "pasted text",
) -> Document:
    """A Document from a paste; raises FactcheckError (empty, too long, bad date)."""
    if len(text) > MAX_CHARS:
        raise InputError(too_long(where, len(text)))
    if isinstance(published, dt.date):
        published = published.isoformat()
    return document_from_text(text, source=source or None, published=published, url=url or None)


def batch_documents(data: bytes, *, name: str) -> Collected:
    """The articles of an uploaded CSV, and every row not used ("row 3, column 'text': ...").

    Read by `ingest.read_articles`, as the command line reads a CSV. Raises
    InputError when the file as a whole cannot be used (not text, no `text`
    column, no rows): there is nothing to process then.
    """
    articles = read_articles([(name, data)])
    collected = Collected(
        problems=[str(p.row) if p.row is not None else str(p) for p in articles.problems]
    )
    for document in articles.documents:
        collected.add(document, where=f"the article with id {document.id}")
    return collected


def collect(
    pasted: Iterable[tuple[str, dict[str, object]]],
    files: Sequence[tuple[str, bytes]],
) -> Collected:
    """Documents from pasted texts (text, metadata) and uploaded .txt/.csv files.

    Empty pastes are skipped (an unused tab holds nothing); every other input
    that cannot be read becomes a problem naming the tab, file or row.
    """
    collected = Collected()
    for number, (text, meta) in enumerate(pasted, start=1):
        if not text.strip():
            continue
        where = f"article {number}"
        try:
            document = pasted_document(text, where=where, **meta)  # type: ignore[arg-type]
        except FactcheckError as exc:
            collected.problems.append(f"{where}: {exc}")
            continue
        collected.add(document, where=where)
    for name, data in files:
        _read_file(collected, name, data)
    return collected


def _read_file(collected: Collected, name: str, data: bytes) -> None:
    """One upload through `ingest.read_articles` (the command line's reader too): a problem
    for each row or file not used, the rest added unless too long or given already."""
    articles = read_articles([(name, data)], strict=False, title_from_name=True)
    rows = PurePath(name).suffix.lower() in CSV_SUFFIXES  # one article a row, named by id
    collected.problems += [str(problem) for problem in articles.problems]
    for document in articles.documents:
        where = f"{name}, document {document.id}" if rows else name
        collected.add(document, where=where)

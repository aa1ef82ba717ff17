"""The command line: `python -m factcheck extract|check|compare|add|search|stats|remove|reindex`.

Each command reads articles with `ingest`, runs the pipeline, and prints plain
aligned text for a terminal, or writes the JSON contract of DESIGN.md
(`--json FILE`, or `--json -` for stdout instead of the text).

Models load only when a command needs them: `extract` parses with spaCy and
never loads the sentence encoder; `stats` and `remove` load neither, because
opening an index only needs the encoder's name and dimension (`LazyEncoder`).
`check` never creates an index: it reads one if it is there. `reindex`
embeds every stored claim again after an upgrade changed the claim text the
vectors are made from (until then the index is refused, see `store.py`).

Every error a user can cause (a missing or binary file, a CSV without a text
column, an index built by another model) ends as one `error: ...` line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import inspect
import io
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from factcheck.embed import BATCH_SIZE, ENCODERS, default_encoder, encoder_info, load_encoder
from factcheck.errors import FactcheckError, IndexError_, InputError
from factcheck.ingest import (
    ArticleFile,
    Articles,
    InputProblem,
    decode_bytes,
    document_from_text,
    iter_articles,
    normalize_date,
    read_text_file,
)
from factcheck.ingest import read_articles as ingest_read_articles
from factcheck.location import DEFAULT_INDEX, INDEX_ENV, index_dir, index_setting
from factcheck.model import Claim, Document, Finding, Report
from factcheck.render import safe_url, unsafe_link_warning
from factcheck.search import CUTOFF as SEARCH_CUTOFF
from factcheck.search import similar_claims
from factcheck.store import IGNORED, MANIFEST, NO_SOURCE, Added, ClaimIndex
from factcheck.terminal import (
    Cell,
    claim_excerpt,
    claim_lines,
    clip,
    excerpt,
    finding_counts,
    finding_lines,
    outlet_of,
    speaker_of,
    summary_lines,
    table,
)
from factcheck.terminal import counted as _plural

# spaCy (and, through thinc, torch) takes seconds to import: the modules that
# need it are imported inside the commands that parse, so `--help`, `stats`,
# `search` and `remove` start at once.
if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["LazyEncoder", "build_parser", "excerpt", "finding_lines", "main"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USER = 2
EXIT_INTERRUPTED = 130

STDIN = "-"
FEW_DOCUMENTS = 3
"""Up to this many documents the work is quick and a progress bar is only noise."""
LONG_TEXT = 100_000
"""Texts longer than this (characters) take seconds to parse, so we say so on stderr."""


# --- models ---------------------------------------------------------------------------


class LazyEncoder:
    """The sentence encoder's identity now, its weights on first use.

    An index checks the encoder's name, dimension and weights hash when it
    opens (to refuse vectors of another encoder); only embedding needs the
    weights. So `stats` and `remove` open the index without waiting for a
    model to load. `kind` is `--encoder` (None: $FACTCHECK_ENCODER or the default).
    """

    def __init__(self, kind: str | None = None) -> None:
        info = encoder_info(kind or default_encoder())
        self.kind, self.name, self.dim, self.weights = info.kind, info.name, info.dim, info.weights

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        return load_encoder(self.kind).encode(texts, batch_size=batch_size)


def spacy_pipeline() -> Language:
    """The shared spaCy pipeline (imported and loaded on first use)."""
    from factcheck.nlp import load_nlp

    return load_nlp()


def parse_processes() -> int:
    """Parser processes for batch commands: one per core, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


def _nlp_for(documents: Sequence[Document]) -> Language:
    """The spaCy pipeline, told it may parse the longest of `documents`.

    spaCy refuses texts over `max_length` (1,000,000 characters) to protect
    memory; a user who hands us a 1 MB article wants it parsed, and the small
    pipeline needs far less memory than the guard assumes.
    """
    nlp = spacy_pipeline()
    longest = max((len(d.body) for d in documents), default=0)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1
    for document in documents:
        if len(document.text) > LONG_TEXT:
            _say(f"parsing {len(document.text):,} characters...")
    return nlp


# --- reading input --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Metadata:
    """What the user said about the article(s) on the command line."""

    source: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Metadata:
        published = getattr(args, "published", None)
        if published is not None and published.strip():
            iso = normalize_date(published)
            if iso is None:
                raise InputError(
                    f"--published {published!r} is not a date I can read; "
                    "use YYYY-MM-DD, e.g. 2021-07-07"
                )
            published = iso
        return cls(
            source=getattr(args, "source", None),
            published=published or None,
            url=getattr(args, "url", None),
            title=getattr(args, "title", None),
        )


def read_article(path: str, metadata: Metadata) -> Document:
    """One article from a text file, or from stdin when `path` is "-"."""
    fields = dataclasses.asdict(metadata)
    if path != STDIN:
        return read_text_file(path, **fields)
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    text = decode_bytes(buffer.read(), name="standard input") if buffer else stream.read()
    if not text.strip():
        raise InputError("the article on standard input is empty")
    return document_from_text(text, **fields)


def _inputs(paths: Sequence[str]) -> list[ArticleFile]:
    """The paths as `ingest` reads them, "-" (standard input) as an upload of its bytes."""
    return [("standard input", _stdin_bytes()) if path == STDIN else path for path in paths]


def _stdin_bytes() -> bytes:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer else stream.read().encode("utf-8")


def read_articles(paths: Sequence[str], metadata: Metadata) -> Articles:
    """Documents from CSV files (one article a row) and text files, in order.

    Read by `ingest.read_articles`, the reader of the web UI's uploads too.
    Command-line metadata fills what a CSV row leaves empty. The same text
    given twice is read once. A text file without a source is known by its
    file name in the output (`labels`).
    """
    return ingest_read_articles(_inputs(paths), **dataclasses.asdict(metadata))


def file_label(path: str) -> str:
    return "standard input" if path == STDIN else Path(path).name


def _report_problems(problems: Sequence[InputProblem]) -> None:
    for problem in problems:  # "articles.csv: row 4 (line 6), column 'text': ..."
        _say(f"{problem.name}: {problem.row}" if problem.row is not None else problem.message)


def _warn_unsafe_links(documents: Sequence[Document]) -> None:
    """Say which links will not be shown as links (`javascript:` and other non-web URLs)."""
    for document in documents:
        if document.url and safe_url(document.url) is None:
            name = document.source or document.id
            _say(f"warning: article {name}: {unsafe_link_warning(document.url)}")


DISPUTES_IN_ONE_LINE = 20
"""Disputed findings printed as one pasteable line each at the end of check/compare."""


def _one_line_each(report: Report, out: Callable[..., None]) -> None:
    disputed = [f for f in report.findings if f.kind == "conflict"][:DISPUTES_IN_ONE_LINE]
    if disputed:
        out(
            "",
            "Disputed, one line each (to paste):",
            *(f"  {line}" for line in summary_lines(disputed, report)),
        )


def _need_documents(documents: Sequence[Document], paths: Sequence[str]) -> None:
    if not documents:
        raise InputError(f"no article could be read from {', '.join(paths)}")


# --- the index ------------------------------------------------------------------------


def index_path(args: argparse.Namespace) -> Path:
    """The index directory: `--index`, else $FACTCHECK_INDEX, else ./index (`location`)."""
    return index_dir(args.index)


def existing_index(
    path: Path, *, allow_stale: bool = False, encoder: str | None = None, repair: bool = False
) -> ClaimIndex | None:
    """The index at `path`, or None when there is none yet; never creates one.

    An empty directory (or one holding only the README the repo ships) is no
    index yet; a directory holding other files is refused by `ClaimIndex`, and
    so is an index of an older claim text version unless `allow_stale`.
    """
    if not (path / MANIFEST).exists():
        if not path.exists():
            return None
        if path.is_dir() and all(entry.name in IGNORED for entry in path.iterdir()):
            return None
    encoder_ = LazyEncoder(encoder)
    return ClaimIndex.open(
        path, encoder=encoder_, create=False, allow_stale=allow_stale, repair=repair
    )


def required_index(
    path: Path, *, allow_stale: bool = False, encoder: str | None = None, repair: bool = False
) -> ClaimIndex:
    index = existing_index(path, allow_stale=allow_stale, encoder=encoder, repair=repair)
    if index is None:
        raise IndexError_(
            f"no index at {path}; add articles first: "
            f"python -m factcheck add ARTICLES.csv --index {path}"
        )
    return index


def _is_stored(index: ClaimIndex, document: Document) -> bool:
    stored = index.document(document.id)
    return stored is not None and stored.text == document.text


# --- progress and output --------------------------------------------------------------


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def progress_bar(total: int, description: str, *, unit: str = "doc") -> Iterator[tqdm]:
    """A tqdm bar on stderr, silent for a handful of items."""
    bar = tqdm(
        total=total,
        desc=description,
        unit=unit,
        file=sys.stderr,
        disable=total <= FEW_DOCUMENTS,
        leave=False,
        dynamic_ncols=True,
    )
    try:
        yield bar
    finally:
        bar.close()


class Output:
    """Where the text goes: stdout, or nowhere when `--json -` owns stdout."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, *lines: str) -> None:
        if not self.quiet:
            for line in lines:
                print(line)


def _write_file(path: str, write: Callable[[str], None], what: str) -> None:
    try:
        write(path)
    except OSError as exc:
        raise InputError(f"cannot write {what} to {path}: {exc.strerror or exc}") from None
    _say(f"wrote {what} to {path}")


def write_outputs(report: Report, args: argparse.Namespace) -> None:
    """`--json` and `-o` of a command; "-" writes to stdout."""
    json_out = getattr(args, "json", None)
    csv_out = getattr(args, "output", None)
    review_out = getattr(args, "claimreview", None)
    if not (json_out or csv_out or review_out):
        return  # `report` imports pandas: a second and more of a cold `check` for nothing
    from factcheck.report import findings_frame, to_json, write_findings_csv, write_json

    if review_out:
        from factcheck.claimreview import to_claimreview_json, write_claimreview

        if review_out == STDIN:
            sys.stdout.write(to_claimreview_json(report) + "\n")
        else:
            _write_file(review_out, lambda p: write_claimreview(report, p), "ClaimReview JSON-LD")
    if json_out == STDIN:
        sys.stdout.write(to_json(report) + "\n")
    elif json_out:
        _write_file(json_out, lambda p: write_json(report, p), "JSON")
    if csv_out == STDIN:
        buffer = io.StringIO()
        findings_frame(report).to_csv(buffer, index=False)
        sys.stdout.write(buffer.getvalue())
    elif csv_out:
        _write_file(csv_out, lambda p: write_findings_csv(report, p), "findings CSV")


def _stdout_taken(args: argparse.Namespace) -> bool:
    targets = [getattr(args, name, None) for name in ("json", "output", "claimreview")]
    if targets.count(STDIN) > 1:
        raise InputError("only one of --json, -o and --claimreview can write to stdout ('-')")
    return STDIN in targets


def _article_header(path: str, document: Document, claims: int) -> str:
    parts = [
        "standard input" if path == STDIN else path,
        document.source or "(no source)",
        document.published or "(no date)",
        _plural(len(document.text), "character"),
        _plural(claims, "claim"),
    ]
    return " | ".join(parts)


# --- commands -------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    """Every checkable figure of one article, with who said it.

    Parses with spaCy only (no sentence encoder, no index), so it is quick.

    example:
      python -m factcheck extract article.txt --source AP --published 2021-07-07
    """
    from factcheck.extract import extract_all

    out = Output(quiet=_stdout_taken(args))
    document = read_article(args.article, Metadata.from_args(args))
    claims = extract_all([document], nlp=_nlp_for([document]))[0]
    out(_article_header(args.article, document, len(claims)), "", *claim_lines(claims))
    write_outputs(Report(documents=(document,), claims=tuple(claims), findings=()), args)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Claims of one article, findings inside it and against the index.

    The index is read if it exists; nothing is stored unless --add is given.
    Use "-" to read the article from standard input.

    example:
      python -m factcheck check article.txt --source AP --published 2021-07-07
      pbpaste | python -m factcheck check - --json report.json
    """
    out = Output(quiet=_stdout_taken(args))
    document = read_article(args.article, Metadata.from_args(args))
    _warn_unsafe_links([document])
    path = index_path(args)
    encoder = LazyEncoder(args.encoder)
    index = (
        ClaimIndex.open(path, encoder=encoder)
        if args.add
        else existing_index(path, encoder=args.encoder)
    )
    try:
        from factcheck.pipeline import Checker

        checker = Checker(nlp=_nlp_for([document]), encoder=encoder)
        report = _check_with_progress(checker, document, index)
        local = {claim.id for claim in report.claims}
        inside = [f for f in report.findings if all(c in local for c in f.claims)]
        against = [f for f in report.findings if not all(c in local for c in f.claims)]
        out(_article_header(args.article, document, len(report.claims)), "")
        out("Claims", *_summary(claim_lines, report.claims, SUMMARY_CLAIMS, "claims", args), "")
        inside, against = _most_telling(inside, args), _most_telling(against, args)
        names = {} if document.source else {document.id: file_label(args.article)}
        out(
            f"Findings in this article: {finding_counts(inside)}",
            *finding_lines(inside, report, names=names),
        )
        out("")
        if index is None:
            out(f"Against the index: no index at {path} (build one with: python -m factcheck add)")
        else:
            out(
                f"Against the index at {path}: {finding_counts(against)}",
                *finding_lines(against, report, names=names),
            )
        if args.add:
            assert index is not None
            new = index.add(document, report.claims, names=report.names.get(document.id))
            stored = "stored" if new else "already stored"
            out("", f"Article {stored} in {path} ({_plural(len(report.claims), 'claim')}).")
    finally:
        if index is not None:
            index.close()
    _one_line_each(report, out)
    write_outputs(report, args)
    return EXIT_OK


SUMMARY_CLAIMS = 40
"""Claims the terminal lists for one article; a long one has thousands (`--json` has all)."""
SUMMARY_FINDINGS = 15
"""Findings the terminal shows in each section of `check`; the rest are in `--json`."""


def _check_with_progress(checker: Any, document: Document, index: ClaimIndex | None) -> Report:
    """`checker.check`, saying on stderr what it is doing when the article is long."""
    if len(document.text) <= LONG_TEXT:
        return checker.check(document, index=index)
    began = time.perf_counter()
    prepared = checker.prepare([document], index=index)
    claims = sum(len(c) for c in prepared.claims)
    _say(f"read {claims:,} claims in {time.perf_counter() - began:.0f} s; matching them...")
    report = checker.findings(prepared, index=index)
    _say(f"matched in {time.perf_counter() - began:.0f} s: {len(report.findings):,} findings")
    return report


def _summary(
    lines: Callable[[Sequence[Claim]], list[str]],
    claims: Sequence[Claim],
    limit: int,
    what: str,
    args: argparse.Namespace,
) -> list[str]:
    """The first `limit` rows of a long table, and where the rest are."""
    if len(claims) <= limit:
        return lines(claims)
    where = f"in {args.json}" if getattr(args, "json", None) else "with --json FILE"
    note = f"  ... and {len(claims) - limit:,} more {what} (all of them {where})"
    return [*lines(claims[:limit]), note]


def _most_telling(findings: list[Finding], args: argparse.Namespace) -> list[Finding]:
    """At most `SUMMARY_FINDINGS` findings for the terminal: conflicts first, likeliest first.

    A 1 MB article gave 62,952 lines; `--json` keeps every finding.
    """
    if len(findings) <= SUMMARY_FINDINGS:
        return findings
    ranked = sorted(findings, key=lambda f: (f.kind != "conflict", -f.score))
    where = f"in {args.json}" if getattr(args, "json", None) else "with --json FILE"
    _say(
        f"showing {SUMMARY_FINDINGS} of {len(findings):,} findings in a section "
        f"(all of them {where})"
    )
    return ranked[:SUMMARY_FINDINGS]


def cmd_compare(args: argparse.Namespace) -> int:
    """Every finding across many articles: same thing, different figures.

    One article a CSV row (column "text"; "source", "published", "url",
    "title", "id" optional); text files may be given too. Rows that cannot be
    used are listed on stderr and the others are compared. With --with-index
    the articles are also checked against the stored index.

    example:
      python -m factcheck compare articles.csv -o findings.csv --json findings.json
    """
    out = Output(quiet=_stdout_taken(args))
    articles = read_articles(args.articles, Metadata.from_args(args))
    documents, problems = articles.documents, articles.problems
    _report_problems(problems)
    _need_documents(documents, args.articles)
    _warn_unsafe_links(documents)
    index = required_index(index_path(args), encoder=args.encoder) if args.with_index else None
    try:
        from factcheck.pipeline import Checker

        checker = Checker(
            nlp=_nlp_for(documents),
            encoder=LazyEncoder(args.encoder),
            processes=parse_processes(),
        )
        with progress_bar(len(documents), "extracting") as bar:
            report = checker.compare(
                documents,
                index=index,
                progress=bar.update,
                problems=[problem.row for problem in problems if problem.row is not None],
            )
    finally:
        if index is not None:
            index.close()
    summary = [
        _plural(len(documents), "article"),
        _plural(len(report.claims), "claim"),
        finding_counts(report.findings),
    ]
    if problems:
        summary.append(f"{_plural(len(problems), 'row problem')} (see above)")
    out(", ".join(summary), "", *finding_lines(report.findings, report, names=articles.labels))
    _one_line_each(report, out)
    write_outputs(report, args)
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    """Extract the claims of articles and store them in the index.

    Takes CSV files (one article a row) and text files. An article already
    stored (same text) is not stored again. Creates the index if needed. A
    CSV is read, extracted and stored a chunk of rows at a time, so memory
    does not grow with the number of rows.

    example:
      python -m factcheck add articles.csv
      python -m factcheck add article.txt --source AP --published 2021-07-07
    """
    batches = _article_batches(args.articles, Metadata.from_args(args))
    waiting: list[Sequence[Document]] = []
    for documents, problems in batches:  # read up to the first article before creating the index
        _report_problems(problems)
        waiting.append(documents)
        if documents:
            break
    _need_documents([d for batch in waiting for d in batch], args.articles)
    path = index_path(args)
    read = new = claims = 0
    with ClaimIndex.open(path, encoder=LazyEncoder(args.encoder)) as index:
        for documents in waiting:
            added = _store_batch(index, documents)
            read, new, claims = read + len(documents), new + added.documents, claims + added.claims
        for documents, problems in batches:
            _report_problems(problems)
            added = _store_batch(index, documents)
            read, new, claims = read + len(documents), new + added.documents, claims + added.claims
        after = index.stats()
    print(
        f"{_plural(new, 'new document')}, {read - new:,} already stored; "
        f"{_plural(claims, 'claim')} added to {path} "
        f"(now {_plural(after['documents'], 'document')}, {_plural(after['claims'], 'claim')})"
    )
    return EXIT_OK


def _article_batches(
    paths: Sequence[str], metadata: Metadata
) -> Iterator[tuple[tuple[Document, ...], tuple[InputProblem, ...]]]:
    """The articles of `paths` a chunk at a time (a CSV in chunks of rows), with row problems.

    `ingest.iter_articles` keeps only ids across chunks (to read the same text
    once), never documents.
    """
    for chunk in iter_articles(_inputs(paths), **dataclasses.asdict(metadata)):
        yield chunk.documents, chunk.problems


def _store_batch(index: ClaimIndex, documents: Sequence[Document]) -> Added:
    """Extract and store the articles not stored yet; what this run itself stored."""
    fresh = [document for document in documents if not _is_stored(index, document)]
    if not fresh:
        return Added(documents=0, claims=0, skipped=len(documents))
    from factcheck.extract import extract_documents

    nlp = _nlp_for(fresh)
    with progress_bar(len(fresh), "extracting") as bar:
        extractions = extract_documents(
            fresh, nlp=nlp, processes=parse_processes(), progress=bar.update
        )
    with progress_bar(len(fresh), "storing") as bar:
        return index.add_batch(
            ((d, e.claims) for d, e in zip(fresh, extractions, strict=True)),
            names={d.id: e.names for d, e in zip(fresh, extractions, strict=True)},
            progress=lambda done: bar.update(done - bar.n),
        )


def cmd_search(args: argparse.Namespace) -> int:
    """Stored claims relevant to a query (vector and full-text search, fused).

    example:
      python -m factcheck search "rockets fired at Ain al-Asad" -k 10
    """
    out = Output(quiet=_stdout_taken(args))
    with required_index(index_path(args), encoder=args.encoder) as index:
        hits = similar_claims(
            index, args.query, encoder=LazyEncoder(args.encoder), k=args.k, cutoff=args.min_score
        )
    if not hits:
        out(
            f"no claim like {args.query!r} in the index "
            f"(nothing scores {args.min_score:.2f} or more)"
        )
    else:
        rows: list[list[Cell]] = [
            [
                f"{hit.similarity:.2f}",
                hit.claim.figure_text,
                speaker_of(hit.claim),
                outlet_of(hit.document),
                (hit.document.published if hit.document else None) or "",
                functools.partial(claim_excerpt, hit.claim),
            ]
            for hit in hits
        ]
        headers = ["score", "figure", "speaker", "source", "date", "sentence"]
        out(*table(headers, rows, [5, 16, 28, 20, 10, 0]))
        links = [(n, hit.document.url) for n, hit in enumerate(hits, 1) if hit.document]
        out(*(f"  {n}: {safe_url(url) or unsafe_link_warning(url)}" for n, url in links if url))
        out(
            "(score: how alike the query and what each claim counts read, 0 to 1; "
            f"below {args.min_score:.2f} not shown)"
        )
    if args.json:
        payload = {
            "query": args.query,
            "cutoff": args.min_score,
            "results": [
                {
                    "score": round(hit.similarity, 4),
                    "rank_score": round(hit.rank_score, 6),
                    "claim": hit.claim.to_dict(),
                    "document": hit.document.to_dict() if hit.document else None,
                }
                for hit in hits
            ],
        }
        _write_json_payload(payload, args.json)
    return EXIT_OK


def _write_json_payload(payload: Any, target: str) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    if target == STDIN:
        sys.stdout.write(text + "\n")
    else:
        _write_file(target, lambda p: Path(p).write_text(text, encoding="utf-8"), "JSON")


def cmd_stats(args: argparse.Namespace) -> int:
    """What the index holds: documents, claims, sources, model.

    example:
      python -m factcheck stats --index index/
    """
    with required_index(index_path(args), encoder=args.encoder) as index:
        stats = index.stats()
    print(f"index:     {stats['path']}")
    print(f"model:     {stats['model']} ({stats['dim']} dimensions)")
    print(f"documents: {stats['documents']:,}")
    print(f"claims:    {stats['claims']:,}")
    sources: dict[str, int] = stats["sources"]
    print(f"sources:   {len(sources):,}")
    if sources:
        width = min(max(len(name) for name in sources), 48)
        for name, count in sorted(sources.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {clip(name, width):<{width}}  {count:>6,}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove stored documents with their claims: every one of a source, or one by id.

    Articles stored without a source are removed with --no-source (or with
    the label `stats` lists them under, "(no source)").

    example:
      python -m factcheck remove --source "Harbor Ledger"
      python -m factcheck remove --no-source
      python -m factcheck remove --doc 3f2a9c...
    """
    path = index_path(args)
    with required_index(path, encoder=args.encoder) as index:
        if args.doc is not None:
            removed, what = index.remove_document(args.doc), f"document {args.doc!r}"
            gone = what
        else:
            source = None if args.no_source else args.source
            sources = index.stats()["sources"]
            if source is not None and (not source.strip() or source == NO_SOURCE):
                source = source if source in sources and source != NO_SOURCE else None
            what = "articles without a source" if source is None else f"source {source!r}"
            removed = index.remove_source(source)
            kind = "without a source" if source is None else f"of {source!r}"
            gone = f"{_plural(removed, 'document')} {kind}"
        stats = index.stats()
    if removed:
        print(f"removed {gone} from {path} ({_plural(stats['documents'], 'document')} left)")
    elif args.doc is not None:
        print(f"no {what} in {path} (`python -m factcheck search` shows document ids)")
    else:
        known = ", ".join(repr(name) for name in stats["sources"]) or "none"
        print(f"no documents of {what} in {path} (sources: {known})")
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace) -> int:
    """Embed every stored claim again after an upgrade, or with another encoder.

    An index whose vectors were made from an older claim text, or by another
    encoder than the one chosen (--encoder), is refused by the other commands
    until this has run. Stored documents and claims are kept; an interrupted
    run is finished by running it again. On an index that is already current
    it changes nothing.

    example:
      python -m factcheck reindex --index index/
      python -m factcheck reindex --index index/ --encoder minilm
    """
    path = index_path(args)
    with required_index(path, allow_stale=True, encoder=args.encoder, repair=True) as index:
        model = index.manifest.get("model")
        before = index.claim_text_version
        if index.damaged_vectors is not None:
            _say(f"{index.damaged_vectors}; rebuilding the vectors from the stored claims")
        elif not index.stale:
            print(f"index at {path} is current (claim text version {before}); nothing to do")
            return EXIT_OK
        with progress_bar(index.stats()["claims"], "embedding", unit="claim") as bar:
            done = index.reembed(progress=lambda n: bar.update(n - bar.n))
        after = index.claim_text_version
        now = index.manifest.get("model")
    switched = f", encoder {model} -> {now}" if now != model else ""
    print(
        f"embedded {_plural(done, 'claim')} again in {path} "
        f"(claim text version {before} -> {after}{switched})"
    )
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------


def _positive(value: str) -> int:
    try:
        number_ = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number_ < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number_


def _metadata_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("article metadata (fills what the input leaves out)")
    group.add_argument("--source", help="outlet, e.g. AP")
    group.add_argument("--published", metavar="DATE", help="publication date, e.g. 2021-07-07")
    group.add_argument("--url", help="link to the article")
    group.add_argument("--title", help="headline")


def _json_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", metavar="OUT", help=f"write {what} as JSON to OUT ('-': stdout)")


def _claimreview_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--claimreview",
        metavar="FILE",
        help="write each disputed finding as schema.org ClaimReview JSON-LD to FILE ('-': stdout)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The `python -m factcheck` parser; each command's docstring is its help."""
    default_index = index_setting()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--index",
        metavar="DIR",
        default=default_index,
        help=f"claim index directory (default: ${INDEX_ENV} or ./{DEFAULT_INDEX}; "
        f"now {default_index})",
    )
    common.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=None,
        help="sentence encoder of the claim vectors: static (fast, distilled from MiniLM) or "
        "minilm (default: $FACTCHECK_ENCODER or static); an index built with the other one "
        "is refused until `reindex --encoder ...`",
    )
    parser = argparse.ArgumentParser(
        prog="python -m factcheck",
        description="Every figure in the news, who said it, and where sources disagree.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        doc = inspect.cleandoc(run.__doc__ or "")
        sub = commands.add_parser(
            name,
            parents=[common],
            help=doc.splitlines()[0],
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=run)
        return sub

    extract = command("extract", cmd_extract)
    extract.add_argument("article", metavar="ARTICLE", help="text file ('-': stdin)")
    _json_option(extract, "the claims")
    _metadata_options(extract)

    check = command("check", cmd_check)
    check.add_argument("article", metavar="ARTICLE", help="text file ('-': stdin)")
    check.add_argument("--add", action="store_true", help="also store the article in the index")
    _json_option(check, "documents, claims and findings")
    _claimreview_option(check)
    _metadata_options(check)

    compare = command("compare", cmd_compare)
    compare.add_argument("articles", metavar="ARTICLES", nargs="+", help="CSV or text files")
    compare.add_argument(
        "-o", "--output", metavar="CSV", help="write findings as CSV ('-': stdout)"
    )
    _json_option(compare, "documents, claims and findings")
    _claimreview_option(compare)
    compare.add_argument(
        "--with-index", action="store_true", help="also check against the stored index"
    )
    _metadata_options(compare)

    add = command("add", cmd_add)
    add.add_argument("articles", metavar="ARTICLES", nargs="+", help="CSV or text files")
    _metadata_options(add)

    search = command("search", cmd_search)
    search.add_argument("query", metavar="QUERY", help="words to look for")
    search.add_argument("-k", type=_positive, default=10, help="how many results (default: 10)")
    search.add_argument(
        "--min-score",
        type=float,
        default=SEARCH_CUTOFF,
        metavar="S",
        help=f"leave out claims scoring below S, 0 to 1 (default: {SEARCH_CUTOFF})",
    )
    _json_option(search, "the results")

    command("stats", cmd_stats)

    remove = command("remove", cmd_remove)
    which = remove.add_mutually_exclusive_group(required=True)
    which.add_argument("--source", help="the outlet whose documents go")
    which.add_argument(
        "--no-source",
        action="store_true",
        help=f"the documents stored without a source (stats: {NO_SOURCE})",
    )
    which.add_argument("--doc", metavar="ID", help="the one document with this id")

    command("reindex", cmd_reindex)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (0 ok, 2 user error, 130 interrupted)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USER
    try:
        return args.run(args)
    except FactcheckError as exc:
        _say(f"error: {exc}")
        return EXIT_USER
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader (`| head`) left; nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return EXIT_OK
    except Exception as exc:  # a bug, not a user error: one line unless asked for more
        if os.environ.get("FACTCHECK_DEBUG"):
            traceback.print_exc()
        _say(
            f"error: internal failure ({type(exc).__name__}: {exc}); "
            "set FACTCHECK_DEBUG=1 to see the traceback"
        )
        return EXIT_INTERNAL

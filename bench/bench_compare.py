"""How fast is `compare` end to end on many articles, and how much memory does it take?

    .venv/bin/python bench/bench_compare.py                  # 1,000 articles
    .venv/bin/python bench/bench_compare.py --articles 300   # a quicker run
    .venv/bin/python bench/bench_compare.py --ceiling        # and what parse + encoder allow

The articles are variants of the dev texts, made in memory and never written
to disk: the rows of tests/data/multisource/articles.csv and the ECB+ dev
documents (read in place from the shared data folder). Each variant gets an
invented outlet name, a shifted date, some numbers shifted by a few units and
its paragraphs after the first shuffled, so the matcher sees many outlets
reporting related but not identical figures, as in real use.

One `Checker.compare` call runs over all of them (extraction, embedding,
candidate search, judging). Reported: articles per second, total seconds,
the time spent in extraction (from the progress callback) and in the encoder
(a timing wrapper around it), claims and findings made, and the peak resident
memory of the process before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# Run as a script from any directory: the package is imported from this checkout.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.cli import parse_processes  # noqa: E402
from factcheck.embed import (  # noqa: E402
    BATCH_SIZE,
    DEFAULT_ENCODER,
    ENCODERS,
    Encoder,
    claim_text,
    load_encoder,
)
from factcheck.eval.gold import shared_dir  # noqa: E402
from factcheck.ingest import document_from_text, read_csv  # noqa: E402
from factcheck.model import Document  # noqa: E402
from factcheck.nlp import load_nlp  # noqa: E402
from factcheck.pipeline import Checker, Report  # noqa: E402

MULTISOURCE = REPO / "tests" / "data" / "multisource" / "articles.csv"
ECB_DOCS = shared_dir() / "data" / "ecbplus-dev" / "docs.jsonl"
OUTLETS = [
    f"The {a} {b}"
    for a in ("Northern", "Coastal", "Valley", "Capital", "Harbour", "Summit", "Prairie")
    for b in ("Courier", "Gazette", "Sentinel", "Dispatch", "Record", "Herald", "Observer")
]
# Small counts only: years, prices and street numbers stay as written.
_NUMBER = re.compile(r"(?<![\d.,$€£])\b([1-9]\d?)\b(?![.,]\d)")


def base_articles() -> list[tuple[str, str | None, str | None]]:
    """(text, outlet, published) of every dev article available, in a fixed order."""
    articles: list[tuple[str, str | None, str | None]] = []
    for document in read_csv(MULTISOURCE).documents:
        articles.append((document.text, document.source, document.published))
    if ECB_DOCS.exists():
        with ECB_DOCS.open(encoding="utf-8") as handle:
            articles.extend((json.loads(line)["text"], None, None) for line in handle)
    else:
        print(f"note: {ECB_DOCS} is absent; varying the own set only", file=sys.stderr)
    return articles


def vary(
    text: str, outlet: str | None, published: str | None, rng: random.Random, *, doc_id: str
) -> Document:
    """One variant: new outlet, shifted date, a few numbers shifted, paragraphs reordered."""
    new_outlet = rng.choice(OUTLETS)
    if outlet:
        text = text.replace(outlet, new_outlet)

    def shift(match: re.Match[str]) -> str:
        value = int(match.group(1))
        return (
            str(max(1, value + rng.choice((-2, -1, 1, 2, 3)))) if rng.random() < 0.3 else str(value)
        )

    text = _NUMBER.sub(shift, text)
    separator = "\n\n" if "\n\n" in text else "\n"
    paragraphs = text.split(separator)
    if len(paragraphs) > 2:
        rest = paragraphs[1:]
        rng.shuffle(rest)
        text = separator.join([paragraphs[0], *rest])
    day = dt.date.fromisoformat(published) if published else dt.date(2024, 1, 1)
    day += dt.timedelta(days=rng.randint(-3, 3))
    return document_from_text(text, source=new_outlet, published=day.isoformat(), doc_id=doc_id)


def make_articles(n: int, *, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    pool = base_articles()
    return [vary(*pool[i % len(pool)], rng, doc_id=f"bench-{i}") for i in range(n)]


class TimedEncoder:
    """The real encoder, timed: tells embedding time apart from matching and judging."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.encoder.encode(texts, batch_size=batch_size)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory so far (ru_maxrss is in KiB on Linux) of this process, or of
    its largest finished child (the parser workers) with `resource.RUSAGE_CHILDREN`."""
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to compare")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the numbers to FILE")
    parser.add_argument(
        "--processes",
        type=int,
        default=parse_processes(),
        help="parser processes (default: one per core, as the CLI does)",
    )
    parser.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=DEFAULT_ENCODER,
        help=f"sentence encoder (default: {DEFAULT_ENCODER})",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also time the spaCy parse alone and the encoder alone on the same articles, "
        "and the articles/s they leave at most",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    encoder = TimedEncoder(load_encoder(args.encoder))
    checker = Checker(nlp=load_nlp(), encoder=encoder, processes=args.processes)
    checker.warm()  # what the first article loads, loaded before any worker is forked
    encoder.seconds, encoder.texts = 0.0, 0
    load_seconds = time.perf_counter() - started
    documents = make_articles(args.articles)
    words = sum(len(d.text.split()) for d in documents)
    memory_before = peak_mb()
    print(
        f"{len(documents)} articles ({words} words), models loaded and warm in "
        f"{load_seconds:.1f} s, peak memory so far {memory_before:.0f} MB",
        file=sys.stderr,
    )

    done = 0
    extracted_at = 0.0
    begin = time.perf_counter()

    def tick(n: int) -> None:
        nonlocal done, extracted_at
        done += n
        extracted_at = time.perf_counter() - begin
        if done % 50 == 0 or done == len(documents):
            print(f"extracted {done}/{len(documents)} in {extracted_at:.0f} s", file=sys.stderr)

    report = checker.compare(documents, progress=tick)
    total = time.perf_counter() - begin
    numbers = {
        "articles": len(documents),
        "words": words,
        "claims": len(report.claims),
        "findings": len(report.findings),
        "seconds": round(total, 2),
        "articles_per_second": round(len(documents) / total, 2),
        "extraction_seconds": round(extracted_at, 2),
        "embedding_seconds": round(encoder.seconds, 2),
        "texts_embedded": encoder.texts,
        "match_judge_seconds": round(total - extracted_at - encoder.seconds, 2),
        "peak_memory_mb_before": round(memory_before),
        "peak_memory_mb": round(peak_mb()),
        "parser_processes": args.processes,
        "encoder": args.encoder,
        "peak_memory_mb_parser_worker": round(peak_mb(resource.RUSAGE_CHILDREN)),
    }
    print(f"compare on {len(documents)} articles ({words} words), encoder {args.encoder}:")
    print(f"  {numbers['articles_per_second']:.2f} articles/s, {total:.1f} s in total")
    print(
        f"  extraction {extracted_at:.1f} s, embedding {encoder.seconds:.1f} s "
        f"({encoder.texts} claim texts), matching + judging "
        f"{total - extracted_at - encoder.seconds:.1f} s"
    )
    print(f"  {len(report.claims)} claims, {len(report.findings)} findings")
    print(
        f"  peak memory {numbers['peak_memory_mb']} MB (models loaded: {memory_before:.0f} MB), "
        f"{args.processes} parser process(es), largest worker "
        f"{numbers['peak_memory_mb_parser_worker']} MB"
    )
    if args.ceiling:
        numbers.update(ceiling(checker, documents, report, processes=args.processes))
        parse_rate = len(documents) / numbers["parse_only_seconds"]
        numbers["bare_parse_articles_per_second"] = round(parse_rate, 2)
        numbers["share_of_bare_parse"] = round(len(documents) / total / parse_rate, 2)
        print(
            f"  end to end {len(documents) / total:.2f} articles/s = "
            f"{numbers['share_of_bare_parse']:.2f} x the bare parse ({parse_rate:.2f} articles/s, "
            "same run; the bar: >= 0.8)"
        )
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=1), encoding="utf-8")
    return 0


def ceiling(
    checker: Checker, documents: Sequence[Document], report: Report, *, processes: int
) -> dict[str, float]:
    """The two costs no change to our own code removes: the parse and the encoder.

    Each is timed alone on the same articles (the parse with the same worker
    processes, the encoder on the same claim texts); the articles/s they leave
    when nothing else ran is the ceiling of `compare` on this machine.
    """
    began = time.perf_counter()
    for _ in checker.nlp.pipe((d.body for d in documents), batch_size=32, n_process=processes):
        pass
    parse = time.perf_counter() - began
    texts = [claim_text(c) for c in report.claims]
    began = time.perf_counter()
    checker.encoder.encode(texts)
    encode = time.perf_counter() - began
    best = len(documents) / (parse + encode)
    print(
        f"  ceiling: parse alone {parse:.1f} s, encoder alone {encode:.1f} s "
        f"({len(texts)} texts): at most {best:.2f} articles/s"
    )
    return {
        "parse_only_seconds": round(parse, 2),
        "encode_only_seconds": round(encode, 2),
        "ceiling_articles_per_second": round(best, 2),
    }


if __name__ == "__main__":
    sys.exit(main())

"""Matching and judging alone on the articles of `bench_compare.py`, and a digest of the findings.

    .venv/bin/python bench/bench_match.py                   # 1,000 articles
    .venv/bin/python bench/bench_match.py --articles 300 --profile
    .venv/bin/python bench/bench_match.py --long 1000000    # one invented 1 MB article

Parsing a thousand articles takes a minute or more, and a change to matching
needs many runs, so the extraction (claims and name profiles) is kept in a
cache file under the system's temporary folder, keyed by the articles (`--reparse`
after a change to extraction); what follows it (contexts with their measures and
vectors, candidates, checks, pair model, judging) runs every time.

Printed: the seconds of each stage (contexts, candidate pairs, scoring,
best per document, judging and grouping), the numbers of candidates and
findings, and a SHA-256 digest of the findings as JSON: two runs give the same
digest exactly when they give the same findings, which is how a speed change is
shown not to change results. `--profile` adds the cProfile top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import pickle
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from factcheck.embed import DEFAULT_ENCODER, ENCODERS, load_encoder  # noqa: E402
from factcheck.extract import Extraction  # noqa: E402
from factcheck.ingest import document_from_text  # noqa: E402
from factcheck.judge import group_findings, judge  # noqa: E402
from factcheck.matching import match as match_module  # noqa: E402
from factcheck.matching.candidates import candidate_rows  # noqa: E402
from factcheck.model import Document  # noqa: E402
from factcheck.nlp import load_nlp  # noqa: E402
from factcheck.pipeline import Checker, _stories  # noqa: E402


def cached_extractions(
    checker: Checker, documents: list[Document], *, reparse: bool = False
) -> list[Extraction]:
    """The extractions of `documents`: from the cache when these articles were parsed
    before (and `reparse` is not asked), else parsed now and cached."""
    key = hashlib.sha256()
    for document in documents:
        key.update(document.id.encode() + b"\0" + document.text.encode() + b"\0")
    path = Path(tempfile.gettempdir()) / f"factcheck-bench-match-{key.hexdigest()[:16]}.pickle"
    if path.exists() and not reparse:
        return pickle.loads(path.read_bytes())
    began = time.perf_counter()
    extractions = checker.extract(documents)
    print(f"extracted {len(documents)} articles in {time.perf_counter() - began:.1f} s (cached)")
    path.write_bytes(pickle.dumps(extractions))
    return extractions


def run(checker: Checker, documents: list[Document], extractions: list[Extraction]) -> dict:
    """Every stage after extraction, timed, as `Checker.findings` runs them."""
    settings = checker.settings
    times: dict[str, float] = {}
    began = time.perf_counter()
    names = {d.id: e.names for d, e in zip(documents, extractions, strict=True)}
    stories = _stories(names, {})
    contexts = checker.contexts(documents, [e.claims for e in extractions], stories=stories)
    times["contexts"] = time.perf_counter() - began
    began = time.perf_counter()
    a, b = candidate_rows(contexts, settings)
    times["candidates"] = time.perf_counter() - began
    began = time.perf_counter()
    scored = match_module.scored_row_matches(contexts, a, b, settings, processes=checker.processes)
    times["scoring"] = time.perf_counter() - began
    began = time.perf_counter()
    matches = match_module.best_per_document(scored)
    times["best_per_document"] = time.perf_counter() - began
    began = time.perf_counter()
    findings = group_findings([judge(m) for m in matches])
    times["judging"] = time.perf_counter() - began
    text = json.dumps([f.to_dict() for f in findings], sort_keys=True, default=str)
    return {
        "claims": len(contexts),
        "candidates": len(a),
        "scored": len(scored),
        "findings": len(findings),
        "digest": hashlib.sha256(text.encode()).hexdigest()[:16],
        "seconds": {k: round(v, 2) for k, v in times.items()},
        "total_seconds": round(sum(times.values()), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--long", type=int, metavar="CHARS", help="one invented long article")
    parser.add_argument("--encoder", choices=ENCODERS, default=DEFAULT_ENCODER)
    parser.add_argument("--profile", action="store_true", help="print the cProfile top 30")
    parser.add_argument("--reparse", action="store_true", help="parse again, not from the cache")
    parser.add_argument(
        "--processes", type=int, default=2, help="parser and scoring processes (default 2)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the numbers to FILE")
    args = parser.parse_args()

    nlp = load_nlp()
    checker = Checker(nlp=nlp, encoder=load_encoder(args.encoder), processes=args.processes)
    if args.long:
        from bench_long import article

        nlp.max_length = max(nlp.max_length, args.long + 1)
        documents = [document_from_text(article(args.long), doc_id=f"long-{args.long}")]
    else:
        from bench_compare import make_articles

        documents = make_articles(args.articles)
    extractions = cached_extractions(checker, documents, reparse=args.reparse)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    numbers = run(checker, documents, extractions)
    if profiler:
        profiler.disable()
    print(json.dumps(numbers))
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

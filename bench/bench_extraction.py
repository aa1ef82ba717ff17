"""How fast is claim extraction, and what does it cost on top of spaCy parsing?

    .venv/bin/python bench/bench_extraction.py [--batch 200] [--runs 5]

Two numbers for our extractor and the same two for bare spaCy on the same texts:

- latency: seconds for the seed article, warm (median of `--runs` after one warm-up);
- throughput: articles per second on a batch of ECB+ dev articles (the first
  `--batch` texts of docs.jsonl, read in place from the shared data folder).

The ratio ours/bare is the cost of figures, attribution and claim building over
the parse itself. Timings belong here, never in unit tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script from any directory: the package is imported from this checkout.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factcheck.eval.gold import shared_dir  # noqa: E402
from factcheck.extract import extract_all, extract_claims  # noqa: E402
from factcheck.ingest import document_from_text  # noqa: E402
from factcheck.nlp import load_nlp  # noqa: E402

SEED = shared_dir() / "seeds" / "000_66e9cc6d0f1db5b5.txt"
ECB_DOCS = shared_dir() / "data" / "ecbplus-dev" / "docs.jsonl"


def median_seconds(run: Callable[[], object], *, runs: int) -> float:
    """Median wall time of `runs` calls after one untimed warm-up call."""
    run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def first_texts(path: Path, n: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if len(texts) == n:
                break
            texts.append(json.loads(line)["text"])
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=200, help="articles in the batch run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the seed article")
    args = parser.parse_args()
    for path in (SEED, ECB_DOCS):
        if not path.exists():
            print(f"missing {path}: the shared data folder is needed", file=sys.stderr)
            return 1

    started = time.perf_counter()
    nlp = load_nlp()
    print(f"spaCy model loaded in {time.perf_counter() - started:.2f} s")

    seed = document_from_text(SEED.read_text(encoding="utf-8"), doc_id="seed")
    ours_seed = median_seconds(lambda: extract_claims(seed, nlp=nlp), runs=args.runs)
    bare_seed = median_seconds(lambda: nlp(seed.body), runs=args.runs)

    documents = [
        document_from_text(text, doc_id=f"ecb{i}")
        for i, text in enumerate(first_texts(ECB_DOCS, args.batch))
    ]
    words = sum(len(d.body.split()) for d in documents)
    bodies = [d.body for d in documents]
    bare_batch = seconds(lambda: list(nlp.pipe(bodies, batch_size=32)))
    ours_batch = seconds(lambda: extract_all(documents, nlp=nlp, batch_size=32))
    n = len(documents)

    print(f"seed article: {len(seed.body.split())} words; batch: {n} ECB+ articles, {words} words")
    print(f"{'':28}{'ours':>10}{'bare spaCy':>12}{'time ours/bare':>16}")
    print(
        f"{'seed, s/article (warm)':28}{ours_seed:>10.3f}{bare_seed:>12.3f}"
        f"{ours_seed / bare_seed:>16.2f}"
    )
    print(
        f"{f'batch of {n}, articles/s':28}{n / ours_batch:>10.1f}{n / bare_batch:>12.1f}"
        f"{ours_batch / bare_batch:>16.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast is the claim index at scale? Build N synthetic claims, then time queries.

    .venv/bin/python bench/bench_index.py              # 100,000 claims
    .venv/bin/python bench/bench_index.py --claims 20000 --queries 200

Claims are made from templates (no article text, no model needed): vectors
come from the hashing test encoder at the real model's width (384), so the
FAISS search does exactly the work it does in production. Reported: build
time, reopen time, latency p50/p95 of `nearest` (random unit vectors, k=10),
`lexical` and hybrid `search`, and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck.embed import HashingEncoder
from factcheck.model import Claim, Document
from factcheck.store import ClaimIndex

NOUNS = ["rockets", "people", "soldiers", "drones", "protesters", "votes", "homes", "cases"]
VERBS = ["landed near", "gathered in", "were counted in", "were reported in", "hit"]
PLACES = [
    f"{a}{b}"
    for a in ("North", "South", "Lake", "Hill", "River", "Stone", "Oak", "Ash")
    for b in ("ton", "field", "port", "ford", "bury", "wick", "dale", "mouth", "gate")
]
PLACES += [f"the {p} air base" for p in PLACES[:20]]
SPEAKERS = ["a police spokesman", "the ministry", "organisers", "a local official"]
CLAIMS_PER_DOCUMENT = 10


def synthetic(n_claims: int, seed: int) -> Iterator[tuple[Document, list[Claim]]]:
    """Documents of ten one-figure sentences each, with offsets that point at the figure."""
    rng = random.Random(seed)
    for d in range(-(-n_claims // CLAIMS_PER_DOCUMENT)):
        doc_id = f"doc{d:06d}"
        count = min(CLAIMS_PER_DOCUMENT, n_claims - d * CLAIMS_PER_DOCUMENT)
        sentences, spans = [], []
        offset = 0
        for _ in range(count):
            figure = str(rng.randint(2, 90_000))
            noun, verb, place = rng.choice(NOUNS), rng.choice(VERBS), rng.choice(PLACES)
            sentence = f"{rng.choice(SPEAKERS).capitalize()} said {figure} {noun} {verb} {place}."
            start = offset + sentence.index(figure)
            sentences.append(sentence)
            spans.append((offset, start, figure, noun, verb.split()[0], place))
            offset += len(sentence) + 1
        text = " ".join(sentences)
        document = Document(id=doc_id, text=text, source=f"outlet{d % 20}")
        claims = [
            Claim(
                id=f"{doc_id}:{i}",
                doc_id=doc_id,
                sentence=sentences[i],
                start=start,
                end=start + len(figure),
                value=float(figure),
                low=float(figure),
                high=float(figure),
                qualifier="exact",
                figure_text=figure,
                unit=None,
                noun=noun,
                predicate=verb,
                places=(place,),
                sentence_start=sentence_start,
            )
            for i, (sentence_start, start, figure, noun, verb, place) in enumerate(spans)
        ]
        yield document, claims


def latencies(call: Callable[[int], object], n: int) -> tuple[float, float, float, float]:
    """Wall-clock and CPU p50/p95 in milliseconds over `n` calls (after a warm-up).

    CPU time is the calling thread's: on a shared machine it shows the cost of
    a query without the time spent waiting for a core.
    """
    for i in range(5):
        call(i)
    wall, cpu = [], []
    for i in range(n):
        start, start_cpu = time.perf_counter(), time.thread_time()
        call(i)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    w, c = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return w[49], w[94], c[49], c[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="index directory (default: a temporary one)")
    args = parser.parse_args()

    encoder = HashingEncoder(dim=384)
    with tempfile.TemporaryDirectory() as scratch:
        path = args.dir or Path(scratch) / "index"
        start = time.perf_counter()
        with ClaimIndex.open(path, encoder=encoder) as index:
            index.add_many(synthetic(args.claims, args.seed), batch_size=1024)
        build = time.perf_counter() - start

        start = time.perf_counter()
        index = ClaimIndex.open(path, encoder=encoder)
        reopen = time.perf_counter() - start
        rng = np.random.default_rng(args.seed)
        queries = rng.standard_normal((args.queries, encoder.dim)).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        text = [f"{n} {p}" for n in NOUNS for p in PLACES]
        k = args.k
        rows = [
            (
                f"nearest (kNN, k={k})",
                latencies(lambda i: index.nearest(queries[i], k=k), args.queries),
            ),
            ("lexical (BM25)", latencies(lambda i: index.lexical(text[i % len(text)], k=k), 200)),
            ("search (hybrid)", latencies(lambda i: index.search(text[i % len(text)], k=k), 200)),
        ]
        stats = index.stats()
        index.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"index: {stats['claims']:,} claims in {stats['documents']:,} documents, dim {stats['dim']}"
    )
    print(f"build {build:.1f} s, reopen {reopen * 1000:.0f} ms, peak RSS {peak_mb:.0f} MB")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    header = ("query", "wall p50", "wall p95", "cpu p50", "cpu p95")
    print(f"{header[0]:<22}" + "".join(f"{h:>10}" for h in header[1:]) + "   (ms)")
    for name, values in rows:
        print(f"{name:<22}" + "".join(f"{v:>10.2f}" for v in values))


if __name__ == "__main__":
    main()

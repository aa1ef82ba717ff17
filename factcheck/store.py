"""The persisted claim index: SQLite for documents and claims, FAISS for their vectors.

Layout of an index directory:

- `manifest.json`: `{"format": "factcheck-index", "version": 1, "model": ..., "dim": ...,
  "encoder": {"name": ..., "dim": ..., "weights": ...}, "claim_text_version": ...}`.
  It names the encoder that made the vectors (with a hash of its weights, so
  another build of the same model is told apart; manifests from before the
  field are matched by name and dimension) and the version of
  `embed.claim_text` they were made from (absent: 1); opening with another
  encoder, or with a factcheck whose `claim_text` has another version, is
  refused with the advice to run `reindex`, because such vectors are not
  comparable with new ones. `reembed` upgrades an index to the current
  version and to the encoder it was opened with.
- `claims.sqlite`: tables `documents` (full text, content hash) and `claims`
  (the Claim as JSON plus the indexed columns `doc_id` and `source`), and the
  FTS5 table `claims_fts` (sentence, speaker, noun, predicate, places) whose
  BM25 ranking is the lexical half of the hybrid search.
- `vectors.faiss`: `IndexIDMap2(IndexFlatIP(dim))` whose ids are the `vid`
  (rowid) of `claims`. Vectors are unit length, so inner product is cosine;
  a flat index is exact and takes milliseconds at 100k claims.

Why the files stay consistent (the one invariant: every claim in SQLite has a
vector, and FAISS may hold extra vectors, never fewer):

- Writers hold `filelock.FileLock(dir/.lock)` for the whole write; a second
  writer waits. Readers take no lock (SQLite runs in WAL mode, and the FAISS
  file is only ever replaced whole), and reload the FAISS file when it changed.
- Adding: rows are inserted in one SQLite transaction, the new vectors are
  written to `vectors.faiss.tmp` and moved into place with `os.replace`, and
  only then is the transaction committed. A crash before the replace leaves
  both files as they were; a crash between replace and commit leaves FAISS
  with vectors for rows SQLite never committed.
- Removing: SQLite commits first, then FAISS is rewritten; a crash between
  again only leaves extra vectors.
- Opening reconciles: vectors whose id SQLite does not know are dropped, and
  (only if someone deleted or swapped `vectors.faiss`) claims without a vector
  are embedded again. `vid` is AUTOINCREMENT, so an id is never reused and a
  stale vector can never be mistaken for a newer claim.
- Re-embedding (`reembed`, after `claim_text` changed): every claim row is
  embedded again into a new FAISS index, which replaces `vectors.faiss` as
  above; only then is the manifest rewritten (tmp file + `os.replace`) with
  the new claim text version. A crash in between leaves new vectors under the
  old version, which is refused again with the same advice, so running the
  upgrade again finishes it. No row is written.

A directory that holds anything else (files but no manifest, a manifest of
another format, an unreadable database or vector file) is refused with a
message and never written to.

Damage found later is refused the same way. Every method that reads SQLite
turns SQLite's "corrupt" and "not a database" errors into that message,
wherever in the file the damaged page sits (reconcile included). A full
`PRAGMA quick_check` reads the whole file (about 1.7 s at 150,000 claims), so
it runs once per handle before its first write, not on every open: a reader
reports a damaged page when it meets one, and a writer never writes into a
damaged file. A damaged `vectors.faiss` loses nothing that SQLite does not
hold: `open(..., repair=True)` and `reembed` (the `reindex` command) rebuild
it from the stored claims.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shlex
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import faiss
import filelock
import numpy as np

from factcheck.embed import BATCH_SIZE, CLAIM_TEXT_VERSION, Encoder, claim_text
from factcheck.errors import IndexError_, InputError
from factcheck.model import Claim, Document

FORMAT = "factcheck-index"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "claims.sqlite"
VECTORS = "vectors.faiss"
LOCK = ".lock"
IGNORED = frozenset({"README.md", ".gitkeep", LOCK})
"""Files that may sit in an empty index directory (the repo's `index/` ships a README)."""

RRF_K = 60
"""Reciprocal rank fusion constant: the usual value, which damps the weight of rank 1."""

NO_SOURCE = "(no source)"
_SMALL_BATCH = 20  # below this many query rows, search single-threaded
_CHUNK = 500  # ids per `IN (...)` query, well under SQLite's variable limit
_WORD = re.compile(r"\w+", re.UNICODE)
# fmt: off
_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "had", "has",
    "have", "in", "is", "it", "its", "of", "on", "or", "said", "says", "than", "that", "the",
    "their", "they", "this", "to", "was", "were", "will", "with",
})
# fmt: on
"""Words that match most claims: they add nothing to BM25 but make it score every row."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT,
    published TEXT,
    url TEXT,
    title TEXT,
    body_start INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE TABLE IF NOT EXISTS claims (
    vid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    source TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id);
CREATE INDEX IF NOT EXISTS claims_source ON claims(source);
CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
    sentence, speaker, noun, predicate, places,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""
_NAMES_SCHEMA = """
CREATE TABLE IF NOT EXISTS document_names (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    name TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (doc_id, name)
);
"""
"""Each document's name profile (`story.py`); added after version 1 shipped, so an index
without it gains the table on open and its older documents simply have no profile."""
_TABLES = frozenset({"documents", "claims", "claims_fts"})
_CORRUPTION = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""SQLite's names for a damaged file; "locked", "busy" and constraint errors are not damage."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(
    method: Callable[Concatenate[ClaimIndex, _P], _R],
) -> Callable[Concatenate[ClaimIndex, _P], _R]:
    """Report a damaged SQLite page met by `method` as a corrupt index, not a crash.

    A page can be damaged anywhere in the file, so any read may be the first to
    meet it; each public method is wrapped rather than only the first query.
    """

    @functools.wraps(method)
    def wrapper(self: ClaimIndex, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                raise _corrupt_database(self.path, exc) from exc
            raise

    return wrapper


@dataclass(frozen=True)
class Added:
    """What one `add_batch` call itself stored (another writer's rows never count here)."""

    documents: int
    claims: int
    skipped: int
    """Documents whose text was already stored, by an earlier run or a concurrent one."""


class ClaimIndex:
    """Documents, claims and claim vectors in one directory; see the module docstring.

    Open with `ClaimIndex.open(path, encoder=...)`; use as a context manager or
    call `close()`. One instance may be shared between threads.
    """

    def __init__(
        self, path: Path, *, encoder: Encoder, manifest: dict[str, Any], lock_timeout: float
    ) -> None:
        self.path = path
        self.encoder = encoder
        self.manifest = manifest
        self._lock = filelock.FileLock(str(path / LOCK), timeout=lock_timeout)
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._vectors: Any = None
        self._vectors_stamp: tuple[int, int, int] | None = None
        self._names: dict[str, dict[str, int]] | None = None
        self._names_version: int | None = None
        self._checked = False  # `PRAGMA quick_check` passed (see `_check_integrity`)
        self.damaged_vectors: str | None = None
        """Why `vectors.faiss` could not be used, when opened with `repair=True`."""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        encoder: Encoder,
        create: bool = True,
        lock_timeout: float | None = None,
        allow_stale: bool = False,
        repair: bool = False,
    ) -> ClaimIndex:
        """Open the index at `path`, creating it (and the directory) if `create`.

        `lock_timeout` bounds how long a write waits for another writer
        (None: as long as it takes). Raises `IndexError_` for a directory that
        is not an index, an index made with another model, or a corrupt one,
        and for an index whose vectors are of another claim text version,
        unless `allow_stale`: then it opens so that `reembed` can upgrade it,
        and until then refuses to search or add (its vectors are not
        comparable with new ones).

        A `vectors.faiss` that cannot be read (truncated, overwritten, of another
        width) is refused with the advice to run `reindex`, unless `repair`:
        then the index opens without vectors (`damaged_vectors` says why) and
        refuses to search or add until `reembed` has rebuilt them from the
        stored claims.
        """
        path = Path(path).expanduser()
        timeout = -1.0 if lock_timeout is None else float(lock_timeout)
        if path.exists() and not path.is_dir():
            raise IndexError_(f"{path} is not a directory, so it cannot hold a claim index")
        if not (path / MANIFEST).exists():
            found = _foreign_entries(path)
            if found:
                raise IndexError_(
                    f"{path} is not a factcheck index (found: {', '.join(found)}); "
                    "refusing to touch it"
                )
            if not create:
                raise IndexError_(f"no index at {path} (add documents to create one)")
            path.mkdir(parents=True, exist_ok=True)
            with _acquire(filelock.FileLock(str(path / LOCK), timeout=timeout), path, timeout):
                if not (path / MANIFEST).exists():
                    _write_manifest(path, _new_manifest(encoder))
        manifest = _read_manifest(path)
        _check_manifest(path, manifest, encoder)
        found = _claim_text_version(path, manifest)
        if found > CLAIM_TEXT_VERSION or (found != CLAIM_TEXT_VERSION and not allow_stale):
            raise _stale(path, found)  # a newer factcheck's index is never taken back
        if not allow_stale and _other_encoder(manifest, encoder):
            raise _stale(path, found, manifest=manifest, encoder=encoder)
        index = cls(path, encoder=encoder, manifest=manifest, lock_timeout=timeout)
        try:
            index._load(repair=repair)
        except BaseException:
            index.close()
            raise
        return index

    @_guarded
    def _load(self, *, repair: bool = False) -> None:
        database, vectors = self.path / DATABASE, self.path / VECTORS
        if not database.exists() and vectors.exists():
            raise _corrupt(self.path, f"{DATABASE} is missing but {VECTORS} is there")
        self._conn = sqlite3.connect(
            database, isolation_level=None, check_same_thread=False, timeout=60
        )
        try:
            tables = {
                row[0]
                for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError as exc:  # whatever the code: this file is no index of ours
            raise _corrupt_database(self.path, exc) from exc
        if not tables:  # a fresh index (or one whose first open was interrupted)
            with self._writing():
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.executescript(f"BEGIN;{_SCHEMA}{_NAMES_SCHEMA}COMMIT;")
        elif _TABLES - tables:
            missing = ", ".join(sorted(_TABLES - tables))
            raise _corrupt(self.path, f"{DATABASE} has no table {missing}")
        elif "document_names" not in tables:
            with self._writing():
                self._conn.executescript(f"BEGIN;{_NAMES_SCHEMA}COMMIT;")
        self._conn.execute("PRAGMA foreign_keys=ON")
        if vectors.exists() and not self.stale:
            try:
                self._read_vectors()
            except _DamagedVectors as exc:
                if not repair:
                    raise _damaged_vectors(self.path, str(exc)) from exc
                self.damaged_vectors = str(exc)
                self._vectors = _empty_vectors(self.dim)
        else:  # stale vectors are never searched, and `reembed` rebuilds them from the rows
            self._vectors = _empty_vectors(self.dim)
        if not self.stale and self.damaged_vectors is None:  # else `reembed` rebuilds them all
            self._reconcile(vectors_missing=not vectors.exists())

    def _read_vectors(self) -> None:
        file = self.path / VECTORS
        stamp = _stamp(file)
        try:
            index = faiss.read_index(str(file))
        except RuntimeError as exc:
            raise _DamagedVectors(f"{VECTORS} cannot be read ({_faiss_reason(exc)})") from exc
        if not isinstance(index, faiss.IndexIDMap2) or index.d != self.dim:
            raise _DamagedVectors(
                f"{VECTORS} is a {type(index).__name__} of dimension {index.d}, "
                f"expected an IndexIDMap2 of dimension {self.dim}"
            )
        self._vectors, self._vectors_stamp = index, stamp

    def _refresh_vectors(self) -> None:
        """Reload `vectors.faiss` if another process replaced it since we read it."""
        if self.damaged_vectors is not None:  # nothing to reload until `reembed` rebuilds it
            return
        stamp = _stamp(self.path / VECTORS)
        if stamp is not None and stamp != self._vectors_stamp:
            try:
                self._read_vectors()
            except _DamagedVectors as exc:
                raise _damaged_vectors(self.path, str(exc)) from exc

    def _reconcile(self, *, vectors_missing: bool) -> None:
        """Restore the invariant after a crash: drop unknown vectors, embed missing ones."""
        if not vectors_missing and not _difference(self._db_vids(), self._faiss_vids()):
            return
        with self._writing():  # re-check under the lock: a writer may have been mid-commit
            db, stored = self._db_vids(), self._faiss_vids()
            extra = np.setdiff1d(stored, db)
            missing = np.setdiff1d(db, stored)
            if extra.size:
                self._vectors.remove_ids(extra)
            if missing.size:
                rows = self._rows_by_vid(missing.tolist())
                texts = [claim_text(claim) for _, claim in rows]
                vids = np.array([vid for vid, _ in rows], dtype=np.int64)
                self._vectors.add_with_ids(self._encode(texts), vids)
            if extra.size or missing.size or not (self.path / VECTORS).exists():
                self._save_vectors()

    # -- writing -----------------------------------------------------------------

    def add(
        self,
        document: Document,
        claims: Sequence[Claim],
        *,
        names: Mapping[str, int] | None = None,
    ) -> bool:
        """Store a document, its claims and its name profile; False if its text is stored."""
        profiles = {document.id: names} if names is not None else None
        return self.add_many([(document, claims)], names=profiles) == 1

    def add_many(
        self,
        items: Iterable[tuple[Document, Sequence[Claim]]],
        *,
        names: Mapping[str, Mapping[str, int]] | None = None,
        batch_size: int = 256,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Store many documents in one atomic commit; returns how many were new.

        See `add_batch`, which also says how many claims this call stored.
        """
        return self.add_batch(
            items, names=names, batch_size=batch_size, progress=progress
        ).documents

    @_guarded
    def add_batch(
        self,
        items: Iterable[tuple[Document, Sequence[Claim]]],
        *,
        names: Mapping[str, Mapping[str, int]] | None = None,
        batch_size: int = 256,
        progress: Callable[[int], None] | None = None,
    ) -> Added:
        """Store many documents in one atomic commit; returns what this call stored.

        Documents already stored (same text, by content hash) are skipped.
        `names` maps document ids to their name profiles (`story.py`).
        Claim texts are embedded `batch_size` at a time; `progress` is called
        with the number of documents handled so far. The counts are of the
        rows this call inserted, so they stay right while another process
        writes too (counting the index before and after would count its rows).
        """
        names = names or {}
        conn = self._connection()
        self._require_current()
        with self._writing():
            self._check_integrity()
            added_vids: list[int] = []
            pending: list[tuple[int, str]] = []
            new_documents = handled = 0
            conn.execute("BEGIN IMMEDIATE")
            try:
                for document, claims in items:
                    handled += 1
                    if self._insert(document, claims, pending, names.get(document.id)):
                        new_documents += 1
                    if len(pending) >= batch_size:
                        added_vids += self._embed_pending(pending, batch_size)
                    if progress is not None:
                        progress(handled)
                added_vids += self._embed_pending(pending, batch_size)
                if added_vids:
                    self._save_vectors()
                conn.execute("COMMIT")
                self._names = None
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if added_vids:  # the DB forgot these rows; so must the vectors in memory
                    self._vectors.remove_ids(np.array(added_vids, dtype=np.int64))
                raise
        return Added(
            documents=new_documents, claims=len(added_vids), skipped=handled - new_documents
        )

    def _check_integrity(self) -> None:
        """Refuse to write into a damaged database file (once per handle; see the module doc).

        Called under the write lock, before the first write of this handle.
        """
        if self._checked:
            return
        try:
            problems = [row[0] for row in self._connection().execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            raise _corrupt_database(self.path, exc) from exc
        if problems != ["ok"]:
            first = problems[0] if problems else "no answer"
            raise _corrupt(self.path, f"{DATABASE} fails its integrity check ({first})")
        self._checked = True

    def _insert(
        self,
        document: Document,
        claims: Sequence[Claim],
        pending: list[tuple[int, str]],
        names: Mapping[str, int] | None,
    ) -> bool:
        conn = self._connection()
        digest = document.content_hash
        if conn.execute("SELECT 1 FROM documents WHERE content_hash=?", (digest,)).fetchone():
            return False
        if conn.execute("SELECT 1 FROM documents WHERE id=?", (document.id,)).fetchone():
            raise InputError(
                f"document id {document.id!r} is already in the index at {self.path} "
                "with a different text; give the new article another id"
            )
        conn.execute(
            "INSERT INTO documents (id, content_hash, source, published, url, title, body_start,"
            " text, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document.id,
                digest,
                document.source,
                document.published,
                document.url,
                document.title,
                document.body_start,
                document.text,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        conn.executemany(
            "INSERT INTO document_names (doc_id, name, count) VALUES (?, ?, ?)",
            [(document.id, name, int(count)) for name, count in (names or {}).items()],
        )
        for claim in claims:
            if claim.doc_id != document.id:
                raise ValueError(f"claim {claim.id} belongs to {claim.doc_id}, not {document.id}")
            try:
                cursor = conn.execute(
                    "INSERT INTO claims (id, doc_id, source, data) VALUES (?, ?, ?, ?)",
                    (claim.id, claim.doc_id, document.source, json.dumps(claim.to_dict())),
                )
            except sqlite3.IntegrityError as exc:
                raise InputError(
                    f"claim id {claim.id!r} (document {document.id!r}) is already in the index "
                    f"at {self.path}"
                ) from exc
            vid = int(cursor.lastrowid or 0)
            conn.execute(
                "INSERT INTO claims_fts (rowid, sentence, speaker, noun, predicate, places)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    vid,
                    claim.sentence,
                    " ".join(p for p in (claim.speaker, claim.speaker_role) if p),
                    claim.noun or "",
                    claim.predicate or "",
                    " ; ".join(claim.places),
                ),
            )
            pending.append((vid, claim_text(claim)))
        return True

    def _embed_pending(self, pending: list[tuple[int, str]], batch_size: int) -> list[int]:
        if not pending:
            return []
        vids = np.array([vid for vid, _ in pending], dtype=np.int64)
        vectors = self._encode([text for _, text in pending], batch_size=batch_size)
        self._vectors.add_with_ids(vectors, vids)
        pending.clear()
        return vids.tolist()

    def remove_source(self, source: str | None) -> int:
        """Remove every document of `source` with its claims and vectors; returns how many.

        `None` removes the documents that were added without a source (listed
        by `stats` as `NO_SOURCE`).
        """
        return self._remove("source IS ?", source)

    def remove_document(self, doc_id: str) -> int:
        """Remove one document by id with its claims and vectors; returns 1, or 0 if unknown."""
        return self._remove("id = ?", doc_id)

    @_guarded
    def _remove(self, where: str, value: str | None) -> int:
        """Remove the documents matching `where` (a condition on `documents`, one parameter)."""
        conn = self._connection()
        with self._writing():
            self._check_integrity()
            conn.execute("BEGIN IMMEDIATE")
            try:
                selected = f"SELECT id FROM documents WHERE {where}"
                vids = [
                    r[0]
                    for r in conn.execute(
                        f"SELECT vid FROM claims WHERE doc_id IN ({selected})", (value,)
                    )
                ]
                for chunk in _chunks(vids):
                    marks = ",".join("?" * len(chunk))
                    conn.execute(f"DELETE FROM claims_fts WHERE rowid IN ({marks})", chunk)
                conn.execute(f"DELETE FROM claims WHERE doc_id IN ({selected})", (value,))
                conn.execute(f"DELETE FROM document_names WHERE doc_id IN ({selected})", (value,))
                removed = conn.execute(f"DELETE FROM documents WHERE {where}", (value,)).rowcount
                conn.execute("COMMIT")
                self._names = None
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if vids:  # after the commit: a crash here only leaves extra vectors
                self._vectors.remove_ids(np.array(vids, dtype=np.int64))
                self._save_vectors()
        return removed

    @_guarded
    def reembed(
        self, *, batch_size: int = 256, progress: Callable[[int], None] | None = None
    ) -> int:
        """Embed every stored claim again with today's `claim_text`; returns how many.

        The upgrade after `embed.CLAIM_TEXT_VERSION` changed (open the index with
        `allow_stale=True`; `python -m factcheck reindex` does this). Claims are
        read back from their rows and embedded `batch_size` at a time; `progress`
        is called with the number of claims embedded so far. The new vectors
        replace the file whole, and only then does the manifest record the new
        version: an interrupted upgrade leaves an index that is refused as stale
        until this runs again. Documents, claims and name profiles are not written.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        conn = self._connection()
        with self._writing():
            self._check_integrity()
            manifest = _read_manifest(self.path)  # as on disk now, under the lock
            _check_manifest(self.path, manifest, self.encoder)
            # Let the stale vectors go before building new ones (at a few million claims they
            # are gigabytes); with no stamp, a failure below rereads whatever file is on disk.
            self._vectors, self._vectors_stamp = _empty_vectors(self.dim), None
            fresh = _empty_vectors(int(self.encoder.dim))  # the new encoder's, if it changed
            done = 0
            query = "SELECT vid, data FROM claims ORDER BY vid"
            with contextlib.closing(conn.execute(query)) as rows:
                while batch := rows.fetchmany(batch_size):
                    texts = [claim_text(Claim.from_dict(json.loads(data))) for _, data in batch]
                    vids = np.array([vid for vid, _ in batch], dtype=np.int64)
                    fresh.add_with_ids(self._encode(texts), vids)
                    done += len(batch)
                    if progress is not None:
                        progress(done)
            self._vectors = fresh
            self._save_vectors()
            self.damaged_vectors = None
            upgraded = {
                **manifest,
                **_encoder_fields(self.encoder),
                "claim_text_version": CLAIM_TEXT_VERSION,
                "reembedded": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            _write_manifest(self.path, upgraded)
            self.manifest = upgraded
        return done

    def _save_vectors(self) -> None:
        """Write the vectors next to the live file, then swap them in atomically."""
        final = self.path / VECTORS
        _replace_file(final, lambda temporary: faiss.write_index(self._vectors, str(temporary)))
        self._vectors_stamp = _stamp(final)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        with self._mutex, _acquire(self._lock, self.path, self._lock_timeout):
            if self._vectors is not None:
                self._refresh_vectors()
            yield

    # -- reading -----------------------------------------------------------------

    @_guarded
    def search(self, query: str, *, k: int = 10) -> list[tuple[Claim, float]]:
        """Claims relevant to `query`: vector kNN and BM25, fused by reciprocal rank.

        The fused score is sum(1 / (60 + rank)) over the two rankings, so a
        claim found by both ranks above one found by either alone.
        """
        if not _WORD.search(query) or k < 1:
            return []
        self._require_current()
        pool = max(4 * k, 50)
        vector_hits = self.nearest(self._encode([query]), k=pool)[0]
        fused: dict[str, float] = {}
        for hits in (vector_hits, self.lexical(query, k=pool)):
            for rank, (claim_id, _) in enumerate(hits, start=1):
                fused[claim_id] = fused.get(claim_id, 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        claims = {claim.id: claim for claim in self.claims([claim_id for claim_id, _ in best])}
        return [(claims[cid], score) for cid, score in best if cid in claims]

    @_guarded
    def nearest(self, vectors: np.ndarray, *, k: int = 10) -> list[list[tuple[str, float]]]:
        """For each row of `vectors` (unit length), the k nearest claim ids and their cosine."""
        queries = np.ascontiguousarray(vectors, dtype=np.float32)
        if queries.ndim == 1:
            queries = queries.reshape(1, -1)
        if queries.ndim != 2 or queries.shape[1] != self.dim:
            raise ValueError(f"query vectors must have shape (n, {self.dim}), got {vectors.shape}")
        self._require_current()
        with self._mutex:
            self._connection()
            self._refresh_vectors()
            total = int(self._vectors.ntotal)
            if total == 0 or k < 1 or len(queries) == 0:
                return [[] for _ in range(len(queries))]
            # A few queries run best on one thread: waking a second OpenMP thread
            # costs more than it saves, and much more on a busy machine.
            threads = 1 if len(queries) < _SMALL_BATCH else faiss.omp_get_max_threads()
            with _omp_threads(threads):
                scores, vids = self._vectors.search(queries, min(k, total))
            names = self._ids_by_vid(np.unique(vids[vids >= 0]).tolist())
        return [
            [(names[v], float(s)) for v, s in zip(row_vids, row_scores, strict=True) if v in names]
            for row_vids, row_scores in zip(vids.tolist(), scores.tolist(), strict=True)
        ]

    @_guarded
    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of claims `ids` (ids without a vector are left out).

        Matching a new article against stored claims reads their vectors back
        instead of embedding their texts again.
        """
        self._require_current()
        with self._mutex:
            conn = self._connection()
            self._refresh_vectors()
            vids: dict[str, int] = {}
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                vids.update(
                    conn.execute(f"SELECT id, vid FROM claims WHERE id IN ({marks})", chunk)
                )
            found: dict[str, np.ndarray] = {}
            for claim_id, vid in vids.items():
                try:
                    found[claim_id] = self._vectors.reconstruct(int(vid))
                except RuntimeError:  # a row whose vector is missing (see _reconcile)
                    continue
        return found

    @_guarded
    def lexical(self, query: str, *, k: int = 10) -> list[tuple[str, float]]:
        """BM25 over claim sentences, speakers, nouns and places (higher is better).

        Every word of the query is quoted, so user text ("AND", "-", unbalanced
        quotes) is always a valid FTS5 query. Stopwords are dropped unless the
        query has nothing else. Claims with every word come first; only if
        there are fewer than k of them are claims with some of the words
        added: ranking all partial matches of common words is what makes
        BM25 slow, and they rarely beat a claim that has every word.
        """
        words = list(dict.fromkeys(_WORD.findall(query.lower())))
        words = [word for word in words if word not in _STOPWORDS] or words
        if not words or k < 1:
            return []
        quoted = [f'"{word}"' for word in words]
        with self._mutex:
            hits = self._bm25(" AND ".join(quoted), k)
            if len(hits) < k and len(quoted) > 1:
                seen = {claim_id for claim_id, _ in hits}
                more = [hit for hit in self._bm25(" OR ".join(quoted), k) if hit[0] not in seen]
                hits += more[: k - len(hits)]
        return hits

    def _bm25(self, expression: str, k: int) -> list[tuple[str, float]]:
        rows = self._connection().execute(
            "SELECT c.id, f.score FROM (SELECT rowid, bm25(claims_fts) AS score FROM claims_fts"
            " WHERE claims_fts MATCH ? ORDER BY score LIMIT ?) AS f"
            " JOIN claims c ON c.vid = f.rowid ORDER BY f.score",
            (expression, k),
        )
        return [(claim_id, -float(score)) for claim_id, score in rows]

    @_guarded
    def claims(self, ids: Sequence[str] | None = None) -> list[Claim]:
        """All claims in insertion order, or those of `ids` in that order (unknown ids skipped)."""
        with self._mutex:
            conn = self._connection()
            if ids is None:
                rows = conn.execute("SELECT data FROM claims ORDER BY vid")
                return [Claim.from_dict(json.loads(data)) for (data,) in rows]
            found: dict[str, Claim] = {}
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                for claim_id, data in conn.execute(
                    f"SELECT id, data FROM claims WHERE id IN ({marks})", chunk
                ):
                    found[claim_id] = Claim.from_dict(json.loads(data))
        return [found[claim_id] for claim_id in ids if claim_id in found]

    @_guarded
    def claims_of_documents(self, doc_ids: Sequence[str]) -> dict[str, list[Claim]]:
        """Every stored claim of each of `doc_ids`, in the order they were added."""
        found: dict[str, list[Claim]] = {doc_id: [] for doc_id in doc_ids}
        with self._mutex:
            conn = self._connection()
            for chunk in _chunks(list(dict.fromkeys(doc_ids))):
                marks = ",".join("?" * len(chunk))
                for doc_id, data in conn.execute(
                    f"SELECT doc_id, data FROM claims WHERE doc_id IN ({marks}) ORDER BY vid", chunk
                ):
                    found[doc_id].append(Claim.from_dict(json.loads(data)))
        return found

    @_guarded
    def names(self) -> dict[str, dict[str, int]]:
        """Document id -> name profile, for every stored document that has one.

        Read once and kept until this index, or another process, writes.
        """
        with self._mutex:
            conn = self._connection()
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if self._names is None or self._names_version != version:
                profiles: dict[str, dict[str, int]] = {}
                for doc_id, name, count in conn.execute(
                    "SELECT doc_id, name, count FROM document_names"
                ):
                    profiles.setdefault(doc_id, {})[name] = count
                self._names, self._names_version = profiles, version
            return self._names

    @_guarded
    def documents(self) -> list[Document]:
        """Every stored document, with its full text, in insertion order."""
        with self._mutex:
            rows = self._connection().execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY rowid"
            )
            return [_document(row) for row in rows]

    @_guarded
    def document(self, doc_id: str) -> Document | None:
        with self._mutex:
            row = (
                self._connection()
                .execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id=?", (doc_id,))
                .fetchone()
            )
        return None if row is None else _document(row)

    @_guarded
    def stats(self) -> dict[str, Any]:
        """Counts for a status line: documents, claims, documents per source, model."""
        with self._mutex:
            conn = self._connection()
            self._refresh_vectors()
            documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
            sources = {
                (name if name is not None else NO_SOURCE): count
                for name, count in conn.execute(
                    "SELECT source, count(*) FROM documents GROUP BY source ORDER BY source"
                )
            }
            vectors = int(self._vectors.ntotal)
        return {
            "documents": documents,
            "claims": claims,
            "vectors": vectors,
            "sources": sources,
            "model": self.manifest["model"],
            "dim": self.dim,
            "path": str(self.path),
        }

    @property
    def dim(self) -> int:
        return int(self.manifest["dim"])

    @property
    def claim_text_version(self) -> int:
        """The version of `embed.claim_text` the stored vectors were made from."""
        return _claim_text_version(self.path, self.manifest)

    @property
    def stale(self) -> bool:
        """True while the vectors are of another claim text version or another encoder than
        the one this index was opened with (see `reembed`)."""
        return self.claim_text_version != CLAIM_TEXT_VERSION or bool(
            _other_encoder(self.manifest, self.encoder)
        )

    # -- plumbing ----------------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._vectors = None

    def __enter__(self) -> ClaimIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ClaimIndex({str(self.path)!r}, model={self.manifest.get('model')!r})"

    def _require_current(self) -> None:
        """Refuse to compare or add vectors while the stored ones are stale or damaged."""
        if self.damaged_vectors is not None:
            raise _damaged_vectors(self.path, self.damaged_vectors)
        if self.stale:
            raise _stale(
                self.path, self.claim_text_version, manifest=self.manifest, encoder=self.encoder
            )

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise IndexError_(f"the index at {self.path} is closed")
        return self._conn

    def _encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        vectors = np.ascontiguousarray(
            self.encoder.encode(texts, batch_size=batch_size), dtype=np.float32
        )
        if vectors.shape != (len(texts), int(self.encoder.dim)):
            raise ValueError(
                f"encoder {self.encoder.name} returned shape {vectors.shape}, "
                f"expected ({len(texts)}, {self.encoder.dim})"
            )
        return vectors

    def _db_vids(self) -> np.ndarray:
        rows = self._connection().execute("SELECT vid FROM claims ORDER BY vid").fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def _faiss_vids(self) -> np.ndarray:
        if self._vectors.ntotal == 0:
            return np.zeros(0, dtype=np.int64)
        return np.sort(faiss.vector_to_array(self._vectors.id_map).astype(np.int64))

    def _ids_by_vid(self, vids: list[int]) -> dict[int, str]:
        names: dict[int, str] = {}
        for chunk in _chunks(vids):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT vid, id FROM claims WHERE vid IN ({marks})"
            names.update(self._connection().execute(query, chunk).fetchall())
        return names

    def _rows_by_vid(self, vids: list[int]) -> list[tuple[int, Claim]]:
        rows: list[tuple[int, Claim]] = []
        for chunk in _chunks(vids):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT vid, data FROM claims WHERE vid IN ({marks})"
            for vid, data in self._connection().execute(query, chunk):
                rows.append((vid, Claim.from_dict(json.loads(data))))
        return rows


_DOCUMENT_COLUMNS = "id, text, source, published, url, title, body_start"


def _document(row: tuple[Any, ...]) -> Document:
    return Document(**dict(zip(_DOCUMENT_COLUMNS.split(", "), row, strict=True)))


def _foreign_entries(path: Path) -> list[str]:
    """What is in `path` besides the files an empty index directory may hold."""
    if not path.is_dir():
        return []
    return sorted(entry.name for entry in path.iterdir() if entry.name not in IGNORED)


def _new_manifest(encoder: Encoder) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        **_encoder_fields(encoder),
        "metric": "cosine",
        "claim_text_version": CLAIM_TEXT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _write_manifest(path: Path, manifest: Mapping[str, Any]) -> None:
    """Write the manifest next to the live one and swap it in: never half a manifest."""
    text = json.dumps(manifest, indent=2) + "\n"
    _replace_file(path / MANIFEST, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def _replace_file(final: Path, write: Callable[[Path], object]) -> None:
    """Have `write` fill `final`.tmp, make it durable, then swap it in whole.

    A crash before the swap leaves the old file; no reader ever sees half a
    file. On failure the temporary file is removed.
    """
    temporary = final.with_name(final.name + ".tmp")
    try:
        write(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(final.parent)


def _read_manifest(path: Path) -> dict[str, Any]:
    file = path / MANIFEST
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _corrupt(path, f"{MANIFEST} cannot be read ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise IndexError_(
            f"{path} is not a factcheck index (found: {MANIFEST} of format {found!r}); "
            "refusing to touch it"
        )
    return manifest


def _check_manifest(path: Path, manifest: dict[str, Any], encoder: Encoder) -> None:
    version = manifest.get("version")
    if version != VERSION:
        raise IndexError_(
            f"index at {path} has format version {version!r}; this factcheck reads version "
            f"{VERSION}"
        )
    model, dim = manifest.get("model"), manifest.get("dim")
    if not isinstance(model, str) or not isinstance(dim, int):
        raise _corrupt(
            path, f"{MANIFEST} has no valid model and dim (model={model!r}, dim={dim!r})"
        )


def _encoder_fields(encoder: Encoder) -> dict[str, Any]:
    """What a manifest records of the encoder that wrote the vectors."""
    name, dim = encoder.name, int(encoder.dim)
    weights = str(getattr(encoder, "weights", "") or "")
    return {"model": name, "dim": dim, "encoder": {"name": name, "dim": dim, "weights": weights}}


def _other_encoder(manifest: Mapping[str, Any], encoder: Encoder) -> str | None:
    """How the encoder that wrote the vectors differs from `encoder`, or None if it is the same.

    Name and dimension always count; the weights hash counts when both sides
    know it (an index from before the field, or a test fake, has none).
    """
    model, dim = manifest.get("model"), manifest.get("dim")
    if model != encoder.name or dim != encoder.dim:
        current = f"{encoder.name!r} (dim {encoder.dim})"
        return f"model {model!r} (dim {dim}), but the encoder is {current}"
    recorded = manifest.get("encoder")
    stored = str(recorded.get("weights") or "") if isinstance(recorded, dict) else ""
    current = str(getattr(encoder, "weights", "") or "")
    if stored and current and stored != current:
        return f"another build of {model!r} (weights {stored}, the encoder's are {current})"
    return None


def _claim_text_version(path: Path, manifest: Mapping[str, Any]) -> int:
    """The claim text version of an index's vectors (manifests from before the field: 1)."""
    version = manifest.get("claim_text_version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise _corrupt(path, f"{MANIFEST} has no valid claim_text_version ({version!r})")
    return version


def _stale(
    path: Path,
    found: int,
    *,
    manifest: Mapping[str, Any] | None = None,
    encoder: Encoder | None = None,
) -> IndexError_:
    if found > CLAIM_TEXT_VERSION:
        return IndexError_(
            f"index at {path} was made by a newer factcheck (claim text version {found}, "
            f"this one makes version {CLAIM_TEXT_VERSION}): upgrade factcheck to use it"
        )
    command = f"python -m factcheck reindex --index {shlex.quote(str(path))}"
    other = _other_encoder(manifest, encoder) if manifest is not None and encoder else None
    if other:
        kind = getattr(encoder, "kind", None)
        if kind:
            command += f" --encoder {kind}"
        return IndexError_(
            f"index at {path} was built with {other}; vectors of two encoders cannot be "
            f"mixed: run `{command}` to embed its claims with this encoder (stored documents "
            "and claims are kept), or use the encoder it was built with (--encoder)"
        )
    return IndexError_(
        f"index at {path} holds vectors of claim text version {found}, this factcheck makes "
        f"version {CLAIM_TEXT_VERSION}: run `{command}` (stored documents and claims are kept)"
    )


def _corrupt(path: Path, detail: str) -> IndexError_:
    return IndexError_(f"index at {path} is corrupt: {detail}; it was left untouched")


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says its file is damaged (not locked, busy or a constraint)."""
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str):
        return any(name.startswith(code) for code in _CORRUPTION)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def _corrupt_database(path: Path, exc: sqlite3.DatabaseError) -> IndexError_:
    return IndexError_(
        f"index at {path} is corrupt: {DATABASE}: {exc}; it was left untouched "
        "(restore the directory from a backup, or add the articles to a new index)"
    )


class _DamagedVectors(Exception):
    """`vectors.faiss` cannot be used; the message says why (see `_damaged_vectors`)."""


def _damaged_vectors(path: Path, detail: str) -> IndexError_:
    command = f"python -m factcheck reindex --index {shlex.quote(str(path))}"
    return IndexError_(
        f"index at {path} is corrupt: {detail}; it was left untouched. Its documents and "
        f"claims are safe in {DATABASE}: run `{command}` to rebuild the vectors from them"
    )


@contextlib.contextmanager
def _acquire(lock: filelock.BaseFileLock, path: Path, timeout: float) -> Iterator[None]:
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise IndexError_(
            f"index at {path} is being written by another process "
            f"(lock {path / LOCK} still held after {timeout:g} s)"
        ) from exc
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _omp_threads(n: int) -> Iterator[None]:
    """Set OpenMP's thread count for this thread only (it is a per-thread setting)."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _empty_vectors(dim: int) -> Any:
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def _stamp(file: Path) -> tuple[int, int, int] | None:
    """Identity of a file version: `os.replace` gives a new inode, writes a new mtime."""
    try:
        st = file.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _difference(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape != b.shape or not np.array_equal(a, b)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _faiss_reason(exc: BaseException) -> str:
    """Why faiss could not read a file, in words, without its C++ file and function names."""
    text = str(exc).strip()
    line = text.splitlines()[-1] if text else ""
    if "read error" in line or "fread" in line or "ret == (" in line:
        return "it is truncated"
    if "Index type" in line or "not recognized" in line:
        return "it is not a faiss index"
    return line.split(": ")[-1] if line else type(exc).__name__

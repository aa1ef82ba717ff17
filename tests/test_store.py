"""The claim index on disk: hybrid search, dedupe, removal, refusal, atomic and locked writes.

Logic tests, so they use the hashing encoder; what the real model makes of
claim texts is tested in test_embed.py.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np
import pytest

from factcheck import store
from factcheck.embed import CLAIM_TEXT_VERSION, HashingEncoder, claim_text, sentence_text
from factcheck.errors import IndexError_, InputError
from factcheck.model import Claim, Document
from factcheck.store import ClaimIndex
from tests.claims import make_claims

DIM = 64
NORTHFIELD = ("Northfield Air Base",)


def make_document(
    doc_id: str, sentences: Sequence[str], *, source: str | None = "Wire"
) -> Document:
    return Document(id=doc_id, text=" ".join(sentences), source=source, published="2021-07-07")


ROCKETS = make_document("rockets", ["Officials said 14 rockets landed on Northfield Air Base."])
MARCH = make_document(
    "march", ["Police said 2000 protesters marched in Eastport."], source="Gazette"
)
VOTES = make_document("votes", ["Turnout reached 61 percent in Lakeside."], source="Gazette")


def seeded(path: Path, encoder: HashingEncoder | None = None) -> ClaimIndex:
    index = ClaimIndex.open(path, encoder=encoder or HashingEncoder(DIM))
    index.add(ROCKETS, make_claims(ROCKETS, ["14"], places=NORTHFIELD))
    index.add(MARCH, make_claims(MARCH, ["2000"], places=NORTHFIELD, noun="protester"))
    index.add(VOTES, make_claims(VOTES, ["61"], places=NORTHFIELD, noun="turnout"))
    return index


def snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


@pytest.fixture
def index(tmp_path: Path):
    with seeded(tmp_path / "index") as opened:
        yield opened


# -- adding and reading ---------------------------------------------------------


def test_search_finds_the_claim_by_words_and_vector(index: ClaimIndex) -> None:
    hits = index.search("rockets landed Northfield", k=3)
    assert hits[0][0].id == "rockets:0"
    assert hits[0][1] > hits[-1][1]


def test_search_of_nothing_finds_nothing(index: ClaimIndex) -> None:
    assert index.search("  ?! ") == []


def test_a_document_added_twice_is_stored_once(index: ClaimIndex) -> None:
    again = Document(id="other-id", text=ROCKETS.text, source="Wire")
    assert index.add(again, make_claims(again, ["14"], places=NORTHFIELD)) is False
    stats = index.stats()
    assert (stats["documents"], stats["claims"], stats["vectors"]) == (3, 3, 3)


def test_a_new_text_under_a_known_id_is_refused(index: ClaimIndex) -> None:
    clash = make_document("rockets", ["Officials said 15 rockets landed."])
    with pytest.raises(InputError, match="'rockets' is already in the index"):
        index.add(clash, make_claims(clash, ["15"], places=NORTHFIELD))
    assert index.stats()["documents"] == 3


def test_stats_counts_documents_per_source(tmp_path: Path) -> None:
    with seeded(tmp_path / "index") as index:
        bare = make_document("bare", ["Nine rockets landed."], source=None)
        index.add(bare, [])
        stats = index.stats()
    assert stats["sources"] == {"Gazette": 2, "Wire": 1, "(no source)": 1}
    assert (stats["documents"], stats["claims"]) == (4, 3)
    assert (stats["model"], stats["dim"]) == ("hashing-test", DIM)
    assert stats["path"] == str(tmp_path / "index")


def test_claims_and_documents_round_trip_every_field(tmp_path: Path) -> None:
    document = Document(
        id="full",
        text="date 2021-07-07\nCol. Ann Lee said at least 14.5 rockets hit Northfield.",
        source="Wire",
        published="2021-07-07",
        url="https://example.org/a",
        title="Rockets",
        body_start=16,
    )
    start = document.text.index("at least 14.5")
    claim = Claim(
        id="full:0",
        doc_id="full",
        sentence=document.text[16:],
        start=start,
        end=start + len("at least 14.5"),
        value=14.5,
        low=14.5,
        high=None,
        qualifier="at_least",
        figure_text="at least 14.5",
        unit="rockets",
        noun="rocket",
        predicate="hit",
        places=("Northfield", "Anbar"),
        times=("2021-07-07",),
        speaker="Col. Ann Lee",
        speaker_role="spokeswoman",
        cue="said",
        quote="indirect",
        sentence_start=16,
        speaker_start=16,
        speaker_end=28,
        negated=True,
    )
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        index.add(document, [claim])
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM), create=False) as index:
        assert index.claims() == [claim]
        assert index.claims(["full:0", "unknown"]) == [claim]
        assert index.documents() == [document]
        assert index.document("full") == document
        assert index.document("unknown") is None


def test_claims_come_back_in_the_order_asked(index: ClaimIndex) -> None:
    wanted = ["votes:0", "rockets:0", "march:0"]
    assert [claim.id for claim in index.claims(wanted)] == wanted


def test_nearest_returns_claim_ids_with_cosine(index: ClaimIndex) -> None:
    claim = index.claims(["march:0"])[0]
    vector = HashingEncoder(DIM).encode([claim_text(claim)])
    [hits] = index.nearest(vector, k=2)
    assert hits[0][0] == "march:0"
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert len(hits) == 2
    assert len(index.nearest(np.vstack([vector, vector]), k=10)[1]) == 3  # k above the count


def test_nearest_rejects_vectors_of_another_width(index: ClaimIndex) -> None:
    with pytest.raises(ValueError, match=f"shape \\(n, {DIM}\\)"):
        index.nearest(np.ones((1, DIM + 1), dtype=np.float32))


@pytest.mark.parametrize(
    "query",
    ['rockets AND "', "NEAR(rockets", "-rockets", "rockets*", "col:rockets", "(rockets OR"],
)
def test_lexical_takes_any_user_text(index: ClaimIndex, query: str) -> None:
    assert [claim_id for claim_id, _ in index.lexical(query)] == ["rockets:0"]


def test_lexical_ranks_better_matches_higher(index: ClaimIndex) -> None:
    hits = index.lexical("protesters marched in Eastport Lakeside")
    assert [claim_id for claim_id, _ in hits] == ["march:0", "votes:0"]
    assert hits[0][1] > hits[1][1]


def test_lexical_puts_claims_with_every_word_first(index: ClaimIndex) -> None:
    both = make_document("both", ["Officials said 5 rockets hit Eastport."])
    index.add(both, make_claims(both, ["5"], places=NORTHFIELD))
    hits = [claim_id for claim_id, _ in index.lexical("rockets in Eastport", k=3)]
    assert hits[0] == "both:0"
    assert sorted(hits[1:]) == ["march:0", "rockets:0"]


def test_add_many_commits_new_documents_with_progress(tmp_path: Path) -> None:
    documents = [
        make_document(f"d{i}", [f"Officials said {i + 10} rockets hit."]) for i in range(7)
    ]
    items = [
        (d, make_claims(d, [str(i + 10)], places=(f"Town{i}",))) for i, d in enumerate(documents)
    ]
    items.append(items[0])  # a repeat inside one batch is stored once
    seen: list[int] = []
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        assert index.add_many(items, batch_size=3, progress=seen.append) == 7
        assert seen == list(range(1, 9))
        for claim in index.claims():  # every claim got its own vector, not a neighbour's
            vector = HashingEncoder(DIM).encode([claim_text(claim)])
            assert index.nearest(vector, k=1)[0][0] == (claim.id, pytest.approx(1.0, abs=1e-5))


def test_remove_source_removes_documents_claims_and_vectors(tmp_path: Path) -> None:
    with seeded(tmp_path / "index") as index:
        assert index.remove_source("Gazette") == 2
        assert index.remove_source("Nobody") == 0
        assert [claim.id for claim in index.claims()] == ["rockets:0"]
        assert index.lexical("protesters Eastport") == []
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        stats = index.stats()
        assert (stats["documents"], stats["claims"], stats["vectors"]) == (1, 1, 1)
        assert stats["sources"] == {"Wire": 1}
        assert [claim.id for claim, _ in index.search("protesters marched Eastport")] == [
            "rockets:0"
        ]


def test_remove_source_none_removes_documents_without_a_source(tmp_path: Path) -> None:
    with seeded(tmp_path / "index") as index:
        bare = make_document("bare", ["Nine rockets hit Southport."], source=None)
        index.add(bare, [])
        assert index.remove_source(None) == 1
        assert [d.id for d in index.documents()] == ["rockets", "march", "votes"]


def test_a_closed_index_says_so(tmp_path: Path) -> None:
    index = seeded(tmp_path / "index")
    index.close()
    with pytest.raises(IndexError_, match="is closed"):
        index.search("rockets")


# -- opening what is there ---------------------------------------------------------


def test_manifest_records_the_model(index: ClaimIndex) -> None:
    manifest = json.loads((index.path / "manifest.json").read_text())
    assert manifest["format"] == "factcheck-index"
    assert manifest["version"] == 1
    assert (manifest["model"], manifest["dim"]) == ("hashing-test", DIM)
    assert manifest["claim_text_version"] == CLAIM_TEXT_VERSION


@pytest.mark.parametrize(
    "other, expected",
    [
        (HashingEncoder(DIM * 2), "'hashing-test' \\(dim 64\\).*'hashing-test' \\(dim 128\\)"),
        (type("Other", (HashingEncoder,), {"name": "other-model"})(DIM), "'other-model'"),
    ],
    ids=["other-dim", "other-name"],
)
def test_another_model_is_refused(tmp_path: Path, other: HashingEncoder, expected: str) -> None:
    seeded(tmp_path / "index").close()
    before = snapshot(tmp_path / "index")
    with pytest.raises(IndexError_, match=expected):
        ClaimIndex.open(tmp_path / "index", encoder=other)
    assert snapshot(tmp_path / "index") == before


@pytest.mark.parametrize(
    "files, found",
    [
        ({"notes.txt": "mine"}, "found: notes.txt"),
        ({"manifest.json": '{"format": "webapp"}'}, "found: manifest.json of format 'webapp'"),
        ({"claims.sqlite": "x", "data.csv": "a,b"}, "found: claims.sqlite, data.csv"),
    ],
)
def test_a_foreign_directory_is_never_touched(
    tmp_path: Path, files: dict[str, str], found: str
) -> None:
    folder = tmp_path / "somewhere"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content)
    before = snapshot(folder)
    with pytest.raises(IndexError_, match=f"is not a factcheck index \\({found}.*refusing"):
        ClaimIndex.open(folder, encoder=HashingEncoder(DIM))
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)


def test_a_file_is_not_an_index(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(IndexError_, match="not a directory"):
        ClaimIndex.open(tmp_path / "file", encoder=HashingEncoder(DIM))


def test_a_directory_with_only_a_readme_becomes_an_index(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / "README.md").write_text("The index lives here.\n")
    (folder / ".gitkeep").write_text("")
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        index.add(ROCKETS, make_claims(ROCKETS, ["14"], places=NORTHFIELD))
    assert (folder / "README.md").read_text() == "The index lives here.\n"
    assert {"manifest.json", "claims.sqlite", "vectors.faiss"} <= {p.name for p in folder.iterdir()}


def test_no_index_without_create(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="no index at"):
        ClaimIndex.open(tmp_path / "missing", encoder=HashingEncoder(DIM), create=False)
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("claims.sqlite", b"this is not a database" * 100, "claims.sqlite"),
        ("vectors.faiss", b"garbage" * 100, "vectors.faiss cannot be read"),
        ("manifest.json", b'{"format": "factcheck-index", "ver', "manifest.json cannot be read"),
        (
            "manifest.json",
            b'{"format": "factcheck-index", "version": 1, "model": "hashing-test", "dim": 64,'
            b' "claim_text_version": "two"}',
            "manifest.json has no valid claim_text_version \\('two'\\)",
        ),
    ],
)
def test_a_corrupt_index_is_reported_and_left_alone(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    seeded(tmp_path / "index").close()
    (tmp_path / "index" / name).write_bytes(content)
    before = snapshot(tmp_path / "index")
    with pytest.raises(IndexError_, match=f"index at .* is corrupt: {expected}"):
        ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM))
    assert snapshot(tmp_path / "index") == before


def test_a_vector_file_of_another_width_is_corrupt(tmp_path: Path) -> None:
    seeded(tmp_path / "index").close()
    faiss.write_index(
        faiss.IndexIDMap2(faiss.IndexFlatIP(DIM + 1)), str(tmp_path / "index" / "vectors.faiss")
    )
    with pytest.raises(IndexError_, match="dimension 65, expected an IndexIDMap2 of dimension 64"):
        ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM))


# -- claim text versions ---------------------------------------------------------------


def set_claim_text_version(folder: Path, version: int | None) -> None:
    """Rewrite the manifest's claim_text_version (None: drop it, as before the field)."""
    file = folder / "manifest.json"
    manifest = json.loads(file.read_text())
    manifest.pop("claim_text_version")
    if version is not None:
        manifest["claim_text_version"] = version
    file.write_text(json.dumps(manifest))


def stale_message(folder: Path, found: int, current: int = CLAIM_TEXT_VERSION) -> str:
    return (
        f"index at {folder} holds vectors of claim text version {found}, this factcheck makes "
        f"version {current}: run `python -m factcheck reindex --index {shlex.quote(str(folder))}`"
        " (stored documents and claims are kept)"
    )


def seeded_by_an_older_factcheck(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index whose vectors embed the plain sentence, recorded as claim text version 0."""
    with monkeypatch.context() as older:
        older.setattr(store, "claim_text", sentence_text)
        older.setattr(store, "CLAIM_TEXT_VERSION", 0)
        with seeded(folder) as index:
            extra = make_document("extra", ["Nine rockets hit Southport."], source="Herald")
            index.add(extra, [], names={"southport": 2})


def assert_vectors_are_of_the_current_claim_text(index: ClaimIndex) -> None:
    claims = index.claims()
    found = index.vectors([claim.id for claim in claims])
    expected = HashingEncoder(DIM).encode([claim_text(claim) for claim in claims])
    assert len(found) == len(claims) == 3
    for claim, vector in zip(claims, expected, strict=True):
        assert np.allclose(found[claim.id], vector, atol=1e-6), claim.id


@pytest.mark.parametrize(
    "stored, found, current",
    [(0, 0, 1), (None, 1, 2)],
    ids=["older", "before-the-field"],
)
def test_an_index_of_another_claim_text_version_is_refused_and_left_alone(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stored: int | None,
    found: int,
    current: int,
) -> None:
    folder = tmp_path / "index"
    seeded(folder).close()
    set_claim_text_version(folder, stored)
    monkeypatch.setattr(store, "CLAIM_TEXT_VERSION", current)
    before = snapshot(folder)
    with pytest.raises(IndexError_) as refused:
        ClaimIndex.open(folder, encoder=HashingEncoder(DIM))
    assert str(refused.value) == stale_message(folder, found, current)
    assert snapshot(folder) == before


@pytest.mark.parametrize("allow_stale", [False, True])
def test_an_index_of_a_newer_factcheck_is_refused_even_for_reindexing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allow_stale: bool
) -> None:
    folder = tmp_path / "index"
    seeded(folder).close()
    set_claim_text_version(folder, 3)
    monkeypatch.setattr(store, "CLAIM_TEXT_VERSION", 2)
    before = snapshot(folder)
    with pytest.raises(IndexError_, match=r"made by a newer factcheck .* upgrade factcheck"):
        ClaimIndex.open(folder, encoder=HashingEncoder(DIM), allow_stale=allow_stale)
    assert snapshot(folder) == before


def test_a_manifest_without_claim_text_version_is_version_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "CLAIM_TEXT_VERSION", 1)
    seeded(tmp_path / "index").close()
    set_claim_text_version(tmp_path / "index", None)
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        assert (index.claim_text_version, index.stale) == (1, False)
        assert index.search("rockets landed Northfield", k=1)[0][0].id == "rockets:0"


def test_reembed_makes_every_vector_from_the_current_claim_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "index"
    seeded_by_an_older_factcheck(folder, monkeypatch)
    old_manifest = json.loads((folder / "manifest.json").read_text())
    progress: list[int] = []
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM), allow_stale=True) as index:
        assert (index.claim_text_version, index.stale) == (0, True)
        kept = (index.documents(), index.claims(), index.names())
        with pytest.raises(IndexError_, match="reindex --index"):
            index.search("rockets")  # stale vectors are not compared with new ones
        with pytest.raises(IndexError_, match="reindex --index"):
            index.add(make_document("new", ["Officials said 5 rockets hit."]), [])
        assert index.reembed(batch_size=2, progress=progress.append) == 3
        assert not index.stale
        assert_vectors_are_of_the_current_claim_text(index)
    assert progress == [2, 3]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest.pop("reembedded")
    assert manifest == {**old_manifest, "claim_text_version": CLAIM_TEXT_VERSION}
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        assert (index.documents(), index.claims(), index.names()) == kept
        assert kept[2] == {"extra": {"southport": 2}}
        assert_vectors_are_of_the_current_claim_text(index)
        assert index.search("rockets landed Northfield", k=1)[0][0].id == "rockets:0"


@pytest.mark.parametrize(
    "crash_at, vectors_replaced",
    [("vectors.faiss", False), ("manifest.json", True)],
    ids=["before-the-vectors", "between-vectors-and-manifest"],
)
def test_an_interrupted_reembed_is_refused_until_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: str, vectors_replaced: bool
) -> None:
    folder = tmp_path / "index"
    seeded_by_an_older_factcheck(folder, monkeypatch)
    old_vectors = (folder / "vectors.faiss").read_bytes()
    old_manifest = (folder / "manifest.json").read_bytes()
    replace = os.replace

    def crash(source: str | Path, target: str | Path) -> None:
        if Path(target).name == crash_at:
            raise OSError("power cut")
        replace(source, target)

    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM), allow_stale=True) as index:
        monkeypatch.setattr(os, "replace", crash)
        with pytest.raises(OSError, match="power cut"):
            index.reembed()
        monkeypatch.setattr(os, "replace", replace)
        assert index.stale
    assert ((folder / "vectors.faiss").read_bytes() != old_vectors) is vectors_replaced
    assert (folder / "manifest.json").read_bytes() == old_manifest
    assert not {"vectors.faiss.tmp", "manifest.json.tmp"} & {p.name for p in folder.iterdir()}
    with pytest.raises(IndexError_) as refused:
        ClaimIndex.open(folder, encoder=HashingEncoder(DIM))
    assert str(refused.value) == stale_message(folder, 0)

    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM), allow_stale=True) as index:
        assert index.reembed() == 3
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        assert_vectors_are_of_the_current_claim_text(index)


# -- crashes and concurrent writers ----------------------------------------------------


def test_a_crash_while_writing_leaves_the_previous_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = seeded(tmp_path / "index")
    new = make_document("new", ["Officials said 30 rockets landed on Northfield Air Base."])

    def crash(*args: object) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk unplugged"):
        index.add(new, make_claims(new, ["30"], places=NORTHFIELD))
    monkeypatch.undo()
    assert index.stats()["claims"] == 3  # the open handle rolled back too
    assert not (tmp_path / "index" / "vectors.faiss.tmp").exists()
    index.close()

    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as reopened:
        stats = reopened.stats()
        assert (stats["documents"], stats["claims"], stats["vectors"]) == (3, 3, 3)
        assert reopened.document("new") is None
        # not mistaken for stored
        assert reopened.add(new, make_claims(new, ["30"], places=NORTHFIELD)) is True


def test_vectors_the_database_never_committed_are_dropped(tmp_path: Path) -> None:
    """A crash after the vector file was swapped in but before the SQLite commit."""
    folder = tmp_path / "index"
    seeded(folder).close()
    committed = (folder / "claims.sqlite").read_bytes()
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        late = make_document("late", ["Officials said 30 rockets landed on Northfield Air Base."])
        index.add(late, make_claims(late, ["30"], places=NORTHFIELD))
    (folder / "claims.sqlite").write_bytes(committed)  # as if the commit never happened

    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        stats = index.stats()
        assert (stats["claims"], stats["vectors"]) == (3, 3)
        hits = index.nearest(np.ones((1, DIM), dtype=np.float32) / np.sqrt(DIM), k=10)[0]
        assert {claim_id for claim_id, _ in hits} == {"rockets:0", "march:0", "votes:0"}
    assert faiss.read_index(str(folder / "vectors.faiss")).ntotal == 3


def test_a_deleted_vector_file_is_rebuilt_from_the_claims(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    seeded(folder).close()
    (folder / "vectors.faiss").unlink()
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        claim = index.claims(["votes:0"])[0]
        vector = HashingEncoder(DIM).encode([claim_text(claim)])
        assert index.nearest(vector, k=1)[0][0][0] == "votes:0"
    assert faiss.read_index(str(folder / "vectors.faiss")).ntotal == 3


class GatedEncoder(HashingEncoder):
    """Holds the writer (and so its lock) inside `encode` until the test lets go."""

    def __init__(self, dim: int) -> None:
        super().__init__(dim)
        self.inside = threading.Event()
        self.go = threading.Event()

    def encode(self, texts, *, batch_size: int = 64):  # type: ignore[no-untyped-def]
        self.inside.set()
        assert self.go.wait(10)
        return super().encode(texts, batch_size=batch_size)


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    gated = GatedEncoder(DIM)
    first = ClaimIndex.open(folder, encoder=gated)
    second = ClaimIndex.open(folder, encoder=HashingEncoder(DIM))
    done: list[str] = []
    errors: list[BaseException] = []

    def write(index: ClaimIndex, document: Document, figure: str) -> None:
        try:
            index.add(document, make_claims(document, [figure], places=NORTHFIELD))
            done.append(document.id)
        except BaseException as exc:  # surfaced by the assertions below
            errors.append(exc)

    one = threading.Thread(target=write, args=(first, ROCKETS, "14"))
    two = threading.Thread(target=write, args=(second, MARCH, "2000"))
    one.start()
    assert gated.inside.wait(10)  # the first writer holds the lock
    two.start()
    two.join(0.5)
    assert two.is_alive() and done == []  # the second is waiting, not writing
    gated.go.set()
    one.join(10)
    two.join(10)
    first.close()
    second.close()

    assert errors == []
    assert done == ["rockets", "march"]
    # the second writer kept the first one's vectors (checked before an open could repair them)
    assert faiss.read_index(str(folder / "vectors.faiss")).ntotal == 2
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        assert {d.id for d in index.documents()} == {"rockets", "march"}


def test_a_reader_sees_what_another_handle_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    with seeded(folder) as writer, ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as reader:
        late = make_document("late", ["Officials said 30 rockets hit Southport."])
        writer.add(late, make_claims(late, ["30"], places=NORTHFIELD))
        vector = HashingEncoder(DIM).encode([claim_text(writer.claims(["late:0"])[0])])
        assert reader.nearest(vector, k=1)[0][0][0] == "late:0"


def test_copying_an_index_directory_keeps_it_usable(tmp_path: Path) -> None:
    seeded(tmp_path / "index").close()
    shutil.copytree(tmp_path / "index", tmp_path / "copy")
    with ClaimIndex.open(tmp_path / "copy", encoder=HashingEncoder(DIM)) as index:
        assert index.stats()["claims"] == 3


def test_name_profiles_are_stored_with_their_documents(tmp_path: Path) -> None:
    with seeded(tmp_path / "index") as index:
        assert index.names() == {}  # added without profiles: their story is unknown
        extra = make_document("extra", ["Nine rockets hit Southport."], source="Herald")
        index.add(extra, [], names={"southport": 2})
        assert index.names() == {"extra": {"southport": 2}}
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        assert index.names() == {"extra": {"southport": 2}}
        assert index.remove_source("Herald") == 1
        assert index.names() == {}


def test_an_index_from_before_name_profiles_gains_them(tmp_path: Path) -> None:
    import sqlite3

    with seeded(tmp_path / "index"):
        pass
    with sqlite3.connect(tmp_path / "index" / "claims.sqlite") as conn:
        conn.execute("DROP TABLE document_names")
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        assert len(index.claims()) == 3  # nothing stored is lost
        extra = make_document("extra", ["Nine rockets hit Southport."])
        index.add(extra, [], names={"southport": 1})
        assert index.names() == {"extra": {"southport": 1}}


def test_stored_vectors_are_read_back_by_claim_id(index: ClaimIndex) -> None:
    encoder = HashingEncoder(DIM)
    claims = {claim.id: claim for claim in index.claims()}
    found = index.vectors(["march:0", "nobody", "rockets:0"])
    assert set(found) == {"march:0", "rockets:0"}
    for claim_id, vector in found.items():
        expected = encoder.encode([claim_text(claims[claim_id])])[0]
        assert np.allclose(vector, expected, atol=1e-6)


# -- issue 16: damage, concurrent writers, removal by id, rebuilding vectors ----------


def many_documents(count: int, *, prefix: str = "d", source: str | None = "Wire") -> list:
    items = []
    for n in range(count):
        sentence = f"Officials said {n + 10} rockets landed on Northfield Air Base, {prefix}{n}."
        document = make_document(f"{prefix}{n}", [sentence * 12], source=source)
        items.append((document, make_claims(document, [str(n + 10)], places=NORTHFIELD)))
    return items


def damage_pages(database: Path, first_page: int, *, pages: int = 3) -> None:
    """Overwrite whole pages inside the file (not a truncation), as a bad disk sector does."""
    data = bytearray(database.read_bytes())
    size = 4096
    assert (first_page + pages) * size < len(data)
    data[first_page * size : (first_page + pages) * size] = b"\xa5" * (pages * size)
    database.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of 60 documents written through ClaimIndex, to copy and damage."""
    path = tmp_path_factory.mktemp("real") / "index"
    with ClaimIndex.open(path, encoder=HashingEncoder(DIM)) as index:
        index.add_many(many_documents(60))
    return path


@pytest.mark.parametrize("page", [1, 3, 10, 25, 40, 55])
def test_a_damaged_page_is_a_corrupt_index_wherever_it_is(
    tmp_path: Path, real_index: Path, page: int
) -> None:
    folder = tmp_path / "index"
    shutil.copytree(real_index, folder)
    damage_pages(folder / "claims.sqlite", page)
    before = snapshot(folder)
    corrupt = "index at .* is corrupt: claims.sqlite.*; it was left untouched"
    try:
        index = ClaimIndex.open(folder, encoder=HashingEncoder(DIM))
    except IndexError_ as exc:
        assert re.search(corrupt, str(exc)), exc
    else:
        with index:
            reads = [
                index.stats,
                index.documents,
                index.claims,
                index.names,
                lambda: index.search("rockets Northfield"),
                lambda: index.document("d5"),
            ]
            for read in reads:
                try:
                    read()
                except IndexError_ as exc:  # the damage met: the same message, never a crash
                    assert re.search(corrupt, str(exc)), exc
            with pytest.raises(IndexError_, match=corrupt):  # a writer checks the whole file
                index.add_many(many_documents(1, prefix="new"))
            with pytest.raises(IndexError_, match=corrupt):
                index.remove_source("Wire")
    assert snapshot(folder) == before


def test_two_writers_at_once_each_report_what_they_stored(tmp_path: Path) -> None:
    ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)).close()
    batches = {"a": many_documents(10, prefix="a"), "b": many_documents(10, prefix="b")}
    batches["b"] += batches["a"][:3]  # three articles both runs try to store
    results: dict[str, store.Added] = {}
    start = threading.Barrier(2)

    def write(name: str) -> None:
        with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
            start.wait()
            results[name] = index.add_batch(batches[name], batch_size=2)

    threads = [threading.Thread(target=write, args=(name,)) for name in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    a, b = results["a"], results["b"]
    assert a.documents + b.documents == 20
    assert a.claims + b.claims == 20  # one claim a document, each counted by its own writer
    assert (a.claims, b.claims) == (a.documents, b.documents)
    assert a.skipped + b.skipped == 3
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        stats = index.stats()
    assert (stats["documents"], stats["claims"], stats["vectors"]) == (20, 20, 20)


def test_one_document_is_removed_by_id(index: ClaimIndex) -> None:
    assert index.remove_document("march") == 1
    assert index.remove_document("march") == 0
    assert [d.id for d in index.documents()] == ["rockets", "votes"]
    stats = index.stats()
    assert (stats["documents"], stats["claims"], stats["vectors"]) == (2, 2, 2)
    assert index.lexical("protesters") == []


def test_articles_without_a_source_are_listed_and_removed(tmp_path: Path) -> None:
    with ClaimIndex.open(tmp_path / "index", encoder=HashingEncoder(DIM)) as index:
        index.add_many(many_documents(2, prefix="n", source=None) + many_documents(1))
        assert index.stats()["sources"] == {store.NO_SOURCE: 2, "Wire": 1}
        assert index.remove_source(None) == 2
        assert index.stats()["sources"] == {"Wire": 1}


@pytest.mark.parametrize("keep", [0.5, 0.02])
def test_a_truncated_vector_file_is_refused_and_rebuilt_by_reembed(
    tmp_path: Path, keep: float
) -> None:
    folder = tmp_path / "index"
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        index.add_many(many_documents(20))
        expected = {claim.id: index.vectors([claim.id])[claim.id] for claim in index.claims()}
    vectors = folder / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[: int(vectors.stat().st_size * keep)])
    before = snapshot(folder)
    with pytest.raises(IndexError_) as refused:
        ClaimIndex.open(folder, encoder=HashingEncoder(DIM))
    message = str(refused.value)
    assert "vectors.faiss cannot be read (it is truncated)" in message
    assert f"run `python -m factcheck reindex --index {folder}`" in message
    assert "faiss::" not in message and ".cpp" not in message
    assert snapshot(folder) == before
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM), repair=True) as index:
        assert index.damaged_vectors is not None
        with pytest.raises(IndexError_, match="reindex"):
            index.search("rockets")
        assert index.reembed() == 20
    with ClaimIndex.open(folder, encoder=HashingEncoder(DIM)) as index:
        rebuilt = index.vectors(list(expected))
        assert all(np.allclose(rebuilt[cid], vector) for cid, vector in expected.items())
        assert index.stats()["documents"] == 20

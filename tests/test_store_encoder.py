"""An index knows which encoder wrote its vectors, refuses another, and `reindex` switches it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from factcheck import cli
from factcheck.embed import HashingEncoder, claim_text
from factcheck.errors import IndexError_
from factcheck.model import Document
from factcheck.store import ClaimIndex
from tests.claims import make_claims

ROCKETS = Document(
    id="rockets",
    text="Officials said 14 rockets landed on Northfield Air Base.",
    source="Wire",
    published="2021-07-07",
)
MARCH = Document(id="march", text="Police said 2000 protesters marched.", source="Gazette")


class Built(HashingEncoder):
    """A hashing encoder that names a build of its weights, as the real ones do."""

    def __init__(self, dim: int = 64, *, weights: str = "sha256:aaaa", name: str = "built") -> None:
        super().__init__(dim)
        self.name, self.weights, self.kind = name, weights, name


def stored(path: Path, encoder: HashingEncoder) -> None:
    with ClaimIndex.open(path, encoder=encoder) as index:
        index.add(ROCKETS, make_claims(ROCKETS, ["14"]))


def manifest(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text(encoding="utf-8"))


def test_the_manifest_records_name_dimension_and_weights(tmp_path: Path) -> None:
    stored(tmp_path / "index", Built(48, weights="sha256:1234"))
    recorded = manifest(tmp_path / "index")
    assert recorded["encoder"] == {"name": "built", "dim": 48, "weights": "sha256:1234"}
    assert (recorded["model"], recorded["dim"]) == ("built", 48)


@pytest.mark.parametrize(
    "other, says",
    [
        (Built(64, weights="sha256:bbbb"), "another build of 'built'"),
        (Built(32), r"'built' \(dim 64\).*'built' \(dim 32\)"),
        (Built(64, name="static"), "'built'.*'static'"),
    ],
    ids=["other-weights", "other-dim", "other-name"],
)
def test_another_encoder_is_refused_with_the_reindex_command(
    tmp_path: Path, other: Built, says: str
) -> None:
    stored(tmp_path / "index", Built(64))
    before = manifest(tmp_path / "index")
    with pytest.raises(IndexError_, match=says) as refused:
        ClaimIndex.open(tmp_path / "index", encoder=other)
    assert f"reindex --index {tmp_path / 'index'} --encoder {other.kind}" in str(refused.value)
    assert manifest(tmp_path / "index") == before


def test_an_index_from_before_the_weights_hash_opens_by_name_and_dimension(
    tmp_path: Path,
) -> None:
    path = tmp_path / "index"
    stored(path, Built(64))
    old = manifest(path)
    del old["encoder"]
    (path / "manifest.json").write_text(json.dumps(old), encoding="utf-8")
    with ClaimIndex.open(path, encoder=Built(64, weights="sha256:cccc")) as index:
        assert not index.stale and index.stats()["claims"] == 1


def test_reembed_switches_the_index_to_the_encoder_it_was_opened_with(tmp_path: Path) -> None:
    path = tmp_path / "index"
    stored(path, Built(64))
    new = Built(32, name="static", weights="sha256:dddd")
    with ClaimIndex.open(path, encoder=new, allow_stale=True) as index:
        assert index.stale
        with pytest.raises(IndexError_, match="reindex"):
            index.add(MARCH, make_claims(MARCH, ["2000"]))
        assert index.reembed() == 1
        assert not index.stale
    assert manifest(path)["encoder"] == {"name": "static", "dim": 32, "weights": "sha256:dddd"}
    with ClaimIndex.open(path, encoder=new) as index:
        claim = make_claims(ROCKETS, ["14"])[0]
        found = index.nearest(new.encode([claim_text(claim)]), k=1)
        assert found[0][0] == (claim.id, pytest.approx(1.0, abs=1e-5))
    with pytest.raises(IndexError_, match="reindex"):
        ClaimIndex.open(path, encoder=Built(64))


def test_cli_reindex_with_another_encoder_switches_and_then_opens(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    encoders = {"minilm": Built(64, name="minilm"), "static": Built(32, name="static")}
    monkeypatch.setattr(cli, "LazyEncoder", lambda kind=None: encoders[kind or "minilm"])
    path = tmp_path / "index"
    stored(path, encoders["minilm"])
    assert cli.main(["stats", "--index", str(path), "--encoder", "static"]) == cli.EXIT_USER
    assert "--encoder static" in capsys.readouterr().err
    assert cli.main(["reindex", "--index", str(path), "--encoder", "static"]) == cli.EXIT_OK
    assert "encoder minilm -> static" in capsys.readouterr().out
    assert cli.main(["stats", "--index", str(path), "--encoder", "static"]) == cli.EXIT_OK
    assert np.isclose(manifest(path)["dim"], 32)

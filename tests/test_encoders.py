"""The two real encoders as a choice: the static one distilled from MiniLM, and their identities.

The static encoder must give what sentence-transformers' `StaticEmbedding`
gives on the same table (it is computed with numpy so a cold start needs no
torch), its build must be deterministic, and an index must know which encoder
wrote its vectors without loading any model.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from factcheck import distill
from factcheck.embed import (
    DEFAULT_ENCODER,
    ENCODER_ENV,
    ENCODERS,
    SentenceEncoder,
    StaticEncoder,
    default_encoder,
    encoder_info,
    load_encoder,
)
from factcheck.errors import ModelError

TEXTS = [
    "Officials said N rockets landed on the base. | rocket land | Ain al-Asad Air Base",
    "A militant group said its members fired N rockets. | rocket fire",
    "The quake killed N people in the province. | person kill",
    "officials said n rockets landed on the base. | rocket land | ain al-asad air base",
    "",
]


@pytest.fixture(scope="module")
def static() -> StaticEncoder:
    encoder = load_encoder("static")
    assert isinstance(encoder, StaticEncoder)
    return encoder


def test_static_vectors_are_what_sentence_transformers_static_embedding_gives(
    static: StaticEncoder,
) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    module = StaticEmbedding(static.tokenizer, embedding_weights=static._table)
    model = SentenceTransformer(modules=[module], device="cpu")
    expected = model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    np.testing.assert_allclose(static.encode(TEXTS), expected, atol=1e-6)


def test_static_rows_are_unit_length_and_an_empty_text_is_the_zero_row(
    static: StaticEncoder,
) -> None:
    vectors = static.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), static.dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors[:-1], axis=1), 1.0, atol=1e-5)
    assert not vectors[-1].any()
    assert static.encode([]).shape == (0, static.dim)


def test_static_encoder_is_case_blind_and_keeps_claims_apart(static: StaticEncoder) -> None:
    rockets, fired, quake, lower, _ = static.encode(TEXTS)
    assert float(rockets @ lower) == pytest.approx(1.0, abs=1e-5)  # MiniLM's tokenizer lowercases
    assert float(rockets @ fired) > float(rockets @ quake)


def test_static_text_is_not_cut_at_128_word_pieces(static: StaticEncoder) -> None:
    """The measure comes last in a claim text; a lookup table can afford to read it all."""
    long = " ".join(["word"] * 200)
    a, b = static.encode([f"{long} | rocket land", f"{long} | person kill"])
    assert float(a @ b) < 1 - 1e-5  # cut at 128 pieces, the two would be one vector


@pytest.mark.parametrize("kind", ENCODERS)
def test_encoder_info_is_the_loaded_encoders_identity(kind: str) -> None:
    info = encoder_info(kind)
    encoder = load_encoder(kind)
    assert (info.kind, info.name, info.dim, info.weights) == (
        encoder.kind,
        encoder.name,
        encoder.dim,
        encoder.weights,
    )
    assert info.weights.startswith("sha256:")


def test_the_two_encoders_have_different_identities() -> None:
    static, minilm = encoder_info("static"), encoder_info("minilm")
    assert (static.name, static.dim) != (minilm.name, minilm.dim)
    assert minilm.name == SentenceEncoder.name


@pytest.mark.parametrize("call", [encoder_info, load_encoder])
def test_an_unknown_encoder_is_a_model_error_naming_the_choices(call) -> None:
    with pytest.raises(ModelError, match="static, minilm"):
        call("bert-large")


@pytest.mark.parametrize(
    "value, expected", [(None, DEFAULT_ENCODER), ("minilm", "minilm"), ("static", "static")]
)
def test_the_environment_chooses_the_default_encoder(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: str
) -> None:
    if value is None:
        monkeypatch.delenv(ENCODER_ENV, raising=False)
    else:
        monkeypatch.setenv(ENCODER_ENV, value)
    assert default_encoder() == expected


def test_a_bad_environment_encoder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENCODER_ENV, "word2vec")
    with pytest.raises(ModelError, match="FACTCHECK_ENCODER"):
        default_encoder()


def test_a_missing_static_build_is_a_clear_error_when_building_is_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FACTCHECK_NO_BUILD", "1")
    with pytest.raises(ModelError, match=r"python -m factcheck\.distill"):
        StaticEncoder(tmp_path / "nothing")


# -- the build -----------------------------------------------------------------------------


def test_the_distillation_is_deterministic_on_a_slice_of_the_vocabulary() -> None:
    source = distill.minilm_path()
    first, kept = distill.distil(source, limit=120)
    second, _ = distill.distil(source, limit=120)
    assert distill.weights_hash(first) == distill.weights_hash(second)
    vocab = json.loads((source / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    assert first.shape[0] == len(vocab)
    unused = [i for token, i in vocab.items() if distill.UNUSED.fullmatch(token)]
    assert unused and not first[unused].any()  # `[unused..]` slots stay zero
    assert first[kept].any(axis=1).all()


def test_pca_fixes_each_components_sign_and_orders_by_variance() -> None:
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(200, 5)) * np.array([5.0, 3.0, 1.0, 0.5, 0.1])
    scores = distill.pca(rows, 3)
    largest = np.argmax(np.abs(scores), axis=0)
    assert (scores[largest, np.arange(3)] > 0).all()
    spread = scores.var(axis=0)
    assert spread[0] > spread[1] > spread[2]
    np.testing.assert_allclose(distill.pca(-rows, 3), scores, atol=1e-9)


def test_sif_weights_give_frequent_pieces_less_weight() -> None:
    weights = distill.sif_weights(1000)
    assert (np.diff(weights) > 0).all() and 0 < weights[0] < weights[-1] < 1


def test_a_finished_build_is_not_built_again(tmp_path: Path) -> None:
    target = tmp_path / "static"
    target.mkdir()
    (target / distill.META_FILE).write_text("{}", encoding="utf-8")
    assert distill.build(target, source=tmp_path / "no-minilm-here") == target

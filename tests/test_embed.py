"""The encoder and what text stands for a claim in the vector index."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.embed import (
    HashingEncoder,
    SentenceEncoder,
    claim_text,
    load_encoder,
    sentence_text,
)
from factcheck.errors import ModelError
from factcheck.model import Claim
from tests.claims import make_claim

MID = 100
"""Where the test sentences start in their document: figure offsets count from there."""


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return load_encoder()


@pytest.mark.parametrize(
    "sentence, figure, places, expected",
    [
        (
            "Officials said 14 rockets landed on the base.",
            "14",
            ("Northfield Air Base",),
            "Officials said N rockets landed on the base. | rocket land | Northfield Air Base",
        ),
        (
            "About two hundred people gathered, police said.",
            "two hundred",
            (),
            "About N people gathered, police said. | rocket land",
        ),
        (  # the same digits earlier in the sentence are left alone: offsets decide
            "In 14 days, 14 rockets landed.",
            "14 rockets",
            ("Hill 4", "the port"),
            "In 14 days, N landed. | rocket land | Hill 4, the port",
        ),
    ],
)
def test_claim_text_masks_the_figure_and_appends_the_measure(
    sentence: str, figure: str, places: tuple[str, ...], expected: str
) -> None:
    assert claim_text(make_claim(sentence, figure, places=places, sentence_start=MID)) == expected


def test_claim_text_without_a_measure_is_the_masked_sentence() -> None:
    claim = make_claim(
        "Turnout was 61 percent.", "61", noun=None, predicate=None, places=(), sentence_start=MID
    )
    assert claim_text(claim) == "Turnout was N percent."


def test_claim_text_includes_the_unit() -> None:
    claim = make_claim(
        "Turnout was 61 percent.",
        "61",
        noun="turnout",
        predicate=None,
        unit="%",
        places=(),
        sentence_start=MID,
    )
    assert claim_text(claim) == "Turnout was N percent. | turnout %"


def test_claim_text_falls_back_to_the_figure_text_when_offsets_are_off() -> None:
    claim = make_claim("Officials said 14 rockets landed.", "14", places=(), sentence_start=MID)
    shifted = Claim.from_dict({**claim.to_dict(), "start": claim.start + 3, "end": claim.end + 3})
    assert claim_text(shifted).startswith("Officials said N rockets landed.")


def test_sentence_text_is_the_plain_sentence() -> None:
    claim = make_claim("Officials said 14 rockets landed on the base.", "14")
    assert sentence_text(claim) == "Officials said 14 rockets landed on the base."


def test_real_encoder_gives_unit_float32_rows() -> None:
    encoder = load_encoder("minilm")
    vectors = encoder.encode(["14 rockets landed", "A quiet day", "Another"], batch_size=2)
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (encoder.name, encoder.dim) == ("all-MiniLM-L6-v2", 384)


# Texts of many lengths, more than one small batch: batching and length sorting both matter.
MIXED_TEXTS = [
    "14 rockets landed on the base",
    "Police said 2,000 people marched",
    "No figure",
    "Officials said N rockets landed on the base late on Tuesday, according to a statement "
    "from the ministry of defence that was read out on state television | rocket land",
    "Turnout was N percent. | turnout %",
    "The storm left N homes without power across three counties | home | Eastport",
    "About N people gathered, police said.",
]


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_batch_size_does_not_change_the_vectors(encoder: SentenceEncoder, batch_size: int) -> None:
    """The default batch size is chosen for speed only: any other gives the same vectors."""
    np.testing.assert_allclose(
        encoder.encode(MIXED_TEXTS, batch_size=batch_size), encoder.encode(MIXED_TEXTS), atol=1e-5
    )


def test_repeated_texts_come_back_in_input_order(encoder: SentenceEncoder) -> None:
    """Each distinct text is embedded once, and every input row gets its own text's vector."""
    texts = ["Turnout was N percent.", "14 rockets landed", "Turnout was N percent.", "A quiet day"]
    vectors = encoder.encode(texts)
    alone = encoder.encode(["14 rockets landed", "A quiet day", "Turnout was N percent."])
    np.testing.assert_allclose(vectors[[1, 3, 0]], alone, atol=1e-5)
    np.testing.assert_array_equal(vectors[0], vectors[2])


@pytest.mark.parametrize("kind", ["minilm", "static"])
def test_real_encoder_accepts_no_texts(kind: str) -> None:
    encoder = load_encoder(kind)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_load_encoder_is_loaded_once(encoder: SentenceEncoder) -> None:
    assert load_encoder() is encoder


def test_masking_brings_claims_about_the_same_thing_closer(encoder: SentenceEncoder) -> None:
    """ "14 rockets" and "30 rockets" must land close: the figure is what we compare."""
    fourteen = make_claim(
        "14 rockets landed on the base", "14", places=("Northfield",), sentence_start=MID
    )
    thirty = make_claim(
        "30 rockets landed on the base", "30", places=("Northfield",), sentence_start=MID
    )
    plain = encoder.encode([sentence_text(fourteen), sentence_text(thirty)])
    masked = encoder.encode([claim_text(fourteen), claim_text(thirty)])
    assert cosine(*masked) > cosine(*plain)


def test_claim_text_keeps_different_measures_apart(encoder: SentenceEncoder) -> None:
    """Same place, different thing counted: further apart than two reports of one count."""
    landed = make_claim(
        "A spokesman said 14 rockets landed on the base.",
        "14",
        places=("Northfield",),
        sentence_start=MID,
    )
    claimed = make_claim(
        "The group said its members fired 30 rockets at the base.",
        "30",
        predicate="fire",
        places=("Northfield",),
        sentence_start=MID,
    )
    wounded = make_claim(
        "Officials said 3 people were wounded in the city.",
        "3",
        noun="people",
        predicate="wound",
        places=("Eastport",),
        sentence_start=MID,
    )
    a, b, c = encoder.encode([claim_text(landed), claim_text(claimed), claim_text(wounded)])
    assert cosine(a, b) > cosine(a, c)


def test_a_missing_model_is_a_model_error(tmp_path) -> None:
    missing = tmp_path / "no-model-here"
    with pytest.raises(ModelError, match="no-model-here"):
        SentenceEncoder(missing)


def test_hashing_encoder_is_deterministic_and_normalized() -> None:
    encoder = HashingEncoder(dim=32)
    first = encoder.encode(["rockets landed on the base", "people marched", ""])
    again = HashingEncoder(dim=32).encode(["rockets landed on the base", "people marched", ""])
    np.testing.assert_array_equal(first, again)
    assert first.shape == (3, 32) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first[:2], axis=1), 1.0, atol=1e-6)
    assert not first[2].any()  # no words, no direction


def test_hashing_encoder_shared_words_are_closer() -> None:
    a, b, c = HashingEncoder(dim=256).encode(
        ["rockets landed on the base", "rockets landed near the base", "voters queued at dawn"]
    )
    assert cosine(a, b) > cosine(a, c)

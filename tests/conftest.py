"""Shared fixtures: the real models, loaded once per test session."""

from __future__ import annotations

import os

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder, load_encoder
from factcheck.nlp import load_nlp

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return load_encoder()

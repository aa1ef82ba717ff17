"""Shared fixtures: the real models, loaded once per test session.

Modules that need other models or fakes define their own fixture of the same name.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder, load_encoder
from factcheck.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return load_encoder()

"""`Checker.warm` loads before any worker is forked what extraction loads on its first figures."""

from __future__ import annotations

import sys

from spacy.language import Language

from factcheck import figures, times
from factcheck.attribution.model import load_chooser
from factcheck.embed import SentenceEncoder
from factcheck.pipeline import Checker


def test_warm_loads_quantulum3_the_date_parser_and_the_cue_chooser(
    nlp: Language, encoder: SentenceEncoder
) -> None:
    """Workers forked after it inherit them, instead of each loading its own (seconds)."""
    Checker(nlp=nlp, encoder=encoder).warm()
    assert "quantulum3.parser" in sys.modules
    assert figures._unit_words.cache_info().currsize >= 1
    assert times._parser.cache_info().currsize >= 1
    assert load_chooser.cache_info().currsize >= 1

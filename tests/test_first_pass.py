"""The array first pass gives what the checks give, pair for pair, on real extracted claims.

`first_pass.py` decides which candidate pairs are worth the checks of `checks.py`; if one
of its features or vetoes differed from the check's, a pair could be dropped that the
checks would keep. These tests hold every feature and veto equal on the multi-source set
and the seed article, and fail when a check or feature is added that it does not know.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from spacy.language import Language

from factcheck.embed import SentenceEncoder
from factcheck.eval.gold import shared_dir
from factcheck.ingest import document_from_text, read_csv
from factcheck.matching import ClaimContext, MatchSettings, checks, first_pass, match
from factcheck.matching.candidates import candidate_rows
from factcheck.matching.checks import FEATURES, Veto, evidence_after, iter_features, screen
from factcheck.matching.match import scored_matches
from factcheck.pipeline import Checker
from tests.test_match_prefilter import ARTICLES, seen

VETO_OF = {"sentence": "sentence_read_twice", "units": "units", "story": "story", "dates": "dates"}
"""The check that vetoes, by the name its `Veto` gives."""
SEED = shared_dir() / "seeds" / "000_66e9cc6d0f1db5b5.txt"


def _documents() -> list:
    documents = list(read_csv(ARTICLES).documents)
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        documents.append(document_from_text(text, source="AP", published="2021-07-07"))
    return documents


@pytest.fixture(scope="module")
def contexts(nlp: Language, encoder: SentenceEncoder) -> list[ClaimContext]:
    return Checker(nlp=nlp, encoder=encoder).prepare(_documents()).contexts


def _every_pair(n: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.triu_indices(n, k=1)
    return a.astype(np.int64), b.astype(np.int64)


def test_the_array_pass_knows_every_check_and_feature() -> None:
    needed = first_pass.missing()
    assert not needed, (
        "the array first pass (factcheck/matching/first_pass.py) needs "
        + ", ".join(needed)
        + ": compute them in `pair_arrays` and list them in ARRAY_FEATURES / ARRAY_CHECKS "
        "(until then every pair is scored pair by pair, correct but slower)"
    )


@pytest.mark.parametrize("pairs", ["candidates", "every pair"])
def test_vetoes_and_features_equal_the_checks(contexts: list[ClaimContext], pairs: str) -> None:
    settings = MatchSettings()
    if pairs == "candidates":
        a, b = candidate_rows(contexts, settings)
    else:
        a, b = _every_pair(len(contexts))
    table = first_pass.ClaimTable.of(contexts)
    found = first_pass.pair_arrays(table, a, b, settings)
    columns = [name for names in first_pass.ARRAY_FEATURES.values() for name in names]
    columns = [name for name in columns if name not in checks.CHECK_FEATURES["rivals"]]
    at = {name: n for n, name in enumerate(FEATURES)}
    vetoes = {name: 0 for name in first_pass.ARRAY_VETOES}
    for n, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        outcome = screen(contexts[x], contexts[y], settings)
        if isinstance(outcome, Veto):
            name = VETO_OF[outcome.check]
            assert found.veto[n] == first_pass.VETO_CODES[name], (x, y, outcome)
            vetoes[name] += 1
            continue
        assert found.veto[n] == 0, (x, y)
        evidence = evidence_after(contexts[x], contexts[y], settings, outcome)
        row = list(iter_features(evidence))
        assert found.cosine[n] == row[at["cosine"]]
        for name in columns:
            assert found.features[name][n] == row[at[name]], (name, x, y)
    assert all(vetoes.values()), vetoes  # every veto was seen at work


def test_rival_gaps_equal_the_checks(contexts: list[ClaimContext]) -> None:
    settings = MatchSettings()
    a, b = _every_pair(len(contexts))
    table = first_pass.ClaimTable.of(contexts)
    found = first_pass.pair_arrays(table, a, b, settings)
    alive = np.flatnonzero(found.veto == 0)
    gaps = first_pass.rival_gaps(table, a[alive], b[alive], found.cosine[alive])
    pairs = [(contexts[x], contexts[y]) for x, y in zip(a[alive], b[alive], strict=True)]
    expected = checks.rival_evidence(pairs)
    assert [checks.rival_of(float(g)) for g in gaps] == expected


def test_a_feature_the_array_pass_does_not_know_falls_back_to_the_checks(
    contexts: list[ClaimContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = replace(MatchSettings(), suggest=0.3)
    pairs = [(a, b) for n, a in enumerate(contexts) for b in contexts[n + 1 :]]
    expected = seen(scored_matches(pairs, settings))
    grown = {**checks.CHECK_FEATURES, "measure": (*checks.CHECK_FEATURES["measure"], "new_one")}
    monkeypatch.setattr(first_pass, "CHECK_FEATURES", grown)
    assert first_pass.missing() == ["feature 'new_one' of check 'measure'"]
    called = []
    monkeypatch.setattr(first_pass, "first_pass", lambda *args, **kw: called.append(1))
    assert seen(scored_matches(pairs, settings)) == expected
    assert not called  # scored pair by pair


def test_the_first_pass_in_workers_gives_the_same_matches(
    contexts: list[ClaimContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = MatchSettings()
    a, b = _every_pair(len(contexts))
    here = seen(match.scored_row_matches(contexts, a, b, settings))
    monkeypatch.setattr(match, "PARALLEL_PAIRS", 0)  # a batch this small stays here otherwise
    monkeypatch.setattr(first_pass, "BLOCK", 1000)  # several blocks, for two workers
    assert seen(match.scored_row_matches(contexts, a, b, settings, processes=2)) == here

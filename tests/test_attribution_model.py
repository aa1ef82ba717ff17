"""The learned cue chooser: how it is consulted, shipped and fitted.

The weights here are written by hand (a logic test, not a language one); the
shipped file is only checked for what the attributor relies on.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from factcheck.attribution import (
    MODEL_PATH,
    RARE_LEMMA,
    CueChooser,
    choosing_with,
    load_chooser,
    write_chooser,
)
from factcheck.eval.attribution_training import examples
from factcheck.eval.gold import BratSpan, PolnearArticle, Relation
from factcheck.extract import extract_claims
from factcheck.model import Claim, Document

TEXT = "The Harbor Program allows each family up to 3 free visits a year."
ALLOW = CueChooser(bias=-3.0, weights={"lemma=allow": 5.0})


def claim_for(nlp: Language, text: str, figure_text: str) -> Claim:
    claims = extract_claims(Document(id="d", text=text, published="2021-07-07"), nlp=nlp)
    (claim,) = [c for c in claims if c.figure_text == figure_text]
    return claim


def test_where_no_rule_attributes_the_chooser_may_name_the_verbs_subject(nlp: Language) -> None:
    with choosing_with(ALLOW):
        claim = claim_for(nlp, TEXT, "up to 3")
    assert (claim.speaker, claim.cue) == ("Harbor Program", "allows")
    with choosing_with(None):
        assert claim_for(nlp, TEXT, "up to 3").speaker is None


def test_a_candidate_below_the_threshold_is_not_taken(nlp: Language) -> None:
    unsure = CueChooser(bias=-3.0, weights={"lemma=allow": 3.5}, threshold=0.7)  # p = 0.62
    with choosing_with(unsure):
        assert claim_for(nlp, TEXT, "up to 3").speaker is None


def test_a_verb_too_rare_to_weigh_takes_the_weight_of_rare_verbs() -> None:
    chooser = CueChooser(bias=0.0, weights={RARE_LEMMA: -2.0, "lemma=say": 2.0})
    assert chooser.probability(["lemma=fly"]) == chooser.probability([RARE_LEMMA]) < 0.5
    assert chooser.probability(["lemma=say"]) > 0.5


def test_the_chooser_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "chooser.json"
    chooser = CueChooser(bias=-1.5, weights={"b": 0.25, "a": -2.0}, threshold=0.6, trained_on="x")
    write_chooser(chooser, path)
    assert CueChooser.from_dict(json.loads(path.read_text())) == chooser


def test_the_shipped_chooser_is_fitted_on_every_outlet() -> None:
    chooser = load_chooser(MODEL_PATH)
    assert chooser is not None
    assert "all outlets" in chooser.trained_on
    assert 0 < chooser.threshold <= 1
    assert chooser.weights["lexicon=speech"] > chooser.weights["lexicon=other"]


def test_training_labels_the_gold_cue_among_the_verbs_above_a_word(nlp: Language) -> None:
    text = "Ida Brandt said 40 buses run at night. The depot has 12 bays."
    said = text.index("said")
    content = (text.index("40"), text.index(" at night"))
    article = PolnearArticle(
        name="a",
        text=text,
        relations=(
            Relation(
                content=(content,),
                source=BratSpan(((0, 10),), "Ida Brandt"),
                cue=BratSpan(((said, said + 4),), "said"),
            ),
        ),
    )
    anchors = examples(article, nlp(text), residual=False)
    labelled = {
        (features[0], label) for anchor in anchors for features, label in anchor
    }  # the first feature names the verb's lemma
    assert ("lemma=say", 1) in labelled  # above "buses" and "40", inside the Content
    assert ("lemma=have", 0) in labelled  # above "bays", outside every Content
    assert ("lemma=run", 0) in labelled

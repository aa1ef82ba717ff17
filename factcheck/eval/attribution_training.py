"""Fit the cue chooser (`factcheck/attribution/model.json`) on PolNeAR dev.

    python -m factcheck.eval.attribution_training            # rebuild the shipped file
    python -m factcheck.eval.attribution_training --outlets nyt politico -o out.json

Every noun, proper noun and number of every article outside a quotation is an
example, whether or not it is a figure: PolNeAR annotates every attribution, and
there are about a hundred times more words in attributed contents than figures.
For each example, each verb `candidate_cues` offers is labelled 1 when it lies
in the gold Cue of the Content holding the word, else 0 (a word outside any
Content is the narrator's: all its candidates are 0). A logistic regression
with L2 over the candidates' string features is the chooser; features seen fewer
than `MIN_COUNT` times are dropped so that no lemma of a single article gets a
weight of its own. The fit is deterministic (lbfgs from zero).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from factcheck.attribution import (
    LEMMA,
    MODEL_PATH,
    RARE_LEMMA,
    THRESHOLD,
    CueChooser,
    DocumentAttributor,
    QuoteRegions,
    candidate_cues,
    choosing_with,
    in_region,
    quote_regions,
    write_chooser,
)
from factcheck.eval.extraction import DEV_OUTLETS, HELD_OUT_OUTLETS
from factcheck.eval.gold import PolnearArticle, read_polnear, shared_dir

MIN_COUNT = 5
"""A feature must occur in this many candidates to get a weight."""
REGULARISATION = 0.3
"""Inverse L2 strength (scikit-learn's C)."""
ANCHOR_TAGS = frozenset({"NOUN", "PROPN", "NUM"})
"""The words a figure's anchor can be: the examples."""

RESIDUAL = True
"""Learn only from the words the rules leave to the narrator, as the chooser is only
asked about those."""

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
"""Thresholds tried by `choose_threshold`; 1.0 never takes a candidate (rules only)."""

Example = tuple[list[str], int]
Anchor = list[Example]
"""The candidates of one word: the chooser takes the likeliest, or none."""


def examples(article: PolnearArticle, doc: Doc, *, residual: bool = RESIDUAL) -> list[Anchor]:
    """The candidate cues (features, label) of every anchor word of one article."""
    regions = QuoteRegions(quote_regions(article.text))
    contents = [
        (start, end, relation) for relation in article.relations for start, end in relation.content
    ]
    with choosing_with(None):  # the rules alone, whatever chooser is shipped
        rules = DocumentAttributor(doc) if residual else None
    anchors: list[Anchor] = []
    for token in doc:
        if token.pos_ not in ANCHOR_TAGS or in_region(token.idx, regions) is not None:
            continue
        if rules is not None and rules.attribute(token).speaker is not None:
            continue  # the rules attribute it: the chooser is never asked
        relation = next((r for s, e, r in contents if s <= token.idx < e), None)
        cue_spans = relation.cue.spans if relation is not None and relation.cue else ()
        candidates = [
            (features, int(any(s <= verb.idx < e for s, e in cue_spans)))
            for verb, features in candidate_cues(token)
        ]
        if candidates:
            anchors.append(candidates)
    return anchors


def fit_chooser(
    articles: Sequence[PolnearArticle],
    docs: Sequence[Doc],
    *,
    outlets: Sequence[str] | None = None,
    c: float = REGULARISATION,
    threshold: float | None = None,
) -> CueChooser:
    """The chooser fitted on the articles of `outlets` (all of them when None)."""
    anchors: list[Anchor] = []
    for article, doc in zip(articles, docs, strict=True):
        if outlets is None or article.publisher in outlets:
            anchors += examples(article, doc)
    chooser = _fit([row for anchor in anchors for row in anchor], c=c)
    which = "all outlets" if outlets is None else ", ".join(outlets)
    return replace(
        chooser,
        threshold=THRESHOLD if threshold is None else threshold,
        trained_on=f"PolNeAR dev ({which}): {len(anchors)} words, {chooser.trained_on}",
    )


def choose_threshold(
    articles: Sequence[PolnearArticle], docs: Sequence[Doc], folds: Sequence[Sequence[str]]
) -> tuple[float, dict[float, int]]:
    """The threshold that decides most words right with each fold fitted on the others.

    A word is decided right when the likeliest candidate is taken and is its gold cue,
    or none is taken and none is. Ties go to the higher threshold (fewer guesses).
    """
    right = dict.fromkeys(THRESHOLDS, 0)
    for fold in folds:
        others = sorted({a.publisher or "" for a in articles} - set(fold))
        chooser = fit_chooser(articles, docs, outlets=others)
        for article, doc in zip(articles, docs, strict=True):
            if article.publisher not in fold:
                continue
            for anchor in examples(article, doc):
                best = max(anchor, key=lambda row: chooser.probability(row[0]))
                p = chooser.probability(best[0])
                gold = any(label for _, label in anchor)
                for threshold in THRESHOLDS:
                    right[threshold] += best[1] == 1 if p >= threshold else not gold
    best_threshold = max(THRESHOLDS, key=lambda t: (right[t], t))
    return best_threshold, right


def _fit(rows: Sequence[Example], *, c: float) -> CueChooser:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for features, _ in rows for name in set(features))
    rows = [
        ([RARE_LEMMA if _rare(f, counts) else f for f in features], label)
        for features, label in rows
    ]
    counts = Counter(name for features, _ in rows for name in set(features))
    names = sorted(name for name, n in counts.items() if n >= MIN_COUNT)
    column = {name: k for k, name in enumerate(names)}
    indices, pointers = [], [0]
    for features, _ in rows:
        indices += sorted({column[f] for f in features if f in column})
        pointers.append(len(indices))
    matrix = csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=int), np.asarray(pointers)),
        shape=(len(rows), len(names)),
    )
    labels = np.asarray([label for _, label in rows])
    fitted = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels)
    weights = {
        name: float(w) for name, w in zip(names, fitted.coef_[0], strict=True) if abs(w) >= 1e-4
    }
    return CueChooser(
        bias=float(fitted.intercept_[0]),
        weights=weights,
        trained_on=f"{len(rows)} candidates, {int(labels.sum())} cues",
    )


def _rare(feature: str, counts: Counter[str]) -> bool:
    return feature.startswith(LEMMA) and counts[feature] < MIN_COUNT


def parse(articles: Sequence[PolnearArticle], nlp: Language) -> list[Doc]:
    return list(nlp.pipe(a.text for a in articles))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.eval.attribution_training", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder")
    parser.add_argument("--outlets", nargs="*", default=None, help="fit on these outlets only")
    parser.add_argument("-o", "--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    from factcheck.nlp import load_nlp

    root = (args.shared or shared_dir()) / "data" / "polnear-dev"
    if not root.exists():
        print(f"no PolNeAR dev copy at {root}", file=sys.stderr)
        return 2
    articles = read_polnear(root)
    docs = parse(articles, load_nlp())
    threshold, right = choose_threshold(articles, docs, (DEV_OUTLETS, HELD_OUT_OUTLETS))
    for t, n in right.items():
        print(f"threshold {t}: {n} words decided right, each outlet fold fitted on the other")
    chooser = fit_chooser(articles, docs, outlets=args.outlets, threshold=threshold)
    write_chooser(chooser, args.output)
    weights = len(chooser.weights)
    print(f"{args.output}: {weights} weights, threshold {threshold}; {chooser.trained_on}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

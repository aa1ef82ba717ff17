"""The pair model: how likely two claims report one quantity, from the checks' evidence.

A logistic regression over the features of `checks.py`, fitted on labelled
pairs of the dev gold (`python -m factcheck.eval train`) and shipped as a small
JSON file beside this module (`pair_model.json`), never a pickle: anyone can
read its weights, and it loads with nothing but the standard library.

It has two heads, because "do these report one quantity?" is asked in two
situations that differ a lot in how often the answer is yes:

- `differ`: the two figures differ. Most such pairs are two quantities of one
  story (the aftershock's magnitude and the main shock's), and the question is
  whether this one is a discrepancy worth a reader's time;
- `equal`: the figures are the same, where most candidate pairs in one story
  are indeed one quantity.

Fitting one model on both lets "the values differ" dominate every other
check, and a conflict could never be found; each head is calibrated on the
population it is used for. Each score comes with the signed contribution of
every check (log-odds, the waterfall of a record-linkage tool such as Splink),
so a reader can be told what moved it.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.matching.checks import CHECK_FEATURES, FEATURES, PairEvidence

MODEL_PATH = Path(__file__).with_name("pair_model.json")
SCALE_FLOOR = 1.0
"""A feature is divided by its standard deviation only above this (see `fit_head`).
`python -m factcheck.eval matching`, held out on ECB+ dev: average precision of the
ranked discrepancies 0.15 with every feature standardised (a floor of 0), 0.21 with the
floor at one."""


@dataclass(frozen=True)
class Contribution:
    """What one check added to a pair's log-odds, and what it saw, in words."""

    check: str
    weight: float
    says: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "weight": round(self.weight, 3), "says": self.says}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Contribution:
        return cls(str(data["check"]), float(data["weight"]), data.get("says"))


@dataclass(frozen=True)
class Head:
    """One logistic regression: weights over centred (wide ones scaled) features, and its
    intercept."""

    intercept: float
    weights: Mapping[str, float]
    means: Mapping[str, float]
    scales: Mapping[str, float]

    def terms(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each feature's signed term of the log-odds."""
        get = features.get
        return {
            name: weight * (get(name, 0.0) - mean) / scale
            for name, weight, mean, scale in self._table
        }

    @functools.cached_property
    def _table(self) -> tuple[tuple[str, float, float, float], ...]:
        """(name, weight, mean, scale) of each weighed feature: `terms` runs for every
        pair kept, and three dictionary lookups a feature were most of its time."""
        return tuple((n, w, self.means[n], self.scales[n]) for n, w in self.weights.items())


@dataclass(frozen=True)
class Scored:
    """A pair's probability of reporting one quantity, and each check's contribution."""

    probability: float
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class PairModel:
    """The fitted heads, the thresholds chosen with them, and what they were fitted on."""

    differ: Head
    equal: Head
    suggest: float = 0.5
    confirm: float = 0.7
    fitted_on: Mapping[str, Any] = field(default_factory=dict)

    def score(self, evidence: PairEvidence, *, values_differ: bool) -> Scored:
        """The probability that the pair reports one quantity, with its waterfall."""
        head = self.differ if values_differ else self.equal
        features = evidence.features()
        terms = head.terms(features)
        log_odds = head.intercept + sum(terms.values())
        term = terms.get
        by_check = {
            check: sum([term(name, 0.0) for name in names])
            for check, names in CHECK_FEATURES.items()
        }
        says: dict[str, str | None] = dict.fromkeys(by_check)
        for item in evidence.items:
            says[item.check] = item.says
        contributions = tuple(
            sorted(
                (Contribution(check, weight, says[check]) for check, weight in by_check.items()),
                key=lambda c: -abs(c.weight),
            )
        )
        return Scored(_sigmoid(log_odds), contributions)

    def probabilities(self, rows: Any, differ: Any) -> Any:
        """Probabilities for many pairs at once: feature rows (in `FEATURES` order) and,
        per row, whether its figures differ (which head scores it)."""
        import numpy as np

        matrix = np.asarray(rows, dtype=float).reshape(-1, len(FEATURES))
        flags = np.asarray(differ, dtype=bool)
        out = np.zeros(len(matrix))
        for head, want in ((self.differ, True), (self.equal, False)):
            chosen = flags == want
            if chosen.any():
                out[chosen] = probabilities(head, matrix[chosen])
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": (
                "Pair model of factcheck: logistic regressions over the checks' features "
                "(centred, wide ones scaled), one for pairs whose figures differ and one for "
                "equal figures. "
                "Rebuild with: python -m factcheck.eval train"
            ),
            "features": list(FEATURES),
            "suggest": self.suggest,
            "confirm": self.confirm,
            "fitted_on": dict(self.fitted_on),
            "heads": {
                name: _head_dict(head)
                for name, head in (("differ", self.differ), ("equal", self.equal))
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PairModel:
        heads = data["heads"]
        return cls(
            differ=_head(heads["differ"]),
            equal=_head(heads["equal"]),
            suggest=float(data.get("suggest", 0.5)),
            confirm=float(data.get("confirm", 0.7)),
            fitted_on=dict(data.get("fitted_on", {})),
        )


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _head_dict(head: Head) -> dict[str, Any]:
    return {
        "intercept": round(head.intercept, 6),
        "weights": {k: round(v, 6) for k, v in head.weights.items()},
        "means": {k: round(v, 6) for k, v in head.means.items()},
        "scales": {k: round(v, 6) for k, v in head.scales.items()},
    }


def _head(data: Mapping[str, Any]) -> Head:
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    unknown = sorted(set(weights) - set(FEATURES))
    if unknown:
        raise FactcheckError(
            f"pair model: features {', '.join(unknown)} are not computed by this version; "
            "rebuild it with `python -m factcheck.eval train`"
        )
    return Head(
        intercept=float(data["intercept"]),
        weights=weights,
        means={k: float(data["means"][k]) for k in weights},
        scales={k: float(data["scales"][k]) or 1.0 for k in weights},
    )


def read_pair_model(path: Path) -> PairModel:
    """A pair model file; a clear error when it is missing or was written for other features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FactcheckError(f"{path}: cannot read the pair model ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise FactcheckError(f"{path}: line {exc.lineno}: not a pair model ({exc.msg})") from exc
    try:
        return PairModel.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise FactcheckError(f"{path}: not a pair model (missing {exc})") from exc


@functools.cache
def load_pair_model() -> PairModel:
    """The shipped pair model, read once per process."""
    return read_pair_model(MODEL_PATH)


def write_pair_model(model: PairModel, path: Path = MODEL_PATH) -> None:
    """Write the model as readable, diff-friendly JSON (atomically: never half a file)."""
    text = json.dumps(model.to_dict(), indent=1, sort_keys=False) + "\n"
    scratch = path.with_suffix(".json.tmp")
    scratch.write_text(text, encoding="utf-8")
    scratch.replace(path)


# --- fitting (scikit-learn is only needed here, by `python -m factcheck.eval train`) -----------


def fit_head(
    rows: Sequence[Sequence[float]],
    labels: Sequence[int],
    *,
    c: float = 0.1,
    weights: Sequence[float] | None = None,
) -> Head:
    """A logistic regression on centred features (L2, `c` its inverse strength).

    A feature is divided by its standard deviation only where that exceeds one
    (`SCALE_FLOOR`): a wide feature (a log of days) is brought to a unit's width,
    but a flag keeps its 0-or-1 unit. Dividing a rare flag by its small deviation
    would let it buy a large effect for a small penalty, and a check that fires in a
    dozen pairs of one topic (two sources in one sentence) would end up outweighing
    the measure and the values; at one unit, the regularisation holds it to what
    many pairs support.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix = np.asarray(rows, dtype=float)
    target = np.asarray(labels, dtype=int)
    means = matrix.mean(axis=0)
    scales = np.maximum(matrix.std(axis=0), SCALE_FLOOR)
    scales[scales == 0] = 1.0  # a constant feature (with a floor of 0)
    standard = (matrix - means) / scales
    if target.min() == target.max():  # nothing to learn from: the base rate
        rate = min(max(float(target.mean()), 1e-4), 1 - 1e-4)
        return Head(
            math.log(rate / (1 - rate)),
            dict.fromkeys(FEATURES, 0.0),
            dict(zip(FEATURES, means.tolist(), strict=True)),
            dict(zip(FEATURES, scales.tolist(), strict=True)),
        )
    fitted = LogisticRegression(C=c, max_iter=5000).fit(standard, target, sample_weight=weights)
    return Head(
        intercept=float(fitted.intercept_[0]),
        weights=dict(zip(FEATURES, fitted.coef_[0].tolist(), strict=True)),
        means=dict(zip(FEATURES, means.tolist(), strict=True)),
        scales=dict(zip(FEATURES, scales.tolist(), strict=True)),
    )


def head_arrays(head: Head) -> tuple[Any, Any, Any]:
    """The head's weights, means and scales as arrays in `FEATURES` order; a feature the
    head does not weigh counts 0 (weight 0, mean 0, scale 1), as in `Head.terms`."""
    import numpy as np

    weights = np.array([head.weights.get(f, 0.0) for f in FEATURES])
    means = np.array([head.means.get(f, 0.0) for f in FEATURES])
    scales = np.array([head.scales.get(f, 1.0) for f in FEATURES])
    return weights, means, scales


def probabilities(head: Head, rows: Sequence[Sequence[float]]) -> list[float]:
    """The head's probability for many feature rows at once (rows in `FEATURES` order)."""
    import numpy as np

    matrix = np.asarray(rows, dtype=float)
    if not len(matrix):
        return []
    weights, means, scales = head_arrays(head)
    log_odds = head.intercept + ((matrix - means) / scales) @ weights
    return (1.0 / (1.0 + np.exp(-log_odds))).tolist()

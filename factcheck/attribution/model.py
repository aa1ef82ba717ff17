"""The learned cue chooser: which verb above a figure, if any, reports it.

The hand rules of the stage (`cues.py`, `governing.py`) know the common
reporting verbs ("said", "according to", "a poll shows"), but news attributes
with many more ("the program allows", "aides point to", "the Times published")
and most of these verbs also occur where nobody is being quoted. Rather than
grow a word list by hand, the attributor scores each verb that governs a figure
it could not attribute (and each "..., X verb" clause hung beside it) with a
logistic regression over named features of the parse (`candidates.py`): the
verb's lemma, the dependency path down to the figure, what kind of subject the
verb has, its tense and mood.

The weights are fitted on every attribution relation of PolNeAR dev, not only
those around figures: each noun or number in the corpus is an example, and a
governing verb is a positive when it is the gold Cue of the Content holding
that word; nouns and numbers outside any Content teach the model where the
narrator speaks. `python -m factcheck.eval.attribution_training` rebuilds
`model.json`, beside this module, deterministically from the shared data.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json")
LEMMA = "lemma="
RARE_LEMMA = "lemma=<rare>"
"""The feature a verb's lemma becomes when the fit saw it too rarely to weigh it alone."""
THRESHOLD = 0.5
"""A candidate cue is taken when the model finds it more likely a cue than not."""


@dataclass(frozen=True)
class CueChooser:
    """Logistic weights over string features; `probability` of one candidate cue."""

    bias: float
    weights: Mapping[str, float] = field(default_factory=dict)
    threshold: float = THRESHOLD
    trained_on: str = ""

    def probability(self, features: Iterable[str]) -> float:
        """P(the candidate is the cue reporting the figure), from its features.

        A verb the fit saw too rarely to weigh on its own ("flew", "bought") takes the
        weight of all such rare verbs, which news seldom reports with.
        """
        score = self.bias
        for name in features:
            if name not in self.weights and name.startswith(LEMMA):
                name = RARE_LEMMA
            score += self.weights.get(name, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "trained_on": self.trained_on,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CueChooser:
        return cls(
            bias=float(data["bias"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data.get("threshold", THRESHOLD)),
            trained_on=str(data.get("trained_on", "")),
        )


def write_chooser(chooser: CueChooser, path: Path = MODEL_PATH) -> None:
    """One weight a line, sorted, so a refit shows as a readable diff."""
    data = chooser.to_dict()
    lines = ["{"]
    lines.append(f"  {json.dumps('trained_on')}: {json.dumps(data['trained_on'])},")
    lines.append(f'  "threshold": {data["threshold"]},')
    lines.append(f'  "bias": {round(data["bias"], 6)},')
    lines.append('  "weights": {')
    items = [f"    {json.dumps(k)}: {round(v, 6)}" for k, v in data["weights"].items()]
    lines.append(",\n".join(items))
    lines.append("  }")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@functools.cache
def load_chooser(path: Path = MODEL_PATH) -> CueChooser | None:
    """The shipped chooser, read once; None when the file is absent (rules only)."""
    if not path.exists():
        return None
    return CueChooser.from_dict(json.loads(path.read_text(encoding="utf-8")))

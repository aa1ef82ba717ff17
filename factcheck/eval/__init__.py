"""Measuring the pipeline against gold data (`python -m factcheck.eval`)."""

from factcheck.eval.extraction import (
    evaluate_ecbplus,
    evaluate_own_gold,
    evaluate_polnear,
    evaluate_seed,
)

__all__ = [
    "evaluate_ecbplus",
    "evaluate_own_gold",
    "evaluate_polnear",
    "evaluate_seed",
]

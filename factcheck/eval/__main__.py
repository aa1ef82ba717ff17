"""`python -m factcheck.eval SUBCOMMAND`: measure the pipeline against the gold sets.

    python -m factcheck.eval extraction                    # all four extraction sets
    python -m factcheck.eval extraction --limit 20 --json out.json
    python -m factcheck.eval extraction --sections seed own
    python -m factcheck.eval measures                      # canonical measures vs ECB+ slots

Each evaluation registers one subcommand in `build_parser`. Sets whose data is
absent (the shared folder next to the repository) are reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from factcheck.errors import FactcheckError
from factcheck.eval.extraction import (
    Extractor,
    evaluate_ecbplus,
    evaluate_own_gold,
    evaluate_polnear,
    evaluate_seed,
)
from factcheck.eval.gold import shared_dir
from factcheck.eval.matching import add_matching
from factcheck.eval.measures import add_measures
from factcheck.eval.training import add_train
from factcheck.extract import extract_all
from factcheck.model import Claim, Document
from factcheck.nlp import load_nlp

REPO = Path(__file__).resolve().parents[2]
OWN_GOLD = REPO / "tests" / "data" / "extraction_gold.jsonl"
SEED = Path("seeds") / "000_66e9cc6d0f1db5b5.txt"
SEED_GOLD = Path("dev") / "seed_gold.json"
POLNEAR = Path("data") / "polnear-dev"
ECBPLUS = Path("data") / "ecbplus-dev"
SECTIONS = ("seed", "own", "polnear", "ecbplus")


def _progress_extractor(nlp: Language, label: str) -> Extractor:
    """`extract_all` with a progress line on stderr ("polnear: 40/84 articles")."""

    def extract(documents: Sequence[Document]) -> list[list[Claim]]:
        done = 0
        total = len(documents)

        # A terminal gets one line redrawn in place; a log gets a line every tenth.
        step = 1 if sys.stderr.isatty() else max(1, total // 10)
        end = "" if sys.stderr.isatty() else "\n"

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if done % step == 0 or done == total:
                print(f"\r{label}: {done}/{total} articles", end=end, file=sys.stderr, flush=True)

        claims = extract_all(documents, nlp=nlp, progress=tick)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        return claims

    return extract


def _run_extraction(args: argparse.Namespace) -> int:
    shared: Path = args.shared
    nlp = load_nlp()
    runs: dict[str, tuple[list[Path], Callable[[Extractor], Any]]] = {
        "seed": (
            [shared / SEED, shared / SEED_GOLD],
            lambda ex: evaluate_seed(shared / SEED, shared / SEED_GOLD, nlp=nlp, extract=ex),
        ),
        "own": (
            [args.gold],
            lambda ex: evaluate_own_gold(args.gold, nlp=nlp, extract=ex, limit=args.limit),
        ),
        "polnear": (
            [shared / POLNEAR],
            lambda ex: evaluate_polnear(shared / POLNEAR, nlp=nlp, extract=ex, limit=args.limit),
        ),
        "ecbplus": (
            [shared / ECBPLUS],
            lambda ex: evaluate_ecbplus(shared / ECBPLUS, nlp=nlp, extract=ex, limit=args.limit),
        ),
    }
    output: dict[str, Any] = {"limit": args.limit, "skipped": {}}
    for name in args.sections:
        needed, run = runs[name]
        missing = [str(p) for p in needed if not p.exists()]
        if missing:
            output["skipped"][name] = f"missing {', '.join(missing)}"
            print(f"{name}: skipped (missing {', '.join(missing)})\n")
            continue
        started = time.perf_counter()
        result = run(_progress_extractor(nlp, name))
        seconds = time.perf_counter() - started
        output[name] = {**result.to_dict(), "seconds": round(seconds, 2)}
        print(result.render())
        print(f"  ({seconds:.1f} s)\n")
    if args.json:
        args.json.write_text(json.dumps(output, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"numbers written to {args.json}")
    return 0


def _add_extraction(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extraction",
        help="figures, values, speakers and cues against the seed, own, PolNeAR and ECB+ gold",
        description=(
            "Score the claim extractor on the seed article, tests/data/extraction_gold.jsonl, "
            "PolNeAR dev and ECB+ dev. Example: python -m factcheck.eval extraction --limit 20"
        ),
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every number to FILE")
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="only the first N documents of each set"
    )
    parser.add_argument(
        "--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sets to run"
    )
    parser.add_argument(
        "--shared", type=Path, default=shared_dir(), metavar="DIR", help="the shared data folder"
    )
    parser.add_argument(
        "--gold", type=Path, default=OWN_GOLD, metavar="FILE", help="the own gold JSON-lines file"
    )
    parser.set_defaults(run=_run_extraction)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.eval", description="Measure factcheck against gold data."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    # One registration per evaluation.
    _add_extraction(subparsers)
    add_matching(subparsers, shared=shared_dir())
    add_measures(subparsers, shared=shared_dir())
    add_train(subparsers, shared=shared_dir())
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except FactcheckError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

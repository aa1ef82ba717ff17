"""One long article: time and peak memory of each stage of `check` at 100 KB, 300 KB and 1 MB.

    .venv/bin/python bench/bench_long.py [--sizes 100000 300000 1000000] [--timeout 900]

Each size runs in a fresh process (so its peak memory is its own), on an
invented article of varied paragraphs: figures with speakers, places, quotes
and "It added that ..." (seeded, the same every run). The stages are timed
apart, because they grow differently: parsing and extraction (spaCy in
paragraph-aligned pieces, `extract.parse_in_pieces`), embedding the claims,
matching the claims of the article with each other (`match_within`), and
judging the matches and grouping them into findings (`judge.py`). A
stage still running at `--timeout` is reported as such, with the stages
before it. Peak memory is the process's maximum resident set (models included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPEAKERS = [
    "Col. Mara Lindqvist", "spokesman Omar Haddad", "Mayor Ines Carvalho", "Dr. Tomas Berg",
    "police chief Anya Petrov", "Governor Lena Kowalski", "minister Rafael Osei",
]  # fmt: skip
PLACES = ["Brenna Air Base", "Eastport", "Lakeside", "Northfield", "the Varn Valley", "Kessel"]
EVENTS = [
    ("rockets", "were fired at"), ("protesters", "marched in"), ("people", "were evacuated from"),
    ("homes", "were damaged in"), ("soldiers", "were sent to"), ("trucks", "arrived at"),
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    who, place = rng.choice(SPEAKERS), rng.choice(PLACES)
    noun, verb = rng.choice(EVENTS)
    n = rng.choice([rng.randint(2, 99), rng.randint(100, 5000), rng.randint(5000, 200000)])
    form = rng.randint(0, 4)
    if form == 0:
        return f"{who} said that {n:,} {noun} {verb} {place}."
    if form == 1:
        return f'"At least {n:,} {noun} {verb} {place}," {who} told reporters.'
    if form == 2:
        return f"It added that about {n:,} {noun} {verb} {place} last week."
    if form == 3:
        return f"According to {who}, {n:,} {noun} {verb} {place} on Friday."
    return f"Residents of {place} described a long night as crews worked to restore power."


def article(size: int, *, seed: int = 7) -> str:
    """An invented article of `size` characters, in paragraphs of three to six sentences."""
    rng = random.Random(seed)
    parts, total = ["date 2024-05-02 "], 0
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6))) + "\n\n"
        parts.append(paragraph)
        total += len(paragraph)
    return "".join(parts)[:size]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(size: int) -> None:
    """Run the stages in this process, printing one JSON line per stage as it ends."""
    from factcheck.embed import load_encoder
    from factcheck.ingest import document_from_text
    from factcheck.nlp import load_nlp
    from factcheck.pipeline import Checker

    nlp, encoder = load_nlp(), load_encoder()
    nlp.max_length = max(nlp.max_length, size + 1)
    checker = Checker(nlp=nlp, encoder=encoder)
    document = document_from_text(article(size))

    def stage(name: str, began: float, **extra: object) -> None:
        line = {"stage": name, "seconds": round(time.perf_counter() - began, 1)}
        print(json.dumps({**line, "peak_mb": round(peak_mb()), **extra}), flush=True)

    print(json.dumps({"stage": "models", "peak_mb": round(peak_mb())}), flush=True)
    began = time.perf_counter()
    extraction = checker.extract([document])
    claims = extraction[0].claims
    stage("parse+extract", began, claims=len(claims))
    began = time.perf_counter()
    contexts = checker.contexts([document], [claims])
    stage("embed", began)
    from factcheck.matching import match_within

    began = time.perf_counter()
    matches = match_within(contexts, settings=checker.settings)
    stage("match", began, matches=len(matches))
    from factcheck.judge import group_findings, judge

    began = time.perf_counter()
    findings = group_findings([judge(m) for m in matches])
    stage("judge", began, findings=len(findings))


def run(size: int, timeout: float) -> list[dict]:
    command = [sys.executable, __file__, "--child", str(size)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        return [*map(json.loads, out.splitlines()), {"stage": "timeout", "seconds": timeout}]
    return [json.loads(line) for line in out.splitlines()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    print(f"{'size':>9}  {'stage':<14}{'seconds':>9}{'peak MB':>9}  detail")
    for size in args.sizes:
        for row in run(size, args.timeout):
            detail = ", ".join(
                f"{k} {v:,}" for k, v in row.items() if k in {"claims", "matches", "findings"}
            )
            if row["stage"] == "timeout":
                detail = f"the next stage was still running after {args.timeout:g} s"
            seconds = f"{row['seconds']:9.1f}" if "seconds" in row else " " * 9
            peak = f"{row['peak_mb']:9,}" if "peak_mb" in row else " " * 9
            print(f"{size:>9,}  {row['stage']:<14}{seconds}{peak}  {detail}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

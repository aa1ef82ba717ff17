"""How long `python -m factcheck check` makes a reader wait on one article, cold.

    .venv/bin/python bench/bench_cli.py [--repeat 3]

A check on the command line starts a new process each time, so what a reader
waits for is mostly loading: the spaCy model, the sentence encoder (torch,
transformers) and quantulum3's unit tables (which load `inflect`). Each is
timed alone in a fresh process, then the whole `check` of the seed article
(no index) end to end. Prints the median of `--repeat` runs of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENCODERS = ("static", "minilm")
SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"
MULTISOURCE = ROOT / "tests" / "data" / "multisource" / "articles.csv"

LOADS = {
    "spaCy model": "from factcheck.nlp import load_nlp; load_nlp()",
    "static encoder": "from factcheck.embed import load_encoder; load_encoder('static')",
    "MiniLM encoder": "from factcheck.embed import load_encoder; load_encoder('minilm')",
    "quantulum3 units": "from quantulum3 import load; load.units('en')",
}


ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def seconds(command: list[str]) -> float:
    """Wall seconds of one fresh process; fails loudly if the command fails."""
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - began


def load_seconds(code: str) -> float:
    """Seconds `code` takes in a fresh process, imports included, interpreter start not."""
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    done = subprocess.run(
        [sys.executable, "-c", timed], cwd=ROOT, env=ENV, check=True, capture_output=True
    )
    return float(done.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        article = SEED
        if not article.exists():  # no shared data here: the first article of our own set
            sys.path.insert(0, str(ROOT))
            from factcheck.ingest import read_csv

            article = scratch / "article.txt"
            article.write_text(read_csv(MULTISOURCE).documents[0].text, encoding="utf-8")
        for name, code in LOADS.items():
            taken = statistics.median(load_seconds(code) for _ in range(args.repeat))
            print(f"load {name}: {taken:.2f} s")
        with_index = ["--index", str(scratch / "no-index")]  # nothing stored, nothing read
        for encoder in ENCODERS:
            command = [sys.executable, "-m", "factcheck", "check", str(article), *with_index]
            command += ["--encoder", encoder]
            runs = [seconds(command) for _ in range(args.repeat)]
            print(
                f"check {article.name} cold, --encoder {encoder}, end to end: "
                f"{statistics.median(runs):.2f} s (runs: {', '.join(f'{t:.2f}' for t in runs)}; "
                f"load average {os.getloadavg()[0]:.1f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peak memory of the batch path against the number of CSV rows: 1,000 vs 5,000 (and more).

    .venv/bin/python bench/bench_csv_memory.py [--rows 1000 5000] [--add-rows 200 1000]

Two measurements, each in a fresh process so its peak is its own:

- reading: `ingest.iter_csv` over the whole file, a chunk of rows at a time
  (what `add` does); its peak should not move with the number of rows.
- add: `python -m factcheck add ROWS.csv` end to end into a new index (parse,
  extract, embed and store a chunk at a time). Slower, so fewer rows by default.

The articles are invented, short and varied (seeded). Peak memory is the
process's maximum resident set.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READ = """
import resource, sys
from factcheck.ingest import iter_csv
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = sum(len(chunk.documents) for chunk in iter_csv(sys.argv[1]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(rows, round(base / 1024), round(peak / 1024))
"""


def write_csv(path: Path, rows: int, *, seed: int = 3) -> None:
    rng = random.Random(seed)
    outlets = ["Harbor Ledger", "Valley Post", "Morning Wire", "Eastport Courier"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "source", "published", "text"])
        for n in range(rows):
            figures = [rng.randint(2, 5000) for _ in range(3)]
            text = (
                f"Officials in Town {n} said {figures[0]} people were evacuated on Tuesday. "
                f'"We counted {figures[1]} damaged homes," Mayor Ana Reyes said. '
                f"Police said {figures[2]} officers were sent to the area. " * 2
            )
            writer.writerow([f"a{n}", rng.choice(outlets), "2024-05-02", text])


def peak_of(command: list[str]) -> tuple[float, int]:
    """Seconds and peak resident MB of a child process (its own, via wait4)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    began = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - began, round(usage.ru_maxrss / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 5_000, 20_000])
    parser.add_argument("--add-rows", type=int, nargs="*", default=[1_000, 5_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factcheck-csv-") as scratch_dir:
        scratch = Path(scratch_dir)
        print(f"{'rows':>7}  {'what':<8}{'MB file':>9}{'seconds':>9}{'peak MB':>9}")
        for rows in sorted(set(args.rows) | set(args.add_rows)):
            path = scratch / f"rows{rows}.csv"
            write_csv(path, rows)
            size = path.stat().st_size / 1e6
            if rows in args.rows:
                seconds, peak = peak_of([sys.executable, "-c", READ, str(path)])
                print(f"{rows:>7,}  {'reading':<8}{size:9.1f}{seconds:9.1f}{peak:9,}", flush=True)
            if rows in args.add_rows:
                index = scratch / f"index{rows}"
                command = [
                    sys.executable,
                    "-m",
                    "factcheck",
                    "add",
                    str(path),
                    "--index",
                    str(index),
                ]
                seconds, peak = peak_of(command)
                print(f"{rows:>7,}  {'add':<8}{size:9.1f}{seconds:9.1f}{peak:9,}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A cold `check` loads only what it uses: no torch with the static encoder, no pandas without
--json or -o, and the static table mapped rather than read (timings: bench/bench_cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from factcheck.embed import load_encoder

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Coalition spokesman Col. Wayne Marotto said 14 rockets landed on Ain al-Asad Air Base. "
    "A militant group said its members fired 30 rockets at the base."
)
PROBE = """
import json, sys
from factcheck import cli
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "torch": "torch" in sys.modules, "pandas": "pandas" in sys.modules,
                  "sentence_transformers": "sentence_transformers" in sys.modules}))
"""


def run_check(tmp_path: Path, *options: str) -> dict[str, object]:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    command = [sys.executable, "-c", PROBE, "check", str(article), "--index", str(tmp_path / "ix")]
    done = subprocess.run(
        [*command, *options], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_cold_check_with_the_static_encoder_imports_neither_torch_nor_pandas(
    tmp_path: Path,
) -> None:
    loaded = run_check(tmp_path, "--encoder", "static")
    assert loaded == {"code": 0, "torch": False, "pandas": False, "sentence_transformers": False}


def test_json_output_still_brings_the_report_writers(tmp_path: Path) -> None:
    loaded = run_check(tmp_path, "--encoder", "static", "--json", str(tmp_path / "out.json"))
    assert loaded["code"] == 0 and loaded["pandas"] is True
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["claims"]


def test_torch_still_imports_after_spacy_was_loaded_without_it() -> None:
    code = (
        "import factcheck.nlp, sys; assert 'torch' not in sys.modules; import torch, thinc.compat; "
        "print(torch.tensor([1.0]).sum().item(), thinc.compat.has_torch)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["1.0", "False"]


def test_the_static_table_is_mapped_not_read() -> None:
    assert isinstance(load_encoder("static")._table, np.memmap)

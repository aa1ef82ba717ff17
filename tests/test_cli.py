"""The command line as a user meets it: what each command prints, writes and refuses.

Commands run in-process through `main([...])` (the models load once per test
session through the caches of `load_nlp`/`load_encoder`); one test runs
`python -m factcheck` in a subprocess to prove the entry point works.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import spacy

from factcheck import cli
from factcheck.cli import excerpt, main
from factcheck.embed import CLAIM_TEXT_VERSION, HashingEncoder, default_encoder, encoder_info
from factcheck.ingest import iter_articles
from factcheck.model import Document
from factcheck.store import ClaimIndex
from tests.claims import make_claims

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_66e9cc6d0f1db5b5.txt"
MULTISOURCE = REPO / "tests" / "data" / "multisource" / "articles.csv"

CLAIM_FIELDS = {
    "id", "doc_id", "sentence", "start", "end", "value", "low", "high", "qualifier",
    "figure_text", "unit", "noun", "predicate", "places", "times", "speaker", "speaker_role",
    "cue", "quote",
}  # fmt: skip
FINDING_KINDS = {"conflict", "agreement", "different_measure", "update"}
SHORT_ARTICLE = "Police said 12 people were hurt in the clashes in Dumra on Tuesday.\n"


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide, fixed terminal and no index from the environment, whatever the shell has."""
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv(cli.INDEX_ENV, raising=False)


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (the shared data lives outside the repo)")
    return SEED


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def finding_block(out: str, header: str) -> str:
    """The lines of the first finding whose header line contains `header`, up to its `why`."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if header in line)
    end = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("why:"))
    return "\n".join(lines[start : end + 1])


@pytest.fixture(scope="module")
def stored_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index holding the seed article (source AP), built once through `add`."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (the shared data lives outside the repo)")
    path = tmp_path_factory.mktemp("cli") / "index"
    assert main(["add", str(SEED), "--source", "AP", "--index", str(path)]) == 0
    return path


# --- check ----------------------------------------------------------------------------


def test_check_seed_shows_the_conflict_with_both_speakers(
    capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    code, out, _ = run(capsys, "check", seed, "--index", index)
    assert code == 0
    block = finding_block(out, "CONFLICT  14 vs 30")
    assert "Security Media Cell" in block or "Marotto" in block
    assert "brigades to avenge al-Muhandis" in block
    assert "2021-07-07" in block
    assert f"no index at {index}" in out
    assert not index.exists(), "check must not create an index"


def test_check_json_follows_the_contract(
    capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "report.json"
    code, _, err = run(capsys, "check", seed, "--json", out_file, "--index", tmp_path / "ix")
    assert code == 0
    assert str(out_file) in err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert {"documents", "claims", "findings"} <= set(data)
    assert data["documents"][0]["published"] == "2021-07-07"
    assert all(set(claim) >= CLAIM_FIELDS for claim in data["claims"])
    assert {f["kind"] for f in data["findings"]} <= FINDING_KINDS
    conflicts = [f for f in data["findings"] if f["kind"] == "conflict"]
    assert any(sorted(f["values"]) == [14, 30] for f in conflicts)
    claim_ids = {claim["id"] for claim in data["claims"]}
    assert all(set(f["claims"]) <= claim_ids for f in data["findings"])


def test_check_add_stores_the_article_and_finds_conflicts_against_the_index(
    capsys: pytest.CaptureFixture[str], stored_index: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    shutil.copytree(stored_index, index)
    # Another outlet reporting the militants' figure for the same attack.
    article = tmp_path / "other.txt"
    article.write_text(
        "A militant group said its members fired 30 rockets at Ain al-Asad air base in western "
        "Iraq on Wednesday.\n",
        encoding="utf-8",
    )
    argv = ["check", article, "--source", "Other Wire", "--published", "2021-07-07"]
    code, out, _ = run(capsys, *argv, "--index", index, "--add")
    assert code == 0
    against = out[out.index("Against the index") :]
    assert "AP | 2021-07-07" in against and "Other Wire | 2021-07-07" in against
    assert "Article stored" in out
    code, out, _ = run(capsys, "stats", "--index", index)
    assert "Other Wire" in out and "documents: 2" in out


def test_extract_reads_stdin_and_writes_json_to_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(SHORT_ARTICLE))
    code, out, _ = run(capsys, "extract", "-", "--source", "Wire", "--json", "-")
    assert code == 0
    data = json.loads(out)  # nothing but the JSON on stdout
    assert data["documents"][0]["source"] == "Wire"
    assert [claim["value"] for claim in data["claims"]] == [12]


def test_extract_prints_a_table_of_claims(capsys: pytest.CaptureFixture[str], seed: Path) -> None:
    code, out, _ = run(capsys, "extract", seed)
    assert code == 0
    header = next(line for line in out.splitlines() if line.lstrip().startswith("#"))
    for column in ("figure", "value", "qualifier", "noun", "predicate", "speaker", "cue"):
        assert column in header
    row = next(line for line in out.splitlines() if "Col. Wayne Marotto" in line)
    assert "14" in row and "rocket" in row and "said" in row


# --- the index: add, stats, search, remove --------------------------------------------


def test_stats_shows_the_added_document(
    capsys: pytest.CaptureFixture[str], stored_index: Path
) -> None:
    code, out, _ = run(capsys, "stats", "--index", stored_index)
    assert code == 0
    assert "documents: 1" in out
    assert "AP" in out and encoder_info(default_encoder()).name in out


def test_adding_twice_stores_once(
    capsys: pytest.CaptureFixture[str], stored_index: Path, seed: Path
) -> None:
    code, out, _ = run(capsys, "add", seed, "--source", "AP", "--index", stored_index)
    assert code == 0
    assert "0 new documents, 1 already stored; 0 claims added" in out
    _, out, _ = run(capsys, "stats", "--index", stored_index)
    assert "documents: 1" in out


def test_search_finds_the_stored_claims(
    capsys: pytest.CaptureFixture[str], stored_index: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "hits.json"
    query = "rockets fired at Ain al-Asad"
    code, out, _ = run(
        capsys, "search", query, "-k", "5", "--json", out_file, "--index", stored_index
    )
    assert code == 0
    rows = [row for row in out.splitlines()[2:] if "AP" in row]
    assert 1 <= len(rows) <= 5
    assert any("rocket" in row for row in rows)
    assert "below 0.45 not shown" in out
    data = json.loads(out_file.read_text(encoding="utf-8"))
    results = data["results"]
    assert {r["claim"]["value"] for r in results} & {14, 30}
    assert all(r["score"] >= data["cutoff"] for r in results)


def test_search_says_when_nothing_is_like_the_query(
    capsys: pytest.CaptureFixture[str], stored_index: Path
) -> None:
    code, out, _ = run(capsys, "search", "votes cast for the mayor", "--index", stored_index)
    assert code == 0
    assert out.startswith("no claim like 'votes cast for the mayor' in the index")


def test_claimreview_export_of_the_seed_dispute(
    capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "reviews.jsonld"
    argv = ["check", seed, "--source", "AP", "--url", "https://example.org/ap/seed"]
    code, out, err = run(capsys, *argv, "--claimreview", out_file, "--index", tmp_path / "ix")
    assert code == 0
    assert "ClaimReview" in err
    reviews = json.loads(out_file.read_text(encoding="utf-8"))
    names = [r["reviewRating"]["alternateName"] for r in reviews]
    assert "Disputed: 14 vs 30 rockets" in names
    assert all(r["@type"] == "ClaimReview" for r in reviews)
    assert "Disputed, one line each" in out
    assert "14 rockets (Col. Wayne Marotto, AP, 2021-07-07" in out


def test_unsafe_url_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    code, _, err = run(capsys, "extract", article, "--url", "javascript:alert(1)")
    assert code == 0
    argv = ["check", article, "--url", "javascript:alert(1)", "--index", tmp_path / "ix"]
    code, _, err = run(capsys, *argv)
    assert code == 0
    assert "warning: " in err and "is not an http(s) address" in err


def test_remove_source_removes_its_documents(
    capsys: pytest.CaptureFixture[str], stored_index: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    shutil.copytree(stored_index, index)
    code, out, _ = run(capsys, "remove", "--source", "Nobody", "--index", index)
    assert code == 0 and "no documents of source 'Nobody'" in out and "'AP'" in out
    code, out, _ = run(capsys, "remove", "--source", "AP", "--index", index)
    assert code == 0 and "removed 1 document of 'AP'" in out
    _, out, _ = run(capsys, "stats", "--index", index)
    assert "documents: 0" in out and "claims:    0" in out


# --- reindex --------------------------------------------------------------------------


@pytest.fixture
def hashed_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An index of four claims made with the hashing encoder, which the commands then use.

    `reindex` is about which vectors are rewritten, not about language.
    """
    monkeypatch.setattr(cli, "LazyEncoder", lambda kind=None: HashingEncoder(64))
    path = tmp_path / "index"
    text = "Officials said 14 rockets and 3 drones hit the base, 2 at night, and 40 were hurt."
    document = Document(id="wire", text=text, source="Wire", published="2021-07-07")
    with ClaimIndex.open(path, encoder=HashingEncoder(64)) as index:
        index.add(document, make_claims(document, ["14", "3", "2", "40"]))
    return path


def test_reindex_embeds_a_stale_index_again(
    capsys: pytest.CaptureFixture[str], hashed_index: Path
) -> None:
    manifest_file = hashed_index / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest_file.write_text(json.dumps({**manifest, "claim_text_version": 0}), encoding="utf-8")
    code, out, err = run(capsys, "search", "rockets", "--index", hashed_index)
    assert (code, out) == (2, "")
    assert err == (
        f"error: index at {hashed_index} holds vectors of claim text version 0, this factcheck "
        f"makes version {CLAIM_TEXT_VERSION}: run `python -m factcheck reindex --index "
        f"{hashed_index}` (stored documents and claims are kept)\n"
    )
    code, out, err = run(capsys, "reindex", "--index", hashed_index)
    assert code == 0
    assert out == (
        f"embedded 4 claims again in {hashed_index} "
        f"(claim text version 0 -> {CLAIM_TEXT_VERSION})\n"
    )
    assert "embedding" in err  # the progress bar
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert manifest["claim_text_version"] == CLAIM_TEXT_VERSION
    code, out, _ = run(capsys, "search", "rockets", "--min-score", "-1", "--index", hashed_index)
    assert code == 0 and "Wire" in out
    _, out, _ = run(capsys, "stats", "--index", hashed_index)
    assert "documents: 1" in out and "claims:    4" in out


def test_reindex_of_a_current_index_changes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hashed_index: Path
) -> None:
    monkeypatch.setenv(cli.INDEX_ENV, str(hashed_index))
    before = {p.name: p.read_bytes() for p in hashed_index.iterdir()}
    code, out, err = run(capsys, "reindex")
    assert (code, err) == (0, "")
    assert out == (
        f"index at {hashed_index} is current (claim text version {CLAIM_TEXT_VERSION}); "
        "nothing to do\n"
    )
    assert {p.name: p.read_bytes() for p in hashed_index.iterdir()} == before


# --- compare --------------------------------------------------------------------------


def test_compare_writes_findings_csv_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    csv_out, json_out = tmp_path / "findings.csv", tmp_path / "findings.json"
    code, out, err = run(capsys, "compare", MULTISOURCE, "-o", csv_out, "--json", json_out)
    assert code == 0
    frame = pd.read_csv(csv_out)
    assert {"finding", "kind", "measure", "speaker", "source", "sentence", "start"} <= set(
        frame.columns
    )
    assert "conflict" in set(frame["kind"])
    data = json.loads(json_out.read_text(encoding="utf-8"))
    with open(MULTISOURCE, encoding="utf-8") as handle:
        articles = len(list(csv.DictReader(handle)))
    assert len(data["documents"]) == articles
    assert len(data["findings"]) == frame["finding"].nunique()
    # Printed grouped by measure, every side with its outlet, date and link.
    assert "CONFLICT" in out
    assert "Northline Wire" in out and "https://" in out
    assert "extracting" in err  # a progress bar for more than a few documents


def test_compare_reports_bad_rows_and_processes_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    articles = tmp_path / "articles.csv"
    articles.write_text(
        "source,published,text\n"
        "Wire,2021-07-07,Officials said 14 rockets hit the Ain al-Asad base.\n"
        "Post,2021-07-07,\n"
        "Ledger,someday,A group said it fired 30 rockets at the Ain al-Asad base.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "compare", articles)
    assert code == 0
    assert f"{articles}: row 3, column 'text': empty text; row skipped" in err
    assert f"{articles}: row 4, column 'published': 'someday' is not a date" in err
    assert out.startswith("2 articles")


def test_the_terminal_and_the_browser_name_the_same_rows_of_a_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """One reader (`ingest.read_articles`) behind `compare` and the UI's uploads: a reader who
    moves from one to the other sees the same rows skipped, for the same reasons."""
    from app_pages.uploads import collect

    data = (
        b"source,text\n"
        b"Wire,Officials said 14 rockets hit the Brenna base.\n"
        b'Post,"A group said 30 rockets were fired at the Brenna base.\n'
        b"Ledger,\n"
        b"Wire,Officials said 14 rockets hit the Brenna base.\n"
        b"Courier,Medics said 7 people were treated in Brenna.\n"
    )
    articles = tmp_path / "articles.csv"
    articles.write_bytes(data)
    code, out, err = run(capsys, "compare", articles)
    assert code == 0 and out.startswith("2 articles")
    shown = collect([], [(str(articles), data)])
    assert [d.source for d in shown.documents] == ["Wire", "Courier"]
    assert len(shown.problems) == 3  # rows 3, 4 and 5: every line accounted for
    for problem in shown.problems:  # "articles.csv, row 3, ..." in the page, ": row 3" here
        assert problem.replace(f"{articles}, row", f"{articles}: row") in err


def test_compare_reads_standard_input_and_a_given_date_wins_over_a_date_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    article = tmp_path / "dated.txt"
    article.write_text("date 2020-01-01 Officials said 14 rockets hit the base.", "utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("A group said it fired 30 rockets at the base."))
    out_file = tmp_path / "all.json"
    code, _, _ = run(
        capsys, "compare", article, "-", "--published", "2021-07-07", "--json", out_file
    )
    assert code == 0
    documents = json.loads(out_file.read_text(encoding="utf-8"))["documents"]
    assert [d["published"] for d in documents] == ["2021-07-07", "2021-07-07"]
    assert len(documents) == 2


# --- input that is odd or wrong -------------------------------------------------------


def test_latin1_article_is_decoded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "latin1.txt"
    article.write_bytes(
        "The café owner said 14 rockets hit the base in Montréal.\n".encode("latin-1")
    )
    code, out, _ = run(capsys, "extract", article)
    assert code == 0
    assert "café owner" in out and "14" in out


TEXT_MISTAKES = [
    ("empty.txt", b"", "the article is empty"),
    ("blank.txt", b"  \n\t \n", "the article is empty"),
    ("binary.txt", bytes(range(256)) * 4, "looks like a binary file"),
]
CSV_MISTAKES = [
    ("notext.csv", b"headline,body_text\nA,B\n", "columns found: headline, body_text"),
    ("header.csv", b"text,source\n", "has a header but no rows"),
    ("empty.csv", b"", "is empty"),
]


@pytest.mark.parametrize(
    "command, name, content, message",
    [
        *(("extract", *case) for case in TEXT_MISTAKES),
        *(("compare", *case) for case in TEXT_MISTAKES + CSV_MISTAKES),
        *(("add", *case) for case in CSV_MISTAKES),
    ],
)
def test_unusable_input_is_one_clear_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
    name: str,
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, command, path, "--index", tmp_path / "index")
    assert code == 2
    assert err.startswith("error: ") and message in err and str(path) in err
    assert out == ""
    assert not (tmp_path / "index").exists()


@pytest.mark.parametrize("command", ["extract", "check", "add", "compare"])
def test_missing_file_names_the_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "nowhere" / "article.txt"
    code, _, err = run(capsys, command, missing, "--index", tmp_path / "index")
    assert code == 2
    assert err == f"error: no such file: {missing}\n"
    assert not (tmp_path / "index").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "ARTICLE", "--index", "FOREIGN"],
        ["check", "ARTICLE", "--add", "--index", "FOREIGN"],
        ["add", "ARTICLE", "--index", "FOREIGN"],
        ["compare", "ARTICLE", "--with-index", "--index", "FOREIGN"],
        ["stats", "--index", "FOREIGN"],
        ["search", "rockets", "--index", "FOREIGN"],
        ["remove", "--source", "AP", "--index", "FOREIGN"],
        ["reindex", "--index", "FOREIGN"],
    ],
)
def test_foreign_index_directory_is_refused_and_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("my own notes\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    swap = {"ARTICLE": str(article), "FOREIGN": str(foreign)}
    code, _, err = run(capsys, *(swap.get(arg, arg) for arg in argv))
    assert code == 2
    assert f"{foreign} is not a factcheck index (found: todo.txt)" in err
    assert [p.name for p in foreign.iterdir()] == ["todo.txt"]
    assert (foreign / "todo.txt").read_text(encoding="utf-8") == "my own notes\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["stats"], "no index at"),
        (["search", "rockets"], "no index at"),
        (["remove", "--source", "AP"], "no index at"),
        (["reindex"], "no index at"),
        (["compare", "ARTICLE", "--with-index"], "no index at"),
        (["extract", "ARTICLE", "--published", "someday"], "'someday' is not a date"),
        (["compare", "ARTICLE", "--json", "-", "-o", "-"], "can write to stdout"),
        (["extract", "ARTICLE", "--json", "NOWHERE/out.json"], "cannot write JSON to"),
    ],
)
def test_user_mistakes_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    swap = {"ARTICLE": str(article), "NOWHERE/out.json": str(tmp_path / "no" / "out.json")}
    code, _, err = run(capsys, *(swap.get(a, a) for a in argv), "--index", tmp_path / "ix")
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert not (tmp_path / "ix").exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "rockets", "-k", "0")
    assert code == 2 and "not a positive number" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("extract", "check", "compare", "add", "search", "stats", "remove", "reindex"):
        assert command in out
    code, out, _ = run(capsys, "compare", "--help")
    assert code == 0 and "example:" in out and "python -m factcheck compare" in out


def test_interrupt_exits_130_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "read_text_file", interrupted)
    code, _, err = run(capsys, "extract", tmp_path / "article.txt")
    assert code == 130 and err == "interrupted\n"


def test_megabyte_article_is_parsed_with_a_notice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Past spaCy's 1,000,000-character guard, with word on stderr that parsing takes a while.

    About the command's handling of size, not language: a tokenizer-only
    pipeline stands in for the tagged and parsed one, which needs minutes on
    a megabyte.
    """
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    monkeypatch.setattr(cli, "spacy_pipeline", lambda: blank)
    filler = "The council met again to discuss the harbour plan and the road works. "
    text = filler * (1_050_000 // len(filler)) + "Officials said 14 rockets hit the base.\n"
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "extract", article)
    assert code == 0
    assert f"parsing {len(text):,} characters..." in err
    assert f"{len(text):,} characters" in out
    assert any("14" in line and "Officials said 14 rockets" in line for line in out.splitlines())


# --- terminal text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, start, end, width, expected",
    [
        ("Marotto said 14 rockets landed.", 13, 15, 40, "Marotto said 14 rockets landed."),
        ("Marotto said 14 rockets landed.", 13, 15, 12, "…aid 14 roc…"),
        ("Line one\nsaid   14 here.", 16, 18, 40, "Line one said 14 here."),
        ("x" * 50 + " 30 rockets", 51, 53, 10, "…xx 30 ro…"),
        ("no figure offsets here", -1, -1, 10, "no figure…"),
    ],
)
def test_excerpt_keeps_the_figure_in_view(
    sentence: str, start: int, end: int, width: int, expected: str
) -> None:
    result = excerpt(sentence, start, end, width)
    assert len(result) <= width
    assert result == expected


# --- the entry point --------------------------------------------------------------------


def test_python_m_factcheck_check_runs(seed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "160", cli.INDEX_ENV: str(tmp_path / "index")}
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(seed)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "CONFLICT  14 vs 30" in done.stdout
    assert f"no index at {tmp_path / 'index'}" in done.stdout


# --- issue 16: damaged indexes, sourceless articles, add's own counts, long input ----------


def damage_database(index: Path) -> None:
    """Overwrite pages inside claims.sqlite (a bad sector, not a truncation)."""
    database = index / "claims.sqlite"
    data = bytearray(database.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page after the header
    database.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "argv",
    [
        ["stats"],
        ["search", "rockets"],
        ["remove", "--source", "Wire"],
        ["reindex"],
        ["add", "ARTICLE"],
        ["check", "ARTICLE"],
    ],
)
def test_a_damaged_database_page_is_one_clear_error_everywhere(
    capsys: pytest.CaptureFixture[str], hashed_index: Path, tmp_path: Path, argv: list[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    damage_database(hashed_index)
    before = {p.name: p.read_bytes() for p in hashed_index.iterdir()}
    argv = [str(article) if arg == "ARTICLE" else arg for arg in argv]
    code, _, err = run(capsys, *argv, "--index", hashed_index)
    assert code == 2
    assert f"error: index at {hashed_index} is corrupt: claims.sqlite" in err
    assert "it was left untouched" in err and "internal failure" not in err
    assert {p.name: p.read_bytes() for p in hashed_index.iterdir()} == before


def test_a_truncated_vector_file_is_refused_until_reindex_rebuilds_it(
    capsys: pytest.CaptureFixture[str], hashed_index: Path
) -> None:
    vectors = hashed_index / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    code, _, err = run(capsys, "search", "rockets", "--index", hashed_index)
    assert code == 2
    assert "vectors.faiss cannot be read (it is truncated)" in err
    assert f"run `python -m factcheck reindex --index {hashed_index}`" in err
    assert "faiss::" not in err
    code, out, err = run(capsys, "reindex", "--index", hashed_index)
    assert code == 0 and "embedded 4 claims again" in out
    assert "rebuilding the vectors from the stored claims" in err
    with ClaimIndex.open(hashed_index, encoder=HashingEncoder(64)) as index:
        assert index.stats()["vectors"] == 4 and index.search("rockets")


@pytest.mark.parametrize("how", [["--no-source"], ["--source", "(no source)"], ["--source", ""]])
def test_articles_stored_without_a_source_can_be_removed(
    capsys: pytest.CaptureFixture[str], hashed_index: Path, how: list[str]
) -> None:
    text = "Medics said 7 people were treated in Lakeside."
    document = Document(id="nosource", text=text)
    with ClaimIndex.open(hashed_index, encoder=HashingEncoder(64)) as index:
        index.add(document, make_claims(document, ["7"]))
    _, out, _ = run(capsys, "stats", "--index", hashed_index)
    assert "(no source)" in out
    code, out, _ = run(capsys, "remove", *how, "--index", hashed_index)
    assert code == 0
    assert "removed 1 document without a source" in out and "(1 document left)" in out
    _, out, _ = run(capsys, "stats", "--index", hashed_index)
    assert "(no source)" not in out and "documents: 1" in out


def test_remove_doc_removes_one_article(
    capsys: pytest.CaptureFixture[str], hashed_index: Path
) -> None:
    code, out, _ = run(capsys, "remove", "--doc", "nothing-like-it", "--index", hashed_index)
    assert code == 0 and "no document 'nothing-like-it'" in out
    code, out, _ = run(capsys, "remove", "--doc", "wire", "--index", hashed_index)
    assert code == 0 and "removed document 'wire' from" in out
    _, out, _ = run(capsys, "stats", "--index", hashed_index)
    assert "documents: 0" in out


def test_add_reads_a_csv_in_chunks_and_counts_its_own_claims(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    hashed_index: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(cli, "iter_articles", functools.partial(iter_articles, chunk_rows=2))
    rows = [
        ["text", "source"],
        ["Police said 12 people were hurt in Dumra.", "Harbor Ledger"],
        ["Officials said 40 homes were damaged in Eastport.", "Valley Post"],
        ['"Medics said 7 people were treated', "Valley Post"],
        ["Organizers said 2000 people marched in Northfield.", "Harbor Ledger"],
    ]
    articles = tmp_path / "articles.csv"
    articles.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "add", articles, "--index", hashed_index)
    assert code == 0
    assert "row 4, column 'text': a double quote opened on this line is never closed" in err
    match = re.match(
        r"3 new documents, 0 already stored; (\d+) claims? added .*, (\d+) claims\)", out
    )
    assert match, out
    assert int(match[1]) >= 1 and int(match[2]) == 4 + int(match[1])  # the index held 4


def test_check_of_a_long_article_prints_a_summary_and_writes_everything_to_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cli, "SUMMARY_CLAIMS", 3)
    monkeypatch.setattr(cli, "SUMMARY_FINDINGS", 1)
    article = tmp_path / "long.txt"
    sentences = [f"Police said {n} people were hurt in Dumra on Tuesday." for n in range(10, 20)]
    article.write_text(" ".join(sentences), encoding="utf-8")
    out_file = tmp_path / "all.json"
    code, out, err = run(capsys, "check", article, "--json", out_file, "--index", tmp_path / "i")
    assert code == 0
    assert f"... and 7 more claims (all of them in {out_file})" in out
    payload = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(payload["claims"]) == 10
    if len(payload["findings"]) > 1:
        assert f"findings in a section (all of them in {out_file})" in err

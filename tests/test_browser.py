"""The UI as a reader meets it: `streamlit run app.py` in a real headless Chromium.

Starts the server on a free localhost port with a temporary index and walks
every page as a new user would: pastes the seed article and a three-outlet
invented set, adds to the index and checks the same text again, uploads a
Latin-1 CSV and one with no text column, searches the index. On every page it
reads the page text for Python literals and field values, looks for thrown
exceptions, and saves a screenshot under the test's tmp dir (`screens/`).
Skips, saying why, where Debian's chromium or the shared seed article is
missing (`.ci/run`'s scripts/test installs chromium).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.ui_server import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"
START_TIMEOUT = 120.0
CHECK_TIMEOUT_MS = 240_000  # the first Check of a process may wait for the models to load
STEP_TIMEOUT_MS = 120_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        not SEED.exists(), reason=f"seed article not found at {SEED} (../shared absent)"
    ),
]

JARGON = re.compile(
    r"\b(True|False|None)\b|according_to|different_measure|"
    r"\b(damage be|casualty be|militiaman deploy|troop station|rocket fire|rocket land)\b|"
    r"\bboth say \w|\bon rocket\b"
)
"""Python literals, field values, the seed's lemma pairs and the checks' terse notes ("both say
air, base"), none of which a reader should see outside the article's own sentences."""

# Three invented outlets reporting one invented attack with two different counts.
THREE_OUTLETS = [
    ("Northgate Post", "date 2024-05-02 Police spokesman Omar Lindqvist said 12 rockets were "
     "fired at Brenna Air Base on Thursday."),
    ("Lakeside Wire", "date 2024-05-02 A militant group calling itself the Red Hollow Front said "
     "its fighters fired 40 rockets at Brenna Air Base on Thursday."),
    ("Valley Courier", "date 2024-05-02 Governor Ida Holm said 12 rockets were fired at Brenna "
     "Air Base on Thursday."),
]  # fmt: skip


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """A `streamlit run app.py` on a free port, with its index in tmp_path; yields the URL."""
    log = (tmp_path / "streamlit.log").open("w")
    process, url = start_streamlit(tmp_path / "index", output=log)
    try:
        wait_healthy(url, process, START_TIMEOUT)
        yield url
    finally:
        stop(process)
        log.close()


def plain_text(page: Any, sentences: list[str]) -> str:
    """The page's visible text with the articles' own sentences taken out."""
    text = page.inner_text("section.main, [data-testid='stMain']")
    for sentence in sorted(sentences, key=len, reverse=True):
        for line in sentence.splitlines():
            if line.strip():
                text = text.replace(line.strip(), " ")
    return text


def assert_readable(page: Any, sentences: list[str]) -> None:
    """No exception box, no Python literal or lemma pair on the page."""
    assert page.locator("[data-testid='stException']").count() == 0
    found = JARGON.search(plain_text(page, sentences))
    assert found is None, found


def settle(page: Any) -> None:
    """Wait until the app is connected and its script has finished the current run.

    A click that lands while the page is still connecting or mid-run can be taken
    by the run it interrupts and never answered; a reader waits for the page to
    stop showing "Running", and so does this test.
    """
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
        "[data-test-script-state='notRunning']",
        state="attached",
        timeout=STEP_TIMEOUT_MS,
    )


def upload(page: Any, name: str, data: bytes) -> None:
    """Put one file in the uploader and press Check once the page has taken it."""
    page.locator("input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    from playwright.sync_api import expect

    # The page (not only the uploader) says the file is loaded once the upload's own run has
    # ended, so the click below is not taken by that run; a new file never shows the last
    # file's findings.
    expect(page.get_by_text(f"{name} (", exact=False).first).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(page.get_by_text("Articles checked")).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    settle(page)
    page.get_by_role("button", name="Check all rows").click()


def shoot(page: Any, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "screens"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_every_page_as_a_reader_meets_it(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    seed = SEED.read_text(encoding="utf-8")
    sentences = [seed, *(text for _, text in THREE_OUTLETS)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 3000})

            # -- Check: the seed, one block for the 14-vs-30 quantity with all its reports
            page.goto(server)
            check = page.get_by_role("button", name="Check", exact=True)
            expect(check).to_be_visible(timeout=START_TIMEOUT * 1000)
            settle(page)
            check.click()  # empty input: a message, no exception
            expect(page.get_by_text("the article is empty").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            assert_readable(page, sentences)
            page.get_by_label("Article text").fill(seed)
            page.get_by_label("Outlet").fill("AP")
            settle(page)
            check.click()
            heading = page.get_by_role("heading", name="Rockets fired", exact=True)
            expect(heading).to_be_visible(timeout=CHECK_TIMEOUT_MS)
            expect(page.locator(".fc-values", has_text="14 vs 30").first).to_be_visible()
            figures = page.locator(".fc-card .fc-figure")
            expect(figures.filter(has_text="14").first).to_be_visible()
            expect(figures.filter(has_text="30").first).to_be_visible()
            speakers = page.locator(".fc-card .fc-speaker")
            for name in ("Security Media Cell", "Col. Wayne Marotto", "al-Muhandis"):
                expect(speakers.filter(has_text=name).first).to_be_visible()
            expect(page.locator("mark.fc-fig", has_text="30").first).to_be_visible()
            expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
            expect(page.get_by_text("14 rockets (Col. Wayne Marotto, AP").first).to_be_visible()
            assert_readable(page, sentences)
            shoot(page, tmp_path, "1_check_seed")

            # -- Add to index: no "index is empty" afterwards; the same text again says so
            settle(page)
            page.get_by_role("button", name="Add to index").click()
            expect(page.get_by_text("The article is in the index now").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            assert page.get_by_text("The index is empty").count() == 0
            page.get_by_label("Outlet").fill("Another Outlet")
            settle(page)
            check.click()
            expect(page.get_by_text("This article is already in the index").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            expect(page.get_by_text("stored as AP, 2021-07-07").first).to_be_visible()
            assert_readable(page, sentences)
            shoot(page, tmp_path, "2_check_already_stored")

            # -- Compare: three invented outlets, one block with three cards and the chart
            page.goto(f"{server}/compare")
            compare = page.get_by_role("button", name="Compare", exact=True)
            expect(compare).to_be_visible(timeout=STEP_TIMEOUT_MS)
            settle(page)
            compare.click()  # empty input
            expect(page.get_by_text("Nothing to compare yet").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            count = page.get_by_label("Pasted articles")
            count.fill("3")
            count.press("Enter")
            expect(page.get_by_role("tab", name="Article 3")).to_be_visible(timeout=STEP_TIMEOUT_MS)
            for number, (outlet, text) in enumerate(THREE_OUTLETS, start=1):
                settle(page)
                page.get_by_role("tab", name=f"Article {number}").click()
                panel = page.get_by_role("tabpanel").first  # only the open tab is visible
                panel.get_by_label("Text").fill(text)
                panel.get_by_label("Outlet").fill(outlet)
            settle(page)
            page.get_by_text("Also match against the index").click()  # the label takes the click
            settle(page)
            compare.click()
            block = page.get_by_role("heading", name="Rockets fired at Brenna Air Base")
            expect(block).to_be_visible(timeout=CHECK_TIMEOUT_MS)
            expect(page.locator(".fc-card")).to_have_count(3)
            expect(page.locator(".fc-values", has_text="12 vs 40")).to_be_visible()
            expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(1)
            assert_readable(page, sentences)
            shoot(page, tmp_path, "3_compare_three_outlets")

            # -- Batch: a CSV with no text column, a Latin-1 CSV, the three outlets
            page.goto(f"{server}/batch")
            expect(page.get_by_role("button", name="Sample CSV")).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            no_text = b"source,headline\nNorthgate Post,Rockets hit a base\n"
            upload(page, "no_text.csv", no_text)
            expect(page.get_by_text("no 'text' column in no_text.csv").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            latin = "source,text\nTélé Ouest,Le porte-parole José Núñez a déclaré que 12 "
            latin += "roquettes sont tombées.\n"
            upload(page, "latin.csv", latin.encode("latin-1"))
            expect(page.get_by_text("Articles checked").first).to_be_visible(
                timeout=CHECK_TIMEOUT_MS
            )
            assert_readable(page, sentences)
            rows = "source,published,text\n" + "".join(
                f'"{outlet}",2024-05-02,"{text}"\n' for outlet, text in THREE_OUTLETS
            )
            upload(page, "three.csv", rows.encode())
            expect(page.get_by_text("Findings, one row per quantity").first).to_be_visible(
                timeout=CHECK_TIMEOUT_MS
            )
            expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS  # the table's script loads on first use
            )
            settle(page)
            page.get_by_text("1. rockets fired at Brenna Air Base").first.click()
            expect(page.locator(".fc-card").first).to_be_visible(timeout=STEP_TIMEOUT_MS)
            chart = page.locator("[data-testid='stVegaLiteChart']").first
            expect(chart).to_be_visible(timeout=STEP_TIMEOUT_MS)
            expect(page.get_by_text("The finding in one line, to copy:").first).to_be_visible()
            page.wait_for_timeout(1500)  # the expander's opening and the chart's drawing
            assert_readable(page, sentences)
            shoot(page, tmp_path, "4_batch")

            # -- Index: search with scores and a cut-off
            page.goto(f"{server}/claim-index")
            query = page.get_by_label("Claims like ...")
            expect(query).to_be_visible(timeout=STEP_TIMEOUT_MS)
            query.fill("votes cast for the mayor")  # nothing like it among the seed's claims
            settle(page)
            page.get_by_role("button", name="Find claims").click()
            expect(page.get_by_text("No claim like this in the index").first).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            query.fill("rockets fired at the air base")
            settle(page)
            page.get_by_role("button", name="Find claims").click()
            expect(page.get_by_text("are not shown").first).to_be_visible(timeout=STEP_TIMEOUT_MS)
            expect(page.get_by_role("heading", name="Remove a source")).to_be_visible()
            page.wait_for_timeout(1000)  # the results table draws after its script loads
            assert_readable(page, sentences)
            shoot(page, tmp_path, "5_index_search")
        finally:
            browser.close()

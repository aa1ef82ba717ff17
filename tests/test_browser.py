"""The UI as a reader meets it: `streamlit run app.py` in a real headless Chromium.

Starts the server on a free localhost port with a temporary index, pastes the
seed article, presses Check, and looks for the conflicting figures and both
speakers on the page. Skips, saying why, where Debian's chromium or the shared
seed article is missing (`.ci/run`'s scripts/test installs chromium).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.ui_server import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"
START_TIMEOUT = 120.0
CHECK_TIMEOUT_MS = 240_000  # the first Check of a process may wait for the models to load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        not SEED.exists(), reason=f"seed article not found at {SEED} (../shared absent)"
    ),
]


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


def test_pasted_seed_shows_the_conflict_side_by_side(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 3000})
            page.goto(server)
            check = page.get_by_role("button", name="Check", exact=True)
            expect(check).to_be_visible(timeout=START_TIMEOUT * 1000)
            page.get_by_label("Article text").fill(SEED.read_text(encoding="utf-8"))
            page.get_by_label("Outlet").fill("AP")
            check.click()

            conflict = page.locator(".fc-verdict", has_text="Conflict").first
            expect(conflict).to_be_visible(timeout=CHECK_TIMEOUT_MS)
            figures = page.locator(".fc-card .fc-figure")
            expect(figures.filter(has_text="14").first).to_be_visible()
            expect(figures.filter(has_text="30").first).to_be_visible()
            speakers = page.locator(".fc-card .fc-speaker")
            expect(speakers.filter(has_text="Security Media Cell").first).to_be_visible()
            expect(speakers.filter(has_text="Col. Wayne Marotto").first).to_be_visible()
            expect(speakers.filter(has_text="brigades to avenge al-Muhandis").first).to_be_visible()
            expect(page.locator("mark.fc-fig", has_text="30").first).to_be_visible()
            screenshot = tmp_path / "check_seed.png"
            page.screenshot(path=str(screenshot), full_page=True)
            assert screenshot.stat().st_size > 10_000
        finally:
            browser.close()

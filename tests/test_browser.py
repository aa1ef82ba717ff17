"""The UI as a reader meets it: `streamlit run app.py` in a real headless Chromium.

Starts the server on a free localhost port with a temporary index, pastes the
seed article, presses Check, and looks for the conflicting figures and both
speakers on the page. Skips, saying why, where Debian's chromium or the shared
seed article is missing (`.ci/run`'s scripts/test installs chromium).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit not healthy at {url} after {timeout:.0f} s")


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """A `streamlit run app.py` on a free port, with its index in tmp_path; yields the URL."""
    port = free_port()
    env = {**os.environ, "FACTCHECK_INDEX": str(tmp_path / "index"), "HF_HUB_OFFLINE": "1"}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = (tmp_path / "streamlit.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, START_TIMEOUT)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
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

"""How long the web UI makes a reader wait: cold start, and a warm check of the seed.

    .venv/bin/python bench/bench_ui.py [--repeat 3]

Measures, against a real `streamlit run app.py` (temporary index) driven by
Debian's headless Chromium:

- cold start: process start -> /_stcore/health answers -> the Check page's
  Check button is visible in the browser (the bar: under 20 s);
- first check: click -> conflict visible, in a fresh server (includes whatever
  model loading the background warm-up has not finished yet);
- warm check in the browser: a new session on the warm server, click ->
  conflict visible (the bar: under 2 s);
- warm `Checker.check` of the seed in this process, without the UI.

Needs /usr/bin/chromium and ../shared/seeds; prints a table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ui_server import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop, wait_healthy  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"


def check_in_browser(page, url: str, text: str) -> float:
    """A new session: paste, click Check, seconds until the conflict's cards are visible."""
    from playwright.sync_api import expect

    page.goto(url)
    button = page.get_by_role("button", name="Check", exact=True)
    expect(button).to_be_visible(timeout=180_000)
    page.get_by_label("Article text").fill(text)
    start = time.perf_counter()
    button.click()
    cards = page.locator(".fc-card .fc-figure")
    expect(page.locator(".fc-verdict", has_text="Conflict").first).to_be_visible(timeout=300_000)
    expect(cards.filter(has_text="30").first).to_be_visible(timeout=60_000)
    return time.perf_counter() - start


def bench_server(repeat: int) -> dict[str, float | list[float]]:
    from playwright.sync_api import expect, sync_playwright

    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        start = time.perf_counter()
        process, url = start_streamlit(Path(tmp) / "index")
        try:
            wait_healthy(url, process, timeout=180.0)
            healthy = time.perf_counter() - start
            page.goto(url)
            expect(page.get_by_role("button", name="Check", exact=True)).to_be_visible(
                timeout=180_000
            )
            ready = time.perf_counter() - start
            first = check_in_browser(page, url, text)
            warm = [check_in_browser(page, url, text) for _ in range(repeat)]
        finally:
            browser.close()
            stop(process)
    return {"healthy": healthy, "ready": ready, "first": first, "warm": warm}


def bench_checker(repeat: int) -> list[float]:
    """Checker.check of the seed in a warm process (models loaded, no index, no UI)."""
    sys.path.insert(0, str(ROOT))
    from factcheck.embed import load_encoder
    from factcheck.ingest import document_from_text
    from factcheck.nlp import load_nlp
    from factcheck.pipeline import Checker

    checker = Checker(nlp=load_nlp(), encoder=load_encoder())
    document = document_from_text(SEED.read_text(encoding="utf-8"), source="AP")
    checker.check(document)  # first call warms caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        checker.check(document)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs to take the median of")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() or not SEED.exists():
        sys.exit(f"needs {CHROMIUM} and {SEED}")
    load = os.getloadavg()[0]
    server = bench_server(args.repeat)
    checker = bench_checker(args.repeat)
    warm = server["warm"]
    rows = [
        ("cold start: server healthy", server["healthy"], ""),
        ("cold start: Check page ready in the browser", server["ready"], "bar < 20 s"),
        ("first check, fresh server (click -> conflict)", server["first"], ""),
        ("warm check in the browser (median)", statistics.median(warm), "bar < 2 s"),
        ("warm Checker.check of the seed (median)", statistics.median(checker), ""),
    ]
    print(f"UI latency, seed article ({os.cpu_count()} cores, load average {load:.1f} at start)")
    print(f"{'measure':<50} {'seconds':>8}  note")
    for name, seconds, note in rows:
        print(f"{name:<50} {seconds:>8.2f}  {note}")
    rounded = {
        name: [round(t, 2) for t in runs]
        for name, runs in (("browser", warm), ("checker", checker))
    }
    print(f"warm runs: {rounded}")


if __name__ == "__main__":
    main()

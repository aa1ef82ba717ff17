"""How long the web UI makes a reader wait: `./scripts/ui` to the first page, and click to results.

    .venv/bin/python bench/bench_ui.py [--repeat 10] [--rounds 2]

Measures, each round against a fresh `./scripts/ui` (temporary index, a
free port) driven by Debian's headless Chromium:

- first page: `./scripts/ui` started -> the Check page's button is visible
  in the browser (the bar: under 10 s; includes the requirements stamp check
  and the static encoder's no-op build step);
- first check: right after that, click Check on the seed -> the conflict is
  drawn (includes whatever model loading the background warm-up has not
  finished; the bar: under 5 s);
- warm check in the browser: a new session on the warm server, click ->
  conflict drawn, median of `--repeat` (the bar: under 1 s for a 4 KB article);

and, in this process:

- warm check in AppTest: click Check -> the script run has drawn the
  results (`AppTest`, the same app code without a browser or a server);
- warm `Checker.check` of the seed without the UI (the CLI's library path).

Prints the medians over `--rounds` rounds and every run, with the load average.
Needs /usr/bin/chromium and ../shared/seeds.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ui_server import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_healthy  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"


def check_in_browser(page: Any, url: str, text: str) -> float:
    """A new session: paste, click Check, seconds until the conflict's cards are visible."""
    from playwright.sync_api import expect

    page.goto(url)
    button = page.get_by_role("button", name="Check", exact=True)
    expect(button).to_be_visible(timeout=180_000)
    page.get_by_label("Article text").fill(text)
    start = time.perf_counter()
    button.click()
    expect(page.locator(".fc-verdict", has_text="Conflict").first).to_be_visible(timeout=300_000)
    expect(page.locator(".fc-card .fc-figure").filter(has_text="30").first).to_be_visible(
        timeout=60_000
    )
    return time.perf_counter() - start


def start_ui(index: Path) -> tuple[subprocess.Popen, str]:
    """`./scripts/ui` as a reader starts it (it execs streamlit, so its pid is the server's)."""
    port = free_port()
    env = {**os.environ, "FACTCHECK_INDEX": str(index)}
    command = [str(ROOT / "scripts" / "ui"), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    return process, f"http://127.0.0.1:{port}"


def bench_browser(repeat: int) -> dict[str, Any]:
    """One round: a fresh ./scripts/ui, its first page, first check, then warm checks."""
    from playwright.sync_api import expect, sync_playwright

    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        start = time.perf_counter()
        process, url = start_ui(Path(tmp) / "index")
        try:
            wait_healthy(url, process, timeout=180.0)
            healthy = time.perf_counter() - start
            page.goto(url)
            button = page.get_by_role("button", name="Check", exact=True)
            expect(button).to_be_visible(timeout=180_000)
            ready = time.perf_counter() - start
            page.get_by_label("Article text").fill(text)
            clicked = time.perf_counter()
            button.click()
            expect(page.locator(".fc-verdict", has_text="Conflict").first).to_be_visible(
                timeout=300_000
            )
            first = time.perf_counter() - clicked
            warm = [check_in_browser(page, url, text) for _ in range(repeat)]
        finally:
            browser.close()
            stop(process)
    return {"healthy": healthy, "ready": ready, "first": first, "warm": warm}


def bench_apptest(repeat: int) -> list[float]:
    """Click Check -> results drawn in AppTest, warm (the models loaded once in this process)."""
    from streamlit.testing.v1 import AppTest

    text = SEED.read_text(encoding="utf-8")
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACTCHECK_INDEX"] = str(Path(tmp) / "index")
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
        for run in range(repeat + 1):  # the first run loads the models: not timed
            app.text_area(key="check_text").input(text)
            [button] = [b for b in app.button if b.label == "Check"]
            started = time.perf_counter()
            button.click().run()
            taken = time.perf_counter() - started
            if app.exception:
                raise RuntimeError(f"the app failed: {app.exception}")
            if not any(">Conflict</span>" in str(h.value) for h in app.get("html")):
                raise RuntimeError("the check drew no conflict")
            if run:
                times.append(taken)
    return times


def bench_checker(repeat: int) -> list[float]:
    """`Checker.check` of the seed in a warm process, as the CLI builds it (no index, no UI)."""
    from factcheck.cli import LazyEncoder, _nlp_for
    from factcheck.ingest import document_from_text
    from factcheck.pipeline import Checker

    document = document_from_text(SEED.read_text(encoding="utf-8"), source="AP")
    checker = Checker(nlp=_nlp_for([document]), encoder=LazyEncoder())
    checker.check(document)  # the first call loads and warms
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        checker.check(document)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="warm checks per round")
    parser.add_argument("--rounds", type=int, default=2, help="fresh servers to start")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() or not SEED.exists():
        sys.exit(f"needs {CHROMIUM} and {SEED}")
    loads = [os.getloadavg()[0]]
    rounds = []
    for _ in range(args.rounds):
        rounds.append(bench_browser(args.repeat))
        loads.append(os.getloadavg()[0])
    apptest = bench_apptest(args.repeat)
    checker = bench_checker(args.repeat)
    loads.append(os.getloadavg()[0])
    browser_warm = [t for r in rounds for t in r["warm"]]

    def over_rounds(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    rows = [
        ("./scripts/ui -> server healthy", over_rounds("healthy"), ""),
        ("./scripts/ui -> first page drawn in the browser", over_rounds("ready"), "bar < 10 s"),
        ("first check after it (click -> conflict)", over_rounds("first"), "bar < 5 s"),
        ("warm check in the browser (click -> conflict)", statistics.median(browser_warm), "< 1 s"),
        ("warm check in AppTest (click -> drawn)", statistics.median(apptest), ""),
        ("warm Checker.check of the seed (CLI path)", statistics.median(checker), "bar < 1 s"),
    ]
    print(
        f"UI latency, seed article ({len(SEED.read_bytes())} bytes), {os.cpu_count()} cores, "
        f"load average {', '.join(f'{x:.1f}' for x in loads)} (start, after each stage)"
    )
    print(f"{'measure (median)':<50} {'seconds':>8}  note")
    for name, seconds, note in rows:
        print(f"{name:<50} {seconds:>8.2f}  {note}")
    print("every run:")
    for key in ("healthy", "ready", "first"):
        print(f"  {key}: {[round(r[key], 2) for r in rounds]}")
    for name, runs in (("browser", browser_warm), ("apptest", apptest), ("checker", checker)):
        print(f"  {name}: {[round(t, 2) for t in runs]}")


if __name__ == "__main__":
    main()

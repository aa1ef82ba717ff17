"""The UI opens at once: no pip run when nothing changed, no file watcher, models in the background.

Timings are measured in bench/bench_ui.py, never asserted here; these tests
hold the behaviours that make the start fast.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from app_pages import resources

ROOT = Path(__file__).resolve().parents[1]
FAKE_TOOL = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >>"$(dirname "$0")/../../calls.log"
"""


def test_streamlit_config_turns_the_file_watcher_and_usage_statistics_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of scripts/ui beside a fake .venv whose python and streamlit only log their calls."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "ui", tmp_path / "scripts" / "ui")
    (tmp_path / "requirements.txt").write_text("numpy==2.4.6\n", encoding="utf-8")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("python", "streamlit"):
        (bin_dir / tool).write_text(FAKE_TOOL, encoding="utf-8")
        (bin_dir / tool).chmod(stat.S_IRWXU)
    return tmp_path


def run_ui(checkout: Path) -> list[str]:
    log = checkout / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run([str(checkout / "scripts" / "ui")], check=True, env={**os.environ}, timeout=60)
    return log.read_text(encoding="utf-8").splitlines()


def test_scripts_ui_runs_pip_only_when_the_requirements_changed(checkout: Path) -> None:
    first = run_ui(checkout)
    assert any("-m pip install" in call for call in first)
    second = run_ui(checkout)
    assert not any("pip" in call for call in second)
    assert "python -m factcheck.distill" in second  # the static encoder's build step (a no-op)
    assert second[-1].startswith("streamlit run app.py")
    (checkout / "requirements.txt").write_text("numpy==2.4.7\n", encoding="utf-8")
    assert any("-m pip install" in call for call in run_ui(checkout))


def test_a_failed_pip_leaves_no_stamp_so_the_next_start_installs_again(checkout: Path) -> None:
    python = checkout / ".venv" / "bin" / "python"
    python.write_text(FAKE_TOOL + '[ "$2" = pip ] && exit 1\nexit 0\n', encoding="utf-8")
    with pytest.raises(subprocess.CalledProcessError):
        run_ui(checkout)
    assert not (checkout / ".venv" / ".requirements-ui").exists()


# -- models load in the background; a Check waits only for what is still loading -------------


def waiting_page() -> None:
    """An AppTest page that only asks for the models (as a first Check does)."""
    import streamlit as st

    from app_pages import resources

    nlp, encoder = resources.models()
    st.write(f"ready: {nlp} {encoder}")


def test_a_check_during_warmup_says_what_is_still_loading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    seen: list[str] = []
    warmup = threading.Thread(target=release.wait, daemon=True)
    warmup.start()
    monkeypatch.setattr(resources, "start_warmup", lambda: warmup)
    monkeypatch.setattr(resources, "_loaded_models", lambda: ("nlp", "encoder"))
    monkeypatch.setattr(resources, "_STILL_LOADING", ["the sentence encoder (static)"])
    real_caption = DeltaGenerator.caption

    def caption(self: DeltaGenerator, body: str, *args: object, **kwargs: object) -> object:
        seen.append(body)
        release.set()  # the line was drawn: let the "loading" finish
        return real_caption(self, body, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "caption", caption)
    app = AppTest.from_function(waiting_page, default_timeout=30).run()
    assert not app.exception
    assert seen == ["Waiting for the sentence encoder (static) to load (once per server)..."]
    assert [m.value for m in app.markdown] == ["ready: nlp encoder"]
    assert not [c.value for c in app.caption]  # the line goes once the models are there


def test_a_check_after_warmup_waits_for_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    done = threading.Thread(target=lambda: None)
    done.start()
    done.join()
    monkeypatch.setattr(resources, "start_warmup", lambda: done)
    monkeypatch.setattr(resources, "_loaded_models", lambda: ("nlp", "encoder"))
    app = AppTest.from_function(waiting_page, default_timeout=30).run()
    assert not app.exception and not app.caption
    assert [m.value for m in app.markdown] == ["ready: nlp encoder"]


FIRST_PAGE = """
import sys, threading
from streamlit.testing.v1 import AppTest
from app_pages import resources
resources.start_warmup = lambda: threading.Thread(target=lambda: None)  # no background loading
app = AppTest.from_file({app!r}, default_timeout=60).run()
assert not app.exception, app.exception
print([b.label for b in app.button], [s.label for s in app.slider])
print(sorted(m for m in ("spacy", "quantulum3", "torch") if m in sys.modules))
"""


def test_the_first_page_draws_without_importing_spacy_or_quantulum3() -> None:
    """The sidebar's thresholds and the Check page come before any model: a fresh process
    draws them without importing spaCy or quantulum3 (seconds of a first page)."""
    script = FIRST_PAGE.format(app=str(ROOT / "app.py"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    drawn, imported = done.stdout.strip().splitlines()[-2:]
    assert "Check" in drawn and "Suggest above" in drawn
    assert imported == "[]"

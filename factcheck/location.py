"""Where the claim index lives, decided once for the command line and the web UI.

An explicit directory (the CLI's `--index DIR`) wins; else `$FACTCHECK_INDEX`;
else `index/` in the working directory. Both front ends call `index_dir`, so a
reader who sets the variable finds the same index from the terminal and the
browser, and the help text and the sidebar name the same place.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DEFAULT_INDEX", "INDEX_ENV", "index_dir", "index_setting"]

INDEX_ENV = "FACTCHECK_INDEX"
DEFAULT_INDEX = "index"


def index_setting() -> str:
    """The index directory as configured, before any `--index`: the variable, else the default."""
    return os.environ.get(INDEX_ENV) or DEFAULT_INDEX


def index_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """The index directory: `given` (e.g. `--index`) if any, else `index_setting()`, resolved."""
    chosen = given if given not in (None, "") else index_setting()
    return Path(chosen).expanduser().resolve()

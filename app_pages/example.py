"""The article behind the Check page's "Load example" button.

The project's seed article (an AP report of 14 rockets per the coalition, 30
per a militant group) is read in place from ../shared when it is there; it is
never copied into the repository. Elsewhere the button loads `FALLBACK`, a
short invented report with the same shape of conflict (outlet, people, places
and numbers are made up).
"""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_66e9cc6d0f1db5b5.txt"
SEED_OUTLET = "AP"

FALLBACK_OUTLET = "The Harbor Ledger (invented example)"
FALLBACK = """date 2024-03-12 Rockets struck an air base in the northern province of Karsun on \
Tuesday, wounding three soldiers, officials said.

The spokeswoman for the Northern Shield coalition, Maj. Lena Ardvik, said that Tamsin Air Base \
was attacked in the morning by 12 rockets that landed on the base and its perimeter. Three \
soldiers sustained minor injuries, she added.

A group calling itself "the Free Valley Brigades" said its members fired 40 rockets toward \
Tamsin Air Base. The group has not claimed attacks before.

The provincial governor, Dario Mentesh, said that 12 rockets were fired toward Tamsin Air \
Base from a truck parked in the nearby village of Oren.
"""


def example_article() -> tuple[str, str]:
    """(text, outlet) of the example: the seed article if present, else the invented one."""
    try:
        return SEED.read_text(encoding="utf-8"), SEED_OUTLET
    except OSError:
        return FALLBACK, FALLBACK_OUTLET

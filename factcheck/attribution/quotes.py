"""Where the quotations are: paired quote marks in the document text.

A figure inside a quotation is its speaker's, and a quotation runs on after its
cue, into the next one and across paragraphs ('"...," X said. "..."'). Finding
the quotations needs only the characters, not the parse, so it is done once
per document here; the attributor (and the chooser's training) ask `in_region`
whether a word is quoted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPEN_QUOTES = {"\u201c", '"', "``", "\u00ab"}


CLOSE_QUOTES = {"\u201d", '"', "''", "\u00bb"}


# between a cue and the quotation it introduces: "tweeted: “", "said, “", "said in a statement: “"
INTRODUCES_QUOTE = re.compile(r"\w+[^.!?\"“”]{0,60}[:,]\s*(\"|“|``|«|'')?\s*")


_QUOTE_MARK = re.compile(r"\u201c|\u201d|\"|``|''|\u00ab|\u00bb")


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation in the document text: [start, end) in document offsets.

    `continued` marks a quotation that goes on from the paragraph before: news
    style leaves a quotation open at a paragraph's end and reopens it at the
    start of the next ('"... ¶ "...'), and both paragraphs are one speaker's.
    """

    start: int
    end: int
    words: int
    continued: bool = False
    ends_sentence: bool = False

    @property
    def is_speech(self) -> bool:
        """A real quotation, not a scare quote or a name in quotes ("a “terrorist attack”").

        Five words make one; so does a shorter one closed by its own full stop ('"And
        40 nurses."'), which a scare quote inside a sentence never is.
        """
        return self.words >= 5 or (self.words >= 2 and self.ends_sentence)


# Marks that can open or close, told apart by their neighbours: '"', and the doubled
# apostrophe that some archives use on both sides (''like this'').
_AMBIGUOUS_QUOTES = {'"', "''"}


def _straight_quote_role(text: str, start: int, end: int) -> str:
    """Whether a straight '"' opens or closes, read from its neighbours.

    Counting straight quotes goes wrong for the rest of a paragraph after one
    stray mark; a mark with a space (or line start) before it and a word after
    it opens, one glued to the word before it closes.
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if (before.isspace() or before in "([—-") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)—-"):
        return "close"
    return "either"


def opens_paragraph(text: str, position: int) -> bool:
    """Whether only white space stands between the last paragraph break and `position`."""
    line_start = text.rfind("\n", 0, position) + 1
    return line_start > 0 and not text[line_start:position].strip()


def quote_regions(text: str, *, offset: int = 0) -> list[QuoteRegion]:
    """Quotations in `text`, paired open/close marks, never running past a paragraph.

    A quotation still open at a paragraph's end is kept (up to that end) only when
    the next paragraph opens with a quote mark, the news convention for a quotation
    that runs on; that next quotation is marked `continued`.
    """
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    continued = False
    for match in _QUOTE_MARK.finditer(text):
        mark = match.group()
        role = "either"
        if mark in _AMBIGUOUS_QUOTES:
            role = _straight_quote_role(text, match.start(), match.end())
        opens = (mark in OPEN_QUOTES or mark in _AMBIGUOUS_QUOTES) and role != "close"
        closes = mark in CLOSE_QUOTES and role != "open"
        runs_on = False
        if open_at is not None and "\n\n" in text[open_at : match.start()]:
            # an unclosed quote ends with its paragraph; it runs on if the next one reopens
            runs_on = opens and opens_paragraph(text, match.start())
            if runs_on:
                end = text.index("\n\n", open_at)
                inner = text[open_at:end]
                regions.append(
                    QuoteRegion(
                        open_at + offset, end + offset, len(inner.split()), continued, _ends(inner)
                    )
                )
            open_at = None
        if open_at is None and opens:
            open_at = match.end()
            continued = runs_on
        elif open_at is not None and closes:
            inner = text[open_at : match.start()]
            regions.append(
                QuoteRegion(
                    open_at + offset,
                    match.start() + offset,
                    len(inner.split()),
                    continued,
                    _ends(inner),
                )
            )
            open_at = None
        elif open_at is not None and opens:
            open_at = match.end()  # a new quotation opens: the old one was never closed
            continued = False
    return regions


def _ends(inner: str) -> bool:
    """Does a quotation close a sentence of its own ('"And 40 nurses."')?"""
    return inner.rstrip().endswith((".", "!", "?"))


class QuoteRegions(list):
    """Quotation regions in text order, searchable by position in log time."""

    def __init__(self, regions: list[QuoteRegion]) -> None:
        super().__init__(regions)
        self.starts = [r.start for r in regions]


def in_region(position: int, regions: QuoteRegions) -> QuoteRegion | None:
    """The region holding `position`; regions are sorted and disjoint, so bisect."""
    index = bisect.bisect_right(regions.starts, position) - 1
    if index >= 0 and regions[index].start <= position < regions[index].end:
        return regions[index]
    return None

"""Time expressions ("Wednesday", "over the weekend", "late last month") as ISO dates.

News writes dates relative to the day of publication. dateparser does the
calendar arithmetic; this module adds the newsroom conventions it lacks: a
weekday named in a report means the latest such day on or before publication
("Wednesday" in a Wednesday paper is that day), "the weekend" is the preceding
Saturday-Sunday, and vague edges ("late", "early") are dropped.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EDGE_WORDS = re.compile(
    r"\b(late|early|earlier|later|mid|on|in|the|over|during|that|by|since|until)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
"""A year as news writes one (1800-2099)."""
_PARTS_OF_DAY = re.compile(r"\b(morning|afternoon|evening|night|overnight)\b", re.IGNORECASE)


@functools.cache
def _parser():  # dateparser builds its language data on first use; do it once
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True},
    )


def parse_iso(value: str | None) -> date | None:
    """The date of an ISO string ("2021-07-07"), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_time(expression: str, published: str | None) -> str | None:
    """An ISO date, month ("2021-06"), year, or interval ("a/b") for a time phrase.

    Returns None when the phrase names no resolvable time ("early in the afternoon").
    """
    base = parse_iso(published)
    text = expression.strip().lower()
    if base is None and not YEAR.search(text):
        return None  # a relative time ("Wednesday") needs the day of publication
    if re.fullmatch(r"\d{1,3}", text):
        return None  # a bare count the tagger took for a date ("put the figure at 70")
    if "weekend" in text and base is not None:
        days_since_sunday = (base.weekday() + 1) % 7 or 7
        if "this weekend" in text and base.weekday() >= 5:
            days_since_sunday = base.weekday() - 6 if base.weekday() == 6 else 0
        sunday = base - timedelta(days=days_since_sunday if base.weekday() != 6 else 0)
        return f"{(sunday - timedelta(days=1)).isoformat()}/{sunday.isoformat()}"
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text) and base is not None:
            back = (base.weekday() - index) % 7
            if "last" in text.split() and back == 0:
                back = 7
            return (base - timedelta(days=back)).isoformat()
    if YEAR.fullmatch(text):
        return text
    cleaned = _PARTS_OF_DAY.sub(" ", _EDGE_WORDS.sub(" ", text)).strip()
    if not cleaned or not re.search(r"[a-z0-9]", cleaned):
        if re.search(r"\b(tonight|today)\b", text) or _PARTS_OF_DAY.search(text):
            return base.isoformat() if base and re.search(r"\bthis\b|today|tonight", text) else None
        return None
    relative_base = datetime.combine(base, datetime.min.time()) if base else datetime.now()
    parser = _parser()
    parser._settings.RELATIVE_BASE = relative_base  # per call: the article's own date
    try:
        data = parser.get_date_data(cleaned)
    except Exception:  # dateparser raises on odd input; an unresolved time is harmless
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    match data.period:
        case "year":
            return f"{day.year:04d}"
        case "month":
            return f"{day.year:04d}-{day.month:02d}"
        case "week":
            monday = day - timedelta(days=day.weekday())
            return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    return day.isoformat()


@functools.lru_cache(maxsize=4096)
def time_interval(value: str) -> tuple[date, date] | None:
    """The first and last day an ISO date, month, year or interval covers.

    Cached: the matcher asks it for both claims' times in every candidate pair,
    hundreds of thousands of times over a few hundred distinct values.
    """
    try:
        if "/" in value:
            first, last = value.split("/", 1)
            return date.fromisoformat(first), date.fromisoformat(last)
        if re.fullmatch(r"\d{4}", value):
            year = int(value)
            return date(year, 1, 1), date(year, 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = map(int, value.split("-"))
            start = date(year, month, 1)
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return start, end
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None

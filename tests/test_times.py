"""Time phrases resolved against the day the article was published."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck.times import resolve_time, time_interval

WEDNESDAY = "2021-07-07"
MONDAY = "2021-07-05"


@pytest.mark.parametrize(
    "expression, published, expected",
    [
        ("Wednesday", WEDNESDAY, "2021-07-07"),
        ("on Wednesday", WEDNESDAY, "2021-07-07"),
        ("last Wednesday", WEDNESDAY, "2021-06-30"),
        ("Sunday", WEDNESDAY, "2021-07-04"),
        ("Tuesday morning", WEDNESDAY, "2021-07-06"),
        ("Friday", MONDAY, "2021-07-02"),
        ("over the weekend", WEDNESDAY, "2021-07-03/2021-07-04"),
        ("over the weekend", MONDAY, "2021-07-03/2021-07-04"),
        ("last month", WEDNESDAY, "2021-06"),
        ("late last month", WEDNESDAY, "2021-06"),
        ("earlier this month", WEDNESDAY, "2021-07"),
        ("June 27", WEDNESDAY, "2021-06-27"),
        ("March 3, 2019", WEDNESDAY, "2019-03-03"),
        ("yesterday", WEDNESDAY, "2021-07-06"),
        ("today", WEDNESDAY, "2021-07-07"),
        ("three days ago", WEDNESDAY, "2021-07-04"),
        ("last year", WEDNESDAY, "2020"),
        ("2019", WEDNESDAY, "2019"),
    ],
)
def test_resolve_time_against_the_publication_date(
    expression: str, published: str, expected: str
) -> None:
    assert resolve_time(expression, published) == expected


@pytest.mark.parametrize(
    "expression, published",
    [
        ("early in the afternoon", WEDNESDAY),
        ("the morning", WEDNESDAY),
        ("next door", WEDNESDAY),
        pytest.param(
            "70",
            WEDNESDAY,
        ),
        pytest.param(
            "Wednesday",
            None,
        ),
    ],
)
def test_unresolvable_phrases_give_none(expression: str, published: str | None) -> None:
    assert resolve_time(expression, published) is None


@pytest.mark.parametrize(
    "value, first, last",
    [
        ("2021-06", date(2021, 6, 1), date(2021, 6, 30)),
        ("2021-02", date(2021, 2, 1), date(2021, 2, 28)),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("2021-12", date(2021, 12, 1), date(2021, 12, 31)),
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021-07-07", date(2021, 7, 7), date(2021, 7, 7)),
        ("2021-07-03/2021-07-04", date(2021, 7, 3), date(2021, 7, 4)),
    ],
)
def test_time_interval_covers_the_whole_period(value: str, first: date, last: date) -> None:
    assert time_interval(value) == (first, last)


@pytest.mark.parametrize("value", ["garbage", "2021-13", ""])
def test_time_interval_of_a_non_date_is_none(value: str) -> None:
    assert time_interval(value) is None


def test_a_resolved_weekend_is_an_interval_time_interval_can_read() -> None:
    resolved = resolve_time("over the weekend", WEDNESDAY)
    assert resolved is not None
    assert time_interval(resolved) == (date(2021, 7, 3), date(2021, 7, 4))

"""Calendar arithmetic at month ends and leap days; lengths of time in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcli.language.calendar import Interval, parse_interval

D = dt.date


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (D(2024, 1, 31), "1 month", D(2024, 2, 29)),
        (D(2023, 1, 31), "1 month", D(2023, 2, 28)),
        (D(2024, 2, 29), "12 months", D(2025, 2, 28)),
        (D(2024, 2, 29), "1 year", D(2025, 2, 28)),
        (D(2024, 3, 31), "6 months", D(2024, 9, 30)),
        (D(2025, 12, 15), "1 month", D(2026, 1, 15)),
        (D(2025, 1, 1), "30 days", D(2025, 1, 31)),
        (D(2025, 1, 1), "2 weeks", D(2025, 1, 15)),
    ],
)
def test_after(start: dt.date, length: str, expected: dt.date) -> None:
    assert parse_interval(length).after(start) == expected


def test_short_and_long_forms() -> None:
    assert parse_interval("30d") == Interval(30, "days") == parse_interval("30 days")
    assert parse_interval("1 Month") == Interval(1, "months")
    assert str(Interval(1, "months")) == "1 month"


@pytest.mark.parametrize("bad", ["", "month", "01 days", "3 fortnights", "-1 day", "1.5 months"])
def test_bad_lengths(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a length of time"):
        parse_interval(bad)

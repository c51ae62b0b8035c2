"""Lengths of time ('1 month', '30 days') and calendar arithmetic that is right at month ends."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

_UNITS = {
    "day": "days",
    "days": "days",
    "d": "days",
    "week": "weeks",
    "weeks": "weeks",
    "w": "weeks",
    "month": "months",
    "months": "months",
    "m": "months",
    "year": "years",
    "years": "years",
    "y": "years",
}
_PATTERN = re.compile(r"\s*(0|[1-9][0-9]{0,3})\s*([a-z]+)\s*\Z")


class Interval(NamedTuple):
    amount: int
    unit: str  # days | weeks | months | years

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"

    def after(self, start: dt.date) -> dt.date:
        """The date this long after `start`. A month after 31 January is the last of February."""
        if self.unit == "days":
            return start + dt.timedelta(days=self.amount)
        if self.unit == "weeks":
            return start + dt.timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "years" else 1)
        return add_months(start, months)

    def days_at_most(self) -> int:
        """An upper bound in days (for windows): months count as 31 days, years as 366."""
        per = {"days": 1, "weeks": 7, "months": 31, "years": 366}[self.unit]
        return self.amount * per


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def parse_interval(text: str) -> Interval:
    """'1 month', '12 months', '30 days', '6 weeks', '1 year', or short '30d', '4w', '2m', '1y'.
    Raises ValueError with a plain message."""
    m = _PATTERN.match(text.lower()) if isinstance(text, str) else None
    if m is None or m.group(2) not in _UNITS:
        raise ValueError(
            f'"{text}" is not a length of time; write e.g. "30 days", "6 weeks", "3 months" or "1 year"'
        )
    return Interval(int(m.group(1)), _UNITS[m.group(2)])

"""Deadlines as lint findings: what the deadline engine says is overdue today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ipcli.due import deadlines
from ipcli.findings import Finding
from ipcli.load import LoadedPlan
from ipcli.profiles import Profile


def check(loaded: LoadedPlan, profile: Profile, today: dt.date) -> Iterator[Finding]:
    assert loaded.plan is not None
    for item in deadlines(loaded.plan, profile, today):
        late = -item.days_left(today)
        if late == 0:
            yield loaded.finding(item.code, item.at, f"due today: {item.describe()}")
        elif late > 0:
            days = "1 day" if late == 1 else f"{late} days"
            yield loaded.finding(
                item.code, item.at, f"overdue since {item.date.isoformat()} ({days}): {item.describe()}"
            )

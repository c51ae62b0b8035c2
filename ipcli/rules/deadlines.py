"""Deadlines as lint findings: the engine's items that are due by today."""

from __future__ import annotations

import datetime as dt

from ipcli.codes import severity_of
from ipcli.findings import Finding
from ipcli.results import FileResult


def due_findings(result: FileResult, shown: str, today: dt.date, redact: bool = False) -> list[Finding]:
    """Redacted: the action and ids only, without the goal's or measure's own words."""
    out = []
    for item in result.due_by(today.toordinal()):
        late = -item.days_left(today)
        if item.date is None:
            when = "due now"
        elif late == 0:
            when = "due today"
        else:
            days = "1 day" if late == 1 else f"{late} days"
            when = f"overdue since {item.date.isoformat()} ({days})"
        out.append(
            Finding(
                shown,
                item.line,
                item.col,
                item.code,
                severity_of(item.code),
                f"{when}: {item.describe(redact)}",
            )
        )
    return out

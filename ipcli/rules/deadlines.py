"""Deadlines as lint findings: the engine's items that are due by today."""

from __future__ import annotations

import datetime as dt
import functools

from ipcli.codes import severity_of
from ipcli.findings import Finding
from ipcli.results import FileResult, describe


def due_findings(result: FileResult, shown: str, today: dt.date, redact: bool = False) -> list[Finding]:
    """Redacted: the action and ids only, without the goal's or measure's own words."""
    today_n = today.toordinal()
    make = tuple.__new__  # a Finding without NamedTuple's Python-level __new__ (thousands per run)
    out = []
    for code, day, what, text, _, line, col in result.items:
        if day > today_n:
            continue
        message = f"{_when(day, today_n)}: {describe(what, text, redact)}"
        out.append(make(Finding, (shown, line, col, code, severity_of(code), message, "")))
    return out


@functools.lru_cache(maxsize=4096)  # a few hundred distinct days across a caseload
def _when(day: int, today: int) -> str:
    """How late an item is: day is its date's ordinal, 0 when the plan gives no date."""
    if not day:
        return "due now"
    late = today - day
    if late == 0:
        return "due today"
    days = "1 day" if late == 1 else f"{late} days"
    return f"overdue since {dt.date.fromordinal(day).isoformat()} ({days})"

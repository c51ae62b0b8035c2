"""The one result type of checking: a Finding says what is wrong, where, and how to fix it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(NamedTuple):
    """One problem in one file. Lines and columns are 1-based, as editors show them.
    (A tuple: a large repository yields tens of thousands.)"""

    path: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str
    hint: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)

    def to_dict(self) -> dict[str, Any]:
        d = self._asdict()
        d["severity"] = str(self.severity)
        return d


def fails(findings: list[Finding]) -> bool:
    """Errors and warnings fail a check; info findings only inform."""
    return any(f.severity is not Severity.INFO for f in findings)

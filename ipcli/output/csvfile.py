"""The one CSV writer: every CSV ipcli writes (due, plans, stats) goes through `CsvRows`, so
no cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, -1+1, @SUM, a leading tab
or carriage return) leaves ipcli unneutralised, whatever column a new format adds."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a `'` before it."""
    return "'" + value if value.startswith(_FORMULA) else value


class CsvRows:
    """Rows of cells to `out` (RFC 4180 line ends). Text cells are neutralised; numbers are
    written as they are (ipcli's own counts, never plan text)."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def row(self, cells: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])

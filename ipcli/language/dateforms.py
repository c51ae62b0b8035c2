"""Dates the way each language writes them, without loading Babel on every run.

The month names and patterns are Babel's (CLDR), written out here once: Babel's import and
locale data cost ~40 ms, more than a warm `due` may spend. tests/test_dateforms.py checks every
day against Babel itself, so a newer CLDR that changes a form fails there, not in a report.
"""

from __future__ import annotations

import datetime as dt
import functools

# month names in a date, per language (bokmål and nynorsk write them alike)
_EN = "January February March April May June July August September October November December"
_NO = "januar februar mars april mai juni juli august september oktober november desember"
_DA = "januar februar marts april maj juni juli august september oktober november december"
_NORDIC = ("{d}. {month} {y}", "{d:02}.{m:02}.{y}")  # "15. desember 2026", 15.12.2026

# language -> (long pattern, short pattern, month names in a date)
FORMS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "en": ("{d} {month} {y}", "{y}-{m:02}-{d:02}", tuple(_EN.split())),
    "nb": (*_NORDIC, tuple(_NO.split())),
    "nn": (*_NORDIC, tuple(_NO.split())),
    "da": (*_NORDIC, tuple(_DA.split())),
}


@functools.lru_cache(maxsize=4096)  # a report names a few hundred distinct days
def long_date(day: dt.date, lang: str) -> str:
    """In a sentence: "15. desember 2026", "15 December 2026"."""
    pattern, _, months = FORMS.get(lang, FORMS["en"])
    return pattern.format(d=day.day, month=months[day.month - 1], y=day.year)


@functools.lru_cache(maxsize=4096)
def short_date(day: dt.date, lang: str) -> str:
    """In a column: 15.12.2026 (nb, nn, da); English keeps 2026-12-15, which sorts as text."""
    _, pattern, _ = FORMS.get(lang, FORMS["en"])
    return pattern.format(d=day.day, m=day.month, y=day.year)

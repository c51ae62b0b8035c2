"""Recognise Danish CPR numbers and Norwegian fødselsnummer (incl. D- and H-numbers) by their
checksums, so that plans can be kept free of them. Numbers are only ever shown masked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_CANDIDATE = re.compile(r"(?<![\d])(\d{6})[- ]?(\d{4,5})(?![\d])")
_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_FNR_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
MASK = "******-****"


def _real_day(day: int, month: int) -> bool:
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a possible birthday
    except ValueError:
        return False
    return True


def is_cpr(digits: str) -> bool:
    """A 10-digit Danish CPR number with a real date and a valid modulus-11 checksum."""
    if len(digits) != 10 or not _real_day(int(digits[:2]), int(digits[2:4])):
        return False
    return sum(int(d) * w for d, w in zip(digits, _CPR_WEIGHTS, strict=True)) % 11 == 0


def is_fodselsnummer(digits: str) -> bool:
    """An 11-digit Norwegian fødselsnummer (D-number: day + 40; H-number or synthetic test
    number: month + 40 or + 80) with both control digits right."""
    if len(digits) != 11:
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day
    month = month - 80 if month > 80 else month - 40 if month > 40 else month
    if not _real_day(day, month):
        return False
    d = [int(c) for c in digits]
    k1 = 11 - sum(a * b for a, b in zip(d[:9], _FNR_K1, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(a * b for a, b in zip(d[:10], _FNR_K2, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    return k1 != 10 and k2 != 10 and (k1, k2) == (d[9], d[10])


def find(text: str) -> Iterator[str]:
    """The kind ("CPR number" or "fødselsnummer") of each national id number in the text."""
    for m in _CANDIDATE.finditer(text):
        digits = m.group(1) + m.group(2)
        if is_cpr(digits):
            yield "CPR number"
        elif is_fodselsnummer(digits):
            yield "fødselsnummer"


def looks_like_id(text: str) -> bool:
    """Does the text hold a run of digits shaped like a national id number (6 digits, then 4 or
    5, with or without a hyphen or space), whether or not its checksum is right? Used where a
    number of that shape must never go (a plan id becomes a file name and a commit message)."""
    return _CANDIDATE.search(text) is not None


def mask(text: str) -> str:
    """The text with every id-shaped number replaced by a mask."""
    return _CANDIDATE.sub(MASK, text)

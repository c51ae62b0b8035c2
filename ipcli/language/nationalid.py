"""Recognise Danish CPR numbers and Norwegian fødselsnummer (incl. D- and H-numbers), so that plans
can be kept free of them and no output ever shows one in full: `mask` is the one masker every
output goes through (findings' words, reports' values, renders, exports, history, the terminal
streams, the language server).

A number is recognised however people write it (the examples here are one made-up number whose
checksum is wrong, so it is no one's): together (01019000084), with a hyphen, space or
dot between date and serial (010190-00084, 010190 00084), with the date in groups (01.01.90 00084,
0101 90 00084, 01 01 90 000 84), with non-breaking or thin spaces, dashes or slashes; up to three
separator characters between two groups of digits. The scan is linear in the text's length: one
regular expression without nested repetition finds runs of at least ten digits joined by short
separators (most text has none and costs one search), and each run is cut into its groups of
digits and looked at through windows of at most eleven digits.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

# what people put between groups of digits: spaces (also non-breaking and thin ones), hyphens and
# dashes, dots, slashes
_SEPARATORS = " \u00a0\u2007\u2009\u202f.\\-\u2010\u2011\u2012\u2013/"
# ten or more digits with at most three separators between two of them: the only text that can
# hold a number. Separators and digits are disjoint, so the pattern cannot backtrack far.
_RUN = re.compile(rf"\d(?:[{_SEPARATORS}]{{0,3}}\d){{9,}}")
_DIGITS = re.compile(r"\d+")
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


def _fnr_day(digits: str) -> bool:
    """The first four of eleven digits are a day and a month, as a fødselsnummer writes them
    (D-number: day + 40; H-number or synthetic test number: month + 40 or + 80)."""
    day, month = int(digits[:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day
    month = month - 80 if month > 80 else month - 40 if month > 40 else month
    return _real_day(day, month)


def is_cpr(digits: str) -> bool:
    """A 10-digit Danish CPR number with a real date and a valid modulus-11 checksum."""
    if len(digits) != 10 or not _real_day(int(digits[:2]), int(digits[2:4])):
        return False
    return sum(int(d) * w for d, w in zip(digits, _CPR_WEIGHTS, strict=True)) % 11 == 0


def is_fodselsnummer(digits: str) -> bool:
    """An 11-digit Norwegian fødselsnummer (D-number: day + 40; H-number or synthetic test
    number: month + 40 or + 80) with both control digits right."""
    if len(digits) != 11 or not _fnr_day(digits):
        return False
    d = [int(c) for c in digits]
    k1 = 11 - sum(a * b for a, b in zip(d[:9], _FNR_K1, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(a * b for a, b in zip(d[:10], _FNR_K2, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    return k1 != 10 and k2 != 10 and (k1, k2) == (d[9], d[10])


def _may_be_id(digits: str) -> bool:
    """What the masker hides: ten digits that start with a day and month (a CPR number: since
    2007 not every one has a modulus-11 checksum) or eleven that start as a fødselsnummer does
    (its checksum not asked for: a mistyped number is still the person's). Wider than IP501's
    checks on purpose: hiding a number that was not an id costs little. (Written together or as
    date-serial, 6+4 or 6+5 digits are masked whatever they are, as they always were.)"""
    if len(digits) == 10:
        return _real_day(int(digits[:2]), int(digits[2:4]))
    return _fnr_day(digits)


def _any_shape(digits: str) -> bool:
    return True


def _written_like_id(bounds: list[int]) -> bool:
    """Where the groups of digits end (counted in digits) is how people write an id number: the
    date together or as day, month and year (2 and 4), and when the serial is cut into groups,
    the date ends a group too (so 01.02.2024 10 is a date and a number, not an id)."""
    return all(b in (2, 4, 6) or b > 6 for b in bounds) and (6 in bounds or all(b < 6 for b in bounds))


def _windows(
    text: str, check: Callable[[str], bool], compact: bool = False
) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of every stretch of the text that is an id number written as people
    write them and passes `check` (or, with `compact`, is written together or as date-serial:
    6+4 or 6+5 digits, whatever they are). Each stretch starts and ends at a whole group of digits."""
    for run in _RUN.finditer(text):
        at = run.start()
        for start, end, digits in _in_run(run.group(), check, compact):
            yield at + start, at + end, digits


@functools.lru_cache(maxsize=4096)
def _in_run(run: str, check: Callable[[str], bool], compact: bool) -> tuple[tuple[int, int, str], ...]:
    """`_windows` of one run of digits, by place in the run. Cached: a report repeats the same
    runs (a date and a day count) on thousands of lines, and the streams are masked whole."""
    found: list[tuple[int, int, str]] = []
    groups = [(m.start(), m.end(), m.group()) for m in _DIGITS.finditer(run)]
    for i, (start, _end, _digits) in enumerate(groups):
        digits = ""
        bounds: list[int] = []
        for _start, end, part in groups[i:]:
            digits += part
            if len(digits) > 11:
                break
            if (
                len(digits) >= 10
                and _written_like_id(bounds)
                and ((compact and bounds in ([], [6])) or check(digits))
            ):
                found.append((start, end, digits))
            bounds.append(len(digits))
    return tuple(found)


def _regions(
    text: str, check: Callable[[str], bool], compact: bool = False
) -> list[tuple[int, int, list[str]]]:
    """The stretches `_windows` finds, overlapping ones merged: (start, end, the digits of each)."""
    regions: list[tuple[int, int, list[str]]] = []
    for start, end, digits in _windows(text, check, compact):
        if regions and start < regions[-1][1]:
            first, last, found = regions[-1]
            regions[-1] = (first, max(last, end), [*found, digits])
        else:
            regions.append((start, end, [digits]))
    return regions


def may_hold(text: str) -> bool:
    """Could the text hold a number at all (ten digits joined by short separators)? One search
    at C speed: the pre-check of a walk over many strings."""
    return _RUN.search(text) is not None


def source_may_hold(source: str) -> bool:
    """Could any value read from this YAML source hold a number? False only when it surely
    cannot: every value is a piece of the source, joined across lines (so whitespace may stand
    between two digits), unless an escape (`\\u0031`) or a hexadecimal or octal number
    (`0x3B9ACA00`) makes digits the source does not show: then it may. One pass at C speed
    that spares the walk over every value of the plans that hold no long number at all."""
    if "\\" in source or "0x" in source or "0o" in source:
        return True
    fast = _source_run(source)
    return fast if fast is not None else _SOURCE_RUN.search(source) is not None


# The search of _SOURCE_RUN tries the pattern at every digit of the file: a third of a millisecond
# for a plan of 6 kB, a tenth of reading it cold. The same question at the speed of bytes.translate:
# in the UTF-8 bytes, every digit becomes "d" (a "d" itself "x"), every whitespace or separator is
# taken out, and ten digits joined only by those are then ten "d" in a row.
_GAP_CHARS = frozenset(_SEPARATORS) - {"\\"}  # (the backslash only escapes the hyphen in _SOURCE_RUN)
_ASCII = bytes(range(128))
_ASCII_GAPS = bytes(c for c in range(128) if chr(c).isspace() or chr(c) in _GAP_CHARS)
_TO_D = bytes.maketrans(b"0123456789d", b"ddddddddddx")
_TEN = b"d" * 10
# above this the regular expression, which makes no copy (see _SOURCE_RUN)
_FAST_UP_TO = 256 * 1024


def _source_run(source: str) -> bool | None:
    """Whether _SOURCE_RUN would find a run in `source`; None when only it can say: a digit of
    another script than ASCII (\\d is every Unicode digit), a file this large, a lone surrogate."""
    if len(source) > _FAST_UP_TO:
        return None
    try:
        raw = source.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if len(raw) != len(source):  # letters beyond ASCII (æ, ø, å): each kind looked at once
        for ch in set(raw.translate(None, _ASCII).decode("utf-8")):
            if ch.isdecimal():  # what \d matches beyond 0-9
                return None
            if ch.isspace() or ch in _GAP_CHARS:  # \s and the separators beyond ASCII
                raw = raw.replace(ch.encode("utf-8"), b" ")
    return _TEN in raw.translate(_TO_D, _ASCII_GAPS)


# _RUN as the source may show it: any whitespace (a line break and the next line's indentation,
# which folding makes one space) may also stand between two digits. Searched in the source itself,
# not in a copy with the whitespace collapsed: a 4.8 MB plan's copy, or its list of words, cost
# 10-50 MB at once. A little wider than _RUN (more than three separators), never narrower.
_SOURCE_RUN = re.compile(rf"\d(?:[{_SEPARATORS}\s]*\d){{9,}}")


def find(text: str) -> Iterator[str]:
    """The kind ("CPR number" or "fødselsnummer") of each national id number in the text whose
    checksum is right, however it is written."""
    if not _RUN.search(text):
        return
    for _start, _end, found in _regions(text, lambda d: is_cpr(d) or is_fodselsnummer(d)):
        yield "fødselsnummer" if any(len(d) == 11 for d in found) else "CPR number"


def looks_like_id(text: str) -> bool:
    """Does the text hold ten or eleven digits written as an id number is written, whether or not
    its date and checksum are right? Used where a number of that shape must never go (a plan id
    becomes a file name and a commit message)."""
    return _RUN.search(text) is not None and next(_windows(text, _any_shape), None) is not None


def mask(text: str) -> str:
    """The text with every national id number (CPR number, fødselsnummer, D- or H-number), however
    it is written, and every number shaped like one (6+4 or 6+5 digits), replaced by MASK. The
    one masker: every output of plan text comes through here."""
    if not _RUN.search(text):  # the usual text: one search, nothing to do
        return text
    return _RUN.sub(_masked_match, text)


def _masked_match(m: re.Match[str]) -> str:
    return _masked_run(m.group(), _may_be_id)


@functools.lru_cache(maxsize=4096)
def _masked_run(run: str, check: Callable[[str], bool]) -> str:
    """One run of digits with its id-shaped stretches replaced by MASK (a stretch never leaves
    its run). Cached: a report repeats the same runs on thousands of lines."""
    out: list[str] = []
    at = 0
    for start, end, _found in _regions(run, check, compact=True):
        out += [run[at:start], MASK]
        at = end
    return "".join(out) + run[at:] if out else run


def mask_data(value: Any) -> Any:
    """A plan document (or any JSON-like data) with every string in it, keys too, masked. The same
    object when there was nothing to mask (the usual case: no copy)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        items = [(mask_data(k), mask_data(v)) for k, v in value.items()]
        same = all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(items, value.items(), strict=True))
        return value if same else dict(items)
    if isinstance(value, (list, tuple)):
        masked = [mask_data(v) for v in value]
        if all(m is v for m, v in zip(masked, value, strict=True)):
            return value
        return type(value)(masked) if isinstance(value, list) else tuple(masked)
    return value

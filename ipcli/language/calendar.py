"""Dates and lengths of time as people type them, with one set of bounds, and calendar arithmetic
that is right at month ends.

Every date a user types (`--today`, `--date`, `--at`, `--since`…) goes through parse_day, and
every length of time (`--within`, `--evaluate-every`, `--since 7d`, the deadlines in ipcli.toml)
through parse_interval. Their bounds are chosen so that any date plus or minus any length stays
a date Python can hold: dates from 1900 to 2199, lengths up to 100 years."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import NamedTuple

from ipcli.language.i18n import tr

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
MAX_YEARS = 100

# the units in English, Norwegian (bokmål, nynorsk) and Danish, with the short forms
_UNITS = {
    **dict.fromkeys(("d", "day", "days", "dag", "dager", "dagar", "dage", "døgn"), "days"),
    **dict.fromkeys(("w", "week", "weeks", "uke", "uker", "veke", "veker", "uge", "uger"), "weeks"),
    **dict.fromkeys(
        ("m", "mnd", "md", "month", "months", "måned", "måneder", "månad", "månader", "maned", "maneder"),
        "months",
    ),
    **dict.fromkeys(("y", "year", "years", "år", "aar"), "years"),
}
_LIMIT = {"days": MAX_YEARS * 366, "weeks": MAX_YEARS * 53, "months": MAX_YEARS * 12, "years": MAX_YEARS}
_PATTERN = re.compile(r"\s*(0|[1-9][0-9]{0,8})\s*([^\W\d_]+)\.?\s*\Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# the dashes a word processor or a keyboard puts where a date's hyphen belongs: hyphen (U+2010),
# non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small and
# full-width hyphen-minus
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_D = f"[-{DASHES}]"
# day first, as Norway and Denmark write it: 1.2.2027, 01.06.2027, 1/2-2027, 1/2/2027, 1. 2. 2027
_DAY_FIRST = re.compile(rf"([0-9]{{1,2}})\.? ?[./] ?([0-9]{{1,2}}) ?(?:[./]|{_D}) ?([0-9]{{4}})\Z")
# year first, with another dash or separator: 2027–02–01, 2027.02.01, 2027/2/1
_YEAR_FIRST = re.compile(rf"([0-9]{{4}}) ?(?:[./]|{_D}) ?([0-9]{{1,2}}) ?(?:[./]|{_D}) ?([0-9]{{1,2}})\Z")


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

    def before(self, end: dt.date) -> dt.date:
        """The date this long before `end` (as many days back as `after` goes forward)."""
        return end - (self.after(end) - end)


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def parse_interval(text: str) -> Interval:
    """A length of time: '30 days', '6 weeks', '3 months', '1 year'; short '30d', '4w', '2m',
    '1y'; or in Norwegian and Danish: '2 uker', '2 veker', '2 uger', '3 måneder', '3 månader',
    '1 år', '30 dager', '30 dagar', '30 dage'. At most 100 years. Raises ValueError with a
    plain message."""
    m = _PATTERN.match(unicodedata.normalize("NFC", text).casefold()) if isinstance(text, str) else None
    unit = _UNITS.get(m.group(2)) if m else None
    if m is None or unit is None:
        raise ValueError(tr("error.not_a_length", text=text))
    amount = int(m.group(1))
    if amount > _LIMIT[unit]:
        raise ValueError(tr("error.length_too_long", text=text, years=MAX_YEARS))
    return Interval(amount, unit)


def typed_day(text: object) -> dt.date | None:
    """The day a text means when it is a date written another way than YYYY-MM-DD: the way
    Norway and Denmark write dates (1.2.2027, 01.06.2027, 1/2-2027, 1/2/2027: day first), or
    year first with a dash other than the hyphen (2027–02–01, as a word processor makes it) or
    with dots or slashes. None for anything else, and for a day that does not exist or lies
    outside 1900–2199: such a text is no date at all, not one written another way."""
    if not isinstance(text, str) or len(text) > 24:
        return None
    plain = text.strip()
    m = _DAY_FIRST.match(plain)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _YEAR_FIRST.match(plain)
        if m is None or _DAY.match(plain):
            return None  # an ISO date (a real day or not) is the schema's to judge
        year, month, day = (int(g) for g in m.groups())
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    return found if FIRST_DAY <= found <= LAST_DAY else None


def parse_day(text: str) -> dt.date:
    """A date as YYYY-MM-DD, a real one, from 1900 to 2199. Raises ValueError with a plain
    message."""
    if not isinstance(text, str) or not _DAY.match(text.strip()):
        raise ValueError(tr("error.not_a_date", text=text))
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(tr("error.not_a_real_date", text=text)) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(tr("error.date_out_of_range", text=text, first=FIRST_DAY.year, last=LAST_DAY.year))
    return day


# "in 3 months", "om 3 måneder": a length of time may start with the word for "in"
_IN = re.compile(r"\s*(?:in|om)\s+", re.IGNORECASE)


def parse_day_or_length(text: str, start: dt.date) -> dt.date:
    """A date (YYYY-MM-DD) or a length of time after `start` ("3 months", "3 måneder", "3 mnd",
    "om 3 uker", "in 6 weeks"): the one parser of a next date, for an option (`--next`) and
    for the question that asks for it alike. Raises ValueError with a plain message (the date's
    own, when the text is shaped like a date: "2026-13-01" is not a real date)."""
    if isinstance(text, str) and _DAY.match(text.strip()):
        return parse_day(text)
    try:
        return parse_interval(_IN.sub("", text, count=1) if _IN.match(text) else text).after(start)
    except ValueError:
        raise ValueError(tr("ask.not_a_date", answer=text)) from None

"""The dates ipcli writes without Babel are Babel's own (CLDR), day for day."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date

from ipcli.language.dateforms import long_date, short_date

LOCALES = {"en": "en_GB", "nb": "nb_NO", "nn": "nn_NO", "da": "da_DK"}


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_every_day_of_a_year_as_babel_writes_it(lang: str) -> None:
    start = dt.date(2028, 1, 1)  # a leap year
    for n in range(366):
        day = start + dt.timedelta(days=n)
        assert long_date(day, lang) == format_date(day, "long", locale=LOCALES[lang])
        if lang != "en":
            assert short_date(day, lang) == format_date(day, "short", locale=LOCALES[lang])


def test_the_forms() -> None:
    day = dt.date(2026, 12, 15)
    assert long_date(day, "nb") == "15. desember 2026"
    assert long_date(day, "da") == "15. december 2026"
    assert long_date(day, "en") == "15 December 2026"
    assert short_date(day, "nn") == "15.12.2026" and short_date(day, "en") == "2026-12-15"

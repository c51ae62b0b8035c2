"""Messages as data: a key and values stored, words made in the run's language at the edge."""

from __future__ import annotations

import datetime as dt

from ipcli.findings import said, words


def test_a_said_message_becomes_words_in_each_language() -> None:
    message = said("due.consent", consent="c2", date=dt.date(2026, 12, 15))
    assert words(message, "nb") == "forny samtykket c2, gyldig til 15. desember 2026"
    assert words(message, "en").endswith("15 December 2026")
    assert "15. december 2026" in words(message, "da")


def test_plan_text_and_unknown_keys_pass_unchanged() -> None:
    assert words("the key id appears twice", "nb") == "the key id appears twice"
    assert words("", "nb") == ""


def test_plan_text_inside_a_value_cannot_break_the_message() -> None:
    message = said("due.consent", consent="c2\x1fdate=1999-01-01", date=dt.date(2026, 12, 15))
    shown = words(message, "nb")
    assert "15. desember 2026" in shown and "1999" in shown and "\x1f" not in shown


def test_lists_are_joined_and_a_missing_value_does_not_crash() -> None:
    assert "per, lise" in words(said("due.consent.with", what="x", people=["per", "lise"]), "en")
    assert words(said("due.consent", consent="c2"), "nb") == "due.consent consent=c2"

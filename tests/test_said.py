"""Messages as data: a key and values stored, words made in the run's language at the edge."""

from __future__ import annotations

import datetime as dt

from ipcli.plan.findings import said, words


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


def test_terms_and_numbers_are_said_in_the_language() -> None:
    """A `_term` value is a catalogue key of its own (a word such as "goal"); `_count` and
    `_decimal` values are numbers written the language's way."""
    message = said("schema.missing.in_item", key="text", item_term="schema.item.measure", label="m1")
    assert words(message, "en") == '"text" is missing in measure m1'
    assert words(message, "da") == "»text« mangler i indsats m1"
    assert words(said("schema.missing.in_item", key="x", item_term="lists", label="1"), "nb") == (
        "«x» mangler i lists 1"  # a value that is no key shows as it is
    )
    big = said("file.too_many_values", limit_count=200000)
    assert "200,000" in words(big, "en") and "200.000" in words(big, "da")
    assert "200\xa0000" in words(big, "nb")  # Babel's group separator: a space that does not break
    size = said("file.too_large", size_decimal=51.25, limit_decimal=1.0)
    assert "51.25 MB" in words(size, "en") and "51,25 MB" in words(size, "nn")  # the places given
    assert "1.0 MB" in words(size, "en")  # at least one

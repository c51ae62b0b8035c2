"""How many of something, in words: "1 item", "2 items". The one place that decides between the
singular and the plural, so that the message catalogue (issue 15) can give each language its own
rule (Norwegian and Danish, like English, have two forms)."""

from __future__ import annotations


def count(n: int, one: str, other: str) -> str:
    """`n` with the word in the form that number takes: count(1, "item", "items") -> "1 item"."""
    return f"{n} {one if n == 1 else other}"

"""Names and ids as they are compared: one function for every comparison.

The same name can be written with different characters: "Åse" typed as one character (NFC,
what most keyboards give) or as "A" and a combining ring (NFD, what macOS file names and some
pasted text give). They look the same and must match the same: a `--coordinator` typed on one
machine finds a plan written on another, and one person is one person (IP205).
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """The text in composed form (NFC): what is stored and shown, so equal names are equal."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The text as compared: composed and case-folded (Åse, ÅSE and A+ring+se are one)."""
    return nfc(nfc(text).casefold())


def same(a: str | None, b: str | None) -> bool:
    """Two names, ids or e-mail addresses that are the same when compared (None is no match)."""
    return a is not None and b is not None and fold(a) == fold(b)

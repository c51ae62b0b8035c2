"""Text made short for one line of a report: a long text cut with an ellipsis, a name as its
initials. Plain string functions, used by the reports, the history and the finding messages."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=8192)  # the same goal and measure texts recur across rows
def short(text: str, limit: int = 60) -> str:
    """The text on one line, cut with "…" when it is longer than `limit`: after a whole word
    (`vite hvem jeg…`, not `vite hvem jeg s…`) unless that would lose more than a third of it."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " ":  # the cut falls inside a word: end before it
        space = cut.rfind(" ")
        if space >= (limit - 1) * 2 // 3:
            cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"


def initials(name: str) -> str:
    return "".join(part[0].upper() + "." for part in name.split() if part[:1].isalpha()) or "?"

"""Text made short for one line of a report: a long text cut with an ellipsis, a name as its
initials. Plain string functions, used by the reports, the history and the finding messages."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=8192)  # the same goal and measure texts recur across rows
def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def initials(name: str) -> str:
    return "".join(part[0].upper() + "." for part in name.split() if part[:1].isalpha()) or "?"

"""Plan text is untrusted on a terminal too: every stream ipcli writes to goes through here.

Control characters (C0 but tab and line feed, a carriage return not ending a line, DEL, C1) and
the invisible characters that reorder or split lines (bidi overrides and isolates, U+2028/2029)
are written as visible escapes (`\\u001b`), so a plan cannot move the cursor, set the window
title, write the clipboard (OSC 52), ring the bell or make a line read backwards. The escape is
JSON's own, so JSON output stays valid JSON with the same values. Output that cannot hold a
character (an ASCII or Latin-1 terminal) gets a replacement character instead of a crash.

National id numbers are masked here too (ipcli.language.nationalid.mask), whatever wrote them: a finding,
a report in any format, a plan shown from history, an error message. The reports mask their values
before laying them out as well (a line broken inside a number would hide it from this last check).

The streams are wrapped once, where a command starts (install), so writers need not know about
it and a new format or layout is covered without a line of its own.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Any, TextIO

from ipcli.language.nationalid import mask

UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)

# every character UNSAFE can match, as one class: searched 2.4 times as fast (no alternation), it
# tells the usual text (nothing to escape) from the rare one; \r is in it, so a CR that ends a
# line (\r\n, allowed) sends the text to the slower, exact pattern
_ANY_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


# Colour on a terminal: ipcli's own writers (lint's severities, the due report, rich tables) use
# SGR sequences. On a terminal, and only there, SGR sequences made of colour and weight codes are
# let through: they can change how text looks, never move the cursor, set a title, write the
# clipboard or make a link. Conceal (8) and blink are not among them.
_SGR_CODES = r"(?:0|1|2|3|4|22|23|24|3[0-7]|39|4[0-7]|49|9[0-7]|10[0-7]|38;5;\d{1,3}|48;5;\d{1,3})"
_SGR = re.compile(rf"\x1b\[(?:{_SGR_CODES}(?:;{_SGR_CODES})*)?m")


def _visible(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def neutralise_for_terminal(text: str) -> str:
    """As neutralise, but colour and weight (SGR) sequences stay: for a stream that is a terminal."""
    if not _ANY_UNSAFE.search(text) or not UNSAFE.search(text):
        return text
    parts = _SGR.split(text)
    codes = _SGR.findall(text)
    out = [neutralise(parts[0])]
    for code, part in zip(codes, parts[1:], strict=True):
        out += [code, neutralise(part)]
    return "".join(out)


def neutralise(text: str) -> str:
    """The text with every unsafe character written as a visible escape."""
    if not _ANY_UNSAFE.search(text):
        return text
    return UNSAFE.sub(_visible, text) if UNSAFE.search(text) else text


class SafeStream:
    """A text stream that neutralises what is written to it (everything else is the stream's)."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError, OSError):
            terminal = False
        self._clean = neutralise_for_terminal if terminal else neutralise

    def write(self, text: str) -> int:
        self.raw.write(self._clean(mask(text)))
        return len(text)

    def write_masked(self, text: str) -> int:
        """Text whose writer masked every value in it (see write_masked): neutralised only."""
        self.raw.write(self._clean(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def write_masked(out: Any, text: str) -> None:
    """Write text made only of ipcli's own words and numbers and of values that were masked where
    they were made (a plan's results are masked once, when the plan is analysed: ipcli.checks.results.masked;
    a finding's words when they are made: ipcli.plan.findings.words; a writer masks the paths
    it shows). On an installed stream the backstop's mask of the whole text is left out: it found
    nothing in such text and cost a large report more than the rest of its writing (35 ms for a
    575 KB due report, the number scan of every digit). Control characters are still made
    visible. Any other stream (a report kept for -o) is written to as it is."""
    (getattr(out, "write_masked", None) or out.write)(text)


def install() -> None:
    """Wrap stdout and stderr (once), and let output that is not UTF-8 replace what it cannot
    hold instead of failing."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, SafeStream):
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
                stream.reconfigure(errors="replace")
        setattr(sys, name, SafeStream(stream))

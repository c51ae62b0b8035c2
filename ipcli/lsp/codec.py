"""pygls's position codec, with a line that every unit counts alike counted at once.

The protocol counts a column in the units of the encoding agreed with the client (UTF-16 unless
the client offers another); Python counts code points. pygls's `PositionCodec` converts by
walking the line one character at a time in Python, and its text document does so for every
incremental change the editor sends, twice (the range's start and end), over the whole line.
Typing on one long line made each change cost time in proportion to the line (quadratic over
an editing session: 10,000 one-letter edits spent most of their 30 s of CPU there).

On a line of ASCII every encoding counts one unit per code point, and so does UTF-16 (the
protocol's default, and what most editors use) on a line without characters beyond the Basic
Multilingual Plane (æ, ø, å are one unit; an emoji is two): there the column is the same on
both sides. `Codec` answers those lines at once, exactly as pygls would (the same clamping at
the line's end, the same treatment of a CRLF ending), and hands every other line to pygls.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types as t
from pygls.workspace import PositionCodec
from pygls.workspace.position_codec import ServerTextPosition, Utf16, Utf32

_ASTRAL = "\U00010000"  # the first character that UTF-16 counts as two units


class Codec(PositionCodec):
    """`PositionCodec` with a fast path for the lines where the client's units are code points;
    otherwise pygls's own conversion."""

    def _alike(self, text: str) -> bool:
        """Whether the client counts this text in code points, as Python does."""
        if text.isascii() or isinstance(self.impl, Utf32):
            return True
        return isinstance(self.impl, Utf16) and max(text) < _ASTRAL

    def position_from_client_units(self, lines: Sequence[str], position: t.Position) -> ServerTextPosition:
        if 0 <= position.line < len(lines):
            line = lines[position.line].replace("\r\n", "\n")  # as pygls counts the line
            if self._alike(line):
                if not line:
                    return ServerTextPosition(position.line, 0)
                if position.character > len(line):
                    # pygls moves a place past the line's end onto its last character, and
                    # changes the position it was given to say so (callers may rely on it)
                    position.character = len(line) - 1
                return ServerTextPosition(position.line, position.character)
        return super().position_from_client_units(lines, position)

    def position_to_client_units(
        self, lines: Sequence[str], position: ServerTextPosition | t.Position
    ) -> t.Position:
        if 0 <= position.line < len(lines):
            head = lines[position.line][: position.character]
            if self._alike(head):
                return t.Position(line=position.line, character=len(head))
        return super().position_to_client_units(lines, position)

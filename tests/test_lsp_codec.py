"""The language server's position codec (ipcli.lsp.codec): the same answers as pygls's own in
every encoding, for ASCII lines, Norwegian and Danish letters, emoji (two UTF-16 units, four
UTF-8 bytes), CRLF endings, empty lines and places past a line's end or the last line; and an
ASCII line counted without walking its characters. The server uses it end to end in
tests/test_lsp.py::test_positions_count_in_the_encoding_agreed_with_the_client (edits after
wide characters) and tests/test_lsp_server.py::test_memory_does_not_grow_with_edits."""

from __future__ import annotations

import pytest
from lsprotocol import types as t
from pygls.workspace import PositionCodec
from pygls.workspace.position_codec import ServerTextPosition, Utf16

from ipcli.lsp.codec import Codec

TEXT = (
    "schema: ipcli/plan@1\n"
    "person:\r\n"
    "  name: Ærlige Øystein Åsheim\n"
    "\n"
    "  notes: 😋 smil 👍🏽 og så videre\r\n"
    "  x: æ😋b\n"
    "\r\n"
    "last line without end"
)
ENCODINGS = [None, t.PositionEncodingKind.Utf8, t.PositionEncodingKind.Utf16, t.PositionEncodingKind.Utf32]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_codec_answers_as_pygls_does(encoding: t.PositionEncodingKind | None) -> None:
    lines = TEXT.splitlines(keepends=True)
    ours, theirs = Codec(encoding), PositionCodec(encoding)
    places = [(line, col) for line in range(len(lines) + 2) for col in range(0, 50)]
    for line, col in places:
        mine, given = t.Position(line, col), t.Position(line, col)
        assert ours.position_from_client_units(lines, mine) == theirs.position_from_client_units(
            lines, given
        ), (line, col)
        assert mine == given, (line, col)  # pygls changes a place past the end: so does ours
        server = ServerTextPosition(line, col)
        assert ours.position_to_client_units(lines, server) == theirs.position_to_client_units(
            lines, server
        ), (line, col)
        assert ours.position_to_client_units(lines, t.Position(line, col)) == theirs.position_to_client_units(
            lines, t.Position(line, col)
        ), (line, col)
    assert ours.position_from_client_units([], t.Position(0, 3)) == ServerTextPosition(0, 0)


def test_a_wide_character_is_counted_in_the_clients_units() -> None:
    line = ["  x: æ😋b\n"]
    utf16, utf8 = Codec(t.PositionEncodingKind.Utf16), Codec(t.PositionEncodingKind.Utf8)
    assert utf16.position_to_client_units(line, t.Position(0, 7)) == t.Position(0, 8)
    assert utf8.position_to_client_units(line, t.Position(0, 7)) == t.Position(0, 11)
    assert utf16.position_from_client_units(line, t.Position(0, 8)) == ServerTextPosition(0, 7)
    assert utf8.position_from_client_units(line, t.Position(0, 11)) == ServerTextPosition(0, 7)


def test_a_line_counted_alike_is_not_walked_character_by_character() -> None:
    """The reason for the codec: pygls counts each character in Python, twice per change. In
    UTF-16 a line with æ, ø, å counts as its code points (one unit each); an emoji does not."""
    counted: list[str] = []

    class Counting(Utf16):
        def code_units_for_char(self, char: str) -> int:
            counted.append(char)
            return super().code_units_for_char(char)

    codec = Codec(t.PositionEncodingKind.Utf16)
    codec.impl = Counting()
    lines = [
        "  notes: " + "x" * 5000 + "\n",
        "  notes: Samarbeidsmøte på Ærø " + "x" * 5000 + "\n",
        "  x: 😋\n",
    ]
    for line in (0, 1):
        assert codec.position_from_client_units(lines, t.Position(line, 4000)) == ServerTextPosition(
            line, 4000
        )
        assert codec.position_to_client_units(lines, ServerTextPosition(line, 4000)) == t.Position(line, 4000)
    assert not counted
    assert codec.position_from_client_units(lines, t.Position(2, 7)) == ServerTextPosition(2, 6)
    assert counted  # a line with an emoji: pygls's own count


def test_utf8_counts_a_line_with_letters_beyond_ascii_as_pygls_does() -> None:
    line = ["  notes: Samarbeidsmøte på Ærø\n"]
    codec = Codec(t.PositionEncodingKind.Utf8)
    assert codec.position_from_client_units(line, t.Position(0, 24)) == ServerTextPosition(0, 23)
    assert codec.position_to_client_units(line, ServerTextPosition(0, 23)) == t.Position(0, 24)

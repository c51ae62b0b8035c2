"""Which characters the PDF can show, and a visible marker for those it cannot.

The PDF is PDF/A, which forbids text without a glyph in an embedded font: Typst refuses the whole
document over one such character. So the fonts the PDF uses are known here, each font's character
map (cmap) is read, and every character outside them is replaced by a marker, `[U+1F60A]`,
before Typst sees the text. Lint warns about the same characters (IP606) with the same predicate
(`covered`), so what lint says and what the PDF prints cannot differ.

The fonts: Typst's own Libertinus Serif first, then the Noto fonts of the `manimgx-fonts` package
(OFL-1.1; Noto Sans, Noto Sans for the scripts Latin faces lack, Noto Sans Symbols and the
monochrome Noto Emoji, whose outlines embed in PDF/A where colour emoji bitmaps would not).
Libertinus Serif is inside Typst's compiler, where its cmap cannot be read, so only the Noto fonts
count: a character only Libertinus has prints as a marker too (rare: Noto Sans has the letters of
every European language). Chinese, Japanese and Korean need Noto Sans CJK, 20 MB more: the `cjk`
extra (`pip install 'ipcli[cjk]'`) or Debian's fonts-noto-cjk, used when found at run time.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Final

# where Debian's fonts-noto-cjk puts Noto Sans CJK (used only when the extra is not installed)
DEBIAN_CJK: Final = Path("/usr/share/fonts/opentype/noto")
_CJK_FILE: Final = re.compile(r"NotoSansCJK.*\.tt[cf]$")

# families in the order Typst tries them after Libertinus Serif (the body font)
FAMILIES: Final = (
    "Libertinus Serif",
    "Noto Sans",
    "Noto Sans Symbols",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Armenian",
    "Noto Sans Georgian",
    "Noto Sans Ethiopic",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Gujarati",
    "Noto Sans Gurmukhi",
    "Noto Sans Kannada",
    "Noto Sans Malayalam",
    "Noto Sans Oriya",
    "Noto Sans Tamil",
    "Noto Sans Telugu",
    "Noto Sans Sinhala",
    "Noto Sans Thai",
    "Noto Sans Lao",
    "Noto Sans Khmer",
    "Noto Sans Myanmar",
    "Noto Sans CJK JP",
    "Noto Emoji",
)

# layout characters that are not glyphs: a line break, a tab
_LAYOUT: Final = frozenset("\t\n\r")


def marker(ch: str) -> str:
    """What the PDF prints instead of a character no font has (documented in the README)."""
    return f"[U+{ord(ch):04X}]"


def _never(cp: int) -> bool:
    """Characters PDF/A refuses whatever the font: controls, private use, surrogates and
    noncharacters (Typst: "the PDF contains the codepoint")."""
    return (
        cp < 0x20
        or 0x7F <= cp < 0xA0
        or 0xD800 <= cp <= 0xDFFF
        or 0xE000 <= cp <= 0xF8FF
        or cp >= 0xF0000
        or 0xFDD0 <= cp <= 0xFDEF
        or (cp & 0xFFFE) == 0xFFFE
    )


@dataclass(frozen=True)
class Coverage:
    """The code points of a set of fonts, as sorted, merged ranges (start, end inclusive)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    folders: tuple[str, ...]  # the font folders Typst is given

    def has(self, cp: int) -> bool:
        i = bisect.bisect_right(self.starts, cp) - 1
        return i >= 0 and cp <= self.ends[i] and not _never(cp)


def font_folders() -> list[Path]:
    """The folders of fonts the PDF uses besides Typst's own, those that are installed."""
    folders: list[Path] = []
    for package in ("manimgx_fonts", "manimgx_fonts_cjk"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            folders.append(Path(next(iter(spec.submodule_search_locations))))
    has_cjk = any(f.name == "manimgx_fonts_cjk" for f in folders)
    if not has_cjk and os.environ.get("IPCLI_NO_SYSTEM_CJK") is None and DEBIAN_CJK.is_dir():
        folders.append(DEBIAN_CJK)
    return folders


def _font_files(folder: Path) -> list[Path]:
    names = sorted(os.listdir(folder))
    if folder == DEBIAN_CJK:  # a system folder with other Noto fonts: only Noto Sans CJK counts
        names = [n for n in names if _CJK_FILE.search(n)]
    return [folder / n for n in names if n.lower().endswith((".ttf", ".otf", ".ttc", ".otc"))]


@functools.cache
def coverage() -> Coverage:
    """Every code point some PDF font has a glyph for (read once per process, a few ms)."""
    ranges: list[tuple[int, int]] = []
    folders = font_folders()
    debian_cjk = [f for f in folders if f == DEBIAN_CJK]
    for folder in folders:
        for file in _font_files(folder):
            try:
                ranges += _cmap_ranges(file)
            except (OSError, ValueError, struct.error):  # an unreadable font adds nothing
                continue
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    given = [str(f) for f in folders if f not in debian_cjk]
    given += [str(p) for f in debian_cjk for p in _font_files(f)[:1]]
    return Coverage(tuple(starts), tuple(ends), tuple(given))


def covered(ch: str) -> bool:
    """Whether the PDF can show this character (one code point)."""
    return ch in _LAYOUT or coverage().has(ord(ch))


# characters that need no look-up: ASCII letters and punctuation, Latin-1 and Latin Extended-A,
# all in Libertinus Serif (Norwegian, Danish and Sámi letters among them)
_SURE: Final = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u017f]*")


def may_hold_unprintable(source: str) -> bool:
    """Whether a file's text needs a closer look: a character outside the sure set, or a
    backslash (a double-quoted escape such as `\\a` or `\\U0001F60A`). One regex over the file,
    so lint of thousands of plans in Norwegian or Danish never walks their values for IP606."""
    if "\\" in source:
        return True
    if len(source.encode("latin-1", "ignore")) == len(source):  # a copy of bytes: microseconds
        # Latin-1 only: YAML's reader refuses raw C0 and C1 characters but for NEL and DEL
        return "\x85" in source or "\x7f" in source
    return _SURE.fullmatch(source) is None


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` the PDF cannot show, in order of first appearance."""
    if _SURE.fullmatch(text):
        return []
    found: dict[str, None] = {}
    for ch in text:
        if ch not in found and not covered(ch):
            found[ch] = None
    return list(found)


def printable(text: str) -> str:
    """`text` with every character the PDF cannot show replaced by its marker."""
    bad = unprintable(text)
    for ch in bad:
        text = text.replace(ch, marker(ch))
    return text


def _cmap_ranges(file: Path) -> list[tuple[int, int]]:
    """The code point ranges of a font file's Unicode cmap (the first face of a collection)."""
    with open(file, "rb") as f:
        head = f.read(12)
        base = 0
        if head[:4] == b"ttcf":
            f.seek(12)
            (base,) = struct.unpack(">I", f.read(4))
            f.seek(base)
            head = f.read(12)
        (count,) = struct.unpack(">H", head[4:6])
        records = f.read(16 * count)
        where = None
        for i in range(count):
            tag, _sum, offset, length = struct.unpack(">4sIII", records[16 * i : 16 * i + 16])
            if tag == b"cmap":
                where = (offset, length)
        if where is None:
            raise ValueError("no cmap")
        f.seek(where[0])
        cmap = f.read(where[1])
    (n,) = struct.unpack(">H", cmap[2:4])
    best: tuple[int, int] | None = None  # (rank, offset): format 12 before format 4
    for i in range(n):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        (fmt,) = struct.unpack(">H", cmap[offset : offset + 2])
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode and fmt in (4, 12):
            rank = 0 if fmt == 12 else 1
            if best is None or rank < best[0]:
                best = (rank, offset)
    if best is None:
        raise ValueError("no Unicode cmap")
    offset = best[1]
    if best[0] == 0:
        (groups,) = struct.unpack(">I", cmap[offset + 12 : offset + 16])
        out = []
        for g in range(groups):
            start, end, _glyph = struct.unpack(">III", cmap[offset + 16 + 12 * g : offset + 28 + 12 * g])
            out.append((start, end))
        return out
    (seg2,) = struct.unpack(">H", cmap[offset + 6 : offset + 8])
    ends = struct.unpack(f">{seg2 // 2}H", cmap[offset + 14 : offset + 14 + seg2])
    starts = struct.unpack(f">{seg2 // 2}H", cmap[offset + 16 + seg2 : offset + 16 + 2 * seg2])
    return [(s, e) for s, e in zip(starts, ends, strict=True) if s != 0xFFFF]

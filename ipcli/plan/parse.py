"""Read a plan file's bytes into plain data with YAML 1.2 meaning, keeping the node tree.

This is the read-only hot path: libyaml composes the node tree (with line and column marks) and
a small builder turns it into dicts, lists and scalars. Scalars are resolved by the YAML 1.2 core
schema, so `no` stays the text "no" and `2025-02-30` stays a string for the schema to judge:
the data never depends on which YAML library read it. Edits splice text at positions from the same
reader's events (ipcli.edits.splice).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ipcli.language.i18n import N_
from ipcli.plan.findings import said
from ipcli.plan.limits import Limits
from ipcli.plan.positions import line_col, node_at
from ipcli.plan.slips import MARKS, Slip, explain, nbsp_slips, wrapped

_PLAIN = "!plain"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
# Plain words a YAML 1.1 reader (PyYAML, many editors' tools) would turn into true/false.
YAML11_BOOLS = frozenset(
    {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
)
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# any of the six above, in one pattern
_NUMBER_LIKE = re.compile(
    r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_CONFLICT_RUNS = ("<" * 7, "=" * 7, ">" * 7, "|" * 7)


class ParseError(Exception):
    """The file cannot be read as a plan at all; carries where and a plain explanation (its
    message and hint are said() messages: ipcli.plan.findings.words makes them into words)."""

    def __init__(self, code: str, message: str, line: int = 1, col: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


@dataclass(frozen=True)
class Problem:
    """Something wrong that does not stop reading (a duplicate key)."""

    code: str
    message: str
    line: int
    col: int
    hint: str = ""


@dataclass
class Document:
    """A parsed plan file: the data, the node tree for positions, and what reading noticed."""

    data: Any
    root: yaml.Node
    problems: list[Problem] = field(default_factory=list)
    # (line, col, word) of plain scalars that YAML 1.1 tools would read as true/false
    yaml11_bools: list[tuple[int, int, str]] = field(default_factory=list)
    # (line, col) of tab characters (outside indentation, where they would not parse)
    tabs: list[tuple[int, int]] = field(default_factory=list)
    # line -> (codes, reason) of `# ip: ignore[CODE, ...] reason` comments
    ignores: dict[int, tuple[frozenset[str], str]] = field(default_factory=dict)
    # (line, 0-based column after the text, 1-based column of the #, the comment) where ` #word`
    # ends a line's text: a comment to YAML, perhaps meant as text (`med #1 ønske`)
    glued_comments: list[tuple[int, int, int, str]] = field(default_factory=list)
    # whether the text may hold a character the PDF has no glyph for (IP606 looks only then)
    wide: bool = True
    # whether a value may hold a national id number (IP501 walks the values only then)
    digits: bool = True
    # (line, col, the marks, the text inside) of plain values wholly inside typographic quote
    # marks (`“Per Olsen”`, `«aktiv»`): read as the text inside, as straight quotes would be
    # (the name is never printed with the marks); IP604 says to write straight ones or none
    typographic: list[tuple[int, int, str, str]] = field(default_factory=list)
    # non-breaking spaces where YAML needs a space (after a key's colon, in the indentation)
    nbsp: list[Slip] = field(default_factory=list)


class _Composer(yaml.CSafeLoader):
    """libyaml's composer with implicit resolution turned off: plain scalars get a marker tag."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # libyaml's composer calls these two around every node, for path resolvers, which this
    # reader has none of (PyYAML's own return at once then). A Python method call each cost
    # 12 % of composing a plan; these built-ins take the same arguments and do nothing at C speed.
    # (the stubs type them as methods returning None; the return value is never used)
    descend_resolver = slice  # type: ignore[assignment]  # (parent, index): a throwaway slice
    ascend_resolver = tuple  # type: ignore[assignment]  # (): the empty tuple


def decode(raw: bytes, limits: Limits) -> str:
    """Bytes to text, refusing what no editor would call a plan."""
    if len(raw) > limits.max_file_bytes:
        raise too_large(len(raw), limits)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in raw[:4096] and _utf16(raw)):
        raise ParseError("IP001", said("file.utf16"), hint=said("file.utf16.hint"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise ParseError("IP001", said("file.binary"), line, hint=said("file.binary.hint"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise ParseError("IP001", said("file.not_utf8"), line, col, hint=said("file.not_utf8.hint")) from None


# Lines as editors and the language server protocol count them: LF, CRLF and CR. libyaml also
# breaks lines at NEL, U+2028 and U+2029 (YAML 1.1), which an editor shows inside a line: a text
# pasted with one would put every finding after it a line too low.
_LINE_BREAK = re.compile("\r\n|[\r\n]")
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


class _EditorLines:
    """Moves libyaml's marks (line and column counted with NEL, U+2028 and U+2029 as breaks) to
    the lines and columns an editor shows, from their character offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def mark(self, mark: Any) -> Any:
        """The mark at the same offset, with the editor's line and column (libyaml's own marks
        cannot be changed)."""
        if mark is None:
            return None
        line = bisect.bisect_right(self.starts, mark.index) - 1
        return yaml.Mark(mark.name, mark.index, line, mark.index - self.starts[line], None, 0)

    def tree(self, root: yaml.Node) -> None:
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:  # an alias is the same node again
                continue
            seen.add(id(node))
            node.start_mark = self.mark(node.start_mark)
            node.end_mark = self.mark(node.end_mark)
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)


def _utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: text in Latin letters has a NUL byte in every other
    place (after each letter in little-endian, before it in big-endian)."""
    sample = raw[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return False
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) >= pairs * 0.4 and min(odd, even) <= pairs * 0.05


def too_large(size: int, limits: Limits) -> ParseError:
    """IP007: a file larger than a plan may be (refused before it is read, where possible)."""
    from ipcli.language.i18n import megabytes_apart

    size_mb, limit_mb = megabytes_apart(size, limits.max_file_bytes)
    return ParseError(
        "IP007",
        said("file.too_large", size_decimal=size_mb, limit_decimal=limit_mb),
        hint=said("file.too_large.hint"),
    )


def parse(raw: bytes, limits: Limits) -> Document:
    """Parse one plan file. Raises ParseError when the file cannot be used at all."""
    text = decode(raw, limits)
    # the text with every line ending in LF, for the helpers that count lines by LF: a file with CR
    # alone (old Mac) is numbered as YAML and editors number it (columns stay: breaks end the lines)
    lined = text if "\r" not in text else text.replace("\r\n", "\n").replace("\r", "\n")
    # the markers' runs of seven are looked for first, at the speed of a substring search: the
    # pattern anchored at every line's start cost 0.08 ms a plan
    conflict = _CONFLICT.search(lined) if any(m in lined for m in _CONFLICT_RUNS) else None
    if conflict:
        line = lined.count("\n", 0, conflict.start()) + 1
        raise ParseError("IP003", said("file.merge_conflict"), line, 1, hint=said("file.merge_conflict.hint"))
    if not text.strip() or _only_comments(text):
        raise ParseError("IP005", said("file.empty"), hint=said("file.empty.hint"))
    try:
        if len(text) > _COUNT_FIRST_FROM:
            _count_values(text, limits)
        root = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as e:
        if any(c in text for c in _YAML11_BREAKS):
            lines = _EditorLines(text)
            e.problem_mark = lines.mark(e.problem_mark)
            e.context_mark = lines.mark(e.context_mark)
        raise _syntax_error(e, limits, text) from None
    except yaml.reader.ReaderError as e:  # a character YAML does not allow (C0, C1, U+FFFE)
        # libyaml's position counts UTF-8 bytes; the first such character is the one it met
        at = text.find(chr(e.character)) if isinstance(e.character, int) else -1
        line, col = line_col(text, at) if at >= 0 else (1, 1)
        code = f"U+{e.character:04X}" if isinstance(e.character, int) else "?"
        raise ParseError(
            "IP001", said("file.bad_character", code=code), line, col, said("file.bad_character.hint")
        ) from None
    except yaml.YAMLError:  # pragma: no cover - libyaml gives marks for everything else
        raise ParseError("IP002", said("yaml.unreadable"), hint=said("yaml.cannot_read_here.hint")) from None
    if root is None:
        raise ParseError("IP005", said("file.empty"), hint=said("file.empty.hint"))
    if any(c in text for c in _YAML11_BREAKS):
        _EditorLines(text).tree(root)
    builder = _Builder(limits, text)
    data = builder.build(root, 0)
    if not isinstance(data, dict):
        what = N_("file.holds_a_list") if isinstance(data, list) else N_("file.holds_a_value")
        raise ParseError(
            "IP005",
            said(what),
            root.start_mark.line + 1,
            root.start_mark.column + 1,
            hint=said("file.not_a_plan.hint"),
        )
    from ipcli.language.glyphs import may_hold_unprintable
    from ipcli.language.nationalid import source_may_hold

    doc = Document(
        data,
        root,
        builder.problems,
        builder.yaml11_bools,
        _tabs(text),
        _ignores(text),
        _glued(lined),
        may_hold_unprintable(text),
    )
    doc.typographic = builder.typographic
    doc.nbsp = nbsp_slips(lined)
    doc.digits = source_may_hold(text)
    return doc


def _only_comments(text: str) -> bool:
    """Whether every line is blank or a comment. A plan's first lines say no: they are looked at
    first, so that a plan is not split into all its lines to find that out (a line cut off at the
    end of the start says the same as the whole line when it holds more than blanks)."""
    start = text[:2048]
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in start.splitlines()):
        return False
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


# Composing builds every node of the file at once (some 400 bytes of memory each). A plan of
# normal size cannot hold enough values to matter; a larger file is first read as a stream of
# events, which costs no memory, and refused before composing when it holds too many values.
_COUNT_FIRST_FROM = 256 * 1024
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)


def _count_values(text: str, limits: Limits) -> None:
    count = 0
    for event in yaml.parse(text, Loader=_Composer):
        if isinstance(event, _VALUE_EVENTS):
            count += 1
            if count > limits.max_nodes:
                mark = event.start_mark
                raise ParseError(
                    "IP007",
                    said("file.too_many_values", limit_count=limits.max_nodes),
                    mark.line + 1 if mark else 1,
                    mark.column + 1 if mark else 1,
                    hint=said("file.too_many_values.hint"),
                )


_IGNORE = re.compile(r"#\s*ip:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$")


def _ignores(text: str) -> dict[int, tuple[frozenset[str], str]]:
    if "ignore[" not in text:
        return {}
    out = {}
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        m = _IGNORE.search(line) if "ignore[" in line else None
        if m:
            codes = frozenset(c.strip().upper() for c in m.group(1).split(",") if c.strip())
            out[number] = (codes, m.group(2))
    return out


# text, one space, then a # with a word or number right after it, as in a sentence: `med #1 ønske`.
# An ordinary comment has a space after the # (`# ...`, `# ip: ignore[...]`) or is set apart.
_GLUED = re.compile(r" #[^\s#]")  # starts with a literal: re finds it at the speed of a search


def _glued(text: str) -> list[tuple[int, int, int, str]]:
    out = []
    for m in _GLUED.finditer(text):
        if m.start() == 0 or text[m.start() - 1].isspace():
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        if "#" in text[start : m.start()]:
            continue  # already inside a comment
        end = text.find("\n", m.end())
        comment = text[m.start() + 1 : len(text) if end < 0 else end].rstrip()
        line = text.count("\n", 0, start) + 1
        out.append((line, m.start() - start, m.start() + 2 - start, comment))
    return out


def _tabs(text: str) -> list[tuple[int, int]]:
    if "\t" not in text:
        return []
    return [
        (number, line.index("\t") + 1)
        for number, line in enumerate(_LINE_BREAK.split(text), 1)
        if "\t" in line
    ]


class _Builder:
    """Turns composed nodes into plain data, counting nodes so aliases cannot explode."""

    __slots__ = (
        "count",
        "limits",
        "lines",
        "max_depth",
        "max_nodes",
        "problems",
        "splits",
        "text",
        "typographic",
        "yaml11_bools",
    )

    def __init__(self, limits: Limits, text: str = "") -> None:
        self.limits = limits
        self.max_nodes = limits.max_nodes
        self.max_depth = limits.max_depth
        self.text = text
        self.lines: list[str] | None = None
        self.splits = 0
        self.count = 0
        self.problems: list[Problem] = []
        self.yaml11_bools: list[tuple[int, int, str]] = []
        self.typographic: list[tuple[int, int, str, str]] = []

    # C901: one dispatch over the three YAML node kinds, called for every node of every plan read;
    # the checks on each kind stay side by side, where the limits they share are seen.
    def build(self, node: yaml.Node, depth: int, in_list: bool = False) -> Any:  # noqa: C901
        self.count += 1
        if self.count > self.max_nodes:
            raise _at(
                node,
                "IP007",
                said("file.expands", limit_count=self.limits.max_nodes),
                said("file.expands.hint"),
            )
        if depth > self.max_depth:
            raise _at(
                node, "IP007", said("file.too_deep", depth=self.limits.max_depth), said("file.too_deep.hint")
            )
        cls = node.__class__
        if cls is yaml.ScalarNode:
            if node.tag == _PLAIN:
                return self._plain(node)
            if node.tag == _STR:
                if node.end_mark.line != node.start_mark.line and getattr(node, "style", None) in _QUOTES:
                    self._run_on(node)
                return node.value
            raise _tag_error(node)
        if cls is yaml.MappingNode:
            if node.tag != _MAP:
                raise _tag_error(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode:
                    raise _at(
                        key_node, "IP002", said("yaml.key_not_a_word"), said("yaml.key_not_a_word.hint")
                    )
                key = key_node.value
                if key == "<<" and key_node.tag == _PLAIN:
                    raise _at(key_node, "IP006", said("yaml.merge_key"), said("yaml.merge_key.hint"))
                if key in out:
                    if in_list and self._lost_dash(node, key_node, out):
                        return self._split(node, depth, out, key_node)
                    mark = key_node.start_mark
                    self.problems.append(_twice(key, mark))
                    continue
                # most values are plain text that reads as itself: taken here, counted as build
                # counts them, without a call of build and _plain for each (a fifth of reading)
                value = _ordinary(value_node)
                if value is not None and self.count < self.max_nodes and depth < self.max_depth:
                    self.count += 1
                    out[key] = value
                else:
                    out[key] = self.build(value_node, depth + 1)
            return out
        if cls is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise _tag_error(node)
            splits = self.splits
            items: list[Any] = []
            for item in node.value:
                value = _ordinary(item)
                if value is not None and self.count < self.max_nodes and depth < self.max_depth:
                    self.count += 1
                    items.append(value)
                else:
                    items.append(self.build(item, depth + 1, True))
            if self.splits != splits:  # an item that lost its `- ` was read as two or more
                items = [d for v in items for d in (v if v.__class__ is _Split else (v,))]
            return items
        raise _tag_error(node)  # pragma: no cover - compose yields only the three kinds

    @staticmethod
    def _lost_dash(node: yaml.Node, key_node: yaml.Node, seen: dict[str, Any]) -> bool:
        """A list item whose first key comes again, or two keys in a row again (`id`, `role`,
        `name` twice): the next item lost its `- `, rather than one key being written twice."""
        pairs = node.value
        i = next(n for n, (k, _v) in enumerate(pairs) if k is key_node)
        return key_node.value == pairs[0][0].value or (
            i + 1 < len(pairs) and getattr(pairs[i + 1][0], "value", None) in seen
        )

    def _split(self, node: yaml.Node, depth: int, out: dict[str, Any], at: yaml.Node) -> _Split:
        """The rest of a list item read as the items it holds, a new one starting where the
        first key comes again (at `at`, first); one IP008 for each lost `- `. Merging the keys,
        as a duplicate key would suggest, would delete an entry."""
        self.splits += 1
        maps = _Split([out])
        pairs = node.value
        i = next(n for n, (k, _v) in enumerate(pairs) if k is at)
        first = None
        for key_node, value_node in pairs[i:]:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _at(key_node, "IP002", said("yaml.key_not_a_word"))
            if key_node.value == "<<" and key_node.tag == _PLAIN:
                raise _at(key_node, "IP006", said("yaml.merge_key"), said("yaml.merge_key.hint_short"))
            key = key_node.value
            mark = key_node.start_mark
            if key in out:
                if first is None or key == first or self._lost_dash(node, key_node, out):
                    self.problems.append(
                        Problem(
                            "IP008",
                            said("yaml.starts_again", key=key),
                            mark.line + 1,
                            mark.column + 1,
                            said("yaml.starts_again.hint"),
                        )
                    )
                    out, first = {}, key
                    maps.append(out)
                else:
                    self.problems.append(_twice(key, mark))
                    continue
            out[key] = self.build(value_node, depth + 1)
        return maps

    def _run_on(self, node: yaml.Node) -> None:
        """A quoted text over several lines whose later lines look like keys: a quote that was
        not closed swallowed them (`name: "Per Olsen` ... until the next quote in the file)."""
        if self.lines is None:
            self.lines = _LINE_BREAK.split(self.text)
        line = _swallowed_line(self.lines, node.start_mark.line, node.end_mark.line)
        if line:
            mark = node.start_mark
            self.problems.append(
                Problem(
                    "IP604",
                    said("yaml.quote_runs_on", line=line),
                    mark.line + 1,
                    mark.column + 1,
                    said("yaml.close_the_quote"),
                )
            )

    def _plain(self, node: yaml.Node) -> Any:
        value: str = node.value
        if value in _NULLS:
            return None
        first = value[0]
        if first in MARKS:
            marks = wrapped(value)
            if marks is not None:  # `“Per Olsen”`: meant as quotes, read as quotes would be
                mark = node.start_mark
                self.typographic.append((mark.line + 1, mark.column + 1, "…".join(marks), value[1:-1]))
                return value[1:-1]
        if first in "tTfF":
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        if value in YAML11_BOOLS:
            self.yaml11_bools.append((node.start_mark.line + 1, node.start_mark.column + 1, value))
            return value
        if value[-1] == '"' and value.count('"') % 2:
            mark = node.end_mark
            self.problems.append(
                Problem(
                    "IP604",
                    said("yaml.stray_quote"),
                    mark.line + 1,
                    mark.column,
                    said("yaml.stray_quote.hint"),
                )
            )
        if first in "0123456789+-." and len(value) <= _MAX_NUMBER_CHARS:
            return _number(value)
        return value


# the first characters and the words with which a plain scalar may read as other than itself, or
# be noted (see _Builder._plain); a text with neither, and no `"` at its end, reads as itself
_SPECIAL_FIRST = frozenset(MARKS | set("tTfF0123456789+-."))
_SPECIAL_WORDS = _NULLS | YAML11_BOOLS


def _ordinary(node: yaml.Node) -> str | None:
    """The text of a plain scalar that _Builder._plain would return unchanged and note nothing
    about; None for any other node."""
    if node.__class__ is not yaml.ScalarNode or node.tag != _PLAIN:
        return None
    value: str = node.value
    if not value or value[0] in _SPECIAL_FIRST or value[-1] == '"' or value in _SPECIAL_WORDS:
        return None
    return value


def _number(value: str) -> Any:
    """A plain scalar that starts like a number, read as YAML 1.2's core schema reads it (the
    text itself when it is no number)."""
    if not _NUMBER_LIKE.match(value):  # a date (`2025-12-03`), most often: one match, not six
        return value
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


_QUOTES = frozenset({'"', "'"})
# a line that reads as a key of its own (`name: ...`, `- id: ...`), not as running text
_KEY_LINE = re.compile(r"\s*(?:- +)?[A-Za-z_][A-Za-z0-9_.-]*:(?:\s|$)")


class _Split(list[dict[str, Any]]):
    """One list item read as several, when `- ` was lost before some of them."""


def _swallowed_line(lines: list[str], first: int, last: int) -> int:
    """The first line (1-based) after line index `first`, up to `last`, that reads as a key."""
    for n in range(first + 1, min(last, len(lines) - 1) + 1):
        if _KEY_LINE.match(lines[n]):
            return n + 1
    return 0


# a number longer than this stays text (the schema then says what is wrong): Python refuses to
# convert numbers of more than 4,300 digits, and no plan needs more than a few
_MAX_NUMBER_CHARS = 100


def _twice(key: str, mark: yaml.Mark) -> Problem:
    """IP004: a key written twice in one group."""
    return Problem(
        "IP004", said("yaml.key_twice", key=key), mark.line + 1, mark.column + 1, said("yaml.key_twice.hint")
    )


def _at(node: yaml.Node, code: str, message: str, hint: str = "") -> ParseError:
    return ParseError(code, message, node.start_mark.line + 1, node.start_mark.column + 1, hint)


def _tag_error(node: yaml.Node) -> ParseError:
    tag = str(node.tag)
    shown = tag.replace("tag:yaml.org,2002:", "!!")[:60]
    return _at(node, "IP006", said("yaml.tag", tag=shown), said("yaml.tag.hint"))


def _syntax_error(e: yaml.MarkedYAMLError, limits: Limits, text: str = "") -> ParseError:
    """libyaml's syntax error in plan words (its own English never reaches a reader: the words
    and the slips behind them are ipcli.plan.slips's)."""
    problem = e.problem or ""
    mark = e.problem_mark or e.context_mark
    opened = _open_quote(text, mark.line if mark is not None else 0)
    if opened is not None:
        return opened
    if "maximum nesting depth" in problem:
        # PyYAML 6.0.4 and newer stop deep nesting in the scanner, before ipcli's own limit
        # (limits.max_depth) is reached: the same finding, in ipcli's words.
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return ParseError(
            "IP007", said("file.too_deep", depth=limits.max_depth), line, col, said("file.too_deep.hint")
        )
    if "expected '-' indicator" in problem and mark is not None and _lost_dash(text, mark.line):
        return ParseError(
            "IP008", said("yaml.missing_dash"), mark.line + 1, mark.column + 1, said("yaml.missing_dash.hint")
        )
    found = explain(problem, e.context or "", text, _mark(e.problem_mark), _mark(e.context_mark))
    return ParseError(found.code, found.message, found.line, found.col, found.hint)


def _mark(mark: yaml.Mark | None) -> tuple[int, int] | None:
    return (mark.line, mark.column) if mark is not None else None


def _lost_dash(text: str, index: int) -> bool:
    """Line `index` starts with the same key as the list item above it (`  id: per` under
    `  - id: kari`): the `- ` was lost, rather than the line being indented wrongly."""
    lines = _LINE_BREAK.split(text)
    if index >= len(lines):
        return False
    line = lines[index]
    indent = len(line) - len(line.lstrip(" "))
    key = line[indent:].split(":", 1)[0]
    for above in reversed(lines[:index]):
        stripped = above.lstrip(" ")
        if not stripped or stripped.startswith("#") or len(above) - len(stripped) > indent:
            continue
        if len(above) - len(stripped) < indent or not stripped.startswith("- "):
            return False
        return stripped[2:].lstrip(" ").split(":", 1)[0] == key
    return False


def _open_quote(text: str, error_line: int) -> ParseError | None:
    """A quote left open on an earlier line, which ran on to a later quote: the real cause of a
    syntax error further down (`name: "Per Olsen` on line 32 breaks the file at line 38)."""
    if not text or ('"' not in text and "'" not in text):
        return None
    lines = _LINE_BREAK.split(text)
    editor = _EditorLines(text) if any(c in text for c in _YAML11_BREAKS) else None
    try:
        for token in yaml.scan(text, Loader=_Composer):
            start, end = token.start_mark, token.end_mark
            if editor is not None:
                start, end = editor.mark(start), editor.mark(end)
            if start.line > error_line:
                break
            if (
                token.__class__ is yaml.ScalarToken
                and token.style in _QUOTES
                and end.line > start.line
                and _swallowed_line(lines, start.line, end.line)
            ):
                return ParseError(
                    "IP002",
                    said("yaml.quote_left_open", quote=token.style, line=start.line + 1),
                    start.line + 1,
                    start.column + 1,
                    said("yaml.close_the_quote"),
                )
    except yaml.YAMLError:
        pass
    return None


def written(root: yaml.Node, path: tuple[str | int, ...]) -> str | None:
    """The plain scalar at `path` as it is written in the file (`0755`, `-.inf`, `1e3`), not as
    the number it reads as (755, -inf, 1000.0); None when there is no plain scalar there."""
    node = node_at(root, path)
    return str(node.value) if isinstance(node, yaml.ScalarNode) and node.tag == _PLAIN else None

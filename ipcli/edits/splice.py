"""Splice new text into a plan file at positions taken from the parse, instead of writing the whole
document again: every line the change is not about stays byte for byte as it was.

The positions come from libyaml's event stream (the same reader `ipcli lint` uses), so every file
lint can read can be edited. New lines take their indentation and list style (compact `- ` at the
key's column, or indented) from the lines around them; a flow collection (`[a, b]`, `{k: v}`) gets
its new entry in flow style. The result is checked by the caller: it must read back to exactly the
data intended, or nothing is written.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml

from ipcli.errors import UserError
from ipcli.language.i18n import tr
from ipcli.plan.positions import line_col

Path_ = tuple[str | int, ...]


@dataclass(slots=True)  # one per node of the file: a large plan has hundreds of thousands
class Span:
    """Where a node is in the text: [start, end) character offsets, and what kind it is."""

    kind: str  # "map" | "seq" | "scalar" | "alias"
    start: int
    end: int
    col: int
    flow: bool = False
    style: str | None = None  # a scalar's style: None (plain), "'", '"', "|", ">"
    empty: bool = False  # a plain scalar with no text (`key:` and nothing)
    keys: list[Span] = field(default_factory=list)  # a mapping's keys, in order
    names: list[str] = field(default_factory=list)  # a mapping's key words, in order
    items: list[Span] = field(default_factory=list)  # a mapping's values, or a sequence's items


def spans(text: str) -> Span:
    """The position tree of a document that `ipcli.plan.parse` has already read."""
    from ipcli.plan.parse import _Composer

    stack: list[Span] = []
    pending_key: list[bool] = []
    root: Span | None = None

    def add(node: Span, name: str | None = None) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "map":
            if pending_key[-1]:
                parent.keys.append(node)
                parent.names.append(name if name is not None else "")
                pending_key[-1] = False
            else:
                parent.items.append(node)
                pending_key[-1] = True
        else:
            parent.items.append(node)

    for event in yaml.parse(text, Loader=_Composer):
        mark: Any = event.start_mark  # libyaml always gives marks
        end_mark: Any = event.end_mark
        if isinstance(event, yaml.ScalarEvent):
            end = end_mark.index
            style = event.style or None  # libyaml says "" for plain
            empty = style is None and event.value == "" and end == mark.index
            node = Span("scalar", mark.index, end, mark.column, style=style, empty=empty)
            add(node, event.value)
        elif isinstance(event, yaml.AliasEvent):
            add(Span("alias", mark.index, end_mark.index, mark.column))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            node = Span(kind, mark.index, mark.index, mark.column, flow=bool(event.flow_style))
            add(node)
            stack.append(node)
            pending_key.append(True)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node = stack.pop()
            pending_key.pop()
            node.end = end_mark.index
            if node.flow:
                continue
            if node.kind == "map" and node.keys:
                node.col = node.keys[0].col  # not an anchor or tag before the first key
            elif node.kind == "seq":
                dash = text.find("-", node.start)  # the first `- `, past an anchor or a tag
                node.col = dash - max(text.rfind(c, 0, dash) for c in _BREAKS) - 1
    assert root is not None
    return root


_BREAKS = "\r\n\x85\u2028\u2029"


class SpliceError(Exception):
    """The change cannot be made by adding lines to this file (the caller says so in plan words)."""


_F = TypeVar("_F", bound=Callable[..., Any])


def _refused(method: _F) -> _F:
    """A change the splicer cannot make in this file's layout is refused in plan words (a usage
    error, nothing written), never a crash: the positions come from the text and the data from
    the reader, and a file the reader mends as it reads can make them disagree."""

    @functools.wraps(method)
    def wrapper(self: Splicer, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (SpliceError, IndexError, KeyError, ValueError):
            raise UserError(tr("edit.cannot_splice", shown=self.shown), tr("edit.in_an_editor")) from None

    return wrapper  # type: ignore[return-value]


class Splicer:
    """Collects changes to one file as (position, replaced length, new text), and the data the
    file must read as afterwards."""

    def __init__(self, text: str, data: dict[str, Any], shown: str = "") -> None:
        self.text = text
        self.shown = shown  # the file's name as the user sees it, for a refusal
        self.root = spans(text)
        self.intended = copy.deepcopy(data)
        self._ops: list[tuple[int, int, int, str]] = []
        # the file's own line ends (CRLF, LF, or CR alone as old Mac files have), the most used
        crlf = text.count("\r\n")
        lf, cr = text.count("\n") - crlf, text.count("\r") - crlf
        self.newline = "\r\n" if crlf and crlf >= max(lf, cr) else "\r" if cr > lf else "\n"

    # ---- finding things -------------------------------------------------------------------
    def node(self, path: Path_) -> Span:
        node = self.root
        for step in path:
            if node.kind == "alias":
                self._alias(node, path)
            if isinstance(step, str):
                if node.kind != "map" or step not in node.names:
                    raise SpliceError(f"no {step} at {path}")
                node = node.items[node.names.index(step)]
            else:
                if node.kind != "seq" or not 0 <= step < len(node.items):
                    raise SpliceError(f"no item {step} at {path}")
                node = node.items[step]
        if node.kind == "alias":
            self._alias(node, path)
        return node

    def _alias(self, node: Span, path: Path_) -> None:
        """A part written as an alias (`*name`) is another part's copy: adding to it would add
        to both, so the change is refused with the place and the word to write out."""
        line, col = line_col(self.text, node.start)
        name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        alias = self.text[node.start : node.end]
        raise UserError(
            tr("edit.alias", place=f"{self.shown}:{line}:{col}", name=name, alias=alias),
            tr("edit.alias.hint"),
        )

    def _data(self, path: Path_) -> Any:
        here: Any = self.intended
        for step in path:
            here = here[step]
        return here

    # ---- the changes ----------------------------------------------------------------------
    @_refused
    def set(self, path: Path_, value: Any) -> None:
        """Give an existing key a new scalar value (a date, a status), on its own line."""
        parent, key = path[:-1], path[-1]
        mapping = self.node(parent)
        assert isinstance(key, str)
        node = self.node(path)
        text = self._scalar(value, flow=mapping.flow)
        if node.empty:
            key_node = mapping.keys[mapping.names.index(key)]
            colon = self.text.index(":", key_node.end)
            self._op(colon + 1, 0, " " + text)
        else:
            self._op(node.start, self._content_end(node) - node.start, text)
        self._data(parent)[key] = value

    @_refused
    def add_key(self, path: Path_, key: str, value: Any, before: tuple[str, ...] = ()) -> None:
        """Add `key: value` to the mapping at `path`: before the first of `before` it has (not
        before its first key, which may share a line with a `- `), else at its end."""
        mapping = self.node(path)
        if mapping.kind != "map":
            raise SpliceError("not a mapping")
        target = self._data(path)
        if key in target:
            if target[key] is None or target[key] == [] or target[key] == {}:
                return self._fill(path, key, value)
            raise SpliceError(f"{key} is already there")
        target[key] = value
        if mapping.flow:
            return self._flow_add(mapping, f"{self._scalar(key, flow=True)}: {self._flow(value)}")
        index = len(mapping.names)
        for name in before:
            if name in mapping.names and mapping.names.index(name) > 0:
                index = mapping.names.index(name)
                break
        last = max(self._content_end(mapping.keys[index - 1]), self._content_end(mapping.items[index - 1]))
        at = self._after(last, mapping.col)
        lines = self._entry(key, value, mapping.col, at)
        self._insert_lines(at, lines)

    @_refused
    def append(self, path: Path_, value: Any) -> None:
        """Add an item at the end of the sequence at `path`."""
        seq = self.node(path)
        if seq.kind != "seq":
            raise SpliceError("not a list")
        self._data(path).append(value)
        if seq.flow:
            return self._flow_add(seq, self._flow(value))
        last = self._content_end(seq.items[-1])
        at = self._after(last, seq.col)
        offset = self._item_offset(seq, at)
        self._insert_lines(at, self._item(value, seq.col, offset, at))

    def forget_positions(self) -> None:
        """Let go of the position tree (as large as the data): for when every change has been
        collected and only result() is still to come."""
        self.root = Span("map", 0, 0, 0)

    @_refused
    def result(self) -> str:
        out = []
        pos = 0
        for start, length, _, new in sorted(self._ops):
            if start < pos:
                raise SpliceError("overlapping changes")
            out.append(self.text[pos:start])
            out.append(new)
            pos = start + length
        out.append(self.text[pos:])
        return "".join(out)

    # ---- where ----------------------------------------------------------------------------
    def _op(self, start: int, length: int, new: str) -> None:
        self._ops.append((start, length, len(self._ops), new))

    def _content_end(self, node: Span) -> int:
        """The offset just after the last character that belongs to the node."""
        if node.kind in ("map", "seq") and not node.flow:
            ends = [self._content_end(n) for n in (*node.keys, *node.items)]
            return max([node.start, *ends])
        if node.kind == "scalar" and node.style in ("|", ">"):
            header = re.split("[" + _BREAKS + "]", self.text[node.start : node.end], maxsplit=1)[0]
            if "+" in header.split("#", 1)[0]:
                return node.end  # kept trailing line breaks are part of the text
        end = node.end
        while end > node.start and self.text[end - 1] in " \t" + _BREAKS:
            end -= 1
        return end

    def _line_end(self, at: int) -> int:
        """The offset after the line break that ends the line holding `at` (or the text's end)."""
        m = re.compile(r"\r\n|[" + _BREAKS + "]").search(self.text, at)
        return m.end() if m else len(self.text)

    def _after(self, content_end: int, col: int) -> int:
        """Where new lines go after content ending at `content_end`: at the start of the next
        line, past comment lines indented deeper than `col` that still belong to it."""
        if content_end > 0 and self.text[content_end - 1] in _BREAKS:
            at = content_end  # a kept block scalar ends at a line start already
        else:
            at = self._line_end(content_end)
        while at < len(self.text):
            line = self.text[at : self._line_end(at)]
            stripped = line.lstrip(" ")
            if stripped.startswith("#") and len(line) - len(stripped) > col:
                at += len(line)
                continue
            break
        return at

    def _insert_lines(self, at: int, lines: list[str]) -> None:
        newline = self._newline_at(at)
        block = newline.join(lines)
        if at == len(self.text) and self.text and self.text[-1] not in _BREAKS:
            self._op(at, 0, newline + block)  # the file ends without a line break: keep it so
        else:
            self._op(at, 0, block + newline)

    def _newline_at(self, at: int) -> str:
        """The line end of the line before `at` (a file may mix them), else the file's own."""
        before = max(self.text.rfind("\n", 0, at), self.text.rfind("\r", 0, at))
        if before < 0:
            return self.newline
        if self.text[before] == "\n":
            return "\r\n" if before > 0 and self.text[before - 1] == "\r" else "\n"
        return "\r\n" if self.text[before + 1 : before + 2] == "\n" else "\r"

    # ---- style taken from the file --------------------------------------------------------
    def _styles(self) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
        """(offset, mapping step) of nested block mappings and (offset, dash indent, item
        offset) of block lists under a key, in the whole file."""
        maps: list[tuple[int, int]] = []
        seqs: list[tuple[int, int, int]] = []

        def walk(node: Span) -> None:
            if node.kind == "map" and not node.flow:
                for key, value in zip(node.keys, node.items, strict=False):
                    if value.kind == "map" and not value.flow and value.col > key.col:
                        maps.append((value.start, value.col - key.col))
                    if value.kind == "seq" and not value.flow:
                        first = value.items[0]
                        if first.kind == "map" and not first.flow and first.col > value.col:
                            seqs.append((value.start, value.col - key.col, first.col - value.col))
            if node.kind == "seq" and not node.flow:
                for item in node.items:
                    if item.kind == "map" and not item.flow and item.col > node.col:
                        seqs.append((node.start, -1, item.col - node.col))
            for child in (*node.items,):
                walk(child)

        walk(self.root)
        return maps, seqs

    def _step(self, at: int) -> int:
        maps, _ = self._styles()
        if not maps:
            return 2
        return min(maps, key=lambda m: abs(m[0] - at))[1]

    def _seq_style(self, at: int) -> tuple[int, int]:
        """(dash indent under its key, item offset) of the list nearest to `at`."""
        _, seqs = self._styles()
        under_key = [s for s in seqs if s[1] >= 0]
        if not under_key:
            return 2, 2
        near = min(under_key, key=lambda s: abs(s[0] - at))
        return near[1], near[2]

    def _item_offset(self, seq: Span, at: int) -> int:
        for item in seq.items:
            if item.kind == "map" and not item.flow and item.col > seq.col:
                return item.col - seq.col
        return self._seq_style(at)[1]

    # ---- writing values -------------------------------------------------------------------
    def _entry(self, key: str, value: Any, col: int, at: int) -> list[str]:
        pad = " " * col
        name = self._scalar(key)
        if isinstance(value, dict) and value:
            step = self._step(at)
            lines = [f"{pad}{name}:"]
            for k, v in value.items():
                lines += self._entry(k, v, col + step, at)
            return lines
        if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
            indent, offset = self._seq_style(at)
            lines = [f"{pad}{name}:"]
            for item in value:
                lines += self._item(item, col + indent, offset, at)
            return lines
        return [f"{pad}{name}: {self._flow(value)}"]

    def _item(self, value: Any, dash_col: int, offset: int, at: int) -> list[str]:
        lead = " " * dash_col + "-" + " " * (offset - 1)
        if isinstance(value, dict) and value:
            lines: list[str] = []
            for k, v in value.items():
                lines += self._entry(k, v, dash_col + offset, at)
            return [lead + lines[0][dash_col + offset :], *lines[1:]]
        return [lead + self._flow(value)]

    def _flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return (
                "{" + ", ".join(f"{self._scalar(k, True)}: {self._flow(v)}" for k, v in value.items()) + "}"
            )
        if isinstance(value, list):
            return "[" + ", ".join(self._flow(v) for v in value) + "]"
        return self._scalar(value, flow=True)

    @staticmethod
    def _scalar(value: Any, flow: bool = True) -> str:
        if value is None:
            return "null"
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        text = str(value)
        return text if _plain_ok(text) else json.dumps(text, ensure_ascii=False)

    def _flow_add(self, node: Span, entry: str) -> None:
        children = [*node.keys, *node.items]
        if children:
            last = max(self._content_end(n) for n in children)
            self._op(last, 0, ", " + entry)
        else:
            self._op(node.end - 1, 0, entry)  # inside `[]` or `{}`

    def _fill(self, path: Path_, key: str, value: Any) -> None:
        """A key that is there with nothing (`evaluations:`, `evaluations: []`) gets its value."""
        mapping = self.node(path)
        index = mapping.names.index(key)
        key_node, node = mapping.keys[index], mapping.items[index]
        self._data(path)[key] = value
        if mapping.flow:
            self._op(node.start, node.end - node.start if not node.empty else 0, self._flow(value))
            return
        lines = self._entry(key, value, mapping.col, node.start)
        colon = self.text.index(":", key_node.end)
        if len(lines) == 1:  # a flow value: on the key's line
            replaced = 0 if node.empty else node.end - colon - 1
            self._op(colon + 1, replaced, lines[0][lines[0].index(":") + 1 :])
            return
        if not node.empty:  # `key: []` becomes `key:`, the rest of the line (a comment) kept
            self._op(colon + 1, node.end - colon - 1, "")
        self._insert_lines(self._line_end(colon), lines[1:])


_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def _plain_ok(text: str) -> bool:
    """Can `text` be written without quotes and read back as the same text by ipcli and by YAML
    1.1 tools? Conservative: anything doubtful is quoted."""
    from ipcli.plan.limits import Limits
    from ipcli.plan.parse import YAML11_BOOLS, _Builder

    if not text or text != text.strip() or not _PLAIN_START.match(text):
        return False
    if any(c in text for c in ",[]{}#\"'\\") or ": " in text or text.endswith(":"):
        return False
    if any(ord(c) < 32 or c in "\x7f\x85\u2028\u2029\ufeff" for c in text):
        return False
    if text in YAML11_BOOLS:
        return False
    node = yaml.ScalarNode("!plain", text)
    return bool(_Builder(Limits()).build(node, 0) == text)

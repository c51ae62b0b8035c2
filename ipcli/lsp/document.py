"""One plan open in the editor: its text analysed by the same loader and rules as `ipcli lint`,
and the YAML nodes by position, so findings get exact ranges and the cursor a meaning.

Positions here are 0-based lines and columns in code points; `features` turns them into the
client's units with pygls's PositionCodec.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ipcli.checks.analysis import analyse_loaded
from ipcli.checks.load import LoadedPlan, load_bytes
from ipcli.checks.results import FileResult
from ipcli.checks.rules import findings_for
from ipcli.checks.rules.deadlines import future_in
from ipcli.config import Config
from ipcli.plan.findings import Finding

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A scalar in the file: where it is, what it says, and its path in the data."""

    line: int
    col: int
    end_line: int
    end_col: int
    path: Path_
    value: str
    is_key: bool

    def contains(self, line: int, col: int) -> bool:
        return (self.line, self.col) <= (line, col) <= (self.end_line, self.end_col)


@dataclass
class Nodes:
    """Every scalar and collection of a composed document, by position."""

    spans: list[Span] = field(default_factory=list)
    # (line, col) -> (end line, end col, is a scalar) of every node starting there
    starts: dict[tuple[int, int], tuple[int, int, bool]] = field(default_factory=dict)
    root: yaml.Node | None = None
    _order: list[Span] = field(default_factory=list)
    _starts: list[tuple[int, int]] | None = None

    @classmethod
    def of(cls, root: yaml.Node) -> Nodes:
        nodes = cls(root=root)
        nodes._walk(root, (), set())
        return nodes

    def _walk(self, node: yaml.Node, path: Path_, seen: set[int]) -> None:
        if id(node) in seen:  # an alias: its nodes are already walked (and would repeat)
            return
        seen.add(id(node))
        start, end = node.start_mark, node.end_mark
        scalar = isinstance(node, yaml.ScalarNode)
        self.starts.setdefault((start.line, start.column), (end.line, end.column, scalar))
        if scalar:
            self.spans.append(Span(start.line, start.column, end.line, end.column, path, node.value, False))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    k = key.start_mark, key.end_mark
                    self.starts.setdefault((k[0].line, k[0].column), (k[1].line, k[1].column, True))
                    self.spans.append(
                        Span(
                            k[0].line,
                            k[0].column,
                            k[1].line,
                            k[1].column,
                            (*path, key.value),
                            key.value,
                            True,
                        )
                    )
                    self._walk(value, (*path, key.value), seen)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i), seen)

    def at(self, line: int, col: int) -> Span | None:
        """The scalar under the cursor (scalars do not nest): the last one starting at or before
        it, found by bisection (a hover or a hint per line must not walk the whole plan)."""
        if self._starts is None:
            self._order = sorted(self.spans, key=lambda s: (s.line, s.col))
            self._starts = [(s.line, s.col) for s in self._order]
        i = bisect.bisect_right(self._starts, (line, col)) - 1
        found = None
        # a few back, for a scalar that touches the next (an empty value): the first wins, as
        # in the file's order; scalars do not overlap otherwise
        for span in reversed(self._order[max(0, i - 3) : i + 1]):
            if span.contains(line, col):
                found = span
        return found

    def extent(self, node: yaml.Node) -> tuple[int, int, int, int] | None:
        """0-based (line, column, end line, end column) from the first to the last scalar inside
        the node's own text (parts only named here by an alias do not count), as
        ipcli.plan.positions.extent gives it, in the depth of the tree (see _edge)."""
        lo, hi = node.start_mark.index, node.end_mark.index
        first, last = _edge(node, lo, hi, False, set()), _edge(node, lo, hi, True, set())
        return None if first is None or last is None else (*first, *last)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _edge(node: yaml.Node, lo: int, hi: int, last: bool, above: set[int]) -> tuple[int, int] | None:
    """The start of the first (or the end of the last) scalar inside [lo, hi] of the node's text,
    going down the first (last) children only: children are in the file's order, so this costs
    the depth of the tree, not its size. A child written elsewhere (an alias) is passed over."""
    if isinstance(node, yaml.ScalarNode):
        s, e = node.start_mark, node.end_mark
        if lo <= s.index and e.index <= hi:
            return (e.line, e.column) if last else (s.line, s.column)
        return None
    if id(node) in above:  # a recursive alias
        return None
    above.add(id(node))
    try:
        kids = _children(node)
        # each child within its parent's own text: one written elsewhere (an alias) is passed
        # over, and its own text is counted where it stands
        lo, hi = max(lo, node.start_mark.index), min(hi, node.end_mark.index)
        for kid in reversed(kids) if last else kids:
            if lo <= kid.start_mark.index and kid.end_mark.index <= hi:
                got = _edge(kid, lo, hi, last, above)
                if got is not None:
                    return got
        return None
    finally:
        above.discard(id(node))


@dataclass
class OpenPlan:
    """A plan file as the editor has it now."""

    uri: str
    file: Path
    rel: str  # the name findings use: the path from the repository's root
    text: str
    lines: list[str]
    loaded: LoadedPlan
    result: FileResult
    nodes: Nodes | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def plan(self) -> Any:
        # a plan with a slip in it keeps its outline, hovers and hints: the forgiving reading
        return self.loaded.plan or self.loaded.lenient

    @property
    def language(self) -> str:
        data = self.loaded.data
        lang = data.get("language") if isinstance(data, dict) else None
        return lang if lang in ("nb", "nn", "da", "en") else "en"

    def line_end(self, line: int) -> int:
        """The column after the last character of a line that is not a space."""
        return len(self.lines[line].rstrip()) if 0 <= line < len(self.lines) else 0

    def range_of(self, f: Finding) -> tuple[int, int, int, int]:
        """The exact range of a finding: the scalar that starts where it points, or a group's
        first line, else the rest of the line (a syntax error, a tab, a comment)."""
        line, col = f.line - 1, f.col - 1
        found = self.nodes.starts.get((line, col)) if self.nodes is not None else None
        if found is not None:
            end_line, end_col, scalar = found
            if (scalar or end_line == line) and (end_line, end_col) > (line, col):
                return line, col, end_line, end_col
        end = self.line_end(line)
        if end > col:
            return line, col, line, end
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        start = len(text) - len(text.lstrip())
        return (line, start, line, end) if end > start else (line, col, line, col + 1)


def analyse(uri: str, file: Path, rel: str, text: str, config: Config) -> OpenPlan:
    """Load and check the editor's text with every per-file rule (not yet across plans)."""
    loaded = LoadedPlan(file, rel)
    load_bytes(text.encode("utf-8", "surrogatepass"), loaded, config.limits)
    result = analyse_loaded(loaded, config)
    nodes = Nodes.of(loaded.document.root) if loaded.document is not None else None
    return OpenPlan(uri, file, rel, text, split_lines(text), loaded, result, nodes)


def split_lines(text: str) -> list[str]:
    """Lines as the protocol counts them (by \\n, \\r\\n and \\r)."""
    return _LINES.split(text)


_LINES = re.compile(r"\r\n|\r|\n")  # the protocol's line ends (editors count lines by these)


def finish(doc: OpenPlan, config: Config, today: dt.date, across: list[Finding]) -> None:
    """The findings as `ipcli lint` gives them: with deadlines as of today, the checks across
    plans, and the repository's policy (severities, rules switched off, ignore comments)."""
    future = doc.result.future
    if future and future[0][0] >= today.toordinal():  # a record dated after today (IP312)
        across = across + future_in(doc.loaded, today)
    doc.findings = findings_for(doc.result, doc.rel, config, today, across, lang=doc.language)
    doc.findings.sort(key=lambda f: (f.line, f.col, f.code))

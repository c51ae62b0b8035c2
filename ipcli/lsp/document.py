"""One plan open in the editor: its text analysed by the same loader and rules as `ipcli lint`,
and the YAML nodes by position, so findings get exact ranges and the cursor a meaning.

Positions here are 0-based lines and columns in code points; `features` turns them into the
client's units with pygls's PositionCodec.
"""

from __future__ import annotations

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

    @classmethod
    def of(cls, root: yaml.Node) -> Nodes:
        nodes = cls()
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
        """The scalar under the cursor (the innermost: scalars do not nest)."""
        for span in self.spans:
            if span.contains(line, col):
                return span
        return None


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

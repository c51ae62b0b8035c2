"""Read on after a YAML syntax error, so that one run shows every slip of a file.

libyaml stops at the first thing it cannot read. A plan written by hand often has several slips
(a Tab here, a colon missing there, a quote left open further down), and a reader who is told
only the first one needs as many rounds as there are slips. Here the line the error names (and
the lines indented under it, which belong to it) are blanked and the text is read again, until
it reads or a bound is reached: every error on the way is one finding at its own line, and the
document that finally reads is the file with those lines left out. Blanking keeps every other
line and column where it was, so every position read afterwards is the file's own.

What was blanked is remembered, with the entry of the plan it lay in, so that what is missing
only because of it ("no name" when the name's line had a Tab) is not reported as a slip of its
own (ipcli.checks.load).

Only a file that does not read pays for this: each round is one more reading of the file, and
there are at most MAX_ROUNDS of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ipcli.plan.findings import unsaid
from ipcli.plan.limits import Limits
from ipcli.plan.parse import Document, ParseError, decode, parse

Path_ = tuple[str | int, ...]
# the syntax errors bound to a place in the text: blanking that place can let the rest be read.
# Not a file that is no text, too large, empty, a merge conflict or a list instead of a plan
# (IP001, IP003, IP005, IP007): nothing of those reads better without one line.
RECOVERABLE = frozenset({"IP002", "IP006", "IP008"})
# at most this many slips in one file are read past (each costs one reading of the file): a file
# with more is hardly a plan, and the reader has enough to do with the first ones
MAX_ROUNDS = 40
_LARGE = 256 * 1024
# an error right under a blanked line, on a line indented under it, that only says the
# indentation does not fit: the blanked line's own child, not a slip of its own
_ORPHAN_WORDS = frozenset({"yaml.indent", "yaml.dash_here", "yaml.no_value", "yaml.unreadable_here"})
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# the key a line holds (`key:`, `- key:`), or would hold but for its colon (`key value`)
_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)(?:[ \t]*:|[ \t])")


@dataclass
class Blanked:
    """Lines left out (1-based, first to last) and the key the first of them held, if any."""

    first: int
    last: int
    key: str | None
    indent: int | None  # the depth the first line was meant at (ipcli.plan.recover.guess_indent)


@dataclass
class Recovered:
    """Every syntax error met, and the document read with their lines left out (None when even
    that does not read within the bound)."""

    errors: list[ParseError]
    document: Document | None = None
    blanked: list[Blanked] = field(default_factory=list)


def recover(raw: bytes, first: ParseError, limits: Limits) -> Recovered:
    """Read `raw` again and again past its syntax errors, `first` being the one already met."""
    found = Recovered([first])
    if first.code not in RECOVERABLE:
        return found
    try:
        text = decode(raw, limits)
    except ParseError:  # pragma: no cover - parse decoded it before it met `first`
        return found
    lines = _LINES.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    original = list(lines)
    error = first
    previous: Blanked | None = None
    # a large file (there are limits to its size) is read past fewer slips: each round reads it all
    rounds = MAX_ROUNDS if len(text) < _LARGE else MAX_ROUNDS // 8
    for _ in range(rounds):
        orphan = previous is not None and _orphan(lines, original, previous, error)
        if orphan:  # part of the block above: left out with it, not a slip of its own
            found.errors.pop()
        # a list item that lost its `- `: the keys under its first line are the item's own
        block = _block(lines, error.line - 1, unsaid(error.message)[0] == "yaml.missing_dash")
        if block is None:
            break
        if unsaid(error.message)[0] == "yaml.two_documents":  # another plan follows: not this one's
            block = (block[0], len(lines) - 1)
        start, end = block
        key_match = _KEY.match(lines[start])
        if orphan and previous is not None:
            previous.last = end + 1
            here = previous
        else:
            key = key_match.group(1) if key_match else None
            here = Blanked(start + 1, end + 1, key, guess_indent(original, start))
            found.blanked.append(here)
        for n in range(start, end + 1):
            lines[n] = _ending(lines[n])
        previous = here
        try:
            found.document = parse("".join(lines).encode("utf-8"), limits)
            return found
        except ParseError as e:
            if e.code not in RECOVERABLE:
                break
            found.errors.append(e)
            error = e
    return found


def _ending(line: str) -> str:
    """Only the line break of a line (its text blanked)."""
    return line[len(line.rstrip("\r\n")) :]


def _indent(line: str) -> int | None:
    """The indentation in spaces; None when a Tab or another space stands in it (its depth
    cannot be told)."""
    body = line.lstrip(" ")
    if body[:1].isspace() and body.strip():
        return None
    return len(line) - len(body)


def _empty(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _block(lines: list[str], index: int, item: bool = False) -> tuple[int, int] | None:
    """The 0-based first and last line to blank for an error on line `index`: the line (or the
    nearest one above it that is not yet blank: libyaml may name the end of the file) and the
    lines indented under it. None when nothing is left to blank."""
    index = min(index, len(lines) - 1)
    while index >= 0 and _empty(lines[index]):
        index -= 1
    if index < 0:
        return None
    indent = _indent(lines[index])
    opens = item or _opens(lines[index])
    end = index
    if indent is not None:
        n = index + 1
        while n < len(lines):
            if not _empty(lines[n]):
                deeper = _indent(lines[n])
                if deeper is not None and deeper <= indent:
                    break
                # under a line that holds its value, only the text it runs on with: a key below
                # it is a line of its own (`title: x` indented one too little, `reason:` under it)
                if not opens and _KEY_COLON.match(lines[n]):
                    break
                end = n
            n += 1
    return index, end


_KEY_COLON = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*:(?:\s|$)")
_OPENER = re.compile(r"(?:.*:|-|(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*|.*:[ \t]*[|>][-+0-9]*)\Z")


def _opens(line: str) -> bool:
    """The line opens a group, a list or a block of text that the lines under it belong to:
    `key:`, `- `, `key: |`, or a lone word (a key that lost its colon)."""
    text = line.split(" #", 1)[0].strip()
    return bool(_OPENER.match(text))


def _orphan(lines: list[str], original: list[str], above: Blanked, error: ParseError) -> bool:
    """The error is on the first line after a blanked block, indented deeper than the line the
    block began with (or that line's depth could not be told), and says only that the
    indentation does not fit: a line that belonged to the blanked one."""
    if unsaid(error.message)[0] not in _ORPHAN_WORDS:
        return False
    n = above.last  # 0-based: the line after the block
    while n < len(lines) and _empty(lines[n]):
        n += 1
    if n != error.line - 1 or n >= len(lines):
        return False
    began, here = _indent(original[above.first - 1]), _indent(lines[n])
    return began is None or here is None or here > began


def guess_indent(lines: list[str], index: int) -> int | None:
    """The depth line `index` (0-based) was meant at: its own indentation, or, where a Tab stands
    in it, that of the line above (one deeper when that line opens a group with `key:`)."""
    own = _indent(lines[index])
    if own is not None:
        return own
    for above in reversed(lines[:index]):
        if _empty(above):
            continue
        depth = _indent(above)
        if depth is None:
            continue
        return depth + 1 if above.split("#", 1)[0].rstrip().endswith(":") else depth
    return 0


def holder(root: yaml.Node, line: int, indent: int | None) -> tuple[Path_, yaml.Node]:
    """The path of the innermost entry of the plan that a line of the file (0-based) at this
    indentation lies in, and its node: where a line blanked there belonged."""
    node: yaml.Node = root
    path: Path_ = ()
    depth = indent if indent is not None else 1 << 30
    while True:
        if isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value if k.start_mark.line <= line]
            if not pairs:
                return path, node
            key, value = pairs[-1]
            if depth <= key.start_mark.column or not isinstance(key.value, str):
                return path, node
            if isinstance(value, yaml.ScalarNode):  # a key whose lines under it were blanked
                return ((*path, key.value), value) if value.value == "" else (path, node)
            path, node = (*path, key.value), value
        elif isinstance(node, yaml.SequenceNode):
            items = [(i, v) for i, v in enumerate(node.value) if v.start_mark.line <= line]
            if not items:
                return path, node
            i, item = items[-1]
            # deeper than the item's `- ` (at its column less two): meant for the item, even if
            # not indented as deep as its keys
            if depth <= item.start_mark.column - 2:
                return path, node
            path, node = (*path, i), item
        else:
            return path, node
